//! Clients the service tells apart: each has its own loopback source address
//! (127.0.0.0/8 needs no configuration on Linux). Every check uses its own
//! second octet, so no check ever shares a budget with another. None uses
//! 127.0.0.1, where readiness probes come from, on the shared instance; one
//! check connects from 127.0.0.1 to an instance of its own, because some
//! servers trust forwarding headers from that address alone.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Http, Instance, Reply};

/// The source address of client `n` (1..=65535) of check `slot`.
pub fn address(slot: u8, n: u16) -> IpAddr {
    let [high, low] = n.to_be_bytes();
    IpAddr::V4(Ipv4Addr::new(127, slot, high, low))
}

/// Client `n` of `slot`, talking to the main instance.
pub fn client(cx: &Ctx, slot: u8, n: u16) -> Result<Http, Failure> {
    cx.http_from(address(slot, n))
}

/// Client `n` of `slot`, talking to another instance.
pub fn client_of(cx: &Ctx, instance: &Instance, slot: u8, n: u16) -> Result<Http, Failure> {
    cx.http_to(instance, Some(address(slot, n)))
}

/// A client connecting from 127.0.0.1, talking to another instance.
pub fn localhost_of(cx: &Ctx, instance: &Instance) -> Result<Http, Failure> {
    cx.http_to(instance, Some(IpAddr::V4(Ipv4Addr::LOCALHOST)))
}

/// The limited request every check uses unless it says otherwise.
pub async fn hit(http: &Http) -> Result<Reply, Failure> {
    http.get("/api/notes").send().await
}

/// `count` requests one after the other; their answers.
pub async fn burst(http: &Http, count: usize) -> Result<Vec<Reply>, Failure> {
    let mut replies = Vec::with_capacity(count);
    for _ in 0..count {
        replies.push(hit(http).await?);
    }
    Ok(replies)
}

pub fn accepted(replies: &[Reply]) -> usize {
    replies.iter().filter(|reply| reply.status != 429).count()
}

/// Each of `replies` passed the limiter (anything but 429).
pub fn expect_all_accepted(replies: &[Reply], situation: &str) -> Result<(), Failure> {
    for (index, reply) in replies.iter().enumerate() {
        reply.expect(
            reply.status != 429,
            &format!("not 429 ({situation}, request {})", index + 1),
            || {
                format!(
                    "request {} was refused with 429, but {situation}",
                    index + 1
                )
            },
        )?;
        reply.expect(reply.status < 500, "no server error", || {
            format!("answered {}", reply.status)
        })?;
    }
    Ok(())
}

/// Sleeps until `start + offset`.
pub async fn at(start: Instant, offset: Duration) {
    tokio::time::sleep_until((start + offset).into()).await;
}

/// Seconds since the Unix epoch, with fractions.
pub fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|time| time.as_secs_f64())
        .unwrap_or(0.0)
}
