//! Hostile submissions, graded with `kit grade` as an interviewer would:
//! each must end in a report, bounded in time, with nothing of the
//! interviewer's leaked into any output, no connection to the host, and
//! nothing left running.
//!
//! "Reaching the host" is tested against a listener this test opens on the
//! host's own loopback: inside the grading phase's network namespace,
//! 127.0.0.1 is the sandbox's own, so the listener must see nothing. No
//! connection is ever aimed at any other address.
//!
//! These tests need bubblewrap (`kit_harness::testing::require`): without
//! it they skip with one line, or fail when `KIT_REQUIRE_TOOLS=1` or `CI`
//! forbids skips.

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use kit_harness::testing::{Tool, require};

use crate::common::{processes_with, repo_root, stderr, stdout};
use serde_json::Value;

/// A secret file in the interviewer's home folder, removed when dropped.
struct Canary {
    path: PathBuf,
    value: String,
}

impl Canary {
    fn plant(name: &str) -> Canary {
        let home = std::env::var_os("HOME").unwrap_or_else(|| panic!("HOME is not set"));
        let path = Path::new(&home).join(name);
        let value = format!(
            "CANARY-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos())
                .unwrap_or(0)
        );
        std::fs::write(&path, &value).unwrap_or_else(|error| panic!("{error}"));
        Canary { path, value }
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A TCP listener on the host's loopback that records whether anything
/// connected to it.
struct HostListener {
    port: u16,
    reached: Arc<AtomicBool>,
}

impl HostListener {
    fn open() -> HostListener {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("{error}"))
            .port();
        let reached = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&reached);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                flag.store(true, Ordering::SeqCst);
                let mut buffer = [0_u8; 64];
                let _ = stream.read(&mut buffer);
            }
        });
        HostListener { port, reached }
    }

    fn was_reached(&self) -> bool {
        self.reached.load(Ordering::SeqCst)
    }
}

/// Runs `kit ARGS` from `dir` with a bound, returning its output and the
/// JSON report it wrote to `report`.
fn grade(dir: &Path, args: &[&str], report: &Path, bound: Duration) -> (Output, Value) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(args)
        .args(["--format", "json", "--out"])
        .arg(report)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"));
    assert!(
        started.elapsed() < bound,
        "kit took {:?}, more than {bound:?}",
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "kit failed ({}):\n{}",
        output.status,
        stderr(&output)
    );
    let text = std::fs::read_to_string(report).unwrap_or_else(|error| panic!("{error}"));
    let value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
    (output, value)
}

/// Grades the program `cmd` run in `candidate` with `kit grade EXERCISE`
/// from the repository's root, plus `extra` arguments.
fn grade_command(
    exercise: &str,
    candidate: &Path,
    cmd: &str,
    extra: &[&str],
    bound: Duration,
) -> (Output, Value) {
    let out = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let candidate = candidate.display().to_string();
    let mut args = vec!["grade", exercise, &candidate, "--cmd", cmd];
    args.extend(extra);
    grade(&repo_root(), &args, &out.path().join("report.json"), bound)
}

/// Asserts `secret` appears nowhere the interviewer or candidate could see.
fn assert_not_leaked(secret: &str, output: &Output, report: &Value) {
    assert!(!stdout(output).contains(secret), "leaked to stdout");
    assert!(!stderr(output).contains(secret), "leaked to stderr");
    assert!(
        !report.to_string().contains(secret),
        "leaked into the report:\n{report:#}"
    );
}

fn service_output(report: &Value) -> String {
    report["service"]["output_tail"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
    }
    std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
}

/// A crate with no dependencies (it builds in a second) whose `main` exits
/// at once: the report then says the service did not start.
fn tiny_crate(dir: &Path, build_rs: Option<&str>) {
    write(
        dir,
        "Cargo.toml",
        "[package]\nname = \"hostile\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        dir,
        "src/main.rs",
        "fn main() { eprintln!(\"hostile service: exiting\"); std::process::exit(3) }\n",
    );
    if let Some(build_rs) = build_rs {
        write(dir, "build.rs", build_rs);
    }
}

