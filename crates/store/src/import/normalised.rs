//! The normalised interchange file between validation and bulk load: tab-separated, no quoting,
//! one validated event per line, empty field = NULL, sorted by dyad key. Its columns are [`COLUMNS`].

use crate::export::quote;
use crate::volume::add_volume_rows;
use crate::StoreError;
use duckdb::Connection;
use foldhash::fast::FixedState;
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Column names and DuckDB types, in file order.
const COLUMNS: &[(&str, &str)] = &[
    ("seq", "BIGINT"),
    ("external_id", "VARCHAR"),
    ("date", "DATE"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_name", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_name", "VARCHAR"),
    ("cameo", "VARCHAR"),
    ("quad_class", "TINYINT"),
    ("goldstein", "DOUBLE"),
    ("num_reports", "INTEGER"),
    ("num_sources", "INTEGER"),
    ("num_mentions", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("avg_tone", "DOUBLE"),
    ("outlet", "VARCHAR"),
    ("url", "VARCHAR"),
];

/// One validated event. Numbers stay as the validated text the dataset gave.
#[derive(Debug, Default)]
pub(crate) struct EventRow<'a> {
    pub external_id: u64,
    /// ISO date, YYYY-MM-DD.
    pub date: String,
    pub source_code: Cow<'a, str>,
    pub source_country: Cow<'a, str>,
    pub source_name: &'a str,
    pub target_code: Cow<'a, str>,
    pub target_country: Cow<'a, str>,
    pub target_name: &'a str,
    pub cameo: &'a str,
    pub quad_class: u8,
    pub goldstein: &'a str,
    pub num_reports: &'a str,
    pub num_sources: &'a str,
    pub num_mentions: &'a str,
    pub num_articles: &'a str,
    pub avg_tone: &'a str,
    pub outlet: &'a str,
    pub url: &'a str,
}

/// Rows formatted by one parsing thread: each row's line (every column but `seq`, which is only
/// known once duplicates are dropped in input order) and its sort key, in input order.
#[derive(Default)]
pub(crate) struct RowBlock {
    bytes: Vec<u8>,
    rows: Vec<FormattedRow>,
}

struct FormattedRow {
    external_id: u64,
    /// Byte ranges in [`RowBlock::bytes`] of the source key, target key and line.
    source_key: (u32, u32),
    target_key: (u32, u32),
    line: (u32, u32),
    /// YYYYMMDD as a number, which sorts as the date does.
    date: u32,
}

impl RowBlock {
    /// A block for rows formatted from about `input_bytes` of input (formatted rows are smaller).
    pub fn with_capacity(input_bytes: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(input_bytes / 2),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: &EventRow<'_>) {
        let b = &mut self.bytes;
        let mark = |b: &Vec<u8>| b.len() as u32;
        let source_start = mark(b);
        b.extend_from_slice(key_of(&row.source_country, &row.source_code).as_bytes());
        let target_start = mark(b);
        b.extend_from_slice(key_of(&row.target_country, &row.target_code).as_bytes());
        let line_start = mark(b);
        push_number(b, row.external_id);
        for field in [
            row.date.as_str(),
            &row.source_code,
            &row.source_country,
            row.source_name,
            &row.target_code,
            &row.target_country,
            row.target_name,
            row.cameo,
        ] {
            b.push(b'\t');
            b.extend_from_slice(field.as_bytes());
        }
        b.push(b'\t');
        push_number(b, u64::from(row.quad_class));
        for field in [
            row.goldstein,
            row.num_reports,
            row.num_sources,
            row.num_mentions,
            row.num_articles,
            row.avg_tone,
            row.outlet,
            row.url,
        ] {
            b.push(b'\t');
            b.extend_from_slice(field.as_bytes());
        }
        let date = row
            .date
            .bytes()
            .filter(u8::is_ascii_digit)
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        self.rows.push(FormattedRow {
            external_id: row.external_id,
            source_key: (source_start, target_start),
            target_key: (target_start, line_start),
            line: (line_start, mark(b)),
            date,
        });
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// Formatted bytes held in memory before a sorted run is spilled to disk. It bounds memory; below
/// it (about 13 million GDELT rows) input is sorted in memory and written once, which matters
/// because writing files costs more than anything else in preparing an import.
const RUN_BYTES: usize = 3 << 30;

/// Writes validated rows to the normalised file sorted by dyad key (source key, target key, date),
/// so that a dyad's events sit together in the store and DuckDB's zone maps skip everything else.
///
/// Keys are interned to numbers as rows arrive, so sorting compares integers: a run of
/// [`RUN_BYTES`] is sorted by the keys' ranks among the keys seen so far (adding keys never
/// reorders the old ones, so every run stays sorted under the final ranks) and spilled; the runs
/// are then merged. Ties keep input order. Input that fits one run is written without spilling.
pub(crate) struct NormalisedWriter {
    run_bytes: usize,
    run: Run,
    keys: KeyInterner,
    spilled: Vec<File>,
    rows: u64,
    failed: Option<std::io::Error>,
}

/// Rows in memory: the blocks they were formatted in, and where each row sits.
#[derive(Default)]
struct Run {
    blocks: Vec<Vec<u8>>,
    bytes: usize,
    rows: Vec<RunRow>,
}

struct RunRow {
    key: RowKey,
    /// Which of the run's blocks holds the line, and where.
    block: u32,
    line: (u32, u32),
}

/// What a row is sorted by: interned dyad keys, date, and `seq` (input order).
struct RowKey {
    source: u32,
    target: u32,
    date: u32,
    seq: u64,
}

/// Dyad-side keys as dense numbers, in order of first appearance.
#[derive(Default)]
struct KeyInterner {
    ids: HashMap<Vec<u8>, u32, FixedState>,
    keys: Vec<Vec<u8>>,
}

impl KeyInterner {
    fn id(&mut self, key: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.to_vec(), id);
        self.keys.push(key.to_vec());
        id
    }

    /// Each id's position in byte order of the keys seen so far.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.keys[a as usize].cmp(&self.keys[b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in order.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }
}

/// The order rows are written in: dyad key ranks, date, then input order.
fn sort_key(ranks: &[u32], key: &RowKey) -> (u32, u32, u32, u64) {
    (
        ranks[key.source as usize],
        ranks[key.target as usize],
        key.date,
        key.seq,
    )
}

impl NormalisedWriter {
    pub fn new() -> Self {
        Self::with_run_bytes(RUN_BYTES)
    }

