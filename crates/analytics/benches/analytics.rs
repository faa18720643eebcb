//! The pure computations at the sizes of the speed targets: a monthly dyad series over 30 years of
//! daily rows, and the signed network + full balance report of a one-month window over 250 countries.
//! (End-to-end timings with the store: bench/analytics/run.sh.)

use criterion::{criterion_group, criterion_main, Criterion};
use entente_analytics::{
    balance_report, build_network, dyad_series, BalanceParams, DyadDay, DyadTotal, NetworkParams,
    SeriesParams,
};
use entente_model::EventDate;

/// Deterministic pseudo-random numbers in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn daily_rows(years: i64) -> Vec<DyadDay> {
    let mut rng = Lcg(1);
    let start = EventDate::parse("1995-01-01").unwrap().days_since_epoch();
    let mut rows = Vec::new();
    for day in start..start + years * 365 {
        for quad in 1..=4u8 {
            if rng.next() < 0.5 {
                let (s, t) = if rng.next() < 0.5 {
                    ("AZE", "ISR")
                } else {
                    ("ISR", "AZE")
                };
                rows.push(DyadDay {
                    source: s.into(),
                    target: t.into(),
                    day: EventDate::from_days_since_epoch(day),
                    quad_class: quad,
                    events: 3,
                    weight: 2.0,
                    goldstein_sum: 1.5,
                    milestones: Vec::new(),
                });
            }
        }
    }
    rows
}

/// 250 actors; each directed pair present with probability `density`, one row per quad class present.
fn month_totals(n: usize, density: f64) -> Vec<DyadTotal> {
    let mut rng = Lcg(2);
    let mut rows = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i != j && rng.next() < density {
                for quad in 1..=4u8 {
                    if rng.next() < 0.6 {
                        let events = 1 + (rng.next() * 20.0) as u64;
                        rows.push(DyadTotal {
                            source: format!("C{i:03}"),
                            target: format!("C{j:03}"),
                            quad_class: quad,
                            events,
                            weight: events as f64 * 1.1,
                            goldstein_sum: 0.0,
                        });
                    }
                }
            }
        }
    }
    rows
}

fn benches(c: &mut Criterion) {
    let days = daily_rows(30);
    c.bench_function("dyad monthly series, 30 years of daily rows", |b| {
        b.iter(|| dyad_series("AZE", "ISR", &days, &[], &SeriesParams::default(), None))
    });
    let totals = month_totals(250, 0.25);
    let params = NetworkParams::default();
    c.bench_function("signed network, 250 actors", |b| {
        b.iter(|| build_network(&totals, &[], &params))
    });
    let net = build_network(&totals, &[], &params);
    c.bench_function("full balance report, 250 actors", |b| {
        b.iter(|| balance_report(&net, "bench", &BalanceParams::default()))
    });
}

criterion_group! {
    name = analytics;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(analytics);
