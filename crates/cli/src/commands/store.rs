//! Store commands: `ingest` (code articles into the store), `import` (GDELT, ICEWS), `events`
//! (list with filters), `export` (Parquet, CSV, JSONL) and `sql` (read-only queries).
//!
//! Writers hold the store's write lock for the whole job but open the database only while they
//! write a batch; every query command opens it read-only (see docs/STORE.md).
use crate::Global;
use anyhow::Context;
use entente_dictionaries::Dictionaries;
use entente_model::EventDate;
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::{DocOutput, Pipeline, RunItem};
use entente_store::import::{self, Dataset};
use entente_store::ProgressObserver;
use entente_store::{
    Aggregates, BatchSummary, DocRecord, EventFilter, ExportFormat, ModalityFilter, Store,
    StoreError, Table, WriteLock, WRITER_GAP,
};
use entente_store::{ConfinedStore, SqlLimits};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Code articles and store documents, sentences, mentions, events and relations with their provenance.
    Ingest(IngestArgs),
    /// Import GDELT or ICEWS event files into the store.
    #[command(subcommand)]
    Import(ImportCommand),
    /// List stored events (deduplicated, asserted acts unless --modality says otherwise) with filters.
    Events(EventsArgs),
    /// Export stored events: Parquet partitioned by year and month, or one CSV or JSONL file.
    Export(ExportArgs),
    /// Run a read-only SQL query against the store's views (events, reports, documents, sentences, mentions, relations, dyad_day).
    Sql(SqlArgs),
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, directories (recursive) or `-` for stdin: txt, md, html, docx, pdf, json, jsonl.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Documents per transaction; the store is open for writing only while a batch is written.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    batch_size: u64,
    #[command(flatten)]
    limits: super::LimitArgs,
    #[command(flatten)]
    geocode: super::GeocodeArgs,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// How many dyads to list in the summary.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Name every file a folder walk passed over for its type (otherwise only counted).
    #[arg(long)]
    verbose: bool,
}

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// GDELT 1.0 (57 or 58 columns) or 2.0 (61 columns) event files, .CSV or .zip, or directories of them.
    Gdelt {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// ICEWS event files in the Dataverse tab-separated layout with a header row.
    Icews {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormatArg {
    Parquet,
    Csv,
    Jsonl,
    /// A GeoJSON FeatureCollection of the located events.
    Geojson,
}

/// The event filters `events` and `export` share.
#[derive(clap::Args)]
pub struct FilterArgs {
    /// Source or target is this country (AZE) or has this actor-code prefix (AZEGOV).
    #[arg(long)]
    actor: Option<String>,
    /// Directed dyad SOURCE:TARGET, each a country or actor-code prefix (AZE:ISR).
    #[arg(long, value_name = "A:B")]
    dyad: Option<String>,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Events on or before this date, inclusive of the whole period given.
    #[arg(long)]
    until: Option<String>,
    /// CAMEO code prefix (04 matches 040-046; 042 matches 042 and its children).
    #[arg(long)]
    code: Option<String>,
    /// CAMEO root, 1-20.
    #[arg(long)]
    root: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long)]
    quad: Option<u8>,
    /// PLOVER event category (case-insensitive).
    #[arg(long)]
    plover: Option<String>,
    /// Where events came from: text, gdelt or icews.
    #[arg(long)]
    origin: Option<String>,
    /// Located in this country (ISO-3: TUR) or first-level division (GeoNames COUNTRY.ADMIN1: TR.34, US.CA).
    #[arg(long = "in", value_name = "COUNTRY|ADM1")]
    place: Option<String>,
    /// Located within KM kilometres of a point: LAT,LON,KM (41.01,28.95,50).
    #[arg(long, value_name = "LAT,LON,KM", value_parser = EventFilter::parse_near)]
    near: Option<(f64, f64, f64)>,
    /// Words that must all occur in one of the event's evidence sentences (case-insensitive).
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// Which readings count: actual (asserted acts), intended, threatened, demanded,
    /// hypothetical, or all of them.
    #[arg(long, default_value = "actual", value_parser = super::parse_modality, value_name = "MODALITY")]
    modality: ModalityFilter,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// At most this many events.
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormatArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// A new directory (Parquet) or file (CSV, JSONL).
    out: PathBuf,
}