    fn with_run_bytes(run_bytes: usize) -> Self {
        Self {
            run_bytes,
            run: Run::default(),
            keys: KeyInterner::default(),
            spilled: Vec::new(),
            rows: 0,
            failed: None,
        }
    }

    /// Rows kept so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Adds the block's rows whose external id `keep` accepts, in order; each gets the next `seq`.
    pub fn add(&mut self, block: RowBlock, mut keep: impl FnMut(u64) -> bool) {
        if self.failed.is_some() {
            return;
        }
        let index = self.run.blocks.len() as u32;
        for row in &block.rows {
            if !keep(row.external_id) {
                continue;
            }
            self.rows += 1;
            let key = |range: (u32, u32)| &block.bytes[range.0 as usize..range.1 as usize];
            let source = self.keys.id(key(row.source_key));
            let target = self.keys.id(key(row.target_key));
            self.run.rows.push(RunRow {
                key: RowKey {
                    source,
                    target,
                    date: row.date,
                    seq: self.rows,
                },
                block: index,
                line: row.line,
            });
        }
        self.run.bytes += block.bytes.len();
        self.run.blocks.push(block.bytes);
        if self.run.bytes >= self.run_bytes {
            if let Err(e) = self.spill() {
                self.failed = Some(e);
            }
        }
    }

    /// Sorts the rows in memory and writes them, each with its sort key, to a new run file.
    fn spill(&mut self) -> std::io::Result<()> {
        let run = self.sorted_run();
        let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
        for row in &run.rows {
            let (key, line) = (&row.key, run.line(row));
            for field in [key.source, key.target, key.date, line.len() as u32] {
                file.write_all(&field.to_le_bytes())?;
            }
            file.write_all(&key.seq.to_le_bytes())?;
            file.write_all(line)?;
        }
        let file = file.into_inner().map_err(|e| e.into_error())?;
        self.spilled.push(file);
        Ok(())
    }

    fn sorted_run(&mut self) -> Run {
        let mut run = std::mem::take(&mut self.run);
        let ranks = self.keys.ranks();
        run.rows
            .sort_unstable_by_key(|row| sort_key(&ranks, &row.key));
        run
    }

