//! `POST /auth/login`: tokens, uniform failures, and what hashing costs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use kit_harness::{Ctx, Failure, Http, Outcome, Value, ensure, json};

use crate::accounts::{
    LOGGED_IN, REGISTERED, email, login, login_reply, register, register_reply, same_answer,
    signed_in,
};
use crate::jwt;
use crate::settings::{JWT_SECRET, JWT_TTL_SECS, PASSWORD, WRONG_PASSWORD};

/// The prerequisite of every check that needs a login: the right
/// credentials get an access token. Only that: the exact answer (200,
/// `token_type`, `expires_in`) is `token_claims`'s, and email normalisation
/// `duplicate_normalised_409`'s, so that neither is charged again in every
/// check that needs a token.
pub async fn ok(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("login-ok"), PASSWORD).await?;
    let reply = login_reply(cx.http(), &account.email, PASSWORD).await?;
    reply.expect_status(LOGGED_IN, "logging in with the right credentials")?;
    let body = reply.expect_json_object()?;
    let token = body
        .get("access_token")
        .and_then(Value::as_str)
        .unwrap_or_default();
    reply.expect(
        token.split('.').count() == 3,
        "an `access_token` JWT",
        || {
            format!(
                "`access_token` is {}",
                body.get("access_token").unwrap_or(&Value::Null)
            )
        },
    )?;
    Ok("the right credentials get an `access_token` (a JWT)".to_owned())
}

/// The login answer as the contract gives it: 200 with `token_type` Bearer
/// and `expires_in` = JWT_TTL_SECS.
fn expect_login_answer(reply: &kit_harness::Reply) -> Result<(), Failure> {
    reply.expect_status(&[200], "logging in with the right credentials")?;
    let body = reply.json().unwrap_or(Value::Null);
    let bearer = body
        .get("token_type")
        .and_then(Value::as_str)
        .is_some_and(|kind| kind.eq_ignore_ascii_case("bearer"));
    reply.expect(bearer, "`token_type` = Bearer", || {
        format!(
            "`token_type` is {}",
            body.get("token_type").unwrap_or(&Value::Null)
        )
    })?;
    let expires_in = body.get("expires_in").and_then(Value::as_i64);
    reply.expect(
        expires_in == Some(JWT_TTL_SECS),
        &format!("`expires_in` = JWT_TTL_SECS ({JWT_TTL_SECS})"),
        || {
            format!(
                "`expires_in` is {}: clients use it to know when to log in again",
                body.get("expires_in").unwrap_or(&Value::Null)
            )
        },
    )?;
    Ok(())
}

pub async fn token_claims(cx: Ctx) -> Outcome {
    let (account, token) = signed_in(cx.http(), "claims").await?;
    let Some((header, claims)) = jwt::parts(&token) else {
        return Err(Failure::fail(
            "the access token's header or claims are not base64url JSON",
        ));
    };
    ensure!(
        header["alg"] == "HS256",
        "the token's `alg` is {}, expected HS256",
        header["alg"]
    );
    ensure!(
        jwt::signed_hs256(&token, JWT_SECRET),
        "the token's signature does not verify with JWT_SECRET (HS256)"
    );
    ensure!(
        claims["sub"].as_str() == Some(account.id.as_str()),
        "`sub` is {}, expected the user id as a string (\"{}\")",
        claims["sub"],
        account.id
    );
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err(Failure::fail(format!(
            "`iat` and `exp` must be numbers: got {} and {}",
            claims["iat"], claims["exp"]
        )));
    };
    ensure!(
        (iat - jwt::now()).abs() <= 120,
        "`iat` is {iat}, more than 2 minutes from now ({})",
        jwt::now()
    );
    ensure!(
        exp - iat == JWT_TTL_SECS,
        "`exp` - `iat` is {} s; expected JWT_TTL_SECS = {JWT_TTL_SECS} (the service was started with it)",
        exp - iat
    );
    let reply = login_reply(cx.http(), &account.email, PASSWORD).await?;
    expect_login_answer(&reply)?;
    let text = claims.to_string().to_lowercase();
    ensure!(
        !text.contains(PASSWORD)
            && !text.contains("$2")
            && !text.contains("password")
            && !text.contains("hash"),
        "the token's claims carry password material: {claims}"
    );
    Ok(format!(
        "200 with token_type Bearer and expires_in {JWT_TTL_SECS}; HS256, sub = \"{}\", exp = iat + {JWT_TTL_SECS}",
        account.id
    ))
}

pub async fn wrong_password_401(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("wrong-password"), PASSWORD).await?;
    let reply = login_reply(cx.http(), &account.email, WRONG_PASSWORD).await?;
    reply.expect_status(&[401], "a wrong password")?;
    reply.expect_error_message()?;
    Ok("401 with a JSON error".to_owned())
}

