//! The pipeline: documents in, coded documents out, in bounded memory and in parallel.
//!
//! - [`input::read_inputs`] streams [`Document`]s from files, directories and stdin, one error per
//!   unreadable input, never stopping the rest.
//! - [`Pipeline`] holds the immutable dictionaries and runs the stages in a fixed order:
//!   segmentation (`entente_text`) → actors (`entente_actors`) → events and relations (`entente_coder`).
//!   [`Pipeline::process`] does one document; [`Pipeline::run`] does a stream in parallel batches and
//!   hands results back in input order, so output is deterministic.
//! - [`output`] writes events, mentions and relations as JSONL, CSV or a table.
//! - [`eval`] scores the coder against gold data; [`eval_peers`] runs PETRARCH-2's and TABARI's own
//!   test suites with their own dictionaries.

pub mod docx;
pub mod eval;
pub mod eval_locations;
pub mod eval_peers;
pub mod input;
pub mod output;
pub mod pdf;

pub use entente_actors as actors;
pub use entente_coder as coder;
pub use entente_places::Geocode;
pub use entente_text as text;

use entente_dictionaries::Dictionaries;
use entente_model::{Diagnostic, Document, Event, EventDate, Mention, Relation, Sentence};
use input::InputError;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc};

/// Everything the stages produced for one document.
#[derive(Debug)]
pub struct DocOutput {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One item of a run, in input order: a coded document or an input that could not be read.
#[derive(Debug)]
pub enum RunItem {
    Coded(Box<DocOutput>),
    Unreadable(InputError),
}

/// The date the whole story is dated by: a dateline ("NEW DELHI, October 21, 2024 —") when the
/// document has no date or a coarser one the dateline falls within; the document's date otherwise.
/// Every sentence's year-less and relative dates resolve against it.
fn story_date(doc: &Document) -> Option<EventDate> {
    let dateline = entente_text::dates::dateline_date(&doc.text, doc.date);
    match (doc.date, dateline) {
        (None, dateline) => dateline,
        (Some(known), Some(dateline)) if falls_within(dateline, known) => Some(dateline),
        (known, _) => known,
    }
}

/// Whether every day `date` may stand for lies in the period `period` covers.
fn falls_within(date: EventDate, period: EventDate) -> bool {
    date.year == period.year
        && period.month.is_none_or(|m| date.month == Some(m))
        && period.day.is_none_or(|d| date.day == Some(d))
}

/// Limits on how much input is held in memory at once.
const BATCH_DOCUMENTS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

/// The stages in their fixed order, sharing one immutable dictionary set and one parser.
#[derive(Clone)]
pub struct Pipeline {
    dicts: Arc<Dictionaries>,
    /// The embedded parser (decoded once per process), or why it could not be loaded: coding then
    /// reads roles from word order.
    syntax: Result<&'static entente_syntax::Model, String>,
    /// Which events get a location from the embedded gazetteer.
    geocode: Geocode,
    /// The gazetteer with the places the dictionaries add, when they add any (else the built-in
    /// one is used), or why those could not be read.
    extended_gazetteer:
        Option<Result<Arc<entente_places::Gazetteer>, entente_places::GazetteerError>>,
    /// Whether the coder may take a town the gazetteer names as the state an act landed on.
    towns_as_targets: bool,
}

/// Starts parsing what coding needs besides the dictionaries, the syntax model and the gazetteer
/// (the coder reads towns as places, and most runs locate events), on a thread of its own: called
/// before the dictionaries load, their parses overlap it instead of following it. Each is parsed
/// once per process; whoever needs one first waits for it.
pub fn warm_up() {
    std::thread::spawn(|| {
        let _ = entente_syntax::Model::shared();
        let _ = entente_places::Gazetteer::builtin();
    });
}

impl Pipeline {
    /// A pipeline with the built-in parser.
    pub fn new(dicts: Arc<Dictionaries>) -> Self {
        let syntax = entente_syntax::Model::shared().map_err(|e| e.to_string());
        let additions: Vec<(&str, &str)> = dicts
            .gazetteer_additions
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        let extended_gazetteer = (!additions.is_empty())
            .then(|| entente_places::Gazetteer::with_additions(&additions).map(Arc::new));
        Self {
            dicts,
            syntax,
            geocode: Geocode::default(),
            extended_gazetteer,
            towns_as_targets: true,
        }
    }

