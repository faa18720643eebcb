//! `entente eval`: score the coder against a gold file. The scoring lives in
//! `entente_pipeline::eval`; this module reads the files and prints the report.

use crate::Global;
use anyhow::Context;
use entente_dictionaries::Dictionaries;
use entente_pipeline::eval::{self, Confusion, EvalReport, GoldFormat, Ratio};
use entente_pipeline::eval_locations;
use entente_pipeline::eval_peers::{self, PeerReport, PeerSuite};
use entente_pipeline::Pipeline;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
#[command(after_help = "Gold formats:
  ud          CoNLL-U treebank: scores the syntax model (UPOS, UAS, LAS) with gold words
  conflibert  sentence<TAB>class 0-4 (0 statement/appeal, 1 verbal coop, 2 material coop,
              3 verbal conflict, 4 material conflict)
  plover-gsr  the PLOVER project's JSON gold-standard records
  entente     JSONL, one document per line with its expected events (docs/GOLD.md)
  petrarch-unit    DIR: PETRARCH-2's unit-test folder (PETR.UnitTest.records.xml and its files)
  tabari-validate  DIR: TABARI's validation folder (Validate.project and the files it names)
                   Both run with the suite's own dictionaries; scoring: crates/pipeline/src/eval_peers.rs
  plv         PLV TSV: real news sentences with gold source and target spans and a PLOVER type
  ngec        NGEC's synthetic stories (CSV: prompt, text, label): each story's PLOVER type against
              the type of its best event")]
