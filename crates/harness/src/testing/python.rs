//! The Python interpreter the tests' servers run with: `python3` resolved
//! once to the program it starts (`sys.executable`), so that a version
//! manager's shim does not run again on every start of every server.
//! pyenv's is a bash script that runs a dozen processes each time: a quarter
//! of the CPU of the Q1 variant corpus on a machine that has it. The server
//! is the same program either way.

use std::process::Command;
use std::sync::OnceLock;

use crate::shell_word;

/// The interpreter `python3` on `PATH` starts, as an absolute path; plain
/// `python3` when it cannot say (no Python, an odd answer).
pub fn python3() -> &'static str {
    static RESOLVED: OnceLock<String> = OnceLock::new();
    RESOLVED.get_or_init(|| resolve().unwrap_or_else(|| "python3".to_owned()))
}

/// `exec <python3> <arguments>`: the shell command that starts a Python
/// server (`arguments`: its script and options, as a shell would read them).
pub fn python_exec(arguments: &str) -> String {
    format!("exec {} {arguments}", shell_word(python3()))
}

fn resolve() -> Option<String> {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && path.starts_with('/') && std::path::Path::new(&path).is_file())
        .then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_execs_the_interpreter_with_the_arguments() {
        let command = python_exec("app.py --port 1");
        assert!(command.starts_with("exec "), "{command}");
        assert!(command.ends_with(" app.py --port 1"), "{command}");
    }
}
