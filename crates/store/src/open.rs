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
    let mode = || {
        if read_only {
            AccessMode::ReadOnly
        } else {
            AccessMode::ReadWrite
        }
    };
    open_retrying(path, read_only, || Config::default().access_mode(mode()))
}

/// A read-only connection for users' SQL: no file but the store read or written, no network, no
/// extension installed or loaded, DuckDB's memory capped at `memory_limit`, and the configuration
/// locked so that no statement can change any of this.
pub(crate) fn connect_confined(path: &Path, memory_limit: &str) -> Result<Connection, StoreError> {
    open_retrying(path, true, || {
        Config::default()
            .access_mode(AccessMode::ReadOnly)?
            .enable_external_access(false)?
            .enable_autoload_extension(false)?
            .with("autoinstall_known_extensions", "false")?
            .max_memory(memory_limit)?
            .with("lock_configuration", "true")
    })
}

/// Opens the file with the configuration `config` makes, retrying while another process holds it.
fn open_retrying(
    path: &Path,
    read_only: bool,
    config: impl Fn() -> duckdb::Result<Config>,
) -> Result<Connection, StoreError> {
    let patience = if read_only {
        READER_PATIENCE
    } else {
        WRITER_PATIENCE
    };
    let started = Instant::now();
    loop {
        match config().and_then(|config| Connection::open_with_flags(path, config)) {
            Ok(conn) => return Ok(conn),
            // A failed open is cheap, and a writer's pause between batches may be short: retry often.
            Err(e) if is_lock_conflict(&e) && started.elapsed() < patience => {
                std::thread::sleep(RETRY_PAUSE)
            }
            Err(e) if is_lock_conflict(&e) => {
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                    holder: lock_holder(&e.to_string()),
                    waited: started.elapsed().as_secs(),
                    reading: read_only,
                })
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

/// "program (PID n)" from DuckDB's lock conflict message ("Conflicting lock is held in
/// /usr/bin/python3 (PID 4242) by user ..."), when it names one.
fn lock_holder(message: &str) -> Option<String> {
    let after = &message[message.find("held in ")? + "held in ".len()..];
    let pid_at = after.find(" (PID ")?;
    let program = &after[..pid_at];
    let pid: String = after[pid_at + " (PID ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!pid.is_empty()).then(|| format!("{program} (PID {pid})"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_holder_is_read_from_duckdbs_message() {
        let message = "IO Error: Could not set lock on file \"/data/e.duckdb\": Conflicting lock is held in /usr/bin/python3.12 (PID 4242) by user ana. See also https://duckdb.org/docs/connect/concurrency";
        assert_eq!(
            lock_holder(message).as_deref(),
            Some("/usr/bin/python3.12 (PID 4242)")
        );
        assert_eq!(lock_holder("IO Error: Could not set lock on file"), None);
    }

    #[test]
    fn a_writer_kept_waiting_says_who_holds_the_store_and_what_to_do() {
        let busy = StoreError::Busy {
            path: "e.duckdb".into(),
            holder: Some("/usr/bin/python3.12 (PID 4242)".into()),
            waited: 60,
            reading: false,
        };
        assert_eq!(
            busy.to_string(),
            "store e.duckdb is held by /usr/bin/python3.12 (PID 4242), which has it open for \
             reading; gave up after 60 s. Wait for it to finish, or close it (a notebook: close \
             its connection), then try again"
        );
    }
}