    /// Writes every row, in order, to `parts` (one or more files, to be read in order) and returns
    /// the number of rows and of parts used. Rows sorted in memory are cut into one contiguous
    /// piece per part and written in parallel: writing is most of the time left after parsing.
    pub fn finish(mut self, parts: &[File]) -> std::io::Result<Finished> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let Some(first) = parts.first() else {
            return Err(std::io::Error::other("no file to write the rows to"));
        };
        if !self.spilled.is_empty() {
            if !self.run.rows.is_empty() {
                self.spill()?;
            }
            let ranks = self.keys.ranks();
            let mut out = BufWriter::with_capacity(1 << 20, first);
            merge_runs(&mut out, self.spilled, &ranks)?;
            out.flush()?;
            return Ok(Finished {
                rows: self.rows,
                parts: 1,
            });
        }
        let run = self.sorted_run();
        let per_part = run.rows.len().div_ceil(parts.len()).max(1);
        let pieces: Vec<&[RunRow]> = run.rows.chunks(per_part).collect();
        std::thread::scope(|scope| {
            let writers: Vec<_> = pieces
                .iter()
                .zip(parts)
                .map(|(piece, part)| scope.spawn(|| write_rows(&run, piece, part)))
                .collect();
            writers.into_iter().try_for_each(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("writer panicked")))
            })
        })?;
        Ok(Finished {
            rows: self.rows,
            parts: pieces.len().max(1),
        })
    }
}

/// What [`NormalisedWriter::finish`] wrote: rows, and how many of the parts hold them.
pub(crate) struct Finished {
    pub rows: u64,
    pub parts: usize,
}

fn write_rows(run: &Run, rows: &[RunRow], part: &File) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, part);
    for row in rows {
        write_row(&mut out, row.key.seq, run.line(row))?;
    }
    out.flush()
}

impl Run {
    fn line(&self, row: &RunRow) -> &[u8] {
        &self.blocks[row.block as usize][row.line.0 as usize..row.line.1 as usize]
    }
}

/// One row of the normalised file: `seq`, a tab, the formatted line, a newline.
fn write_row(out: &mut impl Write, seq: u64, line: &[u8]) -> std::io::Result<()> {
    out.write_all(decimal(seq, &mut [0; 20]))?;
    out.write_all(b"\t")?;
    out.write_all(line)?;
    out.write_all(b"\n")
}

/// Reads the next spilled row's key and its line into `line`; None at the end of the run.
fn read_spilled(run: &mut impl Read, line: &mut Vec<u8>) -> std::io::Result<Option<RowKey>> {
    let mut header = [0u8; 24];
    match run.read_exact(&mut header) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let word =
        |i: usize| u32::from_le_bytes(header[i * 4..i * 4 + 4].try_into().unwrap_or_default());
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&header[16..24]);
    line.resize(word(3) as usize, 0);
    run.read_exact(line)?;
    Ok(Some(RowKey {
        source: word(0),
        target: word(1),
        date: word(2),
        seq: u64::from_le_bytes(seq),
    }))
}

