//! The normalised interchange file between validation and bulk load: tab-separated, no quoting,
//! one validated event per line, empty field = NULL, sorted by dyad key. Its columns are [`COLUMNS`].

use crate::export::quote;
use crate::StoreError;
use duckdb::Connection;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
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

/// Rows held in memory before a sorted run is spilled to disk: bounds memory (a few hundred MB)
/// while keeping the number of runs to merge small.
const RUN_ROWS: usize = 1 << 20;

/// Writes validated rows to the normalised file sorted by dyad key (source key, target key, date),
/// so that a dyad's events sit together in the store and DuckDB's zone maps skip everything else.
/// Rows are sorted in runs of [`RUN_ROWS`] and the runs merged; ties keep input order.
pub(crate) struct NormalisedWriter {
    out: File,
    run_rows: usize,
    run: Run,
    spilled: Vec<File>,
    rows: u64,
    failed: Option<std::io::Error>,
}

/// Rows in memory, each stored as `key \t line \n` in one buffer.
#[derive(Default)]
struct Run {
    bytes: Vec<u8>,
    /// (start, end of key, end) of each row in `bytes`.
    rows: Vec<(usize, usize, usize)>,
}

impl NormalisedWriter {
    pub fn new(file: File) -> Self {
        Self::with_run_rows(file, RUN_ROWS)
    }

    fn with_run_rows(file: File, run_rows: usize) -> Self {
        Self {
            out: file,
            run_rows,
            run: Run::default(),
            spilled: Vec::new(),
            rows: 0,
            failed: None,
        }
    }

    pub fn write(&mut self, row: &EventRow<'_>) {
        if self.failed.is_some() {
            return;
        }
        self.rows += 1;
        let r = row;
        let b = &mut self.run.bytes;
        let start = b.len();
        b.extend_from_slice(key_of(&r.source_country, &r.source_code).as_bytes());
        b.push(KEY_SEPARATOR);
        b.extend_from_slice(key_of(&r.target_country, &r.target_code).as_bytes());
        b.push(KEY_SEPARATOR);
        b.extend_from_slice(r.date.as_bytes());
        let key_end = b.len();
        b.push(b'\t');
        push_number(b, self.rows);
        b.push(b'\t');
        push_number(b, r.external_id);
        for field in [
            r.date.as_str(),
            &r.source_code,
            &r.source_country,
            r.source_name,
            &r.target_code,
            &r.target_country,
            r.target_name,
            r.cameo,
        ] {
            b.push(b'\t');
            b.extend_from_slice(field.as_bytes());
        }
        b.push(b'\t');
        push_number(b, u64::from(r.quad_class));
        for field in [
            r.goldstein,
            r.num_reports,
            r.num_sources,
            r.num_mentions,
            r.num_articles,
            r.avg_tone,
            r.outlet,
            r.url,
        ] {
            b.push(b'\t');
            b.extend_from_slice(field.as_bytes());
        }
        b.push(b'\n');
        self.run.rows.push((start, key_end, b.len()));
        if self.run.rows.len() >= self.run_rows {
            if let Err(e) = self.spill() {
                self.failed = Some(e);
            }
        }
    }

    /// Sorts the rows in memory and writes them to a new run file.
    fn spill(&mut self) -> std::io::Result<()> {
        let run = std::mem::take(&mut self.run);
        let bytes = &run.bytes;
        let mut order = run.rows;
        order.sort_by(|a, b| bytes[a.0..a.1].cmp(&bytes[b.0..b.1]));
        let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
        for (start, _, end) in order {
            file.write_all(&bytes[start..end])?;
        }
        let file = file.into_inner().map_err(|e| e.into_error())?;
        self.spilled.push(file);
        Ok(())
    }

