//! The harness against submissions that misbehave: each run must end in a
//! report with a clear status, in bounded time, leaving no process behind.
//! The targets are a Python script (`tests/targets/misbehaving.py`): those
//! tests need `python3`, and skip with one line without it (or fail when
//! `KIT_REQUIRE_TOOLS=1` or `CI` forbids skips). Without bubblewrap the
//! harness grades them unconfined, which these tests do not mind.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kit_harness::testing::{Tool, require};
use kit_harness::{
    Check, Criterion, Ctx, Exercise, Outcome, Quiet, Report, RunOptions, RunStatus, ServiceSpec,
    Status, Target, ensure, grade,
};

const CRITERIA: &[Criterion] = &[Criterion {
    id: "basics",
    title: "Basics",
}];

fn check(id: &'static str, run: kit_harness::CheckFn) -> Check {
    Check {
        id,
        title: id,
        criterion: "basics",
        kind: kit_harness::Kind::Core,
        points: 10,
        requires: &[],
        timeout: Duration::from_secs(5),
        alone: false,
        waits: false,
        run,
    }
}

async fn ok(cx: Ctx) -> Outcome {
    cx.http()
        .get("/ok")
        .send()
        .await?
        .expect_status(&[200], "a plain request")?;
    Ok("200".to_owned())
}

async fn crash(cx: Ctx) -> Outcome {
    cx.http()
        .get("/crash")
        .send()
        .await?
        .expect_status(&[200], "a request that kills the service")?;
    Ok("survived".to_owned())
}

async fn hang(cx: Ctx) -> Outcome {
    let reply = cx
        .http()
        .get("/hang")
        .timeout(Duration::from_secs(1))
        .send()
        .await?;
    reply.expect_status(&[200], "a request that never gets an answer")?;
    Ok("answered".to_owned())
}

