//! Request bodies, read field by field from a JSON object.
//!
//! Bodies arrive as a JSON object (actix checks the syntax), and each field
//! is read here, so that a missing field or a wrong type is a 422 naming the
//! field ("email must be a string, got a number"), like any other rule.

use serde_json::Value;

use super::FieldError;

/// A request body as actix hands it over: any JSON object.
pub type JsonObject = serde_json::Map<String, Value>;

/// Body of `POST /auth/register`.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password: String,
}

impl NewUser {
    /// Only checks that both fields are strings.
    // TODO(q2): validate, and answer 422 naming the field
    // (`FieldError::new("email", ...)`) when a rule is broken:
    // - `email`: trimmed and lower-cased before it is stored or compared
    //   (`Ann@Example.com ` and `ann@example.com` are one account); shaped
    //   like `local@domain.tld` (one `@`, non-empty parts, a dot in the
    //   domain); at most 254 characters;
    // - `password`: at least 8 characters; and bcrypt reads only the first
    //   72 bytes, so a longer password must be refused (or every byte made
    //   to count): silent truncation lets anyone in with the first 72 bytes.
    // Parsing into types that can only hold valid values (an `Email`, a
    // `Password` whose `Debug` does not print it) means code past this point
    // never has to check again, or worry about logging one.
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            email: required_string(body, "email")?.to_owned(),
            password: required_string(body, "password")?.to_owned(),
        })
    }
}

/// The string in `field`; a 422-worthy error when it is missing or not a
/// string.
pub fn required_string<'a>(
    body: &'a JsonObject,
    field: &'static str,
) -> Result<&'a str, FieldError> {
    match body.get(field) {
        None => Err(FieldError::new(field, format!("{field} is required"))),
        Some(Value::String(value)) => Ok(value),
        Some(other) => Err(FieldError::new(
            field,
            format!("{field} must be a string, got {}", json_type(other)),
        )),
    }
}

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

    fn object(value: Value) -> JsonObject {
        match value {
            Value::Object(object) => object,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn missing_fields_and_wrong_types_are_named() {
        let err = NewUser::parse(&object(json!({ "password": "x" }))).unwrap_err();
        assert_eq!(
            (err.field(), err.to_string()),
            ("email", "email is required".into())
        );
        let err = NewUser::parse(&object(json!({ "email": "a@b.co", "password": 5 }))).unwrap_err();
        assert_eq!(
            (err.field(), err.to_string()),
            ("password", "password must be a string, got a number".into())
        );
    }
}
