//! `POST /auth/login`: trades an email and a password for an access token.

use actix_web::{
    HttpResponse,
    http::header::{CACHE_CONTROL, CacheControl, CacheDirective},
    web,
};
use serde::Serialize;

use crate::{
    auth::{JwtKeys, PasswordHasher, ThrottlePolicy},
    clock,
    domain::{JsonObject, Login},
    error::ApiError,
    storage::Storage,
};

/// Body of a successful login (RFC 6749's token response).
#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    /// Seconds until the token expires.
    expires_in: u64,
}

/// 200 with an access token; 401 for a wrong password and an unknown email
/// alike (same status, same body, same bcrypt work); 429 with
/// `Retry-After` while the email is locked out, even with the right
/// password.
pub async fn login(
    storage: web::Data<Storage>,
    hasher: web::Data<PasswordHasher>,
    keys: web::Data<JwtKeys>,
    policy: web::Data<ThrottlePolicy>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let Login { email, password } = Login::parse(&body).map_err(ApiError::InvalidField)?;
    let policy = **policy;

    // Not an email at all: no account, and nothing to count failures for.
    let Some(email) = email else {
        hasher.verify(password, None).await?;
        return Err(ApiError::InvalidCredentials);
    };

    let failures = storage.login_failures(email.clone()).await?;
    if let Some(retry_after_secs) = policy.retry_after(failures.as_ref(), clock::unix_now()) {
        return Err(ApiError::LoginThrottled { retry_after_secs });
    }

    let (user, password_hash) = storage
        .find_credentials(email.clone())
        .await?
        .map(|found| (found.user, found.password_hash))
        .unzip();
    let verified = hasher.verify(password, password_hash).await?;
    let now = clock::unix_now();

    let Some(user) = user.filter(|_| verified) else {
        storage.record_login_failure(email, policy, now).await?;
        return Err(ApiError::InvalidCredentials);
    };
    if let Some(retry_after_secs) = storage.record_login_success(email, policy, now).await? {
        return Err(ApiError::LoginThrottled { retry_after_secs });
    }

    let token = keys.issue(user.id, now)?;
    tracing::info!(user = %user.id, "logged in");
    Ok(HttpResponse::Ok()
        // A token is a credential: no cache may keep a copy (RFC 6749 5.1).
        .insert_header((CACHE_CONTROL, CacheControl(vec![CacheDirective::NoStore])))
        .json(TokenResponse {
            access_token: token.token,
            token_type: "Bearer",
            expires_in: token.expires_in,
        }))
}
