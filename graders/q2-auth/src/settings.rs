//! The settings every Q2 instance gets from the grader. The grader knows the
//! signing secret, so it can both verify the service's tokens and forge the
//! ones a reviewer with jwt_tool would try.

/// `JWT_SECRET` of every instance the grader starts.
pub const JWT_SECRET: &str = "kit-grader-jwt-secret-7d1f0c5a9e2b4836a1c0d9e8f7b6a5c4";
/// `JWT_TTL_SECS`: not the default (3600), so a hard-coded lifetime shows.
pub const JWT_TTL_SECS: i64 = 1800;
/// `PUBLIC_BASE_URL`: reset links must start with this, whatever the Host header.
pub const PUBLIC_BASE_URL: &str = "https://accounts.kit-grader.test";
/// `LOGIN_MAX_FAILURES` of the shared instance: high, so checks that fail
/// logins on purpose (enumeration, timing) are never throttled. The
/// throttling check starts its own instance with a low limit.
pub const LOGIN_MAX_FAILURES: &str = "1000";

/// The password most accounts are registered with.
pub const PASSWORD: &str = "correct-horse-battery-staple";
/// A password that is never right.
pub const WRONG_PASSWORD: &str = "incorrect-horse-battery-staple";
