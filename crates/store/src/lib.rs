//! The event store: the only crate that links DuckDB. One embedded DuckDB file holds documents,
//! sentences, mentions, coded reports, deduplicated events, stated relations, and events imported
//! from GDELT and ICEWS.
//!
//! - [`Store`] is an open store. Query commands open it with [`Store::open_read_only`], so any number
//!   of readers (a notebook too) can share it; writers open it with [`Store::open_read_write`] only
//!   for the moment they write one batch, and hold a [`WriteLock`] (`<store>.lock`) for the whole job.
//! - [`DocRecord`] is one coded document to store; [`Store::ingest`] writes a batch of them in one
//!   transaction and folds duplicate reports into events ([`BatchSummary`] says what was new).
//! - [`import`] reads GDELT and ICEWS files into the same event model.
//! - [`EventFilter`] selects events for listing ([`Store::events`]) and export ([`Store::export`]);
//!   [`ConfinedStore::query`] runs a user's read-only query, confined to the store; both return a
//!   [`Table`] the CLI prints. [`Store::places`] groups a selection's events by where they
//!   happened ([`PlaceSummary`]), for a map.
//! - The analytics API ([`Aggregates`] with [`AggregateFilter`], [`DyadTotal`], [`DyadDay`],
//!   [`StoredRelation`], [`StoredEvent`]) is pure data for the analytics crate, which knows no SQL.
//!   Its queries are `entente_queries`' text, which the store runs as a [`Reader`] (and the Python
//!   package runs on the `duckdb` package's connection).
//!
//! docs/STORE.md documents the schema, its version and migrations, the views users query, the
//! concurrency rules and the Parquet layout.

mod dates;
mod dedup;
mod dimensions;
mod error;
mod evidence;
mod export;
pub mod import;
mod ingest;
mod located;
mod lock;
mod nodes;
mod open;
mod progress;
mod query;
mod readings;
mod schema;
mod table;
mod user_sql;
mod volume;

pub use entente_queries::{
    ActorKey, AggregateFilter, Aggregates, DyadDay, DyadTotal, EventFilter, ModalityFilter, Reader,
    StoredEvent, StoredRelation,
};
pub use error::StoreError;
pub use export::ExportFormat;
pub use ingest::{document_key, BatchSummary, DocRecord, StoreCounts};
pub use located::{PlaceName, PlaceSummary, PlaceTotal};
pub use lock::{lock_path, WriteLock};
pub use open::WRITER_GAP;
pub use progress::ProgressObserver;
pub use schema::SCHEMA_VERSION;
pub use table::{Cell, Table};
pub use user_sql::{ConfinedStore, SqlLimits, SqlOutput};

use duckdb::Connection;
use std::path::{Path, PathBuf};

/// An open store. Read-only stores refuse every write; see the crate docs for who opens which.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    progress: Option<ProgressObserver>,
    /// The table function import loads read from, registered on first use.
    import_feed: Option<std::sync::Arc<import::Feed>>,
    /// Opened with [`Store::open_confined`]: only then may it run users' SQL.
    confined: bool,
}

impl Store {
    /// Opens an existing store for queries. While a writer is committing a batch the file is
    /// briefly unavailable; this waits for it (up to a few seconds) instead of failing.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
        let conn = open::connect(path, true)?;
        schema::check_readable(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            progress: None,
            import_feed: None,
            confined: false,
        })
    }

    /// Opens an existing store for queries, confined as users' SQL is ([`ConfinedStore`]): read-only,
    /// no file but the store, no extension, DuckDB's memory capped and its configuration locked.
    /// The HTTP server reads through this, so no request can reach past the store.
    pub fn open_confined(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
        let conn = open::connect_confined(path, user_sql::MEMORY_LIMIT)?;
        schema::check_readable(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            progress: None,
            import_feed: None,
            confined: true,
        })
    }

    /// Another connection to the same open database: cheap (no file is opened), with the same
    /// access mode and confinement. The HTTP server serves concurrent requests this way.
    pub fn try_clone(&self) -> Result<Store, StoreError> {
        Ok(Store {
            conn: self.conn.try_clone()?,
            path: self.path.clone(),
            progress: None,
            import_feed: None,
            confined: self.confined,
        })
    }

    /// Runs a user's query as [`ConfinedStore::query`] does, on a store opened confined (refused
    /// on any other, which nothing confines).
    pub fn user_query(&self, sql: &str, limits: &SqlLimits) -> Result<SqlOutput, StoreError> {
        if !self.confined {
            return Err(StoreError::QueryRefused(
                "users' SQL runs only on a store opened confined".into(),
            ));
        }
        user_sql::run_user_query(&self.conn, sql, limits)
    }

    /// Runs `f` on this store, interrupting its query when it runs past `timeout`
    /// ([`StoreError::QueryTimeout`]): the bound the HTTP server puts on every request.
    pub fn with_timeout<T>(
        &self,
        timeout: std::time::Duration,
        f: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        user_sql::with_deadline(&self.conn, timeout, || f(self))
    }

    /// Opens (creating if needed) and migrates the store for writing. Callers hold a [`WriteLock`]
    /// and close the store as soon as their batch is written, so readers can get in between.
    pub fn open_read_write(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            open::create(path)?;
        }
        let conn = open::connect(path, false)?;
        schema::migrate(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            progress: None,
            import_feed: None,
            confined: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Row counts of the main tables, for summaries and tests.
    pub fn counts(&self) -> Result<StoreCounts, StoreError> {
        ingest::counts(&self.conn)
    }
}

/// The store runs `entente_queries`' reads on its own connection.
impl Reader for Store {
    type Error = StoreError;

    fn rows(&self, sql: &entente_queries::SqlBuilder) -> Result<Vec<Vec<Cell>>, StoreError> {
        Ok(query::RunSql::table(sql, &self.conn)?.rows)
    }
}
