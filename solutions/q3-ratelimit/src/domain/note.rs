//! A note, its id, and the body that creates one.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::FieldError;

/// A request body, read as a JSON object; its fields are parsed one by one
/// so that a wrong type is reported like any other rule, naming the field.
pub type JsonObject = serde_json::Map<String, Value>;

/// Identifies a note; assigned in creation order, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NoteId(u64);

impl NoteId {
    /// Reads an id from a URL segment. `None` when it is not a number: such
    /// an id names no note, so callers answer 404.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok().map(Self)
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for NoteId {
    fn from(id: u64) -> Self {
        Self(id)
    }
}

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `text`: a string with something in it besides whitespace; stored
/// trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NoteText(String);

impl NoteText {
    pub fn parse(value: Option<&Value>) -> Result<Self, FieldError> {
        let text = match value {
            None | Some(Value::Null) => return Err(FieldError::new("text", "text is required")),
            Some(Value::String(text)) => text.trim(),
            Some(other) => {
                return Err(FieldError::new(
                    "text",
                    format!("text must be a string, got {}", json_type(other)),
                ));
            }
        };
        if text.is_empty() {
            return Err(FieldError::new(
                "text",
                "text must not be empty (after trimming whitespace)",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Body of `POST /api/notes`. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub text: NoteText,
}

impl NewNote {
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            text: NoteText::parse(body.get("text"))?,
        })
    }
}

/// A stored note, exactly as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub text: NoteText,
}

/// "a number", "an array"...: for messages about a value of the wrong type.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn text_error(value: Value) -> String {
        NoteText::parse(Some(&value)).unwrap_err().to_string()
    }

    #[test]
    fn text_is_trimmed() {
        let text = NoteText::parse(Some(&json!("  buy milk \n"))).unwrap();
        assert_eq!(text.as_str(), "buy milk");
    }

    #[test]
    fn empty_and_blank_texts_are_rejected() {
        for raw in ["", "   ", "\t\n"] {
            assert_eq!(
                text_error(json!(raw)),
                "text must not be empty (after trimming whitespace)"
            );
        }
    }

    #[test]
    fn a_missing_or_null_text_is_required() {
        assert_eq!(
            NoteText::parse(None).unwrap_err().to_string(),
            "text is required"
        );
        assert_eq!(text_error(Value::Null), "text is required");
    }

    #[test]
    fn a_text_of_another_type_names_the_type() {
        assert_eq!(text_error(json!(42)), "text must be a string, got a number");
        assert_eq!(
            text_error(json!(["a"])),
            "text must be a string, got an array"
        );
    }

    #[test]
    fn ids_that_are_not_numbers_name_no_note() {
        assert_eq!(NoteId::parse("7"), Some(NoteId::from(7)));
        assert_eq!(NoteId::parse("seven"), None);
        assert_eq!(NoteId::parse("-1"), None);
    }
}
