//! Importing GDELT and ICEWS event files into the same event model as coded text.
//!
//! Import runs in two steps so the store is open for writing only briefly: [`prepare`] reads and
//! validates every line in Rust on every core (no database open), reporting malformed rows as
//! `file:line: reason`, and keeps the valid ones in memory sorted by dyad; [`crate::Store::load`]
//! then has DuckDB read them from memory in one transaction, skipping events already stored
//! (identity is origin + the dataset's own event id, so importing twice adds nothing).

pub(crate) use entente_queries::countries;
mod feed;
mod gdelt;
mod icews;
mod parallel;
mod rows;

use crate::{Store, StoreError};
pub(crate) use feed::Feed;
use foldhash::fast::FixedState;
use parallel::{parse_lines, LineParser};
use rows::{ImportNames, Sorted, Sorter};
use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, Read};
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
    /// The rows, sorted by dyad.
    sorted: Sorted,
    /// The strings the rows name (actors and their dyad keys, URLs, outlets, CAMEO codes).
    names: ImportNames,
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

/// How far [`prepare_with_progress`] has got: input bytes read so far and in all (zip members count
/// uncompressed; 0 in all when the sizes cannot be told), and valid rows kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrepareProgress {
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

/// Reads and validates every input (files, or directories searched recursively for .csv, .tab,
/// .txt and .zip files). Never fails as a whole: unreadable inputs are listed in the result.
pub fn prepare(dataset: Dataset, inputs: &[PathBuf]) -> Result<Prepared, StoreError> {
    prepare_with_progress(dataset, inputs, &mut |_| {})
}

/// [`prepare`], telling `on_progress` after each block of input; lines are validated on every core.
pub fn prepare_with_progress(
    dataset: Dataset,
    inputs: &[PathBuf],
    on_progress: &mut dyn FnMut(PrepareProgress),
) -> Result<Prepared, StoreError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut state = PrepareState {
        sorter: Sorter::new(),
        seen: SeenIds::default(),
        duplicates: 0,
        malformed: Vec::new(),
        bytes_read: 0,
        bytes_total: 0,
        threads,
        on_progress,
    };
    let mut unreadable = Vec::new();
    let files = expand_inputs(inputs, &mut unreadable);
    state.bytes_total = files.iter().map(|file| input_bytes(file)).sum();
    for file in files {
        if let Err(e) = read_file(dataset, &file, &mut state) {
            unreadable.push(e);
        }
    }
    let (sorted, names, rows) = state
        .sorter
        .finish()
        .map_err(|e| StoreError::io(std::env::temp_dir(), e))?;
    Ok(Prepared {
        dataset,
        sorted,
        names,
        rows,
        duplicates: state.duplicates,
        malformed: state.malformed,
        unreadable,
    })
}

/// The bytes [`prepare`] will read from one input file (zip members uncompressed; 0 when it cannot
/// tell).
fn input_bytes(path: &Path) -> u64 {
    let zip_members = |path: &Path| -> Option<u64> {
        let archive = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
        Some(archive.decompressed_size()?.try_into().unwrap_or(u64::MAX))
    };
    if is_zip(path) {
        zip_members(path).unwrap_or(0)
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

struct PrepareState<'p> {
    sorter: Sorter,
    seen: SeenIds,
    duplicates: u64,
    malformed: Vec<Malformed>,
    bytes_read: u64,
    /// What all inputs hold ([`input_bytes`]).
    bytes_total: u64,
    threads: usize,
    on_progress: &'p mut dyn FnMut(PrepareProgress),
}

impl PrepareState<'_> {
    /// Validates every line of one source with `parse_line`, keeping the rows whose event id is new;
    /// `first_line` is the number of the reader's first line (2 after a header).
    fn read_lines(
        &mut self,
        name: &str,
        reader: &mut dyn Read,
        first_line: u64,
        parse_line: &LineParser<'_>,
    ) -> std::io::Result<()> {
        let mut lines_before = first_line - 1;
        parse_lines(reader, parse_line, self.threads, |block| {
            self.malformed
                .extend(block.malformed.into_iter().map(|(line, reason)| Malformed {
                    file: name.to_string(),
                    line: lines_before + line,
                    reason,
                }));
            lines_before += block.lines;
            let (seen, duplicates) = (&mut self.seen, &mut self.duplicates);
            self.sorter.add(block.rows, |id| {
                let fresh = seen.insert(id);
                *duplicates += u64::from(!fresh);
                fresh
            });
            self.bytes_read += block.bytes;
            self.sorter.expect_rows(self.bytes_read, self.bytes_total);
            (self.on_progress)(PrepareProgress {
                bytes_read: self.bytes_read,
                bytes_total: self.bytes_total,
                rows: self.sorter.rows(),
            });
        })
    }

    fn malformed(&mut self, name: &str, line: u64, reason: String) {
        self.malformed.push(Malformed {
            file: name.to_string(),
            line,
            reason,
        });
    }
}

