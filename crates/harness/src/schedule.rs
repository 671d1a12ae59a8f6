//! In which order the checks of a run start when several may be in flight.
//!
//! One job (`--jobs 1`) is the sequential run: table order, one check at a
//! time. With more, the rules that keep the report that of a sequential run:
//! - a check starts only once its prerequisites have *finished* (their
//!   results decide whether it runs or is `blocked`); a check waiting for a
//!   prerequisite does not hold back the independent checks after it;
//! - checks that may share the service start in table order, at most `jobs`
//!   at a time;
//! - a check that runs `alone` (timing, load, restarts, anything reading the
//!   service's global state) starts only with nothing else in flight, and
//!   nothing starts beside it. Alone checks wait until no shared check can
//!   start, then run one by one in table order: a run is then its shared
//!   checks side by side, followed by its alone checks, and waits once for
//!   its slowest shared check instead of once per alone check that the
//!   table puts after it. `logs.no_secrets`-like checks, last in their
//!   table, stay last;
//! - among the shared checks that may start, one that `waits` on purpose
//!   (a lockout, an expiry) starts first: its wait then runs beside the
//!   others instead of after them (longest first). Until every such check
//!   has started, the checks it needs (its prerequisites, theirs, ...) run
//!   with nothing else beside them: on a busy service each of those steps
//!   would take several times as long, and the wait would start that much
//!   later. Start order is all it changes: results are reported in table
//!   order.
//!
//! A shared check that lends its wait ([`crate::Ctx::idle_for`]) is idle
//! meanwhile ([`Schedule::pause`]): an alone check may start when every
//! check in flight is idle, and an idle check goes on ([`Schedule::resume`])
//! only when no alone check runs. It still holds its job.
//!
//! A check whose result a neighbour may have disturbed (the service died or
//! restarted while it ran beside others, or it timed out) is put back to run
//! again alone ([`Schedule::retry_alone`]); after the service died once the
//! rest of the run is sequential ([`Schedule::one_at_a_time`]), since a
//! service that crashes would otherwise take its neighbours with it again.
//!
//! The schedule only decides; the runner starts and awaits the checks.

/// What the schedule needs to know of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot<'a> {
    /// Indexes (in the run's table) of the checks that must finish first.
    pub prerequisites: &'a [usize],
    pub alone: bool,
    pub waits: bool,
}

#[derive(Debug)]
pub(crate) struct Schedule<'a> {
    slots: Vec<Slot<'a>>,
    /// Per check, every check it needs, directly or not.
    needs: Vec<Vec<usize>>,
    jobs: usize,
    /// Checks before this index have all started.
    first_unstarted: usize,
    started: Vec<bool>,
    finished: Vec<bool>,
    in_flight: usize,
    alone_in_flight: bool,
    /// In flight, but sleeping through a wait it lends to alone checks.
    idle: Vec<bool>,
}

impl<'a> Schedule<'a> {
    /// `jobs` is clamped to at least 1 (1 is a sequential run).
    pub(crate) fn new(slots: Vec<Slot<'a>>, jobs: usize) -> Self {
        let count = slots.len();
        let needs = (0..count)
            .map(|index| transitive_prerequisites(&slots, index))
            .collect();
        Schedule {
            slots,
            needs,
            jobs: jobs.max(1),
            first_unstarted: 0,
            started: vec![false; count],
            finished: vec![false; count],
            in_flight: 0,
            alone_in_flight: false,
            idle: vec![false; count],
        }
    }

    /// The next check that may start now, marked started; `None` when none
    /// may (wait for one in flight to finish) or all have started.
    pub(crate) fn next(&mut self) -> Option<usize> {
        if self.alone_in_flight || self.in_flight >= self.jobs {
            return None;
        }
        if self.jobs == 1 {
            return self.next_in_table_order();
        }
        let shared_may_start = |index: &usize| !self.slots[*index].alone && self.may_start(*index);
        let shared = (self.first_unstarted..self.slots.len())
            .filter(shared_may_start)
            .find(|&index| self.slots[index].waits)
            .or_else(|| (self.first_unstarted..self.slots.len()).find(shared_may_start));
        if let Some(index) = shared
            && self.slots[index].waits
        {
            return Some(self.start(index));
        }
        let needed = self.needed_by_unstarted_waits();
        if !needed.is_empty() {
            if let Some(&index) = needed.iter().find(|index| shared_may_start(index)) {
                return Some(self.start(index));
            }
            if self.in_flight > 0 {
                return None;
            }
        }
        if let Some(index) = shared {
            return Some(self.start(index));
        }
        if self.active() > 0 {
            return None;
        }
        let alone = (self.first_unstarted..self.slots.len())
            .find(|&index| self.slots[index].alone && self.may_start(index))?;
        Some(self.start(alone))
    }

