//! The one error type handlers return, and how it becomes an HTTP response.
//!
//! Each variant's status code is decided here, once. Every error body is a
//! JSON object with a human-readable `error`; errors about one body field
//! also name it in `field`:
//!
//! ```json
//! {"error": "password must be at least 8 characters, got 5", "field": "password"}
//! ```
//!
//! Every 401 carries a `WWW-Authenticate: Bearer` challenge (with
//! `error="invalid_token"` when a token was sent and refused), and a 429 a
//! `Retry-After` in whole seconds.
//!
//! Errors actix raises before a handler runs (JSON body, unknown route,
//! unsupported method) are turned into `ApiError` too, by the handlers
//! registered in `startup.rs`, so no client ever sees an actix default
//! (plain-text or empty) error.
//!
//! No message ever contains a password, a token or a hash: messages name
//! fields and rules, never values.

use actix_web::{
    HttpResponse, ResponseError,
    error::{JsonPayloadError, PayloadError},
    http::{StatusCode, header},
};
use serde_json::{Map, Value, json};

use crate::{auth::HashError, domain::FieldError, mail::OutboxError, storage::StorageError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("request body could not be read: {0}")]
    UnreadableBody(String),
    #[error("request body must be JSON, sent with `Content-Type: application/json`")]
    UnsupportedMediaType,
    #[error("request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// Valid JSON, but not an object (`[1]`, `"ann"`...). serde's message
    /// is not used: it would quote the value, which may be a password.
    #[error("request body must be a JSON object")]
    BodyNotAnObject,
    /// A body field broke its rule.
    #[error("{0}")]
    InvalidField(FieldError),
    #[error("an account with this email already exists")]
    EmailTaken,
    /// Wrong password and unknown email alike: one status, one body.
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("{0}")]
    Unauthenticated(Unauthenticated),
    /// Any id but the caller's own, whether or not an account has it.
    #[error("an access token only gives access to its own account")]
    Forbidden,
    #[error("too many failed logins for this email; try again in {retry_after_secs} seconds")]
    LoginThrottled { retry_after_secs: u64 },
    /// Unknown, used and expired tokens alike.
    #[error("password reset token is invalid, expired or already used")]
    InvalidResetToken,
    #[error("no route for {method} {path}")]
    RouteNotFound { method: String, path: String },
    #[error("method {method} is not allowed on {path}; allowed: {allow}")]
    MethodNotAllowed {
        method: String,
        path: String,
        /// The `Allow` header value, e.g. `"GET, POST"`.
        allow: &'static str,
    },
    // Our fault, not the client's: the details are logged, not sent.
    #[error("internal server error")]
    Storage(#[from] StorageError),
    #[error("internal server error")]
    Hashing(#[from] HashError),
    #[error("internal server error")]
    Mail(#[from] OutboxError),
    #[error("internal server error")]
    TokenSigning(#[from] jsonwebtoken::errors::Error),
    #[error("internal server error")]
    Random(#[from] getrandom::Error),
    /// A bug in `startup.rs`: a handler needs state that was not registered.
    #[error("internal server error")]
    MissingAppData(&'static str),
}

/// Why a request to a protected route was not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unauthenticated {
    #[error("missing access token: send `Authorization: Bearer <token>`")]
    MissingToken,
    #[error("unsupported authorization scheme: send `Authorization: Bearer <token>`")]
    OtherScheme,
    #[error("invalid access token")]
    InvalidToken,
    #[error("access token has expired: log in again")]
    ExpiredToken,
}

impl Unauthenticated {
    /// The `WWW-Authenticate` challenge (RFC 6750): no error code when no
    /// bearer token was sent, `invalid_token` when one was refused.
    fn challenge(self) -> &'static str {
        match self {
            Self::MissingToken | Self::OtherScheme => "Bearer",
            Self::InvalidToken => r#"Bearer error="invalid_token""#,
            Self::ExpiredToken => {
                r#"Bearer error="invalid_token", error_description="the access token expired""#
            }
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::UnreadableBody(_) | Self::InvalidResetToken => {
                StatusCode::BAD_REQUEST
            }
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyNotAnObject | Self::InvalidField(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::EmailTaken => StatusCode::CONFLICT,
            Self::InvalidCredentials | Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::LoginThrottled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::RouteNotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Storage(_)
            | Self::Hashing(_)
            | Self::Mail(_)
            | Self::TokenSigning(_)
            | Self::Random(_)
            | Self::MissingAppData(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut body = Map::new();
        body.insert("error".into(), Value::String(self.to_string()));
        match self {
            Self::InvalidField(err) => {
                body.insert("field".into(), json!(err.field()));
            }
            Self::EmailTaken => {
                body.insert("field".into(), json!("email"));
            }
            Self::InvalidResetToken => {
                body.insert("field".into(), json!("token"));
            }
            _ => {}
        }
        if let Some(cause) = self.internal_cause() {
            tracing::error!(error = %cause, "request failed");
        }

        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, *allow));
            }
            Self::Unauthenticated(reason) => {
                response.insert_header((header::WWW_AUTHENTICATE, reason.challenge()));
            }
            // Credentials in the body, not a bearer token, but a 401 must
            // still carry a challenge (RFC 9110).
            Self::InvalidCredentials => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::LoginThrottled { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            _ => {}
        }
        response.json(body)
    }
}

impl ApiError {
    /// What to log for a 500: the whole chain of causes.
    fn internal_cause(&self) -> Option<String> {
        match self {
            Self::Storage(err) => Some(error_chain(err)),
            Self::Hashing(err) => Some(error_chain(err)),
            Self::Mail(err) => Some(error_chain(err)),
            Self::TokenSigning(err) => Some(error_chain(err)),
            Self::Random(err) => Some(error_chain(err)),
            Self::MissingAppData(what) => Some(format!("app data not registered: {what}")),
            _ => None,
        }
    }
}

/// What went wrong reading a JSON body, decided by what actix reports.
impl From<JsonPayloadError> for ApiError {
    fn from(err: JsonPayloadError) -> Self {
        use serde_json::error::Category;

        match err {
            JsonPayloadError::ContentType => Self::UnsupportedMediaType,
            JsonPayloadError::OverflowKnownLength { limit, .. }
            | JsonPayloadError::Overflow { limit } => Self::PayloadTooLarge { limit },
            JsonPayloadError::Deserialize(err) => match err.classify() {
                // serde_json's syntax messages give a position, never content.
                Category::Syntax | Category::Eof => Self::MalformedJson(err.to_string()),
                // Bodies are read as JSON objects, so a type error can only
                // be about the body as a whole; fields are checked later, by
                // the domain types.
                Category::Data => Self::BodyNotAnObject,
                Category::Io => Self::UnreadableBody(err.to_string()),
            },
            JsonPayloadError::Payload(PayloadError::Overflow) => Self::PayloadTooLarge {
                limit: crate::startup::MAX_BODY_BYTES,
            },
            // e.g. a body cut short, or a `Content-Encoding: gzip` that is not
            JsonPayloadError::Payload(err) => Self::UnreadableBody(err.to_string()),
            other => Self::UnreadableBody(other.to_string()),
        }
    }
}

/// An error and its causes, outermost first, joined by `": "`.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
