//! The packaged crate's `Cargo.toml` and `Cargo.lock`: standalone, with the
//! versions the kit was built and tested with.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// Tables that hold dependencies, at the top of a manifest or under `target.<cfg>`.
const DEPENDENCY_TABLES: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// The starter's manifest made standalone: every `workspace = true` replaced
/// by the workspace's value (package fields, dependencies with their
/// features, lints), and an empty `[workspace]` table so that no parent
/// folder's workspace captures the crate wherever it is unpacked. Comments and
/// layout are kept.
pub fn standalone(starter: &str, workspace: &str) -> anyhow::Result<String> {
    let mut manifest: DocumentMut = starter
        .parse()
        .context("cannot parse the starter's Cargo.toml")?;
    let workspace: DocumentMut = workspace
        .parse()
        .context("cannot parse the workspace's Cargo.toml")?;
    let shared = workspace.get("workspace").and_then(Item::as_table_like);
    let shared_item = |key: &str| shared.and_then(|table| table.get(key));

    if let Some(package) = manifest
        .get_mut("package")
        .and_then(Item::as_table_like_mut)
    {
        let fields = shared_item("package").and_then(Item::as_table_like);
        for (key, item) in package.iter_mut() {
            if inherits(item) {
                let value = fields
                    .and_then(|fields| fields.get(&key))
                    .with_context(|| {
                        format!(
                            "package.{key} is inherited, but [workspace.package] has no `{key}`"
                        )
                    })?;
                *item = value.clone();
            }
        }
    }

    let dependencies = shared_item("dependencies").and_then(Item::as_table_like);
    for table in DEPENDENCY_TABLES {
        if let Some(table) = manifest.get_mut(table) {
            inline_dependencies(table, dependencies)?;
        }
    }
    if let Some(targets) = manifest.get_mut("target").and_then(Item::as_table_like_mut) {
        for (_, target) in targets.iter_mut() {
            for table in DEPENDENCY_TABLES {
                if let Some(table) = target.get_mut(table) {
                    inline_dependencies(table, dependencies)?;
                }
            }
        }
    }

    if manifest.get("lints").is_some_and(inherits) {
        let lints = shared_item("lints").context(
            "the starter inherits its lints, but the workspace has no [workspace.lints]",
        )?;
        let mut lints = lints.clone();
        if let Some(table) = lints.as_table_mut() {
            table.decor_mut().clear();
        }
        manifest["lints"] = lints;
    }

    if manifest.get("workspace").is_none() {
        let mut own = Table::new();
        own.decor_mut().set_prefix(
            "\n# Its own workspace: the crate builds on its own wherever it is unpacked,\n\
             # even inside another cargo workspace.\n",
        );
        manifest.insert("workspace", Item::Table(own));
    }
    Ok(manifest.to_string())
}

/// `workspace = true` (as `key.workspace = true` or `key = { workspace = true }`).
fn inherits(item: &Item) -> bool {
    item.as_table_like()
        .and_then(|table| table.get("workspace"))
        .and_then(Item::as_bool)
        == Some(true)
}

fn inline_dependencies(
    table: &mut Item,
    shared: Option<&dyn toml_edit::TableLike>,
) -> anyhow::Result<()> {
    let Some(table) = table.as_table_like_mut() else {
        return Ok(());
    };
    for (name, item) in table.iter_mut() {
        if !inherits(item) {
            continue;
        }
        let declared = shared
            .and_then(|shared| shared.get(&name))
            .with_context(|| {
                format!(
                    "dependency `{name}` is inherited, but [workspace.dependencies] has no `{name}`"
                )
            })?;
        let mut resolved = toml_edit::InlineTable::new();
        match declared {
            Item::Value(Value::String(version)) => {
                resolved.insert("version", Value::from(version.value().as_str()));
            }
            other => {
                let declared = other.as_table_like().with_context(|| {
                    format!("[workspace.dependencies] `{name}` is neither a version nor a table")
                })?;
                if declared.contains_key("path") || declared.contains_key("git") {
                    bail!(
                        "dependency `{name}` comes from the workspace by path or git: a packaged starter must depend on published crates only"
                    );
                }
                for (key, value) in declared.iter() {
                    if let Some(value) = value.as_value() {
                        let mut value = value.clone();
                        value.decor_mut().clear();
                        resolved.insert(key, value);
                    }
                }
            }
        }
        // What the member adds to the inherited dependency.
        let member = item
            .as_table_like()
            .context("an inherited dependency is a table")?;
        if let Some(extra) = member.get("features").and_then(Item::as_array) {
            let mut features: BTreeSet<String> = resolved
                .get("features")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(extra.iter())
                .filter_map(|feature| feature.as_str().map(str::to_owned))
                .collect::<BTreeSet<_>>();
            let features: Array = std::mem::take(&mut features).into_iter().collect();
            resolved.insert("features", Value::Array(features));
        }
        for key in ["optional", "default-features", "package"] {
            if let Some(value) = member.get(key).and_then(Item::as_value) {
                let mut value = value.clone();
                value.decor_mut().clear();
                resolved.insert(key, value);
            }
        }
        resolved.fmt();
        *item = Item::Value(Value::InlineTable(resolved));
    }
    Ok(())
}

