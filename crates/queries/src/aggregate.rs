//! The analytics query API: aggregates and evidence as plain data, so the analytics crate needs
//! no SQL. Every result is sorted deterministically.

use crate::dates::{first_day, last_day};
use crate::nodes::{dyad_key, dyad_key_expr};
use crate::readings::ModalityFilter;
use crate::{QueryError, Reader, Row, SqlBuilder};
use entente_model::{DyadDay, DyadTotal, EventDate};

/// How actors are grouped into network nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActorKey {
    /// By ISO country for states and their organs, by actor code for non-state actors (armed
    /// groups, parties, NGOs, IGOs, companies: Hamas is not Palestine) and actors without a
    /// country: the keys events store (see `nodes`).
    #[default]
    Country,
    /// By full actor code (AZEGOV and AZEMIL are different nodes).
    Code,
    /// By ISO country for every actor that has one, non-state actors folded into their country.
    State,
}

impl ActorKey {
    /// The SQL expression for an actor's key, given its code and country columns.
    pub fn expr(self, code: &str, country: &str) -> String {
        match self {
            Self::Country => dyad_key_expr(code, country),
            Self::Code => code.to_string(),
            Self::State => format!("coalesce({country}, {code})"),
        }
    }

    /// The column of [`ActorKey::events`] holding one side's key ("source" or "target"); country
    /// keys are stored (as numbers), so filters on them reach the scan.
    pub fn event_column(self, side: &str) -> String {
        match self {
            Self::Country => format!("{side}_key"),
            Self::Code => format!("{side}_code"),
            Self::State => format!("{side}_state"),
        }
    }

    /// The event rows, as `e`, with the columns [`ActorKey::event_column`] names: dyad keys are
    /// looked up in `dyad_key_store`, actor codes and countries in `actor_store`.
    pub fn events(self) -> &'static str {
        match self {
            Self::Country => crate::keyed_event_store!(),
            Self::Code => {
                "event_store e
                 LEFT JOIN (SELECT actor AS source_actor, code AS source_code FROM actor_store) USING (source_actor)
                 LEFT JOIN (SELECT actor AS target_actor, code AS target_code FROM actor_store) USING (target_actor)"
            }
            Self::State => {
                "event_store e
                 LEFT JOIN (SELECT actor AS source_actor, coalesce(country, code) AS source_state FROM actor_store) USING (source_actor)
                 LEFT JOIN (SELECT actor AS target_actor, coalesce(country, code) AS target_state FROM actor_store) USING (target_actor)"
            }
        }
    }
}

/// Which events an aggregate covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AggregateFilter {
    /// Inclusive, on the event date; events without a date are excluded when either is set.
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    pub key: ActorKey,
    /// Restrict to events whose source OR target key is in this list.
    pub actors: Option<Vec<String>>,
    /// "text" | "gdelt" | "icews"; None = all.
    pub origin: Option<String>,
    /// Asserted (actual) events by default; other modalities only when asked for.
    pub modality: ModalityFilter,
}

/// A stored stated relation, evidence for network edges.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRelation {
    /// Keys per [`ActorKey`].
    pub a: String,
    pub b: String,
    pub relation: String,
    pub facet: Option<String>,
    pub negated: bool,
    pub date: Option<EventDate>,
    pub doc: String,
    pub sentence: String,
}

/// One event with its evidence, for listing and for showing why an edge has its sign.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub event_id: i64,
    pub origin: String,
    pub date: Option<EventDate>,
    /// Empty when the source did not name one (some GDELT rows).
    pub source_code: String,
    pub source_country: Option<String>,
    pub source_name: Option<String>,
    pub target_code: Option<String>,
    pub target_country: Option<String>,
    pub target_name: Option<String>,
    pub cameo: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: Option<String>,
    pub num_reports: u32,
    pub num_sources: u32,
    pub negated: bool,
    pub modality: String,
    pub doc: Option<String>,
    pub sentence: Option<String>,
    pub url: Option<String>,
}

