//! How text from a report goes into a page.

use std::fmt::Write as _;

use maud::{Escaper, Render};

use crate::escape::xml_char;

/// Report text spliced into HTML: maud's escaping (`&`, `<`, `>`, `"`),
/// plus `'` as `&#39;` (inert in a single-quoted attribute too) and without
/// the characters XML 1.0 forbids (NUL, terminal escapes), which a page has
/// no use for. Every splice is escaped by maud anyway; this only adds to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        for c in self.0.chars() {
            match c {
                '\'' => buffer.push_str("&#39;"),
                c if xml_char(c) => {
                    let _ = Escaper::new(buffer).write_char(c);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use maud::html;

    use super::Text;

    #[test]
    fn escapes_markup_quotes_and_drops_control_characters() {
        let text = "<script>alert('x&y')</script>\u{0}\u{8}\"ok\"";
        assert_eq!(
            html! { (Text(text)) }.into_string(),
            "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;&quot;ok&quot;"
        );
        assert_eq!(
            html! { p title=(Text(text)) {} }.into_string(),
            "<p title=\"&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;&quot;ok&quot;\"></p>"
        );
    }
}
