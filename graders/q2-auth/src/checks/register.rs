//! `POST /auth/register`: creation, validation, uniqueness.

use futures_util::future::join_all;
use kit_harness::json::mentions;
use kit_harness::{Ctx, Failure, Outcome, Reply, Value, ensure, json};

use crate::accounts::{email, login, register, register_reply};
use crate::settings::PASSWORD;

/// 422 (400 accepted) with a JSON error naming `field`.
pub fn expect_rejected(reply: &Reply, field: &str, situation: &str) -> Result<(), Failure> {
    reply.expect_status(&[422, 400], situation)?;
    reply.expect_error_message()?;
    let named = reply.json().is_some_and(|body| mentions(&body, field));
    reply.expect(
        named,
        &format!("the error names the field `{field}`"),
        || {
            format!(
                "the error does not name the offending field `{field}`: {}",
                reply.text()
            )
        },
    )
}

pub async fn status_201(cx: Ctx) -> Outcome {
    let address = email("register-ok");
    let reply = register_reply(cx.http(), &address, PASSWORD).await?;
    reply.expect_status(&[201], "registering a new account")?;
    let body = reply.expect_json_object()?;
    let id_ok = body
        .get("id")
        .and_then(kit_harness::json::id_in_path)
        .is_some();
    reply.expect(id_ok, "an `id`", || {
        format!("no usable `id` in {}", reply.text())
    })?;
    let email_ok = body.get("email").and_then(Value::as_str) == Some(address.as_str());
    reply.expect(email_ok, &format!("`email` = {address}"), || {
        format!("`email` is {}", body.get("email").unwrap_or(&Value::Null))
    })?;
    Ok("201 with {id, email}".to_owned())
}

/// Nothing secret in the answer, under any field name.
pub async fn no_password_in_response(cx: Ctx) -> Outcome {
    let password = "response-leak-check-password";
    let reply = register_reply(cx.http(), &email("register-leak"), password).await?;
    reply.expect_status(&[201], "registering a new account")?;
    let text = reply.text();
    let body = reply.json().unwrap_or(Value::Null);
    let leaks_password = text.contains(password);
    let leaks_hash = text.contains("$2a$")
        || text.contains("$2b$")
        || text.contains("$2y$")
        || text.contains("$argon2");
    let secret_field = body.as_object().and_then(|object| {
        object
            .keys()
            .find(|key| {
                key.to_lowercase().contains("password") || key.to_lowercase().contains("hash")
            })
            .cloned()
    });
    reply.expect(
        !leaks_password && !leaks_hash && secret_field.is_none(),
        "no password or hash in the answer",
        || {
            if leaks_password {
                "the answer contains the password in clear".to_owned()
            } else if leaks_hash {
                "the answer contains the password hash".to_owned()
            } else {
                format!(
                    "the answer has a `{}` field",
                    secret_field.unwrap_or_default()
                )
            }
        },
    )?;
    Ok("the answer holds no password or hash".to_owned())
}

pub async fn invalid_email_422(cx: Ctx) -> Outcome {
    for (situation, address) in [
        ("an email without @", "not-an-email".to_owned()),
        ("an email without a domain", "ann@".to_owned()),
        ("an email without a local part", "@example.com".to_owned()),
        ("an email whose domain has no dot", "ann@example".to_owned()),
        ("an email with two @", "ann@@example.com".to_owned()),
        (
            "an email over 254 characters",
            format!("{}@{}.com", "a".repeat(64), "d".repeat(200)),
        ),
    ] {
        let reply = register_reply(cx.http(), &address, PASSWORD).await?;
        expect_rejected(&reply, "email", situation)?;
    }
    register(cx.http(), "x@y.io", PASSWORD).await?;
    Ok("malformed emails get 422/400 naming `email`; a short valid one is accepted".to_owned())
}

