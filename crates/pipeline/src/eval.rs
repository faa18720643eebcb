//! Scoring the coder against gold data.
//!
//! Three gold formats are read into [`GoldItem`]s ([`parse_gold`]): ConfliBERT's five-class
//! sentence labels, the PLOVER gold-standard records, and entente's own JSONL (`docs/GOLD.md`).
//! [`predict`] runs the pipeline on each item as its own document; [`score`] compares the events
//! with the gold and returns an [`EvalReport`]. Parsing and scoring are pure, so they are tested on
//! inline gold without dictionaries.
//!
//! For the sentence-label formats a sentence's prediction is its *best event*: among the events
//! that are not negated, an actual one before an intended, threatened, demanded or hypothetical
//! one, then the one with the highest confidence, ties going to the earliest trigger.
//! A sentence without such an event is predicted `none`: it counts as wrong, so accuracy is honest
//! about coverage (the report also gives accuracy over the sentences that were coded).

use crate::Pipeline;
use entente_model::{CameoCode, Document, Event, EventDate, Modality, QuadClass, Span};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The gold formats `entente eval --gold` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// Tab-separated sentence and class 0–4 (Multi-CoPED, as shipped with ConfliBERT).
    Conflibert,
    /// The PLOVER project's JSON gold-standard records (PLOVER_GSR_CAMEO.txt).
    PloverGsr,
    /// Entente's JSONL: one document per line with the events a reader codes in it.
    Entente,
    /// PLV (Hu et al. 2024): tab-separated real news sentences, each with one gold source and
    /// target span (marked `<s>…</s>`, `<t>…</t>`) and a PLOVER type.
    Plv,
    /// NGEC's synthetic stories (the CSV POLECAT's classifiers were trained on): a document per
    /// row (`prompt`, the headline and dateline, then `text`) with its PLOVER type in `label`.
    Ngec,
}

impl GoldFormat {
    pub fn name(self) -> &'static str {
        match self {
            Self::Conflibert => "conflibert",
            Self::PloverGsr => "plover-gsr",
            Self::Entente => "entente",
            Self::Plv => "plv",
            Self::Ngec => "ngec",
        }
    }
}

/// A gold file that could not be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct GoldError {
    pub file: String,
    /// 1-based line; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
}

/// One gold document (usually one sentence) and what it should be coded as.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldItem {
    pub id: String,
    pub text: String,
    pub date: Option<EventDate>,
    pub gold: Gold,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Gold {
    /// ConfliBERT class 0–4.
    Class(u8),
    /// PLOVER event type in 2021 names, and the mode when the record gives one.
    Plover { event: String, mode: Option<String> },
    /// Every event a reader codes in the document.
    Events(Vec<GoldEvent>),
    /// One (source, target, type) triple: each actor as the byte spans of the text where the
    /// annotator marked it (every mention of it; none where the annotator named an implicit
    /// actor, "a recipient"), the type in PLV's names.
    Triple {
        event: String,
        source: Vec<Span>,
        target: Vec<Span>,
    },
}

/// One expected event of the entente format.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    /// Country code ("AZE") or actor-code prefix ("AZEGOV", "IGO").
    pub source: String,
    #[serde(default)]
    pub target: Option<String>,
    /// Two digits match any code under that root; three or four must match exactly.
    pub cameo: CameoCode,
    #[serde(default)]
    pub negated: bool,
    #[serde(default)]
    pub modality: Modality,
    /// The event's own date, when the text gives one; scored separately from the match.
    #[serde(default)]
    pub date: Option<EventDate>,
    /// The annotator's evidence (the words that report the event); not scored.
    #[serde(default)]
    pub note: Option<String>,
}

/// Reads a gold file's text. `file` names it in errors. `read_file` resolves an entente record's
/// `file` field (a path relative to the gold file) to its text.
pub fn parse_gold(
    format: GoldFormat,
    file: &str,
    text: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<GoldItem>, GoldError> {
    match format {
        GoldFormat::Conflibert => parse_conflibert(file, text),
        GoldFormat::PloverGsr => parse_plover_gsr(file, text),
        GoldFormat::Entente => parse_entente(file, text, read_file),
        GoldFormat::Plv => parse_plv(file, text),
        GoldFormat::Ngec => parse_ngec(file, text),
    }
}

/// The lines of a line-based gold file that hold something: each with its 1-based number and a
/// maker of errors that name the file and the line.
fn content_lines<'t>(
    file: &'t str,
    text: &'t str,
) -> impl Iterator<Item = (usize, &'t str, impl Fn(String) -> GoldError + 't)> + 't {
    text.lines().enumerate().filter_map(move |(index, line)| {
        let line = line.trim_end_matches('\r');
        let err = move |message: String| GoldError {
            file: file.to_string(),
            line: index + 1,
            message,
        };
        (!line.trim().is_empty()).then_some((index + 1, line, err))
    })
}

fn parse_conflibert(file: &str, text: &str) -> Result<Vec<GoldItem>, GoldError> {
    let mut items = Vec::new();
    for (number, line, err) in content_lines(file, text) {
        let (sentence, label) = line
            .rsplit_once('\t')
            .ok_or_else(|| err("expected `sentence<TAB>class`".to_string()))?;
        let class = match label.trim().parse::<u8>() {
            Ok(class @ 0..=4) => class,
            _ => return Err(err(format!("class {label:?} is not 0–4"))),
        };
        let gold = Gold::Class(class);
        items.push(GoldItem {
            id: format!("line{number}"),
            text: sentence.trim().to_string(),
            date: None,
            gold,
        });
    }
    Ok(items)
}

