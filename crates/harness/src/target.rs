//! What is being graded: a cargo crate or a command (report data, from
//! [`kit_report::Target`]). How it becomes something to start is
//! [`crate::preparation`]'s business.

pub use kit_report::{Target, Toolchain};
