//! `POST /auth/register`: creation, validation, uniqueness.

use futures_util::future::join_all;
use kit_harness::json::mentions;
use kit_harness::{Ctx, Failure, Outcome, Reply, Value, ensure, json};

use crate::accounts::{
    LOGGED_IN, REGISTERED, email, get_with, login, login_reply, register, register_reply,
};
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
    reply.expect_status(&[201], "registering a new account (the contract: 201)")?;
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

/// Which secret an answer gives away, if any: a password it was sent, a
/// password hash, or (in a success's body) a field named like one.
fn leak(reply: &Reply, passwords: &[&str]) -> Option<String> {
    let text = reply.text();
    // In the text as sent, or in a JSON string (`é` may come back as `\u00e9`).
    let body = reply.json().unwrap_or(Value::Null);
    if let Some(password) = passwords
        .iter()
        .find(|password| text.contains(**password) || mentions(&body, password))
    {
        return Some(format!(
            "the answer contains the password `{password}` in clear"
        ));
    }
    if ["$2a$", "$2b$", "$2y$", "$argon2"]
        .iter()
        .any(|prefix| text.contains(prefix))
    {
        return Some("the answer contains a password hash".to_owned());
    }
    // An error may well name the field `password`; a success has no reason to.
    if reply.status >= 400 {
        return None;
    }
    body.as_object()
        .and_then(|object| {
            object.keys().find(|key| {
                let key = key.to_lowercase();
                key.contains("password") || key.contains("hash")
            })
        })
        .map(|key| format!("the answer has a `{key}` field"))
}

fn expect_no_leak(reply: &Reply, passwords: &[&str], situation: &str) -> Result<(), Failure> {
    let found = leak(reply, passwords);
    reply.expect(
        found.is_none(),
        &format!("no password or hash in the answer to {situation}"),
        || found.clone().unwrap_or_default(),
    )
}

