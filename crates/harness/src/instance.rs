//! One running copy of the service under test, per the common contract: a free
//! port, a fresh working directory holding the files it was told to write, a
//! scrubbed environment, readiness on `GET /health`, stop by process group.

use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::launch::Launch;
use crate::output_tail::OutputTail;
use crate::process_group::{Exit, GroupLeader, STOP_GRACE};
use crate::sandbox::{Jail, Network, Sandbox};
use crate::service_spec::{FileKind, ServiceSpec};

/// Variables of the grader's own environment that reach the service
/// (common contract); everything else is scrubbed.
pub const PASSED_THROUGH_ENV: &[&str] = &["PATH", "HOME", "LANG", "RUST_LOG", "RUST_BACKTRACE"];

pub const READINESS_TIMEOUT: Duration = Duration::from_secs(20);
const READINESS_POLL: Duration = Duration::from_millis(50);
/// How long a stop waits for the client's closed connections to reach the
/// service ([`Instance::stop`]).
const SETTLE_BEFORE_STOP: Duration = Duration::from_millis(50);

/// Everything needed to start instances of one prepared target.
#[derive(Debug, Clone)]
pub struct Launcher {
    pub launch: Launch,
    pub spec: ServiceSpec,
    pub readiness_timeout: Duration,
    /// Every instance runs candidate code: always in this sandbox.
    pub sandbox: Sandbox,
    /// Where each instance's working directory is made; the system's
    /// temporary folder when `None` (see [`RunOptions::work_root`]).
    ///
    /// [`RunOptions::work_root`]: crate::RunOptions::work_root
    pub work_root: Option<std::path::PathBuf>,
}

impl Launcher {
    pub fn new(launch: Launch, spec: ServiceSpec, sandbox: Sandbox) -> Self {
        Launcher {
            launch,
            spec,
            readiness_timeout: READINESS_TIMEOUT,
            sandbox,
            work_root: None,
        }
    }

    /// What an instance with `work_dir` sees: its run folder (and a
    /// `--cmd` program's own folder) writable, the executable read-only,
    /// the network namespace of the grader.
    fn jail(&self, work_dir: &Path) -> Jail {
        let mut writable = vec![work_dir.to_path_buf()];
        writable.extend(self.launch.dir.iter().cloned());
        let mut read_only = if self.launch.program.is_absolute() {
            vec![self.launch.program.clone()]
        } else {
            Vec::new()
        };
        // A project's environment kept in the kit's cache (a Python virtual
        // environment shared by gradings of the same pins): read-only.
        if let Some(environment) = self.launch.bin_dir.as_deref().and_then(Path::parent)
            && !self
                .launch
                .dir
                .as_deref()
                .is_some_and(|dir| environment.starts_with(dir))
        {
            read_only.push(environment.to_path_buf());
        }
        Jail {
            read_only,
            writable,
            network: Network::Inherited,
            limits: self.sandbox.options().service_limits,
            dir: self
                .launch
                .dir
                .clone()
                .unwrap_or_else(|| work_dir.to_path_buf()),
        }
    }
}

/// Per-instance changes to the exercise's environment (another limit, a
/// missing secret, a shared Redis URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    vars: Vec<(String, Option<String>)>,
}

impl Overrides {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, var: &str, value: impl Into<String>) -> Self {
        self.vars.push((var.to_owned(), Some(value.into())));
        self
    }

    pub fn unset(mut self, var: &str) -> Self {
        self.vars.push((var.to_owned(), None));
        self
    }
}