pub async fn short_password_422(cx: Ctx) -> Outcome {
    let reply = register_reply(cx.http(), &email("short-password"), "7-chars").await?;
    expect_rejected(&reply, "password", "a 7-character password")?;
    register(cx.http(), &email("eight-chars"), "8-chars!").await?;
    Ok("a password under 8 characters gets 422/400 naming `password`; 8 is accepted".to_owned())
}

pub async fn malformed_400(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/auth/register")
        .header("content-type", "application/json")
        .raw_body(r#"{"email": "ann@example.com", "password": "#)
        .send()
        .await?;
    reply.expect_status(&[400], "malformed JSON")?;
    reply.expect_error_message()?;
    let reply = cx
        .http()
        .post("/auth/register")
        .json(&json!({ "email": email("no-password") }))
        .send()
        .await?;
    reply.expect_status(&[400, 422], "a registration without password")?;
    reply.expect_error_message()?;
    Ok("malformed or incomplete registrations get 400/422 with a JSON error".to_owned())
}

/// Over 72 bytes: refused, or every byte counts (no silent bcrypt truncation).
pub async fn long_password_not_truncated(cx: Ctx) -> Outcome {
    let head = "p".repeat(72);
    let password = format!("{head}-first-tail");
    let address = email("long-password");
    let reply = register_reply(cx.http(), &address, &password).await?;
    if matches!(reply.status, 400 | 422) {
        reply.expect_error_message()?;
        return Ok("a password over 72 bytes is refused (422/400)".to_owned());
    }
    reply.expect_status(&[201, 422, 400], "a 83-byte password")?;
    let other = format!("{head}-other-tail");
    let reply = crate::accounts::login_reply(cx.http(), &address, &other).await?;
    reply.expect(reply.status != 200, "login refused: the tail after byte 72 differs", || {
        "a login with the same first 72 bytes and another tail succeeded: the password is silently truncated (bcrypt ignores bytes after 72)".to_owned()
    })?;
    login(cx.http(), &address, &password).await?;
    Ok("a long password is accepted and every byte counts".to_owned())
}

pub async fn duplicate_409(cx: Ctx) -> Outcome {
    let address = email("duplicate");
    register(cx.http(), &address, PASSWORD).await?;
    let reply = register_reply(cx.http(), &address, PASSWORD).await?;
    reply.expect_status(&[409], "registering an email that is taken")?;
    reply.expect_error_message()?;
    Ok("a taken email gets 409 with a JSON error".to_owned())
}

pub async fn duplicate_normalised_409(cx: Ctx) -> Outcome {
    register(cx.http(), &email("carol.normalised"), PASSWORD).await?;
    let reply = register_reply(cx.http(), "  Carol.Normalised@Example.COM ", PASSWORD).await?;
    reply.expect_status(
        &[409],
        "the same email with other case and surrounding spaces",
    )?;
    Ok("emails are trimmed and lower-cased before comparing".to_owned())
}

pub const SIMULTANEOUS: usize = 10;

pub async fn concurrent_duplicates(cx: Ctx) -> Outcome {
    let address = email("simultaneous");
    // Ten hashes at once are slow on a busy machine: a longer bound per request.
    let http = cx
        .http()
        .clone()
        .with_timeout(std::time::Duration::from_secs(30));
    let replies =
        join_all((0..SIMULTANEOUS).map(|_| register_reply(&http, &address, PASSWORD))).await;
    let mut statuses = Vec::with_capacity(SIMULTANEOUS);
    for reply in replies {
        statuses.push(reply?.status);
    }
    statuses.sort_unstable();
    let created = statuses.iter().filter(|status| **status == 201).count();
    let conflicts = statuses.iter().filter(|status| **status == 409).count();
    ensure!(
        created == 1 && conflicts == SIMULTANEOUS - 1,
        "{SIMULTANEOUS} simultaneous registrations of one email answered {statuses:?}; expected one 201 and nine 409 (the database must enforce uniqueness: check-then-insert races)"
    );
    Ok(format!(
        "{SIMULTANEOUS} simultaneous registrations: one 201, nine 409"
    ))
}
