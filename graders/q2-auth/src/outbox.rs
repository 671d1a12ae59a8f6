//! The mail outbox: one file per message in `MAIL_OUTBOX_DIR`, in any text
//! format (`.eml`, `.json`...). Reset links are found in the decoded text,
//! whatever transfer encoding a mail library chose.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The files in the outbox, sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The files that are in the outbox now but were not in `before`.
pub fn new_files(dir: &Path, before: &[PathBuf]) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|file| !before.contains(file))
        .collect()
}

/// How long a message may take to appear after the request's answer (a
/// service may hand it to a background task).
pub const DELIVERY: Duration = Duration::from_secs(3);
/// How long to watch for a message that must not come.
pub const SILENCE: Duration = Duration::from_secs(1);
const POLL: Duration = Duration::from_millis(50);

/// The new files once at least one has arrived (or `DELIVERY` has passed),
/// after a short grace so that a second message is seen too.
pub async fn arrivals(dir: &Path, before: &[PathBuf]) -> Vec<PathBuf> {
    let deadline = Instant::now() + DELIVERY;
    while new_files(dir, before).is_empty() && Instant::now() < deadline {
        tokio::time::sleep(POLL).await;
    }
    tokio::time::sleep(POLL * 4).await;
    new_files(dir, before)
}

/// The new files after watching the outbox for `SILENCE`.
pub async fn arrivals_after_silence(dir: &Path, before: &[PathBuf]) -> Vec<PathBuf> {
    tokio::time::sleep(SILENCE).await;
    new_files(dir, before)
}

/// A message's text once it holds a reset link (a file may be seen while
/// it is still being written), or as it is at the deadline.
pub async fn text_with_link(file: &Path, base: &str) -> String {
    let deadline = Instant::now() + DELIVERY;
    loop {
        let text = text(file);
        if reset_token(&text, base).is_some() || Instant::now() >= deadline {
            return text;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A message's text: as stored, plus its quoted-printable and base64
/// decodings, so a link split or encoded by a mail library is still found.
pub fn text(file: &Path) -> String {
    let raw = String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).into_owned();
    let mut text = raw.clone();
    text.push('\n');
    text.push_str(&quoted_printable(&raw));
    for block in raw.split("\n\n").chain(raw.split("\r\n\r\n")) {
        let compact: String = block.split_whitespace().collect();
        if compact.len() >= 16
            && let Ok(decoded) = STANDARD.decode(&compact)
        {
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(&decoded));
        }
    }
    text
}

fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'='
            && let Some(hex) = joined.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The reset token in the first link `{base}/reset-password?token=<token>`.
pub fn reset_token(text: &str, base: &str) -> Option<String> {
    let prefix = format!("{base}/reset-password?token=");
    let start = text.find(&prefix)? + prefix.len();
    let token: String = text[start..]
        .chars()
        .take_while(|character| {
            character.is_ascii_alphanumeric() || *character == '-' || *character == '_'
        })
        .collect();
    (!token.is_empty()).then_some(token)
}

/// Every reset link's host part, for "the link ignores the Host header".
pub fn link_bases(text: &str) -> Vec<String> {
    text.match_indices("/reset-password?token=")
        .map(|(index, _)| {
            let before = &text[..index];
            let start = before
                .rfind(|character: char| character.is_whitespace() || "\"'<(".contains(character));
            before[start.map(|start| start + 1).unwrap_or(0)..].to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_token_in_plain_text() {
        let text = "To: ann@example.com\n\nReset: https://app.test/reset-password?token=Ab_9-xY.\n";
        assert_eq!(
            reset_token(text, "https://app.test").as_deref(),
            Some("Ab_9-xY")
        );
        assert_eq!(link_bases(text), vec!["https://app.test".to_owned()]);
    }

    #[test]
    fn decodes_quoted_printable_soft_breaks_and_escapes() {
        let raw = "Content-Transfer-Encoding: quoted-printable\n\nhttps://app.test/reset-password?token=3D=\nAbc\n";
        assert_eq!(
            reset_token(&quoted_printable(raw), "https://app.test").as_deref(),
            Some("Abc")
        );
    }
}
