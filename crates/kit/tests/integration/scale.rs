//! Grading past one machine (deploy/, docs/scale.md): the Indexed Job's
//! manifest holds what Kubernetes requires of one, the image holds what a
//! grading needs, and the pod's exact command, run as the Job runs it for
//! each index, grades exactly its own submission; the gathering Job's
//! command then keeps every report and writes the index and the cohort page.

use std::path::Path;
use std::process::{Command, Output};

use kit_harness::testing::{Tool, require};
use serde_json::Value;

use crate::common::{q1_python_submission, repo_root, stderr};

const JOB: &str = "deploy/k8s/grade-cohort.yaml";
const GATHER: &str = "deploy/k8s/gather-cohort.yaml";
const VOLUME: &str = "deploy/k8s/cohort-volume.yaml";
const DOCKERFILE: &str = "deploy/Dockerfile";

/// Where the manifests mount the shared volume's two folders.
const SUBMISSIONS: &str = "/data/submissions";
const REPORTS: &str = "/data/reports";

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo_root().join(relative))
        .unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// A Kubernetes manifest, as JSON values.
fn manifest(relative: &str) -> Value {
    serde_norway::from_str(&read(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .filter(|text| !text.trim().is_empty())
        .unwrap_or_else(|| panic!("{what}: expected a non-empty string, found {value}"))
}

fn list<'a>(value: &'a Value, what: &str) -> &'a [Value] {
    value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("{what}: expected a list, found {value}"))
}

/// A Job's containers.
fn containers(job: &Value) -> &[Value] {
    let containers = list(
        &job["spec"]["template"]["spec"]["containers"],
        "spec.template.spec.containers",
    );
    assert!(!containers.is_empty(), "a pod needs a container");
    containers
}

/// What a container runs: its `command` (else the image's entrypoint, tini,
/// which runs what follows) and its `args`.
fn argv(container: &Value) -> Vec<String> {
    ["command", "args"]
        .iter()
        .filter(|field| !container[**field].is_null())
        .flat_map(|field| list(&container[*field], field))
        .map(|arg| match arg {
            Value::String(text) => text.clone(),
            other => panic!("command and args are strings, found {other}"),
        })
        .collect()
}

/// A CPU quantity in millicores (`2`, `500m`).
fn millicores(quantity: &Value) -> u64 {
    let quantity = match quantity {
        Value::Number(number) => number.to_string(),
        other => text(other, "cpu").to_owned(),
    };
    match quantity.strip_suffix('m') {
        Some(milli) => milli.parse().ok(),
        None => quantity.parse::<u64>().ok().map(|cores| cores * 1000),
    }
    .unwrap_or_else(|| panic!("cpu {quantity:?}: not a quantity"))
}

/// A memory quantity in MiB (`3Gi`, `512Mi`).
fn mebibytes(quantity: &Value) -> u64 {
    let quantity = text(quantity, "memory");
    let (number, unit) = quantity.split_at(quantity.len().saturating_sub(2));
    let number: u64 = number
        .parse()
        .unwrap_or_else(|_| panic!("memory {quantity:?}: give it in Mi or Gi"));
    match unit {
        "Gi" => number * 1024,
        "Mi" => number,
        _ => panic!("memory {quantity:?}: give it in Mi or Gi"),
    }
}

