//! Analytics commands (`dyad`, `network`, `balance`, `alerts`): read aggregates from the store
//! (opened read-only), convert them to the analytics crate's inputs, print the results.

use super::{parse_date, parse_modality};
use crate::Global;
use anyhow::Context;
use entente_analytics as an;
use entente_model::EventDate;
use entente_store::{
    ActorKey, AggregateFilter, ModalityFilter, Store, StoredEvent, StoredRelation,
};
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum AnalyticsCommand {
    /// A dyad's timeline per period: quad counts, Goldstein, coop ratio (smoothed, with a sparkline), milestones.
    Dyad(DyadArgs),
    /// The signed network of a window (edge sign from the coop ratio, with a neutral band).
    Network(NetworkArgs),
    /// Structural balance: triad census, unbalanced triangles with evidence, cross-pressure, blocs.
    Balance(BalanceArgs),
    /// Sign flips and breaks of each dyad's coop ratio against its trailing baseline.
    Alerts(AlertsArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    /// ISO country for states and their organs; non-state actors (armed groups, parties, NGOs,
    /// IGOs, companies) and actors without a country by their actor code: Hamas is not Palestine.
    Country,
    /// Full actor code (AZEGOV and AZEMIL are different actors).
    Code,
    /// ISO country for every actor that has one: non-state actors folded into their country.
    State,
}

/// Which events are read.
#[derive(Debug, clap::Args)]
pub struct Scope {
    /// Group actors by country or by full actor code.
    #[arg(long, value_enum, default_value = "country")]
    group: Group,
    /// Only events of this origin: text, gdelt or icews.
    #[arg(long, value_name = "ORIGIN")]
    origin: Option<String>,
    /// Which readings count: actual (asserted acts), intended, threatened, demanded,
    /// hypothetical, or all of them.
    #[arg(long, default_value = "actual", value_parser = parse_modality, value_name = "MODALITY")]
    modality: ModalityFilter,
}

/// A window: `--at D` is the year, month or day D names; otherwise `--since`/`--until` (inclusive);
/// `--all` is the whole store; with none of them, the 12 months up to the latest event.
#[derive(Debug, clap::Args)]
pub struct Window {
    /// The calendar unit the date names: 2024 (a year), 2024-03 (a month) or 2024-03-05 (a day).
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with_all = ["since", "until", "all"])]
    at: Option<EventDate>,
    /// First date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<EventDate>,
    /// Last date, inclusive (a month or year means its last day).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<EventDate>,
    /// Every event in the store, whatever its date [default: the latest 12 months].
    #[arg(long, conflicts_with_all = ["since", "until"])]
    all: bool,
}

/// Months in the default window: a signed network is a snapshot of current relations, and mixing
/// years of history into one sign would hide every change.
const DEFAULT_WINDOW_MONTHS: u32 = 12;

impl Window {
    /// The bounds and the label printed with the results.
    fn resolve(
        &self,
        store: &Store,
    ) -> anyhow::Result<(Option<EventDate>, Option<EventDate>, String)> {
        if let Some(d) = self.at {
            return Ok((Some(d), Some(d), d.to_string()));
        }
        if self.since.is_some() || self.until.is_some() {
            return Ok((
                self.since,
                self.until,
                format!("{}..{}", opt_date(self.since), opt_date(self.until)),
            ));
        }
        match store.date_range()?.filter(|_| !self.all) {
            Some((_, latest)) => {
                let (first, last) = an::trailing_months(latest, DEFAULT_WINDOW_MONTHS);
                Ok((
                    Some(first),
                    Some(last),
                    format!("{first}..{last} (latest {DEFAULT_WINDOW_MONTHS} months)"),
                ))
            }
            None => Ok((None, None, "all".into())),
        }
    }
}

fn opt_date(d: Option<EventDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// How an edge gets its sign.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// Edges with |coop ratio| at most this are neutral (sign 0).
    #[arg(long, default_value_t = 0.1, value_name = "X")]
    neutral_band: f64,
    /// Edges with fewer events + stated relations are left out.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_evidence: u64,
    /// Weight of one stated relation (ally, rival, ...) beside the events' ln(1 + sources) weights.
    #[arg(long, default_value_t = 1.0, value_name = "W")]
    relation_weight: f64,
}

