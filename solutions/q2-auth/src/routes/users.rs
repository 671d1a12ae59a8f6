//! `GET /users/me` and `GET /users/{id}`: the caller's own account.

use actix_web::web;

use crate::{
    auth::AuthenticatedUser,
    domain::{User, UserId},
    error::ApiError,
};

/// 200 with the account of the token; 401 without a valid token.
pub async fn me(AuthenticatedUser(user): AuthenticatedUser) -> web::Json<User> {
    web::Json(user)
}

/// 200 when `{id}` is the caller's own id; 403 for any other, whether an
/// account has it or not (and for ids that are not numbers): the answer
/// tells nothing about other accounts. 401 without a valid token, checked
/// first.
pub async fn get_user(
    AuthenticatedUser(user): AuthenticatedUser,
    path: web::Path<String>,
) -> Result<web::Json<User>, ApiError> {
    match UserId::parse(&path) {
        Some(id) if id == user.id => Ok(web::Json(user)),
        _ => Err(ApiError::Forbidden),
    }
}