/// Plain requests spread over about a second: in flight when a neighbour
/// crashes the service.
async fn steady(cx: Ctx) -> Outcome {
    for _ in 0..10 {
        cx.http()
            .get("/ok")
            .send()
            .await?
            .expect_status(&[200], "a plain request")?;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok("10 × 200".to_owned())
}

/// Never finishes on its own: only the check's time limit ends it.
async fn endless(cx: Ctx) -> Outcome {
    loop {
        cx.http().get("/ok").send().await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn panics(_cx: Ctx) -> Outcome {
    panic!("a bug in the grader");
}

async fn sees_scrubbed_env(cx: Ctx) -> Outcome {
    let env = cx.http().get("/env").send().await?.expect_json()?;
    let names: Vec<&str> = env
        .as_object()
        .map(|env| env.keys().map(String::as_str).collect())
        .unwrap_or_default();
    // `cargo test` gives this process CARGO_MANIFEST_DIR; the service must not see it.
    assert!(std::env::var_os("CARGO_MANIFEST_DIR").is_some());
    ensure!(
        !names.contains(&"CARGO_MANIFEST_DIR"),
        "the grader's own variable reached the service: {names:?}"
    );
    ensure!(
        names.contains(&"PORT") && names.contains(&"HOST"),
        "PORT and HOST missing: {names:?}"
    );
    ensure!(
        names.contains(&"DATABASE_PATH"),
        "DATABASE_PATH missing: {names:?}"
    );
    Ok(format!("environment: {names:?}"))
}

fn exercise(checks: Vec<Check>) -> Exercise {
    Exercise {
        id: "t",
        name: "t-misbehaving",
        title: "Misbehaving targets",
        starter_dir: "",
        solution_dir: "",
        criteria: CRITERIA,
        review: &[],
        service: ServiceSpec {
            files: &[kit_harness::ServiceFile {
                var: "DATABASE_PATH",
                name: "data.db",
                kind: kit_harness::FileKind::File,
            }],
            env: &[],
            output_cap: kit_harness::DEFAULT_OUTPUT_CAP,
        },
        checks,
    }
}

struct Run {
    report: Report,
    took: Duration,
    marker: String,
}

async fn run(mode: &str, checks: Vec<Check>) -> Run {
    run_with_jobs(mode, checks, 1).await
}

async fn run_with_jobs(mode: &str, checks: Vec<Check>, jobs: usize) -> Run {
    let marker = format!("kit-test-{mode}-{}-{}", std::process::id(), unique());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/targets/misbehaving.py");
    let (_dir, target) =
        kit_harness::testing::python_server(&script, &format!("--mode {mode} --marker {marker}"));
    let options = RunOptions {
        readiness_timeout: Duration::from_secs(3),
        jobs,
        ..RunOptions::default()
    };
    let started = Instant::now();
    let report = grade(&exercise(checks), &target, &options, &Quiet).await;
    Run {
        report,
        took: started.elapsed(),
        marker,
    }
}

/// `(id, status, message)` of every check, in report order.
fn summary(run: &Run) -> Vec<(String, Status, String)> {
    run.report
        .checks
        .iter()
        .map(|check| (check.id.clone(), check.status, check.message.clone()))
        .collect()
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|time| time.as_nanos())
        .unwrap_or(0)
}

/// Processes whose command line carries `marker`, other than this test.
fn survivors(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let path: PathBuf = entry.path().join("cmdline");
        if let Ok(cmdline) = std::fs::read(&path) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(marker) {
                found.push(format!(
                    "{}: {cmdline}",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    found
}

fn assert_nothing_left(run: &Run) {
    // Zombies are reaped asynchronously; give the kernel a moment.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !survivors(&run.marker).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        survivors(&run.marker),
        Vec::<String>::new(),
        "processes outlived grading"
    );
}

fn status_of(report: &Report, id: &str) -> Status {
    report
        .check(id)
        .map(|check| check.status)
        .unwrap_or_else(|| panic!("no check {id} in the report"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_well_behaved_target_passes_and_is_stopped() {
    if !require(
        "a_well_behaved_target_passes_and_is_stopped",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run("ok", vec![check("t.ok", |cx| Box::pin(ok(cx)))]).await;
    assert_eq!(run.report.status, RunStatus::Completed);
    assert_eq!(status_of(&run.report, "t.ok"), Status::Pass);
    assert_eq!(run.report.score.points, 10);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_that_exits_at_start_yields_an_error_report_with_its_output() {
    if !require(
        "a_target_that_exits_at_start_yields_an_error_report_with_its_output",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run("exit", vec![check("t.ok", |cx| Box::pin(ok(cx)))]).await;
    assert_eq!(run.report.status, RunStatus::Error);
    let error = run.report.error.clone().unwrap_or_default();
    assert!(
        error.contains("exited (exit code 3) before answering GET /health"),
        "{error}"
    );
    let output = run
        .report
        .service
        .as_ref()
        .map(|service| service.output_tail.clone())
        .unwrap_or_default();
    assert!(
        output.contains("misbehaving: refusing to start"),
        "{output}"
    );
    assert_eq!(status_of(&run.report, "t.ok"), Status::Error);
    assert!(run.took < Duration::from_secs(5), "took {:?}", run.took);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_that_never_listens_times_out_at_readiness() {
    if !require(
        "a_target_that_never_listens_times_out_at_readiness",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run("silent", vec![check("t.ok", |cx| Box::pin(ok(cx)))]).await;
    assert_eq!(run.report.status, RunStatus::Error);
    let error = run.report.error.clone().unwrap_or_default();
    assert!(
        error.contains("did not answer GET /health with 200 within 3 s"),
        "{error}"
    );
    assert!(
        run.took < Duration::from_secs(3 + 3 + 2),
        "took {:?}",
        run.took
    );
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_names_the_request_and_later_checks_still_run() {
    if !require(
        "a_crash_names_the_request_and_later_checks_still_run",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run(
        "crash",
        vec![
            check("t.crash", |cx| Box::pin(crash(cx))),
            check("t.after", |cx| Box::pin(ok(cx))),
        ],
    )
    .await;
    let crashed = run
        .report
        .check("t.crash")
        .cloned()
        .unwrap_or_else(|| panic!("no t.crash"));
    assert_eq!(crashed.status, Status::Crash, "{}", crashed.message);
    assert!(
        crashed.message.contains("GET /crash"),
        "{}",
        crashed.message
    );
    assert!(
        crashed.message.contains("exit code 7"),
        "{}",
        crashed.message
    );
    assert_eq!(
        status_of(&run.report, "t.after"),
        Status::Pass,
        "the service was not restarted after the crash"
    );
    assert_eq!(
        run.report.service.as_ref().map(|service| service.starts),
        Some(2)
    );
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_request_is_a_timeout_and_later_checks_still_run() {
    if !require(
        "a_hung_request_is_a_timeout_and_later_checks_still_run",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run(
        "hang",
        vec![
            check("t.hang", |cx| Box::pin(hang(cx))),
            check("t.after", |cx| Box::pin(ok(cx))),
        ],
    )
    .await;
    let hung = run
        .report
        .check("t.hang")
        .cloned()
        .unwrap_or_else(|| panic!("no t.hang"));
    assert_eq!(hung.status, Status::Timeout, "{}", hung.message);
    assert!(
        hung.message.contains("GET /hang got no answer within 1 s"),
        "{}",
        hung.message
    );
    assert_eq!(status_of(&run.report, "t.after"), Status::Pass);
    assert!(run.took < Duration::from_secs(10), "took {:?}", run.took);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_that_runs_too_long_is_stopped_at_its_time_limit() {
    if !require(
        "a_check_that_runs_too_long_is_stopped_at_its_time_limit",
        &[Tool::Python3],
    ) {
        return;
    }
    let endless_check = Check {
        timeout: Duration::from_secs(1),
        ..check("t.endless", |cx| Box::pin(endless(cx)))
    };
    let run = run(
        "ok",
        vec![endless_check, check("t.after", |cx| Box::pin(ok(cx)))],
    )
    .await;
    let endless = run
        .report
        .check("t.endless")
        .cloned()
        .unwrap_or_else(|| panic!("no t.endless"));
    assert_eq!(endless.status, Status::Timeout);
    assert!(
        endless.message.contains("did not finish within 1 s"),
        "{}",
        endless.message
    );
    assert_eq!(status_of(&run.report, "t.after"), Status::Pass);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_output_keeps_only_the_last_64_kib() {
    if !require(
        "a_flood_of_output_keeps_only_the_last_64_kib",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run("flood", vec![check("t.ok", |cx| Box::pin(ok(cx)))]).await;
    assert_eq!(status_of(&run.report, "t.ok"), Status::Pass);
    let service = run
        .report
        .service
        .clone()
        .unwrap_or_else(|| panic!("no service info"));
    assert!(
        service.output_tail.len() <= 64 * 1024,
        "kept {} bytes",
        service.output_tail.len()
    );
    assert!(
        service.output_bytes > 64 * 1024,
        "printed only {} bytes",
        service.output_bytes
    );
    assert!(service.output_tail.contains("flood"));
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn children_that_ignore_sigterm_are_killed_with_the_group() {
    if !require(
        "children_that_ignore_sigterm_are_killed_with_the_group",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run("orphan", vec![check("t.ok", |cx| Box::pin(ok(cx)))]).await;
    assert_eq!(status_of(&run.report, "t.ok"), Status::Pass);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panicking_check_is_an_error_not_a_crashed_grader() {
    if !require(
        "a_panicking_check_is_an_error_not_a_crashed_grader",
        &[Tool::Python3],
    ) {
        return;
    }
    let run = run(
        "ok",
        vec![
            check("t.panics", |cx| Box::pin(panics(cx))),
            check("t.after", |cx| Box::pin(ok(cx))),
        ],
    )
    .await;
    let panicked = run
        .report
        .check("t.panics")
        .cloned()
        .unwrap_or_else(|| panic!("no t.panics"));
    assert_eq!(panicked.status, Status::Error);
    assert!(
        panicked.message.contains("a bug in the grader"),
        "{}",
        panicked.message
    );
    assert_eq!(status_of(&run.report, "t.after"), Status::Pass);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_gets_a_scrubbed_environment() {
    if !require("the_service_gets_a_scrubbed_environment", &[Tool::Python3]) {
        return;
    }
    let run = run(
        "env",
        vec![check("t.env", |cx| Box::pin(sees_scrubbed_env(cx)))],
    )
    .await;
    let env = run
        .report
        .check("t.env")
        .cloned()
        .unwrap_or_else(|| panic!("no t.env"));
    assert_eq!(env.status, Status::Pass, "{}", env.message);
    assert_nothing_left(&run);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crate_that_does_not_compile_yields_an_error_report_with_the_compiler_output() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
            .unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
    };
    write(
        "Cargo.toml",
        "[package]\nname = \"broken-submission\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n",
    );
    write(
        "src/main.rs",
        "fn main() {\n    let port: u16 = \"not a number\";\n}\n",
    );
    let target = Target::Cargo {
        path: dir.path().to_path_buf(),
    };
    let report = grade(
        &exercise(vec![check("t.ok", |cx| Box::pin(ok(cx)))]),
        &target,
        &RunOptions::default(),
        &Quiet,
    )
    .await;
    assert_eq!(report.status, RunStatus::Error);
    let error = report.error.clone().unwrap_or_default();
    assert!(
        error.starts_with("the submission did not build: cargo build failed"),
        "{error}"
    );
    let log = report
        .build
        .as_ref()
        .map(|build| build.log_tail.clone())
        .unwrap_or_default();
    assert!(
        log.contains("mismatched types"),
        "the compiler's message is missing from the build log:\n{log}"
    );
    assert_eq!(status_of(&report, "t.ok"), Status::Error);
    let text = kit_harness::report::render_text(&report);
    assert!(
        text.contains("NOT GRADED: the submission did not build"),
        "{text}"
    );
    assert!(text.contains("mismatched types"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_among_concurrent_checks_is_charged_only_to_the_check_that_causes_it() {
    let test = "a_crash_among_concurrent_checks_is_charged_only_to_the_check_that_causes_it";
    if !require(test, &[Tool::Python3]) {
        return;
    }
    let checks = || {
        vec![
            check("t.steady.1", |cx| Box::pin(steady(cx))),
            check("t.steady.2", |cx| Box::pin(steady(cx))),
            check("t.crash", |cx| Box::pin(crash(cx))),
            check("t.steady.3", |cx| Box::pin(steady(cx))),
            check("t.after", |cx| Box::pin(ok(cx))),
        ]
    };
    let statuses = |run: &Run| -> Vec<(String, Status)> {
        run.report
            .checks
            .iter()
            .map(|check| (check.id.clone(), check.status))
            .collect()
    };
    let sequential = run_with_jobs("crash", checks(), 1).await;
    let concurrent = run_with_jobs("crash", checks(), 4).await;
    let expected = vec![
        ("t.steady.1".to_owned(), Status::Pass),
        ("t.steady.2".to_owned(), Status::Pass),
        ("t.crash".to_owned(), Status::Crash),
        ("t.steady.3".to_owned(), Status::Pass),
        ("t.after".to_owned(), Status::Pass),
    ];
    assert_eq!(statuses(&sequential), expected);
    assert_eq!(
        statuses(&concurrent),
        expected,
        "{:#?}",
        concurrent.report.checks
    );
    let crashed = concurrent
        .report
        .check("t.crash")
        .map(|check| check.message.clone())
        .unwrap_or_default();
    assert!(crashed.contains("GET /crash"), "{crashed}");
    assert_nothing_left(&sequential);
    assert_nothing_left(&concurrent);
}

/// A check that can tell its evidence apart only when alone: beside others
/// it asks to run again alone (as a Q2 reset check does when a new message
/// names nobody).
async fn needs_to_be_alone_to_judge(cx: Ctx) -> Outcome {
    ok(cx.clone()).await?;
    if !cx.runs_alone() {
        cx.run_again_alone();
        return Err(kit_harness::Failure::fail(
            "this result must be dropped: it was seen beside other checks",
        ));
    }
    Ok(format!(
        "judged alone, after {} earlier attempt(s)",
        kit_harness::earlier_attempts()
    ))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_that_asks_to_run_again_alone_reports_its_alone_result() {
    let test = "a_check_that_asks_to_run_again_alone_reports_its_alone_result";
    if !require(test, &[Tool::Python3]) {
        return;
    }
    let checks = || {
        vec![
            check("t.steady.1", |cx| Box::pin(steady(cx))),
            check("t.ambiguous", |cx| Box::pin(needs_to_be_alone_to_judge(cx))),
            check("t.steady.2", |cx| Box::pin(steady(cx))),
        ]
    };
    // Alone from the start under --jobs 1; beside the steady checks, first,
    // under --jobs 4, then again alone (a second attempt, which it can tell).
    for (jobs, judged) in [
        (1, "judged alone, after 0 earlier attempt(s)"),
        (4, "judged alone, after 1 earlier attempt(s)"),
    ] {
        let run = run_with_jobs("crash", checks(), jobs).await;
        let summary = summary(&run);
        assert_eq!(
            summary,
            vec![
                ("t.steady.1".to_owned(), Status::Pass, "10 × 200".to_owned()),
                ("t.ambiguous".to_owned(), Status::Pass, judged.to_owned()),
                ("t.steady.2".to_owned(), Status::Pass, "10 × 200".to_owned()),
            ],
            "--jobs {jobs}"
        );
        assert_nothing_left(&run);
    }
}

/// The lent-wait test's steps in the order they happened (its `--jobs 1`
/// and `--jobs 4` runs one after the other).
static LENT_WAIT_STEPS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

fn lent_wait_steps() -> std::sync::MutexGuard<'static, Vec<&'static str>> {
    LENT_WAIT_STEPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn lent_wait_step(step: &'static str) {
    lent_wait_steps().push(step);
}

/// Waits 2 s on purpose, lending the wait to the alone checks.
async fn lends_its_wait(cx: Ctx) -> Outcome {
    ok(cx.clone()).await?;
    lent_wait_step("idle begins");
    let started = Instant::now();
    cx.idle_for(Duration::from_secs(2)).await;
    let waited = started.elapsed();
    lent_wait_step("idle ends");
    ensure!(
        waited >= Duration::from_secs(2),
        "the wait was cut short: {waited:?}"
    );
    ok(cx).await?;
    Ok("waited at least 2 s".to_owned())
}

/// Alone, and longer than the wait it may run in.
async fn alone_for_a_while(cx: Ctx) -> Outcome {
    lent_wait_step("alone starts");
    ok(cx.clone()).await?;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    ok(cx).await?;
    lent_wait_step("alone ends");
    Ok("2.5 s alone".to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_alone_check_runs_inside_a_lent_wait_and_the_lender_goes_on_after_it() {
    let test = "an_alone_check_runs_inside_a_lent_wait_and_the_lender_goes_on_after_it";
    if !require(test, &[Tool::Python3]) {
        return;
    }
    let checks = || {
        vec![
            Check {
                waits: true,
                ..check("t.lends", |cx| Box::pin(lends_its_wait(cx)))
            },
            check("t.ok", |cx| Box::pin(ok(cx))),
            Check {
                alone: true,
                ..check("t.alone", |cx| Box::pin(alone_for_a_while(cx)))
            },
        ]
    };
    // Sequential: table order, the wait a plain sleep. Concurrent: the alone
    // check starts inside the wait, and the lender, whose 2 s end first,
    // goes on only after it.
    for (jobs, order) in [
        (
            1,
            ["idle begins", "idle ends", "alone starts", "alone ends"],
        ),
        (
            4,
            ["idle begins", "alone starts", "alone ends", "idle ends"],
        ),
    ] {
        lent_wait_steps().clear();
        let run = run_with_jobs("crash", checks(), jobs).await;
        let steps = lent_wait_steps().clone();
        assert_eq!(steps, order, "--jobs {jobs}");
        let summary = summary(&run);
        assert_eq!(
            summary,
            vec![
                (
                    "t.lends".to_owned(),
                    Status::Pass,
                    "waited at least 2 s".to_owned()
                ),
                ("t.ok".to_owned(), Status::Pass, "200".to_owned()),
                ("t.alone".to_owned(), Status::Pass, "2.5 s alone".to_owned()),
            ],
            "--jobs {jobs}"
        );
        assert_nothing_left(&run);
    }
}
