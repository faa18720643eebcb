//! One module per command family. Each exposes clap `Args` (or a subcommand enum) and `run`;
//! the helpers below are what the text-coding commands share.

pub mod actors;
#[cfg(feature = "store")]
pub mod analytics;
pub mod code;
pub mod dict;
pub mod eval;
pub mod explain;
pub mod parse;
pub mod relations;
#[cfg(feature = "store")]
pub mod serve;
#[cfg(feature = "store")]
pub mod store;

use crate::Global;
use anyhow::Context;
use entente_dictionaries::Dictionaries;
use entente_model::{EventDate, Severity};
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::output::{Format, RowWriter};
use entente_pipeline::{DocOutput, Geocode, Pipeline, RunItem};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Exit status when some input could not be read but the rest was processed.
pub const EXIT_UNREADABLE_INPUT: u8 = 2;

/// `--format` for the commands that list rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RowFormat {
    Jsonl,
    Csv,
    Table,
}

/// The inputs and options every text-coding command takes.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Output format [default: table on a terminal, jsonl when piped]
    #[arg(long, value_enum)]
    pub format: Option<RowFormat>,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<EventDate>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub geocode: GeocodeArgs,
    /// Name every file a folder walk passed over for its type (otherwise only counted).
    #[arg(long)]
    pub verbose: bool,
    /// Files, directories (read recursively) or `-` for standard input: .txt .md .html .docx .pdf .json .jsonl
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn parse_date(s: &str) -> Result<EventDate, String> {
    EventDate::parse(s).map_err(|e| e.to_string())
}

/// The limit on one document's size, shared by the commands that read articles.
#[derive(Debug, clap::Args)]
pub struct LimitArgs {
    /// Largest document read into memory (a file, a JSONL line, or standard input): bytes, or a
    /// number with K, M or G. Larger inputs are reported and skipped (exit status 2).
    #[arg(long, value_name = "SIZE", default_value = "8M", env = "ENTENTE_MAX_DOCUMENT_SIZE", value_parser = parse_size)]
    pub max_document_size: u64,
}

/// `--geocode`: which events get a location from the embedded gazetteer.
#[derive(Debug, clap::Args)]
pub struct GeocodeArgs {
    /// Which events get a location: `on` (every event), `material-only` (material cooperation and
    /// conflict, quad classes 2 and 4) or `off`.
    #[arg(long, value_enum, default_value = "on", value_name = "WHICH")]
    pub geocode: GeocodeArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GeocodeArg {
    On,
    MaterialOnly,
    Off,
}

impl From<GeocodeArg> for Geocode {
    fn from(arg: GeocodeArg) -> Self {
        match arg {
            GeocodeArg::On => Geocode::On,
            GeocodeArg::MaterialOnly => Geocode::MaterialOnly,
            GeocodeArg::Off => Geocode::Off,
        }
    }
}

/// `8M`, `512K`, `1G` or a plain number of bytes (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("{s:?}: expected bytes, or a number with K, M or G")),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: expected a positive size such as 8M"))
}

/// `--modality`: which readings of events a listing or an aggregate counts.
/// A `--timeout` in seconds as a duration: positive and finite.
#[cfg(feature = "store")]
pub fn timeout_flag(seconds: f64) -> anyhow::Result<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|t| !t.is_zero())
        .with_context(|| format!("--timeout {seconds}: expected a positive number of seconds"))
}

#[cfg(feature = "store")]
pub fn parse_modality(s: &str) -> Result<entente_store::ModalityFilter, String> {
    entente_store::ModalityFilter::parse(s).map_err(|e| e.to_string())
}

/// Loads the built-in dictionaries plus `--dictionaries`, or fails with the file and line.
pub fn load_pipeline(global: &Global, geocode: Geocode) -> anyhow::Result<Pipeline> {
    entente_pipeline::warm_up();
    let dicts =
        Dictionaries::load(global.dictionaries.as_deref()).context("loading dictionaries")?;
    let pipeline = Pipeline::new(Arc::new(dicts)).with_geocode(geocode);
    if let Some(why) = pipeline.gazetteer_error() {
        anyhow::bail!("loading dictionaries: {why}");
    }
    Ok(pipeline)
}

/// Codes every input and hands each coded document to `emit`, reporting unreadable inputs and
/// document errors on stderr. Returns exit status 2 when some input could not be read.
pub fn code_inputs(
    global: &Global,
    args: &InputArgs,
    mut emit: impl FnMut(
        &DocOutput,
        &mut RowWriter<io::BufWriter<io::StdoutLock<'static>>>,
    ) -> io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let pipeline = load_pipeline(global, args.geocode.geocode.into())?;
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let format = match args.format {
        Some(RowFormat::Jsonl) => Format::Jsonl,
        Some(RowFormat::Csv) => Format::Csv,
        Some(RowFormat::Table) => Format::Table,
        None => Format::default_for(terminal),
    };
    let colour = terminal && std::env::var_os("NO_COLOR").is_none();
    let mut writer = RowWriter::new(io::BufWriter::new(stdout.lock()), format, colour);
    let mut unreadable = 0usize;
    let inputs = read_inputs(
        &args.paths,
        InputOptions {
            default_date: args.date,
            max_document_bytes: args.limits.max_document_size,
        },
    );
    let result = pipeline.run(inputs, |item| match item {
        RunItem::Unreadable(e) => {
            unreadable += 1;
            eprintln!("entente: cannot read {e}");
            Ok(())
        }
        RunItem::Coded(out) => {
            for d in &out.diagnostics {
                let place = d.location.as_deref().unwrap_or(&out.doc.id);
                if d.severity == Severity::Error {
                    eprintln!("entente: {place}: {}", d.message);
                } else if d.code.starts_with("location.") {
                    // How a place name was chosen between places of similar size, or left
                    // unlocated on a tie: reported, never guessed silently.
                    eprintln!("entente: {place}: warning: {} ({})", d.message, d.code);
                }
            }
            emit(&out, &mut writer)
        }
    });
    match result.and_then(|()| writer.flush()) {
        Ok(()) => {}
        // A closed pipe (`entente code ... | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("writing output"),
    }
    report_skipped_files(&args.paths, args.verbose);
    let _ = io::stderr().flush();
    Ok(if unreadable > 0 {
        ExitCode::from(EXIT_UNREADABLE_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

/// Says on stderr how many files the folder walk passed over for their type, and of which types,
/// or names each with `verbose`: a folder of articles with a spreadsheet in it must not look fully read.
pub fn report_skipped_files(paths: &[PathBuf], verbose: bool) {
    let skipped = entente_pipeline::input::skipped_files(paths);
    if skipped.is_empty() {
        return;
    }
    let mut types: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for path in &skipped {
        let extension = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_default();
        *types.entry(extension).or_default() += 1;
    }
    let types: Vec<String> = types.iter().map(|(t, n)| format!("{n} {t}")).collect();
    eprintln!(
        "entente: skipped {} files of types entente does not read ({}){}",
        skipped.len(),
        types.join(", "),
        if verbose {
            ":"
        } else {
            "; --verbose names them"
        }
    );
    if verbose {
        for path in &skipped {
            eprintln!("  {}", path.display());
        }
    }
}
