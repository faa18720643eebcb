//! The store's analyses in the interpreter: `entente_analysis` (what `entente dyad`, `network`,
//! `balance` and `alerts` call) reading the store through a connection of the `duckdb` package.
//!
//! Each function takes `run(sql, params) -> rows`, a Python callable that runs one query on that
//! connection. The queries are `entente_queries`' text, the very text the CLI runs on its own
//! DuckDB, and the rows are read, analysed and printed as JSON by the same Rust code, so the
//! results are the CLI's `--format json`/`jsonl` by construction, with no DuckDB in the wheel.
//! [`events_query`] gives `entente events`' own query for Python to run, so that the listing comes
//! back as Arrow straight from duckdb.

use crate::EntenteError;
use entente_analysis::{self as analysis, DEFAULT_ALERT_EVIDENCE, DEFAULT_ALPHA};
use entente_analysis::{DEFAULT_TRIANGLES, DEFAULT_TRIANGLE_EVIDENCE};
use entente_analytics as an;
use entente_model::EventDate;
use entente_queries::{events_query as listing_query, Aggregates, EventFilter, LISTING_COLUMNS};
use entente_queries::{ActorKey, Cell, ModalityFilter, Param, QueryError, Reader, SqlBuilder};
use entente_queries::{SchemaMismatch, SCHEMA_VERSION_QUERY};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;

/// Why an analysis failed: the query (Python's duckdb raised) or what it returned.
enum Failure {
    Python(PyErr),
    Query(QueryError),
}

impl From<QueryError> for Failure {
    fn from(e: QueryError) -> Self {
        Self::Query(e)
    }
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Self::Python(e)
    }
}

/// A bad argument (an unknown actor, a bad `alpha`) is a `ValueError`, as the CLI's is a usage
/// error; a row of the wrong shape an `EntenteError`; duckdb's own errors pass through.
impl From<Failure> for PyErr {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Python(e) => e,
            Failure::Query(QueryError::Invalid(message)) => PyValueError::new_err(message),
            Failure::Query(other) => EntenteError::new_err(other.to_string()),
        }
    }
}

/// The store as the `duckdb` package's connection reads it, through `run(sql, params)`.
struct PyReader<'py> {
    run: Bound<'py, PyAny>,
}

impl Reader for PyReader<'_> {
    type Error = Failure;

    fn rows(&self, sql: &SqlBuilder) -> Result<Vec<Vec<Cell>>, Failure> {
        let rows = self.run.call1((sql.text(), params(self.run.py(), sql)?))?;
        let mut out = Vec::new();
        for row in rows.try_iter()? {
            out.push(
                row?.try_iter()?
                    .map(|v| cell(&v?))
                    .collect::<PyResult<_>>()?,
            );
        }
        Ok(out)
    }
}

/// A query's parameters as the `duckdb` package binds them.
fn params<'py>(py: Python<'py>, sql: &SqlBuilder) -> PyResult<Bound<'py, PyList>> {
    let params = sql
        .params()
        .iter()
        .map(|param| match param {
            Param::Int(i) => i.into_bound_py_any(py),
            Param::Float(f) => f.into_bound_py_any(py),
            Param::Text(s) => s.into_bound_py_any(py),
            // `CAST(? AS DATE)` reads ISO text as the store's DuckDB reads a DATE parameter.
            Param::Date(days) => EventDate::from_days_since_epoch(i64::from(*days))
                .to_string()
                .into_bound_py_any(py),
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, params)
}

/// A value duckdb returned, as the store crate's reader sees the same value.
fn cell(value: &Bound<'_, PyAny>) -> PyResult<Cell> {
    Ok(if value.is_none() {
        Cell::Null
    } else if let Ok(b) = value.downcast::<PyBool>() {
        Cell::Bool(b.is_true())
    } else if value.is_instance_of::<PyInt>() {
        value
            .extract::<i64>()
            .map_or_else(|_| Cell::Text(value.to_string()), Cell::Int)
    } else if value.is_instance_of::<PyFloat>() {
        Cell::Float(value.extract()?)
    } else if value.is_instance_of::<PyString>() {
        Cell::Text(value.extract()?)
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        Cell::List(
            value
                .try_iter()?
                .map(|v| cell(&v?))
                .collect::<PyResult<_>>()?,
        )
    } else {
        Cell::Text(value.to_string())
    })
}

fn date(name: &str, text: Option<&str>) -> PyResult<Option<EventDate>> {
    text.map(|t| {
        EventDate::parse(t).map_err(|e| PyValueError::new_err(format!("{name} {t:?}: {e}")))
    })
    .transpose()
}

fn granularity(by: &str) -> PyResult<an::Granularity> {
    by.parse()
        .map_err(|e: String| PyValueError::new_err(format!("by {by:?}: {e}")))
}

