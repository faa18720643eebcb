//! Dyad time series: per-period quad counts, Goldstein, cooperation ratio, its smoothed value,
//! net cooperation normalised by the actors' own volume, and milestones.

use crate::input::{DyadDay, StatedRelation};
use crate::period::Granularity;
use crate::tally::{QuadCounts, Tally};
use entente_model::EventDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What to compute a series over.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesParams {
    pub granularity: Granularity,
    /// Inclusive bounds; when absent the series spans the first to the last day with data.
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    /// Only `a → b` events when true; both directions otherwise.
    pub directed: bool,
    /// Exponential smoothing factor in (0, 1]: s_t = α·r_t + (1 − α)·s_{t−1}.
    pub alpha: f64,
}

impl Default for SeriesParams {
    fn default() -> Self {
        Self {
            granularity: Granularity::Month,
            since: None,
            until: None,
            directed: false,
            alpha: 0.3,
        }
    }
}

/// Each actor's total event weight (with any partner, either direction) over the periods the series spans:
/// the "media attention" the normalised net cooperation divides out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ActorVolumes {
    pub a: f64,
    pub b: f64,
}

/// A milestone event on one day: a visit, agreement, recognition, cut ties, sanctions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Milestone {
    pub date: EventDate,
    pub code: String,
    pub label: &'static str,
}

/// One period of a dyad series. Field names are the public `entente dyad --format json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRow {
    pub period: String,
    pub start: EventDate,
    pub counts: QuadCounts,
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    pub coop_ratio: Option<f64>,
    /// Exponentially smoothed coop ratio; carried forward through periods without events.
    pub smoothed: Option<f64>,
    /// (coop − conflict weight) / √(v̄_a · v̄_b), v̄ = actor's mean weight per period (docs/ANALYTICS.md).
    pub net_coop_normalised: Option<f64>,
    pub milestones: Vec<Milestone>,
    /// True for a row of events dated only to a coarser period than the series' ("2023" in a
    /// monthly series): shown in the period they fall in, before its first finer period, and kept
    /// out of the smoothing.
    pub coarse: bool,
    /// Stated relations between the two (non-negated) dated within the period.
    pub relations: u64,
}

/// A relation the text states between the dyad's actors, listed beside the series as evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadRelation {
    pub a: String,
    pub b: String,
    pub relation: String,
    pub date: Option<EventDate>,
    pub doc: String,
    pub sentence: String,
}

/// A dyad's series. Serialises as `{"a","b","directed","by","alpha","volumes","periods":[...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadSeries {
    pub a: String,
    pub b: String,
    pub directed: bool,
    pub by: String,
    pub alpha: f64,
    pub volumes: Option<ActorVolumes>,
    pub periods: Vec<PeriodRow>,
    /// Events whose date is too coarse for the granularity (a "2023" event in a monthly series):
    /// counted here, and shown in rows of their own (`coarse`), rather than guessed into a period.
    pub too_coarse: QuadCounts,
    /// The dyad's stated relations (ally, partner, supplier, ...), oldest first, undated last.
    pub relations: Vec<DyadRelation>,
}

/// The milestone a CAMEO code stands for, by its three-digit base.
pub fn milestone_label(cameo: &str) -> Option<&'static str> {
    Some(match cameo.get(..3)? {
        "042" => "visit",
        "043" => "hosted visit",
        "054" => "recognition",
        "057" => "agreement",
        "161" => "cut ties",
        "163" => "sanctions",
        _ => return None,
    })
}

