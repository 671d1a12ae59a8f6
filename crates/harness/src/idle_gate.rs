//! A check that waits on purpose (a lockout to end, a token to expire) can
//! lend its wait to the checks that run alone: while it sleeps it counts as
//! idle, an alone check may start, and it wakes only once no alone check
//! runs. Its wait is then at least what it asked for, never less, so only a
//! wait whose length changes nothing the check concludes may be lent
//! ([`crate::Ctx::idle_for`]).
//!
//! The gate only carries messages; the runner (`check_run.rs`) decides, with
//! the schedule, when an idle check may go on.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

/// What an idle check tells the runner.
#[derive(Debug)]
pub(crate) enum IdleMessage {
    /// The check at this index sleeps from now on.
    Began(usize),
    /// It has slept long enough; it goes on once `resume` is answered.
    Ended {
        index: usize,
        resume: oneshot::Sender<()>,
    },
}

/// A check's way to tell the runner that it is idle; absent when it runs
/// alone or the run is sequential (its sleep then lends nothing).
#[derive(Debug, Clone)]
pub(crate) struct IdleGate {
    index: usize,
    runner: mpsc::UnboundedSender<IdleMessage>,
}

impl IdleGate {
    pub(crate) fn new(index: usize, runner: mpsc::UnboundedSender<IdleMessage>) -> Self {
        IdleGate { index, runner }
    }

    /// Sleeps `duration`, then until the runner lets the check go on.
    pub(crate) async fn idle_for(&self, duration: Duration) {
        // A runner that is gone (the run ended) cannot hold anything back.
        let _ = self.runner.send(IdleMessage::Began(self.index));
        tokio::time::sleep(duration).await;
        let (resume, resumed) = oneshot::channel();
        let ended = IdleMessage::Ended {
            index: self.index,
            resume,
        };
        if self.runner.send(ended).is_ok() {
            let _ = resumed.await;
        }
    }
}