/// Wrong password and unknown email must be indistinguishable.
pub async fn same_answer_unknown_email(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("enumeration"), PASSWORD).await?;
    let known = login_reply(cx.http(), &account.email, WRONG_PASSWORD).await?;
    let unknown = login_reply(cx.http(), &email("nobody-here"), WRONG_PASSWORD).await?;
    known.expect_status(&[401], "a wrong password")?;
    unknown.expect_status(&[401], "an unknown email")?;
    unknown.expect(same_answer(&known, &unknown), "the same message as for a wrong password", || {
        format!(
            "a wrong password answers `{}` but an unknown email answers `{}`: an attacker can tell which emails have accounts",
            known.text(),
            unknown.text()
        )
    })?;
    Ok("wrong password and unknown email get the same 401 and body".to_owned())
}

/// Differences in median login time below this are noise, not an oracle.
const TIMING_NOISE: Duration = Duration::from_millis(20);

async fn timed_login(http: &Http, address: &str) -> Result<Duration, Failure> {
    let started = Instant::now();
    login_reply(http, address, WRONG_PASSWORD).await?;
    Ok(started.elapsed())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// An unknown email must cost about what a wrong password costs (a dummy
/// hash verification), or response times reveal which emails exist.
pub async fn timing_unknown_email(cx: Ctx) -> Outcome {
    let account = register(cx.http(), &email("timing"), PASSWORD).await?;
    let mut last = String::new();
    // Timing is noisy: a second, longer round before failing anyone. The
    // first is short: it only has to confirm what a correct service shows
    // at once (each login here is a hash, and nothing runs beside them).
    for rounds in [3, 9] {
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            known.push(timed_login(cx.http(), &account.email).await?);
            unknown.push(timed_login(cx.http(), &email(&format!("timing-nobody-{round}"))).await?);
        }
        let (known, unknown) = (median(known), median(unknown));
        cx.note(format!(
            "median login time: wrong password {} ms, unknown email {} ms",
            known.as_millis(),
            unknown.as_millis()
        ));
        // Generous: the unknown email must take at least 40% of the time
        // (bcrypt at cost 10 takes tens of ms; a lookup alone takes ~1 ms),
        // or differ by less than the noise of one request on a busy machine
        // (a service whose hash costs 1 ms has no oracle this check can see).
        if unknown.as_secs_f64() >= 0.4 * known.as_secs_f64()
            || known.saturating_sub(unknown) < TIMING_NOISE
        {
            return Ok(format!(
                "unknown email {} ms vs wrong password {} ms (median)",
                unknown.as_millis(),
                known.as_millis()
            ));
        }
        last = format!(
            "an unknown email answers in {} ms but a wrong password in {} ms (median of {rounds}): the difference tells an attacker which emails exist; verify a dummy hash for unknown emails",
            unknown.as_millis(),
            known.as_millis()
        );
    }
    Err(Failure::fail(last))
}

pub async fn sql_fragments(cx: Ctx) -> Outcome {
    register(cx.http(), &email("sql-victim"), PASSWORD).await?;
    for (address, password) in [
        ("' OR '1'='1", "' OR '1'='1"),
        ("sql-victim@example.com' --", "anything"),
        ("sql-victim@example.com' OR '1'='1", WRONG_PASSWORD),
        ("\" OR 1=1 --", "\" OR 1=1 --"),
    ] {
        let reply = login_reply(cx.http(), address, password).await?;
        reply.expect(
            reply.status != 200 && reply.status < 500,
            "a 4xx (no login, no server error)",
            || {
                if reply.status == 200 {
                    format!("the login with email `{address}` succeeded: SQL injection")
                } else {
                    format!(
                        "answered {}: a server error on a hostile email",
                        reply.status
                    )
                }
            },
        )?;
    }
    // A quote is legal in an email: a query built by string formatting
    // breaks on it (a 5xx) where a parameterised one just works.
    let quoted = email("o'brien.sql");
    let reply = register_reply(cx.http(), &quoted, PASSWORD).await?;
    reply.expect_status(REGISTERED, "registering an email with a quote in it")?;
    let reply = login_reply(cx.http(), &quoted, PASSWORD).await?;
    reply.expect_status(
        LOGGED_IN,
        "logging in as an email with a quote in it (a parameterised query handles it)",
    )?;
    Ok(
        "SQL fragments in the email never log in and never cause a 5xx; o'brien@... logs in"
            .to_owned(),
    )
}

