//! Opening the DuckDB file, waiting out the short moments another process holds it.

use crate::StoreError;
use duckdb::{AccessMode, Config, Connection};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a reader waits for a writer's batch, and a writer for readers to close.
const READER_PATIENCE: Duration = Duration::from_secs(10);
const WRITER_PATIENCE: Duration = Duration::from_secs(60);
const RETRY_PAUSE: Duration = Duration::from_millis(20);

/// How long a writer keeps the file closed between two batches at least, so waiting readers get in.
pub const WRITER_GAP: Duration = Duration::from_millis(150);

pub(crate) fn connect(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let patience = if read_only {
        READER_PATIENCE
    } else {
        WRITER_PATIENCE
    };
    let started = Instant::now();
    loop {
        let mode = if read_only {
            AccessMode::ReadOnly
        } else {
            AccessMode::ReadWrite
        };
        let opened = Config::default()
            .access_mode(mode)
            .and_then(|config| Connection::open_with_flags(path, config));
        match opened {
            Ok(conn) => return Ok(conn),
            // A failed open is cheap, and a writer's pause between batches may be short: retry often.
            Err(e) if is_lock_conflict(&e) && started.elapsed() < patience => {
                std::thread::sleep(RETRY_PAUSE)
            }
            Err(e) => {
                return Err(StoreError::Open {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })
            }
        }
    }
}

/// Creates a store with its schema beside `path` and renames it into place, so a crash during
/// creation leaves either no store or a complete, empty one; never a file without a schema.
pub(crate) fn create(path: &Path) -> Result<(), StoreError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".creating");
    let staging = std::path::PathBuf::from(name);
    for leftover in [staging.clone(), wal_path(&staging)] {
        match std::fs::remove_file(&leftover) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(StoreError::io(leftover, e))
            }
            _ => {}
        }
    }
    let conn = connect(&staging, false)?;
    crate::schema::migrate(&conn, path)?;
    conn.execute_batch("CHECKPOINT")?;
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    std::fs::rename(&staging, path).map_err(|e| StoreError::io(path, e))
}

fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".wal");
    std::path::PathBuf::from(name)
}

/// DuckDB reports another process's lock on the file this way (the message names its PID).
fn is_lock_conflict(e: &duckdb::Error) -> bool {
    let message = e.to_string();
    message.contains("Could not set lock") || message.contains("Conflicting lock")
}
