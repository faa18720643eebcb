//! `entente._entente`: the extension module under the `entente` Python package.
//!
//! - [`Coder`] holds one loaded [`Pipeline`] and codes lists of texts into a [`Table`] of events,
//!   actor mentions or relations, with the GIL released while the pipeline runs (so Python threads
//!   overlap).
//! - [`Table`] is an Arrow record batch behind the Arrow PyCapsule interface, its columns those of
//!   the CLI's `--format csv`.
//!
//! - `dyad_jsonl`, `network_jsonl`, `balance_json` and `alerts_jsonl` ([`store`]) run the CLI's
//!   analyses on a store read through the `duckdb` package; `events_query` gives the SQL of its
//!   event listing.
//!
//! The module wraps the crates through their public APIs only, and never links DuckDB: the wheel
//! builds in minutes, and Python users read the store with the `duckdb` package they already have.

mod store;
mod table;

use entente_dictionaries::{Dictionaries, LoadError};
use entente_model::{Document, EventDate};
use entente_pipeline::output::MentionRow;
use entente_pipeline::{DocOutput, Pipeline, RunItem};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use table::{Table, TableBuilder};

pyo3::create_exception!(
    _entente,
    EntenteError,
    PyException,
    "Base class of the errors Entente raises."
);
pyo3::create_exception!(
    _entente,
    DictionaryError,
    EntenteError,
    "A dictionary file could not be loaded; `file` and `line` say where."
);

