//! Login throttling (bonus), on an instance with `LOGIN_MAX_FAILURES=3`
//! and `LOGIN_LOCKOUT_SECS=3`. The lockout is per email: failures come from
//! several source addresses (an attacker rotates them), and another account
//! on the attacker's address is not locked.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Http, Outcome, Overrides, ensure};

use crate::accounts::{email, login, login_reply, register};
use crate::settings::{PASSWORD, WRONG_PASSWORD};

/// Three failed logins and the next one taking this long may not all fall
/// within the 3 s lockout window.
const SLOW_FAILURES: Duration = Duration::from_secs(2);

/// A client from `127.0.2.<host>`.
fn client(cx: &Ctx, instance: &kit_harness::Instance, host: u8) -> Result<Http, Failure> {
    cx.http_to(instance, Some(IpAddr::V4(Ipv4Addr::new(127, 0, 2, host))))
}

pub async fn locks_out(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("LOGIN_MAX_FAILURES", "3")
        .set("LOGIN_LOCKOUT_SECS", "3");
    let (instance, http) = cx.start_fresh(&settings).await?;
    // Side by side: each step of this check is a bcrypt hash, and the
    // check is the longest of its run.
    let (throttled, bystander) = (email("throttled"), email("bystander"));
    let (account, bystander) = futures_util::try_join!(
        register(&http, &throttled, PASSWORD),
        register(&http, &bystander, PASSWORD)
    )?;

    // A successful login resets the count: 2 failures + success + 2 failures
    // is not a lockout.
    for (host, password) in [(1, WRONG_PASSWORD), (2, WRONG_PASSWORD), (3, PASSWORD)] {
        login_reply(&client(&cx, &instance, host)?, &account.email, password).await?;
    }
    for attempt in 1..=2 {
        let reply = login_reply(
            &client(&cx, &instance, 10 + attempt)?,
            &account.email,
            WRONG_PASSWORD,
        )
        .await?;
        reply.expect_status(
            &[401],
            &format!("wrong password {attempt} of 2 after a successful login"),
        )?;
    }
    login(&client(&cx, &instance, 20)?, &account.email, PASSWORD)
        .await
        .map_err(|failure| {
            Failure::fail(format!(
                "the right password after 2 failures (2 more before the last successful login) was refused; a successful login must reset the count: {}",
                failure.message
            ))
        })?;

    // Three failures, each from another address, lock the email.
    let failures_began = Instant::now();
    for attempt in 1..=3 {
        let reply = login_reply(
            &client(&cx, &instance, 30 + attempt)?,
            &account.email,
            WRONG_PASSWORD,
        )
        .await?;
        reply.expect_status(
            &[401],
            &format!(
                "wrong password, attempt {attempt} of 3 (from 127.0.2.{})",
                30 + attempt
            ),
        )?;
    }
    // The locked email from a 4th address, and beside it another account
    // from an address that failed for the locked one: independent, so sent
    // together (each may be a bcrypt hash).
    let (from_fourth, from_failed) = (client(&cx, &instance, 40)?, client(&cx, &instance, 33)?);
    let (reply, bystander_login) = futures_util::join!(
        login_reply(&from_fourth, &account.email, PASSWORD),
        login(&from_failed, &bystander.email, PASSWORD)
    );
    let reply = reply?;
    // The lockout counts failures within LOGIN_LOCKOUT_SECS (3 s). Beside
    // other checks hashing on a loaded machine, three bcrypt logins can
    // take longer than that: the first failure may have left the window
    // before the third came, and an unlocked answer then proves nothing.
    // That attempt does not count; the check runs again alone.
    if reply.status != 429 && failures_began.elapsed() >= SLOW_FAILURES {
        cx.run_again_alone();
    }
    reply.expect_status(
        &[429],
        "the right password after 3 failures from 3 addresses, sent from a 4th (the email is locked, not an address)",
    )?;
    let retry_after = reply
        .header("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
    reply.expect(
        retry_after.is_some_and(|seconds| seconds >= 1),
        "`Retry-After` in whole seconds (>= 1)",
        || format!("`Retry-After` is {:?}", reply.header("retry-after")),
    )?;
    let wait = retry_after.unwrap_or(3).min(10);
    ensure!(
        wait <= 4,
        "`Retry-After: {wait}` is longer than LOGIN_LOCKOUT_SECS (3)"
    );
    bystander_login.map_err(|failure| {
        Failure::fail(format!(
            "another account could not log in from an address that had failed for the locked one; the lockout must be per email: {}",
            failure.message
        ))
    })?;
    // Waiting longer only lets the lockout end more surely: the checks that
    // run alone may use the time.
    cx.idle_for(Duration::from_secs(wait) + Duration::from_millis(1500))
        .await;
    login(&http, &account.email, PASSWORD).await?;
    Ok(format!(
        "locked per email after 3 failures from 3 addresses (Retry-After: {wait}), reset by a successful login, unlocked after the lockout"
    ))
}
