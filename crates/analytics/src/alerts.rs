//! Change detection: each dyad's cooperation ratio in a period against the mean of its ratios over
//! the trailing baseline periods. A sign flip is a move across the neutral band (friend to foe or
//! back); a break is any other move of at least the threshold.

use crate::input::{DyadTotal, Evidence};
use crate::network::sign_of;
use crate::tally::Tally;
use entente_model::EventDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The dyad totals of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodTotals {
    pub period: String,
    pub start: EventDate,
    pub totals: Vec<DyadTotal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AlertParams {
    /// How many periods before the current one form the baseline.
    pub baseline_periods: usize,
    /// The baseline needs at least this many of those periods with events.
    pub min_baseline_periods: usize,
    /// A break is |current − baseline| ≥ threshold (ratios lie in [−1, 1]).
    pub threshold: f64,
    /// Signs as in the network: |ratio| ≤ band is neutral.
    pub neutral_band: f64,
    /// The current period needs at least this many events.
    pub min_events: u64,
}

impl Default for AlertParams {
    fn default() -> Self {
        Self {
            baseline_periods: 6,
            min_baseline_periods: 2,
            threshold: 0.5,
            neutral_band: 0.1,
            min_events: 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub a: String,
    pub b: String,
    pub period: String,
    /// "sign_flip" or "break".
    pub kind: &'static str,
    pub baseline: f64,
    pub current: f64,
    pub change: f64,
    pub baseline_periods: usize,
    pub events: u64,
    /// The events of the current period, filled in by the caller (e.g. from the store).
    pub evidence: Vec<Evidence>,
}

/// Alerts for every period from index `report_from` on, each against its own trailing baseline.
/// Directions are merged: a dyad is an unordered pair. Sorted by period, then largest change.
pub fn detect_changes(
    periods: &[PeriodTotals],
    report_from: usize,
    params: &AlertParams,
) -> Vec<Alert> {
    let tallies: Vec<BTreeMap<(&str, &str), Tally>> =
        periods.iter().map(|p| undirected(&p.totals)).collect();
    let mut alerts = Vec::new();
    for (t, current) in tallies.iter().enumerate().skip(report_from) {
        let window = &tallies[t.saturating_sub(params.baseline_periods)..t];
        let mut period_alerts = Vec::new();
        for (&(a, b), tally) in current {
            let Some(now) = tally.coop_ratio() else {
                continue;
            };
            if tally.events() < params.min_events {
                continue;
            }
            let past: Vec<f64> = window
                .iter()
                .filter_map(|m| m.get(&(a, b)).and_then(Tally::coop_ratio))
                .collect();
            if past.is_empty() || past.len() < params.min_baseline_periods {
                continue;
            }
            let baseline = past.iter().sum::<f64>() / past.len() as f64;
            let (before, after) = (
                sign_of(baseline, params.neutral_band),
                sign_of(now, params.neutral_band),
            );
            let kind = if before * after < 0 {
                "sign_flip"
            } else if (now - baseline).abs() >= params.threshold {
                "break"
            } else {
                continue;
            };
            period_alerts.push(Alert {
                a: a.to_string(),
                b: b.to_string(),
                period: periods[t].period.clone(),
                kind,
                baseline,
                current: now,
                change: now - baseline,
                baseline_periods: past.len(),
                events: tally.events(),
                evidence: Vec::new(),
            });
        }
        period_alerts.sort_by(|x, y| {
            (x.kind != "sign_flip")
                .cmp(&(y.kind != "sign_flip"))
                .then(y.change.abs().total_cmp(&x.change.abs()))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        alerts.extend(period_alerts);
    }
    alerts
}

fn undirected(totals: &[DyadTotal]) -> BTreeMap<(&str, &str), Tally> {
    let mut map: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    for t in totals.iter().filter(|t| t.source != t.target) {
        let key = if t.source <= t.target {
            (t.source.as_str(), t.target.as_str())
        } else {
            (t.target.as_str(), t.source.as_str())
        };
        map.entry(key)
            .or_default()
            .add(t.quad_class, t.events, t.weight, t.goldstein_sum);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(label: &str, rows: &[(&str, &str, u8, u64)]) -> PeriodTotals {
        PeriodTotals {
            period: label.into(),
            start: EventDate::parse(label).unwrap(),
            totals: rows
                .iter()
                .map(|&(s, t, q, n)| DyadTotal {
                    source: s.into(),
                    target: t.into(),
                    quad_class: q,
                    events: n,
                    weight: n as f64,
                    goldstein_sum: 0.0,
                })
                .collect(),
        }
    }

    #[test]
    fn flips_and_breaks_against_the_trailing_mean() {
        let periods = [
            period(
                "2024-01",
                &[
                    ("ARN", "GON", 1, 4),
                    ("ARN", "ROH", 1, 3),
                    ("ROH", "ARN", 4, 1),
                ],
            ),
            period("2024-02", &[("GON", "ARN", 2, 2), ("ARN", "ROH", 1, 4)]),
            period(
                "2024-03",
                &[
                    ("ARN", "GON", 4, 3),
                    ("ARN", "GON", 1, 1),
                    ("ARN", "ROH", 1, 2),
                    ("ARN", "MOR", 4, 5),
                ],
            ),
        ];
        let params = AlertParams {
            baseline_periods: 2,
            ..AlertParams::default()
        };
        let alerts = detect_changes(&periods, 2, &params);
        let got: Vec<_> = alerts
            .iter()
            .map(|a| (a.a.as_str(), a.b.as_str(), a.kind, a.baseline, a.current))
            .collect();
        // ARN-GON: baseline mean(1, 1) = 1, now (1 − 3)/4 = −0.5 → flip. ARN-ROH: mean(0.5, 1) = 0.75, now 1 → no alert.
        // ARN-MOR has no baseline.
        assert_eq!(got, [("ARN", "GON", "sign_flip", 1.0, -0.5)]);
    }
}
