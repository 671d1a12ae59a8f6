//! Quoting one word for a POSIX shell: a path in a command the kit shows
//! (`kit review`'s template) or runs (`sh -c`, the tests' servers).

/// `text` as one word for a POSIX shell: as is when nothing in it would
/// be split or expanded, else in single quotes.
pub fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c));
    if plain && !text.is_empty() {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn quotes_only_what_the_shell_would_split_or_expand() {
        assert_eq!(
            shell_word("/root/.pyenv/versions/3.11.7/bin/python3"),
            "/root/.pyenv/versions/3.11.7/bin/python3"
        );
        assert_eq!(
            shell_word("/opt/my python/bin/python3"),
            "'/opt/my python/bin/python3'"
        );
        assert_eq!(shell_word("/opt/it's/python3"), r"'/opt/it'\''s/python3'");
        assert_eq!(shell_word("/home/alice/q1"), "/home/alice/q1");
        assert_eq!(shell_word("/tmp/it's here"), r"'/tmp/it'\''s here'");
    }
}
