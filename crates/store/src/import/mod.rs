//! Importing GDELT and ICEWS event files into the same event model as coded text.
//!
//! Import runs in two steps so the store is open for writing only briefly: [`prepare`] reads and
//! validates every line in Rust (no database open), reporting malformed rows as `file:line: reason`,
//! and writes the valid ones to a normalised temporary file; [`crate::Store::load`] then bulk-loads
//! that file with DuckDB's CSV reader in one transaction, skipping events already stored (identity is
//! origin + the dataset's own event id, so importing twice adds nothing).

pub(crate) mod countries;
mod gdelt;
mod icews;
mod normalised;

use crate::{Store, StoreError};
use normalised::NormalisedWriter;
use std::collections::HashSet;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Which dataset a file comes from; also the `origin` of its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Gdelt,
    Icews,
}

impl Dataset {
    pub fn origin(self) -> &'static str {
        match self {
            Dataset::Gdelt => "gdelt",
            Dataset::Icews => "icews",
        }
    }
}

/// A row that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The file (for zip archives, `archive.zip!member`).
    pub file: String,
    /// 1-based line number in that file.
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// Validated rows, ready to load, and everything that was wrong with the input.
pub struct Prepared {
    pub dataset: Dataset,
    normalised: tempfile::NamedTempFile,
    /// Valid rows written (duplicates within the input excluded).
    pub rows: u64,
    /// Rows whose event id already appeared earlier in the input.
    pub duplicates: u64,
    /// Every malformed row, in input order.
    pub malformed: Vec<Malformed>,
    /// Inputs that could not be read at all.
    pub unreadable: Vec<StoreError>,
}

/// What loading added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub inserted: u64,
    /// Valid rows whose event was already in the store.
    pub already_known: u64,
}

/// Reads and validates every input (files, or directories searched recursively for .csv, .tab,
/// .txt and .zip files). Never fails as a whole: unreadable inputs are listed in the result.
pub fn prepare(dataset: Dataset, inputs: &[PathBuf]) -> Result<Prepared, StoreError> {
    let normalised = tempfile::Builder::new()
        .prefix("entente-import-")
        .suffix(".tsv")
        .tempfile()
        .map_err(|e| StoreError::io(std::env::temp_dir(), e))?;
    let writer = NormalisedWriter::new(
        normalised
            .reopen()
            .map_err(|e| StoreError::io(normalised.path(), e))?,
    );
    let mut state = PrepareState {
        writer,
        seen: HashSet::new(),
        duplicates: 0,
        malformed: Vec::new(),
    };
    let mut unreadable = Vec::new();
    for file in expand_inputs(inputs, &mut unreadable) {
        if let Err(e) = read_file(dataset, &file, &mut state) {
            unreadable.push(e);
        }
    }
    let rows = state
        .writer
        .finish()
        .map_err(|e| StoreError::io(normalised.path(), e))?;
    Ok(Prepared {
        dataset,
        normalised,
        rows,
        duplicates: state.duplicates,
        malformed: state.malformed,
        unreadable,
    })
}

struct PrepareState {
    writer: NormalisedWriter,
    seen: HashSet<u64>,
    duplicates: u64,
    malformed: Vec<Malformed>,
}

impl PrepareState {
    /// Parses one source's lines with `parse_line`, which validates and writes a row.
    fn read_lines(
        &mut self,
        name: &str,
        reader: &mut dyn BufRead,
        mut parse_line: impl FnMut(&str, u64, &mut Self) -> Result<(), String>,
    ) -> std::io::Result<()> {
        let mut buffer = Vec::with_capacity(4096);
        let mut line_number = 0;
        loop {
            buffer.clear();
            if reader.read_until(b'\n', &mut buffer)? == 0 {
                return Ok(());
            }
            line_number += 1;
            let bytes = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.is_empty() {
                continue;
            }
            let outcome = match std::str::from_utf8(bytes) {
                Ok(line) => parse_line(line, line_number, self),
                Err(_) => parse_line(&String::from_utf8_lossy(bytes), line_number, self),
            };
            if let Err(reason) = outcome {
                self.malformed.push(Malformed {
                    file: name.to_string(),
                    line: line_number,
                    reason,
                });
            }
        }
    }

    /// Records an event id; false when the input already had it.
    fn first_time(&mut self, id: u64) -> bool {
        let fresh = self.seen.insert(id);
        if !fresh {
            self.duplicates += 1;
        }
        fresh
    }
}

fn read_file(dataset: Dataset, path: &Path, state: &mut PrepareState) -> Result<(), StoreError> {
    let file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let is_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !is_zip {
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        return read_source(dataset, &path.display().to_string(), &mut reader, state)
            .map_err(|e| StoreError::io(path, e));
    }
    let mut archive = zip::ZipArchive::new(file).map_err(|e| StoreError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    for index in 0..archive.len() {
        let member = archive.by_index(index).map_err(|e| StoreError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if member.is_dir() {
            continue;
        }
        let name = format!("{}!{}", path.display(), member.name());
        let mut reader = std::io::BufReader::with_capacity(1 << 20, member);
        read_source(dataset, &name, &mut reader, state).map_err(|e| StoreError::io(path, e))?;
    }
    Ok(())
}

fn read_source(
    dataset: Dataset,
    name: &str,
    reader: &mut dyn BufRead,
    state: &mut PrepareState,
) -> std::io::Result<()> {
    match dataset {
        Dataset::Gdelt => gdelt::read(name, reader, state),
        Dataset::Icews => icews::read(name, reader, state),
    }
}

/// Files named directly, then each directory's data files in sorted order.
fn expand_inputs(inputs: &[PathBuf], unreadable: &mut Vec<StoreError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            collect_dir(input, &mut files, unreadable);
        } else {
            files.push(input.clone());
        }
    }
    files
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<StoreError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return unreadable.push(StoreError::io(dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(&path, files, unreadable);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["csv", "tab", "tsv", "txt", "zip"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            files.push(path);
        }
    }
}

impl Store {
    /// Loads prepared rows in one transaction; rows whose (origin, id) is already stored are skipped.
    pub fn load(&mut self, prepared: &Prepared) -> Result<ImportSummary, StoreError> {
        self.conn.execute_batch("BEGIN TRANSACTION")?;
        match normalised::load(
            &self.conn,
            prepared.dataset.origin(),
            prepared.normalised.path(),
        ) {
            Ok(inserted) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(ImportSummary {
                    inserted,
                    already_known: prepared.rows - inserted,
                })
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}
