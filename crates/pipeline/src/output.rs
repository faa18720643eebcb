//! Writing events, mentions and relations as JSONL, CSV or an aligned table.
//!
//! JSONL is the contract (one object per line, the model's field names). CSV carries the same fields
//! flattened with `_` (`source_country`, `trigger_start`). The table is for people: fixed-width,
//! truncated, coloured by quad class when the output is a terminal.

use entente_model::{Event, EventActor, Location, Mention, Relation};
use serde::Serialize;
use std::io::{self, Write};

/// The output formats every listing command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Table,
}

impl Format {
    /// `table` on a terminal, `jsonl` when piped.
    pub fn default_for(stdout_is_terminal: bool) -> Self {
        if stdout_is_terminal {
            Self::Table
        } else {
            Self::Jsonl
        }
    }
}

/// One row of `entente actors`: a mention with its document and resolution.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRow<'a> {
    pub doc: &'a str,
    pub sentence_index: usize,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub id: &'a str,
    pub name: &'a str,
    pub country: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub code: &'a str,
    pub via: entente_model::Via,
    pub resolution: entente_model::Resolution,
}

impl<'a> MentionRow<'a> {
    pub fn new(doc: &'a str, doc_text: &'a str, mention: &'a Mention) -> Self {
        let actor = &mention.actor;
        Self {
            doc,
            sentence_index: mention.sentence_index,
            text: mention.span.slice(doc_text),
            start: mention.span.start,
            end: mention.span.end,
            id: &actor.id,
            name: &actor.name,
            country: actor.country.as_ref().map(|c| c.as_str()),
            sector: actor.sector.as_ref().map(|s| s.as_str()),
            code: actor.code.as_str(),
            via: mention.via,
            resolution: mention.resolution,
        }
    }
}

/// Something that can be printed in all three formats.
pub trait Row: Serialize {
    /// CSV column names, in contract order.
    fn csv_header() -> Vec<String>;
    /// CSV cells, matching `csv_header`.
    fn csv_cells(&self) -> Vec<String>;
    /// Table column titles and widths.
    fn table_columns() -> Vec<(&'static str, usize)>;
    /// Table cells, matching `table_columns`.
    fn table_cells(&self) -> Vec<String>;
    /// ANSI colour for the row, if it has one.
    fn colour(&self) -> Option<&'static str> {
        None
    }
}

/// Writes rows in one format, streaming: the header (CSV, table) comes before the first row.
pub struct RowWriter<W: Write> {
    out: W,
    format: Format,
    colour: bool,
    header_written: bool,
}

impl<W: Write> RowWriter<W> {
    pub fn new(out: W, format: Format, colour: bool) -> Self {
        Self {
            out,
            format,
            colour,
            header_written: false,
        }
    }

