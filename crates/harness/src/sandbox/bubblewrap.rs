//! bubblewrap (`bwrap`): namespaces for an ordinary user, no daemon, no
//! setuid helper on current distributions. Chosen over Landlock + seccomp
//! because it gives everything the threat model asks for in one tool (a
//! private mount view, a PID namespace whose death kills every process in
//! it, a network namespace) and is packaged everywhere; see
//! docs/security.md for the measurements.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::{Jail, Network};

/// System folders visible read-only (symlinks, as in merged-/usr
/// distributions, are recreated as symlinks).
const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt",
];

/// What of `/etc` programs need to start, resolve names and find libraries;
/// nothing secret (`shadow`, ssh host keys, sudoers stay out).
const ETC_FILES: &[&str] = &[
    "/etc/alternatives",
    "/etc/ca-certificates",
    "/etc/ca-certificates.conf",
    "/etc/gai.conf",
    "/etc/group",
    "/etc/host.conf",
    "/etc/hostname",
    "/etc/hosts",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/mime.types",
    "/etc/nsswitch.conf",
    "/etc/os-release",
    "/etc/passwd",
    "/etc/protocols",
    "/etc/resolv.conf",
    "/etc/services",
    "/etc/ssl",
    "/etc/timezone",
];

/// Size of the sandbox's own `/tmp` and home folder (tmpfs, in memory).
const TMPFS_BYTES: u64 = 256 * 1024 * 1024;

/// How long the availability probe may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The wrapper processes between the kit and the sandboxed program: the
/// outer `bwrap` and the PID namespace's init. They are never signalled
/// with SIGTERM (that would tear the namespace down before the program
/// could shut down gracefully).
pub(crate) const WRAPPER_DEPTH: usize = 2;

/// `bwrap`'s arguments for `jail`, ending with `--` (the caller appends
/// `prlimit`, the program and its arguments).
pub(crate) fn arguments(
    jail: &Jail,
    home: Option<&Path>,
    exposed: &[PathBuf],
    as_root: bool,
) -> Vec<String> {
    let mut args: Vec<String> = [
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--hostname",
        "sandbox",
    ]
    .map(str::to_owned)
    .to_vec();
    if jail.network == Network::Isolated {
        args.push("--unshare-net".to_owned());
    }
    if as_root {
        // A root kit keeps root's uid inside; without capabilities it is
        // an ordinary process confined to the mounts below.
        args.extend(["--cap-drop", "ALL"].map(str::to_owned));
    }
    for dir in SYSTEM_DIRS {
        let path = Path::new(dir);
        match std::fs::read_link(path) {
            Ok(target) => push(&mut args, "--symlink", &target, path),
            Err(_) if path.is_dir() => push(&mut args, "--ro-bind", path, path),
            Err(_) => {}
        }
    }
    args.extend(["--dir", "/etc"].map(str::to_owned));
    for file in ETC_FILES {
        push(&mut args, "--ro-bind-try", Path::new(file), Path::new(file));
    }
    args.extend(["--proc", "/proc", "--dev", "/dev"].map(str::to_owned));
    let tmpfs = |args: &mut Vec<String>, dir: &Path| {
        args.extend(["--size".to_owned(), TMPFS_BYTES.to_string()]);
        args.extend(["--tmpfs".to_owned(), dir.display().to_string()]);
    };
    tmpfs(&mut args, Path::new("/tmp"));
    tmpfs(&mut args, Path::new("/var/tmp"));
    if let Some(home) = home.filter(|home| home.is_absolute() && *home != Path::new("/")) {
        tmpfs(&mut args, home);
    }

    // Parents before children, so a bind inside another one stays visible.
    let mut binds: Vec<(&str, &Path)> = exposed
        .iter()
        .map(|path| ("--ro-bind", path.as_path()))
        .chain(
            jail.read_only
                .iter()
                .map(|path| ("--ro-bind", path.as_path())),
        )
        .chain(jail.writable.iter().map(|path| ("--bind", path.as_path())))
        .collect();
    binds.sort_by_key(|(_, path)| path.components().count());
    for (how, path) in binds {
        push(&mut args, how, path, path);
    }
    push_one(&mut args, "--chdir", &jail.dir);
    args.push("--".to_owned());
    args
}

fn push(args: &mut Vec<String>, option: &str, source: &Path, destination: &Path) {
    args.push(option.to_owned());
    args.push(source.display().to_string());
    args.push(destination.display().to_string());
}

fn push_one(args: &mut Vec<String>, option: &str, path: &Path) {
    args.push(option.to_owned());
    args.push(path.display().to_string());
}

/// `bwrap --version`'s version, when it runs.
pub(crate) fn version(bwrap: &Path) -> Option<String> {
    let output = std::process::Command::new(bwrap)
        .arg("--version")
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().last().map(str::to_owned)
}