    /// Why the places the dictionaries add could not be read (file and line), if they could not:
    /// events are then located with the built-in gazetteer alone.
    pub fn gazetteer_error(&self) -> Option<&entente_places::GazetteerError> {
        match &self.extended_gazetteer {
            Some(Err(why)) => Some(why),
            _ => None,
        }
    }

    /// The same pipeline, with towns the gazetteer names standing for their states as targets
    /// (`on`, the default) or not: a dictionary of a fictional world has no real towns.
    pub fn with_towns_as_targets(mut self, on: bool) -> Self {
        self.towns_as_targets = on;
        self
    }

    /// The same pipeline, locating the events `geocode` names.
    pub fn with_geocode(mut self, geocode: Geocode) -> Self {
        self.geocode = geocode;
        self
    }

    /// The gazetteer: the built-in one with the places the dictionaries add, or alone when they add
    /// none or could not be read.
    fn gazetteer(&self) -> Result<&entente_places::Gazetteer, String> {
        match &self.extended_gazetteer {
            Some(Ok(extended)) => Ok(extended.as_ref()),
            _ => entente_places::Gazetteer::builtin().map_err(|e| e.to_string()),
        }
    }

    /// The parser roles are read with, when it loaded.
    pub fn syntax(&self) -> Option<&'static entente_syntax::Model> {
        self.syntax.as_ref().ok().copied()
    }