impl SignArgs {
    fn params(&self) -> an::NetworkParams {
        an::NetworkParams {
            neutral_band: self.neutral_band,
            min_evidence: self.min_evidence,
            relation_weight: self.relation_weight,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DyadFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DyadArgs {
    /// First actor (country code such as AZE, or an actor code with --group code).
    a: String,
    /// Second actor.
    b: String,
    /// Period length: week, month, quarter or year.
    #[arg(long, default_value = "month", value_parser = parse_granularity, value_name = "PERIOD")]
    by: an::Granularity,
    /// First date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive [default: the dyad's first event].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<EventDate>,
    /// Last date, inclusive (a month or year means its last day) [default: the dyad's last event].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<EventDate>,
    /// Only A → B events (both directions otherwise).
    #[arg(long)]
    directed: bool,
    /// Exponential smoothing factor of the coop ratio, in (0, 1].
    #[arg(long, default_value_t = 0.3, value_name = "ALPHA")]
    alpha: f64,
    #[command(flatten)]
    scope: Scope,
    #[arg(long, value_enum, default_value = "table")]
    format: DyadFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkFormat {
    Json,
    Jsonl,
    Graphml,
    /// Gephi's own format, with typed edge attributes and the window as time span.
    Gexf,
    Dot,
}

#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    window: Window,
    #[command(flatten)]
    sign: SignArgs,
    #[command(flatten)]
    scope: Scope,
    #[arg(long, value_enum, default_value = "json")]
    format: NetworkFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    /// List only the unbalanced triangles this actor is in.
    #[arg(long, value_name = "ACTOR")]
    focus: Option<String>,
    /// At most this many unbalanced triangles are listed (most evidenced first); each listed edge
    /// costs one evidence query.
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Events shown per edge of a listed triangle (newest first).
    #[arg(long, default_value_t = 5, value_name = "N")]
    evidence: usize,
    /// Connected components up to this size are partitioned exactly (at most 30).
    #[arg(long, default_value_t = 20, value_name = "N")]
    exact_limit: usize,
    #[command(flatten)]
    window: Window,
    #[command(flatten)]
    sign: SignArgs,
    #[command(flatten)]
    scope: Scope,
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

#[derive(Debug, clap::Args)]
pub struct AlertsArgs {
    /// Report periods from the one containing this date on [default: the latest period].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<EventDate>,
    /// Period length: week, month, quarter or year.
    #[arg(long, default_value = "month", value_parser = parse_granularity, value_name = "PERIOD")]
    by: an::Granularity,
    /// Trailing periods forming the baseline.
    #[arg(long, default_value_t = 6, value_name = "N")]
    baseline: usize,
    /// The baseline needs events in at least this many of its periods.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_baseline: usize,
    /// A break is a change of the coop ratio of at least this much.
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    threshold: f64,
    #[arg(long, default_value_t = 0.1, value_name = "X")]
    neutral_band: f64,
    /// The reported period needs at least this many events for the dyad.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_events: u64,
    /// Events shown per alert.
    #[arg(long, default_value_t = 3, value_name = "N")]
    evidence: usize,
    #[command(flatten)]
    scope: Scope,
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

pub fn run(global: &Global, cmd: AnalyticsCommand) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&global.store)
        .with_context(|| format!("opening the store {}", global.store.display()))?;
    let text = match cmd {
        AnalyticsCommand::Dyad(args) => dyad(&store, args)?,
        AnalyticsCommand::Network(args) => network(&store, args)?,
        AnalyticsCommand::Balance(args) => balance(&store, args)?,
        AnalyticsCommand::Alerts(args) => alerts(&store, args)?,
    };
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e).context("writing output"),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn filter(scope: &Scope, since: Option<EventDate>, until: Option<EventDate>) -> AggregateFilter {
    AggregateFilter {
        since,
        until,
        key: match scope.group {
            Group::Country => ActorKey::Country,
            Group::Code => ActorKey::Code,
            Group::State => ActorKey::State,
        },
        actors: None,
        origin: scope.origin.clone(),
        modality: scope.modality,
    }
}

fn parse_granularity(s: &str) -> Result<an::Granularity, String> {
    s.parse()
}

fn json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

fn jsonl<T: Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<String> {
    let mut out = String::new();
    for row in rows {
        out += &serde_json::to_string(&row)?;
        out.push('\n');
    }
    Ok(out)
}

fn dyad(store: &Store, args: DyadArgs) -> anyhow::Result<String> {
    let (a, b) = (args.a.to_uppercase(), args.b.to_uppercase());
    anyhow::ensure!(
        args.alpha > 0.0 && args.alpha <= 1.0,
        "--alpha must be in (0, 1]"
    );
    store.check_actor(&a)?;
    store.check_actor(&b)?;
    let f = filter(&args.scope, args.since, args.until);
    let days: Vec<an::DyadDay> = store.dyad_days(&a, &b, !args.directed, &f)?;
    // The actors' volumes are taken over the periods the series spans.
    let first = args
        .since
        .map(|d| d.days_since_epoch())
        .or_else(|| days.first().map(|d| d.day.days_since_epoch()));
    let last = args
        .until
        .map(an::last_day_of)
        .or_else(|| days.last().map(|d| d.day.days_since_epoch()));
    let span = |day: Option<i64>, end: bool| {
        day.map(|d| {
            let start = args.by.start_of(d);
            EventDate::from_days_since_epoch(if end {
                args.by.next_start(start) - 1
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
    let volumes = actor_volumes(store, &volume_filter, &a, &b)?;
    let params = an::SeriesParams {
        granularity: args.by,
        since: args.since,
        until: args.until,
        directed: args.directed,
        alpha: args.alpha,
    };
    let pair = AggregateFilter {
        since: None,
        until: None,
        actors: Some(vec![a.clone(), b.clone()]),
        ..f.clone()
    };
    let relations: Vec<an::StatedRelation> = store
        .relations(&pair)?
        .into_iter()
        .map(stated_relation)
        .collect();
    let series = an::dyad_series(&a, &b, &days, &relations, &params, Some(volumes));
    match args.format {
        DyadFormat::Table => Ok(an::render::dyad_table(&series)),
        DyadFormat::Json => json(&series),
        DyadFormat::Jsonl => jsonl(&series.periods),
        DyadFormat::Csv => Ok(an::render::dyad_csv(&series)),
    }
}

/// Each actor's total event weight over the window, with any partner and in either direction.
fn actor_volumes(
    store: &Store,
    f: &AggregateFilter,
    a: &str,
    b: &str,
) -> anyhow::Result<an::ActorVolumes> {
    let volumes = store.actor_volumes(&[a.to_string(), b.to_string()], f)?;
    Ok(an::ActorVolumes {
        a: volumes[0],
        b: volumes[1],
    })
}

fn build_network(
    store: &Store,
    f: &AggregateFilter,
    sign: &SignArgs,
) -> anyhow::Result<an::SignedNetwork> {
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
    Ok(an::build_network(&totals, &relations, &sign.params()))
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

#[derive(Serialize)]
struct NetworkOutput<'a> {
    window: String,
    #[serde(flatten)]
    network: &'a an::SignedNetwork,
}

fn network(store: &Store, args: NetworkArgs) -> anyhow::Result<String> {
    let (since, until, window) = args.window.resolve(store)?;
    let net = build_network(store, &filter(&args.scope, since, until), &args.sign)?;
    match args.format {
        NetworkFormat::Json => json(&NetworkOutput {
            window,
            network: &net,
        }),
        NetworkFormat::Jsonl => jsonl(&net.edges),
        NetworkFormat::Graphml => Ok(an::render::graphml(&net)),
        NetworkFormat::Gexf => Ok(an::render::gexf(&net, (since, until))),
        NetworkFormat::Dot => Ok(an::render::dot(&net)),
    }
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

fn balance(store: &Store, args: BalanceArgs) -> anyhow::Result<String> {
    if let Some(focus) = &args.focus {
        store.check_actor(focus)?;
    }
    let (since, until, window) = args.window.resolve(store)?;
    let f = filter(&args.scope, since, until);
    let net = build_network(store, &f, &args.sign)?;
    let params = an::BalanceParams {
        focus: args.focus.map(|a| a.to_uppercase()),
        limit: args.limit,
        blocs: an::BlocParams {
            exact_limit: args.exact_limit,
            ..an::BlocParams::default()
        },
    };
    if let Some(focus) = params
        .focus
        .as_deref()
        .filter(|f| !net.nodes.iter().any(|n| n == f))
    {
        eprintln!("entente: note: {focus} has no edge in this window");
    }
    let mut report = an::balance_report(&net, &window, &params);
    if args.evidence > 0 {
        report.add_event_evidence(|pairs| -> anyhow::Result<Vec<Vec<an::Evidence>>> {
            let per_pair = store.evidence_for_pairs(pairs, &f, args.evidence)?;
            Ok(per_pair
                .into_iter()
                .map(|events| events.into_iter().map(|e| evidence_of(e, f.key)).collect())
                .collect())
        })?;
    }
    match args.format {
        ReportFormat::Table => Ok(an::render::balance_table(&report)),
        ReportFormat::Json => json(&report),
        ReportFormat::Jsonl => jsonl(&report.unbalanced_triads),
    }
}

fn alerts(store: &Store, args: AlertsArgs) -> anyhow::Result<String> {
    let g = args.by;
    let Some((_, latest)) = store.date_range()? else {
        return Ok(match args.format {
            ReportFormat::Table => "no dated events in the store\n".into(),
            ReportFormat::Json => "[]\n".into(),
            ReportFormat::Jsonl => String::new(),
        });
    };
    let last = an::last_day_of(latest);
    let first_reported = g.start_of(args.since.map_or(last, |d| d.days_since_epoch()).min(last));
    let first = g.back(first_reported, args.baseline as u32);
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
    let per_window = store.dyad_totals_by_window(&windows, &filter(&args.scope, None, None))?;
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
    let params = an::AlertParams {
        baseline_periods: args.baseline,
        min_baseline_periods: args.min_baseline,
        threshold: args.threshold,
        neutral_band: args.neutral_band,
        min_events: args.min_events,
    };
    let mut alerts = an::detect_changes(&periods, report_from, &params);
    for alert in &mut alerts {
        let p = periods
            .iter()
            .find(|p| p.period == alert.period)
            .map(|p| p.start.days_since_epoch())
            .unwrap_or(last);
        let window = (
            EventDate::from_days_since_epoch(p),
            EventDate::from_days_since_epoch(g.next_start(p) - 1),
        );
        let f = filter(&args.scope, Some(window.0), Some(window.1));
        let events = store.evidence(&alert.a, &alert.b, &f, args.evidence)?;
        alert.evidence = events.into_iter().map(|e| evidence_of(e, f.key)).collect();
    }
    match args.format {
        ReportFormat::Table => Ok(an::render::alerts_table(&alerts)),
        ReportFormat::Json => json(&alerts),
        ReportFormat::Jsonl => jsonl(&alerts),
    }
}
