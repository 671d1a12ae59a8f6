//! The mail outbox: one file per message in `MAIL_OUTBOX_DIR`, in any text
//! format (`.eml`, `.json`...). Reset links are found in the decoded text,
//! whatever transfer encoding a mail library chose.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kit_harness::Failure;
use kit_harness::safe_read::{SafeReadError, list_beneath, read_beneath};

use crate::accounts::EMAIL_DOMAIN;

/// The most the grader reads of one message.
pub const MAIL_CAP: u64 = 1024 * 1024;

/// The outbox folder `dir`, beneath the service's run folder `root` (its
/// `work_dir`): files are listed and read without following links the
/// service made.
#[derive(Debug, Clone)]
pub struct Outbox {
    root: PathBuf,
    dir: PathBuf,
}

impl Outbox {
    pub fn new(root: &Path, dir: &Path) -> Outbox {
        Outbox {
            root: root.to_path_buf(),
            dir: dir.to_path_buf(),
        }
    }

    /// The regular files in the outbox, sorted by name (none while the
    /// folder does not exist). Links and special files are left out.
    pub fn files(&self) -> Result<Vec<PathBuf>, Failure> {
        match list_beneath(&self.root, &self.dir) {
            Ok(files) => Ok(files),
            Err(SafeReadError::NotFound { .. }) => Ok(Vec::new()),
            Err(error) => Err(Failure::fail(format!(
                "the grader did not read MAIL_OUTBOX_DIR: {error}"
            ))),
        }
    }

    /// The files that are in the outbox now but were not in `before`.
    pub fn new_files(&self, before: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
        Ok(self
            .files()?
            .into_iter()
            .filter(|file| !before.contains(file))
            .collect())
    }

    /// The new files once at least one has arrived (or `DELIVERY` has
    /// passed), after a short grace so that a second message is seen too.
    /// Every one is the check's own when it runs alone.
    pub async fn arrivals(&self, before: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
        let deadline = Instant::now() + DELIVERY;
        while self.new_files(before)?.is_empty() && Instant::now() < deadline {
            tokio::time::sleep(POLL).await;
        }
        tokio::time::sleep(POLL * 4).await;
        self.new_files(before)
    }

    /// The new files after watching the outbox for `SILENCE`.
    pub async fn arrivals_after_silence(
        &self,
        before: &[PathBuf],
    ) -> Result<Vec<PathBuf>, Failure> {
        tokio::time::sleep(SILENCE).await;
        self.new_files(before)
    }

    /// Beside other checks, whose messages land in the same folder: the
    /// new files that name `recipient`, once one has (or `DELIVERY` has
    /// passed), after the same grace as [`Outbox::arrivals`]. Every check
    /// has its own address, so the recipient tells a check's messages from
    /// its neighbours'. [`Claim::Unclear`] when a new file names none of
    /// the grader's addresses, or cannot be read: it may be this check's.
    pub async fn arrivals_naming(
        &self,
        recipient: &str,
        before: &[PathBuf],
    ) -> Result<Claim, Failure> {
        let deadline = Instant::now() + DELIVERY;
        while self.sort_new(recipient, before)?.mine.is_empty() && Instant::now() < deadline {
            tokio::time::sleep(POLL).await;
        }
        tokio::time::sleep(POLL * 4).await;
        Ok(self.sort_new(recipient, before)?.claim())
    }

    /// [`Outbox::arrivals_after_silence`] beside other checks: the new files
    /// naming `recipient` after `SILENCE`, or [`Claim::Unclear`].
    pub async fn arrivals_naming_after_silence(
        &self,
        recipient: &str,
        before: &[PathBuf],
    ) -> Result<Claim, Failure> {
        tokio::time::sleep(SILENCE).await;
        Ok(self.sort_new(recipient, before)?.claim())
    }

    /// The new files, sorted by whom they name.
    fn sort_new(&self, recipient: &str, before: &[PathBuf]) -> Result<Sorted, Failure> {
        let mut sorted = Sorted::default();
        for file in self.new_files(before)? {
            match self.text(&file) {
                Ok(text) if names(&text, recipient) => sorted.mine.push(file),
                Ok(text) if text.to_lowercase().contains(EMAIL_DOMAIN) => {}
                // Renamed since the listing (written under a temporary name).
                Err(SafeReadError::NotFound { .. }) => {}
                Ok(_) | Err(_) => sorted.unclear = true,
            }
        }
        Ok(sorted)
    }

