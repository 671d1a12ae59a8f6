//! The Q3 check table: ids, titles, criteria, points and order. Points add up
//! to 100, weighted by the task's criteria; `docs/scoring.md` mirrors it.

use std::time::Duration;

use kit_harness::{Check, Kind, check};

use crate::checks::{api, config, headers, limit, load, redis, window};

pub const CORRECTNESS: &str = "correctness";
pub const ROBUSTNESS: &str = "robustness";
pub const EXTENSIBILITY: &str = "extensibility";

/// What the checks on the shared instance build on: with the default
/// settings a client's 11th request is refused. Each of them asserts that
/// itself on the way, so being blocked by it never costs one a point it
/// would have earned.
const LIMIT: &str = "q3.limit.eleventh_is_429";
/// What the checks on instances with settings of their own build on: the
/// limit RATE_LIMIT_MAX_REQUESTS names is applied to a client. Each of them
/// needs its own limit honoured to mean anything, and would fail without it.
const OTHER_LIMIT: &str = "q3.config.other_limit";

pub fn checks() -> Vec<Check> {
    use Kind::{Advanced, Bonus, Core};
    vec![
        // Robustness: the API still works behind the limiter (what the starter already does).
        check! {
            id: "q3.api.still_works",
            title: "The notes API answers as before behind the limiter",
            criterion: ROBUSTNESS,
            kind: Core,
            points: 3,
            run: api::still_works,
        },
        // Correctness and efficiency (50)
        check! {
            id: LIMIT,
            title: "The 11th request from one IP within a minute gets 429",
            criterion: CORRECTNESS,
            kind: Core,
            points: 6,
            run: limit::eleventh_is_429,
        },
        // Extensibility, first: the checks on instances with settings of
        // their own build on it.
        check! {
            id: OTHER_LIMIT,
            title: "RATE_LIMIT_MAX_REQUESTS sets the limit",
            criterion: EXTENSIBILITY,
            kind: Core,
            points: 5,
            run: config::other_limit,
        },
        check! {
            id: "q3.limit.per_client",
            title: "Each IP has its own budget",
            criterion: CORRECTNESS,
            kind: Core,
            points: 5,
            requires: [LIMIT],
            run: limit::per_client,
        },
        check! {
            id: "q3.limit.forwarding_headers_ignored",
            title: "X-Forwarded-For, Forwarded and X-Real-IP cannot escape the limit",
            criterion: CORRECTNESS,
            kind: Core,
            points: 5,
            requires: [LIMIT],
            run: limit::forwarding_headers_ignored,
        },
        check! {
            id: "q3.limit.health_unlimited",
            title: "/health is never limited and does not count",
            criterion: CORRECTNESS,
            kind: Core,
            points: 3,
            requires: [LIMIT],
            run: limit::health_unlimited,
        },
        check! {
            id: "q3.limit.every_api_route",
            title: "Every /api route and method counts, 404s included",
            criterion: CORRECTNESS,
            kind: Core,
            points: 4,
            requires: [LIMIT],
            run: limit::every_api_route,
        },
        check! {
            id: "q3.limit.rejected_not_counted",
            title: "Refused requests do not count against the client",
            criterion: CORRECTNESS,
            kind: Core,
            points: 4,
            requires: [OTHER_LIMIT],
            timeout: Duration::from_secs(30),
            run: limit::rejected_not_counted,
        },
        check! {
            id: "q3.headers.too_many_requests",
            title: "A 429 has a JSON error, Retry-After and a consistent X-RateLimit-Reset",
            criterion: CORRECTNESS,
            kind: Core,
            points: 5,
            requires: [LIMIT],
            run: headers::too_many_requests_answer,
        },
        check! {
            id: "q3.headers.promises_kept",
            title: "Retry-After and X-RateLimit-Reset tell the truth",
            criterion: CORRECTNESS,
            kind: Core,
            points: 5,
            requires: [OTHER_LIMIT],
            timeout: Duration::from_secs(30),
            run: headers::promises_are_kept,
        },
        check! {
            id: "q3.headers.limit_and_remaining",
            title: "X-RateLimit-Limit and X-RateLimit-Remaining on every limited answer",
            criterion: CORRECTNESS,
            kind: Bonus,
            points: 3,
            requires: [LIMIT],
            run: headers::limit_and_remaining,
        },
        check! {
            id: "q3.load.many_clients_served",
            title: "5,000 distinct clients are each served",
            criterion: CORRECTNESS,
            kind: Core,
            points: 4,
            timeout: Duration::from_secs(120),
            alone: true,
            run: load::many_clients_served,
        },
        check! {
            id: "q3.load.decision_cost_flat",
            title: "A decision costs no more with 10,000 clients tracked",
            criterion: CORRECTNESS,
            kind: Core,
            points: 6,
            timeout: Duration::from_secs(240),
            alone: true,
            run: load::decision_cost_flat,
        },
        // Robustness: edge cases and high traffic (25, with the API check above)
        check! {
            id: "q3.load.simultaneous_requests",
            title: "Of 50 simultaneous requests from one client, exactly 10 pass",
            criterion: ROBUSTNESS,
            kind: Core,
            points: 9,
            requires: [LIMIT],
            alone: true,
            run: load::simultaneous_requests,
        },
        check! {
            id: "q3.load.many_clients_at_once",
            title: "100 clients sending at once each get exactly 10",
            criterion: ROBUSTNESS,
            kind: Core,
            points: 4,
            requires: [LIMIT],
            alone: true,
            run: load::many_clients_at_once,
        },
        check! {
            id: "q3.window.rolling",
            title: "Never more than the limit in any rolling window (no fixed-window burst)",
            criterion: ROBUSTNESS,
            kind: Advanced,
            points: 9,
            requires: [OTHER_LIMIT],
            timeout: Duration::from_secs(60),
            waits: true,
            run: window::rolling,
        },
        // Extensibility: other limits and windows, shared storage (25, with
        // q3.config.other_limit above)
        check! {
            id: "q3.config.other_window",
            title: "RATE_LIMIT_WINDOW_SECS sets the window",
            criterion: EXTENSIBILITY,
            kind: Core,
            points: 6,
            requires: [OTHER_LIMIT],
            timeout: Duration::from_secs(30),
            waits: true,
            run: config::other_window,
        },
        check! {
            id: "q3.redis.shared_budget",
            title: "Instances sharing one Redis share one budget per client",
            criterion: EXTENSIBILITY,
            kind: Advanced,
            points: 6,
            requires: [LIMIT],
            timeout: Duration::from_secs(60),
            run: redis::shared_budget,
        },
        check! {
            id: "q3.redis.atomic",
            title: "Of 50 simultaneous requests split across two instances sharing one Redis, exactly 10 pass",
            criterion: EXTENSIBILITY,
            kind: Advanced,
            points: 3,
            requires: [LIMIT],
            timeout: Duration::from_secs(60),
            run: redis::atomic_across_instances,
        },
        check! {
            id: "q3.redis.keys_expire",
            title: "Every key the service writes to Redis has a time to live",
            criterion: EXTENSIBILITY,
            kind: Advanced,
            points: 2,
            requires: [LIMIT],
            timeout: Duration::from_secs(60),
            run: redis::keys_expire,
        },
        check! {
            id: "q3.redis.unreachable_fails_fast",
            title: "A service that uses Redis stops at startup with a clear error when REDIS_URL is unreachable",
            criterion: EXTENSIBILITY,
            kind: Advanced,
            points: 3,
            timeout: Duration::from_secs(60),
            run: redis::unreachable_fails_fast,
        },
    ]
}
