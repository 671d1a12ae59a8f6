//! What a report says about the sandbox candidate code ran in
//! (docs/report-format.md, docs/security.md). Resolving and applying the
//! sandbox is the harness's business (`kit_harness::Sandbox`).

use serde::{Deserialize, Serialize};

/// What a report says about the sandbox (docs/report-format.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxInfo {
    /// `bubblewrap 0.8.0`, or `none`.
    pub mechanism: String,
    /// What the service could reach over the network.
    pub network: String,
    /// Limits of each service process; `None` when unconfined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// Limits of each build process; `None` when unconfined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_limits: Option<Limits>,
    /// Folders under the interviewer's home made visible read-only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visible: Vec<String>,
    /// Why candidate code ran unconfined, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl SandboxInfo {
    /// One line for report headers.
    pub fn summary(&self) -> String {
        match &self.limits {
            Some(limits) => format!(
                "{}; network: {}; per service: {}",
                self.mechanism,
                self.network,
                limits.describe()
            ),
            None => format!("none ({})", self.network),
        }
    }
}

/// Resource limits of a sandboxed process (applied as rlimits by the
/// harness: `kit_harness::sandbox`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Writable memory of each process (`RLIMIT_DATA`), in MiB.
    pub memory_mib: u64,
    /// Processes and threads of the sandbox's user (`RLIMIT_NPROC`).
    pub processes: u64,
    /// Largest file a process may write (`RLIMIT_FSIZE`), in MiB.
    pub file_size_mib: u64,
    /// CPU time of each process (`RLIMIT_CPU`), in seconds.
    pub cpu_seconds: u64,
}

impl Limits {
    /// A service under test: the exercises need tens of MiB and a few
    /// threads; Q2's bcrypt work is the most CPU any of them uses (about a
    /// minute over a whole grading run).
    pub const SERVICE: Limits = Limits {
        memory_mib: 2048,
        processes: 256,
        file_size_mib: 512,
        cpu_seconds: 900,
    };

    /// cargo and rustc: linking an actix service in release mode takes
    /// about 1 GiB; build scripts and parallel rustc jobs are processes.
    pub const BUILD: Limits = Limits {
        memory_mib: 8192,
        processes: 1024,
        file_size_mib: 4096,
        cpu_seconds: 3600,
    };

    /// `memory 2048 MiB, 256 processes, files 512 MiB, CPU 900 s`.
    pub fn describe(&self) -> String {
        format!(
            "memory {} MiB, {} processes, files {} MiB, CPU {} s",
            self.memory_mib, self.processes, self.file_size_mib, self.cpu_seconds
        )
    }
}
