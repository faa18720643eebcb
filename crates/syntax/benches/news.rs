//! Tag+parse throughput on many distinct news sentences: the figure the coder meets. The
//! criterion bench (`parse.rs`) parses the same eight sentences over and over, so the rows they
//! read stay in the processor's caches; here every sentence is new and reads the weight tables
//! where they lie, mostly outside the caches.
//!
//! Run: `cargo bench -p entente-syntax --bench news`. It reads the BBC news corpus under
//! `$SHARED/corpora/bbc_news_2225` (`SHARED` defaults to `../shared` beside the repository) and
//! prints a note and exits when it is absent. Sentences are split and tokenised crudely (on
//! spaces, with punctuation peeled off), which is enough for a speed figure. `NEWS_SENTENCES`
//! sets how many distinct sentences are parsed per pass (default 6,000), `NEWS_PASSES` how many
//! passes are timed (default 5, after one untimed), and `SYNTAX_MODEL` a model file to load
//! instead of the embedded one.
//!
//! Reports the median over passes of sentences and words per CPU-second of the parsing thread,
//! which other work on a shared machine changes less than wall time.

use entente_syntax::Model;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let shared = std::env::var_os("SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    let corpus = shared.join("corpora/bbc_news_2225");
    if !corpus.is_dir() {
        println!(
            "syntax/news: {} not found; skipping the news-sentence bench",
            corpus.display()
        );
        return;
    }
    let wanted = env_number("NEWS_SENTENCES", 6_000);
    let passes = env_number("NEWS_PASSES", 5).max(1);
    let model = match std::env::var_os("SYNTAX_MODEL") {
        Some(path) => {
            let bytes = std::fs::read(&path).expect("the model file reads");
            Model::from_bytes(&bytes).expect("the model file loads")
        }
        None => Model::builtin().expect("the builtin model loads"),
    };
    let sentences = read_sentences(&corpus, wanted);
    let tokens: Vec<Vec<&str>> = sentences.iter().map(|s| tokenise(s)).collect();
    let words: usize = tokens.iter().map(Vec::len).sum();
    let mut per_second = Vec::with_capacity(passes);
    let mut wall = Vec::with_capacity(passes);
    for pass in 0..=passes {
        let (cpu_started, wall_started) = (thread_cpu_seconds(), Instant::now());
        for sentence in &tokens {
            black_box(model.parse(black_box(sentence)));
        }
        let cpu = thread_cpu_seconds() - cpu_started;
        if pass > 0 {
            per_second.push(tokens.len() as f64 / cpu);
            wall.push(tokens.len() as f64 / wall_started.elapsed().as_secs_f64());
        }
    }
    per_second.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    let median = per_second[per_second.len() / 2];
    println!(
        "syntax/news: {} distinct sentences, {:.1} words on average, {passes} passes",
        tokens.len(),
        words as f64 / tokens.len() as f64
    );
    println!(
        "  tag+parse per CPU-second: median {:.0} sentences ({:.0} words), best {:.0}; wall median {:.0}",
        median,
        median * words as f64 / tokens.len() as f64,
        per_second[per_second.len() - 1],
        wall[wall.len() / 2]
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// CPU time of this thread, from the kernel's scheduler statistics (nanoseconds); wall time where
/// they are missing.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(
            || {
                static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
                START.get_or_init(Instant::now).elapsed().as_secs_f64()
            },
            |nanoseconds| nanoseconds as f64 * 1e-9,
        )
}

/// Up to `wanted` distinct sentences of the corpus's stories, taking the stories of every
/// category in turn (the first story of each, then the second...) so that all topics are in.
fn read_sentences(corpus: &Path, wanted: usize) -> Vec<String> {
    let mut categories: Vec<Vec<PathBuf>> = std::fs::read_dir(corpus)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_dir())
                .map(|dir| {
                    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                        .map(|entries| {
                            entries
                                .filter_map(|entry| entry.ok().map(|e| e.path()))
                                .filter(|path| path.extension().is_some_and(|e| e == "txt"))
                                .collect()
                        })
                        .unwrap_or_default();
                    files.sort();
                    files
                })
                .collect()
        })
        .unwrap_or_default();
    categories.sort();
    let longest = categories.iter().map(Vec::len).max().unwrap_or(0);
    let mut sentences = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for index in 0..longest {
        for file in categories.iter().filter_map(|files| files.get(index)) {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            // The first line is the headline.
            for line in text.lines().skip(1) {
                for sentence in split_sentences(line) {
                    if sentences.len() == wanted {
                        return sentences;
                    }
                    if seen.insert(sentence.to_string()) {
                        sentences.push(sentence.to_string());
                    }
                }
            }
        }
    }
    sentences
}

/// Splits a paragraph after `.`, `!` or `?` (and any closing quote) followed by a space.
fn split_sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    let mut rest = paragraph.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = (1..bytes.len())
            .find(|&i| {
                bytes[i] == b' '
                    && matches!(bytes[i - 1], b'.' | b'!' | b'?' | b'"')
                    && (bytes[i - 1] != b'"'
                        || i >= 2 && matches!(bytes[i - 2], b'.' | b'!' | b'?'))
            })
            .unwrap_or(bytes.len());
        let sentence = &rest[..end];
        rest = rest[end..].trim_start();
        Some(sentence)
    })
}

/// Words split on spaces, with leading and trailing punctuation and a final `'s` as words of
/// their own.
fn tokenise(sentence: &str) -> Vec<&str> {
    const PUNCTUATION: &[char] = &['"', '\'', '(', ')', ',', '.', ';', ':', '!', '?'];
    let mut tokens = Vec::new();
    for mut word in sentence.split_whitespace() {
        while let Some(c) = word.chars().next().filter(|c| PUNCTUATION.contains(c)) {
            tokens.push(&word[..c.len_utf8()]);
            word = &word[c.len_utf8()..];
        }
        let mut trailing = Vec::new();
        while let Some(c) = word.chars().next_back().filter(|c| PUNCTUATION.contains(c)) {
            let at = word.len() - c.len_utf8();
            trailing.push(&word[at..]);
            word = &word[..at];
        }
        if word.len() > 2 && word.ends_with("'s") {
            tokens.push(&word[..word.len() - 2]);
            tokens.push(&word[word.len() - 2..]);
        } else if !word.is_empty() {
            tokens.push(word);
        }
        tokens.extend(trailing.into_iter().rev());
    }
    tokens
}
