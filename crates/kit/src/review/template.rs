//! The review file as `cargo kit review` writes it: TOML with the rubric in
//! comments, so the interviewer has everything in one place while reading
//! the code.

use std::fmt::Write as _;
use std::path::Path;

use kit_harness::crate_copy::SKIPPED_DIRS;
use kit_harness::{Exercise, REVIEW_LEVEL_NAMES, shell_word};

use crate::review::SCHEMA;

/// Files listed in the template's map of the submission, at most.
const LISTED_FILES: usize = 40;
/// Width of the rubric's comment lines.
const COMMENT_WIDTH: usize = 88;
/// Larger files get their size, not a line count (nothing huge is read).
const COUNTED_BYTES: u64 = 1024 * 1024;

/// `alice-q1-review.toml` for a submission in `.../alice`.
pub fn default_file_name(exercise: &Exercise, submission: &Path) -> String {
    let folder = submission
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty() && name != "." && name != "..")
        .unwrap_or_else(|| "submission".to_owned());
    format!("{folder}-{}-review.toml", exercise.id)
}

/// The review file for `submission` (an absolute path), to be written at
/// `file`, every level at 0 (not reviewed) and every note empty.
pub fn template(exercise: &Exercise, submission: &Path, file: &Path) -> String {
    let shown = submission.display().to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# interview-kit review: {} ({})\n\
         # Submission: {shown}\n\
         #\n\
         # For each criterion below, read the code and pick the level (1 to 4) whose\n\
         # description fits best; a level describes code you can point at, so write\n\
         # what you saw in `notes` (file:line helps the debrief). Leave `level = 0` for\n\
         # a criterion you did not review. None of this changes the automatic score:\n\
         # the report shows it apart.\n\
         #\n\
         # Levels: {}.\n\
         #\n\
         # Then merge it into the report:\n\
         #   cargo kit grade {} {} --review {file} --format html --out report.html\n\
         #   cargo kit render REPORT.json --review {file} --format html --out report.html",
        exercise.title,
        exercise.name,
        REVIEW_LEVEL_NAMES
            .iter()
            .enumerate()
            .map(|(index, name)| format!("{} {name}", index + 1))
            .collect::<Vec<_>>()
            .join(", "),
        exercise.id,
        shell_word(&shown),
        file = shell_word(&file.display().to_string()),
    );
    let files = source_map(submission);
    if !files.is_empty() {
        out.push_str("#\n# The submission's files (lines):\n");
        for line in files {
            let _ = writeln!(out, "#   {line}");
        }
    }
    let _ = writeln!(
        out,
        "\nschema = {}\nexercise = {}\nsubmission = {}\nreviewer = \"\"\n\
         # Your overall impression, in a few sentences.\nsummary = \"\"\"\n\"\"\"",
        quoted(SCHEMA),
        quoted(exercise.name),
        quoted(&shown)
    );
    for item in exercise.review {
        let _ = writeln!(
            out,
            "\n[criteria.{}]\n# {}\n# Look for:",
            item.id, item.title
        );
        for point in item.look_for {
            comment(&mut out, "#   - ", "#     ", point);
        }
        out.push_str("# Levels:\n");
        for (index, anchor) in item.levels.iter().enumerate() {
            let first = format!("#   {} ({}): ", index + 1, REVIEW_LEVEL_NAMES[index]);
            comment(&mut out, &first, "#       ", anchor);
        }
        out.push_str("level = 0\nnotes = \"\"\"\n\"\"\"\n");
    }
    out
}

/// `text` as comment lines of at most [`COMMENT_WIDTH`] characters (longer
/// words stay whole): `first` starts the first line, `rest` the others.
fn comment(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// `src/main.rs (120)`, the submission's files in path order, build output
/// and tooling folders left out; symlinks are not followed.
fn source_map(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() && !SKIPPED_DIRS.contains(&name.as_str()) {
                pending.push(path);
            } else if kind.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    let total = files.len();
    let mut lines: Vec<String> = files
        .iter()
        .take(LISTED_FILES)
        .map(|path| {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            let bytes = std::fs::metadata(path).map_or(0, |meta| meta.len());
            if bytes > COUNTED_BYTES {
                return format!("{shown} ({bytes} bytes)");
            }
            match std::fs::read_to_string(path) {
                Ok(text) => format!("{shown} ({})", text.lines().count()),
                Err(_) => format!("{shown} (not text)"),
            }
        })
        .collect();
    if total > LISTED_FILES {
        lines.push(format!("... and {} more files", total - LISTED_FILES));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_comments_at_the_width() {
        let mut out = String::new();
        let text = "word ".repeat(40);
        comment(&mut out, "#   1: ", "#      ", &text);
        assert!(out.lines().count() > 1, "{out}");
        assert!(
            out.lines()
                .all(|line| line.chars().count() <= COMMENT_WIDTH),
            "{out}"
        );
        assert!(out.lines().all(|line| line.starts_with('#')), "{out}");
        assert_eq!(out.matches("word").count(), 40);
    }

    #[test]
    fn quotes_toml_strings() {
        assert_eq!(quoted("a \"b\" \\ c"), r#"'a "b" \ c'"#);
        assert_eq!(quoted("plain"), "\"plain\"");
    }
}