/// The events an analysis reads, from the CLI's `--group`, `--origin` and `--modality`.
fn scope(group: &str, origin: Option<String>, modality: &str) -> PyResult<analysis::Scope> {
    let key = match group {
        "country" => ActorKey::Country,
        "code" => ActorKey::Code,
        "state" => ActorKey::State,
        other => {
            return Err(PyValueError::new_err(format!(
                "group {other:?}: expected country, code or state"
            )))
        }
    };
    let modality =
        ModalityFilter::parse(modality).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(analysis::Scope {
        key,
        origin,
        modality,
    })
}

fn window(
    at: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    all: bool,
) -> PyResult<analysis::Window> {
    if at.is_some() && (since.is_some() || until.is_some() || all) {
        return Err(PyValueError::new_err(
            "at names the whole window: give it without since, until or all",
        ));
    }
    if all && (since.is_some() || until.is_some()) {
        return Err(PyValueError::new_err(
            "all is the whole store: give it without since or until",
        ));
    }
    Ok(analysis::Window {
        at: date("at", at)?,
        since: date("since", since)?,
        until: date("until", until)?,
        all,
    })
}

fn json_error(e: serde_json::Error) -> PyErr {
    EntenteError::new_err(format!("writing JSON: {e}"))
}

/// `entente dyad A B --format jsonl`.
#[pyfunction]
#[pyo3(signature = (run, a, b, *, by="month", since=None, until=None, directed=false,
                    alpha=DEFAULT_ALPHA, group="country", origin=None, modality="actual"))]
#[allow(clippy::too_many_arguments)]
pub fn dyad_jsonl(
    run: Bound<'_, PyAny>,
    a: String,
    b: String,
    by: &str,
    since: Option<&str>,
    until: Option<&str>,
    directed: bool,
    alpha: f64,
    group: &str,
    origin: Option<String>,
    modality: &str,
) -> PyResult<String> {
    let query = analysis::DyadQuery {
        a,
        b,
        by: granularity(by)?,
        since: date("since", since)?,
        until: date("until", until)?,
        directed,
        alpha,
        scope: scope(group, origin, modality)?,
    };
    let series = analysis::dyad(&PyReader { run }, &query)?;
    analysis::jsonl(&series.periods).map_err(json_error)
}

/// `entente network --format jsonl`.
#[pyfunction]
#[pyo3(signature = (run, *, at=None, since=None, until=None, all=false, neutral_band=None,
                    min_evidence=None, relation_weight=None, group="country", origin=None,
                    modality="actual"))]
#[allow(clippy::too_many_arguments)]
pub fn network_jsonl(
    run: Bound<'_, PyAny>,
    at: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    all: bool,
    neutral_band: Option<f64>,
    min_evidence: Option<u64>,
    relation_weight: Option<f64>,
    group: &str,
    origin: Option<String>,
    modality: &str,
) -> PyResult<String> {
    let reader = PyReader { run };
    let window = window(at, since, until, all)?
        .resolve(&reader)
        .map_err(PyErr::from)?;
    let f = scope(group, origin, modality)?.filter(window.since, window.until);
    let params = sign(neutral_band, min_evidence, relation_weight);
    let network = analysis::network(&reader, &f, &params)?;
    analysis::jsonl(&network.edges).map_err(json_error)
}

/// How an edge gets its sign: the CLI's defaults for what is not given.
fn sign(
    neutral_band: Option<f64>,
    min_evidence: Option<u64>,
    relation_weight: Option<f64>,
) -> an::NetworkParams {
    let default = an::NetworkParams::default();
    an::NetworkParams {
        neutral_band: neutral_band.unwrap_or(default.neutral_band),
        min_evidence: min_evidence.unwrap_or(default.min_evidence),
        relation_weight: relation_weight.unwrap_or(default.relation_weight),
    }
}

/// `entente balance --format json`, and whether the focus actor has an edge in the window.
#[pyfunction]
#[pyo3(signature = (run, *, focus=None, limit=DEFAULT_TRIANGLES, evidence=DEFAULT_TRIANGLE_EVIDENCE,
                    exact_limit=None, at=None, since=None, until=None, all=false, neutral_band=None,
                    min_evidence=None, relation_weight=None, group="country", origin=None,
                    modality="actual"))]
