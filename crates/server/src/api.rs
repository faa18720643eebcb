//! The JSON API under `/api/v1/`: the CLI's queries with the CLI's field names.
//!
//! Every request is turned into the store's typed filters or the analysis module's queries: no
//! request text becomes SQL (the confined `/api/v1/sql` excepted, which runs exactly what
//! `entente sql` runs). Reads and coding take a slot (bounded concurrency) and run on blocking
//! threads; reads go through a confined connection (`readers`), under the time limit.

use crate::analysis::{self, Scope, Window};
use crate::error::ApiError;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use entente_analytics as an;
use entente_model::{Document, EventDate};
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::output::MentionRow;
use entente_pipeline::{actors, text, RunItem};
use entente_store::{
    ActorKey, Aggregates, Cell, DocRecord, EventFilter, ExportFormat, ModalityFilter, SqlLimits,
    Store, StoreError, WriteLock,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

type Shared = Arc<AppState>;
type ApiResult = Result<Response, ApiError>;

/// Every API route: the router is built from this list and the OpenAPI document is checked
/// against it, so neither can name a route the other lacks.
pub static ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/events"),
    ("GET", "/api/v1/export"),
    ("GET", "/api/v1/evidence"),
    ("GET", "/api/v1/places"),
    ("GET", "/api/v1/dyad"),
    ("GET", "/api/v1/network"),
    ("GET", "/api/v1/balance"),
    ("GET", "/api/v1/actor"),
    ("GET", "/api/v1/alerts"),
    ("POST", "/api/v1/sql"),
    ("POST", "/api/v1/code"),
    ("POST", "/api/v1/explain"),
    ("POST", "/api/v1/ingest"),
    ("GET", "/api/v1/openapi.json"),
];

fn handler(path: &str) -> MethodRouter<Shared> {
    match path {
        "/api/v1/health" => get(health),
        "/api/v1/events" => get(events),
        "/api/v1/export" => get(export),
        "/api/v1/evidence" => get(evidence),
        "/api/v1/places" => get(places),
        "/api/v1/dyad" => get(dyad),
        "/api/v1/network" => get(network),
        "/api/v1/balance" => get(balance),
        "/api/v1/actor" => get(actor),
        "/api/v1/alerts" => get(alerts),
        "/api/v1/sql" => post(sql),
        "/api/v1/code" => post(code),
        "/api/v1/explain" => post(explain),
        "/api/v1/ingest" => post(ingest),
        "/api/v1/openapi.json" => get(|| async { Json(crate::openapi::document()) }),
        other => unreachable!("route {other} has no handler"),
    }
}

/// The reads whose answers depend only on the URL and the store, and so are kept until the
/// store changes (`cache`). Exports stream and are not kept.
const CACHED: &[&str] = &[
    "/api/v1/health",
    "/api/v1/events",
    "/api/v1/evidence",
    "/api/v1/places",
    "/api/v1/dyad",
    "/api/v1/network",
    "/api/v1/balance",
    "/api/v1/actor",
    "/api/v1/alerts",
];

pub(crate) fn routes(state: Shared) -> Router {
    ROUTES
        .iter()
        .fold(Router::new(), |router, (_, path)| {
            let handler = handler(path);
            let handler = if CACHED.contains(path) {
                handler.layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    crate::cache::answer,
                ))
            } else {
                handler
            };
            router.route(path, handler)
        })
        .with_state(state)
}

fn busy() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "the server is answering as many requests as it allows; try again shortly",
    )
}

/// Runs `work` on a blocking thread once a slot is free (503 when none frees in time).
async fn blocking<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let _slot = tokio::time::timeout(state.limits.queue_wait, state.slots.acquire())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(busy)?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(ApiError::internal)?
}

/// Runs `query` on the store opened confined, within the time limit, after taking a slot.
async fn read<T: Send + 'static>(
    state: &Shared,
    query: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking(state, move |state| {
        let _reading = state.gate.read().map_err(ApiError::internal)?;
        let store = state.readers.get()?;
        Ok(store.with_timeout(state.limits.timeout, query)?)
    })
    .await
}