#[test]
fn a_build_script_can_neither_read_the_home_folder_nor_reach_the_host() {
    if !require(
        "a_build_script_can_neither_read_the_home_folder_nor_reach_the_host",
        &[Tool::Bubblewrap],
    ) {
        return;
    }
    let canary = Canary::plant(".kit-test-canary-build");
    let host = HostListener::open();
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let build_rs = format!(
        r#"fn main() {{
    let read = std::fs::read_to_string({canary:?}).unwrap_or_else(|error| format!("unreadable ({{error}})"));
    let reached = std::net::TcpStream::connect(("127.0.0.1", {port})).is_ok();
    println!("cargo:warning=HOSTILE-BUILD-RAN canary: {{read}}; host reached: {{reached}}");
}}
"#,
        canary = canary.path.display().to_string(),
        port = host.port
    );
    tiny_crate(candidate.path(), Some(&build_rs));
    let out = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let report_path = out.path().join("report.json");
    let (output, report) = grade(
        &repo_root(),
        &[
            "grade",
            "q1",
            &candidate.path().display().to_string(),
            "--no-signals",
        ],
        &report_path,
        Duration::from_secs(300),
    );
    let log = report["build"]["log_tail"].as_str().unwrap_or_default();
    assert!(
        log.contains("HOSTILE-BUILD-RAN"),
        "the build script did not run:\n{log}"
    );
    assert!(log.contains("host reached: false"), "{log}");
    assert_not_leaked(&canary.value, &output, &report);
    assert!(!host.was_reached(), "the build script reached the host");
}

#[test]
fn a_candidates_cargo_config_and_toolchain_file_are_ignored() {
    if !require(
        "a_candidates_cargo_config_and_toolchain_file_are_ignored",
        &[Tool::Bubblewrap],
    ) {
        return;
    }
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let evidence = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let marker = evidence.path().join("wrapper-ran");
    let wrapper = evidence.path().join("wrapper.sh");
    write(
        evidence.path(),
        "wrapper.sh",
        &format!("#!/bin/sh\ntouch {}\nexec \"$@\"\n", marker.display()),
    );
    let mut permissions = std::fs::metadata(&wrapper)
        .unwrap_or_else(|error| panic!("{error}"))
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&wrapper, permissions).unwrap_or_else(|error| panic!("{error}"));
    tiny_crate(candidate.path(), None);
    write(
        candidate.path(),
        ".cargo/config.toml",
        &format!("[build]\nrustc-wrapper = \"{}\"\n", wrapper.display()),
    );
    // A toolchain that does not exist here: honouring it would fail the build.
    write(
        candidate.path(),
        "rust-toolchain.toml",
        "[toolchain]\nchannel = \"nightly-2019-01-01\"\n",
    );
    let report_path = evidence.path().join("report.json");
    // Graded from inside the candidate's folder, where cargo would read
    // `.cargo/config.toml` if it ran there.
    let (_, report) = grade(
        candidate.path(),
        &["grade", "q1", ".", "--no-signals"],
        &report_path,
        Duration::from_secs(300),
    );
    assert!(!marker.exists(), "the candidate's rustc-wrapper ran");
    let error = report["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("did not start"),
        "the crate should build with the interviewer's toolchain, then fail to start: {error}"
    );
}

#[test]
fn a_service_can_neither_read_the_home_folder_or_the_kit_nor_reach_the_host() {
    if !require(
        "a_service_can_neither_read_the_home_folder_or_the_kit_nor_reach_the_host",
        &[Tool::Bubblewrap],
    ) {
        return;
    }
    let canary = Canary::plant(".kit-test-canary-service");
    let host = HostListener::open();
    let grader_source = repo_root().join("graders/q1-products/src/suite.rs");
    let grader_line = std::fs::read_to_string(&grader_source)
        .unwrap_or_else(|error| panic!("{error}"))
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    write(
        candidate.path(),
        "hostile.sh",
        &format!(
            "cat {canary}\ncat {grader}\nls $HOME\n\
             if (echo hello > /dev/tcp/127.0.0.1/{port}) 2>/dev/null; then echo 'host reached: true'; else echo 'host reached: false'; fi\n\
             echo HOSTILE-SERVICE-RAN\nexit 1\n",
            canary = canary.path.display(),
            grader = grader_source.display(),
            port = host.port
        ),
    );
    let (output, report) = grade_command(
        "q1",
        candidate.path(),
        "bash hostile.sh",
        &[],
        Duration::from_secs(120),
    );
    let said = service_output(&report);
    assert!(said.contains("HOSTILE-SERVICE-RAN"), "{said}");
    assert!(said.contains("host reached: false"), "{said}");
    assert!(
        !grader_line.is_empty() && !said.contains(&grader_line),
        "{said}"
    );
    assert_not_leaked(&canary.value, &output, &report);
    assert!(!host.was_reached(), "the service reached the host");
    assert_eq!(
        report["sandbox"]["network"]
            .as_str()
            .map(|network| network.starts_with("loopback only")),
        Some(true),
        "{report:#}"
    );
}

/// Answers 200 to everything: readiness passes and a check runs, so the
/// kit stops a running service at the end.
const ANSWER_EVERYTHING: &str = r#"
import http.server, os
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"#;