    /// The coder as this pipeline runs it.
    pub fn coder(&self) -> entente_coder::Coder<'_> {
        let mut coder = entente_coder::Coder::from_dictionaries(&self.dicts);
        if let Some(gazetteer) = self.gazetteer().ok().filter(|_| self.towns_as_targets) {
            coder = coder.with_towns(gazetteer);
        }
        match self.syntax() {
            Some(model) => coder.with_syntax(model),
            None => coder,
        }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// Runs every stage on one document. Never panics: a stage that fails leaves the document with
    /// the outputs of the stages before it and an `internal` diagnostic.
    pub fn process(&self, mut doc: Document) -> DocOutput {
        doc.date = catch_unwind(|| story_date(&doc)).unwrap_or(doc.date);
        let segmentation =
            catch_unwind(|| entente_text::segment_reporting_cuts(&doc.text)).unwrap_or_default();
        let mut out = DocOutput {
            doc,
            sentences: segmentation.sentences,
            mentions: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            diagnostics: Vec::new(),
        };
        let cut_warning = cut_sentences_warning(&out, &segmentation.cut);
        let staged = catch_unwind(AssertUnwindSafe(|| {
            let actors =
                entente_actors::find_actors(&out.doc, &out.sentences, &self.dicts, out.doc.date);
            let mut coded = self
                .coder()
                .code_document(&out.doc, &out.sentences, &actors.mentions);
            let located = self.locate(
                &out.doc,
                &out.sentences,
                &actors.mentions,
                &mut coded.events,
                &coded.trees,
            );
            coded.diagnostics.extend(located);
            (actors, coded)
        }));
        match staged {
            Ok((actors, coded)) => {
                out.mentions = actors.mentions;
                out.diagnostics = actors.diagnostics;
                out.events = coded.events;
                out.relations = coded.relations;
                out.diagnostics.extend(coded.diagnostics);
                if let Err(why) = &self.syntax {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "syntax.unavailable",
                            format!("the parser could not be loaded ({why}); roles come from word order"),
                        )
                        .at(out.doc.id.clone()),
                    );
                }
            }
            Err(_) => out.diagnostics.push(
                Diagnostic::error(
                    "internal",
                    "a coding stage failed on this document; it was skipped",
                )
                .at(out.doc.id.clone()),
            ),
        }
        out.diagnostics.extend(cut_warning);
        out
    }

    /// Gives the events their locations (`entente_places`); the diagnostics say which names were
    /// ambiguous, or that the gazetteer could not be read.
    fn locate(
        &self,
        doc: &Document,
        sentences: &[Sentence],
        mentions: &[Mention],
        events: &mut [Event],
        trees: &BTreeMap<usize, entente_syntax::Parse>,
    ) -> Vec<Diagnostic> {
        if self.geocode == Geocode::Off || events.is_empty() {
            return Vec::new();
        }
        match self.gazetteer() {
            Ok(gazetteer) => entente_places::locate_events(
                gazetteer,
                doc,
                sentences,
                mentions,
                events,
                trees,
                self.geocode,
            ),
            Err(why) => vec![Diagnostic::error(
                "location.gazetteer",
                format!("the gazetteer could not be read ({why}); events have no location"),
            )
            .at(doc.id.clone())],
        }
    }

    /// Codes a stream of documents in parallel batches, calling `sink` for each item in input order.
    /// Stops early if `sink` returns an error (for example a closed pipe).
    ///
    /// The calling thread reads the next batch and hands the previous batch's results to `sink`
    /// while the thread pool codes the current one, so reading and writing never leave a core idle.
    pub fn run<E>(
        &self,
        mut inputs: impl Iterator<Item = Result<Document, InputError>>,
        mut sink: impl FnMut(RunItem) -> Result<(), E>,
    ) -> Result<(), E> {
        rayon::in_place_scope(|scope| {
            let mut coding: Option<mpsc::Receiver<Vec<RunItem>>> = None;
            loop {
                let batch = next_batch(&mut inputs);
                let next = (!batch.is_empty()).then(|| {
                    let (done, results) = mpsc::sync_channel(1);
                    scope.spawn(move |_| {
                        // The receiver is gone only when `sink` failed; the results are then moot.
                        let _ = done.send(self.code_batch(batch));
                    });
                    results
                });
                if let Some(results) = coding.take() {
                    for item in results.recv().unwrap_or_default() {
                        sink(item)?;
                    }
                }
                coding = next;
                if coding.is_none() {
                    return Ok(());
                }
            }
        })
    }

    fn code_batch(&self, batch: Vec<Result<Document, InputError>>) -> Vec<RunItem> {
        batch
            .into_par_iter()
            .map(|item| match item {
                Ok(doc) => RunItem::Coded(Box::new(self.process(doc))),
                Err(e) => RunItem::Unreadable(e),
            })
            .collect()
    }
}

/// One warning per document whose text ran on past [`entente_text::MAX_SENTENCE_TOKENS`] tokens
/// without a sentence end, located at the first cut ("doc:byte").
fn cut_sentences_warning(out: &DocOutput, cut: &[usize]) -> Option<Diagnostic> {
    let first = out.sentences.get(*cut.first()?)?;
    Some(
        Diagnostic::warning(
            "sentence-cut",
            format!(
                "{} sentence(s) ran past {} tokens without a sentence end and were cut there; \
                 an event spanning a cut is not coded",
                cut.len(),
                entente_text::MAX_SENTENCE_TOKENS
            ),
        )
        .at(format!("{}:{}", out.doc.id, first.span.end)),
    )
}