/// Builds the series of dyad `a`–`b` from its daily aggregates and the relations the texts state.
/// Every period between the bounds (the first and last event or dated relation unless given) is
/// present, empty ones included, so gaps are visible and smoothing steps in calendar time.
pub fn dyad_series(
    a: &str,
    b: &str,
    days: &[DyadDay],
    relations: &[StatedRelation],
    params: &SeriesParams,
    volumes: Option<ActorVolumes>,
) -> DyadSeries {
    let g = params.granularity;
    let in_dyad = |d: &&DyadDay| {
        (d.source == a && d.target == b) || (!params.directed && d.source == b && d.target == a)
    };
    let since = params.since.map(|d| d.days_since_epoch());
    let until = params.until.map(crate::period::last_day_of);
    let in_window = |day: i64| since.is_none_or(|s| day >= s) && until.is_none_or(|u| day <= u);

    let mut per_period: BTreeMap<i64, (Tally, Vec<Milestone>)> = BTreeMap::new();
    let mut too_coarse = Tally::default();
    // Coarse rows by (first day, label): a year or a month the events are dated to.
    let mut coarse: BTreeMap<(i64, String), Tally> = BTreeMap::new();
    for d in days.iter().filter(in_dyad) {
        let day = d.day.days_since_epoch();
        if !in_window(day) {
            continue;
        }
        if !placeable(d.day, g) {
            too_coarse.add(d.quad_class, d.events, d.weight, d.goldstein_sum);
            coarse.entry((day, d.day.to_string())).or_default().add(
                d.quad_class,
                d.events,
                d.weight,
                d.goldstein_sum,
            );
            continue;
        }
        let entry = per_period.entry(g.start_of(day)).or_default();
        entry
            .0
            .add(d.quad_class, d.events, d.weight, d.goldstein_sum);
        for code in &d.milestones {
            if let Some(label) = milestone_label(code) {
                entry.1.push(Milestone {
                    date: d.day,
                    code: code.clone(),
                    label,
                });
            }
        }
    }
    let stated: Vec<&StatedRelation> = relations
        .iter()
        .filter(|r| {
            !r.negated
                && ((r.a == a && r.b == b) || (r.a == b && r.b == a))
                && r.date.is_none_or(|d| in_window(d.days_since_epoch()))
        })
        .collect();
    let mut relations_per_period: BTreeMap<i64, u64> = BTreeMap::new();
    for date in stated.iter().filter_map(|r| r.date) {
        if placeable(date, g) {
            *relations_per_period
                .entry(g.start_of(date.days_since_epoch()))
                .or_default() += 1;
        }
    }
    // Coarse rows sit among the periods the finer data spans; they do not stretch it.
    let dated = per_period
        .keys()
        .chain(relations_per_period.keys())
        .copied();
    let first = since.or_else(|| dated.clone().min().map(|d| g.start_of(d)));
    let last = until.or_else(|| dated.max());
    let starts = match (first, last) {
        (Some(f), Some(l)) => g.starts(f, l),
        _ => Vec::new(),
    };
    let mean_volume = |v: f64| v / starts.len().max(1) as f64;
    let attention = volumes.map(|v| (mean_volume(v.a) * mean_volume(v.b)).sqrt());

    let mut smoothed: Option<f64> = None;
    let coarse_row = |((day, label), tally): ((i64, String), Tally), smoothed| PeriodRow {
        period: label,
        start: EventDate::from_days_since_epoch(day),
        counts: QuadCounts(tally.counts),
        goldstein_sum: tally.goldstein_sum,
        goldstein_mean: tally.goldstein_mean(),
        coop_ratio: tally.coop_ratio(),
        smoothed,
        net_coop_normalised: None,
        milestones: Vec::new(),
        coarse: true,
        relations: 0,
    };
    let mut coarse_rows = coarse.into_iter().peekable();
    let mut periods = Vec::with_capacity(starts.len());
    for &start in &starts {
        while let Some(row) = coarse_rows.next_if(|((day, _), _)| *day < g.next_start(start)) {
            periods.push(coarse_row(row, smoothed));
        }
        periods.push({
            let (tally, mut milestones) = per_period.remove(&start).unwrap_or_default();
            milestones.sort();
            milestones.dedup();
            let ratio = tally.coop_ratio();
            if let Some(r) = ratio {
                smoothed =
                    Some(smoothed.map_or(r, |s| params.alpha * r + (1.0 - params.alpha) * s));
            }
            let net = tally.coop_weight() - tally.conflict_weight();
            PeriodRow {
                period: g.label(start),
                start: EventDate::from_days_since_epoch(start),
                counts: QuadCounts(tally.counts),
                goldstein_sum: tally.goldstein_sum,
                goldstein_mean: tally.goldstein_mean(),
                coop_ratio: ratio,
                smoothed,
                net_coop_normalised: ratio.and(attention).filter(|&x| x > 0.0).map(|x| net / x),
                milestones,
                coarse: false,
                relations: relations_per_period.get(&start).copied().unwrap_or(0),
            }
        });
    }
    periods.extend(coarse_rows.map(|row| coarse_row(row, smoothed)));
    let mut listed: Vec<DyadRelation> = stated
        .into_iter()
        .map(|r| DyadRelation {
            a: r.a.clone(),
            b: r.b.clone(),
            relation: r.relation.clone(),
            date: r.date,
            doc: r.doc.clone(),
            sentence: r.sentence.clone(),
        })
        .collect();
    listed.sort_by(|x, y| {
        (x.date.is_none(), x.date, &x.doc, &x.relation).cmp(&(
            y.date.is_none(),
            y.date,
            &y.doc,
            &y.relation,
        ))
    });
    DyadSeries {
        a: a.to_string(),
        b: b.to_string(),
        directed: params.directed,
        by: g.to_string(),
        alpha: params.alpha,
        volumes,
        periods,
        too_coarse: QuadCounts(too_coarse.counts),
        relations: listed,
    }
}

