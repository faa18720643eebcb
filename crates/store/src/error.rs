//! The store's one error type: what went wrong, and with which file.

use std::path::PathBuf;

/// Everything the store can fail with. Messages name the store file (and the input line for imports).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another process holds the write lock (`<store>.lock`).
    #[error("store is locked by PID {pid} (lock file {lock}); wait for it to finish or stop it")]
    Locked { pid: String, lock: PathBuf },
    /// DuckDB refused to open the file (a writer holds it, or the file is not a DuckDB database).
    #[error("cannot open store {path}: {message}")]
    Open { path: PathBuf, message: String },
    /// The store's schema is newer than this binary knows.
    #[error("store {path} has schema version {found}, newer than the {supported} this entente supports; upgrade entente")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A read-only store was written by an older entente; a writer migrates it on opening.
    #[error("store {path} has schema version {found}, older than the {supported} this entente reads; run `entente ingest` or `entente import` on it once to upgrade it")]
    SchemaTooOld {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A read-only store has no entente schema yet.
    #[error(
        "store {path} has no entente data yet (run `entente ingest` or `entente import` first)"
    )]
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
    /// A query or write failed inside DuckDB.
    #[error("store query failed: {0}")]
    Sql(#[from] duckdb::Error),
    /// A user filter or argument is invalid.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
