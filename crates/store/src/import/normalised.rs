//! The normalised interchange file between validation and bulk load: tab-separated, no quoting,
//! one validated event per line, empty field = NULL. Its columns are [`COLUMNS`].

use crate::export::quote;
use crate::StoreError;
use duckdb::Connection;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
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

pub(crate) struct NormalisedWriter {
    out: BufWriter<File>,
    rows: u64,
    failed: Option<std::io::Error>,
}

impl NormalisedWriter {
    pub fn new(file: File) -> Self {
        Self {
            out: BufWriter::with_capacity(1 << 20, file),
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
        let result = writeln!(
            self.out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.rows,
            r.external_id,
            r.date,
            r.source_code,
            r.source_country,
            r.source_name,
            r.target_code,
            r.target_country,
            r.target_name,
            r.cameo,
            r.quad_class,
            r.goldstein,
            r.num_reports,
            r.num_sources,
            r.num_mentions,
            r.num_articles,
            r.avg_tone,
            r.outlet,
            r.url
        );
        if let Err(e) = result {
            self.failed = Some(e);
        }
    }

    /// Flushes and returns the number of rows written.
    pub fn finish(mut self) -> std::io::Result<u64> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.rows)
    }
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
                t.num_reports, t.num_sources, t.num_mentions, t.num_articles, t.avg_tone, t.outlet, t.url, NULL, NULL
         FROM read_csv({file}, delim = '\t', header = false, quote = '', escape = '', nullstr = '',
                       auto_detect = false, columns = {{{columns}}}) t
         WHERE NOT EXISTS (SELECT 1 FROM event_store e WHERE e.origin = {origin} AND e.external_id = t.external_id)",
        origin = quote(origin),
        file = quote(file),
    );
    Ok(conn.execute(&sql, [])? as u64)
}
