//! Query results as a plain table of cells, and their three printed forms: an aligned text
//! table for people, JSON lines and CSV for programs.

use duckdb::types::{TimeUnit, Value};
use entente_model::EventDate;
use std::io::{self, Write};

pub use entente_queries::Cell;

/// A query result: named columns, rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A table serialises as `entente events --format jsonl` prints it: one object per row, its
/// columns in order, so a JSON API hands out the same field names as the CLI.
impl serde::Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Row<'a>(&'a [String], &'a [Cell]);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (column, cell) in self.0.iter().zip(self.1) {
                    map.serialize_entry(column, &cell.to_json())?;
                }
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.rows.len()))?;
        for row in &self.rows {
            seq.serialize_element(&Row(&self.columns, row))?;
        }
        seq.end()
    }
}

impl Table {
    /// Keeps only the named columns, in the order given (unknown names are ignored).
    pub fn select(&self, names: &[&str]) -> Table {
        let picks: Vec<(usize, &str)> = names
            .iter()
            .filter_map(|n| self.columns.iter().position(|c| c == n).map(|i| (i, *n)))
            .collect();
        Table {
            columns: picks.iter().map(|(_, n)| n.to_string()).collect(),
            rows: self
                .rows
                .iter()
                .map(|row| picks.iter().map(|(i, _)| row[*i].clone()).collect())
                .collect(),
        }
    }

    /// One JSON object per row, keys in column order.
    pub fn write_jsonl(&self, out: &mut dyn Write) -> io::Result<()> {
        for row in &self.rows {
            write_json_object(out, &self.columns, row)?;
        }
        Ok(())
    }

    /// RFC 4180 CSV with a header row.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.columns)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(Cell::to_plain))?;
        }
        writer.flush()
    }

    /// An aligned text table; cells longer than `max_width` characters are cut with "…".
    pub fn write_text(&self, out: &mut dyn Write, max_width: usize) -> io::Result<()> {
        let shown: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| shorten(&c.to_plain(), max_width))
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for row in &shown {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| -> String {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            padded.join("  ").trim_end().to_string() + "\n"
        };
        out.write_all(line(&self.columns).as_bytes())?;
        for row in &shown {
            out.write_all(line(row).as_bytes())?;
        }
        Ok(())
    }
}

/// `{"column": value, ...}` and a newline, keys in column order (a JSON map would sort them).
pub(crate) fn write_json_object(
    out: &mut dyn Write,
    columns: &[String],
    cells: &[Cell],
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (column, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, column)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut *out, &cell.to_json())?;
    }
    out.write_all(b"}\n")
}

fn shorten(text: &str, max_width: usize) -> String {
    let one_line = text.replace(['\n', '\r', '\t'], " ");
    if one_line.chars().count() <= max_width {
        return one_line;
    }
    let cut: String = one_line.chars().take(max_width.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// Converts a DuckDB value; dates and times become ISO text.
pub(crate) fn cell(value: Value) -> Cell {
    match value {
        Value::Null => Cell::Null,
        Value::Boolean(b) => Cell::Bool(b),
        Value::TinyInt(i) => Cell::Int(i.into()),
        Value::SmallInt(i) => Cell::Int(i.into()),
        Value::Int(i) => Cell::Int(i.into()),
        Value::BigInt(i) => Cell::Int(i),
        Value::UTinyInt(i) => Cell::Int(i.into()),
        Value::USmallInt(i) => Cell::Int(i.into()),
        Value::UInt(i) => Cell::Int(i.into()),
        Value::UBigInt(i) => i64::try_from(i).map_or_else(|_| Cell::Text(i.to_string()), Cell::Int),
        Value::HugeInt(i) => i64::try_from(i).map_or_else(|_| Cell::Text(i.to_string()), Cell::Int),
        Value::UHugeInt(i) => {
            i64::try_from(i).map_or_else(|_| Cell::Text(i.to_string()), Cell::Int)
        }
        Value::Float(f) => Cell::Float(f.into()),
        Value::Double(f) => Cell::Float(f),
        Value::Decimal(d) => d
            .to_string()
            .parse()
            .map_or_else(|_| Cell::Text(d.to_string()), Cell::Float),
        Value::Text(s) | Value::Enum(s) => Cell::Text(s),
        Value::Date32(days) => {
            Cell::Text(EventDate::from_days_since_epoch(days.into()).to_string())
        }
        Value::Timestamp(unit, t) => Cell::Text(timestamp_text(unit, t)),
        Value::List(items) | Value::Array(items) => {
            Cell::List(items.into_iter().map(cell).collect())
        }
        Value::Blob(bytes) => Cell::Text(bytes.iter().map(|b| format!("{b:02x}")).collect()),
        other => Cell::Text(format!("{other:?}")),
    }
}

fn timestamp_text(unit: TimeUnit, t: i64) -> String {
    let micros = match unit {
        TimeUnit::Second => t.saturating_mul(1_000_000),
        TimeUnit::Millisecond => t.saturating_mul(1_000),
        TimeUnit::Microsecond => t,
        TimeUnit::Nanosecond => t / 1_000,
    };
    let seconds = micros.div_euclid(1_000_000);
    let day = EventDate::from_days_since_epoch(seconds.div_euclid(86_400));
    let second_of_day = seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            columns: vec!["id".into(), "sentence".into(), "score".into()],
            rows: vec![
                vec![
                    Cell::Int(1),
                    Cell::Text("Baku, said \"yes\"".into()),
                    Cell::Float(2.5),
                ],
                vec![
                    Cell::Int(2),
                    Cell::Null,
                    Cell::List(vec![Cell::Text("042".into())]),
                ],
            ],
        }
    }

    fn render(f: impl Fn(&Table, &mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&sample(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn jsonl_has_one_object_per_row_with_typed_values() {
        let text = render(|t, o| t.write_jsonl(o));
        assert_eq!(
            text,
            "{\"id\":1,\"sentence\":\"Baku, said \\\"yes\\\"\",\"score\":2.5}\n{\"id\":2,\"sentence\":null,\"score\":[\"042\"]}\n"
        );
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        let text = render(|t, o| t.write_csv(o));
        assert_eq!(
            text,
            "id,sentence,score\n1,\"Baku, said \"\"yes\"\"\",2.5\n2,,042\n"
        );
    }

    #[test]
    fn text_table_aligns_and_shortens() {
        let text = render(|t, o| t.write_text(o, 8));
        assert_eq!(
            text,
            "id  sentence  score\n1   Baku, s…  2.5\n2             042\n"
        );
    }

    #[test]
    fn timestamps_print_as_utc_iso() {
        assert_eq!(
            timestamp_text(TimeUnit::Second, 86_400 + 3_661),
            "1970-01-02T01:01:01Z"
        );
    }
}
