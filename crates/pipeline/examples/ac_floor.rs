//! The speed floor for dictionary coding: one Aho-Corasick pass over the text with every phrase of
//! the loaded dictionaries (actor forms and rule words). No coder can read its dictionaries in less
//! than one pass, so `entente code`'s time divided by this one says how much the coding itself costs.
//!
//! Also prints the corpus's sentence count (by the pipeline's own segmenter) and the dictionary load
//! time, which `bench/code_throughput.sh` needs.
//!
//! Usage: `ac_floor FILE...` where each FILE is JSONL (one object with a "text" field per line) or
//! plain text (one document per file). Prints `key value` lines.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use entente_dictionaries::rules::{Element, RuleSet};
use entente_dictionaries::Dictionaries;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        return Err("usage: ac_floor FILE... (JSONL with a \"text\" field, or plain text)".into());
    }
    let texts = read_texts(&paths)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let sentences: usize = texts
        .iter()
        .map(|t| entente_pipeline::text::segment(t).len())
        .sum();

    let load = median(
        (0..RUNS)
            .map(|_| time(|| Dictionaries::builtin().map(drop)))
            .collect::<Result<_, _>>()?,
    );
    let dictionaries = Dictionaries::builtin()?;
    let phrases = phrases(&dictionaries);
    let started = Instant::now();
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&phrases)?;
    let build = started.elapsed();
    let mut hits = 0;
    let scan = median(
        (0..RUNS)
            .map(|_| {
                time(|| {
                    hits = count_matches(&automaton, &texts);
                    Ok::<(), std::convert::Infallible>(())
                })
            })
            .collect::<Result<_, _>>()?,
    );

    println!("documents {}", texts.len());
    println!("bytes {bytes}");
    println!("sentences {sentences}");
    println!("phrases {}", phrases.len());
    println!("matches {hits}");
    println!("dictionary_load_ms {:.1}", load.as_secs_f64() * 1e3);
    println!("ac_build_ms {:.1}", build.as_secs_f64() * 1e3);
    println!("ac_scan_ms {:.2}", scan.as_secs_f64() * 1e3);
    println!(
        "ac_sentences_per_second {:.0}",
        sentences as f64 / scan.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// Every actor form and every rule word, deduplicated.
fn phrases(dictionaries: &Dictionaries) -> Vec<String> {
    let mut all: BTreeSet<String> = dictionaries
        .actors
        .forms_with_targets()
        .into_iter()
        .map(|(form, _)| form.to_string())
        .collect();
    all.extend(rule_words(&dictionaries.rules));
    all.into_iter().filter(|p| !p.is_empty()).collect()
}

fn rule_words(rules: &RuleSet) -> impl Iterator<Item = String> + '_ {
    rules
        .rules()
        .iter()
        .flat_map(|rule| &rule.elements)
        .flat_map(|element| match element {
            Element::Word { forms, .. } | Element::Not { forms } => forms.to_vec(),
            _ => Vec::new(),
        })
}

fn count_matches(automaton: &AhoCorasick, texts: &[String]) -> usize {
    texts.iter().map(|t| automaton.find_iter(t).count()).sum()
}

fn time<E>(f: impl FnOnce() -> Result<(), E>) -> Result<Duration, E> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed())
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Documents' texts: each line's "text" of a `.jsonl` file, or a whole plain file.
fn read_texts(paths: &[String]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut texts = Vec::new();
    for path in paths {
        let content = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        if path.ends_with(".jsonl") {
            for (index, line) in content
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let value: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", index + 1))?;
                texts.push(value["text"].as_str().unwrap_or_default().to_string());
            }
        } else {
            texts.push(content);
        }
    }
    Ok(texts)
}