#[allow(clippy::too_many_arguments)]
pub fn balance_json(
    run: Bound<'_, PyAny>,
    focus: Option<String>,
    limit: usize,
    evidence: usize,
    exact_limit: Option<usize>,
    at: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    all: bool,
    neutral_band: Option<f64>,
    min_evidence: Option<u64>,
    relation_weight: Option<f64>,
    group: &str,
    origin: Option<String>,
    modality: &str,
) -> PyResult<(String, bool)> {
    let query = analysis::BalanceQuery {
        focus,
        limit,
        evidence,
        exact_limit: exact_limit.unwrap_or(an::BlocParams::default().exact_limit),
        window: window(at, since, until, all)?,
        sign: sign(neutral_band, min_evidence, relation_weight),
        scope: scope(group, origin, modality)?,
    };
    let balance = analysis::balance(&PyReader { run }, &query)?;
    let json = analysis::json(&balance.report).map_err(json_error)?;
    Ok((json, balance.focus_in_network))
}

/// `entente alerts --format jsonl`.
#[pyfunction]
#[pyo3(signature = (run, *, since=None, by="month", baseline=None, min_baseline=None,
                    threshold=None, neutral_band=None, min_events=None,
                    evidence=DEFAULT_ALERT_EVIDENCE, group="country", origin=None,
                    modality="actual"))]
#[allow(clippy::too_many_arguments)]
pub fn alerts_jsonl(
    run: Bound<'_, PyAny>,
    since: Option<&str>,
    by: &str,
    baseline: Option<usize>,
    min_baseline: Option<usize>,
    threshold: Option<f64>,
    neutral_band: Option<f64>,
    min_events: Option<u64>,
    evidence: usize,
    group: &str,
    origin: Option<String>,
    modality: &str,
) -> PyResult<String> {
    let default = an::AlertParams::default();
    let query = analysis::AlertsQuery {
        since: date("since", since)?,
        by: granularity(by)?,
        params: an::AlertParams {
            baseline_periods: baseline.unwrap_or(default.baseline_periods),
            min_baseline_periods: min_baseline.unwrap_or(default.min_baseline_periods),
            threshold: threshold.unwrap_or(default.threshold),
            neutral_band: neutral_band.unwrap_or(default.neutral_band),
            min_events: min_events.unwrap_or(default.min_events),
        },
        evidence,
        scope: scope(group, origin, modality)?,
    };
    match analysis::alerts(&PyReader { run }, &query)? {
        Some(alerts) => analysis::jsonl(&alerts).map_err(json_error),
        None => Ok(String::new()),
    }
}

/// `entente events --format jsonl`'s query (its SQL and parameters) for these filters, after
/// checking, as the CLI does, that every actor they name is in the store; the caller runs it on its
/// connection and gets the listing as Arrow.
#[pyfunction]
#[pyo3(signature = (run, *, actor=None, dyad=None, since=None, until=None, code=None, root=None,
                    quad=None, plover=None, origin=None, text=None, place=None, near=None,
                    modality="actual", limit=None))]
#[allow(clippy::too_many_arguments)]
pub fn events_query<'py>(
    run: Bound<'py, PyAny>,
    actor: Option<String>,
    dyad: Option<(String, String)>,
    since: Option<&str>,
    until: Option<&str>,
    code: Option<String>,
    root: Option<String>,
    quad: Option<i64>,
    plover: Option<String>,
    origin: Option<String>,
    text: Option<String>,
    place: Option<String>,
    near: Option<(f64, f64, f64)>,
    modality: &str,
    limit: Option<usize>,
) -> PyResult<(String, Bound<'py, PyList>)> {
    let quad = quad
        .map(|q| {
            u8::try_from(q).map_err(|_| PyValueError::new_err(format!("quad {q}: expected 1..4")))
        })
        .transpose()?;
    let filter = EventFilter {
        actor,
        dyad,
        since: date("since", since)?,
        until: date("until", until)?,
        code,
        root,
        quad,
        plover,
        origin,
        text,
        place,
        near,
        modality: ModalityFilter::parse(modality)
            .map_err(|e| PyValueError::new_err(e.to_string()))?,
        limit,
        ..EventFilter::default()
    };
    let sql = listing_query(&filter, LISTING_COLUMNS).map_err(|e| PyErr::from(Failure::from(e)))?;
    let reader = PyReader { run };
    for named in filter.named_actors() {
        reader.check_actor(named)?;
    }
    let params = params(reader.run.py(), &sql)?;
    Ok((sql.text().to_string(), params))
}

/// The query that reads a store's schema version, and what is wrong with a store at version
/// `found` (`None`: the store has no entente schema), as the CLI words it; `None` when it reads.
#[pyfunction]
#[pyo3(signature = (path, found))]
pub fn schema_problem(path: &str, found: Option<i64>) -> Option<String> {
    SchemaMismatch::of(found).map(|mismatch| mismatch.message(path))
}

/// `SELECT max(version) FROM schema_version`, shared with the store.
#[pyfunction]
pub fn schema_version_query() -> &'static str {
    SCHEMA_VERSION_QUERY
}
