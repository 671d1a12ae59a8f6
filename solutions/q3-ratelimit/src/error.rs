//! The one error type handlers return, and how it becomes an HTTP response.
//!
//! Each variant's status code is decided here, once. Every error body is a
//! JSON object with a human-readable `error`; a field error also names the
//! field:
//!
//! ```json
//! {"error": "text must not be empty (after trimming whitespace)", "field": "text"}
//! ```
//!
//! Errors actix raises before a handler runs (JSON body, unknown route,
//! unsupported method) are turned into `ApiError` too, by the handlers
//! registered in `startup.rs`, so no client ever sees an actix default
//! (plain-text or empty) error.

use actix_web::{
    HttpResponse, ResponseError,
    error::{JsonPayloadError, PayloadError},
    http::{StatusCode, header},
};
use serde_json::{Map, Value, json};

use crate::{
    domain::FieldError,
    rate_limit::{Policy, RetryAt, X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING, X_RATELIMIT_RESET},
};

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
    /// Valid JSON, but not an object (`[1]`, `"milk"`...).
    #[error("request body must be a JSON object: {0}")]
    BodyNotAnObject(String),
    /// A body field broke its rule.
    #[error("{0}")]
    InvalidField(FieldError),
    /// Also used for ids that are not numbers: they name no note either.
    #[error("no note with id `{0}`")]
    NoteNotFound(String),
    #[error("no route for {method} {path}")]
    RouteNotFound { method: String, path: String },
    #[error("method {method} is not allowed on {path}; allowed: {allow}")]
    MethodNotAllowed {
        method: String,
        path: String,
        /// The `Allow` header value, e.g. `"GET, POST"`.
        allow: &'static str,
    },
    /// The client used up its budget; built by the rate-limit middleware.
    #[error(
        "too many requests: the limit is {policy}; retry in {} s",
        retry.after_secs
    )]
    RateLimited { policy: Policy, retry: RetryAt },
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::UnreadableBody(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyNotAnObject(_) | Self::InvalidField(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NoteNotFound(_) | Self::RouteNotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut body = Map::new();
        body.insert("error".into(), Value::String(self.to_string()));
        if let Self::InvalidField(err) = self {
            body.insert("field".into(), json!(err.field()));
        }

        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, *allow));
            }
            Self::RateLimited { policy, retry } => {
                response
                    .insert_header((header::RETRY_AFTER, retry.after_secs))
                    .insert_header((X_RATELIMIT_LIMIT, policy.max_requests()))
                    .insert_header((X_RATELIMIT_REMAINING, 0))
                    .insert_header((X_RATELIMIT_RESET, retry.reset_unix_secs));
            }
            _ => {}
        }
        response.json(body)
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
                Category::Syntax | Category::Eof => Self::MalformedJson(err.to_string()),
                // Bodies are read as JSON objects, so a type error can only
                // be about the body as a whole; fields are checked later, by
                // the domain types.
                Category::Data => Self::BodyNotAnObject(err.to_string()),
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

/// An error and its causes, outermost first, joined by `": "`. A cause
/// whose text the message already ends with is not repeated: some errors
/// (the Redis client's) print their source themselves.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.ends_with(&cause_text) {
            message.push_str(": ");
            message.push_str(&cause_text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Inner(#[source] std::io::Error);

    #[test]
    fn a_chain_lists_each_cause_once() {
        let err = Outer(Inner(std::io::Error::other("connection refused")));
        assert_eq!(error_chain(&err), "outer: connection refused");
    }
}
