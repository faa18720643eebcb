//! Per-quad-class sums and the measures derived from them (cooperation ratio, Goldstein mean).

use crate::input::quad;
use entente_model::QuadClass;
use serde::{Serialize, Serializer};

/// Event counts and weights per quad class, plus the weighted Goldstein sum.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Deduplicated events per quad class (index = class − 1).
    pub counts: [u64; 4],
    /// Σ ln(1 + sources) per quad class.
    pub weights: [f64; 4],
    pub goldstein_sum: f64,
}

impl Tally {
    /// Adds one aggregate row; rows with a quad class outside 1..=4 are ignored.
    pub fn add(&mut self, quad_class: u8, events: u64, weight: f64, goldstein_sum: f64) {
        if let Some(q) = quad(quad_class) {
            let i = usize::from(q.number() - 1);
            self.counts[i] += events;
            self.weights[i] += weight;
            self.goldstein_sum += goldstein_sum;
        }
    }

    pub fn events(&self) -> u64 {
        self.counts.iter().sum()
    }

    pub fn weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Weight of verbal and material cooperation.
    pub fn coop_weight(&self) -> f64 {
        self.weights[0] + self.weights[1]
    }

    /// Weight of verbal and material conflict.
    pub fn conflict_weight(&self) -> f64 {
        self.weights[2] + self.weights[3]
    }

    /// (coop − conflict) / (coop + conflict) on weights; None without any event.
    pub fn coop_ratio(&self) -> Option<f64> {
        coop_ratio(self.coop_weight(), self.conflict_weight())
    }

    /// Weighted mean Goldstein score; None without any event.
    pub fn goldstein_mean(&self) -> Option<f64> {
        let w = self.weight();
        (w > 0.0).then(|| self.goldstein_sum / w)
    }
}

/// (coop − conflict) / (coop + conflict), or None when both are zero.
pub fn coop_ratio(coop: f64, conflict: f64) -> Option<f64> {
    let total = coop + conflict;
    (total > 0.0).then(|| (coop - conflict) / total)
}

/// Counts printed as `{"verbal_coop":..,"material_coop":..,"verbal_conflict":..,"material_conflict":..}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuadCounts(pub [u64; 4]);

impl Serialize for QuadCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(4))?;
        for (i, n) in self.0.iter().enumerate() {
            let q = QuadClass::from_number(i as u8 + 1).expect("1..=4");
            map.serialize_entry(q.key(), n)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_mean_use_weights_and_ignore_bad_classes() {
        let mut t = Tally::default();
        t.add(1, 2, 3.0, 6.0);
        t.add(4, 1, 1.0, -10.0);
        t.add(9, 5, 5.0, 5.0);
        assert_eq!(t.counts, [2, 0, 0, 1]);
        assert_eq!(t.coop_ratio(), Some(0.5));
        assert_eq!(t.goldstein_mean(), Some(-1.0));
        assert_eq!(Tally::default().coop_ratio(), None);
    }

    #[test]
    fn counts_serialise_with_quad_keys() {
        let json = serde_json::to_string(&QuadCounts([1, 2, 3, 4])).unwrap();
        assert_eq!(
            json,
            r#"{"verbal_coop":1,"material_coop":2,"verbal_conflict":3,"material_conflict":4}"#
        );
    }
}
