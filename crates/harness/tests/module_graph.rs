//! The harness's modules form no circle: no module uses one that, directly
//! or through others, uses it back. A circle means a type lives in the
//! wrong file (docs/ARCHITECTURE.md); this test names the circle it finds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module name of a source file: `src/sandbox/limits.rs` -> `sandbox`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{error}"));
    for entry in entries {
        let path = entry.unwrap_or_else(|error| panic!("{error}")).path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            into.push(path);
        }
    }
}

/// `module -> modules it names as crate::<module>` (comments left out).
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|file| module_of(&src, file))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_else(|error| panic!("{error}"));
        let used = graph.entry(module.clone()).or_default();
        for line in text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
        {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != module && modules.contains(&name) {
                    used.insert(name);
                }
            }
        }
    }
    graph
}

/// A circle through `start`, if any, as `a -> b -> a`.
fn circle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<String> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().map(String::as_str).unwrap_or(start);
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                return Some(format!("{} -> {start}", path.join(" -> ")));
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_of_the_harness_is_part_of_a_circle() {
    let graph = dependencies();
    assert!(graph.len() > 10, "too few modules found: {graph:?}");
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|module| circle_through(&graph, module))
        .collect();
    assert!(circles.is_empty(), "module circles: {circles:#?}");
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut graph = BTreeMap::new();
    let edges = [
        ("target", "cargo_build"),
        ("cargo_build", "target"),
        ("a", "target"),
    ];
    for (from, to) in edges {
        graph
            .entry(from.to_owned())
            .or_insert_with(BTreeSet::new)
            .insert(to.to_owned());
    }
    assert_eq!(
        circle_through(&graph, "target").as_deref(),
        Some("target -> cargo_build -> target")
    );
    assert_eq!(circle_through(&graph, "a"), None);
}