/// The fields of a PLOVER gold record that scoring uses.
#[derive(Deserialize)]
struct PloverRecord {
    id: String,
    event: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

fn parse_plover_gsr(file: &str, text: &str) -> Result<Vec<GoldItem>, GoldError> {
    let records: Vec<PloverRecord> = serde_json::from_str(text).map_err(|e| GoldError {
        file: file.to_string(),
        line: e.line(),
        message: e.to_string(),
    })?;
    let mut items = Vec::new();
    for record in records {
        // DOCUMENT records carry file documentation, not a coded sentence.
        let Some(text) = record.text.filter(|_| record.event != "DOCUMENT") else {
            continue;
        };
        let (event, implied_mode) = plover_2021_event(&record.event);
        let mode = record
            .mode
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(plover_2021_mode)
            .or(implied_mode)
            .map(str::to_string);
        let date = record
            .date
            .as_deref()
            .and_then(|d| EventDate::parse(d).ok());
        items.push(GoldItem {
            id: record.id,
            text,
            date,
            gold: Gold::Plover {
                event: event.to_string(),
                mode,
            },
        });
    }
    Ok(items)
}

/// The gold records use PLOVER 0.5b1 names; the CAMEO table uses the 2021 ones. Returns the 2021
/// event and, where the old name survives only as a mode (INVESTIGATE), that mode.
fn plover_2021_event(old: &str) -> (&str, Option<&'static str>) {
    match old {
        "DEMAND" => ("REQUEST", None),
        "DISAPPROVE" => ("ACCUSE", None),
        "INVESTIGATE" => ("ACCUSE", Some("investigate")),
        "FIGHT" => ("ASSAULT", None),
        other => (other, None),
    }
}

/// 0.5b1 modes split some 2021 modes by who organised them ("demo-org", "strike-hun"); the
/// 2021 names are the part before the dash, plus a few renamings.
fn plover_2021_mode(old: &str) -> &str {
    match old {
        "demo-org" | "demo-spon" => "demo",
        "riot-spon" => "riot",
        "strike-hun" => "hunger",
        "strike-gen" => "strike",
        "host" => "visit",
        "detain" => "arrest",
        "confiscate" => "seize",
        other => other,
    }
}

/// Reads the PLV TSV: a header naming the columns, then one sentence per row. The spans come from
/// `marked_sentence`, so a source named twice in the sentence is scored where the annotator put it
/// (an annotator who marked both mentions accepts either).
fn parse_plv(file: &str, text: &str) -> Result<Vec<GoldItem>, GoldError> {
    let header: Vec<&str> = text
        .lines()
        .next()
        .map_or(Vec::new(), |l| l.split('\t').collect());
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| GoldError {
                file: file.to_string(),
                line: 1,
                message: format!("no `{name}` column in the header"),
            })
    };
    let (id_col, marked_col, type_col) = (
        column("sentence_id")?,
        column("marked_sentence")?,
        column("gold_root")?,
    );
    let mut items = Vec::new();
    for (_, line, err) in content_lines(file, text).skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| {
            fields
                .get(i)
                .copied()
                .ok_or_else(|| err(format!("missing column {}", i + 1)))
        };
        let (text, source, target) = unmark_plv(field(marked_col)?)
            .ok_or_else(|| err("unbalanced <s>…</s> or <t>…</t> marks".to_string()))?;
        items.push(GoldItem {
            id: format!("plv{}", field(id_col)?.trim()),
            text,
            date: None,
            gold: Gold::Triple {
                event: field(type_col)?.trim().to_string(),
                source,
                target,
            },
        });
    }
    Ok(items)
}

/// Reads NGEC's CSV: a header naming `prompt`, `text` and `label` columns, one story per record
/// (fields may span lines). The document is the prompt (headline and dateline) followed by the
/// story, as the stories were written; the gold is the story's PLOVER type.
fn parse_ngec(file: &str, text: &str) -> Result<Vec<GoldItem>, GoldError> {
    let error = |line: usize, message: String| GoldError {
        file: file.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| error(1, format!("unreadable header: {e}")))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| error(1, format!("no `{name}` column in the header")))
    };
    let (prompt_col, text_col, label_col) = (column("prompt")?, column("text")?, column("label")?);
    let mut items = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            error(line, format!("unreadable record: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| {
            record
                .get(i)
                .ok_or_else(|| error(line, format!("missing column {}", i + 1)))
        };
        let label = field(label_col)?.trim();
        if plover_quad_class(label).is_none() {
            return Err(error(line, format!("{label:?} is not a PLOVER event type")));
        }
        items.push(GoldItem {
            id: format!("ngec{}", row + 1),
            text: format!(
                "{} {}",
                field(prompt_col)?.trim_end(),
                field(text_col)?.trim_start()
            ),
            date: None,
            gold: Gold::Plover {
                event: label.to_string(),
                mode: None,
            },
        });
    }
    Ok(items)
}

/// Removes the `<s>`/`<t>` marks and returns the text with the byte spans each pair enclosed;
/// `None` when a mark is opened and not closed, or closed and not opened.
#[allow(clippy::type_complexity)]
fn unmark_plv(marked: &str) -> Option<(String, Vec<Span>, Vec<Span>)> {
    let mut text = String::with_capacity(marked.len());
    let (mut source, mut target) = (Vec::new(), Vec::new());
    let (mut source_open, mut target_open) = (None, None);
    let mut rest = marked;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let tag = rest[open..].split_once('>').map(|(t, _)| t)?;
        let (opened, spans, closing) = match tag {
            "<s" => (&mut source_open, &mut source, false),
            "</s" => (&mut source_open, &mut source, true),
            "<t" => (&mut target_open, &mut target, false),
            "</t" => (&mut target_open, &mut target, true),
            _ => {
                text.push('<');
                rest = &rest[open + 1..];
                continue;
            }
        };
        if closing {
            spans.push(Span::new(opened.take()?, text.len()));
        } else if opened.replace(text.len()).is_some() {
            return None;
        }
        rest = &rest[open + tag.len() + 1..];
    }
    text.push_str(rest);
    (source_open.is_none() && target_open.is_none()).then_some((text, source, target))
}

/// One line of the entente gold format.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntenteRecord {
    id: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    date: Option<EventDate>,
    events: Vec<GoldEvent>,
}

fn parse_entente(
    file: &str,
    text: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<GoldItem>, GoldError> {
    let mut items = Vec::new();
    for (_, line, err) in content_lines(file, text) {
        let record: EntenteRecord = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let text = match (record.text, record.file) {
            (Some(text), None) => text,
            (None, Some(path)) => read_file(&path).map_err(|e| err(format!("{path}: {e}")))?,
            _ => return Err(err("give exactly one of `text` and `file`".to_string())),
        };
        items.push(GoldItem {
            id: record.id,
            text,
            date: record.date,
            gold: Gold::Events(record.events),
        });
    }
    Ok(items)
}

/// Runs the pipeline on every gold item as its own document, in parallel; results keep gold order.
pub fn predict(pipeline: &Pipeline, gold: &[GoldItem]) -> Vec<Vec<Event>> {
    gold.par_iter()
        .map(|item| {
            let doc = Document {
                id: item.id.clone(),
                text: item.text.clone(),
                date: item.date,
                ..Document::default()
            };
            pipeline.process(doc).events
        })
        .collect()
}

/// Precision, recall and F1 of one label (or of all events, micro-averaged).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Scores {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    fn from_counts(gold: usize, predicted: usize, correct: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            gold,
            predicted,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

/// A share with its counts, so readers see how many cases a figure rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    pub correct: usize,
    pub total: usize,
    pub value: f64,
}

