//! JSON comparisons that follow the contract's fairness rules: numbers compare
//! as numbers, ids are opaque, error messages may live under several names.

use serde_json::Value;

/// The human-readable message of an error body: `error` (a string, or an
/// object with a `message`), else `message`, `detail` or `title` (RFC 9457),
/// else a `detail` list whose every item has a non-empty `msg` (FastAPI and
/// pydantic's validation errors), the messages joined with `; `.
pub fn error_message(body: &Value) -> Option<String> {
    let object = body.as_object()?;
    let candidates = [
        object.get("error").and_then(Value::as_str),
        object
            .get("error")
            .and_then(|error| error.get("message"))
            .and_then(Value::as_str),
        object.get("message").and_then(Value::as_str),
        object.get("detail").and_then(Value::as_str),
        object.get("title").and_then(Value::as_str),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|message| !message.is_empty())
        .map(str::to_owned)
        .or_else(|| object.get("detail").and_then(detail_list_message))
}

/// `[{"loc": [...], "msg": "Field required"}, ...]` as one message; `None`
/// when the list is empty or an item has no message.
fn detail_list_message(detail: &Value) -> Option<String> {
    let items = detail.as_array().filter(|items| !items.is_empty())?;
    let messages: Option<Vec<&str>> = items
        .iter()
        .map(|item| {
            item.get("msg")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|message| !message.is_empty())
        })
        .collect();
    messages.map(|messages| messages.join("; "))
}

/// Numbers compare as numbers: `5` equals `5.0`, `19.99` equals `19.99`.
pub fn same_number(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|actual| actual == expected)
}

/// An id as the service gave it, usable in a path (`7`, `"a1b2"`).
pub fn id_in_path(id: &Value) -> Option<String> {
    match id {
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

/// "a string", "an array": for messages about unexpected shapes.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `needle` occurs (case-insensitively) anywhere in the body: in a
/// key or a string value. Used for "the message names the offending field".
pub fn mentions(body: &Value, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    fn walk(value: &Value, needle: &str) -> bool {
        match value {
            Value::String(text) => text.to_lowercase().contains(needle),
            Value::Array(items) => items.iter().any(|item| walk(item, needle)),
            Value::Object(object) => object
                .iter()
                .any(|(key, value)| key.to_lowercase().contains(needle) || walk(value, needle)),
            _ => false,
        }
    }
    walk(body, &needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_message_accepts_every_contract_form() {
        assert_eq!(
            error_message(&json!({"error": "name is required"})).as_deref(),
            Some("name is required")
        );
        assert_eq!(
            error_message(&json!({"error": {"message": "bad"}})).as_deref(),
            Some("bad")
        );
        assert_eq!(
            error_message(&json!({"message": "bad"})).as_deref(),
            Some("bad")
        );
        assert_eq!(
            error_message(&json!({"title": "Not Found", "status": 404})).as_deref(),
            Some("Not Found")
        );
        assert_eq!(
            error_message(&json!({"detail": "price must be >= 0"})).as_deref(),
            Some("price must be >= 0")
        );
    }

    #[test]
    fn error_message_accepts_a_fastapi_validation_error_list() {
        let body = json!({"detail": [
            {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {}},
            {"type": "float_parsing", "loc": ["body", "price"], "msg": "Input should be a valid number"}
        ]});
        assert_eq!(
            error_message(&body).as_deref(),
            Some("Field required; Input should be a valid number")
        );
        assert!(mentions(&body, "name"));
        assert_eq!(error_message(&json!({"detail": []})), None);
        assert_eq!(error_message(&json!({"detail": [{"loc": ["body"]}]})), None);
        assert_eq!(error_message(&json!({"detail": [{"msg": "  "}]})), None);
    }

    #[test]
    fn error_message_rejects_empty_or_missing_messages() {
        assert_eq!(error_message(&json!({"error": ""})), None);
        assert_eq!(error_message(&json!({"error": "   "})), None);
        assert_eq!(error_message(&json!({"status": 404})), None);
        assert_eq!(error_message(&json!("not found")), None);
    }

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert!(same_number(&parsed("5"), 5.0));
        assert!(same_number(&parsed("5.0"), 5.0));
        assert!(same_number(&parsed("19.99"), 19.99));
        assert!(!same_number(&parsed("\"19.99\""), 19.99));
    }

    #[test]
    fn a_price_one_bit_off_is_not_the_same_number() {
        // Parsed from text, as the service's answer is: needs serde_json's
        // float_roundtrip, without which both parse to 19.99.
        assert!(!same_number(&parsed("19.990000000000002"), 19.99));
        assert!(!same_number(&parsed("999999.9999999999"), 1_000_000.0));
    }

    #[test]
    fn ids_are_opaque() {
        assert_eq!(id_in_path(&json!(7)).as_deref(), Some("7"));
        assert_eq!(id_in_path(&json!("0b7e-11")).as_deref(), Some("0b7e-11"));
        assert_eq!(id_in_path(&json!(null)), None);
        assert_eq!(id_in_path(&json!("")), None);
    }

    #[test]
    fn mentions_looks_in_keys_and_string_values() {
        assert!(mentions(&json!({"error": "Name is too long"}), "name"));
        assert!(mentions(&json!({"errors": [{"field": "price"}]}), "price"));
        assert!(mentions(&json!({"price": ["too many decimals"]}), "price"));
        assert!(!mentions(&json!({"error": "invalid input"}), "price"));
    }
}
