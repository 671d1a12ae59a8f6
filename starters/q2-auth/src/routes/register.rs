//! `POST /auth/register`: creates an account.

use actix_web::{HttpResponse, http::header, web};

use crate::{
    domain::{JsonObject, NewUser},
    error::ApiError,
    storage::Storage,
};

/// 201 with `{"id", "email"}` and a `Location`; 422 naming the field when
/// `email` or `password` is missing or not a string.
// TODO(q2): 409 when the email is taken (see `storage.rs`).
pub async fn register(
    storage: web::Data<Storage>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let NewUser { email, password } = NewUser::parse(&body).map_err(ApiError::InvalidField)?;

    // TODO(q2): SECURITY. This stores the password exactly as typed, in a
    // column that only pretends to hold a hash: anyone who reads the
    // database (a backup, a leaked file, an SQL injection elsewhere) gets
    // every user's password, and users reuse passwords across sites. Store a
    // bcrypt hash instead (cost 10 or more; argon2id is fine too): slow and
    // salted, so a stolen table costs an attacker years instead of seconds.
    // Hashing takes a noticeable fraction of a second of CPU: run it on the
    // blocking thread pool (`web::block`), never on the async workers, or a
    // few logins stall every other request.
    let password_hash = password;

    let user = storage.insert_user(email, password_hash).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/users/{}", user.id)))
        .json(user))
}