    pub fn write<R: Row>(&mut self, row: &R) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, row)?;
                self.out.write_all(b"\n")
            }
            Format::Csv => {
                if !self.header_written {
                    self.header_written = true;
                    write_csv_line(&mut self.out, R::csv_header().iter().map(String::as_str))?;
                }
                let cells = row.csv_cells();
                write_csv_line(&mut self.out, cells.iter().map(String::as_str))
            }
            Format::Table => {
                let columns = R::table_columns();
                if !self.header_written {
                    self.header_written = true;
                    let titles: Vec<String> = columns.iter().map(|(t, _)| t.to_string()).collect();
                    let line = table_line(&titles, &columns);
                    let bold = if self.colour { "\x1b[1m" } else { "" };
                    let reset = if self.colour { "\x1b[0m" } else { "" };
                    writeln!(self.out, "{bold}{line}{reset}")?;
                }
                let line = table_line(&row.table_cells(), &columns);
                match row.colour().filter(|_| self.colour) {
                    Some(c) => writeln!(self.out, "{c}{line}\x1b[0m"),
                    None => writeln!(self.out, "{line}"),
                }
            }
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn write_csv_line<'a>(
    out: &mut impl Write,
    cells: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    let mut first = true;
    for cell in cells {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if cell.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", cell.replace('"', "\"\""))?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

/// Cells padded or truncated to their widths; the last column is not padded.
fn table_line(cells: &[String], columns: &[(&str, usize)]) -> String {
    let mut line = String::new();
    for (i, (cell, (_, width))) in cells.iter().zip(columns).enumerate() {
        let flat: String = cell
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let count = flat.chars().count();
        let shown: String = if count > *width {
            flat.chars()
                .take(width.saturating_sub(1))
                .chain(std::iter::once('…'))
                .collect()
        } else {
            flat
        };
        line.push_str(&shown);
        if i + 1 < columns.len() {
            let pad = width.saturating_sub(shown.chars().count()) + 1;
            line.extend(std::iter::repeat_n(' ', pad));
        }
    }
    line.trim_end().to_string()
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn actor_cells(actor: Option<&EventActor>) -> Vec<String> {
    match actor {
        None => vec![String::new(); 8],
        Some(a) => vec![
            a.text.clone(),
            a.start.to_string(),
            a.end.to_string(),
            a.actor.id.clone(),
            a.actor.name.clone(),
            opt(a.actor.country.as_ref()),
            opt(a.actor.sector.as_ref()),
            a.actor.code.to_string(),
        ],
    }
}

const ACTOR_FIELDS: [&str; 8] = [
    "text", "start", "end", "id", "name", "country", "sector", "code",
];

fn actor_header(prefix: &str) -> impl Iterator<Item = String> + '_ {
    ACTOR_FIELDS
        .iter()
        .map(move |field| format!("{prefix}_{field}"))
}

const LOCATION_FIELDS: [&str; 11] = [
    "text",
    "start",
    "end",
    "name",
    "country",
    "adm1",
    "lat",
    "lon",
    "geonames_id",
    "precision",
    "how",
];

/// A location's CSV cells, all empty when the event has none.
fn location_cells(location: Option<&Location>) -> Vec<String> {
    match location {
        None => vec![String::new(); LOCATION_FIELDS.len()],
        Some(l) => vec![
            l.text.clone(),
            l.start.to_string(),
            l.end.to_string(),
            l.name.clone(),
            l.country.clone(),
            opt(l.adm1.as_ref()),
            opt(l.lat),
            opt(l.lon),
            opt(l.geonames_id),
            l.precision.as_str().to_string(),
            l.how.as_str().to_string(),
        ],
    }
}

/// The short form of an actor in tables: its code, or "-" when absent.
fn actor_short(actor: Option<&EventActor>) -> String {
    actor
        .map(|a| a.actor.code.to_string())
        .unwrap_or_else(|| "-".into())
}

impl Row for Event {
    fn csv_header() -> Vec<String> {
        let mut h = strings(&[
            "doc",
            "sentence_index",
            "sentence",
            "sentence_start",
            "sentence_end",
            "date",
        ]);
        h.extend(actor_header("source"));
        h.extend(actor_header("target"));
        h.extend(strings(&[
            "cameo",
            "plover",
            "plover_mode",
            "goldstein",
            "quad_class",
            "negated",
            "modality",
            "trigger_text",
            "trigger_start",
            "trigger_end",
            "rule",
            "confidence",
            "dictionaries",
            "source_path",
            "target_path",
            "source_resolution",
            "target_resolution",
        ]));
        h.extend(LOCATION_FIELDS.iter().map(|f| format!("location_{f}")));
        h
    }

    fn csv_cells(&self) -> Vec<String> {
        let mut c = vec![
            self.doc.clone(),
            self.sentence_index.to_string(),
            self.sentence.to_string(),
            self.sentence_start.to_string(),
            self.sentence_end.to_string(),
            opt(self.date),
        ];
        c.extend(actor_cells(Some(&self.source)));
        c.extend(actor_cells(self.target.as_ref()));
        c.extend([
            self.cameo.to_string(),
            self.plover.clone(),
            opt(self.plover_mode.as_ref()),
            self.goldstein.to_string(),
            self.quad_class.number().to_string(),
            self.negated.to_string(),
            self.modality.as_str().to_string(),
            self.trigger.text.clone(),
            self.trigger.start.to_string(),
            self.trigger.end.to_string(),
            self.rule.clone(),
            self.confidence.to_string(),
            self.dictionaries.clone(),
            opt(self.source_path.as_ref()),
            opt(self.target_path.as_ref()),
            self.source.resolution.as_str().to_string(),
            opt(self.target.as_ref().map(|t| t.resolution.as_str())),
        ]);
        c.extend(location_cells(self.location.as_ref()));
        c
    }

    fn table_columns() -> Vec<(&'static str, usize)> {
        vec![
            ("DOC", 14),
            ("DATE", 10),
            ("SOURCE", 12),
            ("TARGET", 12),
            ("CAMEO", 5),
            ("PLOVER", 10),
            ("Q", 1),
            ("MODALITY", 12),
            ("TRIGGER", 14),
            ("SENTENCE", 60),
        ]
    }

    fn table_cells(&self) -> Vec<String> {
        let modality = if self.negated {
            format!("NOT {}", self.modality.as_str())
        } else {
            self.modality.as_str().to_string()
        };
        vec![
            self.doc.clone(),
            opt(self.date),
            actor_short(Some(&self.source)),
            actor_short(self.target.as_ref()),
            self.cameo.to_string(),
            self.plover.clone(),
            self.quad_class.number().to_string(),
            modality,
            self.trigger.text.clone(),
            self.sentence.to_string(),
        ]
    }

    fn colour(&self) -> Option<&'static str> {
        if self.negated {
            return Some("\x1b[2m");
        }
        Some(match self.quad_class.number() {
            1 => "\x1b[32m",
            2 => "\x1b[36m",
            3 => "\x1b[33m",
            _ => "\x1b[31m",
        })
    }
}