fn json_response(value: impl serde::Serialize) -> ApiResult {
    Ok(Json(value).into_response())
}

/// A parameter's value, unless absent or blank (an empty form field).
fn nonempty(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.trim().is_empty())
}

fn date(name: &str, value: &Option<String>) -> Result<Option<EventDate>, ApiError> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .map(|v| EventDate::parse(v).map_err(|e| ApiError::invalid(format!("{name}: {e}"))))
        .transpose()
}

fn modality(value: &Option<String>) -> Result<ModalityFilter, ApiError> {
    value
        .as_deref()
        .map_or(Ok(ModalityFilter::default()), ModalityFilter::parse)
        .map_err(|e| ApiError::invalid(format!("modality: {e}")))
}

fn granularity(value: &Option<String>) -> Result<an::Granularity, ApiError> {
    value
        .as_deref()
        .unwrap_or("month")
        .parse()
        .map_err(|e: String| ApiError::invalid(format!("by: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Health

async fn health(State(state): State<Shared>) -> ApiResult {
    let counts = read(&state, |store| Ok((store.counts()?, store.date_range()?))).await;
    let store = match counts {
        Ok((c, range)) => json!({
            "documents": c.documents, "events": c.events, "counted_events": c.counted_events,
            "reports": c.reports, "relations": c.relations,
            "first_date": range.map(|r| r.0), "last_date": range.map(|r| r.1),
        }),
        Err(e) if e.code == "store_empty" => Value::Null,
        Err(e) => return Err(e),
    };
    json_response(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "store": store,
        "writes": state.token.is_some(),
    }))
}

// ---------------------------------------------------------------------------------------------
// Events, export, evidence

/// The filters of `entente events`, by the same names.
#[derive(Debug, Default, Deserialize)]
struct EventParams {
    actor: Option<String>,
    dyad: Option<String>,
    since: Option<String>,
    until: Option<String>,
    code: Option<String>,
    root: Option<String>,
    quad: Option<u8>,
    plover: Option<String>,
    origin: Option<String>,
    text: Option<String>,
    /// `entente events --in`: a country (TUR) or first-level division (TR.34).
    #[serde(rename = "in")]
    within: Option<String>,
    /// `entente events --near`: LAT,LON,KM.
    near: Option<String>,
    modality: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    /// "oldest" (default) or "newest" first.
    order: Option<String>,
    /// json (default for events), jsonl or csv.
    format: Option<String>,
}

impl EventParams {
    /// The selection, one page of it: `limit` events (1 to `max_limit`) after `offset`, in `order`.
    fn filter(&self, default_limit: usize, max_limit: usize) -> Result<EventFilter, ApiError> {
        let limit = self.limit.unwrap_or(default_limit);
        if limit == 0 || limit > max_limit {
            return Err(ApiError::invalid(format!(
                "limit {limit}: expected 1 to {max_limit}"
            )));
        }
        let newest_first = match self.order.as_deref() {
            None | Some("oldest") => false,
            Some("newest") => true,
            Some(other) => {
                return Err(ApiError::invalid(format!(
                    "order {other:?}: expected oldest or newest"
                )))
            }
        };
        Ok(EventFilter {
            limit: Some(limit),
            offset: self.offset,
            newest_first,
            ..self.selection()?
        })
    }

    /// Which events, whole: the filters without paging.
    fn selection(&self) -> Result<EventFilter, ApiError> {
        let dyad = nonempty(&self.dyad)
            .map(|d| match d.split_once(':') {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => {
                    Ok((a.to_string(), b.to_string()))
                }
                _ => Err(ApiError::invalid(format!(
                    "dyad {d:?}: expected SOURCE:TARGET such as AZE:ISR"
                ))),
            })
            .transpose()?;
        let near = nonempty(&self.near)
            .map(|n| {
                EventFilter::parse_near(&n).map_err(|e| ApiError::invalid(format!("near {e}")))
            })
            .transpose()?;
        Ok(EventFilter {
            actor: nonempty(&self.actor),
            dyad,
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            code: nonempty(&self.code),
            root: nonempty(&self.root),
            quad: self.quad,
            plover: nonempty(&self.plover),
            origin: nonempty(&self.origin),
            text: nonempty(&self.text),
            place: nonempty(&self.within),
            near,
            modality: modality(&self.modality)?,
            ..EventFilter::default()
        })
    }
}

/// Fails, naming the closest stored actor, when an actor the filter names matches nothing.
fn check_actors(store: &Store, filter: &EventFilter) -> Result<(), StoreError> {
    let dyad = filter.dyad.iter().flat_map(|(a, b)| [a, b]);
    filter
        .actor
        .iter()
        .chain(dyad)
        .try_for_each(|actor| store.check_actor(actor))
}

/// Events per page in the workbench's table unless `limit` says otherwise.
const DEFAULT_PAGE: usize = 100;

async fn events(State(state): State<Shared>, Query(p): Query<EventParams>) -> ApiResult {
    let format = p.format.clone().unwrap_or_else(|| "json".into());
    if format != "json" {
        return download(state, p, &format).await;
    }
    let filter = p.filter(DEFAULT_PAGE, state.limits.max_rows)?;
    let (limit, offset) = (filter.limit.unwrap_or(0), filter.offset.unwrap_or(0));
    let table = read(&state, move |store| {
        check_actors(store, &filter)?;
        store.events(&filter)
    })
    .await?;
    let next_offset = (table.rows.len() == limit).then_some(offset + limit);
    json_response(json!({
        "events": table,
        "limit": limit,
        "offset": offset,
        "next_offset": next_offset,
    }))
}

async fn export(State(state): State<Shared>, Query(p): Query<EventParams>) -> ApiResult {
    let format = p.format.clone().unwrap_or_else(|| "jsonl".into());
    download(state, p, &format).await
}

/// The selection as one JSONL or CSV file, with `entente export`'s columns: what a notebook
/// reads while the server holds the store. Streamed a page at a time, each page after the last
/// row of the one before (a cursor, not an offset).
async fn download(state: Shared, p: EventParams, format: &str) -> ApiResult {
    let (content_type, extension) = match format {
        "jsonl" => ("application/x-ndjson", "jsonl"),
        "csv" => ("text/csv; charset=utf-8", "csv"),
        "parquet" => return parquet_download(state, p).await,
        other => {
            return Err(ApiError::invalid(format!(
                "format {other:?}: expected json, jsonl, csv or parquet"
            )))
        }
    };
    let max = state.limits.max_export_rows;
    let filter = p.filter(max, max)?;
    // Errors in the filter are reported as JSON before the first byte is sent.
    let first = EventFilter {
        limit: Some(state.limits.export_page.min(max)),
        ..filter.clone()
    };
    let first_page = read(&state, move |store| {
        check_actors(store, &first)?;
        store.events(&first)
    })
    .await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(2);
    let csv = extension == "csv";
    let pages = state.clone();
    tokio::task::spawn_blocking(move || export_pages(&pages, filter, first_page, csv, &tx));
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let disposition = format!("attachment; filename=\"events.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The selection as one Parquet file, with `entente export`'s Parquet columns (`period` among
/// them). DuckDB writes Parquet only to a file, and the confined connection may write none, so
/// the export holds the gate alone, as an ingest does, reads through an ordinary read-only
/// connection into a directory of the server's own making, and then streams the file back.
async fn parquet_download(state: Shared, p: EventParams) -> ApiResult {
    let max = state.limits.max_export_rows;
    let filter = p.filter(max, max)?;
    let (dir, file) = blocking(&state, move |state| {
        let dir = tempfile::tempdir().map_err(ApiError::internal)?;
        let path = dir.path().join("events.parquet");
        let _alone = state.gate.write().map_err(ApiError::internal)?;
        state.readers.close();
        let store = Store::open_read_only(&state.store)?;
        store.with_timeout(state.limits.timeout, |store| {
            check_actors(store, &filter)?;
            store.export(&filter, ExportFormat::ParquetFile, &path)
        })?;
        let file = std::fs::File::open(&path).map_err(ApiError::internal)?;
        Ok((dir, file))
    })
    .await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(2);
    tokio::task::spawn_blocking(move || send_file(dir, file, &tx));
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.apache.parquet"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"events.parquet\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// Sends a file a megabyte at a time, then removes its directory.
fn send_file(
    dir: tempfile::TempDir,
    mut file: std::fs::File,
    tx: &tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>,
) {
    use std::io::Read;
    loop {
        let mut chunk = vec![0; 1 << 20];
        let sent = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                chunk.truncate(n);
                tx.blocking_send(Ok(chunk))
            }
            Err(e) => tx.blocking_send(Err(e)),
        };
        if sent.is_err() {
            break;
        }
    }
    drop(dir);
}

/// Sends the export's pages, from the first (already read) on, until the selection or the row
/// limit ends or the client goes away. A failure mid-way ends the body with an error, so the
/// client sees a broken transfer rather than a short file.
fn export_pages(
    state: &AppState,
    filter: EventFilter,
    mut page: entente_store::Table,
    csv: bool,
    tx: &tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>,
) {
    let total = filter.limit.unwrap_or(0);
    let mut sent = 0;
    loop {
        let mut bytes = Vec::new();
        let written = if csv {
            page.write_csv(&mut bytes).map(|()| {
                if sent > 0 {
                    // One header for the file: later pages drop theirs (column names hold no newline).
                    let header_end = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
                    bytes.drain(..header_end);
                }
            })
        } else {
            page.write_jsonl(&mut bytes)
        };
        if tx.blocking_send(written.map(|()| bytes)).is_err() {
            return;
        }
        sent += page.rows.len();
        let Some(after) = last_position(&page) else {
            return;
        };
        if page.rows.len() < state.limits.export_page || sent >= total {
            return;
        }
        let next = EventFilter {
            limit: Some(state.limits.export_page.min(total - sent)),
            offset: None,
            after: Some(after),
            ..filter.clone()
        };
        match read_page(state, &next) {
            Ok(table) => page = table,
            Err(e) => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.message)));
                return;
            }
        }
    }
}

