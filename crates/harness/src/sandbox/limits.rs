//! Resource limits of a sandboxed process, applied as rlimits by `prlimit`
//! (util-linux) inside the sandbox, just before the program starts.
//!
//! rlimits are per process (memory, CPU time, file size) or per user
//! namespace (processes): no daemon or cgroup delegation is needed, so they
//! work for an ordinary user on any Linux. `RLIMIT_DATA` rather than
//! `RLIMIT_AS` bounds memory: it counts what a process can write to, not the
//! address space a runtime merely reserves (V8, the JVM and glibc's arenas
//! reserve gigabytes they never touch).

pub use kit_report::sandbox::Limits;

const MIB: u64 = 1024 * 1024;

/// The arguments of `prlimit` that apply `limits` (soft and hard).
pub(crate) fn prlimit_args(limits: &Limits) -> Vec<String> {
    let both = |value: u64| format!("{value}:{value}");
    vec![
        format!("--data={}", both(limits.memory_mib * MIB)),
        format!("--nproc={}", both(limits.processes)),
        format!("--fsize={}", both(limits.file_size_mib * MIB)),
        format!("--cpu={}", both(limits.cpu_seconds)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prlimit_sets_soft_and_hard_limits_in_bytes() {
        let args = prlimit_args(&Limits::SERVICE);
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