    /// The sequential order: the first check not started, once everything
    /// before it has finished.
    fn next_in_table_order(&mut self) -> Option<usize> {
        let index = (self.first_unstarted..self.slots.len()).find(|&index| !self.started[index])?;
        let before_done = self.finished[..index].iter().all(|done| *done);
        (before_done && self.in_flight == 0).then(|| self.start(index))
    }

    /// The unfinished checks that a not yet started check that waits needs,
    /// in table order.
    fn needed_by_unstarted_waits(&self) -> Vec<usize> {
        let mut needed: Vec<usize> = (self.first_unstarted..self.slots.len())
            .filter(|&index| self.slots[index].waits && !self.started[index])
            .flat_map(|index| self.needs[index].iter().copied())
            .filter(|&index| !self.finished[index])
            .collect();
        needed.sort_unstable();
        needed.dedup();
        needed
    }

    fn may_start(&self, index: usize) -> bool {
        !self.started[index]
            && self.slots[index]
                .prerequisites
                .iter()
                .all(|&prerequisite| self.finished[prerequisite])
    }

    /// Whether `index`, just started, has the service to itself: nothing
    /// else is in flight and nothing starts beside it.
    pub(crate) fn runs_alone(&self, index: usize) -> bool {
        self.jobs == 1 || self.slots[index].alone
    }

    /// The checks in flight that are not idle.
    fn active(&self) -> usize {
        self.in_flight - self.idle.iter().filter(|idle| **idle).count()
    }

    /// Records that `index` sleeps through a wait an alone check may use.
    /// Ignored unless it is a shared check in flight (a message can arrive
    /// after its attempt ended).
    pub(crate) fn pause(&mut self, index: usize) {
        if self.started[index] && !self.finished[index] && !self.slots[index].alone {
            self.idle[index] = true;
        }
    }

    /// Whether `index` is in flight but idle.
    pub(crate) fn is_idle(&self, index: usize) -> bool {
        self.idle[index]
    }

    /// Whether an idle check may go on now: no alone check runs.
    pub(crate) fn may_resume(&self) -> bool {
        !self.alone_in_flight
    }

    /// Records that idle `index` goes on.
    pub(crate) fn resume(&mut self, index: usize) {
        self.idle[index] = false;
    }

    /// Records that `index` has finished (its result is known).
    pub(crate) fn finish(&mut self, index: usize) {
        debug_assert!(self.started[index] && !self.finished[index]);
        self.idle[index] = false;
        self.finished[index] = true;
        self.in_flight -= 1;
        if self.slots[index].alone {
            self.alone_in_flight = false;
        }
    }

    /// Puts `index` (started, not finished) back, to run again alone once
    /// what is before it has finished: its first result does not count.
    pub(crate) fn retry_alone(&mut self, index: usize) {
        debug_assert!(self.started[index] && !self.finished[index]);
        if self.slots[index].alone {
            self.alone_in_flight = false;
        }
        self.idle[index] = false;
        self.started[index] = false;
        self.slots[index].alone = true;
        self.in_flight -= 1;
        self.first_unstarted = self.first_unstarted.min(index);
    }

    /// From now on, one check at a time.
    pub(crate) fn one_at_a_time(&mut self) {
        self.jobs = 1;
    }

    pub(crate) fn all_finished(&self) -> bool {
        self.finished.iter().all(|done| *done)
    }

    fn start(&mut self, index: usize) -> usize {
        self.started[index] = true;
        self.in_flight += 1;
        self.alone_in_flight = self.slots[index].alone;
        while self.first_unstarted < self.slots.len() && self.started[self.first_unstarted] {
            self.first_unstarted += 1;
        }
        index
    }
}

