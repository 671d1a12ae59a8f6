//! The Q2 check table: ids, titles, criteria, points and order. Points add up
//! to 100, weighted by the task's criteria; `docs/scoring.md` mirrors it.

use std::time::Duration;

use kit_harness::{Check, Kind, check};

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

pub fn checks() -> Vec<Check> {
    use Kind::{Advanced, Bonus, Core};
    vec![
        // Database schema and interactions (20)
        check! {
            id: REGISTER,
            title: "Registering answers 201 with {id, email}",
            criterion: SCHEMA,
            kind: Core,
            points: 4,
            run: register::status_201,
        },
        // The prerequisite of every check that needs a login: the capability
        // only (any success with a JWT), so that one wrong detail of the
        // login answer is charged once, by `q2.login.token_claims`.
        check! {
            id: LOGIN,
            title: "Logging in with the right credentials returns an access token (a JWT)",
            criterion: SCHEMA,
            kind: Core,
            points: 3,
            run: login::ok,
        },
        check! {
            id: "q2.register.duplicate_409",
            title: "Registering a taken email answers 409",
            criterion: SCHEMA,
            kind: Core,
            points: 3,
            run: register::duplicate_409,
        },
        check! {
            id: "q2.register.duplicate_normalised_409",
            title: "Emails are compared trimmed and lower-cased (Ann@Example.com = ann@example.com)",
            criterion: SCHEMA,
            kind: Core,
            points: 3,
            requires: [LOGIN],
            run: register::duplicate_normalised_409,
        },
        check! {
            id: "q2.storage.unique_email",
            title: "The database enforces unique emails (UNIQUE constraint or index)",
            criterion: SCHEMA,
            kind: Core,
            points: 4,
            run: storage::unique_email,
        },
        check! {
            id: "q2.register.concurrent_duplicates",
            title: "10 simultaneous registrations of one email: one 201, nine 409",
            criterion: SCHEMA,
            kind: Advanced,
            points: 3,
            alone: true,
            run: register::concurrent_duplicates,
        },
        // The auth middleware comes early: the token checks below need it.
        check! {
            id: ME,
            title: "GET /users/me with a valid token answers the token's user",
            criterion: BONUS,
            kind: Bonus,
            points: 3,
            requires: [LOGIN],
            run: auth::me,
        },
        // Security measures: password hashing, secure token handling (42)
        check! {
            id: "q2.register.no_password_in_response",
            title: "No answer contains the password or its hash, errors included",
            criterion: SECURITY,
            kind: Core,
            points: 2,
            run: register::no_password_in_response,
        },
        // The storage checks read only their own accounts' rows (no_plaintext
        // scans every cell, for its own passwords; how many cells is a note).
        check! {
            id: "q2.storage.no_plaintext",
            title: "The password is stored in no database cell in clear",
            criterion: SECURITY,
            kind: Core,
            points: 5,
            run: storage::no_plaintext,
        },
        check! {
            id: "q2.storage.strong_hash",
            title: "Passwords are hashed with bcrypt cost >= 10 (or argon2id)",
            criterion: SECURITY,
            kind: Core,
            points: 4,
            run: storage::strong_hash,
        },
        check! {
            id: "q2.storage.salted",
            title: "Two accounts with one password store different hashes",
            criterion: SECURITY,
            kind: Core,
            points: 2,
            run: storage::salted,
        },
        check! {
            id: "q2.register.long_password_not_truncated",
            title: "Passwords over 72 bytes (of UTF-8) are refused or count in full (no silent truncation)",
            criterion: SECURITY,
            kind: Core,
            points: 3,
            run: register::long_password_not_truncated,
        },
        check! {
            id: "q2.login.token_claims",
            title: "Login answers 200 {token_type: Bearer, expires_in}; the token is HS256 (JWT_SECRET) with sub, iat, exp = iat + JWT_TTL_SECS",
            criterion: SECURITY,
            kind: Core,
            points: 5,
            requires: [LOGIN],
            run: login::token_claims,
        },
        check! {
            id: "q2.login.same_answer_unknown_email",
            title: "Wrong password and unknown email get the same answer (no account enumeration)",
            criterion: SECURITY,
            kind: Core,
            points: 3,
            requires: [LOGIN],
            run: login::same_answer_unknown_email,
        },
        check! {
            id: "q2.login.timing_unknown_email",
            title: "An unknown email takes as long as a wrong password (no timing oracle)",
            criterion: SECURITY,
            kind: Advanced,
            points: 2,
            requires: [LOGIN],
            timeout: Duration::from_secs(60),
            alone: true,
            run: login::timing_unknown_email,
        },
        check! {
            id: "q2.login.sql_fragments",
            title: "SQL fragments in the email never log in and never cause a 5xx",
            criterion: SECURITY,
            kind: Core,
            points: 2,
            requires: [LOGIN],
            run: login::sql_fragments,
        },
        check! {
            id: "q2.hashing.does_not_stall",
            title: "Hashing does not stall the server (health stays fast during logins)",
            criterion: SECURITY,
            kind: Advanced,
            points: 2,
            requires: [LOGIN],
            timeout: Duration::from_secs(60),
            alone: true,
            run: login::hashing_does_not_stall,
        },
        check! {
            id: "q2.tokens.bad_signature",
            title: "Tampered tokens and tokens signed with another secret are refused",
            criterion: SECURITY,
            kind: Bonus,
            points: 2,
            requires: [ME],
            run: tokens::bad_signature,
        },
        check! {
            id: "q2.tokens.alg_none",
            title: "Unsigned tokens (alg: none) are refused",
            criterion: SECURITY,
            kind: Bonus,
            points: 3,
            requires: [ME],
            run: tokens::alg_none,
        },
        check! {
            id: "q2.tokens.other_algorithms",
            title: "HS384/HS512 tokens are refused (algorithm pinned to HS256)",
            criterion: SECURITY,
            kind: Bonus,
            points: 2,
            requires: [ME],
            run: tokens::other_algorithms,
        },
        check! {
            id: "q2.tokens.expiry",
            title: "Expired tokens and tokens without exp are refused",
            criterion: SECURITY,
            kind: Bonus,
            points: 2,
            requires: [ME],
            run: tokens::expiry,
        },
        check! {
            id: "q2.tokens.unknown_subject",
            title: "A token for a user that does not exist is refused",
            criterion: SECURITY,
            kind: Bonus,
            points: 1,
            requires: [ME],
            run: tokens::unknown_subject,
        },
        // Error handling and clear response messages (13)
        check! {
            id: "q2.register.invalid_email_422",
            title: "Malformed emails are refused with 422, naming the field",
            criterion: ERRORS,
            kind: Core,
            points: 3,
            run: register::invalid_email_422,
        },
        check! {
            id: "q2.register.short_password_422",
            title: "Passwords under 8 characters are refused with 422, naming the field",
            criterion: ERRORS,
            kind: Core,
            points: 2,
            run: register::short_password_422,
        },
        check! {
            id: "q2.register.malformed_400",
            title: "Registering with malformed JSON gets 400, without a password 422 (400 accepted), with a JSON error",
            criterion: ERRORS,
            kind: Core,
            points: 2,
            run: register::malformed_400,
        },
        check! {
            id: "q2.login.malformed_400",
            title: "Logging in with malformed JSON gets 400, with a missing or mistyped field 422 (400 accepted), with a JSON error",
            criterion: ERRORS,
            kind: Core,
            points: 2,
            run: login::malformed_400,
        },
        check! {
            id: "q2.login.wrong_password_401",
            title: "A wrong password answers 401 with a JSON error",
            criterion: ERRORS,
            kind: Core,
            points: 2,
            requires: [LOGIN],
            run: login::wrong_password_401,
        },
        check! {
            id: "q2.startup.requires_jwt_secret",
            title: "Without JWT_SECRET the service refuses to start, saying why",
            criterion: ERRORS,
            kind: Core,
            points: 2,
            run: startup::requires_jwt_secret,
        },
        // Bonus: auth middleware, password reset, login throttling (25)
        check! {
            id: "q2.auth.missing_or_malformed_401",
            title: "No token, another scheme or a malformed token answers 401",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [ME],
            run: auth::missing_or_malformed_401,
        },
        check! {
            id: "q2.auth.www_authenticate",
            title: "401 answers carry WWW-Authenticate: Bearer",
            criterion: BONUS,
            kind: Bonus,
            points: 1,
            requires: [ME],
            run: auth::www_authenticate,
        },
        check! {
            id: "q2.auth.scheme_case_insensitive",
            title: "The Bearer scheme is accepted in any case",
            criterion: BONUS,
            kind: Advanced,
            points: 1,
            requires: [ME],
            run: auth::scheme_case_insensitive,
        },
        check! {
            id: "q2.auth.user_by_id",
            title: "GET /users/{id}: own id 200, any other id 403, no token 401",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [ME],
            run: auth::user_by_id,
        },
        check! {
            id: "q2.tokens.future_nbf",
            title: "A token not valid yet (nbf in the future) is refused",
            criterion: BONUS,
            kind: Advanced,
            points: 1,
            requires: [ME],
            run: tokens::future_nbf,
        },
        // The reset checks share the outbox, but beside other checks each
        // takes only the messages naming its own account; a message that
        // names none of the grader's addresses sends the check to run again
        // alone, where every new message is its own, as in a sequential run
        // (checks/reset.rs, `arrivals`). `expires` has an instance of its own.
        check! {
            id: RESET,
            title: "A reset request emails the account one message",
            criterion: BONUS,
            kind: Bonus,
            points: 1,
            run: reset::request_sends_message,
        },
        check! {
            id: "q2.reset.same_answer",
            title: "A reset request answers 202, the same for an unknown email, which gets no message",
            criterion: BONUS,
            kind: Bonus,
            points: 1,
            requires: [RESET],
            run: reset::same_answer,
        },
        check! {
            id: "q2.reset.link",
            title: "The email names its recipient and links to PUBLIC_BASE_URL/reset-password with a 128-bit token",
            criterion: BONUS,
            kind: Bonus,
            points: 1,
            requires: [RESET],
            run: reset::link,
        },
        check! {
            id: CONFIRM,
            title: "Confirming a reset sets the new password; the old one stops working",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [RESET, LOGIN],
            run: reset::confirm_changes_password,
        },
        check! {
            id: "q2.reset.single_use",
            title: "A reset token works once",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [CONFIRM],
            run: reset::single_use,
        },
        check! {
            id: "q2.reset.token_stored_hashed",
            title: "The reset token is not stored as is",
            criterion: BONUS,
            kind: Advanced,
            points: 1,
            requires: [RESET],
            run: reset::token_stored_hashed,
        },
        check! {
            id: "q2.reset.new_password_rules",
            title: "A weak new password is refused (422) when confirming a reset",
            criterion: BONUS,
            kind: Bonus,
            points: 1,
            requires: [CONFIRM],
            run: reset::new_password_rules,
        },
        check! {
            id: "q2.reset.expires",
            title: "A reset token expires after RESET_TOKEN_TTL_SECS",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [CONFIRM],
            timeout: Duration::from_secs(60),
            waits: true,
            run: reset::expires,
        },
        check! {
            id: "q2.reset.host_header_ignored",
            title: "The reset link ignores the Host header",
            criterion: BONUS,
            kind: Advanced,
            points: 1,
            requires: [RESET],
            run: reset::host_header_ignored,
        },
        check! {
            id: "q2.reset.old_tokens_rejected",
            title: "Tokens issued before a password reset stop working",
            criterion: BONUS,
            kind: Advanced,
            points: 1,
            requires: [CONFIRM, ME],
            waits: true,
            run: reset::old_tokens_rejected,
        },
        check! {
            id: "q2.login.throttling",
            title: "Repeated failed logins lock the account for a while (429 + Retry-After)",
            criterion: BONUS,
            kind: Bonus,
            points: 2,
            requires: [LOGIN],
            timeout: Duration::from_secs(60),
            waits: true,
            run: throttling::locks_out,
        },
        // Last: scans everything the service printed during the run.
        check! {
            id: "q2.logs.no_secrets",
            title: "The service never prints passwords or tokens",
            criterion: SECURITY,
            kind: Advanced,
            points: 2,
            requires: [LOGIN],
            alone: true,
            run: logs::no_secrets,
        },
    ]
}
