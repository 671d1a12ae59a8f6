# interview-kit tasks. `just` alone lists them.

set positional-arguments

# List the recipes.
default:
    @just --list

# Grade a submission: `just grade q1 [PATH] [kit flags...]` (the same as `cargo kit grade ...`; see `cargo kit grade --help`).
[no-cd]
grade exercise *args:
    @cargo run --release --manifest-path "{{justfile_directory()}}/Cargo.toml" -p kit -- grade "$@"

# Run any kit command: `just kit list q1`.
[no-cd]
kit *args:
    @cargo run --release --manifest-path "{{justfile_directory()}}/Cargo.toml" -p kit -- "$@"

# The whole test suite (what CI runs).
test:
    cargo test --workspace

# Clippy with warnings as errors, and the formatting check.
lint:
    cargo clippy --workspace --all-targets -- -D warnings
    cargo fmt --all -- --check

# Format every crate.
fmt:
    cargo fmt --all
