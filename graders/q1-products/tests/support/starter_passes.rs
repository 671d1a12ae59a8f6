//! The checks every starter of q1-products passes, in any language: what it
//! already does. Shared by `reference.rs` (Rust) and `languages.rs`.

/// What the starter already does (create, read, list, and the storage it
/// comes with, and the `Allow` header of actix's 405 answers, which lists
/// the methods each path supports); everything else is the candidate's work.
pub const STARTER_PASSES: &[&str] = &[
    "q1.create.ok",
    "q1.create.status_201",
    "q1.get.ok",
    "q1.get.unknown_404",
    "q1.list.envelope",
    "q1.methods.allow_header",
    "q1.errors.no_5xx_on_client_mistakes",
    "q1.robust.survives_restart",
    "q1.robust.concurrent_creates",
    "q1.robust.exact_price",
    "q1.robust.unicode_names",
];