/// One page of an export, read as any request reads: in a slot, under the gate and time limit.
fn read_page(state: &AppState, filter: &EventFilter) -> Result<entente_store::Table, ApiError> {
    let slot = tokio::runtime::Handle::current().block_on(async {
        tokio::time::timeout(state.limits.queue_wait, state.slots.acquire()).await
    });
    let _slot = slot.ok().and_then(Result::ok).ok_or_else(busy)?;
    let _reading = state.gate.read().map_err(ApiError::internal)?;
    let store = state.readers.get()?;
    Ok(store.with_timeout(state.limits.timeout, |s| s.events(filter))?)
}

/// The (date, event_id) of a listing's last row: the cursor of the next page.
fn last_position(page: &entente_store::Table) -> Option<(Option<EventDate>, i64)> {
    let column = |name: &str| page.columns.iter().position(|c| c == name);
    let row = page.rows.last()?;
    let id = match row.get(column("event_id")?)? {
        Cell::Int(id) => *id,
        _ => return None,
    };
    let date = match row.get(column("date")?)? {
        Cell::Text(date) => Some(EventDate::parse(date).ok()?),
        _ => None,
    };
    Some((date, id))
}

#[derive(Debug, Deserialize)]
struct EvidenceParams {
    a: Option<String>,
    b: Option<String>,
    /// Instead of a dyad: these events, by id (`1,2,3`), as a listing or the map names them.
    events: Option<String>,
    since: Option<String>,
    until: Option<String>,
    /// Only A → B (both directions otherwise).
    #[serde(default)]
    directed: bool,
    modality: Option<String>,
    limit: Option<usize>,
}

