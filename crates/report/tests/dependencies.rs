//! kit-report depends on no HTTP client, SQLite, runtime or the harness
//! (docs/ARCHITECTURE.md, "Invariants"): reading a report must not pull in
//! the grading engine.

#[test]
fn the_report_crate_depends_on_plain_data_crates_only() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .unwrap_or_else(|error| panic!("{error}"));
    let dependencies: Vec<&str> = manifest
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| line.split(['.', '=', ' ']).next())
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect();
    assert!(!dependencies.is_empty(), "no [dependencies] found");
    for forbidden in [
        "reqwest",
        "rusqlite",
        "tokio",
        "nix",
        "kit-harness",
        "hyper",
    ] {
        assert!(
            !dependencies.contains(&forbidden),
            "kit-report depends on {forbidden}"
        );
    }
}