pub struct Args {
    /// Gold format and file: `--gold conflibert FILE`, `--gold plover-gsr FILE`, `--gold entente FILE`.
    #[arg(long, num_args = 2, value_names = ["FORMAT", "FILE"], required = true)]
    gold: Vec<String>,
    /// Also list every miss: the gold label, what was predicted, and the text.
    #[arg(long)]
    verbose: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// The shared corpora the `locations` gold points into.
    #[arg(long, value_name = "DIR", default_value = "../shared/corpora")]
    corpora: std::path::PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Table,
    Json,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<ExitCode> {
    if let [format, dir] = args.gold.as_slice() {
        if let Some(suite) = peer_suite(format) {
            return run_peer_suite(suite, Path::new(dir), args.verbose, args.format);
        }
    }
    if let [format, path] = args.gold.as_slice() {
        if format == "ud" {
            return run_ud(Path::new(path), args.format);
        }
        if format == "locations" {
            return run_locations(global, Path::new(path), &args);
        }
    }
    let (format, path) = match args.gold.as_slice() {
        [format, path] => (parse_format(format)?, Path::new(path)),
        _ => anyhow::bail!("--gold takes a format and a file"),
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let read_file =
        |relative: &str| std::fs::read_to_string(base.join(relative)).map_err(|e| e.to_string());
    let gold = eval::parse_gold(format, &path.display().to_string(), &text, &read_file)?;
    let dictionaries = Dictionaries::load(global.dictionaries.as_deref())?;
    let pipeline = Pipeline::new(Arc::new(dictionaries));
    let predictions = eval::predict(&pipeline, &gold);
    let mut report = eval::score(format, &gold, &predictions);
    if !args.verbose {
        report.misses.clear();
    }
    let out = match args.format {
        OutputFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        OutputFormat::Table => render_table(&report, args.verbose),
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `--gold locations FILE`: the location of each annotated event, as country and city precision
/// and recall.
fn run_locations(global: &Global, path: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let items = eval_locations::parse(&path.display().to_string(), &text)?;
    let documents = eval_locations::load_documents(&args.corpora, &items)?;
    let dictionaries = Dictionaries::load(global.dictionaries.as_deref())?;
    let pipeline = Pipeline::new(Arc::new(dictionaries));
    let mut report = eval_locations::evaluate(&pipeline, &items, documents);
    if !args.verbose {
        report.misses.clear();
        report.drifted_items.clear();
    }
    let out = match args.format {
        OutputFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        OutputFormat::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} items ({} drifted, not scored; {} events no longer coded)",
                report.items, report.drifted, report.events_missing
            );
            let levels = [
                ("country", &report.country, &report.country_of_coded),
                ("city", &report.city, &report.city_of_coded),
            ];
            for (level, pr, of_coded) in levels {
                let _ = writeln!(
                    out,
                    "{level:<8} precision {:.3} ({}/{})  recall {:.3} ({}/{}); of events still coded {:.3} ({}/{})",
                    pr.precision,
                    pr.correct,
                    pr.predicted,
                    pr.recall,
                    pr.correct,
                    pr.gold,
                    of_coded.recall,
                    of_coded.correct,
                    of_coded.gold
                );
            }
            let by_how = [
                ("country", &report.country_by_how),
                ("city", &report.city_by_how),
            ];
            for (level, table) in by_how {
                for (how, pr) in table {
                    let _ = writeln!(
                        out,
                        "  {level:<7} by {how:<9} precision {:.3} ({}/{})",
                        pr.precision, pr.correct, pr.predicted
                    );
                }
            }
            for item in &report.drifted_items {
                let _ = writeln!(out, "  drifted {item}: its sentence's text changed");
            }
            for miss in &report.misses {
                let _ = writeln!(
                    out,
                    "  miss {}#{}: gold {}, predicted {}\n      [{}] {}",
                    miss.doc, miss.sentence, miss.gold, miss.predicted, miss.trigger, miss.text
                );
            }
            out
        }
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn parse_format(name: &str) -> anyhow::Result<GoldFormat> {
    match name {
        "conflibert" => Ok(GoldFormat::Conflibert),
        "plover-gsr" => Ok(GoldFormat::PloverGsr),
        "entente" => Ok(GoldFormat::Entente),
        "plv" => Ok(GoldFormat::Plv),
        "ngec" => Ok(GoldFormat::Ngec),
        other => anyhow::bail!(
            "unknown gold format {other:?}: expected conflibert, plover-gsr, entente, plv or ngec"
        ),
    }
}

fn ratio(r: &Ratio) -> String {
    format!("{:.3} ({}/{})", r.value, r.correct, r.total)
}

fn render_table(report: &EvalReport, verbose: bool) -> String {
    let mut out = String::new();
    let unit = if report.format == "entente" {
        "documents"
    } else {
        "sentences"
    };
    let _ = writeln!(
        out,
        "gold: {}  {} {unit}, {} with events",
        report.format, report.items, report.items_with_events
    );
    let figures = [
        ("accuracy", &report.accuracy),
        ("accuracy over coded sentences", &report.accuracy_when_coded),
        (
            "mode accuracy (type right, gold mode given)",
            &report.mode_accuracy,
        ),
        (
            "modality agreement (matched events)",
            &report.modality_accuracy,
        ),
        (
            "date agreement (matched events with a gold date)",
            &report.date_accuracy,
        ),
        ("(source, target, type) triples found", &report.triples),
        ("asserted events with both actors", &report.both_actors),
    ];
    for (name, value) in figures {
        if let Some(r) = value {
            let _ = writeln!(out, "{name}: {}", ratio(r));
        }
    }
    let o = &report.overall;
    let _ = writeln!(
        out,
        "overall: precision {:.3}  recall {:.3}  F1 {:.3}",
        o.precision, o.recall, o.f1
    );
    let _ = writeln!(
        out,
        "\n{:<12} {:>6} {:>6} {:>7} {:>9} {:>7} {:>7}",
        "type", "gold", "pred", "correct", "precision", "recall", "F1"
    );
    for (label, s) in &report.per_type {
        let _ = writeln!(
            out,
            "{label:<12} {:>6} {:>6} {:>7} {:>9.3} {:>7.3} {:>7.3}",
            s.gold, s.predicted, s.correct, s.precision, s.recall, s.f1
        );
    }
    let by = if report.format == "conflibert" {
        "class"
    } else if report.format == "entente" {
        "CAMEO root"
    } else {
        "PLOVER type"
    };
    render_confusion(
        &mut out,
        &format!("confusion by {by} (rows gold, columns predicted)"),
        &report.confusion,
    );
    render_confusion(
        &mut out,
        "confusion by quad class (rows gold, columns predicted)",
        &report.quad_confusion,
    );
    if verbose {
        let _ = writeln!(out, "\nmisses ({}):", report.misses.len());
        for m in &report.misses {
            let _ = writeln!(
                out,
                "{}\tgold {}\tpredicted {}\t{}",
                m.id,
                m.gold,
                m.predicted,
                m.text.replace('\n', " ")
            );
        }
    }
    out
}

fn render_confusion(out: &mut String, title: &str, c: &Confusion) {
    let width = c.labels.iter().map(|l| l.len()).max().unwrap_or(4).max(5);
    let _ = writeln!(out, "\n{title}");
    let _ = write!(out, "{:<width$}", "");
    for label in &c.labels {
        let _ = write!(out, " {label:>width$}");
    }
    let _ = writeln!(out);
    for (label, row) in c.labels.iter().zip(&c.counts) {
        let _ = write!(out, "{label:<width$}");
        for n in row {
            let _ = write!(out, " {n:>width$}");
        }
        let _ = writeln!(out);
    }
}

/// `--gold ud FILE.conllu`: the syntax model on a treebank, with its gold words. Needs no
/// dictionaries. The LAS printed is CoNLL 2018's (universal relations); JSON also has the LAS with
/// subtypes.
fn run_ud(path: &Path, format: OutputFormat) -> anyhow::Result<ExitCode> {
    let gold = entente_syntax::conllu::read_file(path)?;
    let model = entente_syntax::Model::builtin().context("loading the syntax model")?;
    let scores = entente_syntax::evaluate(&model, &gold);
    match format {
        OutputFormat::Table => println!("{scores}"),
        OutputFormat::Json => println!(
            "{}",
            serde_json::json!({
                "upos": scores.upos,
                "uas": scores.uas,
                "las": scores.las,
                "las_full": scores.las_full,
                "words": scores.words,
            })
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn peer_suite(format: &str) -> Option<PeerSuite> {
    match format {
        "petrarch-unit" => Some(PeerSuite::PetrarchUnit),
        "tabari-validate" => Some(PeerSuite::TabariValidate),
        _ => None,
    }
}

/// `--gold petrarch-unit DIR` / `--gold tabari-validate DIR`: a peer's own test suite, coded with
/// dictionaries built from the suite's own files.
fn run_peer_suite(
    suite: PeerSuite,
    dir: &Path,
    verbose: bool,
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    let loaded = eval_peers::load_suite(suite, dir)?;
    let mut report = eval_peers::run_suite(loaded);
    if !verbose {
        report.wrong.clear();
    }
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        OutputFormat::Table => print!("{}", render_peer_report(&report, verbose)),
    }
    Ok(ExitCode::SUCCESS)
}

fn render_peer_report(report: &PeerReport, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "suite: {}", report.suite);
    let _ = writeln!(
        out,
        "records exactly right: {}/{}",
        report.exactly_right, report.records
    );
    let _ = writeln!(
        out,
        "events found: {}/{}  false events: {}",
        report.events_found, report.expected_events, report.false_events
    );
    let _ = writeln!(out, "\n{:<14} {:>6} {:>7}", "category", "right", "records");
    for (category, (right, total)) in &report.by_category {
        let _ = writeln!(out, "{category:<14} {right:>6} {total:>7}");
    }
    if verbose {
        let _ = writeln!(out, "\nnot exactly right ({}):", report.wrong.len());
        for w in &report.wrong {
            let _ = writeln!(
                out,
                "{}	expected {}	asserted {}	{}",
                w.id,
                w.expected.join(" "),
                w.asserted.join(" "),
                w.text
            );
        }
    }
    out
}
