//! Exporting events: Parquet partitioned hive-style by period, or one Parquet, CSV or JSONL file.
//!
//! The Parquet files use only types every engine reads the same way (DATE, VARCHAR, DOUBLE,
//! INTEGER, BIGINT); the one partition column, `period`, lives in the directory names, as Spark,
//! Trino, DataFusion, pandas, polars and DuckDB expect. It is never null and keeps the date's
//! precision: `period=2024-06` holds events dated to that month or a day in it, `period=2023`
//! events dated only to the year, `period=undated` events without a date. (A null partition
//! value, which hive layouts write as `__HIVE_DEFAULT_PARTITION__`, makes pandas fail with
//! "Cannot yet unify dictionaries with nulls"; a fake month would put year-dated events in January.)

use crate::query::{duckdb_params, events_query, SqlBuilder, LISTING_COLUMNS};
use crate::table::{cell, write_json_object};
use crate::{EventFilter, Store, StoreError};
use duckdb::types::Value;
use entente_queries::Param;
use std::io::{BufWriter, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Parquet,
    /// One Parquet file with `period` as a column: what a browser downloads.
    ParquetFile,
    Csv,
    Jsonl,
    /// A GeoJSON FeatureCollection of the located events: a point each, the listing's columns as
    /// its properties.
    GeoJson,
}

/// Parquet columns: typed dates, plain integers.
const PARQUET_COLUMNS: &str = "event_id, origin, external_id, events.date AS date, date_precision,
    source_code, source_country, source_name, target_code, target_country, target_name,
    cameo, cameo_root, CAST(quad_class AS INTEGER) AS quad_class, goldstein, plover, modality,
    num_reports, num_sources, num_mentions, num_articles, avg_tone, outlet, url, doc, sentence_index, sentence,
    location_name, location_country, location_adm1, location_lat, location_lon, location_feature_id,
    location_precision, location_how,
    CASE WHEN location_precision = 'country' THEN 1
         WHEN location_precision = 'adm1' AND location_country = 'USA' THEN 2
         WHEN location_precision = 'city' AND location_country = 'USA' THEN 3
         WHEN location_precision = 'city' THEN 4
         WHEN location_precision = 'adm1' THEN 5 END AS ActionGeo_Type,
    location_name AS ActionGeo_FullName, location_country AS ActionGeo_CountryCode,
    location_adm1 AS ActionGeo_ADM1Code, location_lat AS ActionGeo_Lat,
    location_lon AS ActionGeo_Long, location_feature_id AS ActionGeo_FeatureID,
    CASE WHEN events.date IS NULL THEN 'undated'
         WHEN date_precision = 'year' THEN strftime(events.date, '%Y')
         ELSE strftime(events.date, '%Y-%m') END AS period";

/// CSV columns that hold codes, not numbers ("050", "04"): always quoted, and listed with their
/// types in docs/STORE.md so readers keep their leading zeros.
const CSV_TEXT_COLUMNS: &str = "external_id, source_code, source_country, target_code, \
    target_country, cameo, cameo_root";

impl Store {
    /// Writes the events matching `filter` to `out` (a directory for Parquet, a file otherwise)
    /// and returns how many were written. Refuses to overwrite anything.
    pub fn export(
        &self,
        filter: &EventFilter,
        format: ExportFormat,
        out: &Path,
    ) -> Result<u64, StoreError> {
        refuse_overwrite(out, format)?;
        self.watched(|| self.export_unwatched(filter, format, out))
    }

    fn export_unwatched(
        &self,
        filter: &EventFilter,
        format: ExportFormat,
        out: &Path,
    ) -> Result<u64, StoreError> {
        match format {
            ExportFormat::Parquet => {
                let query = events_query(filter, PARQUET_COLUMNS)?;
                self.copy_to(
                    &query,
                    out,
                    "FORMAT PARQUET, PARTITION_BY (period), OVERWRITE_OR_IGNORE true",
                )
            }
            ExportFormat::ParquetFile => self.copy_to(
                &events_query(filter, PARQUET_COLUMNS)?,
                out,
                "FORMAT PARQUET",
            ),
            ExportFormat::Csv => {
                let query = events_query(filter, LISTING_COLUMNS)?;
                self.copy_to(
                    &query,
                    out,
                    &format!("FORMAT CSV, HEADER true, FORCE_QUOTE ({CSV_TEXT_COLUMNS})"),
                )
            }
            ExportFormat::Jsonl => self.export_jsonl(&events_query(filter, LISTING_COLUMNS)?, out),
            ExportFormat::GeoJson => {
                let located = EventFilter {
                    near: filter.near.or(Some((0.0, 0.0, f64::MAX))),
                    ..filter.clone()
                };
                self.export_geojson(&events_query(&located, LISTING_COLUMNS)?, out)
            }
        }
    }