#[test]
fn the_indexed_job_has_what_kubernetes_requires_and_the_image_what_grading_needs() {
    let job = manifest(JOB);
    assert_eq!(job["apiVersion"], "batch/v1", "{JOB}");
    assert_eq!(job["kind"], "Job", "{JOB}");
    text(&job["metadata"]["name"], "metadata.name");
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"], "Indexed", "{JOB}");
    let completions = spec["completions"].as_u64().unwrap_or(0);
    assert!(completions > 0, "spec.completions: {}", spec["completions"]);
    // docs/scale.md sets completions with sed on this very line.
    assert!(
        read(JOB).contains(&format!("\n  completions: {completions}\n")),
        "{JOB}: docs/scale.md rewrites the line `  completions: N`"
    );
    assert!(spec["parallelism"].as_u64().is_some_and(|n| n > 0), "{JOB}");
    // Retries are bounded and few, per index or for the Job.
    let retries = spec["backoffLimitPerIndex"]
        .as_u64()
        .or_else(|| spec["backoffLimit"].as_u64())
        .unwrap_or_else(|| panic!("{JOB}: no backoffLimitPerIndex nor backoffLimit"));
    assert!(retries <= 6, "{JOB}: {retries} retries");
    let pod = &spec["template"]["spec"];
    let restart = text(&pod["restartPolicy"], "restartPolicy");
    assert!(
        ["Never", "OnFailure"].contains(&restart),
        "restartPolicy {restart}"
    );
    if !spec["podFailurePolicy"].is_null() {
        assert_eq!(restart, "Never", "podFailurePolicy requires Never");
    }
    assert!(
        spec["activeDeadlineSeconds"].as_u64().is_some()
            || pod["activeDeadlineSeconds"].as_u64().is_some(),
        "{JOB}: no time bound"
    );

    let volumes: Vec<&str> = list(&pod["volumes"], "volumes")
        .iter()
        .map(|volume| text(&volume["name"], "volume name"))
        .collect();
    for container in containers(&job) {
        let name = text(&container["name"], "container name");
        text(&container["image"], "image");
        let argv = argv(container);
        assert_eq!(argv.first().map(String::as_str), Some("kit"), "{argv:?}");
        for expected in ["batch", "--index", "--out", SUBMISSIONS, REPORTS] {
            assert!(
                argv.iter().any(|arg| arg == expected),
                "{expected} in {argv:?}"
            );
        }
        assert!(
            argv.iter().any(|arg| arg.contains("JOB_COMPLETION_INDEX")),
            "{argv:?}"
        );
        let resources = &container["resources"];
        for quantity in ["requests", "limits"] {
            for resource in ["cpu", "memory"] {
                assert!(
                    !resources[quantity][resource].is_null(),
                    "{name}: resources.{quantity}.{resource}"
                );
            }
        }
        assert!(
            millicores(&resources["requests"]["cpu"]) <= millicores(&resources["limits"]["cpu"]),
            "{name}: cpu request above its limit"
        );
        let (request, limit) = (
            mebibytes(&resources["requests"]["memory"]),
            mebibytes(&resources["limits"]["memory"]),
        );
        // A release build and a service: below 2 GiB a grading is killed.
        assert!(
            request <= limit && limit >= 2048,
            "{name}: memory {request} MiB to {limit} MiB"
        );
        let mounts = list(&container["volumeMounts"], "volumeMounts");
        for mount in mounts {
            let volume = text(&mount["name"], "volumeMounts name");
            assert!(
                volumes.contains(&volume),
                "{volume} is not among {volumes:?}"
            );
        }
        assert!(
            mounts.iter().any(|mount| mount["mountPath"] == "/data"),
            "{name}: the shared volume at /data"
        );
    }

    // The volume is the claim cohort-volume.yaml declares, shared by every pod.
    let claim = manifest(VOLUME);
    assert_eq!(claim["kind"], "PersistentVolumeClaim");
    assert!(
        list(&claim["spec"]["accessModes"], "accessModes").contains(&Value::from("ReadWriteMany")),
        "{VOLUME}: pods on several nodes mount it at once"
    );
    for job in [&job, &manifest(GATHER)] {
        assert!(
            list(&job["spec"]["template"]["spec"]["volumes"], "volumes")
                .iter()
                .any(|volume| volume["persistentVolumeClaim"]["claimName"]
                    == claim["metadata"]["name"]),
            "{job:#}"
        );
    }

    // The gathering Job: the same batch without --index, in the same image.
    let gather = manifest(GATHER);
    assert_eq!(gather["kind"], "Job");
    let gather_argv = argv(&containers(&gather)[0]);
    assert!(
        gather_argv.starts_with(&["kit".to_owned(), "batch".to_owned()]),
        "{gather_argv:?}"
    );
    assert!(
        !gather_argv.iter().any(|arg| arg.contains("index")),
        "{gather_argv:?}"
    );
    assert_eq!(
        containers(&gather)[0]["image"],
        containers(&job)[0]["image"]
    );

    dockerfile_has_what_grading_needs();
}

