//! Actor matching speed over the BBC news corpus (skipped when /work/shared/corpora is absent), and
//! the load time of the built-in dictionaries. `cargo bench -p entente-actors --bench matching`.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entente_dictionaries::Dictionaries;
use std::path::Path;
use std::time::Instant;

const CORPUS: &str = "/work/shared/corpora/bbc_news_2225";

fn corpus() -> Vec<String> {
    let mut paths = Vec::new();
    for topic in std::fs::read_dir(CORPUS).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(topic.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|e| e == "txt") {
                paths.push(file.path());
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn bench(c: &mut Criterion) {
    c.bench_function("load built-in dictionaries", |b| {
        b.iter(|| Dictionaries::builtin().expect("loads"))
    });
    if !Path::new(CORPUS).exists() {
        eprintln!("skipped matching: {CORPUS} is absent");
        return;
    }
    let dicts = Dictionaries::builtin().expect("loads");
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let run = || {
        texts
            .iter()
            .map(|t| {
                entente_actors::find_actors_in(t, &[], &dicts.actors, None)
                    .mentions
                    .len()
            })
            .sum::<usize>()
    };
    let started = Instant::now();
    let mentions = run();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} documents, {:.1} MB, {mentions} mentions in {secs:.2} s: {:.0} mentions/s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        mentions as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    let phase = |name: &str, f: &dyn Fn(&str) -> usize| {
        let started = Instant::now();
        let n: usize = texts.iter().map(|t| f(t)).sum();
        eprintln!(
            "  {name}: {:.1} MB/s ({n})",
            bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
        );
    };
    phase("normalize only", &|t| entente_text::normalize(t).text.len());
    phase("dictionary matches only", &|t| dicts.actors.find(t).len());
    let mut group = c.benchmark_group("bbc_news");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("find_actors", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