impl StoredEvent {
    /// The source's and the target's keys per `key`, as the aggregates group them (empty when
    /// the side has neither country nor code).
    pub fn keys(&self, key: ActorKey) -> (String, String) {
        let side = |code: Option<&str>, country: Option<&str>| {
            let code = code.filter(|c| !c.is_empty());
            match key {
                ActorKey::Country => Some(dyad_key(code.unwrap_or(""), country.unwrap_or(""))),
                ActorKey::Code => code,
                ActorKey::State => country.or(code),
            }
            .unwrap_or_default()
            .to_string()
        };
        (
            side(Some(&self.source_code), self.source_country.as_deref()),
            side(self.target_code.as_deref(), self.target_country.as_deref()),
        )
    }
}

/// Σ ln(1 + num_sources) and Σ goldstein × ln(1 + num_sources), summed exactly: each term is
/// rounded to 12 decimals and added as a decimal, so the total does not depend on the order DuckDB's
/// threads add rows in (a floating-point sum does, in its last bits), and output stays byte-identical.
macro_rules! weight_sum {
    () => {
        "CAST(sum(CAST(ln(1 + num_sources) AS DECIMAL(18, 12))) AS DOUBLE)"
    };
}
macro_rules! goldstein_sum {
    () => {
        "CAST(sum(CAST(goldstein * ln(1 + num_sources) AS DECIMAL(18, 12))) AS DOUBLE)"
    };
}