/// Starts `true` in a sandbox built from the same arguments as every real
/// run; `Err` carries bwrap's own words and what to do about them.
pub(crate) fn probe(bwrap: &Path, prlimit: &Path, as_root: bool) -> Result<(), String> {
    let jail = Jail {
        read_only: Vec::new(),
        writable: Vec::new(),
        network: Network::Isolated,
        limits: super::Limits::SERVICE,
        dir: PathBuf::from("/"),
    };
    let mut args = arguments(&jail, None, &[], as_root);
    args.push(prlimit.display().to_string());
    args.extend(super::limits::prlimit_args(&jail.limits));
    args.extend(["--", "true"].map(str::to_owned));
    let mut child = std::process::Command::new(bwrap)
        .args(&args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", bwrap.display()))?;
    let deadline = std::time::Instant::now() + PROBE_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("bubblewrap did not start a sandbox within 10 s".to_owned());
            }
        }
    };
    if status.success() {
        return Ok(());
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read as _;
        let _ = pipe.by_ref().take(4096).read_to_string(&mut stderr);
    }
    Err(explain_failure(stderr.trim()))
}

/// bwrap's error, and the fix for the usual cause: user namespaces blocked
/// for unprivileged users (Ubuntu 23.10+ AppArmor, hardened kernels).
fn explain_failure(stderr: &str) -> String {
    let said = if stderr.is_empty() {
        "no output".to_owned()
    } else {
        stderr.to_owned()
    };
    let namespaces = [
        "uid map",
        "namespace",
        "Permission denied",
        "Operation not permitted",
    ];
    if namespaces.iter().any(|needle| stderr.contains(needle)) {
        format!(
            "bubblewrap cannot create the sandbox's namespaces (bwrap: {said}). User namespaces \
             are blocked for ordinary users on this machine. On Ubuntu 23.10 or later, allow \
             them for bwrap with an AppArmor profile (see docs/security.md) or, until the next \
             reboot, `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`; on other \
             kernels `sudo sysctl -w kernel.unprivileged_userns_clone=1` and \
             `sudo sysctl -w user.max_user_namespaces=15000`"
        )
    } else {
        format!("bubblewrap could not start a sandbox (bwrap: {said})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jail(network: Network) -> Jail {
        Jail {
            read_only: vec![PathBuf::from("/srv/kit/target/release/app")],
            writable: vec![PathBuf::from("/tmp/kit-service-1")],
            network,
            limits: super::super::Limits::SERVICE,
            dir: PathBuf::from("/tmp/kit-service-1"),
        }
    }

    fn pairs(args: &[String], option: &str) -> Vec<String> {
        args.windows(2)
            .filter(|pair| pair[0] == option)
            .map(|pair| pair[1].clone())
            .collect()
    }

    #[test]
    fn an_isolated_jail_has_no_network_and_a_shared_one_keeps_the_callers() {
        let isolated = arguments(&jail(Network::Isolated), None, &[], false);
        assert!(isolated.contains(&"--unshare-net".to_owned()));
        let shared = arguments(&jail(Network::Inherited), None, &[], false);
        assert!(!shared.contains(&"--unshare-net".to_owned()));
        for args in [isolated, shared] {
            for option in ["--unshare-user", "--unshare-pid", "--die-with-parent"] {
                assert!(
                    args.contains(&option.to_owned()),
                    "{option} missing: {args:?}"
                );
            }
            assert_eq!(args.last().map(String::as_str), Some("--"));
        }
    }

    #[test]
    fn the_home_folder_is_empty_but_for_exposed_toolchains_mounted_after_it() {
        let exposed = [PathBuf::from("/home/ann/.pyenv")];
        let args = arguments(
            &jail(Network::Isolated),
            Some(Path::new("/home/ann")),
            &exposed,
            false,
        );
        let tmpfs = args.iter().position(|arg| arg == "/home/ann");
        let pyenv = args.iter().position(|arg| arg == "/home/ann/.pyenv");
        assert!(
            matches!((tmpfs, pyenv), (Some(t), Some(p)) if t < p),
            "{args:?}"
        );
        assert_eq!(pairs(&args, "--bind"), ["/tmp/kit-service-1"]);
        assert!(pairs(&args, "--ro-bind").contains(&"/srv/kit/target/release/app".to_owned()));
        assert!(!args.iter().any(|arg| arg == "/etc/shadow"));
        assert_eq!(pairs(&args, "--chdir"), ["/tmp/kit-service-1"]);
    }

    #[test]
    fn root_drops_every_capability() {
        let args = arguments(&jail(Network::Isolated), None, &[], true);
        assert_eq!(pairs(&args, "--cap-drop"), ["ALL"]);
    }

    #[test]
    fn a_blocked_user_namespace_says_what_to_run() {
        let message = explain_failure("bwrap: setting up uid map: Permission denied");
        assert!(
            message.contains("apparmor_restrict_unprivileged_userns"),
            "{message}"
        );
        assert!(message.contains("setting up uid map"), "{message}");
    }
}