impl Row for MentionRow<'_> {
    fn csv_header() -> Vec<String> {
        strings(&[
            "doc",
            "sentence_index",
            "text",
            "start",
            "end",
            "id",
            "name",
            "country",
            "sector",
            "code",
            "via",
            "resolution",
        ])
    }

    fn csv_cells(&self) -> Vec<String> {
        vec![
            self.doc.to_string(),
            self.sentence_index.to_string(),
            self.text.to_string(),
            self.start.to_string(),
            self.end.to_string(),
            self.id.to_string(),
            self.name.to_string(),
            opt(self.country),
            opt(self.sector),
            self.code.to_string(),
            self.via.as_str().to_string(),
            self.resolution.as_str().to_string(),
        ]
    }

    fn table_columns() -> Vec<(&'static str, usize)> {
        vec![
            ("DOC", 14),
            ("SENT", 4),
            ("TEXT", 28),
            ("START", 6),
            ("CODE", 12),
            ("COUNTRY", 7),
            ("VIA", 10),
            ("NAME", 40),
        ]
    }

    fn table_cells(&self) -> Vec<String> {
        vec![
            self.doc.to_string(),
            self.sentence_index.to_string(),
            self.text.to_string(),
            self.start.to_string(),
            self.code.to_string(),
            opt(self.country),
            self.via.as_str().to_string(),
            self.name.to_string(),
        ]
    }
}

impl Row for Relation {
    fn csv_header() -> Vec<String> {
        let mut h = strings(&[
            "doc",
            "sentence_index",
            "sentence",
            "sentence_start",
            "sentence_end",
        ]);
        h.extend(actor_header("a"));
        h.extend(actor_header("b"));
        h.extend(strings(&[
            "relation",
            "facet",
            "quantity",
            "negated",
            "date",
            "trigger_text",
            "trigger_start",
            "trigger_end",
            "rule",
            "dictionaries",
        ]));
        h
    }

    fn csv_cells(&self) -> Vec<String> {
        let mut c = vec![
            self.doc.clone(),
            self.sentence_index.to_string(),
            self.sentence.clone(),
            self.sentence_start.to_string(),
            self.sentence_end.to_string(),
        ];
        c.extend(actor_cells(Some(&self.a)));
        c.extend(actor_cells(Some(&self.b)));
        c.extend([
            json_name(&self.relation),
            self.facet.as_ref().map(json_name).unwrap_or_default(),
            opt(self.quantity.as_ref()),
            self.negated.to_string(),
            opt(self.date),
            self.trigger.text.clone(),
            self.trigger.start.to_string(),
            self.trigger.end.to_string(),
            self.rule.clone(),
            self.dictionaries.clone(),
        ]);
        c
    }

    fn table_columns() -> Vec<(&'static str, usize)> {
        vec![
            ("DOC", 14),
            ("DATE", 10),
            ("A", 12),
            ("RELATION", 10),
            ("B", 12),
            ("FACET", 10),
            ("QUANTITY", 12),
            ("NEG", 5),
            ("SENTENCE", 60),
        ]
    }