/// Event ids seen so far in the input. Exports list ids in increasing order, mostly one after
/// another, and while they keep increasing the stretches of consecutive ids are all it takes; the
/// first id out of order moves them into a hash set.
enum SeenIds {
    /// First and last id of each stretch, in order.
    Increasing(Vec<(u64, u64)>),
    Any(HashSet<u64, FixedState>),
}

impl Default for SeenIds {
    fn default() -> Self {
        SeenIds::Increasing(Vec::new())
    }
}

impl SeenIds {
    /// Records `id`; false when it was already seen.
    fn insert(&mut self, id: u64) -> bool {
        match self {
            SeenIds::Increasing(stretches) => {
                if stretches.last().is_none_or(|&(_, last)| last < id) {
                    match stretches.last_mut() {
                        Some((_, last)) if *last + 1 == id => *last = id,
                        _ => stretches.push((id, id)),
                    }
                    return true;
                }
                let after = stretches.partition_point(|&(first, _)| first <= id);
                if after > 0 && id <= stretches[after - 1].1 {
                    return false;
                }
                let mut set: HashSet<u64, FixedState> = stretches
                    .drain(..)
                    .flat_map(|(first, last)| first..=last)
                    .collect();
                set.insert(id);
                *self = SeenIds::Any(set);
                true
            }
            SeenIds::Any(set) => set.insert(id),
        }
    }
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn read_file(
    dataset: Dataset,
    path: &Path,
    state: &mut PrepareState<'_>,
) -> Result<(), StoreError> {
    let file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    if !is_zip(path) {
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
    state: &mut PrepareState<'_>,
) -> std::io::Result<()> {
    match dataset {
        Dataset::Gdelt => gdelt::read(name, &mut &mut *reader, state),
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
    /// A prepared import can be loaded again (into this store or another).
    pub fn load(&mut self, prepared: &Prepared) -> Result<ImportSummary, StoreError> {
        let feed = match &self.import_feed {
            Some(feed) => feed.clone(),
            None => {
                let feed = Feed::register(&self.conn)?;
                self.import_feed = Some(feed.clone());
                feed
            }
        };
        let (start, total) = (feed.delivered(), prepared.rows.max(1));
        let progress = || Some((feed.delivered() - start) as f64 * 100.0 / total as f64);
        self.conn.execute_batch("BEGIN TRANSACTION")?;
        let loaded = self.watched_by(progress, || {
            feed::load(
                &self.conn,
                &feed,
                prepared.dataset.origin(),
                &prepared.sorted,
                &prepared.names,
            )
        });
        feed.clear();
        match loaded {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_ids_find_repeats_in_and_out_of_order() {
        let mut seen = SeenIds::default();
        let fresh: Vec<bool> = [1, 2, 3, 5, 9, 10, 2, 5, 4, 4, 11, 1, 10]
            .into_iter()
            .map(|id| seen.insert(id))
            .collect();
        let expected = [
            true, true, true, true, true, true, false, false, true, false, true, false, false,
        ];
        assert_eq!(fresh, expected);
    }
}
