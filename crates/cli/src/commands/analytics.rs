//! Analytics commands (`dyad`, `network`, `balance`, `alerts`): read aggregates from the store
//! (opened read-only), convert them to the analytics crate's inputs, print the results.

use super::{parse_date, parse_modality};
use crate::Global;
use anyhow::Context;
use entente_analysis::{self as analysis, json, jsonl};
use entente_analytics as an;
use entente_model::EventDate;
use entente_store::{ActorKey, ModalityFilter, Store};
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

impl Window {
    fn query(&self) -> analysis::Window {
        analysis::Window {
            at: self.at,
            since: self.since,
            until: self.until,
            all: self.all,
        }
    }
}

/// How an edge gets its sign.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// Edges with |coop ratio| at most this are neutral (sign 0).
    #[arg(long, default_value_t = an::NetworkParams::default().neutral_band, value_name = "X")]
    neutral_band: f64,
    /// Edges with fewer events + stated relations are left out.
    #[arg(long, default_value_t = an::NetworkParams::default().min_evidence, value_name = "N")]
    min_evidence: u64,
    /// Weight of one stated relation (ally, rival, ...) beside the events' ln(1 + sources) weights.
    #[arg(long, default_value_t = an::NetworkParams::default().relation_weight, value_name = "W")]
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
    #[arg(long, default_value_t = analysis::DEFAULT_ALPHA, value_name = "ALPHA")]
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
    #[arg(long, default_value_t = analysis::DEFAULT_TRIANGLES, value_name = "N")]
    limit: usize,
    /// Events shown per edge of a listed triangle (newest first).
    #[arg(long, default_value_t = analysis::DEFAULT_TRIANGLE_EVIDENCE, value_name = "N")]
    evidence: usize,
    /// Connected components up to this size are partitioned exactly (at most 30).
    #[arg(long, default_value_t = an::BlocParams::default().exact_limit, value_name = "N")]
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
    #[arg(long, default_value_t = an::AlertParams::default().baseline_periods, value_name = "N")]
    baseline: usize,
    /// The baseline needs events in at least this many of its periods.
    #[arg(long, default_value_t = an::AlertParams::default().min_baseline_periods, value_name = "N")]
    min_baseline: usize,
    /// A break is a change of the coop ratio of at least this much.
    #[arg(long, default_value_t = an::AlertParams::default().threshold, value_name = "X")]
    threshold: f64,
    #[arg(long, default_value_t = an::AlertParams::default().neutral_band, value_name = "X")]
    neutral_band: f64,
    /// The reported period needs at least this many events for the dyad.
    #[arg(long, default_value_t = an::AlertParams::default().min_events, value_name = "N")]
    min_events: u64,
    /// Events shown per alert.
    #[arg(long, default_value_t = analysis::DEFAULT_ALERT_EVIDENCE, value_name = "N")]
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

fn scope(scope: &Scope) -> analysis::Scope {
    analysis::Scope {
        key: match scope.group {
            Group::Country => ActorKey::Country,
            Group::Code => ActorKey::Code,
            Group::State => ActorKey::State,
        },
        origin: scope.origin.clone(),
        modality: scope.modality,
    }
}

fn parse_granularity(s: &str) -> Result<an::Granularity, String> {
    s.parse()
}

fn dyad(store: &Store, args: DyadArgs) -> anyhow::Result<String> {
    let series = analysis::dyad(
        store,
        &analysis::DyadQuery {
            a: args.a,
            b: args.b,
            by: args.by,
            since: args.since,
            until: args.until,
            directed: args.directed,
            alpha: args.alpha,
            scope: scope(&args.scope),
        },
    )?;
    match args.format {
        DyadFormat::Table => Ok(an::render::dyad_table(&series)),
        DyadFormat::Json => Ok(json(&series)?),
        DyadFormat::Jsonl => Ok(jsonl(&series.periods)?),
        DyadFormat::Csv => Ok(an::render::dyad_csv(&series)),
    }
}

fn network(store: &Store, args: NetworkArgs) -> anyhow::Result<String> {
    let window = args.window.query().resolve(store)?;
    let f = scope(&args.scope).filter(window.since, window.until);
    let net = analysis::network(store, &f, &args.sign.params())?;
    match args.format {
        NetworkFormat::Json => Ok(json(&analysis::NetworkOutput {
            window: window.label,
            network: net,
        })?),
        NetworkFormat::Jsonl => Ok(jsonl(&net.edges)?),
        NetworkFormat::Graphml => Ok(an::render::graphml(&net)),
        NetworkFormat::Gexf => Ok(an::render::gexf(&net, (window.since, window.until))),
        NetworkFormat::Dot => Ok(an::render::dot(&net)),
    }
}

fn balance(store: &Store, args: BalanceArgs) -> anyhow::Result<String> {
    let balance = analysis::balance(
        store,
        &analysis::BalanceQuery {
            focus: args.focus.clone(),
            limit: args.limit,
            evidence: args.evidence,
            exact_limit: args.exact_limit,
            window: args.window.query(),
            sign: args.sign.params(),
            scope: scope(&args.scope),
        },
    )?;
    if let Some(focus) = args.focus.filter(|_| !balance.focus_in_network) {
        eprintln!(
            "entente: note: {} has no edge in this window",
            focus.to_uppercase()
        );
    }
    let report = balance.report;
    match args.format {
        ReportFormat::Table => Ok(an::render::balance_table(&report)),
        ReportFormat::Json => Ok(json(&report)?),
        ReportFormat::Jsonl => Ok(jsonl(&report.unbalanced_triads)?),
    }
}

fn alerts(store: &Store, args: AlertsArgs) -> anyhow::Result<String> {
    let query = analysis::AlertsQuery {
        since: args.since,
        by: args.by,
        params: an::AlertParams {
            baseline_periods: args.baseline,
            min_baseline_periods: args.min_baseline,
            threshold: args.threshold,
            neutral_band: args.neutral_band,
            min_events: args.min_events,
        },
        evidence: args.evidence,
        scope: scope(&args.scope),
    };
    let Some(alerts) = analysis::alerts(store, &query)? else {
        return Ok(match args.format {
            ReportFormat::Table => "no dated events in the store\n".into(),
            ReportFormat::Json => "[]\n".into(),
            ReportFormat::Jsonl => String::new(),
        });
    };
    match args.format {
        ReportFormat::Table => Ok(an::render::alerts_table(&alerts)),
        ReportFormat::Json => Ok(json(&alerts)?),
        ReportFormat::Jsonl => Ok(jsonl(&alerts)?),
    }
}
