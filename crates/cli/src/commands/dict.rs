//! `entente dict ...`: lint the dictionaries, import PETRARCH/Phoenix files, print the manifest.
use crate::Global;
use anyhow::Context;
use entente_dictionaries::{
    check, import_petrarch, import_petrarch_verbs, Dictionaries, PetrarchKind, PrunedIds, Pruning,
};
use entente_model::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum DictCommand {
    /// Lint the dictionaries (built-ins plus --dictionaries DIR): duplicate ids, ambiguous forms,
    /// overlapping offices, unknown roles or countries, manifest checksums. Exit 1 when any error.
    Check,
    /// Convert a PETRARCH/Phoenix dictionary into Entente's format (dictionaries/FORMAT.md, RULES.md).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print the MANIFEST.tsv the built-in files should have (redirect it to dictionaries/MANIFEST.tsv to re-bless).
    Manifest,
}

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// A PETRARCH `.actors` or `.agents` file.
    Petrarch {
        file: PathBuf,
        /// Which kind of file; guessed from the file name, then the content, when omitted.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// A PETRARCH-2 verb dictionary (`CAMEO.2.0.txt`), converted to layer rules (dictionaries/RULES.md).
    PetrarchVerbs {
        file: PathBuf,
        /// Comment out what the built-in layer prunes (dictionaries/RULES.md, "Pruned"): how
        /// dictionaries/rules/petrarch-verbs.rules is made from CAMEO.2.0.txt.
        #[arg(long)]
        prune: bool,
        /// Also comment out the rule ids listed in this TSV (`id<TAB>reason`), the patterns that
        /// only ever fired wrongly on the development sets: `dictionaries/petrarch-pruned.tsv`,
        /// written by `bench/layer_evidence.py`.
        #[arg(long, value_name = "TSV")]
        prune_ids: Option<PathBuf>,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Actors,
    Agents,
}

pub fn run(global: &Global, cmd: DictCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        DictCommand::Check => {
            let dicts = std::sync::Arc::new(
                Dictionaries::load(global.dictionaries.as_deref())
                    .context("loading the dictionaries")?,
            );
            let findings = check(&dicts);
            // Places a user adds are read by the places crate, not the dictionaries: building the
            // pipeline's gazetteer checks them.
            let places_error = entente_pipeline::Pipeline::new(dicts.clone())
                .gazetteer_error()
                .map(ToString::to_string);
            if let Some(why) = &places_error {
                println!("error[gazetteer-addition] {why}");
            }
            for d in &findings {
                let severity = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                println!(
                    "{severity}[{}] {}: {}",
                    d.code,
                    d.location.as_deref().unwrap_or("-"),
                    d.message
                );
            }
            let errors = findings
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count()
                + usize::from(places_error.is_some());
            let a = &dicts.actors;
            eprintln!(
                "{} countries, {} people, {} organisations, {} roles, {} surface forms; {errors} errors, {} warnings; hash {}",
                a.countries.len(),
                a.people.len(),
                a.orgs.len(),
                a.roles.len(),
                a.pattern_count(),
                findings.len() + usize::from(places_error.is_some()) - errors,
                dicts.hash()
            );
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        DictCommand::Import(ImportCommand::Petrarch { file, kind, output }) => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            // PETRARCH files are mostly ASCII but some carry Latin-1 bytes.
            let text = String::from_utf8_lossy(&bytes);
            let kind = match kind {
                Some(KindArg::Actors) => PetrarchKind::Actors,
                Some(KindArg::Agents) => PetrarchKind::Agents,
                None => PetrarchKind::guess(&file.to_string_lossy(), &text),
            };
            let converted = import_petrarch(&text, kind).map_err(|mut e| {
                e.file = file.display().to_string();
                e
            })?;
            match output {
                Some(out) => std::fs::write(&out, converted)
                    .with_context(|| format!("writing {}", out.display()))?,
                None => print!("{converted}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        DictCommand::Import(ImportCommand::PetrarchVerbs {
            file,
            prune,
            prune_ids,
            output,
        }) => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let name = file.display().to_string();
            let pruning = if prune {
                Pruning::BuiltinLayer
            } else {
                Pruning::Keep
            };
            let mut converted = import_petrarch_verbs(&name, &text, pruning)?;
            if let Some(path) = prune_ids {
                let listed = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                PrunedIds::parse(&path.display().to_string(), &listed)?.apply(&mut converted);
            }
            eprintln!("{name}: {}", converted.summary());
            match output {
                Some(out) => std::fs::write(&out, converted.rules)
                    .with_context(|| format!("writing {}", out.display()))?,
                None => print!("{}", converted.rules),
            }
            Ok(ExitCode::SUCCESS)
        }
        DictCommand::Manifest => {
            print!("{}", Dictionaries::builtin_manifest());
            Ok(ExitCode::SUCCESS)
        }
    }
}
