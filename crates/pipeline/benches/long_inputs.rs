//! Coding time and memory on long actor-dense texts without full stops (issue 21), and their
//! growth: `cargo bench -p entente-pipeline --bench long_inputs`. First the bench codes 256 KB and
//! 1 MB and fails if four times the text took more than eight times as long (linear is four, the
//! old quadratic cost sixteen) or raised peak memory by more than eight times as much; then
//! Criterion times 64 KB, 256 KB and 1 MB. The growth is asserted here, not in a timed test.
#[path = "../tests/support/long_inputs.rs"]
mod long_inputs;

use criterion::{criterion_group, Criterion, Throughput};
use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use long_inputs::dense_text;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [64 << 10, 256 << 10, 1 << 20];

fn document(text: &str) -> Document {
    Document {
        id: "dense".into(),
        text: text.to_string(),
        ..Document::default()
    }
}

fn bench(c: &mut Criterion) {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().expect("loads")));
    let mut group = c.benchmark_group("long actor-dense text");
    group.sample_size(10);
    for size in SIZES {
        let text = dense_text(size, 0);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("{} KB", size >> 10), |b| {
            b.iter(|| pipeline.process(document(&text)))
        });
    }
    group.finish();
}

/// The process's peak resident memory so far (Linux `VmHWM`), in KB; None elsewhere.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The fastest of three codings of `text`, and how far the peak memory rose.
fn measure(pipeline: &Pipeline, text: &str) -> (Duration, Option<u64>) {
    let before = peak_rss_kb();
    let fastest = (0..3)
        .map(|_| {
            let started = Instant::now();
            let out = pipeline.process(document(text));
            let elapsed = started.elapsed();
            drop(out);
            elapsed
        })
        .min()
        .unwrap_or_default();
    let rise = peak_rss_kb()
        .zip(before)
        .map(|(after, before)| after - before);
    (fastest, rise)
}

fn assert_linear_growth() {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().expect("loads")));
    for seed in [0, 42] {
        // Smaller first: peak memory only rises, so in this fresh process each rise of the first
        // seed is its input's own (later seeds' are hidden under it).
        let (small_time, small_rise) = measure(&pipeline, &dense_text(256 << 10, seed));
        let (large_time, large_rise) = measure(&pipeline, &dense_text(1 << 20, seed));
        let time_growth = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-6);
        println!(
            "seed {seed}: 256 KB {small_time:.2?}, 1 MB {large_time:.2?} ({time_growth:.1}x); \
             peak memory rose {small_rise:?} KB, then {large_rise:?} KB"
        );
        assert!(
            time_growth < 8.0,
            "seed {seed}: 4x the text took {time_growth:.1}x as long"
        );
        if let (0, Some(small), Some(large)) = (seed, small_rise, large_rise) {
            // The first rise also pays for the allocator's first growth: compare with a floor.
            assert!(
                large <= 8 * small.max(16 << 10),
                "peak memory rose {large} KB for 1 MB, {small} KB for 256 KB"
            );
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    // Growth first, while this process's peak memory is still its baseline.
    assert_linear_growth();
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
