//! Tag+parse throughput on news-length sentences (about 25 words), with warm caches: the same
//! eight sentences are parsed over and over, so the table rows they read stay in the processor's
//! caches and the figure is an upper bound. `news.rs` measures the rate on distinct sentences, the
//! one the coder meets. Run: `cargo bench -p entente-syntax --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entente_syntax::Model;
use std::hint::black_box;

/// Sentences written for this bench in the style of wire reports, 25 words on average.
const SENTENCES: [&str; 8] = [
    "The foreign minister said on Tuesday that the government would send a delegation to the border town to meet local leaders .",
    "Rebel fighters attacked a police station in the northern province overnight , killing three officers and wounding several civilians , officials said .",
    "The two countries agreed to reopen talks on a trade deal after months of tension over tariffs and fishing rights .",
    "Protesters gathered outside the parliament building for a second day , demanding the resignation of the prime minister and new elections .",
    "A spokesman for the United Nations welcomed the ceasefire and urged both sides to allow aid convoys into the besieged city .",
    "The president was criticised by opposition lawmakers for his decision to expel the ambassador without consulting the cabinet first .",
    "Security forces arrested dozens of suspected militants in raids across the capital , according to a statement released by the interior ministry .",
    "Officials from both governments will meet in Geneva next week to discuss the release of prisoners and the exchange of remains .",
];

fn parse(c: &mut Criterion) {
    let model = Model::builtin().expect("the builtin model loads");
    let sentences: Vec<Vec<&str>> = SENTENCES.iter().map(|s| s.split(' ').collect()).collect();
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("tag_and_parse_sentences", |b| {
        b.iter(|| {
            for words in &sentences {
                black_box(model.parse(black_box(words)));
            }
        })
    });
    group.bench_function("load_builtin_model", |b| {
        b.iter(|| black_box(Model::builtin().expect("loads")))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