#[derive(clap::Args)]
pub struct SqlArgs {
    /// One query, e.g. "SELECT source, target, sum(events) FROM dyad_day GROUP BY ALL". It reads
    /// the store only: no other file, no network, no extension (see docs/SECURITY.md).
    query: String,
    /// Rows printed at most; a longer result is cut there, with a note on stderr.
    #[arg(long, default_value_t = SqlLimits::default().max_rows)]
    max_rows: usize,
    /// Seconds the query may run before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = SqlLimits::default().timeout.as_secs_f64())]
    timeout: f64,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(global: &Global, cmd: StoreCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        StoreCommand::Ingest(args) => ingest(global, args),
        StoreCommand::Import(ImportCommand::Gdelt { paths }) => {
            import_dataset(global, Dataset::Gdelt, &paths)
        }
        StoreCommand::Import(ImportCommand::Icews { paths }) => {
            import_dataset(global, Dataset::Icews, &paths)
        }
        StoreCommand::Events(args) => events(global, args),
        StoreCommand::Export(args) => export(global, args),
        StoreCommand::Sql(args) => sql(global, args),
    }
}

fn ingest(global: &Global, args: IngestArgs) -> anyhow::Result<ExitCode> {
    let default_date = args
        .date
        .as_deref()
        .map(EventDate::parse)
        .transpose()
        .context("--date")?;
    let _lock = WriteLock::acquire(&global.store)?;
    let known = known_documents(&global.store)?;
    entente_pipeline::warm_up();
    let dicts = Arc::new(
        Dictionaries::load(global.dictionaries.as_deref()).context("loading dictionaries")?,
    );
    let pipeline = Pipeline::new(dicts.clone()).with_geocode(args.geocode.geocode.into());
    if let Some(why) = pipeline.gazetteer_error() {
        anyhow::bail!("loading dictionaries: {why}");
    }
    let mut progress = Progress::new("ingest", input_bytes(&args.paths));
    let (mut documents, mut events, mut bytes) = (0u64, 0u64, 0u64);
    let mut skipped = 0u64;
    let options = InputOptions {
        default_date,
        max_document_bytes: args.limits.max_document_size,
    };
    let inputs = read_inputs(&args.paths, options).filter(|item| match item {
        Ok(doc) if known.contains(&entente_store::document_key(doc)) => {
            skipped += 1;
            false
        }
        _ => true,
    });
    let mut writer = BatchWriter {
        store: &global.store,
        dictionaries: dicts.hash(),
        pending: Vec::new(),
        total: BatchSummary::default(),
        closed_at: None,
    };
    let mut unreadable = 0u64;
    pipeline.run(inputs, |item| -> anyhow::Result<()> {
        match item {
            RunItem::Coded(out) => {
                documents += 1;
                events += out.events.len() as u64;
                bytes += out.doc.text.len() as u64;
                progress.show(bytes, |seconds| {
                    let rate = documents as f64 / seconds;
                    format!("{documents} docs ({rate:.1} docs/s), {events} events")
                });
                writer.pending.push(*out);
                if writer.pending.len() as u64 >= args.batch_size {
                    writer.flush()?;
                }
            }
            RunItem::Unreadable(e) => {
                progress.suspend(|| eprintln!("entente: {e}"));
                unreadable += 1;
            }
        }
        Ok(())
    })?;
    writer.flush()?;
    progress.finish();
    let mut total = writer.total;
    total.documents_known += skipped;
    let counts = Store::open_read_only(&global.store).and_then(|s| s.counts());
    print_ingest_summary(&total, counts.ok(), args.top, progress.started.elapsed())?;
    super::report_skipped_files(&args.paths, args.verbose);
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Keys of the documents already stored, so a re-run skips them before coding. A store written by
/// an older entente is upgraded here: the caller holds the write lock.
fn known_documents(store: &Path) -> anyhow::Result<HashSet<String>> {
    match Store::open_read_only(store) {
        Ok(store) => Ok(store.document_keys()?),
        Err(StoreError::Empty { .. }) => Ok(HashSet::new()),
        Err(StoreError::SchemaTooOld { .. }) => Ok(Store::open_read_write(store)?.document_keys()?),
        Err(e) => Err(e.into()),
    }
}

/// Collects coded documents and writes them a batch at a time, opening the store only to write.
struct BatchWriter<'a> {
    store: &'a Path,
    dictionaries: &'a str,
    pending: Vec<DocOutput>,
    total: BatchSummary,
    /// When the previous batch closed the store: the next waits until readers had their gap.
    closed_at: Option<Instant>,
}