impl Ratio {
    fn new(correct: usize, total: usize) -> Self {
        Self {
            correct,
            total,
            value: if total == 0 {
                0.0
            } else {
                correct as f64 / total as f64
            },
        }
    }
}

/// The label for "no event" in confusion matrices and misses.
pub const NONE: &str = "none";

/// Gold labels down the rows, predicted labels across; both in `labels` order, `none` last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub labels: Vec<String>,
    pub counts: Vec<Vec<usize>>,
}

impl Confusion {
    fn from_pairs(mut labels: Vec<String>, pairs: &[(String, String)]) -> Self {
        for (gold, predicted) in pairs {
            for label in [gold, predicted] {
                if label != NONE && !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
        }
        labels.push(NONE.to_string());
        let position = |label: &String| {
            labels
                .iter()
                .position(|l| l == label)
                .unwrap_or(labels.len() - 1)
        };
        let mut counts = vec![vec![0; labels.len()]; labels.len()];
        for (gold, predicted) in pairs {
            counts[position(gold)][position(predicted)] += 1;
        }
        Self { labels, counts }
    }
}

/// A gold item the coder got wrong, for `--verbose`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub id: String,
    /// The sentence; for a gold event nothing matched, the annotator's note.
    pub text: String,
    pub gold: String,
    pub predicted: String,
}

/// Everything `entente eval` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub format: &'static str,
    /// Gold items (sentences, or documents for the entente format).
    pub items: usize,
    /// Items with at least one counted (not negated) event.
    pub items_with_events: usize,
    /// Sentence formats: share of items whose best event has the gold label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Ratio>,
    /// Sentence formats: the same, over the items that have an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_when_coded: Option<Ratio>,
    /// plover-gsr: mode agreement where the gold gives a mode and the event type is right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode_accuracy: Option<Ratio>,
    /// entente: modality agreement over matched events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modality_accuracy: Option<Ratio>,
    /// entente: date agreement over matched events whose gold gives a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_accuracy: Option<Ratio>,
    /// plv: share of gold (source, target, type) triples that an asserted event reproduces, its
    /// actors inside the gold spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triples: Option<Ratio>,
    /// Share of asserted events (actual, not negated) that have both a source and a target: only
    /// those reach dyads, the network and balance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub both_actors: Option<Ratio>,
    /// Micro-averaged over all labels (sentence formats) or all events (entente).
    pub overall: Scores,
    /// Per ConfliBERT class, PLOVER type, or CAMEO root.
    pub per_type: BTreeMap<String, Scores>,
    /// By ConfliBERT class, by PLOVER type, or by CAMEO root.
    pub confusion: Confusion,
    pub quad_confusion: Confusion,
    pub misses: Vec<Miss>,
}

/// The ConfliBERT class of a CAMEO code: 0 statement/appeal (01–02), 1 verbal cooperation (03–05),
/// 2 material cooperation (06–08), 3 verbal conflict (09–13 and 16), 4 material conflict (14, 15,
/// 17–20). The labels follow Phoenix's quad classes, which put 16 REDUCE RELATIONS in verbal
/// conflict: every "imposed sanctions", "expelled diplomats" and "suspended aid" sentence is class 3.
pub fn conflibert_class(code: &CameoCode) -> u8 {
    match code.root_number() {
        1..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=13 | 16 => 3,
        _ => 4,
    }
}

/// The quad class of a ConfliBERT class (0 and 1 are both verbal cooperation).
fn conflibert_quad_class(class: u8) -> QuadClass {
    match class {
        0 | 1 => QuadClass::VerbalCooperation,
        2 => QuadClass::MaterialCooperation,
        3 => QuadClass::VerbalConflict,
        _ => QuadClass::MaterialConflict,
    }
}

/// The quad class a PLOVER 2021 event type belongs to (PLOVER manual; SANCTION as material
/// conflict, following its own section rather than the summary table).
pub fn plover_quad_class(event: &str) -> Option<QuadClass> {
    Some(match event {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => QuadClass::VerbalCooperation,
        "COOPERATE" | "AID" | "RETREAT" => QuadClass::MaterialCooperation,
        "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" => QuadClass::VerbalConflict,
        "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT" => QuadClass::MaterialConflict,
        _ => return None,
    })
}

/// The event a sentence is judged by: not negated, actual before any other modality (a sentence
/// reports what happened; "threatened to impose sanctions" is judged by the threat, not the
/// sanctions), highest confidence, then earliest trigger.
pub fn best_event(events: &[Event]) -> Option<&Event> {
    let unreal = |e: &Event| e.modality != Modality::Actual;
    events.iter().filter(|e| !e.negated).min_by(|a, b| {
        unreal(a)
            .cmp(&unreal(b))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.trigger.start.cmp(&b.trigger.start))
            .then(a.cameo.cmp(&b.cameo))
    })
}

/// Compares predictions (one list per gold item, as [`predict`] returns them) with the gold.
pub fn score(format: GoldFormat, gold: &[GoldItem], predictions: &[Vec<Event>]) -> EvalReport {
    let items_with_events = predictions
        .iter()
        .filter(|events| events.iter().any(|e| !e.negated))
        .count();
    let mut report = match format {
        GoldFormat::Conflibert | GoldFormat::PloverGsr | GoldFormat::Ngec => {
            score_labels(format, gold, predictions)
        }
        GoldFormat::Entente => score_events(gold, predictions),
        GoldFormat::Plv => {
            let mut report = score_labels(format, gold, predictions);
            let found = gold
                .iter()
                .zip(predictions)
                .filter(|(item, events)| match &item.gold {
                    Gold::Triple {
                        event,
                        source,
                        target,
                    } => events
                        .iter()
                        .any(|e| finds_triple(e, event, source, target)),
                    _ => false,
                })
                .count();
            report.triples = Some(Ratio::new(found, gold.len()));
            report
        }
    };
    let asserted: Vec<&Event> = predictions
        .iter()
        .flatten()
        .filter(|e| !e.negated && e.modality == Modality::Actual)
        .collect();
    report.both_actors = Some(Ratio::new(
        asserted.iter().filter(|e| e.target.is_some()).count(),
        asserted.len(),
    ));
    report.items = gold.len();
    report.items_with_events = items_with_events;
    report
}

