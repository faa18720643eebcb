//! Progress of long statements (a bulk load, an export), from DuckDB's own estimate.
//!
//! DuckDB updates the estimate of the statement a connection is running; a thread polls it while
//! the statement runs and hands the percentage to the observer the caller registered.

use crate::Store;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Told the running statement's progress, 0–100 %, a few times a second.
pub type ProgressObserver = Arc<dyn Fn(f64) + Send + Sync>;

const POLL_EVERY: Duration = Duration::from_millis(200);

impl Store {
    /// Reports the progress of this store's long statements (import loads, exports) to `observer`.
    pub fn observe_progress(&mut self, observer: ProgressObserver) {
        self.progress = Some(observer);
    }

    /// Runs `work`, polling the connection's progress for the observer if there is one.
    pub(crate) fn watched<T>(&self, work: impl FnOnce() -> T) -> T {
        if self.progress.is_none() || self.conn.set_query_progress_tracking(true).is_err() {
            return work();
        }
        let handle = self.conn.progress_handle();
        self.watched_by(|| handle.query_progress().percentage(), work)
    }

    /// Runs `work`, polling `percent` for the observer if there is one: for work whose progress
    /// DuckDB cannot estimate.
    pub(crate) fn watched_by<T>(
        &self,
        percent: impl Fn() -> Option<f64> + Sync,
        work: impl FnOnce() -> T,
    ) -> T {
        let Some(observer) = &self.progress else {
            return work();
        };
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let poller = scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if let Some(percent) = percent() {
                        observer(percent);
                    }
                    std::thread::park_timeout(POLL_EVERY);
                }
            });
            let result = work();
            done.store(true, Ordering::Relaxed);
            poller.thread().unpark();
            result
        })
    }
}
