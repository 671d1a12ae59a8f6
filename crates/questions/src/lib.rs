//! The follow-up question bank and the choice of questions for a report.
//!
//! The bank is `docs/questions/*.toml` (format in `docs/questions/README.md`),
//! embedded at build time. [`propose`] picks 3 to 5 questions from what a
//! graded submission lost and passed.

mod bank;
mod propose;
mod when;

pub use bank::{Bank, BankError, Level, Question, Topic};
pub use propose::{MAX_PROPOSED, MIN_PROPOSED, propose};
pub use when::{CheckSelector, When};
