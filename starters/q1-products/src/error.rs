//! The one error type handlers return, and how it becomes an HTTP response.
//!
//! Each variant's status code is decided here, once, and every error body is
//! JSON: `{"error": "<human-readable message>"}`.
//!
//! TODO(q1): error handling. Errors actix raises before a handler runs are
//! still its defaults: plain-text or empty bodies, 400 for a body that is
//! not JSON, and a 2 MB body limit. The contract asks for a JSON body on
//! every error and:
//! - malformed JSON: 400;
//! - body not declared JSON (`Content-Type: text/plain`, or none): 415;
//! - body over 1 MiB (1_048_576 bytes): 413, and the service keeps running;
//! - valid JSON breaking a field rule: 422, the message naming the field.
//!
//! Actix reports the first three as a `actix_web::error::JsonPayloadError`:
//! register a `web::JsonConfig` (with `.limit(..)` and `.error_handler(..)`)
//! in `startup.rs` that turns it into a variant of `ApiError`.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use serde_json::json;

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Also used for ids that are not numbers: they name no product either.
    #[error("no product with id `{0}`")]
    ProductNotFound(String),
    /// Our fault, not the client's: the details are logged, not sent.
    #[error("internal server error")]
    Internal(#[from] StorageError),
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::ProductNotFound(_) => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(source) = self {
            tracing::error!(error = %error_chain(source), "request failed");
        }
        HttpResponse::build(self.status_code()).json(json!({ "error": self.to_string() }))
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