/// The Dockerfile's instructions by stage (comments dropped, continued
/// lines joined).
fn dockerfile_stages() -> Vec<Vec<String>> {
    let text = read(DOCKERFILE);
    let mut instructions: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                instructions.push(std::mem::take(&mut current));
            }
        }
    }
    let mut stages: Vec<Vec<String>> = Vec::new();
    for instruction in instructions {
        if instruction.starts_with("FROM ") {
            stages.push(Vec::new());
        }
        if let Some(stage) = stages.last_mut() {
            stage.push(instruction);
        }
    }
    stages
}

fn dockerfile_has_what_grading_needs() {
    let stages = dockerfile_stages();
    assert!(
        stages.len() >= 2,
        "{DOCKERFILE}: a builder stage and the image"
    );
    let workdir = |stage: &[String]| -> String {
        stage
            .iter()
            .rev()
            .find_map(|instruction| instruction.strip_prefix("WORKDIR "))
            .unwrap_or_else(|| panic!("{DOCKERFILE}: a stage without WORKDIR"))
            .trim()
            .to_owned()
    };
    let builder = &stages[0];
    assert!(
        builder.iter().any(|line| line.starts_with("RUN")
            && line.contains("cargo build --release")
            && line.contains("-p kit")),
        "{builder:#?}"
    );
    let image = &stages[stages.len() - 1];
    assert!(image[0].contains("bookworm"), "{}", image[0]);
    let installed: String = image
        .iter()
        .filter(|line| line.starts_with("RUN") && line.contains("apt-get install"))
        .flat_map(|line| line.split_whitespace())
        .map(|word| format!(" {word} "))
        .collect();
    for package in ["bubblewrap", "python3", "python3-pip", "nodejs", "npm"] {
        assert!(
            installed.contains(&format!(" {package} ")),
            "{DOCKERFILE} installs no {package}"
        );
    }
    assert!(
        image
            .iter()
            .any(|line| line.starts_with("COPY --from=") && line.contains("kit")),
        "{DOCKERFILE}: the kit from the builder"
    );
    // The repository, at the path the kit was built from (crates/kit/src/repo.rs
    // looks from the current directory, then there), outside the system
    // folders the sandbox shows candidate code.
    assert!(
        image.iter().any(|line| line == "COPY . ."),
        "{DOCKERFILE}: the repository"
    );
    let root = workdir(image);
    assert_eq!(
        root,
        workdir(builder),
        "{DOCKERFILE}: built and run at one path"
    );
    assert!(
        !["/usr", "/opt", "/bin", "/lib"]
            .iter()
            .any(|dir| root.starts_with(dir)),
        "{root} is visible inside the sandbox"
    );
    let ignored = read(".dockerignore");
    for pattern in ["target", ".git", "node_modules"] {
        assert!(
            ignored.lines().any(|line| line.contains(pattern)),
            ".dockerignore: {pattern}"
        );
    }
}

/// The Job's container command, with the volume's folders replaced by
/// `submissions` and `reports` and the pod's index by `index`, run as the
/// pod runs it (JOB_COMPLETION_INDEX set), from the repository's root.
fn run_pod(job: &Value, submissions: &Path, reports: &Path, index: Option<usize>) -> Output {
    let argv: Vec<String> = argv(&containers(job)[0])
        .into_iter()
        .map(|arg| {
            let arg = arg
                .replace(SUBMISSIONS, &submissions.display().to_string())
                .replace(REPORTS, &reports.display().to_string());
            match index {
                Some(index) => arg
                    .replace("$(JOB_COMPLETION_INDEX)", &index.to_string())
                    .replace("$JOB_COMPLETION_INDEX", &index.to_string()),
                None => arg,
            }
        })
        .collect();
    let Some((program, args)) = argv.split_first() else {
        panic!("an empty command");
    };
    assert_eq!(program, "kit", "{argv:?}");
    let mut command = Command::new(env!("CARGO_BIN_EXE_kit"));
    command.args(args).current_dir(repo_root());
    if let Some(index) = index {
        command.env("JOB_COMPLETION_INDEX", index.to_string());
    }
    command
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"))
}

