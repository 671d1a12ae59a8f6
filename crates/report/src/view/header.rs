//! The top of a report: what was graded, when, with which kit, and (for the
//! interviewer) in which sandbox.

use chrono::{DateTime, Utc};

use crate::bands::Audience;
use crate::{Report, SandboxInfo, Target};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    pub exercise: String,
    pub exercise_title: String,
    /// `interview-kit report · for the hiring team` or `· your results`.
    pub kicker: &'static str,
    pub target: Target,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// Check ids or prefixes of a `--only` run.
    pub only: Vec<String>,
    /// How candidate code was confined: the interviewer's only.
    pub sandbox: Option<SandboxInfo>,
    /// `(label, value)` lines under the title.
    pub meta: Vec<(&'static str, String)>,
}

impl Header {
    pub fn build(report: &Report, audience: Audience) -> Header {
        let sandbox = match audience {
            Audience::Interviewer => report.sandbox.clone(),
            Audience::Candidate => None,
        };
        Header {
            exercise: report.exercise.clone(),
            exercise_title: report.exercise_title.clone(),
            kicker: match audience {
                Audience::Interviewer => "interview-kit report · for the hiring team",
                Audience::Candidate => "interview-kit report · your results",
            },
            target: report.target.clone(),
            started_at: report.started_at,
            duration_ms: report.duration_ms,
            only: report.only.clone(),
            meta: meta_lines(report, audience, sandbox.as_ref()),
            sandbox,
        }
    }

    pub fn target_label(&self) -> String {
        target_label(&self.target)
    }
}

/// The candidate as the report names them: the crate's path, or the folder a
/// command ran in and the command.
pub(crate) fn target_label(target: &Target) -> String {
    match target {
        Target::Cargo { path } => path.display().to_string(),
        Target::Command { command, dir } => format!("{} ($ {command})", dir.display()),
        Target::Project {
            path,
            toolchain,
            command,
        } => format!("{} ({}: $ {command})", path.display(), toolchain.label()),
    }
}

fn meta_lines(
    report: &Report,
    audience: Audience,
    sandbox: Option<&SandboxInfo>,
) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        (
            match audience {
                Audience::Interviewer => "Candidate",
                Audience::Candidate => "Submission",
            },
            target_label(&report.target),
        ),
        (
            "Graded",
            format!(
                "{} UTC (took {:.1} s)",
                report.started_at.format("%Y-%m-%d %H:%M"),
                report.duration_ms as f64 / 1000.0
            ),
        ),
        ("Kit version", report.kit_version.clone()),
    ];
    if !report.only.is_empty() {
        lines.push((
            "Partial run",
            format!("only {} (and the checks they need)", report.only.join(", ")),
        ));
    }
    if let Some(sandbox) = sandbox {
        lines.push(("Sandbox", sandbox.summary()));
        if let Some(warning) = &sandbox.warning {
            lines.push(("Warning", warning.clone()));
        }
    }
    lines
}
