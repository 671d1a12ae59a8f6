//! The hidden check suite of exercise Q1: a products CRUD API.
//!
//! It talks to the submission only over HTTP, as the contract in
//! `docs/q1-products.md` describes, so any program honouring the contract can
//! be graded. It depends on the harness alone, never on a starter or solution.

mod checks;
mod fixtures;
mod listing;
mod suite;

use kit_harness::{Criterion, Exercise, FileKind, ReviewItem, ServiceFile, ServiceSpec};

pub use suite::{BONUS, ERRORS, METHODS, ROBUSTNESS};

pub const CRITERIA: &[Criterion] = &[
    Criterion {
        id: METHODS,
        title: "Proper HTTP methods and status codes",
    },
    Criterion {
        id: ERRORS,
        title: "Error handling",
    },
    Criterion {
        id: BONUS,
        title: "Bonus: name filter, pagination, PATCH",
    },
    Criterion {
        id: ROBUSTNESS,
        title: "Robustness: persistence, concurrency, data fidelity",
    },
];

pub const REVIEW: &[ReviewItem] = &[
    ReviewItem {
        id: "organisation",
        title: "Code organisation and clarity",
        look_for: &[
            "routes, validation, storage and error mapping each in their own place",
            "field rules enforced once, at the boundary (types that can only hold valid values)",
            "errors mapped to status codes in one place, not ad hoc in each handler",
            "SQL with bound parameters only; no string-built queries",
            "names that explain themselves; comments that say why",
        ],
        levels: [
            "Handlers mix parsing, SQL and status codes; the same validation or error mapping is copied across handlers; string-built SQL, or crashes (unhandled errors) on bad input.",
            "Some structure, but validation or error mapping is repeated per handler, or one large file holds everything; names are mostly clear.",
            "Routes, validation, storage and errors each have their place; field rules live in one spot; errors become responses in one place; bound SQL parameters throughout.",
            "As 3, and the types make invalid states unrepresentable (a validated product type, one set of error kinds turned into responses in one place); someone new could add an endpoint in minutes.",
        ],
    },
    ReviewItem {
        id: "tests",
        title: "Tests the candidate wrote",
        look_for: &[
            "tests for the new endpoints, including the error cases",
            "tests that run the real HTTP app (not only unit tests of helpers)",
        ],
        levels: [
            "No new tests, or tests that assert nothing meaningful (only that a call returns).",
            "A few happy-path tests of the new endpoints; error cases (404, 400, 422) untested.",
            "Tests through the HTTP app for update and delete, with the main error cases; they pass and are independent of each other.",
            "As 3, plus edge cases (pagination bounds, filter escaping, partial updates), readable test names and helpers that keep each test short.",
        ],
    },
];

pub fn exercise() -> Exercise {
    Exercise {
        id: "q1",
        name: "q1-products",
        title: "Products CRUD API",
        starter_dir: "starters/q1-products",
        solution_dir: "solutions/q1-products",
        criteria: CRITERIA,
        review: REVIEW,
        service: ServiceSpec {
            files: &[ServiceFile {
                var: "DATABASE_PATH",
                name: "data.db",
                kind: FileKind::File,
            }],
            env: &[],
            output_cap: kit_harness::DEFAULT_OUTPUT_CAP,
        },
        checks: suite::checks(),
    }
}