    /// A message's text once it holds a reset link (a file may be seen
    /// while it is still being written), or as it is at the deadline. A
    /// message the grader does not read (a link, larger than `MAIL_CAP`...)
    /// fails the check with the reason.
    pub async fn text_with_link(&self, file: &Path, base: &str) -> Result<String, Failure> {
        let deadline = Instant::now() + DELIVERY;
        loop {
            let text = self.text(file);
            let done = match &text {
                Ok(text) => reset_token(text, base).is_some(),
                Err(_) => false,
            };
            if done || Instant::now() >= deadline {
                return text.map_err(|error| not_read(&error));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// A message's text: as stored, plus its quoted-printable and base64
    /// decodings, so a link split or encoded by a mail library is still
    /// found.
    pub fn text(&self, file: &Path) -> Result<String, SafeReadError> {
        let bytes = read_beneath(&self.root, file, MAIL_CAP)?;
        Ok(decoded_text(&String::from_utf8_lossy(&bytes)))
    }
}

/// Which new messages a check beside others may take as its own.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The new files naming its recipient; the others name other checks'.
    Mine(Vec<PathBuf>),
    /// A new file names none of the grader's addresses, or cannot be read:
    /// whose it is cannot be told.
    Unclear,
}

#[derive(Debug, Default)]
struct Sorted {
    mine: Vec<PathBuf>,
    unclear: bool,
}

impl Sorted {
    fn claim(self) -> Claim {
        if self.unclear {
            Claim::Unclear
        } else {
            Claim::Mine(self.mine)
        }
    }
}

fn not_read(error: &SafeReadError) -> Failure {
    Failure::fail(format!(
        "the grader did not read the message in MAIL_OUTBOX_DIR: {error}"
    ))
}

/// Whether `text` holds the address `recipient`, in any case, as a whole
/// address: `ann@example.com` is not named by `joann@example.com`.
pub fn names(text: &str, recipient: &str) -> bool {
    let text = text.to_lowercase();
    let recipient = recipient.trim().to_lowercase();
    if recipient.is_empty() {
        return false;
    }
    let part_of_address =
        |character: char| character.is_ascii_alphanumeric() || "._%+-".contains(character);
    text.match_indices(&recipient).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + recipient.len()..].chars();
        // A sentence may end after the address; a longer domain may not.
        let longer = match after.next() {
            Some('.') => after
                .next()
                .is_some_and(|next| next.is_ascii_alphanumeric()),
            Some(next) => next.is_ascii_alphanumeric() || next == '-' || next == '_',
            None => false,
        };
        !before.is_some_and(part_of_address) && !longer
    })
}

/// How long a message may take to appear after the request's answer (a
/// service may hand it to a background task).
pub const DELIVERY: Duration = Duration::from_secs(3);
/// How long to watch for a message that must not come.
pub const SILENCE: Duration = Duration::from_secs(1);
const POLL: Duration = Duration::from_millis(50);

/// `raw` in every reading where a link may be found whole, the most
/// faithful first (`reset_token` takes the first link): a message that
/// declares quoted-printable is read decoded, never as stored (where every
/// `=` of the link is `=3D` and long lines are cut by soft breaks), and a
/// plain one as stored first (decoding it would turn `token=ab...` into a
/// byte). The strings of a JSON message are read unescaped (`\/`, `\n`),
/// and base64 blocks decoded.
fn decoded_text(raw: &str) -> String {
    let declares_quoted_printable = raw
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: quoted-printable");
    let mut readings = Vec::new();
    if declares_quoted_printable {
        readings.push(quoted_printable(raw));
    } else {
        readings.push(raw.to_owned());
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) {
        let mut strings = Vec::new();
        json_strings(&value, &mut strings);
        readings.push(strings.join("\n"));
    }
    for block in raw.split("\n\n").chain(raw.split("\r\n\r\n")) {
        let compact: String = block.split_whitespace().collect();
        if compact.len() >= 16
            && let Ok(decoded) = STANDARD.decode(&compact)
        {
            readings.push(String::from_utf8_lossy(&decoded).into_owned());
        }
    }
    if !declares_quoted_printable {
        readings.push(quoted_printable(raw));
    }
    readings.join("\n")
}

/// Every string in a JSON document (keys left out).
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, out)),
        serde_json::Value::Object(object) => {
            object.values().for_each(|item| json_strings(item, out));
        }
        _ => {}
    }
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

