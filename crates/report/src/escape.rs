//! Escaping for the renderings maud does not write (JUnit XML, Markdown):
//! check messages, evidence and the service's output are written by the
//! candidate's program, so they may hold markup (`<script>`), backticks or
//! control characters. The HTML page is escaped by maud (`html/`).

/// Whether `c` may appear in an XML 1.0 document (HTML follows the same rule
/// for what it renders sensibly).
pub(crate) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An XML attribute value: markup and quotes escaped, tabs and line breaks
/// written as character references so that parsers keep them, characters
/// illegal in XML 1.0 dropped.
pub fn xml_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Text content for XML elements.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Inline Markdown text: every ASCII punctuation character that Markdown (or
/// the HTML it may contain) gives a meaning to is backslash-escaped, line
/// breaks become spaces, control characters are dropped.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&'
            | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// An inline Markdown code span around `text`, delimited by more backticks
/// than any run inside it.
pub fn markdown_code(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| xml_char(c))
        .collect();
    let ticks = "`".repeat(longest_backtick_run(&clean) + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{clean}{pad}{ticks}")
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A fenced Markdown code block around `text`, with a fence longer than any
/// run of backticks inside it; control characters are dropped.
pub fn markdown_fence(text: &str, info: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || xml_char(c))
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect();
    let fence = "`".repeat(longest_backtick_run(&clean).max(2) + 1);
    let body = clean.trim_end_matches('\n');
    format!("{fence}{info}\n{body}\n{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_attributes_keep_line_breaks_as_references() {
        assert_eq!(xml_attr("a\nb\u{1}<c>"), "a&#10;b&lt;c&gt;");
        assert_eq!(xml_text("a\nb\u{1b}[0m&"), "a\nb[0m&amp;");
        assert_eq!(xml_text("\u{FFFE}\u{FFFF}\u{1F600}"), "\u{1F600}");
    }

    #[test]
    fn markdown_fences_outgrow_the_content() {
        assert_eq!(markdown_fence("a", ""), "```\na\n```\n");
        assert_eq!(
            markdown_fence("x ```` y", "json"),
            "`````json\nx ```` y\n`````\n"
        );
        assert_eq!(
            markdown_inline("<b>*x*</b>|`"),
            "\\<b\\>\\*x\\*\\</b\\>\\|\\`"
        );
    }
}
