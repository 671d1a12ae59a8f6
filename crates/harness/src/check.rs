//! A check: one small, named, time-bounded probe of the service, worth points
//! toward one criterion.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::context::Ctx;
use crate::outcome::Outcome;

pub use kit_report::Kind;

pub type CheckFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// The body of a check. A plain function pointer keeps check tables `static`-like
/// and trivially `Send`: `run: |cx| Box::pin(update::unknown_id(cx))`.
pub type CheckFn = fn(Ctx) -> CheckFuture;

pub const DEFAULT_CHECK_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Check {
    /// Stable id, `<exercise>.<area>.<what>` (`q1.update.unknown_404`).
    pub id: &'static str,
    /// One line a hiring manager understands.
    pub title: &'static str,
    /// Id of the [`Criterion`](crate::Criterion) this check counts toward.
    pub criterion: &'static str,
    pub kind: Kind,
    pub points: u32,
    /// Checks that must pass first; otherwise this one is `blocked`.
    pub requires: &'static [&'static str],
    /// Bound on the whole check, requests and restarts included.
    pub timeout: Duration,
    /// Runs with no other check in flight: it measures time or load,
    /// restarts or reconfigures the shared instance, or reads state of the
    /// service that other checks change (a count, a list of everything).
    pub alone: bool,
    /// Most of its time is waiting on purpose (a lockout, an expiry, a rate
    /// window to pass, a service to stop and start again), not the
    /// service's work: with several jobs it starts
    /// before the other shared checks, so its wait runs beside them instead
    /// of after them. Only the start order changes, never the report.
    pub waits: bool,
    pub run: CheckFn,
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check")
            .field("id", &self.id)
            .field("criterion", &self.criterion)
            .field("kind", &self.kind)
            .field("points", &self.points)
            .field("requires", &self.requires)
            .field("alone", &self.alone)
            .field("waits", &self.waits)
            .finish_non_exhaustive()
    }
}

/// One row of a suite's check table, every part named:
///
/// ```ignore
/// check! {
///     id: "q1.update.unknown_404",
///     title: "Updating a product that does not exist answers 404",
///     criterion: METHODS,
///     kind: Core,
///     points: 3,
///     requires: [CREATE],               // optional, default: none
///     timeout: Duration::from_secs(60), // optional, default: DEFAULT_CHECK_TIMEOUT
///     alone: true,                      // optional, default: false (see `Check::alone`)
///     waits: true,                      // optional, default: false (see `Check::waits`)
///     run: update::unknown_404,         // an `async fn(Ctx) -> Outcome`
/// }
/// ```
///
/// A macro rather than a `const fn` with eight positional arguments: the
/// table reads by name, the optional parts keep their defaults in one place,
/// and `run` names the check's function instead of boxing it by hand.
#[macro_export]
macro_rules! check {
    (
        id: $id:expr,
        title: $title:expr,
        criterion: $criterion:expr,
        kind: $kind:expr,
        points: $points:expr,
        $(requires: [$($requires:expr),* $(,)?],)?
        $(timeout: $timeout:expr,)?
        $(alone: $alone:expr,)?
        $(waits: $waits:expr,)?
        run: $run:path $(,)?
    ) => {
        $crate::Check {
            id: $id,
            title: $title,
            criterion: $criterion,
            kind: $kind,
            points: $points,
            requires: $crate::check!(@requires $([$($requires),*])?),
            timeout: $crate::check!(@timeout $($timeout)?),
            alone: $crate::check!(@flag $($alone)?),
            waits: $crate::check!(@flag $($waits)?),
            run: |cx| ::std::boxed::Box::pin($run(cx)),
        }
    };
    (@requires) => { &[] };
    (@requires [$($requires:expr),*]) => { &[$($requires),*] };
    (@timeout) => { $crate::DEFAULT_CHECK_TIMEOUT };
    (@timeout $timeout:expr) => { $timeout };
    (@flag) => { false };
    (@flag $flag:expr) => { $flag };
}