/// Default number of events whose reports `/evidence` returns.
const DEFAULT_EVIDENCE: usize = 50;

async fn evidence(State(state): State<Shared>, Query(p): Query<EvidenceParams>) -> ApiResult {
    let limit = p.limit.unwrap_or(DEFAULT_EVIDENCE);
    if limit == 0 || limit > state.limits.max_rows {
        return Err(ApiError::invalid(format!(
            "limit {limit}: expected 1 to {}",
            state.limits.max_rows
        )));
    }
    let (a, b) = match (nonempty(&p.a), nonempty(&p.b), nonempty(&p.events)) {
        (Some(a), Some(b), None) => (a, b),
        (None, None, Some(events)) => return listed_evidence(state, &events, limit).await,
        _ => {
            return Err(ApiError::invalid(
                "expected a and b (a dyad) or events (event ids such as 1,2,3), one of the two",
            ))
        }
    };
    let base = EventFilter {
        since: date("since", &p.since)?,
        until: date("until", &p.until)?,
        modality: modality(&p.modality)?,
        limit: Some(limit),
        newest_first: true,
        ..EventFilter::default()
    };
    let mut directions = vec![(a.clone(), b.clone())];
    if !p.directed {
        directions.push((b.clone(), a.clone()));
    }
    let reports = read(&state, move |store| {
        store.check_actor(&a)?;
        store.check_actor(&b)?;
        let mut events = Vec::new();
        for dyad in directions {
            let filter = EventFilter {
                dyad: Some(dyad),
                ..base.clone()
            };
            events.extend(store.stored_events(&filter)?);
        }
        // The newest `limit` events of both directions.
        events.sort_by(|x, y| {
            let key =
                |e: &entente_store::StoredEvent| (e.date.map(|d| d.days_since_epoch()), e.event_id);
            key(y).cmp(&key(x))
        });
        events.truncate(limit);
        let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
        store.event_reports(&ids)
    })
    .await?;
    json_response(json!({"a": p.a, "b": p.b, "reports": reports}))
}