#[test]
fn a_daemon_and_a_process_flood_do_not_outlive_the_run() {
    if !require(
        "a_daemon_and_a_process_flood_do_not_outlive_the_run",
        &[Tool::Bubblewrap, Tool::Python3],
    ) {
        return;
    }
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let marker = format!("600.{}", std::process::id());
    write(candidate.path(), "serve.py", ANSWER_EVERYTHING);
    write(
        candidate.path(),
        "hostile.sh",
        &format!(
            "setsid sleep {marker} < /dev/null > /dev/null 2>&1 &\n\
             started=0\n\
             for i in $(seq 1 1000); do sleep {marker} 2>/dev/null & if [ $? -eq 0 ]; then started=$((started+1)); fi; done\n\
             echo \"flood started $started\"\n\
             exec python3 serve.py\n"
        ),
    );
    let (_, report) = grade_command(
        "q1",
        candidate.path(),
        "bash hostile.sh",
        &["--only", "q1.create.status_201"],
        Duration::from_secs(120),
    );
    assert_eq!(report["status"], "completed", "{report:#}");
    let survivors = processes_with(&marker);
    assert!(survivors.is_empty(), "still running: {survivors:?}");
}

#[test]
fn a_huge_allocation_and_a_huge_file_are_refused() {
    if !require(
        "a_huge_allocation_and_a_huge_file_are_refused",
        &[Tool::Bubblewrap, Tool::Python3],
    ) {
        return;
    }
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    write(
        candidate.path(),
        "hostile.sh",
        "python3 -c 'b = bytearray(4 << 30); print(\"allocated 4 GiB\")' 2>&1 | tail -1\n\
         head -c 2147483648 /dev/zero > big.bin 2>/dev/null\n\
         echo \"file size $(stat -c %s big.bin)\"\n\
         rm -f big.bin\nexit 1\n",
    );
    let out = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let report_path = out.path().join("report.json");
    let (_, report) = grade(
        &repo_root(),
        &[
            "grade",
            "q1",
            &candidate.path().display().to_string(),
            "--cmd",
            "bash hostile.sh",
        ],
        &report_path,
        Duration::from_secs(120),
    );
    let said = service_output(&report);
    assert!(
        said.contains("MemoryError"),
        "the allocation was not refused: {said}"
    );
    let size: u64 = said
        .lines()
        .find_map(|line| line.strip_prefix("file size "))
        .and_then(|size| size.trim().parse().ok())
        .unwrap_or_else(|| panic!("no file size in: {said}"));
    assert!(size <= 512 * 1024 * 1024, "a {size}-byte file was written");
}

#[test]
fn a_symlink_planted_in_the_outbox_is_never_followed() {
    if !require(
        "a_symlink_planted_in_the_outbox_is_never_followed",
        &[Tool::Bubblewrap, Tool::Python3, Tool::PythonBcrypt],
    ) {
        return;
    }
    // The Q2 reference server's `outbox-symlink` fault writes every mail
    // as a link to this file.
    let canary = Canary::plant(".interview-kit-canary");
    let (output, report) = grade_command(
        "q2",
        &repo_root().join("graders/q2-auth/tests/servers"),
        "exec python3 auth.py --fault outbox-symlink",
        &["--only", "q2.reset.request"],
        Duration::from_secs(120),
    );
    let request = report["checks"]
        .as_array()
        .and_then(|checks| {
            checks
                .iter()
                .find(|check| check["id"] == "q2.reset.request")
        })
        .unwrap_or_else(|| panic!("no q2.reset.request in {report:#}"));
    assert_eq!(request["status"], "fail", "{request:#}");
    assert_not_leaked(&canary.value, &output, &report);
}

#[test]
fn sandbox_require_refuses_to_grade_without_a_sandbox_and_off_warns() {
    // `off` must say, in the terminal and the report, that nothing was confined.
    let candidate = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    write(candidate.path(), "fail.sh", "exit 1\n");
    let (output, report) = grade_command(
        "q1",
        candidate.path(),
        "sh fail.sh",
        &["--sandbox", "off"],
        Duration::from_secs(60),
    );
    assert!(stderr(&output).contains("WARNING"), "{}", stderr(&output));
    assert_eq!(report["sandbox"]["mechanism"], "none", "{report:#}");
    assert!(
        report["sandbox"]["warning"].as_str().is_some(),
        "{report:#}"
    );

    // `require` with no bubblewrap on PATH refuses, exit 2, and says how to install it.
    let output = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["grade", "q1", &candidate.path().display().to_string()])
        .args(["--cmd", "sh fail.sh", "--sandbox", "require"])
        .env("PATH", "/nonexistent")
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("bubblewrap"),
        "{}",
        stderr(&output)
    );
}