    /// DuckDB's COPY takes no parameters, so the query's values are inlined as escaped literals.
    fn copy_to(&self, query: &SqlBuilder, out: &Path, options: &str) -> Result<u64, StoreError> {
        let target = out
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{}: path is not UTF-8", out.display())))?;
        let sql = format!(
            "COPY ({}) TO {} ({options})",
            inlined(query)?,
            quote(target)
        );
        Ok(self.conn.execute(&sql, [])? as u64)
    }

    /// Streams rows to a file as JSON lines, never holding the whole result in memory.
    fn export_jsonl(&self, query: &SqlBuilder, out: &Path) -> Result<u64, StoreError> {
        let file = std::fs::File::create(out).map_err(|e| StoreError::io(out, e))?;
        let mut writer = BufWriter::new(file);
        let mut stmt = self.conn.prepare(query.text())?;
        let mut rows = stmt.query(duckdb::params_from_iter(duckdb_params(query)))?;
        let columns = rows.as_ref().map(|s| s.column_names()).unwrap_or_default();
        let mut written = 0;
        while let Some(row) = rows.next()? {
            let cells = (0..columns.len())
                .map(|i| row.get::<_, Value>(i).map(cell))
                .collect::<Result<Vec<_>, _>>()?;
            write_json_object(&mut writer, &columns, &cells).map_err(|e| StoreError::io(out, e))?;
            written += 1;
        }
        writer.flush().map_err(|e| StoreError::io(out, e))?;
        Ok(written)
    }
}

impl Store {
    /// Streams the located events to a file as one GeoJSON FeatureCollection (RFC 7946).
    fn export_geojson(&self, query: &SqlBuilder, out: &Path) -> Result<u64, StoreError> {
        let io = |e| StoreError::io(out, e);
        let file = std::fs::File::create(out).map_err(io)?;
        let mut writer = BufWriter::new(file);
        let mut stmt = self.conn.prepare(query.text())?;
        let mut rows = stmt.query(duckdb::params_from_iter(duckdb_params(query)))?;
        let columns = rows.as_ref().map(|s| s.column_names()).unwrap_or_default();
        let position = |name: &str| columns.iter().position(|c| c == name);
        let (Some(lat), Some(lon)) = (position("location_lat"), position("location_lon")) else {
            return Err(StoreError::Invalid("internal: no location columns".into()));
        };
        writer
            .write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")
            .map_err(io)?;
        let mut written = 0;
        while let Some(row) = rows.next()? {
            let (Some(y), Some(x)) = (
                row.get::<_, Option<f64>>(lat)?,
                row.get::<_, Option<f64>>(lon)?,
            ) else {
                continue;
            };
            let mut properties = serde_json::Map::new();
            for (i, column) in columns.iter().enumerate() {
                properties.insert(column.clone(), cell(row.get::<_, Value>(i)?).to_json());
            }
            let feature = serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [x, y]},
                "properties": properties,
            });
            if written > 0 {
                writer.write_all(b",\n").map_err(io)?;
            }
            serde_json::to_writer(&mut writer, &feature).map_err(|e| io(e.into()))?;
            written += 1;
        }
        writer.write_all(b"\n]}\n").map_err(io)?;
        writer.flush().map_err(io)?;
        Ok(written)
    }
}

fn refuse_overwrite(out: &Path, format: ExportFormat) -> Result<(), StoreError> {
    let occupied = match format {
        ExportFormat::Parquet => {
            out.is_file() || std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some())
        }
        ExportFormat::ParquetFile
        | ExportFormat::Csv
        | ExportFormat::Jsonl
        | ExportFormat::GeoJson => out.exists(),
    };
    if occupied {
        return Err(StoreError::Invalid(format!(
            "{} already exists; export writes only to a new path",
            out.display()
        )));
    }
    Ok(())
}

/// A SQL string literal.
pub(crate) fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The SQL text with each `?` replaced by its value as a literal. Only the builder's own text has
/// placeholders; user values arrive as parameters, so they are always quoted.
pub(crate) fn inlined(query: &SqlBuilder) -> Result<String, StoreError> {
    let mut values = query.params().iter();
    let mut sql = String::with_capacity(query.text().len());
    for piece in query.text().split('?').enumerate() {
        if piece.0 > 0 {
            let value = values
                .next()
                .ok_or_else(|| StoreError::Invalid("internal: too few parameters".into()))?;
            sql.push_str(&literal(value)?);
        }
        sql.push_str(piece.1);
    }
    Ok(sql)
}

fn literal(value: &Param) -> Result<String, StoreError> {
    Ok(match value {
        Param::Int(i) => i.to_string(),
        Param::Text(s) => quote(s),
        Param::Float(d) if d.is_finite() => format!("CAST({d} AS DOUBLE)"),
        Param::Date(days) => {
            format!(
                "DATE '{}'",
                entente_model::EventDate::from_days_since_epoch(i64::from(*days))
            )
        }
        other => {
            return Err(StoreError::Invalid(format!(
                "internal: cannot inline {other:?}"
            )))
        }
    })
}
