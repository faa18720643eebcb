//! Runs find_actors over every `*.txt` under a folder and prints throughput:
//! `cargo run --release -p entente-actors --example corpus_speed -- /work/shared/corpora/bbc_news_2225`.
use entente_dictionaries::Dictionaries;
use std::time::Instant;

fn collect(dir: &std::path::Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            if let Ok(bytes) = std::fs::read(&p) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: corpus_speed DIR")?;
    let started = Instant::now();
    let dicts = Dictionaries::builtin()?;
    eprintln!(
        "dictionaries loaded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut texts = Vec::new();
    collect(std::path::Path::new(&dir), &mut texts);
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    let mentions: usize = texts
        .iter()
        .map(|t| {
            entente_actors::find_actors_in(t, &[], &dicts.actors, None)
                .mentions
                .len()
        })
        .sum();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} documents, {:.1} MB, {mentions} mentions in {secs:.2} s: {:.0} mentions/s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        mentions as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
