//! Event aggregates: the records the store computes and analytics reads. They live here so that the
//! store and analytics share one definition without depending on each other.

use crate::EventDate;

/// Deduplicated events of one directed dyad and one quad class, summed over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadTotal {
    pub source: String,
    pub target: String,
    /// 1..=4; rows with any other value are ignored.
    pub quad_class: u8,
    /// Deduplicated events (negated events are never counted).
    pub events: u64,
    /// Σ ln(1 + num_sources) over those events: a story told by many outlets counts once, a bit more.
    pub weight: f64,
    /// Σ goldstein × ln(1 + num_sources).
    pub goldstein_sum: f64,
}

/// The same as [`DyadTotal`], per date, with the milestone CAMEO codes seen on it.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadDay {
    pub source: String,
    pub target: String,
    /// The date at its own precision: a day, or a month or year when the text gave no more.
    pub day: EventDate,
    pub quad_class: u8,
    pub events: u64,
    pub weight: f64,
    pub goldstein_sum: f64,
    /// Distinct milestone CAMEO codes of that date (042 043 054 057 161 163 and their children), sorted.
    pub milestones: Vec<String>,
}
