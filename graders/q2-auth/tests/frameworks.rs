//! The Q2 fairness corpus: services written the way a competent developer
//! writes them in other languages, on their frameworks' defaults (FastAPI
//! with pydantic, Express with bcrypt and jsonwebtoken), adapted only where
//! the contract asks for something else. Each is graded with the real
//! harness, from its own folder (`tests/frameworks/<name>`), and must lose
//! exactly the checks listed here; `docs/fairness-q2.md` gives, for each lost
//! check, the contract line that makes it a fault. A lost check that no
//! contract line justifies is a grader bug: fix the grader, not this list.
//!
//! The servers need their packages: `tests/frameworks/install.sh` installs
//! them (pip requirements, `npm ci`). Without them a test skips with one
//! line, or fails when `KIT_REQUIRE_TOOLS=1` or `CI` forbids skips.
//!
//! A long corpus: it runs under `KIT_CORPORA=1` (`.ci/run` sets it) and
//! otherwise skips with one line (`kit_harness::testing::long_corpus`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use kit_harness::testing::{
    FAILURE_OUTPUT_LINES, expect_completed, long_corpus, probe, python_exec, require_that,
};
use kit_harness::{Quiet, Report, Target};

/// One server of the corpus.
struct Server {
    /// Its folder under `tests/frameworks`.
    folder: &'static str,
    /// How the grader starts it, from that folder (a shell command).
    command: fn() -> String,
    /// A program and arguments, run from the folder, that succeed when
    /// everything the server needs is installed.
    probe: &'static [&'static str],
}

const FASTAPI: Server = Server {
    folder: "fastapi",
    command: || python_exec("app.py"),
    probe: &[
        "python3",
        "-c",
        "import fastapi, uvicorn, pydantic, email_validator, jwt, pwdlib, argon2",
    ],
};

const EXPRESS: Server = Server {
    folder: "express",
    command: || "exec node server.js".to_owned(),
    probe: &[
        "node",
        "-e",
        "for (const name in require('./package.json').dependencies) require(name)",
    ],
};

fn folder(server: &Server) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/frameworks")
        .join(server.folder)
}

/// Whether the server can run here: its probe succeeds. When not, `test`
/// skips saying why, or fails when skips are forbidden (`KIT_REQUIRE_TOOLS=1`,
/// `CI`): `.ci/run` must install it.
fn installed(test: &str, server: &Server) -> bool {
    let (program, args) = server.probe.split_first().expect("a probe command");
    long_corpus(test)
        && require_that(
        test,
        probe(&folder(server), program, args).map_err(|why| {
            format!(
                "needs the packages of tests/frameworks/{} (run graders/q2-auth/tests/frameworks/install.sh; {why})",
                server.folder
            )
        }),
    )
}

async fn grade(server: &Server) -> Report {
    let target = Target::Command {
        command: (server.command)(),
        dir: folder(server),
    };
    kit_harness::grade(
        &q2_auth_grader::exercise(),
        &target,
        &kit_harness::testing::test_run_options(),
        &Quiet,
    )
    .await
}

/// Grades `server` and asserts that exactly the checks in `expected` earn no
/// points (blocked dependants included).
async fn expect_lost(server: &Server, expected: &[&str]) {
    let known: BTreeSet<&str> = q2_auth_grader::exercise()
        .checks
        .iter()
        .map(|check| check.id)
        .collect();
    let unknown: Vec<&&str> = expected.iter().filter(|id| !known.contains(**id)).collect();
    assert!(
        unknown.is_empty(),
        "`{}`: the expected list names unknown check ids {unknown:?}",
        server.folder
    );
    let wanted: BTreeSet<&str> = expected.iter().copied().collect();

    let report = grade(server).await;
    expect_completed(&report, &format!("the `{}` server", server.folder));
    let lost: BTreeSet<&str> = report.lost().into_iter().collect();
    let kept: Vec<&str> = wanted.difference(&lost).copied().collect();
    let extra: Vec<&str> = lost.difference(&wanted).copied().collect();
    kit_harness::testing::assert_same_lost(
        &report,
        &format!("`{}`", server.folder),
        &kept,
        &extra,
        FAILURE_OUTPUT_LINES,
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fastapi_with_pydantic_pyjwt_and_argon2() {
    if !installed("fastapi_with_pydantic_pyjwt_and_argon2", &FASTAPI) {
        return;
    }
    expect_lost(&FASTAPI, &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn express_with_bcrypt_jsonwebtoken_and_better_sqlite3() {
    if !installed(
        "express_with_bcrypt_jsonwebtoken_and_better_sqlite3",
        &EXPRESS,
    ) {
        return;
    }
    expect_lost(&EXPRESS, &[]).await;
}
