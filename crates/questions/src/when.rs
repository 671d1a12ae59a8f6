//! A question's `when` entries, parsed once: which results make it worth asking.

use std::fmt;

/// One entry of a question's `when` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// `q2.tokens.alg_none` or `q2.tokens.*`: a matching check lost its points.
    Lost(CheckSelector),
    /// `passed:q2.tokens.alg_none`: a matching check passed.
    Passed(CheckSelector),
    /// `any:q2`: any submission for this exercise.
    Exercise(String),
}

/// A check id, or every check under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckSelector {
    Exact(String),
    /// The prefix with its trailing dot (`q2.tokens.`).
    Prefix(String),
}

impl CheckSelector {
    pub fn matches(&self, check_id: &str) -> bool {
        match self {
            CheckSelector::Exact(id) => id == check_id,
            CheckSelector::Prefix(prefix) => check_id.starts_with(prefix.as_str()),
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, CheckSelector::Exact(_))
    }
}

impl When {
    pub fn parse(entry: &str) -> Result<When, String> {
        if let Some(exercise) = entry.strip_prefix("any:") {
            return if is_segment(exercise) {
                Ok(When::Exercise(exercise.to_owned()))
            } else {
                Err(format!("`{entry}`: `any:` takes an exercise id such as q1"))
            };
        }
        if let Some(selector) = entry.strip_prefix("passed:") {
            return CheckSelector::parse(selector)
                .map(When::Passed)
                .map_err(|why| format!("`{entry}`: {why}"));
        }
        CheckSelector::parse(entry)
            .map(When::Lost)
            .map_err(|why| format!("`{entry}`: {why}"))
    }
}

impl CheckSelector {
    fn parse(text: &str) -> Result<CheckSelector, String> {
        let (body, prefix) = match text.strip_suffix(".*") {
            Some(body) => (body, true),
            None => (text, false),
        };
        let segments: Vec<&str> = body.split('.').collect();
        if segments.len() < 2 && !prefix || !segments.iter().all(|segment| is_segment(segment)) {
            return Err("not a check id (q1.update.ok) or prefix (q1.update.*)".to_owned());
        }
        Ok(if prefix {
            CheckSelector::Prefix(format!("{body}."))
        } else {
            CheckSelector::Exact(body.to_owned())
        })
    }
}

/// A check id segment: lower-case letters, digits and `_`.
fn is_segment(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Lost(selector) => write!(f, "{selector}"),
            When::Passed(selector) => write!(f, "passed:{selector}"),
            When::Exercise(exercise) => write!(f, "any:{exercise}"),
        }
    }
}

impl fmt::Display for CheckSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckSelector::Exact(id) => f.write_str(id),
            CheckSelector::Prefix(prefix) => write!(f, "{prefix}*"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_form() {
        let exact = |id: &str| CheckSelector::Exact(id.to_owned());
        let prefix = |p: &str| CheckSelector::Prefix(p.to_owned());
        assert_eq!(
            When::parse("q2.tokens.alg_none"),
            Ok(When::Lost(exact("q2.tokens.alg_none")))
        );
        assert_eq!(
            When::parse("q2.tokens.*"),
            Ok(When::Lost(prefix("q2.tokens.")))
        );
        assert_eq!(When::parse("q1.*"), Ok(When::Lost(prefix("q1."))));
        assert_eq!(
            When::parse("passed:q3.window.rolling"),
            Ok(When::Passed(exact("q3.window.rolling")))
        );
        assert_eq!(When::parse("any:q3"), Ok(When::Exercise("q3".to_owned())));
        for entry in [
            "q2.tokens.alg_none",
            "q2.tokens.*",
            "passed:q1.filter.*",
            "any:q3",
        ] {
            assert_eq!(
                When::parse(entry).map(|when| when.to_string()),
                Ok(entry.to_owned())
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_selector() {
        for bad in [
            "",
            "q2",
            "q2.Tokens.x",
            "q2..x",
            "q2.tokens.*.x",
            "any:",
            "any:q1.update",
            "failed:q2.tokens.alg_none",
            "passed:",
        ] {
            assert!(When::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_prefix_matches_whole_segments_only() {
        let selector = CheckSelector::Prefix("q2.tokens.".to_owned());
        assert!(selector.matches("q2.tokens.alg_none"));
        assert!(!selector.matches("q2.tokens_extra.x"));
        assert!(!selector.matches("q2.token"));
    }
}
