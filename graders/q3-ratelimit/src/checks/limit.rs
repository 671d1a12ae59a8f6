//! The limit itself, with the task's own numbers (10 per 60 s, the defaults
//! the shared instance runs with): per client, and only per client.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Outcome, Overrides, json};

use crate::clients::{at, burst, client, client_of, expect_all_accepted, hit, localhost_of};

pub const DEFAULT_LIMIT: usize = 10;

pub async fn eleventh_is_429(cx: Ctx) -> Outcome {
    let http = client(&cx, 1, 1)?;
    let replies = burst(&http, DEFAULT_LIMIT).await?;
    expect_all_accepted(&replies, "the first 10 requests of a minute must pass")?;
    hit(&http)
        .await?
        .expect_status(&[429], "the 11th request within a minute")?;
    Ok("10 requests pass, the 11th gets 429".to_owned())
}

pub async fn per_client(cx: Ctx) -> Outcome {
    let first = client(&cx, 2, 1)?;
    burst(&first, DEFAULT_LIMIT).await?;
    hit(&first)
        .await?
        .expect_status(&[429], "the 11th request of the first client")?;
    let second = client(&cx, 2, 2)?;
    let replies = burst(&second, DEFAULT_LIMIT).await?;
    expect_all_accepted(
        &replies,
        "another client (another IP) has a budget of its own",
    )?;
    hit(&second)
        .await?
        .expect_status(&[429], "the 11th request of the second client")?;
    Ok("each IP has its own budget of 10".to_owned())
}

pub async fn forwarding_headers_ignored(cx: Ctx) -> Outcome {
    let spoofer = client(&cx, 3, 1)?;
    for n in 1..=DEFAULT_LIMIT + 1 {
        let reply = spoofer
            .get("/api/notes")
            .header("x-forwarded-for", &format!("10.9.0.{n}"))
            .header("forwarded", &format!("for=10.9.1.{n}"))
            .header("x-real-ip", &format!("10.9.2.{n}"))
            .send()
            .await?;
        if n <= DEFAULT_LIMIT {
            reply.expect(reply.status != 429, "not 429 (within the limit)", || {
                format!("request {n} was refused")
            })?;
        } else {
            reply.expect_status(
                &[429],
                "the 11th request, each sent with a new X-Forwarded-For, Forwarded and X-Real-IP",
            )?;
        }
    }
    // Nor can a client be framed: naming the exhausted client's address in
    // X-Forwarded-For changes nothing for another peer.
    let bystander = client(&cx, 3, 2)?;
    let reply = bystander
        .get("/api/notes")
        .header("x-forwarded-for", "127.3.0.1")
        .send()
        .await?;
    reply.expect(
        reply.status != 429,
        "not 429 (another peer naming the exhausted IP in X-Forwarded-For)",
        || {
            "a client was limited because its X-Forwarded-For named another, exhausted client"
                .to_owned()
        },
    )?;
    // From 127.0.0.1 too, where some servers trust forwarding headers by
    // default (a reverse proxy on the same machine): on an instance of its
    // own, so that no other check's requests from there count. Only the 11th
    // request is judged: whatever the service made of the readiness probes
    // (one `GET /health` from 127.0.0.1) is another check's business.
    let (instance, _) = cx.start_fresh(&Overrides::new()).await?;
    let local = localhost_of(&cx, &instance)?;
    let mut last = None;
    for n in 1..=DEFAULT_LIMIT + 1 {
        last = Some(
            local
                .get("/api/notes")
                .header("x-forwarded-for", &format!("10.9.3.{n}"))
                .header("forwarded", &format!("for=10.9.4.{n}"))
                .header("x-real-ip", &format!("10.9.5.{n}"))
                .send()
                .await?,
        );
    }
    if let Some(reply) = last {
        reply.expect_status(
            &[429],
            "the 11th request from 127.0.0.1, each sent with a new X-Forwarded-For, Forwarded and X-Real-IP (forwarding headers are ignored from localhost too)",
        )?;
    }
    Ok(
        "forwarding headers neither escape the limit (from 127.0.0.1 either) nor frame another client"
            .to_owned(),
    )
}

pub async fn health_unlimited(cx: Ctx) -> Outcome {
    let http = client(&cx, 4, 1)?;
    for n in 1..=30 {
        let reply = http.get("/health").send().await?;
        reply.expect_status(&[200], &format!("GET /health number {n} (never limited)"))?;
    }
    let replies = burst(&http, DEFAULT_LIMIT).await?;
    expect_all_accepted(&replies, "/health requests do not count against the client")?;
    hit(&http)
        .await?
        .expect_status(&[429], "the 11th /api request")?;
    Ok("30 /health requests, then still 10 /api requests".to_owned())
}

pub async fn every_api_route(cx: Ctx) -> Outcome {
    let http = client(&cx, 5, 1)?;
    let created = http
        .post("/api/notes")
        .json(&json!({ "text": "limited too" }))
        .send()
        .await?;
    created.expect_status(&[201], "creating a note (within the limit)")?;
    let id = created
        .json()
        .and_then(|body| body.get("id").and_then(kit_harness::json::id_in_path))
        .unwrap_or_default();
    let mut replies = vec![created];
    replies.push(http.get(&format!("/api/notes/{id}")).send().await?);
    replies.push(http.get("/api/notes/987654321").send().await?);
    replies.push(http.get("/api/no-such-route").send().await?);
    replies.push(
        http.post("/api/notes")
            .json(&json!({ "text": "" }))
            .send()
            .await?,
    );
    replies.push(http.delete("/api/notes").send().await?);
    replies.extend(burst(&http, DEFAULT_LIMIT - replies.len()).await?);
    expect_all_accepted(
        &replies,
        "10 requests of any route and method are within the limit",
    )?;
    let reply = http
        .post("/api/notes")
        .json(&json!({ "text": "one too many" }))
        .send()
        .await?;
    reply.expect_status(&[429], "an 11th request that is a POST")?;
    let reply = http.get("/api/no-such-route").send().await?;
    reply.expect_status(&[429], "a 12th request to an unknown /api route")?;
    Ok("every /api route and method counts, 404s included".to_owned())
}

/// Refused requests must not extend the wait. On an instance with 5 per 4 s:
/// 5 at t0, 5 refused at t0+2.5 s, 5 again at t0+5 s. Those pass only if the
/// refused ones were not counted (they would hold the window until t0+6.5 s).
pub async fn rejected_not_counted(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", "5")
        .set("RATE_LIMIT_WINDOW_SECS", "4");
    let (instance, _) = cx.start_fresh(&settings).await?;
    let http = client_of(&cx, &instance, 6, 1)?;
    let start = Instant::now();
    expect_all_accepted(
        &burst(&http, 5).await?,
        "the first 5 requests (limit 5 per 4 s)",
    )?;
    at(start, Duration::from_millis(2500)).await;
    for reply in burst(&http, 5).await? {
        reply.expect_status(&[429], "5 more requests 2.5 s later, within the window")?;
    }
    at(start, Duration::from_secs(5)).await;
    let replies = burst(&http, 5).await?;
    expect_all_accepted(
        &replies,
        "5 s after the first burst its window is over, and refused requests must not count",
    )?;
    Ok("refused requests do not count against the client".to_owned())
}
