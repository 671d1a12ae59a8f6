//! Auxiliary programs a grader runs beside the service (a Redis server the
//! service is pointed at), with the same discipline as the service: own
//! process group, bounded start, killed when the check ends or the sidecar
//! is dropped.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::process::Command;

use crate::outcome::Failure;
use crate::output_tail::OutputTail;
use crate::process_group::{GroupLeader, STOP_GRACE};

#[derive(Debug)]
pub struct Sidecar {
    name: String,
    port: u16,
    leader: Option<GroupLeader>,
    output: OutputTail,
    _dir: tempfile::TempDir,
}

/// The full path of `program` if it is on `PATH`.
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
}

impl Sidecar {
    /// Starts `program` with `args` (`{port}` and `{dir}` replaced by a free
    /// port and a fresh directory) and waits until it accepts TCP connections
    /// on that port.
    pub async fn start(
        program: &Path,
        args: &[&str],
        ready_within: Duration,
    ) -> Result<Sidecar, Failure> {
        let name = program
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = tempfile::Builder::new()
            .prefix("kit-sidecar-")
            .tempdir()
            .map_err(|error| {
                Failure::error(format!("cannot create a directory for {name}: {error}"))
            })?;
        let port = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .map_err(|error| Failure::error(format!("no free port for {name}: {error}")))?;
        let dir_text = dir.path().display().to_string();
        let args: Vec<String> = args
            .iter()
            .map(|arg| {
                arg.replace("{port}", &port.to_string())
                    .replace("{dir}", &dir_text)
            })
            .collect();
        let mut command = Command::new(program);
        command.args(&args).current_dir(dir.path());
        let output = OutputTail::new(16 * 1024);
        let leader = GroupLeader::spawn(command, &output, &output)
            .map_err(|error| Failure::error(format!("cannot start {name}: {error}")))?;
        let mut sidecar = Sidecar {
            name,
            port,
            leader: Some(leader),
            output,
            _dir: dir,
        };
        let deadline = Instant::now() + ready_within;
        loop {
            if TcpStream::connect_timeout(
                &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                Duration::from_millis(200),
            )
            .is_ok()
            {
                return Ok(sidecar);
            }
            let exited = sidecar.leader.as_mut().and_then(GroupLeader::exited);
            if exited.is_some() || Instant::now() >= deadline {
                sidecar.stop().await;
                return Err(Failure::error(format!(
                    "{} did not start on port {port}: {}",
                    sidecar.name,
                    sidecar.output.text().lines().last().unwrap_or("no output")
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn stop(&mut self) {
        if let Some(leader) = self.leader.take() {
            leader.stop(STOP_GRACE).await;
        }
    }
}