/// A `DictionaryError` carrying the file and line of the fault as attributes.
fn dictionary_error(py: Python<'_>, error: &LoadError) -> PyErr {
    let err = DictionaryError::new_err(error.to_string());
    let value = err.value(py);
    let located = value
        .setattr("file", &error.file)
        .and_then(|()| value.setattr("line", error.line));
    match located {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// The date a document is dated by, read as the CLI reads a JSONL document's `date`.
fn document_date(index: usize, date: &str) -> PyResult<EventDate> {
    EventDate::parse(date.trim())
        .ok()
        .or_else(|| entente_pipeline::text::dates::parse_document_date(date))
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "dates[{index}]: unreadable date {date:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        })
}

/// Which rows of a coded document a table holds.
#[derive(Clone, Copy)]
enum Rows {
    Events,
    Mentions,
    Relations,
}

/// The coder with its dictionaries loaded once; see `entente.Coder` for the Python face.
#[pyclass(module = "entente._entente", name = "Coder", frozen)]
struct Coder {
    pipeline: Pipeline,
}

impl Coder {
    fn code(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
        rows: Rows,
    ) -> PyResult<Table> {
        let documents = texts
            .into_iter()
            .zip(ids)
            .zip(dates)
            .enumerate()
            .map(|(index, ((text, id), date))| {
                let date = date.map(|d| document_date(index, &d)).transpose()?;
                Ok(Document {
                    id,
                    text: entente_pipeline::input::plain_text(text),
                    date,
                    ..Document::default()
                })
            })
            .collect::<PyResult<Vec<Document>>>()?;
        let table = py.allow_threads(|| self.run(documents, rows));
        table.map_err(|e| EntenteError::new_err(format!("building the Arrow table: {e}")))
    }

    fn run(&self, documents: Vec<Document>, rows: Rows) -> Result<Table, arrow_schema::ArrowError> {
        let mut builder = match rows {
            Rows::Events => TableBuilder::new::<entente_model::Event>(),
            Rows::Mentions => TableBuilder::new::<MentionRow>(),
            Rows::Relations => TableBuilder::new::<entente_model::Relation>(),
        };
        let sink = |item: RunItem| {
            if let RunItem::Coded(out) = item {
                push_rows(&mut builder, &out, rows);
            }
            Ok::<(), std::convert::Infallible>(())
        };
        let Ok(()) = self.pipeline.run(documents.into_iter().map(Ok), sink);
        builder.finish()
    }
}

fn push_rows(builder: &mut TableBuilder, out: &DocOutput, rows: Rows) {
    match rows {
        Rows::Events => out.events.iter().for_each(|e| builder.push(e)),
        Rows::Mentions => out
            .mentions
            .iter()
            .for_each(|m| builder.push(&MentionRow::new(&out.doc.id, &out.doc.text, m))),
        Rows::Relations => out.relations.iter().for_each(|r| builder.push(r)),
    }
}

#[pymethods]
impl Coder {
    /// Loads the built-in dictionaries plus the files in `dictionaries` (a folder), as the CLI's
    /// `--dictionaries DIR` does.
    #[new]
    #[pyo3(signature = (dictionaries=None))]
    fn new(py: Python<'_>, dictionaries: Option<PathBuf>) -> PyResult<Self> {
        if let Some(dir) = &dictionaries {
            if !dir.is_dir() {
                return Err(DictionaryError::new_err(format!(
                    "{}: not a directory of dictionary files",
                    dir.display()
                )));
            }
        }
        let loaded = py.allow_threads(|| Dictionaries::load(dictionaries.as_deref()));
        let dicts = loaded.map_err(|e| dictionary_error(py, &e))?;
        let pipeline = Pipeline::new(Arc::new(dicts));
        if let Some(why) = pipeline.gazetteer_error() {
            let located = LoadError {
                file: why.file.clone(),
                line: why.line,
                message: why.message.clone(),
            };
            return Err(dictionary_error(py, &located));
        }
        Ok(Self { pipeline })
    }

    /// Events of the documents, one row per event, in input order.
    fn events(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
    ) -> PyResult<Table> {
        self.code(py, texts, ids, dates, Rows::Events)
    }

    /// Actor mentions of the documents, one row per mention.
    fn mentions(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
    ) -> PyResult<Table> {
        self.code(py, texts, ids, dates, Rows::Mentions)
    }

    /// Stated relations of the documents ("X, a close ally of Y").
    fn relations(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
    ) -> PyResult<Table> {
        self.code(py, texts, ids, dates, Rows::Relations)
    }

    /// How a passage was coded, as `entente explain --format json` prints it.
    #[pyo3(signature = (text, date=None))]
    fn explain_json(&self, py: Python<'_>, text: String, date: Option<String>) -> PyResult<String> {
        let date = date.map(|d| document_date(0, &d)).transpose()?;
        let doc = Document {
            id: "explain".into(),
            text: entente_pipeline::input::plain_text(text),
            date,
            ..Document::default()
        };
        let explained = py.allow_threads(|| {
            let sentences = entente_pipeline::text::segment(&doc.text);
            let dicts = self.pipeline.dictionaries();
            let mentions =
                entente_pipeline::actors::find_actors(&doc, &sentences, dicts, date).mentions;
            let explanations = self
                .pipeline
                .coder()
                .explain_document(&doc, &sentences, &mentions);
            serde_json::to_string(&explanations)
        });
        explained.map_err(|e| EntenteError::new_err(format!("explaining: {e}")))
    }

    /// The hash of the dictionary set, as the `dictionaries` column of every event carries it.
    #[getter]
    fn dictionaries_hash(&self) -> String {
        self.pipeline.dictionaries().hash().to_string()
    }
}

#[pymodule]
fn _entente(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Coder>()?;
    m.add_class::<Table>()?;
    m.add_function(wrap_pyfunction!(store::events_query, m)?)?;
    m.add_function(wrap_pyfunction!(store::dyad_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(store::network_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(store::balance_json, m)?)?;
    m.add_function(wrap_pyfunction!(store::alerts_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(store::schema_problem, m)?)?;
    m.add_function(wrap_pyfunction!(store::schema_version_query, m)?)?;
    m.add("EntenteError", py.get_type::<EntenteError>())?;
    m.add("DictionaryError", py.get_type::<DictionaryError>())?;
    Ok(())
}
