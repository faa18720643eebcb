//! The connections requests read through: one confined database instance, opened on demand and
//! shared by every request (each takes its own connection to it), closed again so that other
//! processes can write.
//!
//! Why not open the file per request: opening is half the cost of a small query. Why one instance
//! and not several: DuckDB's lock on the file is a POSIX record lock, which the whole process loses
//! when any one of its descriptors of the file closes, so two instances in one process could let
//! another process's writer in while a request still reads.
//!
//! Writers get in two ways: the instance is closed once no request has read it for a moment
//! ([`IDLE_CLOSE`]), and under constant load it is closed at least every
//! [`MAX_OPEN`], for [`WRITER_GAP`], as `entente ingest` pauses between batches.

use entente_store::{Store, StoreError, WRITER_GAP};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// An instance idle this long after opening is closed when its last reader finishes.
const IDLE_CLOSE: Duration = Duration::from_millis(500);
/// An instance open this long takes no new readers; it closes when its readers finish.
const MAX_OPEN: Duration = Duration::from_secs(5);
/// How often an idle instance is looked for.
pub(crate) const SWEEP: Duration = Duration::from_millis(250);

pub(crate) struct Readers {
    path: PathBuf,
    state: Mutex<State>,
    /// Signalled when the last reader of a draining instance finishes.
    drained: Condvar,
}

#[derive(Default)]
struct State {
    /// The open instance: its first connection, when it was opened, and idle connections to it.
    open: Option<(Store, Instant)>,
    idle: Vec<Store>,
    /// Connections handed out and not yet returned.
    reading: usize,
    /// After closing a drained instance, none opens before this: the gap a waiting writer takes.
    gap_until: Option<Instant>,
}

impl State {
    fn close(&mut self) {
        self.idle.clear();
        self.open = None;
    }

    fn age(&self) -> Option<Duration> {
        self.open.as_ref().map(|(_, at)| at.elapsed())
    }

    /// Closes a drained instance and keeps the file free for [`WRITER_GAP`].
    fn close_for_writers(&mut self) {
        self.close();
        self.gap_until = Some(Instant::now() + WRITER_GAP);
    }
}

/// A connection lent to one request; returned when dropped.
pub(crate) struct Reader<'a> {
    store: Option<Store>,
    readers: &'a Readers,
}

impl std::ops::Deref for Reader<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("a reader holds its store until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let mut state = self.readers.lock();
        state.reading -= 1;
        if let Some(store) = self.store.take() {
            state.idle.push(store);
        }
        match state.age() {
            Some(age) if state.reading == 0 && age >= MAX_OPEN => {
                state.close_for_writers();
                self.readers.drained.notify_all();
            }
            Some(age) if state.reading == 0 && age >= IDLE_CLOSE => state.close(),
            _ => {}
        }
    }
}

impl Readers {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            state: Mutex::new(State::default()),
            drained: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A request that panicked while holding the lock left counts, not broken data: go on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A confined connection to the store, opening it if no instance is open.
    pub fn get(&self) -> Result<Reader<'_>, StoreError> {
        let mut state = self.lock();
        loop {
            if let Some(until) = state.gap_until {
                let now = Instant::now();
                if now < until {
                    drop(state);
                    std::thread::sleep(until - now);
                    state = self.lock();
                    continue;
                }
                state.gap_until = None;
            }
            // An instance open too long takes no new reader: it drains, closes, and leaves a gap.
            if state.age().is_some_and(|age| age >= MAX_OPEN) {
                if state.reading > 0 {
                    state = self.drained.wait(state).unwrap_or_else(|e| e.into_inner());
                } else {
                    state.close_for_writers();
                }
                continue;
            }
            break;
        }
        let store = match state.idle.pop() {
            Some(store) => store,
            None => match &state.open {
                Some((root, _)) => root.try_clone()?,
                None => {
                    let root = Store::open_confined(&self.path)?;
                    let store = root.try_clone()?;
                    state.open = Some((root, Instant::now()));
                    store
                }
            },
        };
        state.reading += 1;
        Ok(Reader {
            store: Some(store),
            readers: self,
        })
    }

    /// Closes an instance no request has read for a while: called every [`SWEEP`], so a store
    /// read once is not held open until the next request.
    pub fn close_if_idle(&self) {
        let mut state = self.lock();
        if state.reading == 0 && state.age().is_some_and(|age| age >= IDLE_CLOSE) {
            state.close();
        }
    }

    /// Closes the instance before this process writes the store; the caller holds the gate alone,
    /// so no request is reading.
    pub fn close(&self) {
        self.lock().close();
    }
}
