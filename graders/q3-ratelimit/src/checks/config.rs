//! Other limits and windows (extensibility): the same code, other settings.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Outcome, Overrides};

use crate::clients::{at, burst, client_of, expect_all_accepted, hit};

/// Judged on counts alone: what the headers say is the header checks' job,
/// so a service whose only fault is a header loses only those. One client:
/// that clients are independent is `q3.limit.per_client`'s to judge. The
/// checks on instances with settings of their own require this one: it is
/// the capability they build on (the service limits a client at the number
/// RATE_LIMIT_MAX_REQUESTS names).
pub async fn other_limit(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", "3")
        .set("RATE_LIMIT_WINDOW_SECS", "60");
    let (instance, _) = cx.start_fresh(&settings).await?;
    let http = client_of(&cx, &instance, 20, 1)?;
    expect_all_accepted(
        &burst(&http, 3).await?,
        "RATE_LIMIT_MAX_REQUESTS=3: the first 3 pass",
    )?;
    hit(&http)
        .await?
        .expect_status(&[429], "the 4th request with RATE_LIMIT_MAX_REQUESTS=3")?;
    hit(&http)
        .await?
        .expect_status(&[429], "a 5th request, still within the 60 s window")?;
    Ok("RATE_LIMIT_MAX_REQUESTS=3 is honoured".to_owned())
}

pub async fn other_window(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", "2")
        .set("RATE_LIMIT_WINDOW_SECS", "3");
    let (instance, _) = cx.start_fresh(&settings).await?;
    let http = client_of(&cx, &instance, 21, 1)?;
    let start = Instant::now();
    expect_all_accepted(&burst(&http, 2).await?, "2 per 3 s: the first 2 pass")?;
    hit(&http)
        .await?
        .expect_status(&[429], "the 3rd request within 3 s")?;
    at(start, Duration::from_millis(4200)).await;
    expect_all_accepted(
        &burst(&http, 2).await?,
        "4.2 s later the 3 s window is over (RATE_LIMIT_WINDOW_SECS=3)",
    )?;
    Ok("RATE_LIMIT_WINDOW_SECS=3 is honoured".to_owned())
}
