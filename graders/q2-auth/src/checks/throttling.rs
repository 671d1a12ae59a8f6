//! Login throttling (bonus), on an instance with `LOGIN_MAX_FAILURES=3`
//! and `LOGIN_LOCKOUT_SECS=3`.

use std::time::Duration;

use kit_harness::{Ctx, Outcome, Overrides, ensure};

use crate::accounts::{email, login, login_reply, register};
use crate::settings::{PASSWORD, WRONG_PASSWORD};

pub async fn locks_out(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("LOGIN_MAX_FAILURES", "3")
        .set("LOGIN_LOCKOUT_SECS", "3");
    let (_instance, http) = cx.start_fresh(&settings).await?;
    let account = register(&http, &email("throttled"), PASSWORD).await?;
    for attempt in 1..=3 {
        let reply = login_reply(&http, &account.email, WRONG_PASSWORD).await?;
        reply.expect_status(&[401], &format!("wrong password, attempt {attempt} of 3"))?;
    }
    let reply = login_reply(&http, &account.email, PASSWORD).await?;
    reply.expect_status(&[429], "the right password after 3 failures (locked out)")?;
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
    tokio::time::sleep(Duration::from_secs(wait) + Duration::from_millis(1500)).await;
    login(&http, &account.email, PASSWORD).await?;
    Ok(format!(
        "locked out after 3 failures (Retry-After: {wait}), then unlocked"
    ))
}
