//! Tokens a reviewer with jwt_tool would try against `/users/me`. Each must
//! be refused with 401; one accepted token is a way into any account.

use jsonwebtoken::Algorithm;
use kit_harness::{Ctx, Outcome, Value, json};

use crate::accounts::{email, get_with, reader, register, unknown_id_like};
use crate::checks::auth::expect_unauthorized;
use crate::jwt::{self, forge, now, unsigned, with_claims};
use crate::settings::{JWT_SECRET, PASSWORD};

/// The claims of the service's own token, so a forged token differs from
/// a genuine one only in what the check is about (a service may add claims
/// of its own, such as a session id).
fn genuine(token: &str) -> Value {
    jwt::parts(token)
        .map(|(_, claims)| claims)
        .unwrap_or_else(|| json!({}))
}

/// `claims` with `changes` applied (`null` removes a claim).
fn changed(claims: &Value, changes: Value) -> Value {
    let mut claims = claims.clone();
    if let (Some(claims), Some(changes)) = (claims.as_object_mut(), changes.as_object()) {
        for (name, value) in changes {
            if value.is_null() {
                claims.remove(name);
            } else {
                claims.insert(name.clone(), value.clone());
            }
        }
    }
    claims
}

async fn expect_refused(
    cx: &Ctx,
    token: &str,
    situation: &str,
) -> Result<(), kit_harness::Failure> {
    let reply = get_with(cx.http(), "/users/me", Some(&format!("Bearer {token}"))).await?;
    expect_unauthorized(&reply, situation)
}

/// The control: the genuine claims, signed by the grader with the right
/// secret, are accepted. A service that refuses every token cannot pass.
async fn accepted_control(cx: &Ctx, claims: &Value) -> Result<(), kit_harness::Failure> {
    let token = forge(Algorithm::HS256, claims, JWT_SECRET);
    let reply = get_with(cx.http(), "/users/me", Some(&format!("Bearer {token}"))).await?;
    reply.expect_status(&[200], "a correctly signed HS256 token (control)")?;
    Ok(())
}

pub async fn bad_signature(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "bad-signature").await?;
    let other = register(cx.http(), &email("bad-signature-victim"), PASSWORD).await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    let stolen = changed(&claims, json!({ "sub": other.id }));
    expect_refused(
        &cx,
        &with_claims(&token, &stolen),
        "a token whose payload was changed (another `sub`), signature kept",
    )
    .await?;
    expect_refused(
        &cx,
        &forge(Algorithm::HS256, &claims, "not-the-secret"),
        "a token signed with another secret",
    )
    .await?;
    Ok("tampered payloads and other secrets are refused".to_owned())
}

pub async fn alg_none(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "alg-none").await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    for alg in ["none", "None", "NONE", "nOnE"] {
        expect_refused(
            &cx,
            &unsigned(alg, &claims),
            &format!("`alg: {alg}` with an empty signature"),
        )
        .await?;
    }
    Ok("unsigned tokens (`alg: none`, any case) are refused".to_owned())
}

pub async fn other_algorithms(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "other-algorithms").await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    for algorithm in [Algorithm::HS384, Algorithm::HS512] {
        let situation =
            format!("{algorithm:?} with the right secret (the algorithm must be pinned to HS256)");
        expect_refused(&cx, &forge(algorithm, &claims, JWT_SECRET), &situation).await?;
    }
    Ok("HS384 and HS512 are refused even with the right secret".to_owned())
}

pub async fn expiry(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "expiry").await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    let expired = changed(&claims, json!({ "iat": now() - 3780, "exp": now() - 180 }));
    expect_refused(
        &cx,
        &forge(Algorithm::HS256, &expired, JWT_SECRET),
        "a token that expired 3 minutes ago",
    )
    .await?;
    let no_exp = changed(&claims, json!({ "exp": null }));
    expect_refused(
        &cx,
        &forge(Algorithm::HS256, &no_exp, JWT_SECRET),
        "a token without `exp`",
    )
    .await?;
    Ok("expired tokens and tokens without `exp` are refused".to_owned())
}

pub async fn future_nbf(cx: Ctx) -> Outcome {
    let (_account, token) = reader(&cx, "not-before").await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    let early = changed(&claims, json!({ "nbf": now() + 600 }));
    expect_refused(
        &cx,
        &forge(Algorithm::HS256, &early, JWT_SECRET),
        "a token whose `nbf` is 10 minutes away",
    )
    .await?;
    Ok("a token not valid yet (`nbf`) is refused".to_owned())
}

pub async fn unknown_subject(cx: Ctx) -> Outcome {
    let (account, token) = reader(&cx, "unknown-subject").await?;
    let claims = genuine(&token);
    accepted_control(&cx, &claims).await?;
    let ghost = changed(&claims, json!({ "sub": unknown_id_like(&account.id) }));
    expect_refused(
        &cx,
        &forge(Algorithm::HS256, &ghost, JWT_SECRET),
        "a well-signed token whose `sub` names no user",
    )
    .await?;
    Ok("a token for a user that does not exist is refused".to_owned())
}
