//! Request bodies, parsed from JSON into domain types.
//!
//! Bodies arrive as a JSON object (actix checks the syntax), and each field
//! is read here, so that a missing field or a wrong type is reported like
//! any other rule, naming the field: "email must be a string, got a
//! number". Unknown fields are ignored.

use serde_json::Value;

use super::{Email, FieldError, Password, ResetToken};

/// A request body as actix hands it over: any JSON object.
pub type JsonObject = serde_json::Map<String, Value>;

/// Body of `POST /auth/register`.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: Email,
    pub password: Password,
}

impl Registration {
    /// Fields are checked in order, `email` then `password`; the first
    /// broken rule is reported.
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            email: Email::parse(required_string(body, "email")?)?,
            password: Password::parse(required_string(body, "password")?)
                .map_err(|err| err.for_field("password"))?,
        })
    }
}

/// Body of `POST /auth/login`.
///
/// Only the JSON shape is checked (two strings). An email or a password
/// that breaks the registration rules cannot belong to any account, so it
/// is kept as `None` and the login fails like any wrong credential: a 401,
/// not a 422 that would tell a caller more than "wrong credentials".
#[derive(Debug, Clone)]
pub struct Login {
    /// The email in canonical form, the key of the account and of its
    /// failure count.
    pub email: Option<Email>,
    pub password: Option<Password>,
}

impl Login {
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        let email = required_string(body, "email")?;
        let password = required_string(body, "password")?;
        Ok(Self {
            email: Email::parse(email).ok(),
            password: Password::parse(password).ok(),
        })
    }
}

/// Body of `POST /auth/password-reset`.
#[derive(Debug, Clone)]
pub struct ResetRequest {
    pub email: Email,
}

impl ResetRequest {
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        Ok(Self {
            email: Email::parse(required_string(body, "email")?)?,
        })
    }
}

/// Body of `POST /auth/password-reset/confirm`.
#[derive(Debug, Clone)]
pub struct ResetConfirmation {
    /// `None` when the string cannot be a token this service issued: the
    /// caller answers it like an unknown token (400), without a query.
    pub token: Option<ResetToken>,
    pub new_password: Password,
}

impl ResetConfirmation {
    /// A missing or non-string field is a 422 naming it; a weak new
    /// password too. Whether the token is valid is for the database to say.
    pub fn parse(body: &JsonObject) -> Result<Self, FieldError> {
        let token = required_string(body, "token")?;
        Ok(Self {
            new_password: Password::parse(required_string(body, "new_password")?)
                .map_err(|err| err.for_field("new_password"))?,
            token: ResetToken::parse(token),
        })
    }
}

fn required_string<'a>(body: &'a JsonObject, field: &'static str) -> Result<&'a str, FieldError> {
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

    fn registration_error(body: Value) -> (&'static str, String) {
        let err = Registration::parse(&object(body)).unwrap_err();
        (err.field(), err.to_string())
    }

    #[test]
    fn a_valid_registration_parses_to_canonical_values() {
        let registration = Registration::parse(&object(json!({
            "email": " Ann@Example.com", "password": "correct horse", "role": "admin"
        })))
        .unwrap();
        assert_eq!(registration.email.as_str(), "ann@example.com");
        assert_eq!(registration.password.expose(), b"correct horse");
    }

    #[test]
    fn missing_fields_and_wrong_types_are_named() {
        assert_eq!(
            registration_error(json!({ "password": "correct horse" })),
            ("email", "email is required".into())
        );
        assert_eq!(
            registration_error(json!({ "email": "ann@example.com" })),
            ("password", "password is required".into())
        );
        assert_eq!(
            registration_error(json!({ "email": 5, "password": "correct horse" })),
            ("email", "email must be a string, got a number".into())
        );
        assert_eq!(
            registration_error(json!({ "email": "ann@example.com", "password": null })),
            ("password", "password must be a string, got null".into())
        );
    }

    #[test]
    fn email_is_checked_before_password() {
        let (field, _) = registration_error(json!({ "email": "nope", "password": "short" }));
        assert_eq!(field, "email");
    }

    #[test]
    fn a_login_keeps_credentials_that_break_the_rules_as_none() {
        let login = Login::parse(&object(json!({
            "email": "not an email", "password": "x".repeat(73)
        })))
        .unwrap();
        assert!(login.email.is_none());
        assert!(login.password.is_none());
    }

    #[test]
    fn a_login_still_needs_two_strings() {
        let err = Login::parse(&object(json!({ "email": "ann@example.com" }))).unwrap_err();
        assert_eq!(err.field(), "password");
        let err = Login::parse(&object(json!({ "email": [], "password": "x" }))).unwrap_err();
        assert_eq!(err.field(), "email");
    }

    #[test]
    fn a_reset_confirmation_names_new_password() {
        let err = ResetConfirmation::parse(&object(json!({
            "token": "whatever", "new_password": "short"
        })))
        .unwrap_err();
        assert_eq!(err.field(), "new_password");
        assert_eq!(
            err.to_string(),
            "new_password must be at least 8 characters, got 5"
        );
    }

    #[test]
    fn a_token_that_is_not_ours_parses_to_none() {
        let confirmation = ResetConfirmation::parse(&object(json!({
            "token": "not-a-token", "new_password": "correct horse"
        })))
        .unwrap();
        assert!(confirmation.token.is_none());
        let err = ResetConfirmation::parse(&object(json!({ "new_password": "correct horse" })))
            .unwrap_err();
        assert_eq!(err.field(), "token");
    }
}