impl BatchWriter<'_> {
    fn flush(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let records: Vec<DocRecord<'_>> = self
            .pending
            .iter()
            .map(|out| DocRecord {
                doc: &out.doc,
                sentences: &out.sentences,
                mentions: &out.mentions,
                events: &out.events,
                relations: &out.relations,
                dictionaries: self.dictionaries,
            })
            .collect();
        if let Some(gap_left) = self
            .closed_at
            .and_then(|t| WRITER_GAP.checked_sub(t.elapsed()))
        {
            std::thread::sleep(gap_left);
        }
        let mut store = Store::open_read_write(self.store)?;
        let summary = store.ingest(&records)?;
        drop(store);
        self.closed_at = Some(Instant::now());
        self.total.add(&summary);
        self.pending.clear();
        Ok(())
    }
}

/// Total size of the files under `paths`: the denominator of the progress bar's ETA. Symlinks
/// are not followed, so a symlink loop cannot make this walk endless.
fn input_bytes(paths: &[PathBuf]) -> u64 {
    fn walk(path: &Path) -> u64 {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| walk(&e.path()))
                        .sum()
                })
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    paths.iter().map(|p| walk(p)).sum()
}

/// Progress of a long write (ingest, import): a bar on a terminal, a line every few seconds
/// otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    command: &'static str,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    const LINE_EVERY: Duration = Duration::from_secs(10);

    fn new(command: &'static str, total_bytes: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total_bytes.max(1));
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {percent}% ETA {eta}  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Self {
            bar,
            command,
            started: now,
            last_line: now,
        }
    }

    /// Sets how many bytes the input holds.
    fn set_total(&self, total_bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total_bytes.max(1));
        }
    }

    /// Moves to `bytes_done` of the input and shows the message made from the seconds elapsed.
    fn show(&mut self, bytes_done: u64, message: impl FnOnce(f64) -> String) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        match &self.bar {
            Some(bar) => {
                bar.set_position(bytes_done);
                bar.set_message(message(seconds));
            }
            None if self.last_line.elapsed() >= Self::LINE_EVERY => {
                eprintln!("entente {}: {}", self.command, message(seconds));
                self.last_line = Instant::now();
            }
            None => {}
        }
    }

    /// Turns to a statement the store runs (a bulk load, an export): the bar shows DuckDB's own
    /// estimate of its progress with `message`; without a terminal the message is printed (unless
    /// the job has been quick so far), then the percentage every few seconds.
    fn statement(&mut self, message: String) -> ProgressObserver {
        if let Some(bar) = &self.bar {
            bar.set_length(100);
            bar.set_position(0);
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(200));
            let bar = bar.clone();
            return Arc::new(move |percent| bar.set_position(percent as u64));
        }
        if self.started.elapsed() >= Duration::from_secs(1) {
            eprintln!("entente {}: {message}", self.command);
        }
        let command = self.command;
        let last_line = std::sync::Mutex::new(Instant::now());
        Arc::new(move |percent| {
            if let Ok(mut last) = last_line.lock() {
                if last.elapsed() >= Self::LINE_EVERY {
                    eprintln!("entente {command}: {message}: {percent:.0}%");
                    *last = Instant::now();
                }
            }
        })
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_ingest_summary(
    total: &BatchSummary,
    counts: Option<entente_store::StoreCounts>,
    top: usize,
    elapsed: Duration,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let secs = elapsed.as_secs_f64();
    writeln!(
        out,
        "documents: {} new, {} already stored ({:.1} docs/s)",
        total.documents_new,
        total.documents_known,
        total.documents_new as f64 / secs.max(1e-3)
    )?;
    writeln!(out, "sentences: {}", total.sentences)?;
    writeln!(
        out,
        "reports:   {} ({} negated, stored but not counted)",
        total.reports, total.negated_reports
    )?;
    writeln!(
        out,
        "events:    {} new, {} reports joined an event already known",
        total.events_new, total.reports_merged
    )?;
    let uncounted: Vec<String> = total
        .uncounted_reports
        .iter()
        .map(|(why, n)| format!("{n} {why}"))
        .collect();
    writeln!(
        out,
        "counted:   {} reports of asserted acts{}",
        total.counted_reports,
        if uncounted.is_empty() {
            String::new()
        } else {
            format!(
                "; not counted: {} (see `reports`, or --modality)",
                uncounted.join(", ")
            )
        }
    )?;
    if total.undated_reports > 0 {
        writeln!(
            out,
            "undated:   {} counted reports in {} documents without a date (no dateline, no `date` in \
             metadata, no --date) and none in their sentence",
            total.undated_reports, total.undated_documents
        )?;
    }
    writeln!(out, "relations: {}", total.relations)?;
    if let Some(c) = counts {
        writeln!(
            out,
            "store now: {} documents, {} events ({} counted), {} reports, {} relations",
            c.documents, c.events, c.counted_events, c.reports, c.relations
        )?;
    }
    let mut dyads: Vec<(&(String, String), &u64)> = total
        .dyads
        .iter()
        .filter(|((_, t), _)| !t.is_empty())
        .collect();
    dyads.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !dyads.is_empty() {
        writeln!(out, "top dyads (new counted reports):")?;
        for ((source, target), n) in dyads.into_iter().take(top) {
            writeln!(out, "  {source} -> {target}: {n}")?;
        }
    }
    Ok(())
}