/// Every reset link's base (what comes before `/reset-password`), for "the
/// link ignores the Host header": from the last `https://` or `http://` of
/// the word before it (a JSON file has `\n` escapes there, not spaces), or
/// the whole word.
pub fn link_bases(text: &str) -> Vec<String> {
    text.match_indices("/reset-password?token=")
        .map(|(index, _)| {
            let before = &text[..index];
            let word_start = before
                .char_indices()
                .rev()
                .find(|(_, character)| character.is_whitespace() || "\"'<(".contains(*character))
                .map_or(0, |(at, character)| at + character.len_utf8());
            let word = &before[word_start..];
            let start = ["https://", "http://"]
                .iter()
                .filter_map(|scheme| word.rfind(scheme))
                .max()
                .unwrap_or(0);
            word[start..].to_owned()
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

    #[test]
    fn a_quoted_printable_message_is_read_decoded_not_as_stored() {
        // What Python's email package writes for a UTF-8 text body: every
        // `=` encoded, and a soft break inside the token.
        let raw = "To: ann@example.com\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\nOpen:\n\nhttps://app.test/reset-password?token=3DVoUM8Vzva5WcOWieUHU-j6p5Lj8fEKVA=\nIHxkFSCdF60\n";
        let text = decoded_text(raw);
        assert_eq!(
            reset_token(&text, "https://app.test").as_deref(),
            Some("VoUM8Vzva5WcOWieUHU-j6p5Lj8fEKVAIHxkFSCdF60")
        );
        assert!(
            link_bases(&text)
                .iter()
                .all(|base| base == "https://app.test")
        );
    }

    #[test]
    fn a_plain_message_is_read_as_stored_first() {
        // Decoding it as quoted-printable would turn `=ab` into a byte.
        let raw = "To: ann@example.com\n\nhttps://app.test/reset-password?token=ab12XY\n";
        assert_eq!(
            reset_token(&decoded_text(raw), "https://app.test").as_deref(),
            Some("ab12XY")
        );
    }

    #[test]
    fn a_json_message_is_read_with_its_strings_unescaped() {
        let raw = r#"{"to": "ann@example.com", "text": "Open this link:\n\nhttps://app.test/reset-password?token=Ab_9-xY\n"}"#;
        let text = decoded_text(raw);
        assert_eq!(
            reset_token(&text, "https://app.test").as_deref(),
            Some("Ab_9-xY")
        );
        assert!(!link_bases(&text).is_empty());
        assert!(
            link_bases(&text)
                .iter()
                .all(|base| base == "https://app.test"),
            "{:?}",
            link_bases(&text)
        );
        // Slashes escaped, as PHP's json_encode writes them.
        let escaped =
            r#"{"to": "ann@example.com", "text": "https:\/\/app.test\/reset-password?token=Ab_9"}"#;
        assert_eq!(
            reset_token(&decoded_text(escaped), "https://app.test").as_deref(),
            Some("Ab_9")
        );
    }

    fn outbox() -> (tempfile::TempDir, Outbox) {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let dir = root.path().join("outbox");
        std::fs::create_dir(&dir).unwrap_or_else(|error| panic!("{error}"));
        let outbox = Outbox::new(root.path(), &dir);
        (root, outbox)
    }

    #[test]
    fn lists_and_reads_the_messages() {
        let (root, outbox) = outbox();
        let dir = root.path().join("outbox");
        std::fs::write(dir.join("2.eml"), "second").unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(
            dir.join("1.eml"),
            "Reset: https://app.test/reset-password?token=Abc\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        let files = outbox.files().unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(files, vec![dir.join("1.eml"), dir.join("2.eml")]);
        let new = outbox
            .new_files(&files[..1])
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(new, vec![dir.join("2.eml")]);
        let text = outbox
            .text(&files[0])
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            reset_token(&text, "https://app.test").as_deref(),
            Some("Abc")
        );
    }

    #[test]
    fn no_folder_yet_is_no_message() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let outbox = Outbox::new(root.path(), &root.path().join("outbox"));
        assert_eq!(outbox.files(), Ok(Vec::new()));
    }

    #[test]
    fn a_linked_message_is_neither_listed_nor_read() {
        let (root, outbox) = outbox();
        let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let secret = outside.path().join("id_rsa");
        std::fs::write(&secret, "CANARY-KEY-0b7e").unwrap_or_else(|error| panic!("{error}"));
        let mail = root.path().join("outbox/mail-1.eml");
        std::os::unix::fs::symlink(&secret, &mail).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(outbox.files(), Ok(Vec::new()));
        let error = outbox.text(&mail).err().unwrap_or_else(|| panic!("read"));
        assert_eq!(
            error.to_string(),
            "outbox/mail-1.eml is a symbolic link: the grader does not follow links the service made"
        );
    }

    #[test]
    fn a_linked_outbox_fails_the_check() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(outside.path().join("id_rsa"), "CANARY-KEY-0b7e")
            .unwrap_or_else(|error| panic!("{error}"));
        let dir = root.path().join("outbox");
        std::os::unix::fs::symlink(outside.path(), &dir).unwrap_or_else(|error| panic!("{error}"));
        let failure = Outbox::new(root.path(), &dir)
            .files()
            .err()
            .unwrap_or_else(|| panic!("listed"));
        assert_eq!(
            failure.message,
            "the grader did not read MAIL_OUTBOX_DIR: outbox is a symbolic link: the grader does not follow links the service made"
        );
    }

    #[tokio::test]
    async fn an_unreadable_message_fails_with_the_reason() {
        let (root, outbox) = outbox();
        let mail = root.path().join("outbox/mail-1.eml");
        std::fs::write(&mail, "x".repeat(MAIL_CAP as usize + 1))
            .unwrap_or_else(|error| panic!("{error}"));
        let failure = outbox
            .text_with_link(&mail, "https://app.test")
            .await
            .err()
            .unwrap_or_else(|| panic!("read"));
        assert_eq!(
            failure.message,
            "the grader did not read the message in MAIL_OUTBOX_DIR: outbox/mail-1.eml is 1.0 MiB (1048577 bytes), more than the 1 MiB the grader reads"
        );
    }

    #[test]
    fn a_recipient_is_named_as_a_whole_address_in_any_case() {
        let text = "To: Ann.Lee@Example.com\nCc: <bob@example.com>, x@example.com.\n";
        assert!(names(text, "ann.lee@example.com"));
        assert!(names(text, "bob@example.com"));
        assert!(names(text, "x@example.com"));
        assert!(!names(text, "lee@example.com"));
        assert!(!names("joann@example.com", "ann@example.com"));
        assert!(!names("ann@example.com.evil", "ann@example.com"));
        assert!(!names("ann@example.community", "ann@example.com"));
        assert!(names(r#"{"to":"ann@example.com"}"#, "ann@example.com"));
    }

    fn write(root: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = root.path().join("outbox").join(name);
        std::fs::write(&path, text).unwrap_or_else(|error| panic!("{error}"));
        path
    }

    #[tokio::test]
    async fn beside_others_a_check_claims_the_new_messages_naming_its_recipient() {
        let (root, outbox) = outbox();
        write(&root, "0.eml", "To: ann@example.com\n\nan old message\n");
        let before = outbox.files().unwrap_or_else(|failure| panic!("{failure}"));
        write(&root, "1.eml", "To: bob@example.com\n\nhis link\n");
        let ann = write(&root, "2.eml", "To: ann@example.com\n\nher link\n");
        let claim = outbox
            .arrivals_naming("Ann@example.com", &before)
            .await
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(claim, Claim::Mine(vec![ann]));
        let silent = outbox
            .arrivals_naming_after_silence("carol@example.com", &before)
            .await
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(silent, Claim::Mine(Vec::new()));
    }

    #[tokio::test]
    async fn no_new_message_is_claimed_as_none() {
        let (_root, outbox) = outbox();
        let claim = outbox
            .arrivals_naming("ann@example.com", &[])
            .await
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(claim, Claim::Mine(Vec::new()));
    }

    #[tokio::test]
    async fn a_new_message_naming_none_of_the_graders_addresses_is_unclear() {
        let (root, outbox) = outbox();
        write(
            &root,
            "1.eml",
            "Subject: reset\n\nhttps://app.test/reset-password?token=Abc\n",
        );
        for claim in [
            outbox.arrivals_naming("ann@example.com", &[]).await,
            outbox
                .arrivals_naming_after_silence("ann@example.com", &[])
                .await,
        ] {
            assert_eq!(claim, Ok(Claim::Unclear));
        }
    }

    #[tokio::test]
    async fn an_unreadable_new_message_is_unclear() {
        let (root, outbox) = outbox();
        write(&root, "2.eml", "To: ann@example.com\n\nher link\n");
        write(&root, "mail-1.eml", &"x".repeat(MAIL_CAP as usize + 1));
        let claim = outbox.arrivals_naming("ann@example.com", &[]).await;
        assert_eq!(claim, Ok(Claim::Unclear));
    }

    #[tokio::test]
    async fn alone_every_new_message_is_the_checks() {
        let (root, outbox) = outbox();
        let one = write(&root, "1.eml", "Subject: reset\n\nno address\n");
        let two = write(&root, "2.eml", "To: bob@example.com\n\nhis link\n");
        let arrived = outbox
            .arrivals(&[])
            .await
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(arrived, vec![one, two]);
    }
}
