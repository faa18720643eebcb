//! Measures the throughput of each text stage on the example articles, repeated:
//! `cargo run --release -p entente-text --example throughput`.
use entente_model::EventDate;
use entente_text::{dates, normalize, segment, tokenize};
use std::time::Instant;

const ARTICLES: &[&str] = &[
    include_str!("../../../examples/articles/caspian-policy-center-hajiyev-visits-israel.txt"),
    include_str!("../../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7.txt"),
];

fn main() {
    let text = ARTICLES.concat().repeat(
        std::env::var("REPEAT")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(200),
    );
    let mb = text.len() as f64 / 1e6;

    let t = Instant::now();
    let sentences = segment(&text);
    let segment_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let tokens: usize = sentences
        .iter()
        .map(|s| tokenize(&text, s.span).len())
        .sum();
    let tokenize_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let normalized = normalize(&text).text.len();
    let normalize_s = t.elapsed().as_secs_f64();

    let doc = EventDate::parse("2024-06").ok();
    let t = Instant::now();
    let mentions: usize = sentences
        .iter()
        .map(|s| dates::find_dates(&text, s.span, doc).len())
        .sum();
    let dates_s = t.elapsed().as_secs_f64();

    let n = sentences.len() as f64;
    println!(
        "{:.1} MB, {} sentences, {tokens} tokens, {mentions} dates, {normalized} normalised bytes",
        mb,
        sentences.len()
    );
    println!(
        "segment   {:>10.0} sentences/s  {:>7.1} MB/s",
        n / segment_s,
        mb / segment_s
    );
    println!(
        "tokenize  {:>10.0} sentences/s  {:>7.1} MB/s",
        n / tokenize_s,
        mb / tokenize_s
    );
    println!(
        "normalize {:>10.0} sentences/s  {:>7.1} MB/s",
        n / normalize_s,
        mb / normalize_s
    );
    println!(
        "dates     {:>10.0} sentences/s  {:>7.1} MB/s",
        n / dates_s,
        mb / dates_s
    );
}
