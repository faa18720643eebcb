//! The writer lock: a sidecar `<store>.lock` file holding the writer's PID under an OS file lock.
//!
//! DuckDB itself allows one read-write process per file, but a writer only opens the database while
//! it writes a batch, so between batches nothing would stop a second writer from interleaving. The
//! sidecar lock is held for the whole ingest or import; readers never take it. The OS releases it
//! when the process dies, however it dies, so a stale PID in the file means nothing.

use crate::StoreError;
use fs4::fs_std::FileExt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Proof that this process is the store's only writer. Dropping it releases the lock.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Takes the lock next to `store`, or fails at once with [`StoreError::Locked`] naming the holder's PID.
    pub fn acquire(store: &Path) -> Result<Self, StoreError> {
        let path = lock_path(store);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        let locked = file
            .try_lock_exclusive()
            .map_err(|e| StoreError::io(&path, e))?;
        if !locked {
            let mut pid = String::new();
            file.read_to_string(&mut pid)
                .map_err(|e| StoreError::io(&path, e))?;
            let pid = pid.trim();
            let pid = if pid.is_empty() {
                "unknown".to_string()
            } else {
                pid.to_string()
            };
            return Err(StoreError::Locked { pid, lock: path });
        }
        let write_pid = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            write!(file, "{}", std::process::id())?;
            file.flush()
        };
        write_pid(&mut file).map_err(|e| StoreError::io(&path, e))?;
        Ok(Self { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Empty the PID first so a reader of the file never sees a finished writer as the holder.
        let _ = self.file.set_len(0);
        let _ = FileExt::unlock(&self.file);
    }
}

/// `<store>.lock`, beside the store file.
pub fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holders_pid() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.duckdb");
        let held = WriteLock::acquire(&store).unwrap();
        let err = WriteLock::acquire(&store).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&format!("store is locked by PID {}", std::process::id())),
            "{message}"
        );
        drop(held);
        assert!(WriteLock::acquire(&store).is_ok());
    }
}