/// The contract's login errors, exactly: malformed JSON is 400; valid JSON
/// with a missing field or a field of the wrong type is 422 (400 accepted).
pub async fn malformed_400(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .post("/auth/login")
        .header("content-type", "application/json")
        .raw_body(r#"{"email": "#)
        .send()
        .await?;
    reply.expect_status(&[400], "malformed JSON (the contract: 400)")?;
    reply.expect_error_message()?;
    for (body, situation) in [
        (
            json!({ "email": email("no-password") }),
            "a login without password (the contract: 422, 400 accepted)",
        ),
        (
            json!({ "email": email("number-password"), "password": 12_345_678 }),
            "a password that is a number, not a string (the contract: 422, 400 accepted)",
        ),
    ] {
        let reply = cx.http().post("/auth/login").json(&body).send().await?;
        reply.expect_status(&[422, 400], situation)?;
        reply.expect_error_message()?;
    }
    Ok(
        "malformed JSON gets 400; a missing or mistyped field 422/400; each with a JSON error"
            .to_owned(),
    )
}

pub const PARALLEL_LOGINS: usize = 8;

/// Bulk hashing is slow on a busy machine: requests get longer than usual.
const BULK_TIMEOUT: Duration = Duration::from_secs(30);

/// A `/health` answer faster than this never counts as stalled, however
/// cheap the service's hash (a 1 ms hash makes "half a login" meaningless).
const STALL_FLOOR: Duration = Duration::from_millis(100);
const MIN_PROBES: usize = 3;
const MAX_PROBES: usize = 200;
const PROBE_GAP: Duration = Duration::from_millis(10);

/// While logins hash, `/health` still answers promptly: hashing belongs on
/// a worker pool, not on the threads or event loop that serve requests.
/// `/health` is probed for as long as the logins run and judged by its
/// slowest answer (a server that handles one request at a time makes only
/// the first probe wait).
///
/// Stalled means: the slowest probe took at least half of what a login
/// takes, both when alone and among the simultaneous ones (a probe stuck
/// behind the hashes waits for them; on a pool it waits only for the CPU,
/// which on a small busy machine running eight hashes of several threads
/// each can be longer than one login alone, never than the logins it runs
/// among), and at least [`STALL_FLOOR`].
pub async fn hashing_does_not_stall(cx: Ctx) -> Outcome {
    let http = cx.http().clone().with_timeout(BULK_TIMEOUT);
    let account = register(&http, &email("stall"), PASSWORD).await?;
    let mut last = String::new();
    for attempt in 1..=2 {
        let mut alone = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            login(&http, &account.email, PASSWORD).await?;
            alone.push(started.elapsed());
        }
        let one_login = median(alone);
        let finished = AtomicBool::new(false);
        let logins = async {
            let results = join_all((0..PARALLEL_LOGINS).map(|_| async {
                let started = Instant::now();
                login(&http, &account.email, PASSWORD)
                    .await
                    .map(|_| started.elapsed())
            }))
            .await;
            finished.store(true, Ordering::SeqCst);
            results
        };
        let probes = async {
            tokio::time::sleep(one_login / 4).await;
            let mut latencies = Vec::new();
            while latencies.len() < MIN_PROBES
                || (!finished.load(Ordering::SeqCst) && latencies.len() < MAX_PROBES)
            {
                let started = Instant::now();
                http.get("/health").send().await?;
                latencies.push(started.elapsed());
                tokio::time::sleep(PROBE_GAP).await;
            }
            Ok::<_, Failure>(latencies)
        };
        let (results, latencies) = tokio::join!(logins, probes);
        let mut busy = Vec::with_capacity(PARALLEL_LOGINS);
        for result in results {
            busy.push(result?);
        }
        let busy_login = median(busy);
        let latencies = latencies?;
        let slowest = latencies.iter().max().copied().unwrap_or_default();
        cx.note(format!(
            "attempt {attempt}: one login alone {} ms, among {PARALLEL_LOGINS} simultaneous ones {} ms (median); /health meanwhile: slowest {} ms, median {} ms ({} probes)",
            one_login.as_millis(),
            busy_login.as_millis(),
            slowest.as_millis(),
            median(latencies.clone()).as_millis(),
            latencies.len()
        ));
        if slowest * 2 < one_login.max(busy_login) || slowest < STALL_FLOOR {
            return Ok(format!(
                "/health stayed fast while {PARALLEL_LOGINS} logins hashed (slowest answer under half a login's time)"
            ));
        }
        last = format!(
            "/health took up to {} ms while {PARALLEL_LOGINS} logins were hashing, as long as a login among them ({} ms; {} ms alone): hashing blocks the threads or event loop that serve requests (run it on a worker thread pool)",
            slowest.as_millis(),
            busy_login.as_millis(),
            one_login.as_millis()
        );
    }
    Err(Failure::fail(last))
}
