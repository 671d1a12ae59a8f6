//! The Q1 fairness corpus: servers in `tests/frameworks/`, each written the
//! way a competent developer would on a popular framework's defaults and
//! changed only where the contract asks for something else. Each is graded
//! as any submission (sandboxed, from its own folder) and must lose exactly
//! the checks listed here; `docs/fairness-q1.md` gives, for every one of
//! them, the contract line that makes it a fault. A check lost for a reason
//! no contract line gives is a grader bug: fix the grader, not the list.
//!
//! `tests/frameworks/install.sh` installs what the servers need (pip and
//! npm). Without it a test skips with one line, or fails when
//! `KIT_REQUIRE_TOOLS=1` or `CI` forbids skips.
//!
//! A long corpus: it runs under `KIT_CORPORA=1` (`.ci/run` sets it) and
//! otherwise skips with one line (`kit_harness::testing::long_corpus`).

mod common;

use std::path::PathBuf;

use common::{assert_lost, check_expected_ids};
use kit_harness::testing::{long_corpus, probe, python_exec, require_that};
use kit_harness::{Quiet, Target};

/// One server of the corpus.
struct Server {
    /// Its folder under `tests/frameworks/`.
    folder: &'static str,
    /// How it is started, from its folder (a shell command).
    command: fn() -> String,
    /// A program run from its folder that exits 0 when its dependencies are
    /// installed, and what to run to install them.
    probe: (&'static str, &'static [&'static str]),
}

fn folder(server: &Server) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/frameworks")
        .join(server.folder)
}

/// Whether the server can run here: its probe succeeds. When not, `test`
/// skips saying why, or fails when skips are forbidden (`KIT_REQUIRE_TOOLS=1`,
/// `CI`).
fn installed(test: &str, server: &Server) -> bool {
    let (program, args) = server.probe;
    long_corpus(test)
        && require_that(
        test,
        probe(&folder(server), program, args).map_err(|why| {
            format!(
                "needs the packages of tests/frameworks/{} (run graders/q1-products/tests/frameworks/install.sh; {why})",
                server.folder
            )
        }),
    )
}

/// Grades `server` and asserts it lost exactly `expected`.
async fn expect_lost(server: &Server, expected: &[&str]) {
    let what = format!("tests/frameworks/{}", server.folder);
    check_expected_ids(&what, expected);
    let target = Target::Command {
        command: (server.command)(),
        dir: folder(server),
    };
    let report = kit_harness::grade(
        &q1_products_grader::exercise(),
        &target,
        &kit_harness::testing::test_run_options(),
        &Quiet,
    )
    .await;
    assert_lost(&report, &what, expected);
}

const FASTAPI: Server = Server {
    folder: "fastapi-sqlite3",
    command: || python_exec("app.py"),
    probe: ("python3", &["-c", "import fastapi, pydantic, uvicorn"]),
};

const EXPRESS: Server = Server {
    folder: "express-better-sqlite3",
    command: || "exec node server.js".to_owned(),
    probe: (
        "node",
        &[
            "-e",
            "require('express'); new (require('better-sqlite3'))(':memory:')",
        ],
    ),
};

#[tokio::test(flavor = "multi_thread")]
async fn fastapi_loses_only_what_the_contract_faults() {
    if !installed("fastapi_loses_only_what_the_contract_faults", &FASTAPI) {
        return;
    }
    expect_lost(
        &FASTAPI,
        &[
            // FastAPI's own answer to a body sent without Content-Type
            // (`strict_content_type`, on by default): 422, not 415/400.
            "q1.errors.not_json_415",
            // FastAPI's validation-error answer echoes the input: `1e400`
            // (inf) and a lone surrogate (`\ud800`) cannot be encoded, so
            // these client mistakes get a 500.
            "q1.errors.no_5xx_on_client_mistakes",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn express_loses_only_what_the_contract_faults() {
    if !installed("express_loses_only_what_the_contract_faults", &EXPRESS) {
        return;
    }
    expect_lost(&EXPRESS, &[]).await;
}
