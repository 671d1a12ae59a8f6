//! The Q3 check table: ids, titles, criteria, points and order. Points add up
//! to 100, weighted by the task's criteria; `docs/scoring.md` mirrors it.

use std::time::Duration;

use kit_harness::{Check, CheckFn, DEFAULT_CHECK_TIMEOUT, Kind};

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

const fn check(
    id: &'static str,
    title: &'static str,
    criterion: &'static str,
    kind: Kind,
    points: u32,
    requires: &'static [&'static str],
    run: CheckFn,
) -> Check {
    Check {
        id,
        title,
        criterion,
        kind,
        points,
        requires,
        timeout: DEFAULT_CHECK_TIMEOUT,
        run,
    }
}

/// Checks that wait out windows, or send thousands of requests.
const fn slow(check: Check, seconds: u64) -> Check {
    Check {
        timeout: Duration::from_secs(seconds),
        ..check
    }
}

pub fn checks() -> Vec<Check> {
    use Kind::{Advanced, Bonus, Core};
    vec![
        // Robustness: the API still works behind the limiter (what the starter already does).
        check(
            "q3.api.still_works",
            "The notes API answers as before behind the limiter",
            ROBUSTNESS,
            Core,
            3,
            &[],
            |cx| Box::pin(api::still_works(cx)),
        ),
        // Correctness and efficiency (50)
        check(
            LIMIT,
            "The 11th request from one IP within a minute gets 429",
            CORRECTNESS,
            Core,
            6,
            &[],
            |cx| Box::pin(limit::eleventh_is_429(cx)),
        ),
        // Extensibility, first: the checks on instances with settings of
        // their own build on it.
        check(
            OTHER_LIMIT,
            "RATE_LIMIT_MAX_REQUESTS sets the limit",
            EXTENSIBILITY,
            Core,
            5,
            &[],
            |cx| Box::pin(config::other_limit(cx)),
        ),
        check(
            "q3.limit.per_client",
            "Each IP has its own budget",
            CORRECTNESS,
            Core,
            5,
            &[LIMIT],
            |cx| Box::pin(limit::per_client(cx)),
        ),
        check(
            "q3.limit.forwarding_headers_ignored",
            "X-Forwarded-For, Forwarded and X-Real-IP cannot escape the limit",
            CORRECTNESS,
            Core,
            5,
            &[LIMIT],
            |cx| Box::pin(limit::forwarding_headers_ignored(cx)),
        ),
        check(
            "q3.limit.health_unlimited",
            "/health is never limited and does not count",
            CORRECTNESS,
            Core,
            3,
            &[LIMIT],
            |cx| Box::pin(limit::health_unlimited(cx)),
        ),
        check(
            "q3.limit.every_api_route",
            "Every /api route and method counts, 404s included",
            CORRECTNESS,
            Core,
            4,
            &[LIMIT],
            |cx| Box::pin(limit::every_api_route(cx)),
        ),
        slow(
            check(
                "q3.limit.rejected_not_counted",
                "Refused requests do not count against the client",
                CORRECTNESS,
                Core,
                4,
                &[OTHER_LIMIT],
                |cx| Box::pin(limit::rejected_not_counted(cx)),
            ),
            30,
        ),
        check(
            "q3.headers.too_many_requests",
            "A 429 has a JSON error, Retry-After and a consistent X-RateLimit-Reset",
            CORRECTNESS,
            Core,
            5,
            &[LIMIT],
            |cx| Box::pin(headers::too_many_requests_answer(cx)),
        ),
        slow(
            check(
                "q3.headers.promises_kept",
                "Retry-After and X-RateLimit-Reset tell the truth",
                CORRECTNESS,
                Core,
                5,
                &[OTHER_LIMIT],
                |cx| Box::pin(headers::promises_are_kept(cx)),
            ),
            30,
        ),
        check(
            "q3.headers.limit_and_remaining",
            "X-RateLimit-Limit and X-RateLimit-Remaining on every limited answer",
            CORRECTNESS,
            Bonus,
            3,
            &[LIMIT],
            |cx| Box::pin(headers::limit_and_remaining(cx)),
        ),
        slow(
            check(
                "q3.load.many_clients_served",
                "5,000 distinct clients are each served",
                CORRECTNESS,
                Core,
                4,
                &[],
                |cx| Box::pin(load::many_clients_served(cx)),
            ),
            120,
        ),
        slow(
            check(
                "q3.load.decision_cost_flat",
                "A decision costs no more with 10,000 clients tracked",
                CORRECTNESS,
                Core,
                6,
                &[],
                |cx| Box::pin(load::decision_cost_flat(cx)),
            ),
            240,
        ),
        // Robustness: edge cases and high traffic (25, with the API check above)
        check(
            "q3.load.simultaneous_requests",
            "Of 50 simultaneous requests from one client, exactly 10 pass",
            ROBUSTNESS,
            Core,
            9,
            &[LIMIT],
            |cx| Box::pin(load::simultaneous_requests(cx)),
        ),
        check(
            "q3.load.many_clients_at_once",
            "100 clients sending at once each get exactly 10",
            ROBUSTNESS,
            Core,
            4,
            &[LIMIT],
            |cx| Box::pin(load::many_clients_at_once(cx)),
        ),
        slow(
            check(
                "q3.window.rolling",
                "Never more than the limit in any rolling window (no fixed-window burst)",
                ROBUSTNESS,
                Advanced,
                9,
                &[OTHER_LIMIT],
                |cx| Box::pin(window::rolling(cx)),
            ),
            60,
        ),
        // Extensibility: other limits and windows, shared storage (25, with
        // q3.config.other_limit above)
        slow(
            check(
                "q3.config.other_window",
                "RATE_LIMIT_WINDOW_SECS sets the window",
                EXTENSIBILITY,
                Core,
                6,
                &[OTHER_LIMIT],
                |cx| Box::pin(config::other_window(cx)),
            ),
            30,
        ),
        slow(
            check(
                "q3.redis.shared_budget",
                "Instances sharing one Redis share one budget per client",
                EXTENSIBILITY,
                Advanced,
                6,
                &[LIMIT],
                |cx| Box::pin(redis::shared_budget(cx)),
            ),
            60,
        ),
        slow(
            check(
                "q3.redis.atomic",
                "Of 50 simultaneous requests split across two instances sharing one Redis, exactly 10 pass",
                EXTENSIBILITY,
                Advanced,
                3,
                &[LIMIT],
                |cx| Box::pin(redis::atomic_across_instances(cx)),
            ),
            60,
        ),
        slow(
            check(
                "q3.redis.keys_expire",
                "Every key the service writes to Redis has a time to live",
                EXTENSIBILITY,
                Advanced,
                2,
                &[LIMIT],
                |cx| Box::pin(redis::keys_expire(cx)),
            ),
            60,
        ),
        slow(
            check(
                "q3.redis.unreachable_fails_fast",
                "A service that uses Redis stops at startup with a clear error when REDIS_URL is unreachable",
                EXTENSIBILITY,
                Advanced,
                3,
                &[],
                |cx| Box::pin(redis::unreachable_fails_fast(cx)),
            ),
            60,
        ),
    ]
}
