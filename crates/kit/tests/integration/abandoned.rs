//! A grader that dies without cleaning up (SIGKILL, the OOM killer) must not
//! leave the candidate's service running: the harness's watchdog kills the
//! service's process group when the kit's process is gone.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kit_harness::testing::{Tool, require};

use crate::common::processes_with;

fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    condition()
}

/// Answers `/health` and nothing else, slowly: the grading run is still on
/// when the kit is killed.
const SLOW_SERVICE: &str = r#"
import http.server, os, sys, time
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/health":
            time.sleep(5)
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
fn a_killed_grader_leaves_no_service_behind() {
    if !require("a_killed_grader_leaves_no_service_behind", &[Tool::Python3]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(dir.path().join("service.py"), SLOW_SERVICE)
        .unwrap_or_else(|error| panic!("{error}"));
    let marker = format!("abandoned-marker-{}", std::process::id());
    let mut kit = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["grade", "q1"])
        .arg(dir.path())
        .args(["--cmd", &format!("python3 service.py {marker}")])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start kit: {error}"));

    let started = wait_until(Duration::from_secs(60), || {
        !processes_with(&marker).is_empty()
    });
    // Let the run get going (readiness, first checks) before the kill.
    std::thread::sleep(Duration::from_secs(2));
    let _ = kit.kill(); // SIGKILL: no destructor, no signal handler runs.
    let _ = kit.wait();
    assert!(started, "the service never started");

    let gone = wait_until(Duration::from_secs(10), || {
        processes_with(&marker).is_empty()
    });
    let survivors = processes_with(&marker);
    for pid in &survivors {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(
        gone,
        "the service outlived the killed grader: pids {survivors:?}"
    );
}