/// Where an instance's files live. Graders read them; the service owns them.
#[derive(Debug, Clone)]
pub struct ServiceFiles {
    pub work_dir: PathBuf,
    files: Vec<(&'static str, PathBuf)>,
}

impl ServiceFiles {
    /// The path given to the service in `var` (e.g. `DATABASE_PATH`).
    pub fn path_of(&self, var: &str) -> Option<&Path> {
        self.files
            .iter()
            .find(|(name, _)| *name == var)
            .map(|(_, path)| path.as_path())
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum StartError {
    #[error("could not start the service: {0}")]
    Spawn(String),
    #[error("the service exited ({exit}) before answering GET /health")]
    Exited { exit: Exit, output: String },
    #[error("the service did not answer GET /health with 200 within {} s", .after.as_secs())]
    NeverReady { after: Duration, output: String },
}

impl StartError {
    pub fn output(&self) -> &str {
        match self {
            StartError::Spawn(_) => "",
            StartError::Exited { output, .. } | StartError::NeverReady { output, .. } => output,
        }
    }
}

/// A service instance; cheap to clone, all clones control the same process.
#[derive(Debug, Clone)]
pub struct Instance {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    launcher: Launcher,
    env: Vec<(String, String)>,
    files: ServiceFiles,
    output: OutputTail,
    state: Mutex<State>,
    // Dropped last: removes the working directory once nothing runs in it.
    _work_dir: TempDir,
}

#[derive(Debug, Default)]
struct State {
    leader: Option<GroupLeader>,
    port: u16,
    starts: u32,
    startup: Duration,
}

impl Instance {
    /// Whether `self` and `other` control the same process.
    pub fn is(&self, other: &Instance) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Creates a fresh working directory and starts the service in it.
    pub async fn start(launcher: &Launcher, overrides: &Overrides) -> Result<Instance, StartError> {
        let mut work_dir = tempfile::Builder::new();
        work_dir.prefix("kit-service-");
        let work_dir = match &launcher.work_root {
            Some(root) => work_dir.tempdir_in(root),
            None => work_dir.tempdir(),
        }
        .map_err(|error| {
            StartError::Spawn(format!("cannot create a working directory: {error}"))
        })?;
        let mut files = Vec::new();
        for file in launcher.spec.files {
            let path = work_dir.path().join(file.name);
            if file.kind == FileKind::Dir {
                std::fs::create_dir_all(&path).map_err(|error| {
                    StartError::Spawn(format!("cannot create {}: {error}", path.display()))
                })?;
            }
            files.push((file.var, path));
        }

        let mut env: Vec<(String, String)> = PASSED_THROUGH_ENV
            .iter()
            .filter_map(|var| {
                std::env::var(var)
                    .ok()
                    .map(|value| ((*var).to_owned(), value))
            })
            .collect();
        if let Some(bin_dir) = &launcher.launch.bin_dir {
            // A project's own programs (its virtual environment's `python`,
            // `node_modules/.bin`) come first, as its README's commands expect.
            let path = std::env::var_os("PATH").unwrap_or_default();
            let joined = std::env::join_paths(
                std::iter::once(bin_dir.clone()).chain(std::env::split_paths(&path)),
            )
            .unwrap_or_else(|_| path.clone());
            env.retain(|(var, _)| var != "PATH");
            env.push(("PATH".to_owned(), joined.to_string_lossy().into_owned()));
        }
        env.push(("HOST".to_owned(), Ipv4Addr::LOCALHOST.to_string()));
        for (var, path) in &files {
            env.push(((*var).to_owned(), path.display().to_string()));
        }
        for (var, value) in launcher.spec.env {
            env.push(((*var).to_owned(), (*value).to_owned()));
        }
        for (var, value) in &overrides.vars {
            env.retain(|(existing, _)| existing != var);
            if let Some(value) = value {
                env.push((var.clone(), value.clone()));
            }
        }

        let instance = Instance {
            inner: Arc::new(Inner {
                launcher: launcher.clone(),
                env,
                files: ServiceFiles {
                    work_dir: work_dir.path().to_path_buf(),
                    files,
                },
                output: OutputTail::new(launcher.spec.output_cap),
                state: Mutex::new(State::default()),
                _work_dir: work_dir,
            }),
        };
        instance.launch().await?;
        Ok(instance)
    }

    /// `http://127.0.0.1:<port>`, valid until the next restart.
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", Ipv4Addr::LOCALHOST, self.port())
    }

    pub fn port(&self) -> u16 {
        self.state().port
    }

    pub fn files(&self) -> &ServiceFiles {
        &self.inner.files
    }

    pub fn output(&self) -> &OutputTail {
        &self.inner.output
    }

    /// How many times this instance was started (1 + restarts).
    pub fn starts(&self) -> u32 {
        self.state().starts
    }

    /// Time from spawn to the first 200 on `/health`, for the last start.
    pub fn startup(&self) -> Duration {
        self.state().startup
    }

    /// `Some` when the service is not running: it exited, or was stopped.
    pub fn exited(&self) -> Option<Exit> {
        let mut state = self.state();
        match state.leader.as_mut() {
            None => Some(Exit::Code(0)),
            Some(leader) => leader.exited(),
        }
    }

    /// Like [`Instance::exited`], but waits up to `grace` for an exit that may
    /// be under way: a dying process closes its sockets a moment before it
    /// can be reaped, so the client sees the reset first.
    pub async fn exited_within(&self, grace: Duration) -> Option<Exit> {
        let deadline = Instant::now() + grace;
        loop {
            if let Some(exit) = self.exited() {
                return Some(exit);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub fn is_running(&self) -> bool {
        self.exited().is_none()
    }

    /// Stops the service (SIGTERM, then SIGKILL to the group after 3 s).
    pub async fn stop(&self) -> Option<Exit> {
        let leader = self.state().leader.take();
        match leader {
            Some(leader) => {
                // A graceful stop waits for open connections, and the
                // client's last one may still look open to the service for
                // a moment (actix-web then waits for its next once-a-second
                // look): let the service see it closed first.
                tokio::time::sleep(SETTLE_BEFORE_STOP).await;
                Some(leader.stop(STOP_GRACE).await)
            }
            None => None,
        }
    }

    /// Stops and starts the service again with the same files and settings.
    pub async fn restart(&self) -> Result<(), StartError> {
        self.stop().await;
        self.launch().await
    }

    /// Starts the process and waits for readiness, on a new port each time;
    /// a start that lost its port to another program is retried.
    async fn launch(&self) -> Result<(), StartError> {
        const ATTEMPTS: usize = 3;
        let mut attempt = 1;
        loop {
            match self.launch_once().await {
                Err(error) if attempt < ATTEMPTS && lost_port_race(&error) => attempt += 1,
                result => return result,
            }
        }
    }

    async fn launch_once(&self) -> Result<(), StartError> {
        let port =
            free_port().map_err(|error| StartError::Spawn(format!("no free port: {error}")))?;
        let launcher = &self.inner.launcher;
        let launch = &launcher.launch;
        let jail = launcher.jail(&self.inner.files.work_dir);
        let mut command = launcher
            .sandbox
            .command(&jail, &launch.program, &launch.args);
        command
            .env_clear()
            .envs(self.inner.env.iter().map(|(var, value)| (var, value)))
            .env("PORT", port.to_string());
        let starts = {
            let state = self.state();
            state.starts
        };
        if starts > 0 {
            self.inner.output.push(
                format!(
                    "\n--- kit: restarting the service (start #{}) ---\n",
                    starts + 1
                )
                .as_bytes(),
            );
        }
        let spawned = Instant::now();
        let leader = GroupLeader::spawn_wrapped(
            command,
            &self.inner.output,
            &self.inner.output,
            launcher.sandbox.wrapper_depth(),
        )
        .map_err(|error| StartError::Spawn(format!("{}: {error}", launch.program.display())))?;
        {
            let mut state = self.state();
            state.leader = Some(leader);
            state.port = port;
            state.starts += 1;
        }
        self.wait_ready(spawned).await?;
        self.state().startup = spawned.elapsed();
        Ok(())
    }

    async fn wait_ready(&self, spawned: Instant) -> Result<(), StartError> {
        let timeout = self.inner.launcher.readiness_timeout;
        let probe = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(1))
            .build()
            .map_err(|error| StartError::Spawn(format!("cannot build an HTTP client: {error}")))?;
        let health = format!("{}/health", self.base_url());
        loop {
            if let Some(exit) = self.exited() {
                // Give the pumps a moment to collect the last words.
                tokio::time::sleep(Duration::from_millis(50)).await;
                self.state().leader = None;
                return Err(StartError::Exited {
                    exit,
                    output: self.inner.output.text(),
                });
            }
            if let Ok(response) = probe.get(&health).send().await
                && response.status() == reqwest::StatusCode::OK
            {
                return Ok(());
            }
            if spawned.elapsed() >= timeout {
                self.stop().await;
                return Err(StartError::NeverReady {
                    after: timeout,
                    output: self.inner.output.text(),
                });
            }
            tokio::time::sleep(READINESS_POLL).await;
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Ports handed out recently by this process. The kernel may offer a port
/// again as soon as our probe socket closes; remembering them keeps two
/// services started at the same time (parallel tests, several instances)
/// from being given the same port.
static HANDED_OUT: Mutex<VecDeque<u16>> = Mutex::new(VecDeque::new());
const REMEMBERED_PORTS: usize = 4096;

/// A port nobody listens on right now and that no other instance of this
/// process was given recently. The service binds it a moment later; another
/// program could take it in between, which `launch` recovers from.
fn free_port() -> std::io::Result<u16> {
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        let port = listener.local_addr()?.port();
        if !handed_out.contains(&port) {
            if handed_out.len() == REMEMBERED_PORTS {
                handed_out.pop_front();
            }
            handed_out.push_back(port);
            return Ok(port);
        }
    }
}

/// Whether a failed start looks like the port was taken between our probe
/// and the service's bind.
fn lost_port_race(error: &StartError) -> bool {
    matches!(error, StartError::Exited { output, .. }
        if output.contains("Address already in use") || output.contains("address already in use") || output.contains("EADDRINUSE"))
}