    /// Merges the sorted runs into the normalised file and returns the number of rows written.
    pub fn finish(mut self) -> std::io::Result<u64> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.spill()?;
        let mut runs = self
            .spilled
            .into_iter()
            .map(|mut file| {
                file.seek(SeekFrom::Start(0))?;
                Ok(BufReader::with_capacity(1 << 20, file))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        let mut heads: Vec<Vec<u8>> = vec![Vec::new(); runs.len()];
        for (run, head) in runs.iter_mut().zip(&mut heads) {
            run.read_until(b'\n', head)?;
        }
        let mut out = BufWriter::with_capacity(1 << 20, &self.out);
        // Few runs, so a linear scan for the smallest key beats a heap; the first run wins ties.
        while let Some(next) = (0..heads.len())
            .filter(|&i| !heads[i].is_empty())
            .min_by(|&a, &b| row_key(&heads[a]).cmp(row_key(&heads[b])).then(a.cmp(&b)))
        {
            let head = &mut heads[next];
            out.write_all(&head[row_key(head).len() + 1..])?;
            head.clear();
            runs[next].read_until(b'\n', head)?;
        }
        out.flush()?;
        Ok(self.rows)
    }
}

/// Separates the parts of a row's sort key; sorts before every printable byte, so "USA" comes
/// before "USAGOV".
const KEY_SEPARATOR: u8 = 0x1f;

/// The dyad key of one side, as the store computes `source_key`: its country, else its code.
fn key_of<'a>(country: &'a str, code: &'a str) -> &'a str {
    if country.is_empty() {
        code
    } else {
        country
    }
}

/// The sort key at the start of a spilled row (everything before the first tab).
fn row_key(row: &[u8]) -> &[u8] {
    let end = row.iter().position(|&b| b == b'\t').unwrap_or(row.len());
    &row[..end]
}

fn push_number(buffer: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buffer.extend_from_slice(&digits[i..]);
}

/// Inserts the file's events not yet stored for `origin`; returns how many were inserted.
pub(crate) fn load(conn: &Connection, origin: &str, path: &Path) -> Result<u64, StoreError> {
    let file = path.to_str().ok_or_else(|| {
        StoreError::Invalid(format!("{}: temp path is not UTF-8", path.display()))
    })?;
    let columns = COLUMNS
        .iter()
        .map(|(n, t)| format!("{}: {}", quote(n), quote(t)))
        .collect::<Vec<_>>()
        .join(", ");
    let base: i64 = conn.query_row(
        "SELECT coalesce(max(event_id), 0) FROM event_store",
        [],
        |r| r.get(0),
    )?;
    let sql = format!(
        "INSERT INTO event_store
         SELECT {base} + t.seq, {origin}, t.external_id, t.date, 'day',
                t.source_code, t.source_country, t.source_name, t.target_code, t.target_country, t.target_name,
                t.cameo, substr(t.cameo, 1, 2), t.quad_class, t.goldstein, NULL, 'actual',
                t.num_reports, t.num_sources, t.num_mentions, t.num_articles, t.avg_tone, t.outlet, t.url, NULL, NULL,
                coalesce(t.source_country, t.source_code), coalesce(t.target_country, t.target_code)
         FROM read_csv({file}, delim = '\t', header = false, quote = '', escape = '', nullstr = '',
                       auto_detect = false, columns = {{{columns}}}) t
         WHERE NOT EXISTS (SELECT 1 FROM event_store e WHERE e.origin = {origin} AND e.external_id = t.external_id)",
        origin = quote(origin),
        file = quote(file),
    );
    Ok(conn.execute(&sql, [])? as u64)
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

    #[test]
    fn rows_come_out_sorted_by_dyad_then_date_with_ties_in_input_order() {
        let file = tempfile::tempfile().unwrap();
        let mut writer = NormalisedWriter::with_run_rows(file.try_clone().unwrap(), 2);
        for r in [
            row(1, "USA", "CHN", "2019-01-02"),
            row(2, "AZE", "ISR", "2024-06-02"),
            row(3, "USA", "CHN", "2019-01-01"),
            row(4, "", "ISR", "2024-01-01"),
            row(5, "AZE", "ISR", "2024-06-02"),
        ] {
            writer.write(&r);
        }
        assert_eq!(writer.finish().unwrap(), 5);
        let mut text = String::new();
        (&file).seek(SeekFrom::Start(0)).unwrap();
        (&file).read_to_string(&mut text).unwrap();
        let ids: Vec<(&str, &str)> = text
            .lines()
            .map(|l| {
                let mut f = l.split('\t');
                (f.next().unwrap(), f.next().unwrap())
            })
            .collect();
        // (seq, external id): the row without a source first, then AZE's two (input order), USA's by date.
        assert_eq!(
            ids,
            [("4", "4"), ("2", "2"), ("5", "5"), ("3", "3"), ("1", "1")]
        );
        assert!(text.lines().all(|l| l.split('\t').count() == COLUMNS.len()));
    }
}