/// One sentence's gold and predicted labels under a sentence-label format.
struct Labelled {
    gold: String,
    predicted: String,
    gold_quad: String,
    predicted_quad: String,
    mode: Option<bool>,
}

fn quad_label(quad: Option<QuadClass>) -> String {
    quad.map_or(NONE.to_string(), |q| q.key().to_string())
}

fn label_item(item: &GoldItem, events: &[Event]) -> Option<Labelled> {
    // Predicted quad classes are taken in the gold's own convention, so the quad matrix shows
    // coding errors rather than the differences between the GDELT, Phoenix and PLOVER tables.
    let best = best_event(events);
    match &item.gold {
        Gold::Class(class) => {
            let predicted = best.map(|e| conflibert_class(&e.cameo));
            Some(Labelled {
                gold: class.to_string(),
                predicted: predicted.map_or(NONE.to_string(), |c| c.to_string()),
                gold_quad: quad_label(Some(conflibert_quad_class(*class))),
                predicted_quad: quad_label(predicted.map(conflibert_quad_class)),
                mode: None,
            })
        }
        Gold::Plover { event, mode } => {
            // PLOVER has no statements (CAMEO 01): a PLOVER coder codes the sentence's best event
            // that has a PLOVER type ("issued a declaration demanding that ..." is a demand).
            let typed: Vec<Event> = events
                .iter()
                .filter(|e| !e.plover.is_empty())
                .cloned()
                .collect();
            let best = best_event(&typed);
            let predicted = best
                .map(|e| e.plover.as_str())
                .filter(|p| !p.is_empty())
                .unwrap_or(NONE);
            let mode_right = mode
                .as_ref()
                .filter(|_| predicted == event)
                .map(|m| best.and_then(|e| e.plover_mode.as_ref()) == Some(m));
            Some(Labelled {
                gold: event.clone(),
                predicted: predicted.to_string(),
                gold_quad: quad_label(plover_quad_class(event)),
                predicted_quad: quad_label(plover_quad_class(predicted)),
                mode: mode_right,
            })
        }
        Gold::Triple { event, .. } => {
            let typed: Vec<Event> = events
                .iter()
                .filter(|e| !e.plover.is_empty())
                .cloned()
                .collect();
            let predicted = best_event(&typed).map_or(NONE, |e| plv_type(&e.plover));
            Some(Labelled {
                gold: event.clone(),
                predicted: predicted.to_string(),
                gold_quad: quad_label(plover_quad_class(plv_type_example(event))),
                predicted_quad: quad_label(plover_quad_class(plv_type_example(predicted))),
                mode: None,
            })
        }
        Gold::Events(_) => None,
    }
}

/// PLV folds CONCEDE and RETREAT into one YIELD type.
fn plv_type(plover: &str) -> &str {
    match plover {
        "CONCEDE" | "RETREAT" => "YIELD",
        other => other,
    }
}

/// A PLOVER 2021 type standing for a PLV type, for its quad class (YIELD's two types differ in
/// material; the verbal one is the more common reading in news).
fn plv_type_example(plv: &str) -> &str {
    match plv {
        "YIELD" => "CONCEDE",
        other => other,
    }
}

/// Whether an event that is not negated has the gold triple's type and each actor inside one of
/// its gold spans. An implicit gold actor (no span) accepts any actor in its place, or none.
fn finds_triple(event: &Event, gold_type: &str, source: &[Span], target: &[Span]) -> bool {
    let within = |actor: Option<&entente_model::EventActor>, gold: &[Span]| {
        gold.is_empty()
            || actor.is_some_and(|a| gold.iter().any(|g| g.overlaps(Span::new(a.start, a.end))))
    };
    !event.negated
        && plv_type(&event.plover) == gold_type
        && within(Some(&event.source), source)
        && within(event.target.as_ref(), target)
}

fn score_labels(format: GoldFormat, gold: &[GoldItem], predictions: &[Vec<Event>]) -> EvalReport {
    let labelled: Vec<(&GoldItem, Labelled)> = gold
        .iter()
        .zip(predictions)
        .filter_map(|(item, events)| label_item(item, events).map(|l| (item, l)))
        .collect();
    let correct = labelled
        .iter()
        .filter(|(_, l)| l.gold == l.predicted)
        .count();
    let coded: Vec<_> = labelled
        .iter()
        .filter(|(_, l)| l.predicted != NONE)
        .collect();
    let coded_correct = coded.iter().filter(|(_, l)| l.gold == l.predicted).count();
    let modes: Vec<bool> = labelled.iter().filter_map(|(_, l)| l.mode).collect();

    let mut per_type: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (_, l) in &labelled {
        per_type.entry(l.gold.clone()).or_default().0 += 1;
        if l.predicted != NONE {
            per_type.entry(l.predicted.clone()).or_default().1 += 1;
        }
        if l.gold == l.predicted {
            per_type.entry(l.gold.clone()).or_default().2 += 1;
        }
    }
    let per_type: BTreeMap<String, Scores> = per_type
        .into_iter()
        .map(|(label, (g, p, c))| (label, Scores::from_counts(g, p, c)))
        .collect();
    let type_pairs: Vec<(String, String)> = labelled
        .iter()
        .map(|(_, l)| (l.gold.clone(), l.predicted.clone()))
        .collect();
    let quad_pairs: Vec<(String, String)> = labelled
        .iter()
        .map(|(_, l)| (l.gold_quad.clone(), l.predicted_quad.clone()))
        .collect();
    let type_labels = match format {
        GoldFormat::Conflibert => (0..=4).map(|c| c.to_string()).collect(),
        _ => per_type
            .keys()
            .filter(|k| k.as_str() != NONE)
            .cloned()
            .collect(),
    };
    let misses = labelled
        .iter()
        .filter(|(_, l)| l.gold != l.predicted)
        .map(|(item, l)| Miss {
            id: item.id.clone(),
            text: item.text.clone(),
            gold: l.gold.clone(),
            predicted: l.predicted.clone(),
        })
        .collect();
    EvalReport {
        format: format.name(),
        items: 0,
        items_with_events: 0,
        accuracy: Some(Ratio::new(correct, labelled.len())),
        accuracy_when_coded: Some(Ratio::new(coded_correct, coded.len())),
        mode_accuracy: (format == GoldFormat::PloverGsr)
            .then(|| Ratio::new(modes.iter().filter(|&&m| m).count(), modes.len())),
        modality_accuracy: None,
        date_accuracy: None,
        triples: None,
        both_actors: None,
        overall: Scores::from_counts(labelled.len(), coded.len(), correct),
        per_type,
        confusion: Confusion::from_pairs(type_labels, &type_pairs),
        quad_confusion: Confusion::from_pairs(quad_keys(), &quad_pairs),
        misses,
    }
}

