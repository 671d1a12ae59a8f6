//! A real HTML report, rendered by headless Chromium through
//! `scripts/render-report-png.sh`, makes a sensible picture. Needs Chromium
//! (`.ci/run` installs it).

use std::process::Command;

use kit_harness::testing::{Tool, chromium, require};

use crate::common::repo_root;

/// `(width, height)` from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG: {:?}",
        &bytes[..bytes.len().min(8)]
    );
    assert_eq!(&bytes[12..16], b"IHDR", "no IHDR chunk first");
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (word(16), word(20))
}

#[test]
fn an_html_report_renders_to_a_png() {
    if !require("an_html_report_renders_to_a_png", &[Tool::Chromium]) {
        return;
    }
    let browser = chromium().unwrap_or_else(|| unreachable!("required above"));
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let html = dir.path().join("report.html");
    let png = dir.path().join("report.png");
    let fixture = repo_root().join("crates/kit/tests/fixtures/q1-starter.json");
    let output = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args([
            "render",
            &fixture.to_string_lossy(),
            "--format",
            "html",
            "--out",
        ])
        .arg(&html)
        .output()
        .unwrap_or_else(|error| panic!("kit: {error}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(repo_root().join("scripts/render-report-png.sh"))
        .arg(&html)
        .arg(&png)
        .arg("1000x1400")
        .env("CHROMIUM", browser)
        .output()
        .unwrap_or_else(|error| panic!("scripts/render-report-png.sh: {error}"));
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(png_size(&bytes), (1000, 1400));
    // A blank page of that size compresses to a few KB; the report's text,
    // bars and colours do not.
    assert!(
        bytes.len() > 40_000,
        "suspiciously small PNG: {} bytes",
        bytes.len()
    );
}
