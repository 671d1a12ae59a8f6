//! The hidden check suite of exercise Q2: user authentication.
//!
//! It talks to the submission over HTTP and reads, read-only, the files it
//! was told to write (its SQLite database, its mail outbox), as a reviewer
//! with jwt_tool and a SQLite shell would. It depends on the harness alone,
//! never on a starter or solution.

mod accounts;
mod checks;
mod jwt;
mod outbox;
pub mod settings;
mod suite;

use kit_harness::{Criterion, Exercise, FileKind, ReviewItem, ServiceFile, ServiceSpec};

pub use suite::{BONUS, ERRORS, SCHEMA, SECURITY};

pub const CRITERIA: &[Criterion] = &[
    Criterion {
        id: SCHEMA,
        title: "Database schema and interactions",
    },
    Criterion {
        id: SECURITY,
        title: "Security: password hashing, secure token handling",
    },
    Criterion {
        id: ERRORS,
        title: "Error handling and clear messages",
    },
    Criterion {
        id: BONUS,
        title: "Bonus: auth middleware, password reset, throttling",
    },
];

pub const REVIEW: &[ReviewItem] = &[
    ReviewItem {
        id: "organisation",
        title: "Code organisation and clarity",
        look_for: &[
            "authentication in one place (a middleware, extractor or dependency), not repeated in each handler",
            "email and password rules enforced once, at the boundary (one validated type, model or schema)",
            "secrets read from configuration once; the service refuses to start without them",
            "no secret (password, token, hash) in logs or error messages",
        ],
        levels: [
            "Token checks or password rules copied into handlers; secrets hard-coded or defaulted; hashing on the threads or event loop that serve requests; crashes (5xx) on bad input.",
            "Working structure, but authentication or validation is repeated, or configuration is read in several places.",
            "Authentication in one place (middleware, extractor or dependency); email and password rules in one validated type or schema at the boundary; configuration read once; errors mapped to responses in one place.",
            "As 3, and security decisions are explicit and explained in short comments (pinned algorithm, dummy hash, token hashing); the code reads like a small production service.",
        ],
    },
    ReviewItem {
        id: "security_reasoning",
        title: "Security reasoning to discuss",
        look_for: &[
            "why bcrypt (slow, salted) and not SHA-256; what the cost factor buys",
            "why the algorithm is pinned when verifying a JWT (alg: none, algorithm confusion)",
            "why unknown emails and wrong passwords get the same answer and take the same time",
            "how a password reset token is protected (randomness, hashing at rest, single use, expiry)",
        ],
        levels: [
            "Cannot say why a slow salted hash beats SHA-256, or what stops a forged token.",
            "Knows the rules (bcrypt, verify the signature) but not the attacks behind them.",
            "Explains each choice by the attack it stops: offline cracking, alg none and algorithm confusion, account enumeration, reset token theft.",
            "As 3, and weighs trade-offs unprompted (cost factor against latency, token revocation, throttling that does not lock out real users).",
        ],
    },
    ReviewItem {
        id: "tests",
        title: "Tests the candidate wrote",
        look_for: &[
            "tests for rejection cases (bad token, wrong password, duplicate email), not only the happy path",
        ],
        levels: [
            "No new tests, or tests that assert nothing meaningful.",
            "Happy-path tests of register and login only.",
            "Rejection cases tested through the HTTP app: wrong password, duplicate email, missing, expired or tampered token.",
            "As 3, plus attack-shaped tests (alg none, another user's id, reused reset token) and time controlled without sleeps.",
        ],
    },
];

pub fn exercise() -> Exercise {
    Exercise {
        id: "q2",
        name: "q2-auth",
        title: "User authentication",
        starter_dir: "starters/q2-auth",
        solution_dir: "solutions/q2-auth",
        criteria: CRITERIA,
        review: REVIEW,
        service: ServiceSpec {
            files: &[
                ServiceFile {
                    var: "DATABASE_PATH",
                    name: "data.db",
                    kind: FileKind::File,
                },
                ServiceFile {
                    var: "MAIL_OUTBOX_DIR",
                    name: "outbox",
                    kind: FileKind::Dir,
                },
            ],
            env: &[
                ("JWT_SECRET", settings::JWT_SECRET),
                ("JWT_TTL_SECS", "1800"),
                ("PUBLIC_BASE_URL", settings::PUBLIC_BASE_URL),
                ("LOGIN_MAX_FAILURES", settings::LOGIN_MAX_FAILURES),
            ],
            // The log check scans everything the service printed.
            output_cap: 8 * 1024 * 1024,
        },
        checks: suite::checks(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_suite_is_well_formed() {
        let problems = super::exercise().lint();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_ttl_the_service_gets_is_the_one_the_checks_expect() {
        let exercise = super::exercise();
        let ttl = exercise
            .service
            .env
            .iter()
            .find(|(var, _)| *var == "JWT_TTL_SECS")
            .map(|(_, value)| *value);
        assert_eq!(
            ttl,
            Some(super::settings::JWT_TTL_SECS.to_string().as_str())
        );
    }
}
