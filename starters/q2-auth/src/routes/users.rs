//! `GET /users/{id}`: an account.

use actix_web::web;

use crate::{
    domain::{User, UserId},
    error::ApiError,
    storage::Storage,
};

/// 200 with `{"id", "email"}`; 404 for an unknown id.
// TODO(q2): this answers anyone, about any account. Require an access token
// (`Authorization: Bearer <token>`, the scheme in any case) and answer 200
// only when `{id}` is the token's own user; 403 for any other id, whether an
// account has it or not (a 404 would tell who exists); 401 with a
// `WWW-Authenticate: Bearer` header when the token is missing or bad. Also
// add `GET /users/me`, the token's own account.
// Checking the token belongs in one place that every protected route goes
// through: an extractor (`impl FromRequest for AuthenticatedUser`, then
// take an `AuthenticatedUser` argument) or a middleware. It must refuse:
// another scheme, a malformed token, a bad signature, another secret,
// `alg: none`, any algorithm but HS256, a missing or past `exp`, a future
// `nbf`, a `sub` that names no user, and (bonus) a token issued before the
// user's last password reset.
pub async fn get_user(
    storage: web::Data<Storage>,
    path: web::Path<String>,
) -> Result<web::Json<User>, ApiError> {
    let raw_id = path.into_inner();
    let Some(id) = UserId::parse(&raw_id) else {
        return Err(ApiError::UserNotFound(raw_id));
    };
    match storage.get_user(id).await? {
        Some(user) => Ok(web::Json(user)),
        None => Err(ApiError::UserNotFound(raw_id)),
    }
}