/// The next batch of inputs: up to `BATCH_DOCUMENTS` documents or `BATCH_BYTES` of text.
fn next_batch(
    inputs: &mut impl Iterator<Item = Result<Document, InputError>>,
) -> Vec<Result<Document, InputError>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_DOCUMENTS && bytes < BATCH_BYTES {
        let Some(item) = inputs.next() else { break };
        if let Ok(doc) = &item {
            bytes += doc.text.len();
        }
        batch.push(item);
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(n: usize) -> Document {
        Document {
            id: format!("doc-{n}"),
            text: format!("Gondor condemned Mordor on day {n}."),
            title: None,
            date: None,
            url: None,
            source: None,
        }
    }

    /// More documents than fit in one batch, with unreadable inputs among them.
    fn inputs(count: usize) -> impl Iterator<Item = Result<Document, InputError>> {
        (0..count).map(|n| {
            if n % 97 == 0 {
                Err(InputError::NotFound {
                    path: format!("missing-{n}"),
                })
            } else {
                Ok(document(n))
            }
        })
    }

    fn label(item: &RunItem) -> String {
        match item {
            RunItem::Coded(out) => out.doc.id.clone(),
            RunItem::Unreadable(e) => e.to_string(),
        }
    }

    #[test]
    fn a_dateline_dates_the_story_within_its_metadata_date() {
        let dated = |text: &str, date: Option<&str>| {
            let doc = Document {
                date: date.map(|d| EventDate::parse(d).unwrap()),
                ..document(0)
            };
            story_date(&Document {
                text: text.into(),
                ..doc
            })
            .map(|d| d.to_string())
        };
        let story = "NEW DELHI, October 21, 2024 — Modi is expected to meet Xi on Wednesday.";
        assert_eq!(dated(story, None), Some("2024-10-21".into()));
        assert_eq!(dated(story, Some("2024-10")), Some("2024-10-21".into()));
        // Metadata that disagrees wins: it was given on purpose.
        assert_eq!(dated(story, Some("2023")), Some("2023".into()));
        let wire = "Kabul, May 3 (Reuters) - The Taliban met Pakistani envoys.";
        assert_eq!(dated(wire, Some("2024")), Some("2024-05-03".into()));
        assert_eq!(dated(wire, None), None);
    }

    #[test]
    fn run_returns_every_item_in_input_order_across_batches() {
        let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
        let count = BATCH_DOCUMENTS * 2 + 37;
        let mut seen = Vec::new();
        pipeline
            .run(inputs(count), |item| {
                seen.push(label(&item));
                Ok::<(), ()>(())
            })
            .unwrap();
        let expected: Vec<String> = inputs(count)
            .map(|item| match item {
                Ok(doc) => doc.id,
                Err(e) => e.to_string(),
            })
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_long_run_without_full_stops_is_cut_with_one_warning_and_still_coded() {
        let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
        let clause =
            "Russia condemned Ukraine and Israel attacked Hamas while Turkey praised Azerbaijan and ";
        let out = pipeline.process(Document {
            id: "dense".into(),
            text: clause.repeat(200),
            ..Document::default()
        });
        let limit = entente_text::MAX_SENTENCE_TOKENS;
        // Twelve tokens a clause, none lost.
        assert!(out.sentences.len() >= 200 * 12 / limit);
        assert!(out
            .sentences
            .iter()
            .all(|s| entente_text::tokenize(&out.doc.text, s.span).len() <= limit));
        let cuts: Vec<&Diagnostic> = out
            .diagnostics
            .iter()
            .filter(|d| d.code == "sentence-cut")
            .collect();
        assert_eq!(cuts.len(), 1, "{:?}", out.diagnostics);
        assert!(cuts[0].location.as_deref().unwrap().starts_with("dense:"));
        assert!(!out.events.is_empty());
        assert!(out.mentions.len() >= 200 * 6);
    }

    #[test]
    fn run_stops_at_the_first_sink_error() {
        let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
        let mut calls = 0;
        let result = pipeline.run(inputs(BATCH_DOCUMENTS * 3), |_| {
            calls += 1;
            if calls == 10 {
                Err("closed pipe")
            } else {
                Ok(())
            }
        });
        assert_eq!(result, Err("closed pipe"));
        assert_eq!(calls, 10);
    }
}