fn quad_keys() -> Vec<String> {
    (1..=4)
        .filter_map(QuadClass::from_number)
        .map(|q| q.key().to_string())
        .collect()
}

/// Whether a gold actor ("AZE", "AZEGOV", "IGO") names a predicted participant.
fn actor_matches(gold: &str, country: Option<&str>, code: &str) -> bool {
    country == Some(gold) || code.starts_with(gold)
}

fn participants_match(gold: &GoldEvent, event: &Event) -> bool {
    let source = &event.source.actor;
    let source_ok = actor_matches(
        &gold.source,
        source.country.as_ref().map(|c| c.as_str()),
        source.code.as_str(),
    );
    let target_ok = match (&gold.target, &event.target) {
        (None, None) => true,
        (Some(g), Some(t)) => actor_matches(
            g,
            t.actor.country.as_ref().map(|c| c.as_str()),
            t.actor.code.as_str(),
        ),
        _ => false,
    };
    source_ok && target_ok && gold.negated == event.negated
}

fn cameo_matches(gold: &CameoCode, predicted: &CameoCode) -> bool {
    if gold.as_str().len() == 2 {
        gold.root() == predicted.root()
    } else {
        gold == predicted
    }
}

fn describe_gold(g: &GoldEvent) -> String {
    let target = g.target.as_deref().unwrap_or("-");
    let negated = if g.negated { " negated" } else { "" };
    format!("{} {} {}{}", g.source, target, g.cameo, negated)
}

fn describe_event(e: &Event) -> String {
    let target = e.target.as_ref().map_or("-", |t| t.actor.code.as_str());
    let negated = if e.negated { " negated" } else { "" };
    format!(
        "{} {} {}{} ({:?})",
        e.source.actor.code, target, e.cameo, negated, e.trigger.text
    )
}

/// How one document's gold events paired with its predictions.
#[derive(Default)]
struct DocMatch {
    /// (gold index, prediction index) for full matches.
    matched: Vec<(usize, usize)>,
    /// Gold events whose participants matched a prediction with another code.
    wrong_code: Vec<(usize, usize)>,
    unmatched_gold: Vec<usize>,
    unmatched_predictions: Vec<usize>,
}

/// Greedy, in gold order: each gold event takes the first unused prediction that matches fully;
/// the rest then take the first unused prediction with the same participants.
fn match_document(gold: &[GoldEvent], events: &[Event]) -> DocMatch {
    let mut used = vec![false; events.len()];
    let mut result = DocMatch::default();
    let mut leftover = Vec::new();
    // Exact codes first: a two-digit gold code ("04") accepts any code under its root, so taken
    // first it could use up the only prediction a later exact one ("042") can match.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&gi| gold[gi].cameo.as_str().len() == 2);
    for gi in order {
        let g = &gold[gi];
        let found = (0..events.len()).find(|&pi| {
            !used[pi]
                && participants_match(g, &events[pi])
                && cameo_matches(&g.cameo, &events[pi].cameo)
        });
        match found {
            Some(pi) => {
                used[pi] = true;
                result.matched.push((gi, pi));
            }
            None => leftover.push(gi),
        }
    }
    result.matched.sort_unstable();
    leftover.sort_unstable();
    for gi in leftover {
        match (0..events.len()).find(|&pi| !used[pi] && participants_match(&gold[gi], &events[pi]))
        {
            Some(pi) => {
                used[pi] = true;
                result.wrong_code.push((gi, pi));
            }
            None => result.unmatched_gold.push(gi),
        }
    }
    result.unmatched_predictions = (0..events.len()).filter(|&pi| !used[pi]).collect();
    result
}

fn score_events(gold: &[GoldItem], predictions: &[Vec<Event>]) -> EvalReport {
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut root_pairs, mut quad_pairs, mut misses) = (Vec::new(), Vec::new(), Vec::new());
    let (mut modality_right, mut dates_given, mut dates_right) = (0, 0, 0);
    let mut matched_total = 0;
    for (item, events) in gold.iter().zip(predictions) {
        let Gold::Events(gold_events) = &item.gold else {
            continue;
        };
        let m = match_document(gold_events, events);
        let gold_quad = |gi: usize| quad_of_root(&gold_events[gi].cameo);
        for g in gold_events {
            counts.entry(g.cameo.root().to_string()).or_default().0 += 1;
        }
        for e in events {
            counts.entry(e.cameo.root().to_string()).or_default().1 += 1;
        }
        for &(gi, pi) in &m.matched {
            let (g, e) = (&gold_events[gi], &events[pi]);
            counts.entry(g.cameo.root().to_string()).or_default().2 += 1;
            root_pairs.push((g.cameo.root().to_string(), e.cameo.root().to_string()));
            quad_pairs.push((gold_quad(gi), e.quad_class.key().to_string()));
            modality_right += usize::from(g.modality == e.modality);
            if let Some(date) = g.date {
                dates_given += 1;
                dates_right += usize::from(e.date == Some(date));
            }
        }
        matched_total += m.matched.len();
        for &(gi, pi) in &m.wrong_code {
            let (g, e) = (&gold_events[gi], &events[pi]);
            root_pairs.push((g.cameo.root().to_string(), e.cameo.root().to_string()));
            quad_pairs.push((gold_quad(gi), e.quad_class.key().to_string()));
            misses.push(Miss {
                id: item.id.clone(),
                text: e.sentence.to_string(),
                gold: describe_gold(g),
                predicted: describe_event(e),
            });
        }
        for &gi in &m.unmatched_gold {
            let g = &gold_events[gi];
            root_pairs.push((g.cameo.root().to_string(), NONE.to_string()));
            quad_pairs.push((gold_quad(gi), NONE.to_string()));
            misses.push(Miss {
                id: item.id.clone(),
                text: g.note.clone().unwrap_or_default(),
                gold: describe_gold(g),
                predicted: NONE.to_string(),
            });
        }
        for &pi in &m.unmatched_predictions {
            let e = &events[pi];
            root_pairs.push((NONE.to_string(), e.cameo.root().to_string()));
            quad_pairs.push((NONE.to_string(), e.quad_class.key().to_string()));
            misses.push(Miss {
                id: item.id.clone(),
                text: e.sentence.to_string(),
                gold: NONE.to_string(),
                predicted: describe_event(e),
            });
        }
    }
    let (gold_total, predicted_total) =
        counts.values().fold((0, 0), |(g, p), c| (g + c.0, p + c.1));
    let per_type: BTreeMap<String, Scores> = counts
        .into_iter()
        .map(|(root, (g, p, c))| (root, Scores::from_counts(g, p, c)))
        .collect();
    let roots = (1..=20)
        .map(|r| format!("{r:02}"))
        .filter(|r| per_type.contains_key(r))
        .collect();
    EvalReport {
        format: GoldFormat::Entente.name(),
        items: 0,
        items_with_events: 0,
        accuracy: None,
        accuracy_when_coded: None,
        mode_accuracy: None,
        modality_accuracy: Some(Ratio::new(modality_right, matched_total)),
        date_accuracy: Some(Ratio::new(dates_right, dates_given)),
        triples: None,
        both_actors: None,
        overall: Scores::from_counts(gold_total, predicted_total, matched_total),
        per_type,
        confusion: Confusion::from_pairs(roots, &root_pairs),
        quad_confusion: Confusion::from_pairs(quad_keys(), &quad_pairs),
        misses,
    }
}

