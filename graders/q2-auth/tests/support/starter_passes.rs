//! The checks every starter of q2-auth passes, in any language: what it
//! already does. Shared by `reference.rs` (Rust) and `languages.rs`.

/// What the starter already does: registration that answers like the
/// contract (but stores the password as given), and the JSON error plumbing.
pub const STARTER_PASSES: &[&str] = &[
    "q2.register.status_201",
    "q2.register.no_password_in_response",
    "q2.register.malformed_400",
];
