//! Trains the syntax model: `train-syntax TREEBANK_DIR OUTPUT.model [--OPTION VALUE]...`.
//!
//! Options (defaults are the shipped model's): `--tagger-epochs N`, `--parser-epochs N`,
//! `--folds N` (jack-knifing; 0 trains the parser on gold tags), `--seed N`, `--explore P`,
//! `--min-updates N`, `--transition-buckets N` (the transition table's 64-byte buckets).
//! TREEBANK_DIR holds a UD treebank's `*-ud-train.conllu`, `*-ud-dev.conllu` and
//! `*-ud-test.conllu`. Epochs are chosen on dev; test is only reported.

use entente_syntax::train::{train, TrainOptions};
use entente_syntax::{conllu, evaluate, Model};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn split(directory: &Path, name: &str) -> Result<PathBuf, String> {
    let suffix = format!("-ud-{name}.conllu");
    let mut found: Vec<PathBuf> = std::fs::read_dir(directory)
        .map_err(|e| format!("{}: {e}", directory.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .ok_or_else(|| format!("no *{suffix} in {}", directory.display()))
}

fn run() -> Result<(), String> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let usage = || "usage: train-syntax TREEBANK_DIR OUTPUT.model [--OPTION VALUE]...".to_string();
    let [directory, output, options_given @ ..] = arguments.as_slice() else {
        return Err(usage());
    };
    let mut options = TrainOptions::default();
    for pair in options_given.chunks(2) {
        let [name, value] = pair else {
            return Err(usage());
        };
        let bad = || format!("bad value {value:?} for {name}");
        match name.as_str() {
            "--tagger-epochs" => options.tagger_epochs = value.parse().map_err(|_| bad())?,
            "--parser-epochs" => options.parser_epochs = value.parse().map_err(|_| bad())?,
            "--folds" => options.folds = value.parse().map_err(|_| bad())?,
            "--seed" => options.seed = value.parse().map_err(|_| bad())?,
            "--explore" => options.explore_probability = value.parse().map_err(|_| bad())?,
            "--min-updates" => options.min_updates = value.parse().map_err(|_| bad())?,
            "--transition-buckets" => {
                options.transition_buckets = value
                    .parse()
                    .ok()
                    .filter(|&buckets: &usize| buckets > 0 && buckets <= 1 << 24)
                    .ok_or_else(bad)?
            }
            _ => return Err(format!("unknown option {name}\n{}", usage())),
        }
    }
    let directory = Path::new(directory);
    let read = |name| -> Result<Vec<conllu::Sentence>, String> {
        conllu::read_file(&split(directory, name)?).map_err(|e| e.to_string())
    };
    let (train_set, dev, test) = (read("train")?, read("dev")?, read("test")?);
    let started = Instant::now();
    let bytes = train(&train_set, &dev, &options, &mut |line| eprintln!("{line}"))
        .map_err(|e| e.to_string())?;
    std::fs::write(output, &bytes).map_err(|e| format!("{output}: {e}"))?;
    let model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    for (name, sentences) in [("dev", &dev), ("test", &test)] {
        let scores = evaluate(&model, sentences);
        eprintln!(
            "{name}: {scores} (LAS with subtypes {:.3}, {} words)",
            scores.las_full, scores.words
        );
    }
    eprintln!(
        "wrote {output}: {} bytes in {:.0?}",
        bytes.len(),
        started.elapsed()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train-syntax: {message}");
            ExitCode::FAILURE
        }
    }
}
