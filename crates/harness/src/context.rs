//! What a check is handed: the running service, an HTTP client that records
//! evidence, the service's files, and ways to restart it or start other
//! instances with other settings.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::evidence::EvidenceLog;
use crate::http::Http;
use crate::idle_gate::IdleGate;
use crate::instance::{Instance, Launcher, Overrides, ServiceFiles, StartError};
use crate::outcome::Failure;
use crate::shelf::Shelf;

#[derive(Debug, Clone)]
pub struct Ctx {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    main: Instance,
    launcher: Launcher,
    log: EvidenceLog,
    http: Http,
    /// Instances this check started; the runner stops them when it ends.
    started: Mutex<Vec<Instance>>,
    /// Nothing else is in flight while this attempt runs.
    alone: bool,
    /// The check asked for its result to be dropped and to run again alone.
    wants_alone: AtomicBool,
    /// What checks leave for the checks that require them, for the run.
    shelf: Shelf,
    /// How this check lends its waits to alone checks; `None` when it runs
    /// alone.
    idle: Option<IdleGate>,
}

impl Ctx {
    pub(crate) fn new(
        main: Instance,
        launcher: Launcher,
        log: EvidenceLog,
        alone: bool,
        shelf: Shelf,
        idle: Option<IdleGate>,
    ) -> Result<Ctx, Failure> {
        let http = Http::new(main.clone(), log.clone(), None)?;
        Ok(Ctx {
            inner: Arc::new(Inner {
                main,
                launcher,
                log,
                http,
                started: Mutex::new(Vec::new()),
                alone,
                wants_alone: AtomicBool::new(false),
                shelf,
                idle: idle.filter(|_| !alone),
            }),
        })
    }

    /// Whether nothing else is in flight during this attempt: a check marked
    /// `alone`, one run again alone, or a run with `--jobs 1`. Evidence that
    /// is ambiguous beside other checks (a new file in a shared folder) is
    /// unambiguous then.
    pub fn runs_alone(&self) -> bool {
        self.inner.alone
    }

    /// For a check that cannot tell its own evidence from a neighbour's:
    /// this attempt's result is dropped and the check runs again alone, as a
    /// sequential run would have run it. Ignored when it already runs alone.
    pub fn run_again_alone(&self) {
        if !self.inner.alone {
            self.inner.wants_alone.store(true, Ordering::Relaxed);
        }
    }

    /// Waits at least `duration` (a lockout to end, a token to expire) and
    /// lets a check that runs alone use the time: this check counts as idle
    /// meanwhile and goes on once no alone check runs, so the wait can be
    /// longer than asked. Use it only where a longer wait changes nothing
    /// the check concludes, with every request of the check answered, on
    /// an instance of its own (an alone check may read the main instance's
    /// state). A plain sleep when this check runs alone.
    pub async fn idle_for(&self, duration: std::time::Duration) {
        match &self.inner.idle {
            Some(gate) => gate.idle_for(duration).await,
            None => tokio::time::sleep(duration).await,
        }
    }

    pub(crate) fn asked_to_run_alone(&self) -> bool {
        self.inner.wants_alone.load(Ordering::Relaxed)
    }

    /// Leaves `value` for the checks that require this one (an account they
    /// only read, so that each need not make its own), replacing what this
    /// check left before. They read it with [`Ctx::shared`].
    pub fn share<T: std::any::Any + Send + Sync>(&self, value: T) {
        self.inner.shelf.put(value);
    }

    /// What a prerequisite of this check left with [`Ctx::share`]. Read
    /// only a prerequisite's values: it finished before this check started,
    /// in a sequential and a concurrent run alike. `None` when it did not
    /// run (`--only` left it out) or left nothing: make your own then.
    pub fn shared<T: std::any::Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.inner.shelf.get()
    }

    /// A client for the main instance, from 127.0.0.1.
    pub fn http(&self) -> &Http {
        &self.inner.http
    }

    /// A client for the main instance from another loopback source address
    /// (`127.0.0.x`): a different client, as far as the service can tell.
    pub fn http_from(&self, source_ip: IpAddr) -> Result<Http, Failure> {
        Http::new(
            self.inner.main.clone(),
            self.inner.log.clone(),
            Some(source_ip),
        )
    }

    /// A client for another instance this check started.
    pub fn http_to(&self, instance: &Instance, source_ip: Option<IpAddr>) -> Result<Http, Failure> {
        Http::new(instance.clone(), self.inner.log.clone(), source_ip)
    }

    /// The instance every check shares (its data persists between checks).
    pub fn main(&self) -> &Instance {
        &self.inner.main
    }

    /// The main instance's files (its database, its outbox).
    pub fn files(&self) -> &ServiceFiles {
        self.inner.main.files()
    }

    /// Restarts an instance this check started, with the same files and
    /// settings: a persistence test. (The main instance is not restarted by
    /// checks: its neighbours would see it go away.)
    pub async fn restart_instance(&self, instance: &Instance) -> Result<(), Failure> {
        self.note("restarted the service (same files, same settings)");
        instance
            .restart()
            .await
            .map_err(|error| start_failure("after a restart", &error))
    }

    /// Starts another instance in a fresh working directory (empty database),
    /// with the exercise's settings changed by `overrides`. It is stopped when
    /// the check ends.
    pub async fn start_instance(&self, overrides: &Overrides) -> Result<Instance, StartError> {
        let instance = Instance::start(&self.inner.launcher, overrides).await?;
        self.inner
            .started
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(instance.clone());
        Ok(instance)
    }

    /// Like [`Ctx::start_instance`], for checks that need the instance to come
    /// up: failing to start fails the check with the service's own words.
    pub async fn start_fresh(&self, overrides: &Overrides) -> Result<(Instance, Http), Failure> {
        let instance = self
            .start_instance(overrides)
            .await
            .map_err(|error| start_failure("in a fresh directory", &error))?;
        let http = self.http_to(&instance, None)?;
        Ok((instance, http))
    }

    /// A line of evidence that is not an HTTP exchange (a measured figure, a step).
    pub fn note(&self, text: impl Into<String>) {
        self.inner.log.note(text);
    }

    /// The instances this check started, for the runner to stop.
    pub(crate) fn take_started(&self) -> Vec<Instance> {
        std::mem::take(
            &mut *self
                .inner
                .started
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

fn start_failure(when: &str, error: &StartError) -> Failure {
    let output = error.output().trim();
    let last_lines: Vec<&str> = output.lines().rev().take(5).collect();
    let mut message = format!("the service did not come up {when}: {error}");
    if !last_lines.is_empty() {
        message.push_str("; its last output: ");
        message.push_str(&last_lines.into_iter().rev().collect::<Vec<_>>().join(" | "));
    }
    match error {
        StartError::Spawn(_) => Failure::error(message),
        _ => Failure::fail(message),
    }
}
