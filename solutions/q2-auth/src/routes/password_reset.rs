//! `POST /auth/password-reset` and `POST /auth/password-reset/confirm`:
//! a new password through a single-use link sent by email.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::{
    auth::PasswordHasher,
    clock,
    domain::{Email, JsonObject, ResetConfirmation, ResetRequest, ResetToken},
    error::ApiError,
    mail::{Outbox, OutgoingEmail},
    settings::PublicBaseUrl,
    storage::Storage,
};

/// How reset links are made; built once from the settings.
#[derive(Debug, Clone)]
pub struct ResetLinks {
    /// From `PUBLIC_BASE_URL`, never from the request's `Host` header: a
    /// caller must not be able to send a victim a link to their own server.
    pub base_url: PublicBaseUrl,
    pub token_ttl_secs: u64,
}

/// 202 with the same body whether or not an account has the email, so the
/// answer tells nothing about who has an account. For an account, one email
/// with a reset link goes to the outbox.
pub async fn request_reset(
    storage: web::Data<Storage>,
    outbox: web::Data<Outbox>,
    links: web::Data<ResetLinks>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let ResetRequest { email } = ResetRequest::parse(&body).map_err(ApiError::InvalidField)?;

    if let Some(user) = storage.find_user_by_email(email).await? {
        let token = ResetToken::generate()?;
        let now = clock::unix_now();
        let expires_at = now.saturating_add(clock::secs(links.token_ttl_secs));
        storage
            .insert_reset_token(user.id, token.digest(), now, expires_at)
            .await?;
        outbox.send(reset_email(user.email, &links, &token)).await?;
        tracing::info!(user = %user.id, "password reset email written");
    }

    Ok(HttpResponse::Accepted().json(json!({
        "message": "if an account has this email, a password reset link has been sent to it"
    })))
}

/// 204 once the password is changed; 400 for a token that is unknown,
/// used or expired; 422 for a weak new password (the token stays usable).
///
/// The token is checked (read only) before the new password is hashed, so
/// random tokens cost no bcrypt work; then one transaction marks it used and
/// changes the password, so it works once even when two requests race.
pub async fn confirm_reset(
    storage: web::Data<Storage>,
    hasher: web::Data<PasswordHasher>,
    body: web::Json<JsonObject>,
) -> Result<HttpResponse, ApiError> {
    let ResetConfirmation {
        token,
        new_password,
    } = ResetConfirmation::parse(&body).map_err(ApiError::InvalidField)?;
    let Some(token) = token else {
        return Err(ApiError::InvalidResetToken);
    };
    let digest = token.digest();
    if !storage
        .reset_token_is_usable(digest.clone(), clock::unix_now())
        .await?
    {
        return Err(ApiError::InvalidResetToken);
    }

    let new_hash = hasher.hash(new_password).await?;
    match storage
        .reset_password(digest, new_hash, clock::unix_now())
        .await?
    {
        Some(user) => {
            tracing::info!(user = %user, "password reset");
            Ok(HttpResponse::NoContent().finish())
        }
        None => Err(ApiError::InvalidResetToken),
    }
}

fn reset_email(to: Email, links: &ResetLinks, token: &ResetToken) -> OutgoingEmail {
    let link = format!(
        "{}/reset-password?token={}",
        links.base_url.as_str(),
        token.expose()
    );
    let lifetime = match links.token_ttl_secs {
        secs if secs % 3600 == 0 => plural(secs / 3600, "hour"),
        secs if secs % 60 == 0 => plural(secs / 60, "minute"),
        secs => plural(secs, "second"),
    };
    OutgoingEmail {
        to,
        subject: "Reset your password".into(),
        body: format!(
            "Someone asked to reset the password of the account with this email.\n\
             \n\
             To choose a new password, open this link within {lifetime}. It works once.\n\
             \n\
             {link}\n\
             \n\
             If you did not ask for this, ignore this email: your password stays as it is.\n"
        ),
    }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
