//! The store's one error type: what went wrong, and with which file.

use entente_queries::SchemaMismatch;
use std::path::PathBuf;

/// Everything the store can fail with. Messages name the store file (and the input line for imports).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another process holds the write lock (`<store>.lock`).
    #[error("store is locked by PID {pid} (lock file {lock}); wait for it to finish or stop it")]
    Locked { pid: String, lock: PathBuf },
    /// DuckDB refused to open the file (it is not a DuckDB database, or cannot be read).
    #[error("cannot open store {path}: {message}")]
    Open { path: PathBuf, message: String },
    /// Another process kept the store open for longer than this one waits.
    #[error(
        "store {path} is held by {holder}, which has it open{how}; gave up after {waited} s. \
         Wait for it to finish, or close it (a notebook: close its connection), then try again",
        holder = holder.as_deref().unwrap_or("another process"),
        how = if *reading { " for writing" } else { " for reading" }
    )]
    Busy {
        path: PathBuf,
        /// "program (PID n)", when DuckDB names it.
        holder: Option<String>,
        /// Seconds waited.
        waited: u64,
        /// Whether this process wanted to read (so the holder is writing).
        reading: bool,
    },
    /// The store's schema is newer than this binary knows.
    #[error("{}", SchemaMismatch::TooNew { found: *found }.message(&path.display().to_string()))]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A read-only store was written by an older entente; a writer migrates it on opening.
    #[error("{}", SchemaMismatch::TooOld { found: *found }.message(&path.display().to_string()))]
    SchemaTooOld {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A read-only store has no entente schema yet.
    #[error("{}", SchemaMismatch::Empty.message(&path.display().to_string()))]
    Empty { path: PathBuf },
    /// An input file could not be read at all.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An input file is not in the expected format (header, layout).
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    /// A query or write failed inside DuckDB. DuckDB's error is in the message, not chained as a
    /// source, so it is printed once (its own source only says "Unknown error code").
    #[error("store query failed: {0}")]
    Sql(duckdb::Error),
    /// A user's SQL does what `entente sql` does not allow.
    #[error("query refused: {0}")]
    QueryRefused(String),
    /// A user's SQL ran past its time limit and was interrupted.
    #[error("query stopped after {} s, its time limit (--timeout)", limit.as_secs_f64())]
    QueryTimeout { limit: std::time::Duration },
    /// A user filter or argument is invalid.
    #[error("{0}")]
    Invalid(String),
    /// A query's rows were not of the shape its reader expects (an internal fault).
    #[error("store query gave an unexpected row: {0}")]
    Row(String),
}

impl From<entente_queries::QueryError> for StoreError {
    fn from(e: entente_queries::QueryError) -> Self {
        match e {
            entente_queries::QueryError::Invalid(message) => Self::Invalid(message),
            other => Self::Row(other.to_string()),
        }
    }
}

impl From<duckdb::Error> for StoreError {
    fn from(e: duckdb::Error) -> Self {
        Self::Sql(e)
    }
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
