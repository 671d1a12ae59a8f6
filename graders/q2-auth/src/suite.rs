//! The Q2 check table: ids, titles, criteria, points and order. Points add up
//! to 100, weighted by the task's criteria; `docs/scoring.md` mirrors it.

use std::time::Duration;

use kit_harness::{Check, CheckFn, DEFAULT_CHECK_TIMEOUT, Kind};

use crate::checks::{auth, login, logs, register, reset, startup, storage, throttling, tokens};

pub const SECURITY: &str = "security";
pub const SCHEMA: &str = "schema";
pub const ERRORS: &str = "errors";
pub const BONUS: &str = "bonus";

// Prerequisites demand the capability their dependants need, never a detail
// another check scores: `REGISTER` is no prerequisite (the checks that need an
// account accept any success, `accounts::REGISTERED`), `LOGIN` asks only for a
// token, `ME` only for the token's user, `RESET` only for the message.
const REGISTER: &str = "q2.register.status_201";
const LOGIN: &str = "q2.login.ok";
const ME: &str = "q2.auth.me";
const RESET: &str = "q2.reset.request";
const CONFIRM: &str = "q2.reset.confirm_changes_password";

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

/// A check that waits on purpose (expiry, lockout) or repeats (timing).
const fn slow(check: Check) -> Check {
    Check {
        timeout: Duration::from_secs(60),
        ..check
    }
}