    fn table_cells(&self) -> Vec<String> {
        vec![
            self.doc.clone(),
            opt(self.date),
            actor_short(Some(&self.a)),
            json_name(&self.relation),
            actor_short(Some(&self.b)),
            self.facet.as_ref().map(json_name).unwrap_or_default(),
            opt(self.quantity.as_ref()),
            self.negated.to_string(),
            self.sentence.clone(),
        ]
    }

    fn colour(&self) -> Option<&'static str> {
        Some(if self.negated {
            "\x1b[2m"
        } else if self.relation.sign() > 0 {
            "\x1b[32m"
        } else {
            "\x1b[31m"
        })
    }
}

/// The serde name of a unit enum variant ("ally", "military").
fn json_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::{
        Actor, ActorCode, CameoCode, CountryCode, Modality, QuadClass, Sector, Trigger,
    };

    fn actor(text: &str, start: usize, country: &str, sector: Option<&str>) -> EventActor {
        let code = format!("{country}{}", sector.unwrap_or(""));
        EventActor {
            text: text.into(),
            start,
            end: start + text.len(),
            actor: Actor {
                id: country.into(),
                name: country.into(),
                country: Some(CountryCode::new(country).unwrap()),
                sector: sector.map(|s| Sector::new(s).unwrap()),
                code: ActorCode::new(&code).unwrap(),
            },
            resolution: Default::default(),
        }
    }

    fn event() -> Event {
        Event {
            doc: "d1".into(),
            sentence_index: 0,
            sentence: "Baku hosted Tel Aviv, \"again\".".into(),
            sentence_start: 0,
            sentence_end: 30,
            date: None,
            source: actor("Baku", 0, "AZE", Some("GOV")),
            target: None,
            cameo: CameoCode::new("043").unwrap(),
            plover: "CONSULT".into(),
            plover_mode: Some("visit".into()),
            goldstein: 2.8,
            quad_class: QuadClass::VerbalCooperation,
            negated: false,
            modality: Modality::Actual,
            trigger: Trigger {
                text: "hosted".into(),
                start: 5,
                end: 11,
            },
            rule: "host.verb".into(),
            source_path: None,
            target_path: None,
            confidence: 0.9,
            dictionaries: "abc".into(),
            location: None,
        }
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        let mut writer = RowWriter::new(&mut out, format, false);
        writer.write(&event()).unwrap();
        writer.write(&event()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn jsonl_is_one_object_per_line_with_contract_fields() {
        let out = render(Format::Jsonl);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        for field in [
            "doc",
            "sentence_index",
            "sentence",
            "sentence_start",
            "sentence_end",
            "date",
            "source",
            "target",
            "cameo",
            "plover",
            "plover_mode",
            "goldstein",
            "quad_class",
            "negated",
            "modality",
            "trigger",
            "rule",
            "confidence",
        ] {
            assert!(v.get(field).is_some(), "missing {field}");
        }
        assert_eq!(v["source"]["code"], "AZEGOV");
        assert_eq!(v["target"], serde_json::Value::Null);
        assert_eq!(v["quad_class"], 1);
    }

    #[test]
    fn csv_has_one_header_and_quotes_cells_with_commas_and_quotes() {
        let out = render(Format::Csv);
        let mut reader = out.lines();
        let header = reader.next().unwrap();
        assert!(header.starts_with("doc,sentence_index,sentence,"));
        assert!(header.contains("source_country") && header.contains("trigger_start"));
        let row = reader.next().unwrap();
        assert!(
            row.contains("\"Baku hosted Tel Aviv, \"\"again\"\".\""),
            "{row}"
        );
        assert_eq!(Event::csv_header().len(), event().csv_cells().len());
        assert_eq!(reader.count(), 1);
    }

    #[test]
    fn table_rows_are_aligned_and_truncated() {
        let out = render(Format::Table);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("DOC"));
        let sentence_col = lines[0].find("SENTENCE").unwrap();
        assert_eq!(lines[1].chars().take(sentence_col).count(), sentence_col);
        assert!(lines[1].contains("AZEGOV") && lines[1].contains("043"));
    }
}