/// Merges sorted runs by their final key ranks (a heap of each run's next row).
fn merge_runs(out: &mut impl Write, runs: Vec<File>, ranks: &[u32]) -> std::io::Result<()> {
    let mut readers = runs
        .into_iter()
        .map(|mut file| {
            file.seek(SeekFrom::Start(0))?;
            Ok(BufReader::with_capacity(1 << 20, file))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut lines = vec![Vec::new(); readers.len()];
    let mut heap = BinaryHeap::new();
    for (index, reader) in readers.iter_mut().enumerate() {
        if let Some(key) = read_spilled(reader, &mut lines[index])? {
            heap.push(Reverse((sort_key(ranks, &key), index)));
        }
    }
    while let Some(Reverse(((_, _, _, seq), index))) = heap.pop() {
        write_row(out, seq, &lines[index])?;
        if let Some(key) = read_spilled(&mut readers[index], &mut lines[index])? {
            heap.push(Reverse((sort_key(ranks, &key), index)));
        }
    }
    Ok(())
}

/// The dyad key of one side, as the store computes `source_key`: its country, else its code.
fn key_of<'a>(country: &'a str, code: &'a str) -> &'a str {
    if country.is_empty() {
        code
    } else {
        country
    }
}

fn push_number(buffer: &mut Vec<u8>, n: u64) {
    buffer.extend_from_slice(decimal(n, &mut [0; 20]));
}

/// `n` in decimal, written to the end of `digits` (no allocation: this runs for every row).
fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &digits[i..]
}

/// Inserts the events in `parts` (normalised files, read in order) not yet stored for `origin`;
/// returns how many were inserted.
pub(crate) fn load(conn: &Connection, origin: &str, parts: &[&Path]) -> Result<u64, StoreError> {
    let files = parts
        .iter()
        .map(|path| {
            path.to_str().map(quote).ok_or_else(|| {
                StoreError::Invalid(format!("{}: temp path is not UTF-8", path.display()))
            })
        })
        .collect::<Result<Vec<_>, _>>()?
        .join(", ");
    let columns = COLUMNS
        .iter()
        .map(|(n, t)| format!("{}: {}", quote(n), quote(t)))
        .collect::<Vec<_>>()
        .join(", ");
    let (base, known): (i64, bool) = conn.query_row(
        &format!(
            "SELECT coalesce(max(event_id), 0), bool_or(origin = {}) IS TRUE FROM event_store",
            quote(origin)
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The anti-join against stored ids is a hash join over every stored event: skip it when
    // nothing from this dataset is stored yet.
    let not_yet_stored = if known {
        format!(
            "WHERE NOT EXISTS (SELECT 1 FROM event_store e WHERE e.origin = {} AND e.external_id = t.external_id)",
            quote(origin)
        )
    } else {
        String::new()
    };
    let sql = format!(
        "INSERT INTO event_store
         SELECT {base} + t.seq, {origin}, t.external_id, t.date, 'day',
                t.source_code, t.source_country, t.source_name, t.target_code, t.target_country, t.target_name,
                t.cameo, substr(t.cameo, 1, 2), t.quad_class, t.goldstein, NULL, 'actual',
                t.num_reports, t.num_sources, t.num_mentions, t.num_articles, t.avg_tone, t.outlet, t.url, NULL, NULL,
                coalesce(t.source_country, t.source_code), coalesce(t.target_country, t.target_code)
         FROM read_csv([{files}], delim = '\t', header = false, quote = '', escape = '', nullstr = '',
                       auto_detect = false, columns = {{{columns}}}) t
         {not_yet_stored}",
        origin = quote(origin),
    );
    let inserted = conn.execute(&sql, [])? as u64;
    conn.execute(add_volume_rows!("", "event_id > ?"), [base, base])?;
    Ok(inserted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn row<'a>(id: u64, source: &'a str, target: &'a str, date: &str) -> EventRow<'a> {
        EventRow {
            external_id: id,
            date: date.to_string(),
            source_country: Cow::Borrowed(source),
            target_code: Cow::Borrowed(target),
            cameo: "042",
            quad_class: 1,
            ..EventRow::default()
        }
    }

    /// The (seq, external id) of each row the writer produces from one-row blocks, spilling a run
    /// once it holds `run_bytes`, written to three parts read back in order.
    fn written(
        rows: &[EventRow<'_>],
        run_bytes: usize,
        keep: impl Fn(u64) -> bool,
    ) -> Vec<(u64, u64)> {
        let parts: Vec<File> = (0..3).map(|_| tempfile::tempfile().unwrap()).collect();
        let mut writer = NormalisedWriter::with_run_bytes(run_bytes);
        for r in rows {
            let mut block = RowBlock::default();
            block.push(r);
            writer.add(block, &keep);
        }
        let finished = writer.finish(&parts).unwrap();
        let mut text = String::new();
        for mut part in &parts[..finished.parts] {
            part.seek(SeekFrom::Start(0)).unwrap();
            part.read_to_string(&mut text).unwrap();
        }
        assert!(text.lines().all(|l| l.split('\t').count() == COLUMNS.len()));
        let ids: Vec<(u64, u64)> = text
            .lines()
            .map(|l| {
                let mut f = l.split('\t').map(|n| n.parse().unwrap());
                (f.next().unwrap(), f.next().unwrap())
            })
            .collect();
        assert_eq!(ids.len() as u64, finished.rows);
        ids
    }

    #[test]
    fn rows_come_out_sorted_by_dyad_then_date_with_ties_in_input_order() {
        let rows = [
            row(1, "USA", "CHN", "2019-01-02"),
            row(2, "AZE", "ISR", "2024-06-02"),
            row(3, "USA", "CHN", "2019-01-01"),
            row(4, "", "ISR", "2024-01-01"),
            row(5, "AZE", "ISR", "2024-06-02"),
            row(6, "USAGOV", "", "2019-01-01"),
        ];
        // (seq, external id): the row without a source first (a key first seen in a later run),
        // then AZE's two in input order, USA's by date, and "USAGOV" after every "USA" row.
        let expected = [(4, 4), (2, 2), (5, 5), (3, 3), (1, 1), (6, 6)];
        // Each row is about 40 bytes: runs of two rows, then one run for all.
        assert_eq!(written(&rows, 80, |_| true), expected, "merged from runs");
        assert_eq!(
            written(&rows, 1000, |_| true),
            expected,
            "one run in memory"
        );
    }

    #[test]
    fn rejected_rows_take_no_seq() {
        let rows = [
            row(10, "USA", "CHN", "2019-01-02"),
            row(11, "AZE", "ISR", "2024-06-02"),
            row(12, "AZE", "ISR", "2024-06-01"),
        ];
        assert_eq!(written(&rows, 80, |id| id != 11), [(2, 12), (1, 10)]);
    }
}
