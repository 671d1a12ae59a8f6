//! Resource limits of a sandboxed process, applied as rlimits by `prlimit`
//! (util-linux) inside the sandbox, just before the program starts.
//!
//! rlimits are per process (memory, CPU time, file size) or per user
//! namespace (processes): no daemon or cgroup delegation is needed, so they
//! work for an ordinary user on any Linux. `RLIMIT_DATA` rather than
//! `RLIMIT_AS` bounds memory: it counts what a process can write to, not the
//! address space a runtime merely reserves (V8, the JVM and glibc's arenas
//! reserve gigabytes they never touch).

use serde::{Deserialize, Serialize};

const MIB: u64 = 1024 * 1024;

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

    /// The arguments of `prlimit` that apply these limits (soft and hard).
    pub(crate) fn prlimit_args(&self) -> Vec<String> {
        let both = |value: u64| format!("{value}:{value}");
        vec![
            format!("--data={}", both(self.memory_mib * MIB)),
            format!("--nproc={}", both(self.processes)),
            format!("--fsize={}", both(self.file_size_mib * MIB)),
            format!("--cpu={}", both(self.cpu_seconds)),
        ]
    }

    /// `memory 2048 MiB, 256 processes, files 512 MiB, CPU 900 s`.
    pub fn describe(&self) -> String {
        format!(
            "memory {} MiB, {} processes, files {} MiB, CPU {} s",
            self.memory_mib, self.processes, self.file_size_mib, self.cpu_seconds
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prlimit_sets_soft_and_hard_limits_in_bytes() {
        let args = Limits::SERVICE.prlimit_args();
        assert_eq!(
            args,
            [
                "--data=2147483648:2147483648",
                "--nproc=256:256",
                "--fsize=536870912:536870912",
                "--cpu=900:900",
            ]
        );
    }
}