fn quad_of_root(code: &CameoCode) -> String {
    let quad = match code.root_number() {
        1..=5 => QuadClass::VerbalCooperation,
        6..=8 => QuadClass::MaterialCooperation,
        9..=13 => QuadClass::VerbalConflict,
        _ => QuadClass::MaterialConflict,
    };
    quad.key().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::{Actor, ActorCode, CountryCode, EventActor, Trigger};

    fn no_files(path: &str) -> Result<String, String> {
        Err(format!("no file {path}"))
    }

    fn actor(code: &str) -> EventActor {
        let country = CountryCode::new(&code[..3]).ok();
        let actor = Actor {
            id: code.into(),
            name: code.into(),
            country,
            sector: None,
            code: ActorCode::new(code).unwrap(),
        };
        EventActor {
            text: code.into(),
            start: 0,
            end: 3,
            actor,
            resolution: Default::default(),
        }
    }

    /// An actual gold event.
    fn gold_event(source: &str, target: Option<&str>, cameo: &str, negated: bool) -> GoldEvent {
        GoldEvent {
            source: source.into(),
            target: target.map(str::to_string),
            cameo: CameoCode::new(cameo).unwrap(),
            negated,
            modality: Modality::Actual,
            date: None,
            note: None,
        }
    }

    /// A predicted event with the fields scoring reads; `plover` is given as "EVENT/mode".
    fn event(
        source: &str,
        target: Option<&str>,
        cameo: &str,
        confidence: f64,
        start: usize,
    ) -> Event {
        let code = CameoCode::new(cameo).unwrap();
        let quad_class = QuadClass::from_number(match code.root_number() {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            _ => 4,
        })
        .unwrap();
        Event {
            doc: "d".into(),
            sentence_index: 0,
            sentence: "Arnor met Gondor.".into(),
            sentence_start: 0,
            sentence_end: 17,
            date: None,
            source: actor(source),
            target: target.map(actor),
            cameo: code,
            plover: String::new(),
            plover_mode: None,
            goldstein: 0.0,
            quad_class,
            negated: false,
            modality: Modality::Actual,
            trigger: Trigger {
                text: "met".into(),
                start,
                end: start + 3,
            },
            rule: "test".into(),
            source_path: None,
            target_path: None,
            confidence,
            dictionaries: String::new(),
            location: None,
        }
    }

    fn with_plover(mut e: Event, plover: &str, mode: Option<&str>) -> Event {
        e.plover = plover.into();
        e.plover_mode = mode.map(str::to_string);
        e
    }

    #[test]
    fn conflibert_lines_parse_and_bad_classes_name_the_line() {
        let items = parse_gold(
            GoldFormat::Conflibert,
            "c.tsv",
            "Arnor met Gondor.\t1\n\nX.\t4\n",
            &no_files,
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            (items[0].text.as_str(), &items[0].gold),
            ("Arnor met Gondor.", &Gold::Class(1))
        );
        let e =
            parse_gold(GoldFormat::Conflibert, "c.tsv", "A.\t1\nB.\t7\n", &no_files).unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (2, "c.tsv"));
        assert!(parse_gold(GoldFormat::Conflibert, "c.tsv", "no tab\n", &no_files).is_err());
    }

    #[test]
    fn plover_records_use_2021_names_and_skip_documentation() {
        let json = r#"[
            {"id": "doc", "event": "DOCUMENT", "eventText": "x"},
            {"id": "a", "event": "DEMAND", "text": "Arnor demanded.", "date": "2000-01-01"},
            {"id": "b", "event": "PROTEST", "mode": "demo-org", "text": "Gondor marched."},
            {"id": "c", "event": "INVESTIGATE", "mode": "", "text": "Rohan probed."}
        ]"#;
        let items = parse_gold(GoldFormat::PloverGsr, "p.json", json, &no_files).unwrap();
        let golds: Vec<&Gold> = items.iter().map(|i| &i.gold).collect();
        assert_eq!(
            golds,
            [
                &Gold::Plover {
                    event: "REQUEST".into(),
                    mode: None
                },
                &Gold::Plover {
                    event: "PROTEST".into(),
                    mode: Some("demo".into())
                },
                &Gold::Plover {
                    event: "ACCUSE".into(),
                    mode: Some("investigate".into())
                },
            ]
        );
        assert_eq!(items[0].date, EventDate::parse("2000-01-01").ok());
    }

    #[test]
    fn ngec_records_join_the_headline_to_the_story_and_bad_labels_name_the_line() {
        let csv = "disclaimer,text,title,source,prompt,label,mode\n\
                   x,\"Troops crossed the river.\n\nThey shelled the town.\",T,AFP,\"Arnor Attacks Gondor\n\n(AFP) --\",ASSAULT,\n\
                   x,Rohan thanked Gondor.,T,AP,Rohan Thanks Gondor,THANK,\n";
        let err = parse_gold(GoldFormat::Ngec, "n.csv", csv, &no_files).unwrap_err();
        // The second record starts on line 7: the first one's fields span five lines.
        assert_eq!((err.file.as_str(), err.line), ("n.csv", 7));
        assert!(err.message.contains("THANK"));
        let items = parse_gold(
            GoldFormat::Ngec,
            "n.csv",
            &csv[..csv.rfind("x,Rohan").unwrap()],
            &no_files,
        )
        .unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, "ngec1");
        assert_eq!(
            items[0].text,
            "Arnor Attacks Gondor\n\n(AFP) -- Troops crossed the river.\n\nThey shelled the town."
        );
        assert_eq!(
            items[0].gold,
            Gold::Plover {
                event: "ASSAULT".into(),
                mode: None
            }
        );
        assert!(parse_gold(
            GoldFormat::Ngec,
            "n.csv",
            "text,label\nA.,ASSAULT\n",
            &no_files
        )
        .unwrap_err()
        .message
        .contains("prompt"));
    }

    #[test]
    fn plv_rows_give_the_marked_spans_of_the_unmarked_text() {
        let tsv = "\tsentence_id\tmarked_sentence\tgold_root\n\
                   \t7\t<s>Arnor</s> besieged <t>Gondor</t> today.\tASSAULT\n\
                   \n\
                   \t8\t<s>Rohan</s> opened an inquiry.\tACCUSE\n\
                   \t9\t<s>Rohan</s> opened <t>an inquiry.\tACCUSE\n";
        let err = parse_gold(GoldFormat::Plv, "p.tsv", tsv, &no_files).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("p.tsv", 5));
        let items = parse_gold(
            GoldFormat::Plv,
            "p.tsv",
            &tsv[..tsv.rfind("\t9").unwrap()],
            &no_files,
        )
        .unwrap();
        assert_eq!(items[0].id, "plv7");
        assert_eq!(items[0].text, "Arnor besieged Gondor today.");
        assert_eq!(
            items[0].gold,
            Gold::Triple {
                event: "ASSAULT".into(),
                source: vec![Span::new(0, 5)],
                target: vec![Span::new(15, 21)],
            }
        );
        // An implicit target ("a recipient") has no span.
        assert!(matches!(&items[1].gold, Gold::Triple { target, .. } if target.is_empty()));
        // An actor marked at each of its mentions keeps every span; a stray closing mark fails.
        let (text, source, target) =
            unmark_plv("<s>Rohan</s> aided <t>Gondor</t> and <t>Gondor</t>'s king.").unwrap();
        assert_eq!(text, "Rohan aided Gondor and Gondor's king.");
        assert_eq!(source, vec![Span::new(0, 5)]);
        assert_eq!(target, vec![Span::new(12, 18), Span::new(23, 29)]);
        assert_eq!(unmark_plv("Rohan</s> aided Gondor."), None);
    }

    #[test]
    fn a_triple_is_found_by_a_typed_event_with_actors_in_the_gold_spans() {
        let mut event = with_plover(event("ARN", Some("GON"), "190", 0.9, 6), "ASSAULT", None);
        let (source, target) = (&[Span::new(0, 3)][..], &[Span::new(0, 3)][..]);
        assert!(finds_triple(&event, "ASSAULT", source, target));
        assert!(!finds_triple(&event, "COERCE", source, target));
        assert!(!finds_triple(
            &event,
            "ASSAULT",
            source,
            &[Span::new(10, 20)]
        ));
        // A target marked at each of its mentions is found at any of them.
        assert!(finds_triple(
            &event,
            "ASSAULT",
            source,
            &[Span::new(10, 20), Span::new(0, 3)]
        ));
        assert!(finds_triple(&event, "ASSAULT", source, &[]));
        event.plover = "RETREAT".into();
        assert!(finds_triple(&event, "YIELD", source, target));
        event.negated = true;
        assert!(!finds_triple(&event, "YIELD", source, target));
    }

    #[test]
    fn entente_records_take_text_or_file_and_reject_both() {
        let read = |path: &str| {
            if path == "a.txt" {
                Ok("Arnor met Gondor.".to_string())
            } else {
                Err("missing".into())
            }
        };
        let text = concat!(
            r#"{"id":"1","text":"Arnor met Gondor.","date":"2024-06","events":[{"source":"ARN","target":"GON","cameo":"04"}]}"#,
            "\n",
            r#"{"id":"2","file":"a.txt","events":[]}"#,
            "\n"
        );
        let items = parse_gold(GoldFormat::Entente, "g.jsonl", text, &read).unwrap();
        assert_eq!(items[1].text, "Arnor met Gondor.");
        let Gold::Events(events) = &items[0].gold else {
            panic!("expected events")
        };
        assert_eq!(
            (
                events[0].target.as_deref(),
                events[0].negated,
                events[0].modality
            ),
            (Some("GON"), false, Modality::Actual)
        );
        let both = r#"{"id":"3","text":"x","file":"a.txt","events":[]}"#;
        assert_eq!(
            parse_gold(GoldFormat::Entente, "g.jsonl", both, &read)
                .unwrap_err()
                .line,
            1
        );
        let bad_code = r#"{"id":"4","text":"x","events":[{"source":"ARN","cameo":"4"}]}"#;
        assert!(parse_gold(GoldFormat::Entente, "g.jsonl", bad_code, &read).is_err());
    }

    #[test]
    fn best_event_prefers_actual_then_confidence_then_the_earliest_trigger_and_skips_negated() {
        let mut negated = event("ARN", Some("GON"), "111", 0.99, 0);
        negated.negated = true;
        let mut threatened = event("ARN", Some("GON"), "163", 0.95, 1);
        threatened.modality = Modality::Threatened;
        let events = [
            negated,
            threatened,
            event("ARN", Some("GON"), "042", 0.8, 9),
            event("ARN", Some("GON"), "190", 0.8, 4),
        ];
        assert_eq!(best_event(&events).unwrap().cameo.as_str(), "190");
        assert_eq!(best_event(&events[..2]).unwrap().cameo.as_str(), "163");
        assert!(best_event(&events[..1]).is_none());
    }

    #[test]
    fn conflibert_classes_put_reduce_relations_with_verbal_conflict() {
        let class = |c: &str| conflibert_class(&CameoCode::new(c).unwrap());
        let classes: Vec<u8> = [
            "010", "0231", "042", "057", "073", "112", "163", "1661", "145", "190",
        ]
        .iter()
        .map(|c| class(c))
        .collect();
        assert_eq!(classes, [0, 0, 1, 1, 2, 3, 3, 3, 4, 4]);
    }

    fn conflibert_item(class: u8) -> GoldItem {
        GoldItem {
            id: format!("s{class}"),
            text: "x".into(),
            date: None,
            gold: Gold::Class(class),
        }
    }

    #[test]
    fn conflibert_scores_count_sentences_without_events_as_wrong() {
        let gold = [conflibert_item(1), conflibert_item(4), conflibert_item(3)];
        let predictions = vec![
            vec![event("ARN", Some("GON"), "042", 0.9, 0)],
            vec![event("ARN", Some("GON"), "112", 0.9, 0)],
            vec![],
        ];
        let report = score(GoldFormat::Conflibert, &gold, &predictions);
        assert_eq!(report.accuracy.unwrap(), Ratio::new(1, 3));
        assert_eq!(report.accuracy_when_coded.unwrap(), Ratio::new(1, 2));
        assert_eq!((report.items, report.items_with_events), (3, 2));
        let class3 = report.per_type["3"];
        assert_eq!((class3.gold, class3.predicted, class3.correct), (1, 1, 0));
        assert_eq!(report.per_type["1"].f1, 1.0);
        assert_eq!(report.confusion.labels, ["0", "1", "2", "3", "4", "none"]);
        assert_eq!(report.confusion.counts[4][3], 1);
        assert_eq!(report.confusion.counts[3][5], 1);
        assert_eq!(report.misses.len(), 2);
    }

    #[test]
    fn plover_scores_types_and_modes() {
        let item = |id: &str, event: &str, mode: Option<&str>| GoldItem {
            id: id.into(),
            text: "x".into(),
            date: None,
            gold: Gold::Plover {
                event: event.into(),
                mode: mode.map(str::to_string),
            },
        };
        let gold = [
            item("a", "CONSULT", Some("visit")),
            item("b", "PROTEST", Some("demo")),
            item("c", "ASSAULT", None),
        ];
        let predictions = vec![
            vec![with_plover(
                event("ARN", Some("GON"), "042", 0.9, 0),
                "CONSULT",
                Some("visit"),
            )],
            vec![with_plover(
                event("ARN", Some("GON"), "111", 0.9, 0),
                "ACCUSE",
                Some("disapprove"),
            )],
            vec![with_plover(
                event("ARN", Some("GON"), "190", 0.9, 0),
                "ASSAULT",
                None,
            )],
        ];
        let report = score(GoldFormat::PloverGsr, &gold, &predictions);
        assert_eq!(report.accuracy.unwrap(), Ratio::new(2, 3));
        assert_eq!(report.mode_accuracy.unwrap(), Ratio::new(1, 1));
        let quad = &report.quad_confusion;
        let at = |label: &str| quad.labels.iter().position(|l| l == label).unwrap();
        assert_eq!(
            quad.counts[at("material_conflict")][at("verbal_conflict")],
            1
        );
    }

    #[test]
    fn entente_events_match_on_participants_code_root_and_negation() {
        let gold = [GoldItem {
            id: "doc".into(),
            text: "x".into(),
            date: None,
            gold: Gold::Events(vec![
                gold_event("ARN", Some("GONGOV"), "04", false),
                gold_event("ARN", Some("GON"), "111", true),
                gold_event("GON", Some("ARN"), "190", false),
            ]),
        }];
        let mut negated = event("ARN", Some("GONGOV"), "111", 0.9, 20);
        negated.negated = true;
        let predictions = vec![vec![
            event("ARNGOV", Some("GONGOV"), "043", 0.9, 0),
            negated,
            event("GON", Some("ARN"), "173", 0.9, 40),
            event("ROH", None, "010", 0.9, 60),
        ]];
        let report = score(GoldFormat::Entente, &gold, &predictions);
        let overall = report.overall;
        assert_eq!(
            (overall.gold, overall.predicted, overall.correct),
            (3, 4, 2)
        );
        assert_eq!(report.per_type["19"].recall, 0.0);
        assert_eq!(report.per_type["04"].f1, 1.0);
        assert_eq!(report.modality_accuracy.unwrap(), Ratio::new(2, 2));
        let q = &report.quad_confusion;
        let at = |label: &str| q.labels.iter().position(|l| l == label).unwrap();
        assert_eq!(
            q.counts[at("material_conflict")][at("material_conflict")],
            1,
            "wrong code, right quad"
        );
        assert_eq!(
            q.counts[at("none")][at("verbal_coop")],
            1,
            "the unmatched statement"
        );
        assert_eq!(report.misses.len(), 2);
    }

    #[test]
    fn plover_judges_the_best_event_that_has_a_plover_type() {
        let gold = [GoldItem {
            id: "a".into(),
            text: "x".into(),
            date: None,
            gold: Gold::Plover {
                event: "REQUEST".into(),
                mode: None,
            },
        }];
        // "issued a declaration demanding that ...": the statement comes first, PLOVER has none.
        let predictions = vec![vec![
            with_plover(event("ARN", None, "010", 0.9, 0), "", None),
            with_plover(event("ARN", Some("GON"), "100", 0.9, 20), "REQUEST", None),
        ]];
        let report = score(GoldFormat::PloverGsr, &gold, &predictions);
        assert_eq!(report.accuracy.unwrap(), Ratio::new(1, 1));
    }

    #[test]
    fn entente_matching_serves_exact_codes_before_root_codes() {
        let gold = [GoldItem {
            id: "doc".into(),
            text: "x".into(),
            date: None,
            // The root-level "04" comes first in the file but must not take the only 042.
            gold: Gold::Events(vec![
                gold_event("ARN", Some("GON"), "04", false),
                gold_event("ARN", Some("GON"), "042", false),
            ]),
        }];
        let predictions = vec![vec![
            event("ARN", Some("GON"), "042", 0.9, 0),
            event("ARN", Some("GON"), "040", 0.9, 10),
        ]];
        let report = score(GoldFormat::Entente, &gold, &predictions);
        assert_eq!(report.overall.correct, 2);
        assert!(report.misses.is_empty());
    }
}
