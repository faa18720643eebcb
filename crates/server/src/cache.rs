//! Answers to read requests, kept until the store changes.
//!
//! The workbench asks the same questions over and over (every client opening the seeds' network,
//! the busiest dyads), and each answer is a DuckDB scan that fills the machine's cores. An answer
//! depends only on its URL and the store's contents, so it is kept, keyed by URL, for as long as
//! the store is unchanged: the file and its write-ahead log keep their size and modification
//! time, and this process has not ingested. Any write, by this server or another process,
//! changes one of these, and the next request finds every kept answer gone.
//!
//! Requests for the same URL that miss at once wait for the first of them (one flight), so a
//! burst of clients opening the same view costs one query, not one per client.

use crate::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Most bytes of answers kept; the oldest go first beyond it.
const BUDGET: usize = 64 << 20;
/// Larger answers (a page of thousands of events) are served but not kept.
const MAX_ENTRY: usize = 4 << 20;
/// Response header saying whether the answer was kept from before (`hit`) or just computed.
pub(crate) const CACHE_HEADER: &str = "x-entente-cache";

/// What the store's contents are known by: a write changes at least one part.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Generation {
    file: Option<(SystemTime, u64)>,
    wal: Option<(SystemTime, u64)>,
    writes: u64,
}

#[derive(Default)]
struct Entries {
    generation: Option<Generation>,
    answers: HashMap<String, Bytes>,
    /// Keys in the order they were kept, for eviction.
    order: VecDeque<String>,
    bytes: usize,
}

impl Entries {
    /// Forgets everything if the store changed since the answers were kept.
    fn align(&mut self, generation: &Generation) {
        if self.generation.as_ref() != Some(generation) {
            *self = Self {
                generation: Some(generation.clone()),
                ..Self::default()
            };
        }
    }

    fn keep(&mut self, key: String, body: Bytes) {
        while self.bytes + body.len() > BUDGET {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(old) = self.answers.remove(&oldest) {
                self.bytes -= old.len();
            }
        }
        self.bytes += body.len();
        if let Some(replaced) = self.answers.insert(key.clone(), body) {
            self.bytes -= replaced.len();
        } else {
            self.order.push_back(key);
        }
    }
}

#[derive(Default)]
pub(crate) struct ResponseCache {
    entries: Mutex<Entries>,
    /// One lock per URL being computed, so that concurrent misses compute it once.
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Ingests by this process: its own writes are known without looking at the file.
    writes: AtomicU64,
}

impl ResponseCache {
    /// Called after this process wrote the store.
    pub(crate) fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }

    fn generation(&self, store: &Path) -> Generation {
        let stat = |path: &Path| {
            let meta = std::fs::metadata(path).ok()?;
            Some((meta.modified().ok()?, meta.len()))
        };
        let mut wal = store.as_os_str().to_owned();
        wal.push(".wal");
        Generation {
            file: stat(store),
            wal: stat(Path::new(&wal)),
            writes: self.writes.load(Ordering::SeqCst),
        }
    }

    fn lookup(&self, key: &str, generation: &Generation) -> Option<Bytes> {
        let mut entries = lock(&self.entries);
        entries.align(generation);
        entries.answers.get(key).cloned()
    }

    fn keep(&self, key: String, generation: &Generation, body: Bytes) {
        let mut entries = lock(&self.entries);
        entries.align(generation);
        entries.keep(key, body);
    }

    fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.flights)
            .entry(key.to_owned())
            .or_default()
            .clone()
    }

    /// Drops the flight lock of `key` once no request holds or awaits it.
    fn land(&self, key: &str) {
        let mut flights = lock(&self.flights);
        if flights.get(key).is_some_and(|f| Arc::strong_count(f) == 1) {
            flights.remove(key);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The maps hold only finished answers: a panic elsewhere leaves nothing half-written.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn json_answer(body: Bytes, hit: bool) -> Response {
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    response.headers_mut().insert(
        CACHE_HEADER,
        HeaderValue::from_static(if hit { "hit" } else { "miss" }),
    );
    response
}

/// Middleware for the read routes: answers from the cache when the store is unchanged, and keeps
/// successful JSON answers small enough to keep.
pub(crate) async fn answer(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let cache = &state.cache;
    // Taken before the answer is computed: a write during the computation makes the kept answer
    // belong to the older generation, which the next request no longer matches.
    let generation = cache.generation(&state.store);
    if let Some(body) = cache.lookup(&key, &generation) {
        return json_answer(body, true);
    }
    let flight = cache.flight(&key);
    let response = {
        let _computing = flight.lock().await;
        let generation = cache.generation(&state.store);
        if let Some(body) = cache.lookup(&key, &generation) {
            json_answer(body, true)
        } else {
            let response = next.run(request).await;
            keep_if_small(cache, key.clone(), &generation, response).await
        }
    };
    drop(flight);
    cache.land(&key);
    response
}

async fn keep_if_small(
    cache: &ResponseCache,
    key: String,
    generation: &Generation,
    response: Response,
) -> Response {
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= MAX_ENTRY as u64);
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::OK || !small || !json {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ENTRY).await {
        Ok(bytes) => {
            cache.keep(key, generation, bytes.clone());
            let mut response = Response::from_parts(parts, Body::from(bytes));
            response
                .headers_mut()
                .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
            response
        }
        Err(e) => crate::error::ApiError::internal(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generation(writes: u64) -> Generation {
        Generation {
            file: Some((SystemTime::UNIX_EPOCH, 1)),
            wal: None,
            writes,
        }
    }

    #[test]
    fn a_new_generation_forgets_every_answer() {
        let mut entries = Entries::default();
        entries.align(&generation(0));
        entries.keep("/a".into(), Bytes::from_static(b"{}"));
        entries.align(&generation(0));
        assert!(entries.answers.contains_key("/a"));
        entries.align(&generation(1));
        assert!(entries.answers.is_empty());
        assert_eq!(entries.bytes, 0);
    }

    #[test]
    fn the_oldest_answers_go_first_beyond_the_budget() {
        let mut entries = Entries::default();
        let big = Bytes::from(vec![b' '; BUDGET / 2]);
        entries.keep("/1".into(), big.clone());
        entries.keep("/2".into(), big.clone());
        entries.keep("/3".into(), big);
        assert!(!entries.answers.contains_key("/1"));
        assert!(entries.answers.contains_key("/2") && entries.answers.contains_key("/3"));
        assert_eq!(entries.bytes, BUDGET);
    }

    #[test]
    fn a_write_to_the_file_or_its_log_is_a_new_generation() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.duckdb");
        let cache = ResponseCache::default();
        let empty = cache.generation(&store);
        std::fs::write(&store, b"x").unwrap();
        let written = cache.generation(&store);
        assert_ne!(empty, written);
        std::fs::write(dir.path().join("s.duckdb.wal"), b"y").unwrap();
        let logged = cache.generation(&store);
        assert_ne!(written, logged);
        cache.wrote();
        assert_ne!(logged, cache.generation(&store));
    }
}
