//! `AuthenticatedUser`: the guard of protected routes.
//!
//! A handler that takes an `AuthenticatedUser` argument only runs for a
//! request carrying a valid access token; any other request gets a 401
//! with a `WWW-Authenticate: Bearer` challenge, before the handler runs.
//! Protecting a route is one argument, so it cannot be forgotten halfway.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};

use crate::{
    auth::{JwtKeys, TokenRejection},
    clock,
    domain::User,
    error::{ApiError, Unauthenticated},
    storage::Storage,
};

/// The account whose access token came with the request.
#[derive(Debug, Clone)]
pub struct AuthenticatedUser(pub User);

impl FromRequest for AuthenticatedUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req).map(str::to_owned);
        let keys = req.app_data::<web::Data<JwtKeys>>().cloned();
        let storage = req.app_data::<web::Data<Storage>>().cloned();
        Box::pin(async move {
            let (Some(keys), Some(storage)) = (keys, storage) else {
                return Err(ApiError::MissingAppData("JwtKeys and Storage"));
            };
            authenticate(&token?, &keys, &storage).await
        })
    }
}

/// The token of an `Authorization: Bearer <token>` header. The scheme is
/// case-insensitive (RFC 9110); the token is not trimmed beyond the
/// spaces around it.
fn bearer_token(req: &HttpRequest) -> Result<&str, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated(Unauthenticated::MissingToken))?
        .to_str()
        .map_err(|_| ApiError::Unauthenticated(Unauthenticated::InvalidToken))?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Unauthenticated(Unauthenticated::OtherScheme));
    }
    match token.trim() {
        "" => Err(ApiError::Unauthenticated(Unauthenticated::InvalidToken)),
        token => Ok(token),
    }
}

/// Checks the token, then what only the database knows: that its `sub`
/// still names an account, and that it was not issued before that
/// account's last password change.
async fn authenticate(
    token: &str,
    keys: &JwtKeys,
    storage: &Storage,
) -> Result<AuthenticatedUser, ApiError> {
    let refuse = |reason: &'static str, answer: Unauthenticated| {
        // The reason, never the token.
        tracing::info!(reason, "access token refused");
        ApiError::Unauthenticated(answer)
    };
    let verified = keys.verify(token).map_err(|rejection| match rejection {
        TokenRejection::Expired => refuse("expired", Unauthenticated::ExpiredToken),
        TokenRejection::Invalid(reason) => refuse(reason, Unauthenticated::InvalidToken),
    })?;
    let Some(owner) = storage.find_token_owner(verified.user).await? else {
        return Err(refuse(
            "sub names no account",
            Unauthenticated::InvalidToken,
        ));
    };
    if owner
        .password_changed_at
        .is_some_and(|changed_at| verified.issued_at < changed_at)
    {
        return Err(refuse(
            "issued before the last password change",
            Unauthenticated::InvalidToken,
        ));
    }
    if verified.issued_at > clock::unix_now().saturating_add(MAX_CLOCK_SKEW_SECS) {
        return Err(refuse(
            "issued in the future",
            Unauthenticated::InvalidToken,
        ));
    }
    Ok(AuthenticatedUser(owner.user))
}

/// A token whose `iat` is further in the future than this was not issued
/// by this service's clock; refusing it also keeps a forged far-future
/// `iat` from outliving password resets.
const MAX_CLOCK_SKEW_SECS: i64 = 60;
