//! The protected routes (bonus: the auth middleware): `/users/me` and
//! `/users/{id}`.

use kit_harness::{Ctx, Outcome, Reply, Value};

use crate::accounts::{SignedIn, email, get_with, reader, register, signed_in, unknown_id_like};
use crate::settings::PASSWORD;

/// 401, and (bonus) `WWW-Authenticate: Bearer`, checked separately.
pub fn expect_unauthorized(reply: &Reply, situation: &str) -> Result<(), kit_harness::Failure> {
    reply.expect_status(&[401], situation).map(|_| ())
}

/// The prerequisite of the token and middleware checks: a valid token gets
/// its own user. (A password or hash in the answer is
/// `q2.register.no_password_in_response`'s.) The account is left for them
/// ([`SignedIn`]).
pub async fn me(cx: Ctx) -> Outcome {
    let (account, token) = signed_in(cx.http(), "me").await?;
    cx.share(SignedIn {
        account: account.clone(),
        token: token.clone(),
    });
    let reply = get_with(cx.http(), "/users/me", Some(&format!("Bearer {token}"))).await?;
    reply.expect_status(&[200], "GET /users/me with a valid token")?;
    let body = reply.expect_json_object()?;
    let id = body.get("id").and_then(kit_harness::json::id_in_path);
    let matches = id.as_deref() == Some(account.id.as_str())
        && body.get("email").and_then(Value::as_str) == Some(account.email.as_str());
    reply.expect(matches, "the token's user ({id, email})", || {
        format!("got {}", reply.text())
    })?;
    Ok("200 with the token's user".to_owned())
}

pub async fn missing_or_malformed_401(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "no-token").await?;
    for (authorization, situation) in [
        (None, "no Authorization header"),
        (Some(format!("Basic {token}")), "another scheme (Basic)"),
        (Some("Bearer".to_owned()), "the scheme without a token"),
        (Some("Bearer not.a.jwt".to_owned()), "a malformed token"),
        (Some(format!("Token {token}")), "another scheme (Token)"),
    ] {
        let reply = get_with(cx.http(), "/users/me", authorization.as_deref()).await?;
        expect_unauthorized(&reply, situation)?;
    }
    Ok("401 without a token, with another scheme, or with a malformed token".to_owned())
}

pub async fn www_authenticate(cx: Ctx) -> Outcome {
    for authorization in [None, Some("Bearer not.a.jwt")] {
        let reply = get_with(cx.http(), "/users/me", authorization).await?;
        expect_unauthorized(&reply, "a request without a valid token")?;
        let challenge = reply
            .header("www-authenticate")
            .unwrap_or_default()
            .to_owned();
        reply.expect(
            challenge.to_lowercase().starts_with("bearer"),
            "a `WWW-Authenticate: Bearer` header",
            || {
                if challenge.is_empty() {
                    "the 401 has no `WWW-Authenticate` header (RFC 6750 asks for `Bearer`)"
                        .to_owned()
                } else {
                    format!("`WWW-Authenticate: {challenge}` does not name the Bearer scheme")
                }
            },
        )?;
    }
    Ok("401 answers carry `WWW-Authenticate: Bearer`".to_owned())
}

pub async fn scheme_case_insensitive(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "lowercase-scheme").await?;
    for scheme in ["bearer", "BEARER"] {
        let reply = get_with(cx.http(), "/users/me", Some(&format!("{scheme} {token}"))).await?;
        reply.expect_status(
            &[200],
            &format!("the scheme written `{scheme}` (RFC 9110: case-insensitive)"),
        )?;
    }
    Ok("the Bearer scheme is matched case-insensitively".to_owned())
}

pub async fn user_by_id(cx: Ctx) -> Outcome {
    let (account, token) = reader(&cx, "owner").await?;
    let other = register(cx.http(), &email("someone-else"), PASSWORD).await?;
    let bearer = format!("Bearer {token}");
    let reply = get_with(cx.http(), &format!("/users/{}", account.id), Some(&bearer)).await?;
    reply.expect_status(&[200], "GET /users/{own id}")?;
    let reply = get_with(cx.http(), &format!("/users/{}", other.id), Some(&bearer)).await?;
    reply.expect_status(&[403], "another user's id")?;
    reply.expect_error_message()?;
    let nobody = unknown_id_like(&account.id);
    let reply = get_with(cx.http(), &format!("/users/{nobody}"), Some(&bearer)).await?;
    reply.expect_status(
        &[403],
        "an id nobody has (403, not 404: no existence oracle)",
    )?;
    let reply = get_with(cx.http(), &format!("/users/{}", account.id), None).await?;
    reply.expect_status(&[401], "no token")?;
    Ok("own id 200, any other id 403 (existing or not), no token 401".to_owned())
}