/// Writes `crate_dir/Cargo.lock`: the kit's own lock, pruned by cargo to what
/// the crate uses. Cargo keeps every locked version that still fits, so the
/// crate gets exactly the versions the kit built and tested the starter with,
/// and nothing is downloaded (`--offline`; retried online only if the local
/// cache lacks something). Returns the `name version` pairs the crate's lock
/// holds that the kit's lock does not (empty when they all match).
pub fn lock(crate_dir: &Path, kit_lock: &str, own_name: &str) -> anyhow::Result<Vec<String>> {
    let crate_dir = &crate_dir
        .canonicalize()
        .with_context(|| format!("cannot find {}", crate_dir.display()))?;
    let lock_path = crate_dir.join("Cargo.lock");
    std::fs::write(&lock_path, kit_lock)
        .with_context(|| format!("cannot write {}", lock_path.display()))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut last_error = String::new();
    for offline in [true, false] {
        let mut command = Command::new(&cargo);
        command
            .args(["metadata", "--format-version", "1"])
            .arg("--manifest-path")
            .arg(crate_dir.join("Cargo.toml"))
            .current_dir(crate_dir)
            .env("CARGO_TERM_COLOR", "never")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if offline {
            command.arg("--offline");
        }
        let output = command
            .output()
            .context("cannot run cargo to write the crate's Cargo.lock")?;
        if output.status.success() {
            let locked = packages(
                &std::fs::read_to_string(&lock_path).context("cannot read the new Cargo.lock")?,
            )?;
            let known = packages(kit_lock)?;
            return Ok(locked
                .difference(&known)
                .filter(|package| package.split(' ').next() != Some(own_name))
                .cloned()
                .collect());
        }
        last_error = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    }
    bail!("cargo could not resolve the packaged crate's dependencies:\n{last_error}")
}

/// `name version` of every package a lock file lists.
fn packages(lock: &str) -> anyhow::Result<BTreeSet<String>> {
    let lock: DocumentMut = lock.parse().context("cannot parse a Cargo.lock")?;
    Ok(lock
        .get("package")
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flatten()
        .filter_map(|package| {
            let name = package.get("name")?.as_str()?;
            let version = package.get("version")?.as_str()?;
            Some(format!("{name} {version}"))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::standalone;

    const WORKSPACE: &str = r#"
[workspace]
members = ["starters/*"]

[workspace.package]
edition = "2024"
license = "MIT"

[workspace.dependencies]
serde = { version = "1", features = ["derive"] }
anyhow = "1"
local = { path = "crates/local" }

[workspace.lints.rust]
unsafe_code = "forbid"
"#;

    #[test]
    fn inherited_fields_dependencies_and_lints_become_concrete() {
        let starter = r#"[package]
name = "demo"
version = "0.1.0"
edition.workspace = true
license = { workspace = true }

[dependencies]
# kept comment
serde = { workspace = true, features = ["rc"] }
anyhow.workspace = true
tracing = "0.1"

[lints]
workspace = true
"#;
        let manifest = standalone(starter, WORKSPACE).unwrap_or_else(|error| panic!("{error:#}"));
        let parsed: toml_edit::DocumentMut =
            manifest.parse().unwrap_or_else(|error| panic!("{error}"));
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        assert!(manifest.contains("# kept comment"), "{manifest}");
        assert_eq!(parsed["package"]["edition"].as_str(), Some("2024"));
        assert_eq!(parsed["package"]["license"].as_str(), Some("MIT"));
        assert_eq!(
            parsed["dependencies"]["anyhow"]["version"].as_str(),
            Some("1")
        );
        assert_eq!(parsed["dependencies"]["tracing"].as_str(), Some("0.1"));
        let features: Vec<&str> = parsed["dependencies"]["serde"]["features"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|feature| feature.as_str())
            .collect();
        assert_eq!(features, ["derive", "rc"]);
        assert_eq!(
            parsed["lints"]["rust"]["unsafe_code"].as_str(),
            Some("forbid")
        );
        assert!(parsed["workspace"].is_table(), "{manifest}");
    }

    #[test]
    fn a_workspace_path_dependency_cannot_be_packaged() {
        let starter = "[package]\nname = \"demo\"\n\n[dependencies]\nlocal.workspace = true\n";
        let error = standalone(starter, WORKSPACE)
            .err()
            .map(|error| error.to_string());
        assert!(error.is_some_and(|error| error.contains("`local`")));
    }

    #[test]
    fn a_crate_with_its_own_workspace_table_keeps_it() {
        let starter = "[package]\nname = \"demo\"\n\n[workspace]\nmembers = []\n";
        let manifest = standalone(starter, WORKSPACE).unwrap_or_else(|error| panic!("{error:#}"));
        assert_eq!(manifest.matches("[workspace]").count(), 1, "{manifest}");
    }
}