/// Whether a date is precise enough to fall in one period: weeks need a day, months and quarters a month.
fn placeable(date: EventDate, g: Granularity) -> bool {
    match g {
        Granularity::Week => date.day.is_some(),
        Granularity::Month | Granularity::Quarter => date.month.is_some(),
        Granularity::Year => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(
        source: &str,
        target: &str,
        date: &str,
        quad: u8,
        weight: f64,
        gold: f64,
        ms: &[&str],
    ) -> DyadDay {
        DyadDay {
            source: source.into(),
            target: target.into(),
            day: EventDate::parse(date).unwrap(),
            quad_class: quad,
            events: 1,
            weight,
            goldstein_sum: gold,
            milestones: ms.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn months_are_filled_smoothed_and_marked() {
        let days = [
            day("ARN", "GON", "2024-01-05", 1, 1.0, 3.0, &["042"]),
            day("GON", "ARN", "2024-01-20", 4, 1.0, -10.0, &[]),
            day("ARN", "GON", "2024-03-02", 2, 2.0, 14.0, &["057"]),
        ];
        let params = SeriesParams {
            alpha: 0.5,
            ..SeriesParams::default()
        };
        let s = dyad_series(
            "ARN",
            "GON",
            &days,
            &[],
            &params,
            Some(ActorVolumes { a: 6.0, b: 12.0 }),
        );
        let labels: Vec<_> = s.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-02", "2024-03"]);
        assert_eq!(s.periods[0].coop_ratio, Some(0.0));
        assert_eq!(s.periods[1].coop_ratio, None);
        assert_eq!(s.periods[1].smoothed, Some(0.0));
        assert_eq!(s.periods[2].smoothed, Some(0.5));
        assert_eq!(s.periods[0].goldstein_mean, Some(-3.5));
        // mean volumes 2 and 4 per period: net 2 / √8.
        let n = s.periods[2].net_coop_normalised.unwrap();
        assert!((n - 2.0 / 8f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.periods[0].milestones[0].label, "visit");

        let coarse = [
            day("ARN", "GON", "2024-03", 1, 1.0, 1.0, &[]),
            day("ARN", "GON", "2024", 3, 1.0, 1.0, &[]),
        ];
        let s = dyad_series("ARN", "GON", &coarse, &[], &SeriesParams::default(), None);
        assert_eq!(s.too_coarse.0, [0, 0, 1, 0]);
        // The year-dated event has a row of its own, marked, before the year's first month.
        let rows: Vec<_> = s
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.coarse, p.counts.0))
            .collect();
        assert_eq!(
            rows,
            [
                ("2024", true, [0, 0, 1, 0]),
                ("2024-03", false, [1, 0, 0, 0])
            ]
        );
        let yearly = SeriesParams {
            granularity: Granularity::Year,
            ..SeriesParams::default()
        };
        assert_eq!(
            dyad_series("ARN", "GON", &coarse, &[], &yearly, None).periods[0]
                .counts
                .0,
            [1, 0, 1, 0]
        );

        let directed = SeriesParams {
            directed: true,
            ..params
        };
        let s = dyad_series("ARN", "GON", &days, &[], &directed, None);
        assert_eq!(s.periods[0].coop_ratio, Some(1.0));
    }

    #[test]
    fn stated_relations_extend_the_series_and_are_listed() {
        let days = [day("ARN", "GON", "2023-03-29", 1, 1.0, 3.0, &[])];
        let relation = |relation: &str, date: &str, negated: bool| StatedRelation {
            a: "GON".into(),
            b: "ARN".into(),
            relation: relation.into(),
            negated,
            date: EventDate::parse(date).ok(),
            doc: "edm".into(),
            sentence: format!("Gondor is Arnor's {relation}."),
        };
        let relations = [
            relation("supplier", "2024-06", false),
            relation("partner", "2024-06", false),
            relation("ally", "2024-06", true),
        ];
        let yearly = SeriesParams {
            granularity: Granularity::Year,
            ..SeriesParams::default()
        };
        let s = dyad_series("ARN", "GON", &days, &relations, &yearly, None);
        let rows: Vec<_> = s
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.counts.0[0], p.relations))
            .collect();
        assert_eq!(rows, [("2023", 1, 0), ("2024", 0, 2)]);
        let listed: Vec<_> = s.relations.iter().map(|r| r.relation.as_str()).collect();
        assert_eq!(listed, ["partner", "supplier"]);
    }
}
