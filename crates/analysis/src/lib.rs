//! The analysts' questions (dyad, network, balance, alerts), answered from the store's aggregates
//! by the analytics crate. `entente dyad|network|balance|alerts`, the HTTP API and the Python
//! package all call these, on whatever runs the store's queries (an [`Aggregates`]: the store's
//! own DuckDB connection, or the `duckdb` package's in Python), so a figure is computed one way
//! whichever asks. Nothing here knows HTTP, arguments or DuckDB: inputs and outputs are plain
//! types, and [`json`] and [`jsonl`] are the JSON every caller prints.

use entente_analytics as an;
use entente_model::EventDate;
use entente_queries::{
    ActorKey, AggregateFilter, Aggregates, ModalityFilter, QueryError, StoredEvent, StoredRelation,
};
use serde::Serialize;

/// The smoothing factor of a dyad's coop ratio when none is given.
pub const DEFAULT_ALPHA: f64 = 0.3;
/// Unbalanced triangles a balance report lists when no limit is given.
pub const DEFAULT_TRIANGLES: usize = 20;
/// Events shown per edge of a listed triangle when no number is given.
pub const DEFAULT_TRIANGLE_EVIDENCE: usize = 5;
/// Events shown per alert when no number is given.
pub const DEFAULT_ALERT_EVIDENCE: usize = 3;

/// A value as `--format json` prints it: pretty, with a final newline.
pub fn json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Rows as `--format jsonl` prints them: one compact object per line.
pub fn jsonl<T: Serialize>(rows: impl IntoIterator<Item = T>) -> serde_json::Result<String> {
    let mut out = String::new();
    for row in rows {
        out += &serde_json::to_string(&row)?;
        out.push('\n');
    }
    Ok(out)
}

/// Which events an analysis reads.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub key: ActorKey,
    /// "text", "gdelt" or "icews"; None = all.
    pub origin: Option<String>,
    pub modality: ModalityFilter,
}

impl Scope {
    pub fn filter(&self, since: Option<EventDate>, until: Option<EventDate>) -> AggregateFilter {
        AggregateFilter {
            since,
            until,
            key: self.key,
            actors: None,
            origin: self.origin.clone(),
            modality: self.modality,
        }
    }
}

/// A window: `at` is the year, month or day it names; otherwise `since`/`until` (inclusive);
/// `all` is the whole store; with none of them, the 12 months up to the latest event.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub at: Option<EventDate>,
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    pub all: bool,
}

/// Months in the default window: a signed network is a snapshot of current relations, and mixing
/// years of history into one sign would hide every change.
pub const DEFAULT_WINDOW_MONTHS: u32 = 12;

/// A window's bounds and the label printed with the results.
#[derive(Debug, Clone)]
pub struct ResolvedWindow {
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    pub label: String,
}

impl Window {
    pub fn resolve<R: Aggregates + ?Sized>(&self, store: &R) -> Result<ResolvedWindow, R::Error> {
        let window = |since, until, label| ResolvedWindow {
            since,
            until,
            label,
        };
        if let Some(d) = self.at {
            return Ok(window(Some(d), Some(d), d.to_string()));
        }
        if self.since.is_some() || self.until.is_some() {
            let label = format!("{}..{}", opt_date(self.since), opt_date(self.until));
            return Ok(window(self.since, self.until, label));
        }
        match store.date_range()?.filter(|_| !self.all) {
            Some((_, latest)) => {
                let (first, last) = an::trailing_months(latest, DEFAULT_WINDOW_MONTHS);
                let label = format!("{first}..{last} (latest {DEFAULT_WINDOW_MONTHS} months)");
                Ok(window(Some(first), Some(last), label))
            }
            None => Ok(window(None, None, "all".into())),
        }
    }
}