/// No answer carries a password or its hash, under any field name:
/// successes (registration, login, the user's own record) and errors alike,
/// for a validation error must not echo the request's input. The statuses
/// are other checks' business: every answer is scanned, whatever it is.
pub async fn no_password_in_response(cx: Ctx) -> Outcome {
    let http = cx.http();
    let password = "response-leak-check-password";
    let reply = register_reply(http, &email("register-leak"), password).await?;
    reply.expect_status(REGISTERED, "registering a new account")?;
    expect_no_leak(&reply, &[password], "a registration")?;
    let id = reply
        .json()
        .and_then(|body| body.get("id").and_then(kit_harness::json::id_in_path));

    // Requests a validation error answers, each carrying a password.
    let short = "Qv7#zk2";
    let long = format!("{}-leak-check", "é".repeat(40));
    let probes = [
        (
            "/auth/register",
            json!({ "email": "not-an-email", "password": "leak-check-bad-email-5521" }),
            "a registration with an invalid email",
        ),
        (
            "/auth/register",
            json!({ "password": "leak-check-no-email-6632" }),
            "a registration without email",
        ),
        (
            "/auth/register",
            json!({ "email": email("register-leak-short"), "password": short }),
            "a registration with a 7-character password",
        ),
        (
            "/auth/register",
            json!({ "email": email("register-leak-long"), "password": long }),
            "a registration with a password over 72 bytes",
        ),
        (
            "/auth/login",
            json!({ "password": "leak-check-login-no-email-7743" }),
            "a login without email",
        ),
        (
            "/auth/login",
            json!({ "email": email("register-leak"), "password": "leak-check-wrong-8854" }),
            "a login with a wrong password",
        ),
    ];
    for (path, body, situation) in &probes {
        let reply = http.post(path).json(body).send().await?;
        let sent = body["password"].as_str().unwrap_or_default();
        expect_no_leak(&reply, &[sent], situation)?;
    }

    // The login answer and the user's own record, when they work (their
    // own checks say so when they do not).
    let reply = login_reply(http, &email("register-leak"), password).await?;
    expect_no_leak(&reply, &[password], "a login")?;
    let token = reply.json().and_then(|body| {
        body.get("access_token")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let mut scanned = "registration, login and 6 refused requests".to_owned();
    if let Some(token) = token {
        let bearer = format!("Bearer {token}");
        let mut paths = vec!["/users/me".to_owned()];
        paths.extend(id.map(|id| format!("/users/{id}")));
        for path in &paths {
            let reply = get_with(http, path, Some(&bearer)).await?;
            expect_no_leak(&reply, &[password], &format!("GET {path}"))?;
        }
        scanned = format!(
            "registration, login, {} and 6 refused requests",
            paths.join(", ")
        );
    }
    Ok(format!("no password or hash in the answers to {scanned}"))
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

/// The contract's registration errors, exactly: malformed JSON is 400;
/// valid JSON that breaks a field rule (here: no password) is 422 (400
/// accepted).
pub async fn malformed_400(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/auth/register")
        .header("content-type", "application/json")
        .raw_body(r#"{"email": "ann@example.com", "password": "#)
        .send()
        .await?;
    reply.expect_status(&[400], "malformed JSON (the contract: 400)")?;
    reply.expect_error_message()?;
    let reply = cx
        .http()
        .post("/auth/register")
        .json(&json!({ "email": email("no-password") }))
        .send()
        .await?;
    reply.expect_status(
        &[422, 400],
        "a registration without password (the contract: 422, 400 accepted)",
    )?;
    reply.expect_error_message()?;
    Ok("malformed JSON gets 400, a missing password 422/400, each with a JSON error".to_owned())
}

/// Over 72 bytes: refused, or every byte counts (no silent bcrypt
/// truncation). Bytes of UTF-8, not characters: the second password is 47
/// characters but 83 bytes, which a limit counted in characters lets
/// through to bcrypt.
pub async fn long_password_not_truncated(cx: Ctx) -> Outcome {
    for (tag, head, what) in [
        (
            "long-password",
            "p".repeat(72),
            "an 83-byte password (83 ASCII characters)",
        ),
        (
            "long-password-utf8",
            "é".repeat(36),
            "an 83-byte password of 47 characters (36 × `é`, 2 bytes each, then 11 ASCII)",
        ),
    ] {
        let password = format!("{head}-first-tail");
        let address = email(tag);
        let reply = register_reply(cx.http(), &address, &password).await?;
        if matches!(reply.status, 400 | 422) {
            reply.expect_error_message()?;
            continue;
        }
        reply.expect_status(&[201, 200, 422, 400], what)?;
        let other = format!("{head}-other-tail");
        let reply = login_reply(cx.http(), &address, &other).await?;
        reply.expect(reply.status != 200, &format!("login refused: the tail after byte 72 differs ({what})"), || {
            format!("{what} was accepted, and a login with the same first 72 bytes and another tail succeeded: the password is silently truncated (bcrypt ignores bytes after 72; the limit is 72 bytes of UTF-8, not 72 characters)")
        })?;
        login(cx.http(), &address, &password).await?;
    }
    Ok("passwords over 72 bytes (ASCII or not) are refused, or count in full".to_owned())
}

pub async fn duplicate_409(cx: Ctx) -> Outcome {
    let address = email("duplicate");
    register(cx.http(), &address, PASSWORD).await?;
    let reply = register_reply(cx.http(), &address, PASSWORD).await?;
    reply.expect_status(&[409], "registering an email that is taken")?;
    reply.expect_error_message()?;
    Ok("a taken email gets 409 with a JSON error".to_owned())
}

/// Emails are trimmed and lower-cased before storing and comparing: at
/// registration (a 409) and at login.
pub async fn duplicate_normalised_409(cx: Ctx) -> Outcome {
    register(cx.http(), &email("carol.normalised"), PASSWORD).await?;
    let typed = "  Carol.Normalised@Example.COM ";
    let reply = register_reply(cx.http(), typed, PASSWORD).await?;
    reply.expect_status(
        &[409],
        "the same email with other case and surrounding spaces",
    )?;
    let reply = login_reply(cx.http(), typed, PASSWORD).await?;
    reply.expect_status(
        LOGGED_IN,
        "logging in with the email typed with other case and spaces",
    )?;
    Ok("emails are trimmed and lower-cased before comparing, at registration and login".to_owned())
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
    // A 200 for the winner is `status_201`'s to score, not this check's.
    let created = statuses
        .iter()
        .filter(|status| REGISTERED.contains(status))
        .count();
    let conflicts = statuses.iter().filter(|status| **status == 409).count();
    ensure!(
        created == 1 && conflicts == SIMULTANEOUS - 1,
        "{SIMULTANEOUS} simultaneous registrations of one email answered {statuses:?}; expected one 201 and nine 409 (the database must enforce uniqueness: check-then-insert races)"
    );
    Ok(format!(
        "{SIMULTANEOUS} simultaneous registrations: one 201, nine 409"
    ))
}