/// The report folders under `reports`, by name.
fn report_folders(reports: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(reports)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().join("report.json").is_file())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn each_pod_grades_its_own_submission_and_the_gathering_run_keeps_them_all() {
    if !require(
        "each_pod_grades_its_own_submission_and_the_gathering_run_keeps_them_all",
        &[Tool::Python3],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (submissions, reports) = (dir.path().join("submissions"), dir.path().join("reports"));
    let cohort = [
        ("alice", "python3 products.py", 100),
        ("bob", "python3 products.py --fault delete-always-204", 97),
        ("carol", "python3 products.py", 100),
    ];
    for (name, command, _) in cohort {
        q1_python_submission(&submissions, name, command);
    }
    let job = manifest(JOB);

    // The pods, one per index (one after the other here; the Job runs them
    // side by side, each writing only its own folder).
    for (index, (name, _, points)) in cohort.iter().enumerate() {
        let output = run_pod(&job, &submissions, &reports, Some(index));
        let log = stderr(&output);
        assert!(output.status.success(), "index {index}: {log}");
        assert!(
            log.contains(&format!("submission {index} ({name}): graded")),
            "index {index}: {log}"
        );
        let expected: Vec<String> = cohort[..=index]
            .iter()
            .map(|(name, _, _)| (*name).to_owned())
            .collect();
        assert_eq!(report_folders(&reports), expected, "index {index}: {log}");
        let report: Value = serde_json::from_str(
            &std::fs::read_to_string(reports.join(name).join("report.json"))
                .unwrap_or_else(|error| panic!("{name}: {error}")),
        )
        .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(report["score"]["points"], *points, "{name}: {log}");
        for file in ["report.html", "grade.log"] {
            assert!(reports.join(name).join(file).is_file(), "{name}: {file}");
        }
        for file in ["index.json", "cohort.html"] {
            assert!(!reports.join(file).exists(), "index {index} wrote {file}");
        }
    }

    // A retried index (its pod failed after the report was written) keeps
    // the report: nothing is graded twice.
    let written =
        std::fs::read(reports.join("bob/report.json")).unwrap_or_else(|error| panic!("{error}"));
    let retry = run_pod(&job, &submissions, &reports, Some(1));
    let log = stderr(&retry);
    assert!(retry.status.success(), "{log}");
    assert!(log.contains("submission 1 (bob): kept"), "{log}");
    assert_eq!(
        std::fs::read(reports.join("bob/report.json")).unwrap_or_else(|error| panic!("{error}")),
        written
    );

    // The gathering Job: every report kept, the index and the page written.
    let gathered = run_pod(&manifest(GATHER), &submissions, &reports, None);
    let log = stderr(&gathered);
    assert!(gathered.status.success(), "{log}");
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(reports.join("index.json"))
            .unwrap_or_else(|error| panic!("index.json: {error}\n{log}")),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let outcomes: Vec<(String, String, Option<u64>)> = list(&index["submissions"], "submissions")
        .iter()
        .map(|entry| {
            (
                entry["name"].as_str().unwrap_or_default().to_owned(),
                entry["outcome"].as_str().unwrap_or_default().to_owned(),
                entry["points"].as_u64(),
            )
        })
        .collect();
    let expected: Vec<(String, String, Option<u64>)> = cohort
        .iter()
        .map(|(name, _, points)| ((*name).to_owned(), "kept".to_owned(), Some(*points)))
        .collect();
    assert_eq!(outcomes, expected, "{log}\n{index:#}");
    let page = std::fs::read_to_string(reports.join("cohort.html"))
        .unwrap_or_else(|error| panic!("cohort.html: {error}"));
    assert!(
        cohort.iter().all(|(name, _, _)| page.contains(name)),
        "{page}"
    );
}
