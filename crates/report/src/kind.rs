//! Why a check exists: the kind a report shows next to it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a check exists: the task as asked, its optional part, or what a strong
/// candidate also gets right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Core,
    Bonus,
    Advanced,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Core => "core",
            Kind::Bonus => "bonus",
            Kind::Advanced => "advanced",
        })
    }
}