fn opt_date(d: Option<EventDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A dyad's timeline: the inputs of `entente dyad`.
#[derive(Debug, Clone)]
pub struct DyadQuery {
    pub a: String,
    pub b: String,
    pub by: an::Granularity,
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    pub directed: bool,
    pub alpha: f64,
    pub scope: Scope,
}

pub fn dyad<R: Aggregates + ?Sized>(store: &R, q: &DyadQuery) -> Result<an::DyadSeries, R::Error> {
    let (a, b) = (q.a.to_uppercase(), q.b.to_uppercase());
    if !(q.alpha > 0.0 && q.alpha <= 1.0) {
        return Err(QueryError::Invalid("--alpha must be in (0, 1]".into()).into());
    }
    store.check_actor(&a)?;
    store.check_actor(&b)?;
    let f = q.scope.filter(q.since, q.until);
    let days: Vec<an::DyadDay> = store.dyad_days(&a, &b, !q.directed, &f)?;
    // The actors' volumes are taken over the periods the series spans.
    let first = q
        .since
        .map(|d| d.days_since_epoch())
        .or_else(|| days.first().map(|d| d.day.days_since_epoch()));
    let last = q
        .until
        .map(an::last_day_of)
        .or_else(|| days.last().map(|d| d.day.days_since_epoch()));
    let span = |day: Option<i64>, end: bool| {
        day.map(|d| {
            let start = q.by.start_of(d);
            EventDate::from_days_since_epoch(if end {
                q.by.next_start(start) - 1
            } else {
                start
            })
        })
    };
    let volume_filter = AggregateFilter {
        since: span(first, false),
        until: span(last, true),
        ..f.clone()
    };
    let volumes = store.actor_volumes(&[a.clone(), b.clone()], &volume_filter)?;
    let volumes = an::ActorVolumes {
        a: volumes[0],
        b: volumes[1],
    };
    let params = an::SeriesParams {
        granularity: q.by,
        since: q.since,
        until: q.until,
        directed: q.directed,
        alpha: q.alpha,
    };
    let pair = AggregateFilter {
        since: None,
        until: None,
        actors: Some(vec![a.clone(), b.clone()]),
        ..f
    };
    let relations: Vec<an::StatedRelation> = store
        .relations(&pair)?
        .into_iter()
        .map(stated_relation)
        .collect();
    Ok(an::dyad_series(
        &a,
        &b,
        &days,
        &relations,
        &params,
        Some(volumes),
    ))
}

/// The signed network of the events `f` selects, with the stated relations whose date reaches
/// into its window.
pub fn network<R: Aggregates + ?Sized>(
    store: &R,
    f: &AggregateFilter,
    params: &an::NetworkParams,
) -> Result<an::SignedNetwork, R::Error> {
    let totals: Vec<an::DyadTotal> = store.dyad_totals(f)?;
    // Relations describe states: they count in every window their date reaches into.
    let undated = AggregateFilter {
        since: None,
        until: None,
        ..f.clone()
    };
    let relations: Vec<an::StatedRelation> = store
        .relations(&undated)?
        .into_iter()
        .filter(|r| an::overlaps(r.date, f.since, f.until))
        .map(stated_relation)
        .collect();
    Ok(an::build_network(&totals, &relations, params))
}

fn stated_relation(r: StoredRelation) -> an::StatedRelation {
    an::StatedRelation {
        a: r.a,
        b: r.b,
        relation: r.relation,
        negated: r.negated,
        date: r.date,
        doc: r.doc,
        sentence: r.sentence,
    }
}

/// `entente network --format json`: the network with its window.
#[derive(Debug, Serialize)]
pub struct NetworkOutput {
    pub window: String,
    #[serde(flatten)]
    pub network: an::SignedNetwork,
}

fn evidence_of(e: StoredEvent, key: ActorKey) -> an::Evidence {
    let (source, target) = e.keys(key);
    an::Evidence {
        kind: "event",
        sentence: e.sentence,
        doc: e.doc,
        date: e.date,
        cameo: Some(e.cameo),
        relation: None,
        quad_class: Some(e.quad_class),
        goldstein: Some(e.goldstein),
        source,
        target,
        origin: Some(e.origin),
        url: e.url,
        num_sources: Some(e.num_sources),
    }
}

/// Structural balance: the inputs of `entente balance`.
#[derive(Debug, Clone)]
pub struct BalanceQuery {
    pub focus: Option<String>,
    pub limit: usize,
    /// Events shown per edge of a listed triangle.
    pub evidence: usize,
    pub exact_limit: usize,
    pub window: Window,
    pub sign: an::NetworkParams,
    pub scope: Scope,
}

/// A balance report, and whether the focus actor has an edge in the window at all.
pub struct Balance {
    pub report: an::BalanceReport,
    pub focus_in_network: bool,
}

pub fn balance<R: Aggregates + ?Sized>(store: &R, q: &BalanceQuery) -> Result<Balance, R::Error> {
    if let Some(focus) = &q.focus {
        store.check_actor(focus)?;
    }
    let window = q.window.resolve(store)?;
    let f = q.scope.filter(window.since, window.until);
    let net = network(store, &f, &q.sign)?;
    let params = an::BalanceParams {
        focus: q.focus.as_ref().map(|a| a.to_uppercase()),
        limit: q.limit,
        blocs: an::BlocParams {
            exact_limit: q.exact_limit,
            ..an::BlocParams::default()
        },
    };
    let focus_in_network = params
        .focus
        .as_deref()
        .is_none_or(|f| net.nodes.iter().any(|n| n == f));
    let mut report = an::balance_report(&net, &window.label, &params);
    if q.evidence > 0 {
        report.add_event_evidence(|pairs| -> Result<Vec<Vec<an::Evidence>>, R::Error> {
            let per_pair = store.evidence_for_pairs(pairs, &f, q.evidence)?;
            Ok(per_pair
                .into_iter()
                .map(|events| events.into_iter().map(|e| evidence_of(e, f.key)).collect())
                .collect())
        })?;
    }
    Ok(Balance {
        report,
        focus_in_network,
    })
}

/// Sign flips and breaks: the inputs of `entente alerts`.
#[derive(Debug, Clone)]
pub struct AlertsQuery {
    pub since: Option<EventDate>,
    pub by: an::Granularity,
    pub params: an::AlertParams,
    /// Events shown per alert.
    pub evidence: usize,
    pub scope: Scope,
}

/// The alerts, or None when the store holds no dated event.
pub fn alerts<R: Aggregates + ?Sized>(
    store: &R,
    q: &AlertsQuery,
) -> Result<Option<Vec<an::Alert>>, R::Error> {
    let g = q.by;
    let Some((_, latest)) = store.date_range()? else {
        return Ok(None);
    };
    let last = an::last_day_of(latest);
    let first_reported = g.start_of(q.since.map_or(last, |d| d.days_since_epoch()).min(last));
    let first = g.back(first_reported, q.params.baseline_periods as u32);
    let windows: Vec<(EventDate, EventDate)> = g
        .starts(first, last)
        .into_iter()
        .map(|start| {
            let end = g.next_start(start) - 1;
            (
                EventDate::from_days_since_epoch(start),
                EventDate::from_days_since_epoch(end),
            )
        })
        .collect();
    let per_window = store.dyad_totals_by_window(&windows, &q.scope.filter(None, None))?;
    let periods: Vec<an::PeriodTotals> = windows
        .iter()
        .zip(per_window)
        .map(|(&(s, _), totals)| an::PeriodTotals {
            period: g.label(s.days_since_epoch()),
            start: s,
            totals,
        })
        .collect();
    let report_from = periods
        .iter()
        .position(|p| p.start.days_since_epoch() >= first_reported)
        .unwrap_or(periods.len());
    let mut alerts = an::detect_changes(&periods, report_from, &q.params);
    for alert in &mut alerts {
        let p = periods
            .iter()
            .find(|p| p.period == alert.period)
            .map(|p| p.start.days_since_epoch())
            .unwrap_or(last);
        let f = q.scope.filter(
            Some(EventDate::from_days_since_epoch(p)),
            Some(EventDate::from_days_since_epoch(g.next_start(p) - 1)),
        );
        let events = store.evidence(&alert.a, &alert.b, &f, q.evidence)?;
        alert.evidence = events.into_iter().map(|e| evidence_of(e, f.key)).collect();
    }
    Ok(Some(alerts))
}
