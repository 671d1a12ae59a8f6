//! The interviewer's review of the criteria no program scores: the file
//! `kit review` writes (a rubric per criterion) and reading it back to merge
//! it into a report.

mod file;
mod template;

pub use file::{ReviewFile, SCHEMA, check_submission, merge, parse};
pub use template::{default_file_name, template};
