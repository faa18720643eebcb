//! The location gold (`tests/gold/locations.tsv`, docs/GOLD.md "Locations"): where hand-annotated
//! events happened, scored as precision and recall of the country and of the city.
//!
//! The gold holds no corpus text: each item names a document of the shared corpora, the sentence
//! (with a hash of its text, so drift is reported rather than scored), and the byte offset of the
//! coded event's trigger.

use crate::Pipeline;
use entente_model::{Document, Event, LocatedBy, Precision};
use entente_places::name_key;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use thiserror::Error;

const COLUMNS: &str = "doc\tsentence\tsentence_fnv\ttrigger_start\tcountry\tcity\tgeonames_id";

/// One annotated event.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationGold {
    /// `bbc_news_2225/politics/005.txt` or `ag_news_test/test.csv#154`.
    pub doc: String,
    pub sentence: usize,
    pub sentence_fnv: u64,
    pub trigger_start: usize,
    /// ISO-3, or None when no place can be told.
    pub country: Option<String>,
    pub city: Option<String>,
    pub geonames_id: Option<u64>,
}

#[derive(Debug, Error)]
pub enum LocationGoldError {
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Corpus { path: String, message: String },
}

/// Reads the gold file's items.
pub fn parse(file: &str, text: &str) -> Result<Vec<LocationGold>, LocationGoldError> {
    let mut items = Vec::new();
    let lines = entente_text::table_lines(text, COLUMNS).map_err(|e| LocationGoldError::Line {
        file: file.to_string(),
        line: e.line,
        message: e.message,
    })?;
    for (number, line) in lines {
        let error = |message: String| LocationGoldError::Line {
            file: file.to_string(),
            line: number,
            message,
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [doc, sentence, fnv, trigger, country, city, id] = fields[..] else {
            return Err(error(format!("{} fields, expected 7", fields.len())));
        };
        let number = |what: &str, s: &str| {
            s.parse::<usize>()
                .map_err(|_| error(format!("{what} `{s}` is not a number")))
        };
        let optional = |s: &str| (s != "-").then(|| s.to_string());
        items.push(LocationGold {
            doc: doc.to_string(),
            sentence: number("sentence", sentence)?,
            sentence_fnv: u64::from_str_radix(fnv, 16)
                .map_err(|_| error(format!("sentence_fnv `{fnv}` is not hexadecimal")))?,
            trigger_start: number("trigger_start", trigger)?,
            country: optional(country),
            city: optional(city),
            geonames_id: match id {
                "-" => None,
                id => Some(
                    id.parse()
                        .map_err(|_| error(format!("geonames_id `{id}`")))?,
                ),
            },
        });
    }
    Ok(items)
}

/// FNV-1a, 64 bits: a hash of a sentence's text that the gold's maker computes the same way.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the documents the items name from the corpora folder: a BBC article as it is, an AG News
/// row as its title, a blank line and its description (backslashes as spaces).
pub fn load_documents(
    corpora: &Path,
    items: &[LocationGold],
) -> Result<Vec<Document>, LocationGoldError> {
    let mut documents = BTreeMap::new();
    let mut csv_rows: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for item in items {
        if documents.contains_key(&item.doc) {
            continue;
        }
        let corpus_error = |path: &Path, message: String| LocationGoldError::Corpus {
            path: path.display().to_string(),
            message,
        };
        let text = match item.doc.split_once('#') {
            Some((file, row)) => {
                let path = corpora.join(file);
                if !csv_rows.contains_key(file) {
                    let mut reader = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_path(&path)
                        .map_err(|e| corpus_error(&path, e.to_string()))?;
                    let rows = reader
                        .records()
                        .map(|r| {
                            r.map(|r| (r[1].to_string(), r[2].to_string()))
                                .map_err(|e| corpus_error(&path, e.to_string()))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    csv_rows.insert(file.to_string(), rows);
                }
                let (title, description) = row
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| csv_rows[file].get(n.wrapping_sub(1)))
                    .ok_or_else(|| corpus_error(&path, format!("no row {row}")))?;
                format!(
                    "{}\n\n{}",
                    title.trim(),
                    description.replace('\\', " ").trim()
                )
            }
            None => {
                let path = corpora.join(&item.doc);
                let bytes = std::fs::read(&path).map_err(|e| corpus_error(&path, e.to_string()))?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        documents.insert(
            item.doc.clone(),
            Document {
                id: item.doc.clone(),
                text,
                ..Document::default()
            },
        );
    }
    Ok(documents.into_values().collect())
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PrecisionRecall {
    pub correct: usize,
    /// Items the tool located (at this level).
    pub predicted: usize,
    /// Items the gold locates (at this level).
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
}

impl PrecisionRecall {
    /// Counts one item: whether the gold and the tool locate it, and whether they agree.
    fn tally(&mut self, (in_gold, predicted, right): (bool, bool, bool)) {
        self.gold += usize::from(in_gold);
        self.predicted += usize::from(predicted);
        self.correct += usize::from(right);
    }

    fn finish(mut self) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.correct, self.predicted);
        self.recall = ratio(self.correct, self.gold);
        self
    }
}

/// Counts one prediction placed by `how` in a by-how table, right or not.
fn tally_by_how(table: &mut BTreeMap<String, PrecisionRecall>, how: LocatedBy, right: bool) {
    let row = table.entry(how.as_str().to_string()).or_default();
    row.predicted += 1;
    row.correct += usize::from(right);
}

/// One item the tool got wrong, for `--verbose`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationMiss {
    pub doc: String,
    pub sentence: usize,
    pub gold: String,
    pub predicted: String,
    /// The event's trigger (empty when the coder no longer finds the event) and its sentence, so
    /// that a miss can be read without opening the corpus.
    pub trigger: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LocationReport {
    pub items: usize,
    /// Items whose sentence text changed since annotation (corpus or segmenter drift): not scored.
    pub drifted: usize,
    /// Those items, as `doc#sentence`, for `--verbose`.
    pub drifted_items: Vec<String>,
    /// Items whose event the coder no longer finds: scored as unlocated.
    pub events_missing: usize,
    pub country: PrecisionRecall,
    pub city: PrecisionRecall,
    /// The same over the items whose event the coder still finds: what the geocoder does, apart
    /// from events the coder has since stopped coding (a changed rule, a dropped non-event).
    pub country_of_coded: PrecisionRecall,
    pub city_of_coded: PrecisionRecall,
    /// Country precision by what placed the event (locative, dateline, actor, document).
    pub country_by_how: BTreeMap<String, PrecisionRecall>,
    /// City precision by what placed the event (a dateline names the reporter's city, which is
    /// not always the event's).
    pub city_by_how: BTreeMap<String, PrecisionRecall>,
    pub misses: Vec<LocationMiss>,
}

/// Codes each document and compares the location of each item's event with the gold.
pub fn evaluate(
    pipeline: &Pipeline,
    items: &[LocationGold],
    documents: Vec<Document>,
) -> LocationReport {
    let coded: BTreeMap<String, crate::DocOutput> = documents
        .into_iter()
        .map(|d| (d.id.clone(), pipeline.process(d)))
        .collect();
    let mut report = LocationReport {
        items: items.len(),
        ..LocationReport::default()
    };
    for item in items {
        let Some(out) = coded.get(&item.doc) else {
            report.drifted += 1;
            report
                .drifted_items
                .push(format!("{}#{}", item.doc, item.sentence));
            continue;
        };
        // The annotated sentence, where it now is: a segmenter change may have moved it (a credit
        // cut off before it) without changing its text.
        let text_of = |index: usize| {
            out.sentences
                .get(index)
                .map(|s| s.span.slice(&out.doc.text))
        };
        let found = std::iter::once(item.sentence)
            .chain(0..out.sentences.len())
            .find(|&index| text_of(index).map(fnv1a) == Some(item.sentence_fnv));
        let Some(index) = found else {
            report.drifted += 1;
            report
                .drifted_items
                .push(format!("{}#{}", item.doc, item.sentence));
            continue;
        };
        let sentence = text_of(index);
        let event: Option<&Event> = out
            .events
            .iter()
            .find(|e| e.sentence_index == index && e.trigger.start == item.trigger_start);
        if event.is_none() {
            report.events_missing += 1;
        }
        let location = event.and_then(|e| e.location.as_ref());
        let predicted_country = location.map(|l| l.country.as_str());
        let predicted_city = location.filter(|l| l.precision == Precision::City);
        let gold_country = item.country.as_deref();
        let country_right = predicted_country.is_some() && predicted_country == gold_country;
        let country = (
            gold_country.is_some(),
            predicted_country.is_some(),
            country_right,
        );
        report.country.tally(country);
        if event.is_some() {
            report.country_of_coded.tally(country);
        }
        if let Some(l) = location {
            tally_by_how(&mut report.country_by_how, l.how, country_right);
        }
        let city_right = predicted_city.is_some_and(|l| match (item.geonames_id, l.geonames_id) {
            (Some(gold), Some(found)) => gold == found,
            _ => item.city.as_deref().map(name_key) == Some(name_key(&l.name)),
        });
        let city = (item.city.is_some(), predicted_city.is_some(), city_right);
        report.city.tally(city);
        if event.is_some() {
            report.city_of_coded.tally(city);
        }
        if let Some(l) = predicted_city {
            tally_by_how(&mut report.city_by_how, l.how, city_right);
        }
        let city_wrong =
            predicted_city.is_some() != item.city.is_some() || (item.city.is_some() && !city_right);
        if !country_right && (predicted_country.is_some() || gold_country.is_some()) || city_wrong {
            let describe = |country: Option<&str>, city: Option<&str>| {
                format!("{} {}", country.unwrap_or("-"), city.unwrap_or("-"))
            };
            report.misses.push(LocationMiss {
                doc: item.doc.clone(),
                sentence: item.sentence,
                gold: describe(gold_country, item.city.as_deref()),
                predicted: match location {
                    Some(l) => format!(
                        "{} {} ({}, {}, \"{}\")",
                        l.country,
                        predicted_city.map_or("-", |c| c.name.as_str()),
                        l.precision.as_str(),
                        l.how.as_str(),
                        l.text
                    ),
                    None => describe(None, None),
                },
                trigger: event.map_or_else(String::new, |e| e.trigger.text.clone()),
                text: sentence.unwrap_or_default().trim().to_string(),
            });
        }
    }
    report.country = report.country.finish();
    report.city = report.city.finish();
    report.country_of_coded = report.country_of_coded.finish();
    report.city_of_coded = report.city_of_coded.finish();
    for by_how in report
        .country_by_how
        .values_mut()
        .chain(report.city_by_how.values_mut())
    {
        *by_how = by_how.finish();
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gold_file_parses_and_a_bad_line_names_its_line() {
        let text = format!("# c\n{COLUMNS}\nbbc/x.txt\t3\t00ff\t120\tGBR\tLondon\t2643743\nag.csv#2\t1\tff\t9\t-\t-\t-\n");
        let items = parse("g.tsv", &text).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].geonames_id, Some(2643743));
        assert_eq!(items[1].country, None);
        let bad = format!("{COLUMNS}\nx\t1\tzz\t9\t-\t-\t-\n");
        assert_eq!(
            parse("g.tsv", &bad).unwrap_err().to_string(),
            "g.tsv:2: sentence_fnv `zz` is not hexadecimal"
        );
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(""), 0xcbf29ce484222325);
        assert_eq!(fnv1a("a"), 0xaf63dc4c8601ec8c);
    }
}
