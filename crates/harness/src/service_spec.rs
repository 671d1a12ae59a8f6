//! How an exercise's service is started beyond the common contract: the
//! files and folders it is pointed at, fixed variables, how much output is
//! kept. Instances read it; exercises declare it.

/// A file or folder the service is told about through an environment variable.
/// The harness creates a fresh working directory per instance and points the
/// variable at `name` inside it, so graders can inspect what was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceFile {
    pub var: &'static str,
    pub name: &'static str,
    pub kind: FileKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A file the service creates (e.g. its SQLite database).
    File,
    /// A folder the harness creates empty before the start (e.g. a mail outbox).
    Dir,
}

/// How the exercise's service is started, beyond the common contract
/// (`HOST`, `PORT`, scrubbed environment, readiness on `/health`).
#[derive(Debug, Clone)]
pub struct ServiceSpec {
    pub files: &'static [ServiceFile],
    /// Fixed variables every instance gets (e.g. a signing secret the grader
    /// also knows). Checks may override or unset them per instance.
    pub env: &'static [(&'static str, &'static str)],
    /// How much of the service's latest output is kept, in bytes. Checks that
    /// scan the logs (no secret printed) want more than the default 64 KiB.
    pub output_cap: usize,
}
