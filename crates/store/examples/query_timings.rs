//! In-process timings of the store queries behind the analytics commands, on a store opened once
//! (as a notebook, a server or a long-lived job pays DuckDB's start-up of about 50 ms only once).
//! `bench/analytics/run.sh` times the same work as whole processes.
//!
//! `query_timings STORE [A B MONTH]` (defaults USA CHN 2019-06) prints the median of 9 runs of:
//! - the dyad series' reads: `dyad_days` both ways plus both actors' volumes over the series span;
//! - a one-month network's reads: `dyad_totals` and `relations`;
//! - evidence, 5 events each, for the month's 100 heaviest edges in one batch.
use entente_model::EventDate;
use entente_store::{AggregateFilter, Aggregates, Store};
use std::time::Instant;

fn median_ms(mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: query_timings STORE [A B MONTH]".into());
    };
    let a = args.get(1).map_or("USA", String::as_str).to_string();
    let b = args.get(2).map_or("CHN", String::as_str).to_string();
    let month = EventDate::parse(args.get(3).map_or("2019-06", String::as_str))?;
    let store = Store::open_read_only(std::path::Path::new(path))?;
    let all = AggregateFilter::default();

    let series = median_ms(|| {
        let days = store.dyad_days(&a, &b, true, &all).expect("dyad_days");
        let span = AggregateFilter {
            since: days.first().map(|d| d.day),
            until: days.last().map(|d| d.day),
            ..AggregateFilter::default()
        };
        store
            .actor_volumes(&[a.clone(), b.clone()], &span)
            .expect("actor_volumes");
    });
    println!(
        "dyad {a} {b}, all years: dyad_days both ways + actor volumes   median {series:7.1} ms"
    );

    let one_month = AggregateFilter {
        since: Some(month),
        until: Some(month),
        ..AggregateFilter::default()
    };
    let network = median_ms(|| {
        store.dyad_totals(&one_month).expect("dyad_totals");
        store
            .relations(&AggregateFilter::default())
            .expect("relations");
    });
    println!(
        "network {month}: dyad_totals + relations                      median {network:7.1} ms"
    );

    let mut edges = store.dyad_totals(&one_month)?;
    edges.sort_by(|x, y| y.weight.total_cmp(&x.weight).then(x.source.cmp(&y.source)));
    let pairs: Vec<(String, String)> = edges
        .iter()
        .take(100)
        .map(|t| (t.source.clone(), t.target.clone()))
        .collect();
    let evidence = median_ms(|| {
        store
            .evidence_for_pairs(&pairs, &one_month, 5)
            .expect("evidence_for_pairs");
    });
    println!(
        "evidence {month}: {} edges x 5 events in one batch            median {evidence:7.1} ms",
        pairs.len()
    );
    Ok(())
}