pub fn checks() -> Vec<Check> {
    use Kind::{Advanced, Bonus, Core};
    vec![
        // Database schema and interactions (20)
        check(
            REGISTER,
            "Registering answers 201 with {id, email}",
            SCHEMA,
            Core,
            4,
            &[],
            |cx| Box::pin(register::status_201(cx)),
        ),
        // The prerequisite of every check that needs a login: the capability
        // only (any success with a JWT), so that one wrong detail of the
        // login answer is charged once, by `q2.login.token_claims`.
        check(
            LOGIN,
            "Logging in with the right credentials returns an access token (a JWT)",
            SCHEMA,
            Core,
            3,
            &[],
            |cx| Box::pin(login::ok(cx)),
        ),
        check(
            "q2.register.duplicate_409",
            "Registering a taken email answers 409",
            SCHEMA,
            Core,
            3,
            &[],
            |cx| Box::pin(register::duplicate_409(cx)),
        ),
        check(
            "q2.register.duplicate_normalised_409",
            "Emails are compared trimmed and lower-cased (Ann@Example.com = ann@example.com)",
            SCHEMA,
            Core,
            3,
            &[LOGIN],
            |cx| Box::pin(register::duplicate_normalised_409(cx)),
        ),
        check(
            "q2.storage.unique_email",
            "The database enforces unique emails (UNIQUE constraint or index)",
            SCHEMA,
            Core,
            4,
            &[],
            |cx| Box::pin(storage::unique_email(cx)),
        ),
        check(
            "q2.register.concurrent_duplicates",
            "10 simultaneous registrations of one email: one 201, nine 409",
            SCHEMA,
            Advanced,
            3,
            &[],
            |cx| Box::pin(register::concurrent_duplicates(cx)),
        ),
        // The auth middleware comes early: the token checks below need it.
        check(
            ME,
            "GET /users/me with a valid token answers the token's user",
            BONUS,
            Bonus,
            3,
            &[LOGIN],
            |cx| Box::pin(auth::me(cx)),
        ),
        // Security measures: password hashing, secure token handling (42)
        check(
            "q2.register.no_password_in_response",
            "No answer contains the password or its hash, errors included",
            SECURITY,
            Core,
            2,
            &[],
            |cx| Box::pin(register::no_password_in_response(cx)),
        ),
        check(
            "q2.storage.no_plaintext",
            "The password is stored in no database cell in clear",
            SECURITY,
            Core,
            5,
            &[],
            |cx| Box::pin(storage::no_plaintext(cx)),
        ),
        check(
            "q2.storage.strong_hash",
            "Passwords are hashed with bcrypt cost >= 10 (or argon2id)",
            SECURITY,
            Core,
            4,
            &[],
            |cx| Box::pin(storage::strong_hash(cx)),
        ),
        check(
            "q2.storage.salted",
            "Two accounts with one password store different hashes",
            SECURITY,
            Core,
            2,
            &[],
            |cx| Box::pin(storage::salted(cx)),
        ),
        check(
            "q2.register.long_password_not_truncated",
            "Passwords over 72 bytes (of UTF-8) are refused or count in full (no silent truncation)",
            SECURITY,
            Core,
            3,
            &[],
            |cx| Box::pin(register::long_password_not_truncated(cx)),
        ),
        check(
            "q2.login.token_claims",
            "Login answers 200 {token_type: Bearer, expires_in}; the token is HS256 (JWT_SECRET) with sub, iat, exp = iat + JWT_TTL_SECS",
            SECURITY,
            Core,
            5,
            &[LOGIN],
            |cx| Box::pin(login::token_claims(cx)),
        ),
        check(
            "q2.login.same_answer_unknown_email",
            "Wrong password and unknown email get the same answer (no account enumeration)",
            SECURITY,
            Core,
            3,
            &[LOGIN],
            |cx| Box::pin(login::same_answer_unknown_email(cx)),
        ),
        slow(check(
            "q2.login.timing_unknown_email",
            "An unknown email takes as long as a wrong password (no timing oracle)",
            SECURITY,
            Advanced,
            2,
            &[LOGIN],
            |cx| Box::pin(login::timing_unknown_email(cx)),
        )),
        check(
            "q2.login.sql_fragments",
            "SQL fragments in the email never log in and never cause a 5xx",
            SECURITY,
            Core,
            2,
            &[LOGIN],
            |cx| Box::pin(login::sql_fragments(cx)),
        ),
        slow(check(
            "q2.hashing.does_not_stall",
            "Hashing does not stall the server (health stays fast during logins)",
            SECURITY,
            Advanced,
            2,
            &[LOGIN],
            |cx| Box::pin(login::hashing_does_not_stall(cx)),
        )),
        check(
            "q2.tokens.bad_signature",
            "Tampered tokens and tokens signed with another secret are refused",
            SECURITY,
            Bonus,
            2,
            &[ME],
            |cx| Box::pin(tokens::bad_signature(cx)),
        ),
        check(
            "q2.tokens.alg_none",
            "Unsigned tokens (alg: none) are refused",
            SECURITY,
            Bonus,
            3,
            &[ME],
            |cx| Box::pin(tokens::alg_none(cx)),
        ),
        check(
            "q2.tokens.other_algorithms",
            "HS384/HS512 tokens are refused (algorithm pinned to HS256)",
            SECURITY,
            Bonus,
            2,
            &[ME],
            |cx| Box::pin(tokens::other_algorithms(cx)),
        ),
        check(
            "q2.tokens.expiry",
            "Expired tokens and tokens without exp are refused",
            SECURITY,
            Bonus,
            2,
            &[ME],
            |cx| Box::pin(tokens::expiry(cx)),
        ),
        check(
            "q2.tokens.unknown_subject",
            "A token for a user that does not exist is refused",
            SECURITY,
            Bonus,
            1,
            &[ME],
            |cx| Box::pin(tokens::unknown_subject(cx)),
        ),
        // Error handling and clear response messages (13)
        check(
            "q2.register.invalid_email_422",
            "Malformed emails are refused with 422, naming the field",
            ERRORS,
            Core,
            3,
            &[],
            |cx| Box::pin(register::invalid_email_422(cx)),
        ),
        check(
            "q2.register.short_password_422",
            "Passwords under 8 characters are refused with 422, naming the field",
            ERRORS,
            Core,
            2,
            &[],
            |cx| Box::pin(register::short_password_422(cx)),
        ),
        check(
            "q2.register.malformed_400",
            "Registering with malformed JSON gets 400, without a password 422 (400 accepted), with a JSON error",
            ERRORS,
            Core,
            2,
            &[],
            |cx| Box::pin(register::malformed_400(cx)),
        ),
        check(
            "q2.login.malformed_400",
            "Logging in with malformed JSON gets 400, with a missing or mistyped field 422 (400 accepted), with a JSON error",
            ERRORS,
            Core,
            2,
            &[],
            |cx| Box::pin(login::malformed_400(cx)),
        ),
        check(
            "q2.login.wrong_password_401",
            "A wrong password answers 401 with a JSON error",
            ERRORS,
            Core,
            2,
            &[LOGIN],
            |cx| Box::pin(login::wrong_password_401(cx)),
        ),
        check(
            "q2.startup.requires_jwt_secret",
            "Without JWT_SECRET the service refuses to start, saying why",
            ERRORS,
            Core,
            2,
            &[],
            |cx| Box::pin(startup::requires_jwt_secret(cx)),
        ),
        // Bonus: auth middleware, password reset, login throttling (25)
        check(
            "q2.auth.missing_or_malformed_401",
            "No token, another scheme or a malformed token answers 401",
            BONUS,
            Bonus,
            2,
            &[ME],
            |cx| Box::pin(auth::missing_or_malformed_401(cx)),
        ),
        check(
            "q2.auth.www_authenticate",
            "401 answers carry WWW-Authenticate: Bearer",
            BONUS,
            Bonus,
            1,
            &[ME],
            |cx| Box::pin(auth::www_authenticate(cx)),
        ),
        check(
            "q2.auth.scheme_case_insensitive",
            "The Bearer scheme is accepted in any case",
            BONUS,
            Advanced,
            1,
            &[ME],
            |cx| Box::pin(auth::scheme_case_insensitive(cx)),
        ),
        check(
            "q2.auth.user_by_id",
            "GET /users/{id}: own id 200, any other id 403, no token 401",
            BONUS,
            Bonus,
            2,
            &[ME],
            |cx| Box::pin(auth::user_by_id(cx)),
        ),
        check(
            "q2.tokens.future_nbf",
            "A token not valid yet (nbf in the future) is refused",
            BONUS,
            Advanced,
            1,
            &[ME],
            |cx| Box::pin(tokens::future_nbf(cx)),
        ),
        check(
            RESET,
            "A reset request emails the account one message",
            BONUS,
            Bonus,
            1,
            &[],
            |cx| Box::pin(reset::request_sends_message(cx)),
        ),
        check(
            "q2.reset.same_answer",
            "A reset request answers 202, the same for an unknown email, which gets no message",
            BONUS,
            Bonus,
            1,
            &[RESET],
            |cx| Box::pin(reset::same_answer(cx)),
        ),
        check(
            "q2.reset.link",
            "The email names its recipient and links to PUBLIC_BASE_URL/reset-password with a 128-bit token",
            BONUS,
            Bonus,
            1,
            &[RESET],
            |cx| Box::pin(reset::link(cx)),
        ),
        check(
            CONFIRM,
            "Confirming a reset sets the new password; the old one stops working",
            BONUS,
            Bonus,
            2,
            &[RESET, LOGIN],
            |cx| Box::pin(reset::confirm_changes_password(cx)),
        ),
        check(
            "q2.reset.single_use",
            "A reset token works once",
            BONUS,
            Bonus,
            2,
            &[CONFIRM],
            |cx| Box::pin(reset::single_use(cx)),
        ),
        check(
            "q2.reset.token_stored_hashed",
            "The reset token is not stored as is",
            BONUS,
            Advanced,
            1,
            &[RESET],
            |cx| Box::pin(reset::token_stored_hashed(cx)),
        ),
        check(
            "q2.reset.new_password_rules",
            "A weak new password is refused (422) when confirming a reset",
            BONUS,
            Bonus,
            1,
            &[CONFIRM],
            |cx| Box::pin(reset::new_password_rules(cx)),
        ),
        slow(check(
            "q2.reset.expires",
            "A reset token expires after RESET_TOKEN_TTL_SECS",
            BONUS,
            Bonus,
            2,
            &[CONFIRM],
            |cx| Box::pin(reset::expires(cx)),
        )),
        check(
            "q2.reset.host_header_ignored",
            "The reset link ignores the Host header",
            BONUS,
            Advanced,
            1,
            &[RESET],
            |cx| Box::pin(reset::host_header_ignored(cx)),
        ),
        check(
            "q2.reset.old_tokens_rejected",
            "Tokens issued before a password reset stop working",
            BONUS,
            Advanced,
            1,
            &[CONFIRM, ME],
            |cx| Box::pin(reset::old_tokens_rejected(cx)),
        ),
        slow(check(
            "q2.login.throttling",
            "Repeated failed logins lock the account for a while (429 + Retry-After)",
            BONUS,
            Bonus,
            2,
            &[LOGIN],
            |cx| Box::pin(throttling::locks_out(cx)),
        )),
        // Last: scans everything the service printed during the run.
        check(
            "q2.logs.no_secrets",
            "The service never prints passwords or tokens",
            SECURITY,
            Advanced,
            2,
            &[LOGIN],
            |cx| Box::pin(logs::no_secrets(cx)),
        ),
    ]
}