fn import_dataset(
    global: &Global,
    dataset: Dataset,
    paths: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    let _lock = WriteLock::acquire(&global.store)?;
    let started = Instant::now();
    // The import measures its inputs itself, and says how much they hold with its progress.
    let mut progress = Progress::new("import", 0);
    let prepared = import::prepare_with_progress(dataset, paths, &mut |p| {
        progress.set_total(p.bytes_total);
        progress.show(p.bytes_read, |seconds| {
            let rate = p.rows as f64 / seconds;
            format!("read {} rows ({rate:.0} rows/s)", p.rows)
        })
    })?;
    const SHOWN: usize = 100;
    progress.suspend(|| {
        for malformed in prepared.malformed.iter().take(SHOWN) {
            eprintln!("entente: {malformed}");
        }
        if prepared.malformed.len() > SHOWN {
            eprintln!(
                "entente: ... and {} more malformed rows",
                prepared.malformed.len() - SHOWN
            );
        }
        for error in &prepared.unreadable {
            eprintln!("entente: {error}");
        }
    });
    let mut store = Store::open_read_write(&global.store)?;
    store.observe_progress(
        progress.statement(format!("loading {} rows into the store", prepared.rows)),
    );
    let summary = store.load(&prepared)?;
    drop(store);
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let read = prepared.rows + prepared.duplicates + prepared.malformed.len() as u64;
    println!(
        "imported {} {} events ({} already stored, {} repeated ids in the input, {} malformed rows skipped) in {secs:.2}s ({:.0} rows/s)",
        summary.inserted,
        dataset.origin(),
        summary.already_known,
        prepared.duplicates,
        prepared.malformed.len(),
        read as f64 / secs.max(1e-6),
    );
    let incomplete = !prepared.malformed.is_empty() || !prepared.unreadable.is_empty();
    Ok(if incomplete {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn event_filter(args: FilterArgs, limit: Option<usize>) -> anyhow::Result<EventFilter> {
    let date = |flag: &str, value: Option<String>| -> anyhow::Result<Option<EventDate>> {
        value
            .map(|v| EventDate::parse(&v).with_context(|| format!("--{flag}")))
            .transpose()
    };
    let dyad = args
        .dyad
        .map(|d| match d.split_once(':') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
            _ => anyhow::bail!("--dyad {d:?}: expected SOURCE:TARGET such as AZE:ISR"),
        })
        .transpose()?;
    Ok(EventFilter {
        actor: args.actor,
        dyad,
        since: date("since", args.since)?,
        until: date("until", args.until)?,
        code: args.code,
        root: args.root,
        quad: args.quad,
        plover: args.plover,
        origin: args.origin,
        text: args.text,
        place: args.place,
        near: args.near,
        modality: args.modality,
        limit,
        ..EventFilter::default()
    })
}

/// Fails, naming the closest stored actor, when an actor the filter names matches nothing.
fn check_actors(store: &Store, filter: &EventFilter) -> anyhow::Result<()> {
    for actor in filter.named_actors() {
        store.check_actor(actor)?;
    }
    Ok(())
}

fn events(global: &Global, args: EventsArgs) -> anyhow::Result<ExitCode> {
    let filter = event_filter(args.filter, args.limit)?;
    let store = Store::open_read_only(&global.store)?;
    check_actors(&store, &filter)?;
    let table = store.events(&filter)?;
    let table = match args.format {
        Format::Table => table.select(&[
            "event_id",
            "date",
            "source_code",
            "target_code",
            "cameo",
            "quad_class",
            "goldstein",
            "num_reports",
            "num_sources",
            "origin",
            "sentence",
        ]),
        Format::Jsonl | Format::Csv => table,
    };
    print_table(&table, args.format)
}

fn export(global: &Global, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let filter = event_filter(args.filter, None)?;
    let format = match args.format {
        ExportFormatArg::Parquet => ExportFormat::Parquet,
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Jsonl => ExportFormat::Jsonl,
        ExportFormatArg::Geojson => ExportFormat::GeoJson,
    };
    let mut store = Store::open_read_only(&global.store)?;
    check_actors(&store, &filter)?;
    let mut progress = Progress::new("export", 0);
    store.observe_progress(progress.statement(format!("exporting to {}", args.out.display())));
    let written = store.export(&filter, format, &args.out)?;
    progress.finish();
    eprintln!("wrote {written} events to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn sql(global: &Global, args: SqlArgs) -> anyhow::Result<ExitCode> {
    let timeout = super::timeout_flag(args.timeout)?;
    let limits = SqlLimits {
        max_rows: args.max_rows,
        timeout,
    };
    let store = ConfinedStore::open(&global.store)?;
    let output = store.query(&args.query, &limits)?;
    let code = print_table(&output.table, args.format)?;
    if output.truncated {
        eprintln!(
            "entente: output stopped at {} rows (--max-rows)",
            limits.max_rows
        );
    }
    Ok(code)
}

fn print_table(table: &Table, format: Format) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        Format::Table => table.write_text(&mut out, 80),
        Format::Jsonl => table.write_jsonl(&mut out),
        Format::Csv => table.write_csv(&mut out),
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