/// Places per `/places` answer unless `limit` says otherwise.
const DEFAULT_PLACES: usize = 1000;

/// The selection's events on a map: per place, its events by quad class and their mean Goldstein
/// score; and how many selected events have no place, so that none is left out unsaid.
async fn places(State(state): State<Shared>, Query(p): Query<EventParams>) -> ApiResult {
    let limit = p.limit.unwrap_or(DEFAULT_PLACES);
    if limit == 0 || limit > state.limits.max_rows {
        return Err(ApiError::invalid(format!(
            "limit {limit}: expected 1 to {}",
            state.limits.max_rows
        )));
    }
    let filter = p.selection()?;
    let summary = read(&state, move |store| {
        check_actors(store, &filter)?;
        store.places(&filter, limit)
    })
    .await?;
    let places: Vec<Value> = summary
        .places
        .iter()
        .map(|place| {
            json!({
                "name": place.name, "country": place.country, "adm1": place.adm1,
                "precision": place.precision, "lat": place.lat, "lon": place.lon,
                "events": place.events,
                "counts": an::QuadCounts(place.counts),
                "goldstein_mean": place.goldstein_sum / place.events.max(1) as f64,
                "names": place.names.iter().map(|n| json!({
                    "name": n.name, "country": n.country, "adm1": n.adm1,
                    "precision": n.precision, "events": n.events,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json_response(json!({
        "events": summary.events,
        "located": summary.located,
        "unlocated": summary.events - summary.located,
        "places_total": summary.places_total,
        "truncated": summary.places_total > places.len() as u64,
        "places": places,
    }))
}

/// The counted reports of the events named by id, at most `limit` of them.
async fn listed_evidence(state: Shared, events: &str, limit: usize) -> ApiResult {
    let ids = events
        .split(',')
        .map(|id| id.trim().parse::<i64>())
        .collect::<Result<Vec<i64>, _>>()
        .map_err(|_| {
            ApiError::invalid(format!(
                "events {events:?}: expected event ids such as 1,2,3"
            ))
        })?;
    if ids.len() > limit {
        return Err(ApiError::invalid(format!(
            "events: {} ids, more than the limit of {limit}",
            ids.len()
        )));
    }
    let listed = ids.clone();
    let reports = read(&state, move |store| store.event_reports(&listed)).await?;
    json_response(json!({"events": ids, "reports": reports}))
}

// ---------------------------------------------------------------------------------------------
// Analytics

/// `--group`, `--origin`, `--modality` of the analytics commands.
#[derive(Debug, Default, Deserialize)]
struct ScopeParams {
    group: Option<String>,
    origin: Option<String>,
    modality: Option<String>,
}

impl ScopeParams {
    fn scope(&self) -> Result<Scope, ApiError> {
        let key = match self.group.as_deref().unwrap_or("country") {
            "country" => ActorKey::Country,
            "code" => ActorKey::Code,
            "state" => ActorKey::State,
            other => {
                return Err(ApiError::invalid(format!(
                    "group {other:?}: expected country, code or state"
                )))
            }
        };
        Ok(Scope {
            key,
            origin: self.origin.clone().filter(|o| !o.is_empty()),
            modality: modality(&self.modality)?,
        })
    }
}

/// `--at`, `--since`, `--until`, `--all` and the sign parameters of `network` and `balance`.
#[derive(Debug, Default, Deserialize)]
struct WindowParams {
    at: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(default)]
    all: bool,
    neutral_band: Option<f64>,
    min_evidence: Option<u64>,
    relation_weight: Option<f64>,
}

impl WindowParams {
    fn window(&self) -> Result<Window, ApiError> {
        let window = Window {
            at: date("at", &self.at)?,
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            all: self.all,
        };
        if window.at.is_some() && (window.since.is_some() || window.until.is_some() || window.all) {
            return Err(ApiError::invalid(
                "at cannot be combined with since, until or all",
            ));
        }
        Ok(window)
    }

    fn sign(&self) -> an::NetworkParams {
        an::NetworkParams {
            neutral_band: self.neutral_band.unwrap_or(0.1),
            min_evidence: self.min_evidence.unwrap_or(1),
            relation_weight: self.relation_weight.unwrap_or(1.0),
        }
    }
}

#[derive(Debug, Deserialize)]
struct DyadParams {
    a: String,
    b: String,
    by: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(default)]
    directed: bool,
    alpha: Option<f64>,
    #[serde(flatten)]
    scope: ScopeParams,
}

async fn dyad(State(state): State<Shared>, Query(p): Query<DyadParams>) -> ApiResult {
    let query = analysis::DyadQuery {
        a: p.a,
        b: p.b,
        by: granularity(&p.by)?,
        since: date("since", &p.since)?,
        until: date("until", &p.until)?,
        directed: p.directed,
        alpha: p.alpha.unwrap_or(0.3),
        scope: p.scope.scope()?,
    };
    json_response(read(&state, move |store| analysis::dyad(store, &query)).await?)
}

#[derive(Debug, Deserialize)]
struct NetworkParams {
    #[serde(flatten)]
    window: WindowParams,
    #[serde(flatten)]
    scope: ScopeParams,
}

async fn network(State(state): State<Shared>, Query(p): Query<NetworkParams>) -> ApiResult {
    let (window, sign, scope) = (p.window.window()?, p.window.sign(), p.scope.scope()?);
    let output = read(&state, move |store| {
        let resolved = window.resolve(store)?;
        let network =
            analysis::network(store, &scope.filter(resolved.since, resolved.until), &sign)?;
        Ok(analysis::NetworkOutput {
            window: resolved.label,
            network,
        })
    })
    .await?;
    json_response(output)
}

#[derive(Debug, Deserialize)]
struct BalanceParams {
    focus: Option<String>,
    limit: Option<usize>,
    evidence: Option<usize>,
    exact_limit: Option<usize>,
    #[serde(flatten)]
    window: WindowParams,
    #[serde(flatten)]
    scope: ScopeParams,
}

/// Most unbalanced triangles and evidence events per edge a request may ask for: each listed
/// edge costs an evidence query.
const MAX_TRIADS: usize = 200;
const MAX_EVIDENCE: usize = 50;

async fn balance(State(state): State<Shared>, Query(p): Query<BalanceParams>) -> ApiResult {
    let query = analysis::BalanceQuery {
        focus: p.focus.filter(|f| !f.is_empty()),
        limit: p.limit.unwrap_or(20).min(MAX_TRIADS),
        evidence: p.evidence.unwrap_or(5).min(MAX_EVIDENCE),
        exact_limit: p.exact_limit.unwrap_or(20).min(30),
        window: p.window.window()?,
        sign: p.window.sign(),
        scope: p.scope.scope()?,
    };
    let balance = read(&state, move |store| analysis::balance(store, &query)).await?;
    json_response(balance.report)
}

#[derive(Debug, Deserialize)]
struct ActorParams {
    actor: String,
    recent: Option<usize>,
    #[serde(flatten)]
    window: WindowParams,
    #[serde(flatten)]
    scope: ScopeParams,
}

async fn actor(State(state): State<Shared>, Query(p): Query<ActorParams>) -> ApiResult {
    let (window, sign, scope) = (p.window.window()?, p.window.sign(), p.scope.scope()?);
    let recent = p.recent.unwrap_or(20).clamp(1, state.limits.max_rows);
    let profile = read(&state, move |store| {
        analysis::actor(store, &p.actor, &window, &sign, &scope, recent)
    })
    .await?;
    json_response(profile)
}

#[derive(Debug, Deserialize)]
struct AlertsParams {
    since: Option<String>,
    by: Option<String>,
    baseline: Option<usize>,
    min_baseline: Option<usize>,
    threshold: Option<f64>,
    neutral_band: Option<f64>,
    min_events: Option<u64>,
    evidence: Option<usize>,
    #[serde(flatten)]
    scope: ScopeParams,
}

async fn alerts(State(state): State<Shared>, Query(p): Query<AlertsParams>) -> ApiResult {
    let query = analysis::AlertsQuery {
        since: date("since", &p.since)?,
        by: granularity(&p.by)?,
        params: an::AlertParams {
            baseline_periods: p.baseline.unwrap_or(6),
            min_baseline_periods: p.min_baseline.unwrap_or(2),
            threshold: p.threshold.unwrap_or(0.5),
            neutral_band: p.neutral_band.unwrap_or(0.1),
            min_events: p.min_events.unwrap_or(2),
        },
        evidence: p.evidence.unwrap_or(3).min(MAX_EVIDENCE),
        scope: p.scope.scope()?,
    };
    let alerts = read(&state, move |store| analysis::alerts(store, &query)).await?;
    json_response(alerts.unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Users' SQL

#[derive(Debug, Deserialize)]
struct SqlBody {
    query: String,
}

async fn sql(State(state): State<Shared>, Json(body): Json<SqlBody>) -> ApiResult {
    let limits = SqlLimits {
        max_rows: state.limits.max_rows,
        timeout: state.limits.timeout,
    };
    let output = read(&state, move |store| store.user_query(&body.query, &limits)).await?;
    json_response(json!({
        "columns": output.table.columns,
        "rows": output.table,
        "truncated": output.truncated,
    }))
}

// ---------------------------------------------------------------------------------------------
// Coding text

/// One document, as a `.json` input holds it.
#[derive(Debug, Deserialize)]
struct TextBody {
    text: String,
    id: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

impl TextBody {
    fn document(self) -> Result<Document, ApiError> {
        Ok(Document {
            date: date("date", &self.date)?,
            id: self.id.unwrap_or_else(|| "pasted".into()),
            text: entente_pipeline::input::plain_text(self.text),
            title: self.title,
            url: self.url,
            source: self.source,
        })
    }
}

/// Codes a text without storing it: `entente code`'s events and `entente actors`' mentions.
async fn code(State(state): State<Shared>, Json(body): Json<TextBody>) -> ApiResult {
    let doc = body.document()?;
    let value = blocking(&state, move |state| {
        let out = state.pipeline.process(doc);
        let mentions: Vec<MentionRow<'_>> = out
            .mentions
            .iter()
            .map(|m| MentionRow::new(&out.doc.id, &out.doc.text, m))
            .collect();
        Ok(json!({
            "doc": out.doc.id,
            "text": out.doc.text,
            "events": out.events,
            "mentions": mentions,
            "relations": out.relations,
            "diagnostics": out.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>(),
        }))
    })
    .await?;
    json_response(value)
}

/// `entente explain --format json`: per sentence, its tokens, tree, rules tried and events.
async fn explain(State(state): State<Shared>, Json(body): Json<TextBody>) -> ApiResult {
    let doc = body.document()?;
    let explanations = blocking(&state, move |state| {
        let sentences = text::segment(&doc.text);
        let dictionaries = state.pipeline.dictionaries();
        let mentions = actors::find_actors(&doc, &sentences, dictionaries, doc.date).mentions;
        Ok(state
            .pipeline
            .coder()
            .explain_document(&doc, &sentences, &mentions))
    })
    .await?;
    json_response(explanations)
}

/// Whether the request carries the server's token (compared in constant time).
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "this server takes no writes: start it with --token-file FILE or ENTENTE_TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this endpoint needs the server's token: Authorization: Bearer TOKEN",
        ))
    }
}

/// Codes the posted documents and stores them, as `entente ingest` would the same documents in
/// a `.json` or `.jsonl` file: one JSON object, an array of them, or JSON lines.
async fn ingest(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> ApiResult {
    authorize(&state, &headers)?;
    let lines = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("application/x-ndjson") || t.starts_with("application/jsonl")
        });
    let summary = blocking(&state, move |state| ingest_body(state, &body, lines)).await?;
    json_response(summary)
}

fn ingest_body(state: &AppState, body: &[u8], lines: bool) -> Result<Value, ApiError> {
    // The body goes through the same reader as a file given to `entente ingest`, so documents
    // are read (ids, dates, limits, errors by line) exactly as there. The file's name is ours.
    let dir = tempfile::tempdir().map_err(ApiError::internal)?;
    let path = dir
        .path()
        .join(if lines { "body.jsonl" } else { "body.json" });
    std::fs::write(&path, body).map_err(ApiError::internal)?;
    let _lock = WriteLock::acquire(&state.store)?;
    let options = InputOptions {
        default_date: None,
        max_document_bytes: state.limits.max_body as u64,
    };
    let mut coded = Vec::new();
    let mut unreadable = Vec::new();
    state
        .pipeline
        .run(read_inputs(&[path], options), |item| -> Result<(), ()> {
            match item {
                RunItem::Coded(out) => coded.push(*out),
                RunItem::Unreadable(e) => unreadable.push(e.to_string()),
            }
            Ok(())
        })
        .map_err(|()| ApiError::internal("coding stopped"))?;
    let dictionaries = state.pipeline.dictionaries().hash();
    let records: Vec<DocRecord<'_>> = coded
        .iter()
        .map(|out| DocRecord {
            doc: &out.doc,
            sentences: &out.sentences,
            mentions: &out.mentions,
            events: &out.events,
            relations: &out.relations,
            dictionaries,
        })
        .collect();
    let (summary, counts) = {
        let _writing = state.gate.write().map_err(ApiError::internal)?;
        state.readers.close();
        let mut store = Store::open_read_write(&state.store)?;
        let summary = store.ingest(&records);
        state.cache.wrote();
        let summary = summary?;
        (summary, store.counts()?)
    };
    let dyads: Vec<Value> = summary
        .dyads
        .iter()
        .map(|((source, target), n)| json!({"source": source, "target": target, "reports": n}))
        .collect();
    Ok(json!({
        "documents_new": summary.documents_new,
        "documents_known": summary.documents_known,
        "sentences": summary.sentences,
        "reports": summary.reports,
        "negated_reports": summary.negated_reports,
        "events_new": summary.events_new,
        "reports_merged": summary.reports_merged,
        "counted_reports": summary.counted_reports,
        "uncounted_reports": summary.uncounted_reports,
        "undated_reports": summary.undated_reports,
        "undated_documents": summary.undated_documents,
        "relations": summary.relations,
        "dyads": dyads,
        "unreadable": unreadable,
        "store": {"documents": counts.documents, "events": counts.events, "counted_events": counts.counted_events, "reports": counts.reports, "relations": counts.relations},
    }))
}