/// The last day an event's date covers, from its first day and precision: a year-dated event is
/// not an event of 1 January.
macro_rules! event_last_day {
    () => {
        "CASE CAST(date_precision AS VARCHAR)
              WHEN 'year' THEN CAST(date + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
              WHEN 'month' THEN CAST(date + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
              ELSE date END"
    };
}

/// CAMEO codes whose events mark a turn in a relationship; children match by prefix.
const MILESTONE_PREFIXES: [&str; 6] = ["042", "043", "054", "057", "161", "163"];

/// The queries the analyses read, for every [`Reader`]: the store's connection and Python's run the
/// same text and read the rows the same way.
pub trait Aggregates: Reader {
    /// Totals per directed dyad and quad class, sorted by source, target, quad class.
    fn dyad_totals(&self, f: &AggregateFilter) -> Result<Vec<DyadTotal>, Self::Error> {
        let mut sql = keyed_events(f);
        sql.push(concat!(
            " SELECT src, tgt, quad_class, count(*), ",
            weight_sum!(),
            ", ",
            goldstein_sum!(),
            " FROM keyed GROUP BY src, tgt, quad_class ORDER BY src, tgt, quad_class"
        ));
        self.read(&sql, |row| dyad_total(row, 0))
    }

    /// Daily totals for the dyad a→b (and b→a when `undirected`), day-precision events only,
    /// sorted by day, then source, target and quad class.
    fn dyad_days(
        &self,
        a: &str,
        b: &str,
        undirected: bool,
        f: &AggregateFilter,
    ) -> Result<Vec<DyadDay>, Self::Error> {
        let mut sql = keyed_events(f);
        let milestone = MILESTONE_PREFIXES
            .iter()
            .map(|p| format!("starts_with(cameo, '{p}')"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut directions = vec![(a, b)];
        if undirected {
            directions.push((b, a));
        }
        // One branch per direction: a lone equality per key column reaches the scan (an OR would not).
        // Coarse dates ("2023", "2024-06") come back at their own precision; the series decides
        // whether a period can hold them.
        sql.push(" SELECT * FROM (");
        for (i, (source, target)) in directions.into_iter().enumerate() {
            if i > 0 {
                sql.push(" UNION ALL");
            }
            sql.push(&format!(
                " SELECT src, tgt, CAST(date - DATE '1970-01-01' AS INTEGER) AS days, quad_class, count(*),
                         {weight}, {goldstein},
                         coalesce(list_sort(list_distinct(list(cameo) FILTER (WHERE {milestone}))), []),
                         date_precision
                  FROM keyed WHERE date IS NOT NULL AND src = ? AND tgt = ?
                  GROUP BY src, tgt, date, date_precision, quad_class",
                weight = weight_sum!(),
                goldstein = goldstein_sum!(),
            ));
            sql.bind_str(source).bind_str(target);
        }
        sql.push(") ORDER BY days, date_precision, src, tgt, quad_class");
        self.read(&sql, |row| {
            let precision = row.opt_text(8)?;
            Ok(DyadDay {
                source: row.text(0)?,
                target: row.text(1)?,
                day: crate::from_columns(row.opt_int(2)?, precision.as_deref())
                    .unwrap_or_else(|| EventDate::from_days_since_epoch(0)),
                quad_class: row.int(3)?,
                events: row.int(4)?,
                weight: row.float(5)?,
                goldstein_sum: row.float(6)?,
                milestones: row.texts(7)?,
            })
        })
    }

    /// Stated relations (from ingested text), keyed per `f.key`, sorted by a, b, date, doc, sentence.
    fn relations(&self, f: &AggregateFilter) -> Result<Vec<StoredRelation>, Self::Error> {
        if f.origin.as_deref().is_some_and(|o| o != "text") {
            return Ok(Vec::new());
        }
        let mut sql = SqlBuilder::default();
        sql.push(&format!(
            "WITH keyed AS (SELECT {} AS a, {} AS b, r.relation, r.facet, r.negated, r.date, r.date_precision,
                    d.doc_id, coalesce(s.text, '') AS sentence, r.sentence_index
             FROM relation_store r
             JOIN document_store d ON d.doc_key = r.doc_key
             LEFT JOIN sentence_store s ON s.doc_key = r.doc_key AND s.sentence_index = r.sentence_index)
             SELECT a, b, relation, facet, negated, CAST(date - DATE '1970-01-01' AS INTEGER), date_precision, doc_id, sentence
             FROM keyed WHERE TRUE",
            f.key.expr("r.a_code", "r.a_country"),
            f.key.expr("r.b_code", "r.b_country"),
        ));
        push_date_range(&mut sql, f);
        push_actor_list(&mut sql, f, "a", "b");
        sql.push(" ORDER BY a, b, date NULLS LAST, doc_id, sentence_index, relation");
        self.read(&sql, |row| {
            Ok(StoredRelation {
                a: row.text(0)?,
                b: row.text(1)?,
                relation: row.text(2)?,
                facet: row.opt_text(3)?,
                negated: row.boolean(4)?,
                date: row.date(5)?,
                doc: row.text(7)?,
                sentence: row.text(8)?,
            })
        })
    }

    /// Each actor's total event weight, Σ ln(1 + num_sources), with any partner in either direction
    /// (the volume that normalises a dyad's net cooperation). Country keys read the `actor_volume`
    /// table writers keep (schema 3); code keys, and older stores, scan the events, where two lone
    /// equalities rather than an OR let the source side read only the actor's own row groups.
    fn actor_volumes(
        &self,
        actors: &[String],
        f: &AggregateFilter,
    ) -> Result<Vec<f64>, Self::Error> {
        let scope = AggregateFilter {
            actors: None,
            ..f.clone()
        };
        if scope.key == ActorKey::Country {
            return actors
                .iter()
                .map(|actor| {
                    let mut sql = SqlBuilder::default();
                    sql.push("SELECT CAST(coalesce(sum(weight), 0) AS DOUBLE) FROM actor_volume WHERE actor = ?")
                        .bind_str(actor);
                    push_origin(&mut sql, &scope);
                    push_date_range(&mut sql, &scope);
                    Ok(self.read(&sql, |row| row.float(0))?.pop().unwrap_or(0.0))
                })
                .collect();
        }
        actors
            .iter()
            .map(|actor| {
                let mut sql = keyed_events(&scope);
                sql.push(concat!(
                    " SELECT (SELECT coalesce(",
                    weight_sum!(),
                    ", 0) FROM keyed WHERE src = ?) + (SELECT coalesce(",
                    weight_sum!(),
                    ", 0) FROM keyed WHERE tgt = ? AND src <> ?)"
                ));
                sql.bind_str(actor).bind_str(actor).bind_str(actor);
                Ok(self.read(&sql, |row| row.float(0))?.pop().unwrap_or(0.0))
            })
            .collect()
    }

    /// Totals per directed dyad and quad class for each of `windows` (inclusive date ranges), in one
    /// scan; `f`'s own date range is ignored. Each window's totals are sorted as in [`Aggregates::dyad_totals`].
    fn dyad_totals_by_window(
        &self,
        windows: &[(EventDate, EventDate)],
        f: &AggregateFilter,
    ) -> Result<Vec<Vec<DyadTotal>>, Self::Error> {
        let mut per_window = vec![Vec::new(); windows.len()];
        let (Some(first), Some(last)) = (
            windows.iter().map(|w| first_day(w.0)).min(),
            windows.iter().map(|w| last_day(w.1)).max(),
        ) else {
            return Ok(per_window);
        };
        let scope = AggregateFilter {
            since: None,
            until: None,
            ..f.clone()
        };
        let mut sql = keyed_events(&scope);
        sql.push(concat!(
            " SELECT period_index, src, tgt, quad_class, count(*), ",
            weight_sum!(),
            ", ",
            goldstein_sum!(),
            " FROM (SELECT *, CASE"
        ));
        // A window holds the events whose whole date lies in it: "2023" is in no month of 2023.
        for (index, (start, end)) in windows.iter().enumerate() {
            sql.push(concat!(
                " WHEN date >= CAST(? AS DATE) AND ",
                event_last_day!(),
                " <= CAST(? AS DATE) THEN ?"
            ))
            .bind_date(first_day(*start))
            .bind_date(last_day(*end))
            .bind(index as i64);
        }
        sql.push(
            " END AS period_index FROM keyed WHERE date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE))
              WHERE period_index IS NOT NULL
              GROUP BY period_index, src, tgt, quad_class ORDER BY period_index, src, tgt, quad_class",
        )
        .bind_date(first)
        .bind_date(last);
        let rows = self.read(&sql, |row| Ok((row.int::<usize>(0)?, dyad_total(row, 1)?)))?;
        for (window, total) in rows {
            if let Some(totals) = per_window.get_mut(window) {
                totals.push(total);
            }
        }
        Ok(per_window)
    }

    /// For each pair of keys, the events between them in both directions, newest first, at most
    /// `limit` per pair: [`Aggregates::evidence`] for many edges in a few queries.
    fn evidence_for_pairs(
        &self,
        pairs: &[(String, String)],
        f: &AggregateFilter,
        limit: usize,
    ) -> Result<Vec<Vec<StoredEvent>>, Self::Error> {
        let mut out = vec![Vec::new(); pairs.len()];
        if limit == 0 {
            return Ok(out);
        }
        let mut index = std::collections::BTreeMap::new();
        for (i, (a, b)) in pairs.iter().enumerate() {
            index.insert((a.as_str(), b.as_str()), i);
            index.insert((b.as_str(), a.as_str()), i);
        }
        for chunk_start in (0..pairs.len()).step_by(EVIDENCE_PAIRS_PER_QUERY) {
            let chunk =
                &pairs[chunk_start..pairs.len().min(chunk_start + EVIDENCE_PAIRS_PER_QUERY)];
            let sql = select_events(STORED_EVENT_COLUMNS, true, Page::default(), |sql| {
                push_ranked_evidence(sql, chunk, f, limit);
                Ok::<(), QueryError>(())
            })?;
            for event in self.read(&sql, read_stored_event)? {
                let (src, tgt) = event.keys(f.key);
                if let Some(&i) = index.get(&(src.as_str(), tgt.as_str())) {
                    out[i].push(event);
                }
            }
        }
        Ok(out)
    }

    /// Events between keys a and b in both directions, newest first, at most `limit`.
    fn evidence(
        &self,
        a: &str,
        b: &str,
        f: &AggregateFilter,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, Self::Error> {
        let pair = [(a.to_string(), b.to_string())];
        Ok(self
            .evidence_for_pairs(&pair, f, limit)?
            .pop()
            .unwrap_or_default())
    }

    /// The first and last counted event dates in the store, or None when it holds no dated event.
    fn date_range(&self) -> Result<Option<(EventDate, EventDate)>, Self::Error> {
        let mut sql = SqlBuilder::default();
        sql.push(concat!(
            "SELECT CAST(min(date) - DATE '1970-01-01' AS INTEGER), CAST(max(date) - DATE '1970-01-01' AS INTEGER)
             FROM event_store WHERE ",
            crate::counted_events!()
        ));
        let range = self.read(&sql, |row| {
            Ok(row.opt_int::<i64>(0)?.zip(row.opt_int::<i64>(1)?))
        })?;
        Ok(range.into_iter().flatten().next().map(|(a, b)| {
            (
                EventDate::from_days_since_epoch(a),
                EventDate::from_days_since_epoch(b),
            )
        }))
    }

    /// Checks that `pattern` names an actor the store holds (see [`crate::lookup`]).
    fn check_actor(&self, pattern: &str) -> Result<(), Self::Error> {
        crate::lookup::check_actor(self, pattern)
    }
}

impl<R: Reader + ?Sized> Aggregates for R {}

/// A [`DyadTotal`] from the six columns from `first` on: source, target, quad class, count, weight,
/// Goldstein sum.
fn dyad_total(row: Row<'_>, first: usize) -> Result<DyadTotal, QueryError> {
    Ok(DyadTotal {
        source: row.text(first)?,
        target: row.text(first + 1)?,
        quad_class: row.int(first + 2)?,
        events: row.int(first + 3)?,
        weight: row.float(first + 4)?,
        goldstein_sum: row.float(first + 5)?,
    })
}

/// The columns [`read_stored_event`] reads.
pub const STORED_EVENT_COLUMNS: &str =
    "event_id, origin, CAST(date - DATE '1970-01-01' AS INTEGER), date_precision,
    source_code, source_country, source_name, target_code, target_country, target_name,
    cameo, quad_class, goldstein, plover, num_reports, num_sources, modality, doc, sentence, url";

pub fn read_stored_event(row: Row<'_>) -> Result<StoredEvent, QueryError> {
    Ok(StoredEvent {
        event_id: row.int(0)?,
        origin: row.text(1)?,
        date: row.date(2)?,
        source_code: row.opt_text(4)?.unwrap_or_default(),
        source_country: row.opt_text(5)?,
        source_name: row.opt_text(6)?,
        target_code: row.opt_text(7)?,
        target_country: row.opt_text(8)?,
        target_name: row.opt_text(9)?,
        cameo: row.text(10)?,
        quad_class: row.int(11)?,
        goldstein: row.float(12)?,
        plover: row.opt_text(13)?,
        num_reports: row.int(14)?,
        num_sources: row.int(15)?,
        negated: false,
        modality: row.text(16)?,
        doc: row.opt_text(17)?,
        sentence: row.opt_text(18)?,
        url: row.opt_text(19)?,
    })
}

/// At most `limit` rows after skipping `offset`, applied inside the query with the conditions, so
/// a page is cut before whole rows are fetched.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Page {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// `SELECT columns FROM events WHERE <conditions>`, oldest first (undated last) or newest first,
/// one page. Written so the
/// conditions (which read `event_store` columns) run on the few columns they need and whole rows
/// are fetched, by rowid, only for the events selected: a selective query over millions of events
/// then decompresses almost nothing else.
pub(crate) fn select_events<E>(
    columns: &str,
    newest_first: bool,
    page: Page,
    conditions: impl FnOnce(&mut SqlBuilder) -> Result<(), E>,
) -> Result<SqlBuilder, E> {
    let mut sql = SqlBuilder::default();
    sql.push(&format!(
        "SELECT {columns} FROM (SELECT {}
         FROM (SELECT * FROM event_store WHERE rowid IN (SELECT rowid FROM event_store WHERE TRUE",
        crate::located_event_view_columns!()
    ));
    conditions(&mut sql)?;
    let order = |table: &str| {
        let direction = if newest_first { " DESC" } else { "" };
        format!("{table}date{direction} NULLS LAST, {table}event_id{direction}")
    };
    sql.push(&format!(" ORDER BY {}", order("")));
    if let Some(limit) = page.limit {
        sql.push(" LIMIT ?").bind(limit as i64);
    }
    if let Some(offset) = page.offset.filter(|&n| n > 0) {
        sql.push(" OFFSET ?").bind(offset as i64);
    }
    sql.push(&format!(
        ")) e {}) events ORDER BY {}",
        crate::located_event_view_joins!(),
        order("events.")
    ));
    Ok(sql)
}

/// Pairs per evidence query: keeps the statement and its parameter list small.
const EVIDENCE_PAIRS_PER_QUERY: usize = 500;

/// `AND rowid IN (...)`: the newest `limit` actual events of each pair, both directions, numbered per
/// pair with a window function so that one scan serves every pair.
fn push_ranked_evidence(
    sql: &mut SqlBuilder,
    pairs: &[(String, String)],
    f: &AggregateFilter,
    limit: usize,
) {
    let (src, tgt) = (f.key.event_column("source"), f.key.event_column("target"));
    let values = vec!["(?, ?, ?)"; pairs.len()].join(", ");
    sql.push(&format!(
        " AND rowid IN (SELECT rid FROM (
             SELECT rid, row_number() OVER (PARTITION BY pair ORDER BY date DESC NULLS LAST, event_id DESC) AS rank
             FROM (WITH pairs(a, b, pair) AS (VALUES {values})"
    ));
    for (i, (a, b)) in pairs.iter().enumerate() {
        sql.bind_str(a).bind_str(b).bind(i as i64);
    }
    for (from, to) in [("a", "b"), ("b", "a")] {
        if from == "b" {
            sql.push(" UNION ALL");
        }
        sql.push(&format!(
            " SELECT e.rowid AS rid, p.pair, e.date, e.event_id FROM {}
              JOIN pairs p ON {src} = p.{from} AND {tgt} = p.{to}
              WHERE {}",
            f.key.events(),
            f.modality.condition()
        ));
        push_origin(sql, f);
        push_event_date_range(sql, f);
    }
    sql.push(")) WHERE rank <= ?)").bind(limit as i64);
}

/// `WITH base AS (...), keyed AS (...)`: the filtered events with their source and target keys, both non-null.
/// Never materialised: a query that reads `keyed` twice must still push its key filters into the scan.
/// Events as analytics counts them (`f.modality`): by default asserted acts, each its trigger's
/// primary reading (see [`crate::readings`]). Intended, threatened, demanded and hypothetical acts
/// stay in `reports` with their modality, but were not done (a threat counts through its own
/// actual 13x announcement event).
fn keyed_events(f: &AggregateFilter) -> SqlBuilder {
    let mut sql = SqlBuilder::default();
    sql.push(&format!(
        "WITH base AS NOT MATERIALIZED (SELECT {} AS src, {} AS tgt, date, date_precision, quad_class, num_sources, goldstein,
                              CAST(cameo AS VARCHAR) AS cameo
                       FROM {} WHERE {}",
        f.key.event_column("source"),
        f.key.event_column("target"),
        f.key.events(),
        f.modality.condition(),
    ));
    push_origin(&mut sql, f);
    push_event_date_range(&mut sql, f);
    sql.push("), keyed AS NOT MATERIALIZED (SELECT * FROM base WHERE src IS NOT NULL AND tgt IS NOT NULL");
    push_actor_list(&mut sql, f, "src", "tgt");
    sql.push(")");
    sql
}

fn push_origin(sql: &mut SqlBuilder, f: &AggregateFilter) {
    if let Some(origin) = &f.origin {
        sql.push(" AND origin = ?");
        sql.bind_str(origin);
    }
}

/// `f`'s window on events: those whose whole date lies in it (its first day on or after `since`,
/// its last day on or before `until`). The plain `date` bounds stay, so zone maps still prune.
fn push_event_date_range(sql: &mut SqlBuilder, f: &AggregateFilter) {
    push_date_range(sql, f);
    if let Some(until) = f.until {
        sql.push(concat!(" AND ", event_last_day!(), " <= CAST(? AS DATE)"));
        sql.bind_date(last_day(until));
    }
}

fn push_date_range(sql: &mut SqlBuilder, f: &AggregateFilter) {
    if let Some(since) = f.since {
        sql.push(" AND date >= CAST(? AS DATE)");
        sql.bind_date(first_day(since));
    }
    if let Some(until) = f.until {
        sql.push(" AND date <= CAST(? AS DATE)");
        sql.bind_date(last_day(until));
    }
}

fn push_actor_list(sql: &mut SqlBuilder, f: &AggregateFilter, a: &str, b: &str) {
    if let Some(actors) = &f.actors {
        if actors.is_empty() {
            sql.push(" AND FALSE");
            return;
        }
        let marks = vec!["?"; actors.len()].join(", ");
        sql.push(&format!(" AND ({a} IN ({marks}) OR {b} IN ({marks}))"));
        for _ in 0..2 {
            for actor in actors {
                sql.bind_str(actor);
            }
        }
    }
}
