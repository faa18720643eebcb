//! `entente serve`: the analyst's workbench in a browser, over a versioned JSON API.
//!
//! - [`ServeOptions`] says where to listen, which store to serve, the write token and the
//!   [`Limits`]; [`check_bind`] refuses a non-loopback address without a token; [`run`] serves
//!   until interrupted.
//! - [`router`] is the whole application: the JSON API under `/api/v1/` (`api`), its OpenAPI
//!   document (`openapi`), and the embedded front end (`web`). Tests drive it without a socket.
//! - [`analysis`] answers the analysts' questions from the store and the analytics crate; the
//!   CLI's `dyad`, `network`, `balance` and `alerts` call it too, so both give the same figures.
//!
//! Invariants (ARCHITECTURE.md): reads go through one confined instance of the store
//! ([`entente_store::Store::open_confined`]), closed whenever no request reads, under a time limit; no SQL is built from request text (requests become the store's typed
//! filters, and `/api/v1/sql` goes through [`entente_store::ConfinedStore`]); no request path
//! reaches the file system (assets are compiled in, by a fixed list of names).

pub mod analysis;
mod api;
mod cache;
mod error;
mod openapi;
mod readers;
mod web;

pub use api::ROUTES;
pub use openapi::document as openapi_document;

use entente_dictionaries::Dictionaries;
use entente_pipeline::Pipeline;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Bounds on what one request may cost.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body in bytes (413 beyond).
    pub max_body: usize,
    /// Most rows one listing or query returns (a page of events, `/api/v1/sql`).
    pub max_rows: usize,
    /// Most rows one export streams.
    pub max_export_rows: usize,
    /// Rows per page of an export: each page is one store read, so other requests and writers
    /// get in between pages, and memory holds one page, not the export.
    pub export_page: usize,
    /// Store reads are interrupted after this long (504).
    pub timeout: Duration,
    /// Requests that read the store or code text at once; more wait for a slot.
    pub max_concurrent: usize,
    /// How long a request waits for a slot before it is refused (503).
    pub queue_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: 8 << 20,
            max_rows: 10_000,
            max_export_rows: 1_000_000,
            export_page: 10_000,
            timeout: Duration::from_secs(30),
            // DuckDB runs each query on every core, so a few at once already fill the machine.
            max_concurrent: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            queue_wait: Duration::from_secs(10),
        }
    }
}

/// Where the access log goes: stderr when serving, a buffer in tests.
pub type LogSink = Arc<Mutex<dyn Write + Send>>;

/// Everything `entente serve` needs.
pub struct ServeOptions {
    pub addr: SocketAddr,
    pub store: PathBuf,
    /// Extra dictionaries for coding, as `--dictionaries` gives the other commands.
    pub dictionaries: Option<PathBuf>,
    /// The bearer token write endpoints require; without one they are refused.
    pub token: Option<String>,
    pub limits: Limits,
    pub log: LogSink,
    /// Open the workbench in the desktop's browser once listening.
    pub open_browser: bool,
}

/// Why the server will not start.
#[derive(Debug)]
pub enum ServeError {
    /// A non-loopback address without a token: anyone on the network could write.
    UnsafeBind(String),
    Dictionaries(String),
    Io(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnsafeBind(m) | Self::Dictionaries(m) => f.write_str(m),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Refuses to listen beyond this machine without a token: the API can write to the store.
pub fn check_bind(addr: &SocketAddr, token: Option<&str>) -> Result<(), ServeError> {
    if addr.ip().is_loopback() || token.is_some_and(|t| !t.is_empty()) {
        return Ok(());
    }
    Err(ServeError::UnsafeBind(format!(
        "refusing to listen on {addr} without a token: anyone who can reach it could add to the \
         store. Bind to 127.0.0.1, or set a token with --token-file FILE or ENTENTE_TOKEN"
    )))
}

/// What every request shares.
pub(crate) struct AppState {
    store: PathBuf,
    token: Option<String>,
    limits: Limits,
    pipeline: Pipeline,
    /// Bounds the requests that read the store or code text.
    slots: tokio::sync::Semaphore,
    /// Bound to a loopback address: requests must name a local host (DNS rebinding).
    loopback: bool,
    /// The confined connections requests read through.
    readers: readers::Readers,
    /// Readers hold it shared while they read; an ingest holds it alone while it writes. DuckDB's
    /// file lock is per process, so it cannot keep this process's own readers and writer apart:
    /// this does.
    gate: RwLock<()>,
    /// Answers to read requests, kept until the store changes.
    cache: cache::ResponseCache,
    log: LogSink,
}

/// The application: API, OpenAPI document, front end, and the layers every response passes.
pub fn router(options: &ServeOptions) -> Result<axum::Router, ServeError> {
    let dictionaries = Dictionaries::load(options.dictionaries.as_deref())
        .map_err(|e| ServeError::Dictionaries(format!("loading dictionaries: {e}")))?;
    let pipeline = Pipeline::new(Arc::new(dictionaries));
    if let Some(why) = pipeline.gazetteer_error() {
        return Err(ServeError::Dictionaries(format!(
            "loading dictionaries: {why}"
        )));
    }
    let state = Arc::new(AppState {
        store: options.store.clone(),
        token: options.token.clone().filter(|t| !t.is_empty()),
        limits: options.limits.clone(),
        pipeline,
        slots: tokio::sync::Semaphore::new(options.limits.max_concurrent.max(1)),
        loopback: options.addr.ip().is_loopback(),
        readers: readers::Readers::new(&options.store),
        gate: RwLock::new(()),
        cache: cache::ResponseCache::default(),
        log: options.log.clone(),
    });
    // Closes the store when requests stop; ends with the application.
    let sweeper = Arc::downgrade(&state);
    std::thread::spawn(move || {
        while let Some(state) = sweeper.upgrade() {
            state.readers.close_if_idle();
            drop(state);
            std::thread::sleep(readers::SWEEP);
        }
    });
    Ok(web::layers(
        api::routes(state.clone()).merge(web::assets()),
        state,
    ))
}

/// Serves until Ctrl-C, printing where on stderr.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    check_bind(&options.addr, options.token.as_deref())?;
    let app = router(&options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(ServeError::Io)?;
        let local = listener.local_addr().map_err(ServeError::Io)?;
        if options.open_browser {
            open_browser(&format!("http://{local}/"));
        }
        eprintln!(
            "entente serve: http://{local}/ (store {}; writes {})",
            options.store.display(),
            if options.token.is_some() {
                "need the token"
            } else {
                "disabled: no token"
            }
        );
        // The peer's address goes into the access log.
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServeError::Io)
    })
}

/// Hands the URL to the desktop's opener (`xdg-open`, `open` on macOS); says so when there is none.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("entente serve: could not run {opener}; open {url} in a browser");
    }
}
