//! `POST /auth/register`: creates an account.

use actix_web::{HttpResponse, http::header, web};

use crate::{
    auth::PasswordHasher,
    clock,
    domain::{JsonObject, Registration},
    error::ApiError,
    storage::{EmailTaken, Storage},
};

/// 201 with `{"id", "email"}` (never the password or its hash) and a
/// `Location`; 422 naming the field that breaks a rule; 409 when the email
/// is taken.
///
/// The password is hashed first, then the account inserted: the unique
/// index on `email` decides between concurrent registrations, so exactly
/// one wins and the others get 409, never a 5xx.
pub async fn register(
    storage: web::Data<Storage>,
    hasher: web::Data<PasswordHasher>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let Registration { email, password } =
        Registration::parse(&body).map_err(ApiError::InvalidField)?;
    let password_hash = hasher.hash(password).await?;
    match storage
        .insert_user(email, password_hash, clock::unix_now())
        .await?
    {
        Ok(user) => {
            tracing::info!(user = %user.id, "account created");
            Ok(HttpResponse::Created()
                .insert_header((header::LOCATION, format!("/users/{}", user.id)))
                .json(user))
        }
        Err(EmailTaken) => Err(ApiError::EmailTaken),
    }
}