/// Every check `index` needs: its prerequisites, theirs, and so on.
fn transitive_prerequisites(slots: &[Slot<'_>], index: usize) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut to_visit: Vec<usize> = slots[index].prerequisites.to_vec();
    while let Some(next) = to_visit.pop() {
        if next != index && !found.contains(&next) {
            found.push(next);
            to_visit.extend_from_slice(slots[next].prerequisites);
        }
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE: Slot<'static> = Slot {
        prerequisites: &[],
        alone: false,
        waits: false,
    };
    const ALONE: Slot<'static> = Slot {
        prerequisites: &[],
        alone: true,
        waits: false,
    };
    const WAITS: Slot<'static> = Slot {
        prerequisites: &[],
        alone: false,
        waits: true,
    };

    /// Starts everything that may start; the indexes in the order started.
    fn drain(schedule: &mut Schedule<'_>) -> Vec<usize> {
        std::iter::from_fn(|| schedule.next()).collect()
    }

    #[test]
    fn one_job_is_the_table_order_one_at_a_time() {
        let mut schedule = Schedule::new(vec![FREE, FREE, ALONE, FREE], 1);
        for expected in 0..4 {
            assert_eq!(drain(&mut schedule), vec![expected]);
            schedule.finish(expected);
        }
        assert!(schedule.all_finished());
        assert_eq!(schedule.next(), None);
    }

    #[test]
    fn independent_checks_fill_the_jobs_in_table_order() {
        let mut schedule = Schedule::new(vec![FREE; 5], 3);
        assert_eq!(drain(&mut schedule), vec![0, 1, 2]);
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![3]);
        schedule.finish(0);
        schedule.finish(2);
        assert_eq!(drain(&mut schedule), vec![4]);
    }

    #[test]
    fn a_check_waits_for_its_prerequisites_without_holding_back_the_others() {
        let needs_first = Slot {
            prerequisites: &[0],
            ..FREE
        };
        let mut schedule = Schedule::new(vec![FREE, needs_first, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![0, 2]);
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![1]);
    }

    #[test]
    fn one_job_runs_alone_checks_in_their_table_place() {
        let mut schedule = Schedule::new(vec![FREE, ALONE, FREE, ALONE], 1);
        for expected in 0..4 {
            assert_eq!(drain(&mut schedule), vec![expected]);
            schedule.finish(expected);
        }
    }

    #[test]
    fn alone_checks_run_one_by_one_after_the_shared_checks() {
        let mut schedule = Schedule::new(vec![FREE, ALONE, FREE, ALONE, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![0, 2, 4]);
        schedule.finish(0);
        schedule.finish(4);
        assert_eq!(
            drain(&mut schedule),
            Vec::<usize>::new(),
            "2 is still in flight"
        );
        schedule.finish(2);
        assert_eq!(drain(&mut schedule), vec![1]);
        assert_eq!(drain(&mut schedule), Vec::<usize>::new(), "1 runs alone");
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![3]);
        schedule.finish(3);
        assert!(schedule.all_finished());
    }

    #[test]
    fn a_shared_check_that_needs_an_alone_check_starts_after_it() {
        let needs_alone = Slot {
            prerequisites: &[1],
            ..FREE
        };
        let mut schedule = Schedule::new(vec![FREE, ALONE, needs_alone, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![0, 3]);
        schedule.finish(0);
        schedule.finish(3);
        assert_eq!(drain(&mut schedule), vec![1]);
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2]);
    }

    #[test]
    fn an_alone_check_waits_for_earlier_checks_that_wait_for_prerequisites() {
        let needs_first = Slot {
            prerequisites: &[0],
            ..FREE
        };
        let mut schedule = Schedule::new(vec![FREE, needs_first, ALONE], 4);
        assert_eq!(drain(&mut schedule), vec![0]);
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![1]);
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2]);
    }

    #[test]
    fn a_retried_check_runs_again_alone_before_the_checks_after_it() {
        let mut schedule = Schedule::new(vec![FREE; 4], 4);
        assert_eq!(drain(&mut schedule), vec![0, 1, 2, 3]);
        schedule.retry_alone(1);
        schedule.finish(0);
        assert_eq!(
            drain(&mut schedule),
            Vec::<usize>::new(),
            "2 and 3 in flight"
        );
        schedule.finish(2);
        schedule.finish(3);
        assert_eq!(drain(&mut schedule), vec![1]);
        assert_eq!(drain(&mut schedule), Vec::<usize>::new(), "1 runs alone");
        schedule.finish(1);
        assert!(schedule.all_finished());
    }

    #[test]
    fn one_at_a_time_holds_for_the_rest_of_the_run() {
        let mut schedule = Schedule::new(vec![FREE; 4], 4);
        assert_eq!(drain(&mut schedule), vec![0, 1, 2, 3]);
        schedule.retry_alone(2);
        schedule.retry_alone(3);
        schedule.one_at_a_time();
        schedule.finish(0);
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2]);
        schedule.finish(2);
        assert_eq!(drain(&mut schedule), vec![3]);
    }

    #[test]
    fn checks_that_wait_start_first_among_the_shared_ones() {
        let waits_for_first = Slot {
            prerequisites: &[0],
            ..WAITS
        };
        let mut schedule = Schedule::new(vec![FREE, FREE, WAITS, waits_for_first, ALONE, FREE], 3);
        assert_eq!(drain(&mut schedule), vec![2, 0], "1 waits until 3 starts");
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![3, 1], "3 may start now, first");
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![5]);
    }

    #[test]
    fn what_a_waiting_check_needs_runs_with_nothing_beside_it_until_the_wait_starts() {
        let needs_first = Slot {
            prerequisites: &[0],
            ..FREE
        };
        let waits_for_second = Slot {
            prerequisites: &[1],
            ..WAITS
        };
        let mut schedule = Schedule::new(vec![FREE, needs_first, waits_for_second, FREE, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![0], "3 and 4 are held back");
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![1]);
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2, 3, 4]);
    }

    #[test]
    fn a_waiting_check_that_needs_an_alone_check_holds_nothing_back_for_ever() {
        let waits_for_alone = Slot {
            prerequisites: &[0],
            ..WAITS
        };
        let mut schedule = Schedule::new(vec![ALONE, waits_for_alone, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![2]);
        schedule.finish(2);
        assert_eq!(drain(&mut schedule), vec![0]);
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![1]);
        schedule.finish(1);
        assert!(schedule.all_finished());
    }

    #[test]
    fn one_job_keeps_the_table_order_even_for_checks_that_wait() {
        let mut schedule = Schedule::new(vec![FREE, WAITS, FREE], 1);
        for expected in 0..3 {
            assert_eq!(drain(&mut schedule), vec![expected]);
            schedule.finish(expected);
        }
    }

    #[test]
    fn alone_checks_run_while_every_check_in_flight_is_idle() {
        let mut schedule = Schedule::new(vec![WAITS, FREE, ALONE, ALONE], 4);
        assert_eq!(drain(&mut schedule), vec![0, 1]);
        schedule.pause(0);
        assert_eq!(drain(&mut schedule), Vec::<usize>::new(), "1 is busy");
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2], "0 sleeps: 2 uses the time");
        assert!(!schedule.may_resume(), "0 wakes only after 2");
        schedule.finish(2);
        assert!(schedule.may_resume());
        schedule.resume(0);
        assert_eq!(
            drain(&mut schedule),
            Vec::<usize>::new(),
            "3 waits for 0, awake"
        );
        schedule.finish(0);
        assert_eq!(drain(&mut schedule), vec![3]);
    }

    #[test]
    fn an_idle_check_still_holds_its_job() {
        let mut schedule = Schedule::new(vec![WAITS, FREE, FREE], 2);
        assert_eq!(drain(&mut schedule), vec![0, 1]);
        schedule.pause(0);
        assert_eq!(
            drain(&mut schedule),
            Vec::<usize>::new(),
            "two jobs, both held"
        );
        schedule.finish(1);
        assert_eq!(drain(&mut schedule), vec![2]);
        assert!(schedule.is_idle(0) && !schedule.is_idle(2));
    }

    #[test]
    fn a_pause_that_arrives_late_or_from_an_alone_check_changes_nothing() {
        let mut schedule = Schedule::new(vec![ALONE, FREE], 4);
        assert_eq!(drain(&mut schedule), vec![1]);
        schedule.finish(1);
        schedule.pause(1);
        assert!(!schedule.is_idle(1), "1 has finished");
        assert_eq!(drain(&mut schedule), vec![0]);
        schedule.pause(0);
        assert!(!schedule.is_idle(0), "an alone check lends nothing");
        assert!(!schedule.may_resume());
    }

    #[test]
    fn a_retried_check_is_no_longer_idle() {
        let mut schedule = Schedule::new(vec![FREE, ALONE], 4);
        assert_eq!(drain(&mut schedule), vec![0]);
        schedule.pause(0);
        schedule.retry_alone(0);
        assert!(!schedule.is_idle(0));
        assert_eq!(drain(&mut schedule), vec![0], "again, alone, first");
    }

    #[test]
    fn zero_jobs_means_one() {
        let mut schedule = Schedule::new(vec![FREE, FREE], 0);
        assert_eq!(drain(&mut schedule), vec![0]);
    }
}
