//! Outgoing email, delivered to a folder: each message is one `.eml` file
//! (RFC 5322 text, CRLF line endings) in `MAIL_OUTBOX_DIR`, ready for a
//! mail relay, a test or a person to pick up.
//!
//! Each file is written under a temporary dot-name, flushed to disk, then
//! renamed to its final `.eml` name: a rename within a folder is atomic, so
//! a reader sees a whole message or none, never half of one.

use std::{
    fmt::Write as _,
    fs,
    io::{self, Write as _},
    path::{Path, PathBuf},
    sync::Arc,
};

use actix_web::{error::BlockingError, web};

use crate::{clock, domain::Email};

/// The sender of every message. `.invalid` is reserved (RFC 2606): this
/// address can never receive mail, so nobody replies to a reset email.
const FROM: &str = "Q2 Auth <no-reply@q2-auth.invalid>";

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("cannot create the mail outbox `{}`", path.display())]
    Create {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write a message into `{}`", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("no randomness for a message id")]
    Random(#[from] getrandom::Error),
    #[error("mail task did not complete")]
    Blocking(#[from] BlockingError),
}

/// One message to send. Plain text, UTF-8.
#[derive(Clone)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    pub body: String,
}

// The body of a reset email holds a live reset token: never print it.
impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingEmail")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// The folder messages are delivered to; cheap to clone.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: Arc<Path>,
}

impl Outbox {
    /// Creates the folder (and its parents) when missing.
    pub fn open(dir: &Path) -> Result<Self, OutboxError> {
        fs::create_dir_all(dir).map_err(|source| OutboxError::Create {
            path: dir.to_owned(),
            source,
        })?;
        Ok(Self { dir: dir.into() })
    }

    /// Writes `email` as a new file; returns its path.
    pub async fn send(&self, email: OutgoingEmail) -> Result<PathBuf, OutboxError> {
        let dir = Arc::clone(&self.dir);
        web::block(move || deliver(&dir, &email, clock::unix_now())).await?
    }
}

fn deliver(dir: &Path, email: &OutgoingEmail, now: i64) -> Result<PathBuf, OutboxError> {
    let mut id = [0u8; 8];
    getrandom::fill(&mut id)?;
    let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{now}-{id}.eml");
    let temporary = dir.join(format!(".{name}.tmp"));
    let path = dir.join(&name);

    let message = render(email, &id, now);
    let write = || -> io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(message.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temporary, &path)
    };
    write().map_err(|source| {
        let _ = fs::remove_file(&temporary);
        OutboxError::Write {
            path: path.clone(),
            source,
        }
    })?;
    Ok(path)
}

/// The message as RFC 5322 text. The recipient was parsed as an [`Email`]
/// (no whitespace or control characters), so it cannot inject a header;
/// the subject is ours.
fn render(email: &OutgoingEmail, id: &str, now: i64) -> String {
    let mut message = String::new();
    for (name, value) in [
        ("From", FROM),
        ("To", email.to.as_str()),
        ("Subject", email.subject.as_str()),
        ("Date", &rfc5322_date(now)),
        ("Message-ID", &format!("<{now}.{id}@q2-auth.invalid>")),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ] {
        let _ = write!(message, "{name}: {value}\r\n");
    }
    message.push_str("\r\n");
    for line in email.body.lines() {
        message.push_str(line);
        message.push_str("\r\n");
    }
    message
}

/// `Thu, 01 Jan 1970 00:00:00 +0000` for a Unix time, in UTC.
fn rfc5322_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} +0000",
        DAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)],
        MONTHS[usize::try_from(month - 1).unwrap_or(0)],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: Email::parse("ann@example.com").unwrap(),
            subject: "Hello".into(),
            body: "line one\nline two".into(),
        }
    }

    #[test]
    fn dates_are_rfc_5322_in_utc() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc5322_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(
            rfc5322_date(1_700_000_000),
            "Tue, 14 Nov 2023 22:13:20 +0000"
        );
    }

    #[test]
    fn a_message_has_headers_a_blank_line_and_crlf_body_lines() {
        let text = render(&email(), "00ff", 0);
        assert!(text.starts_with("From: Q2 Auth <no-reply@q2-auth.invalid>\r\n"));
        assert!(text.contains("\r\nTo: ann@example.com\r\n"));
        assert!(text.contains("\r\nSubject: Hello\r\n"));
        assert!(text.contains("\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
        assert!(
            text.ends_with("\r\n\r\nline one\r\nline two\r\n"),
            "{text:?}"
        );
    }

    #[test]
    fn each_message_is_one_new_eml_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let first = deliver(dir.path(), &email(), 0).unwrap();
        let second = deliver(dir.path(), &email(), 0).unwrap();

        assert_ne!(first, second);
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|name| name.ends_with(".eml")), "{names:?}");
        let text = fs::read_to_string(first).unwrap();
        assert!(text.contains("To: ann@example.com"));
    }
}
