//! Folding duplicate reports into events: reports with the same source, target, CAMEO code and
//! modality, dated within one day of each other, are one event.
//!
//! The decision is made here, in plain Rust, against the events already stored for the same keys,
//! so it is testable without a database and independent of batch boundaries: a document ingested
//! in a later batch joins the same event it would have joined in the same batch.

use entente_model::EventDate;
use std::collections::BTreeMap;

/// Who did what to whom: the part of an event that must match exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct EventKey {
    pub source: String,
    /// Empty when the event has no target.
    pub target: String,
    pub cameo: String,
    /// A threat to impose sanctions and sanctions imposed are different events.
    pub modality: String,
}

/// An event already assigned, as far as matching needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownEvent {
    pub event_id: i64,
    pub date: Option<EventDate>,
}

/// Assigns event ids to reports, creating events for reports that match none.
pub(crate) struct Deduplicator {
    known: BTreeMap<EventKey, Vec<KnownEvent>>,
    next_id: i64,
}

impl Deduplicator {
    pub fn new(known: impl IntoIterator<Item = (EventKey, KnownEvent)>, next_id: i64) -> Self {
        let mut by_key: BTreeMap<EventKey, Vec<KnownEvent>> = BTreeMap::new();
        for (key, event) in known {
            by_key.entry(key).or_default().push(event);
        }
        Self {
            known: by_key,
            next_id,
        }
    }

    /// The id the next new event will get: every event created from here on has an id at least this.
    pub fn next_id(&self) -> i64 {
        self.next_id
    }

    /// The event this report belongs to, and whether that event is new.
    pub fn assign(&mut self, key: EventKey, date: Option<EventDate>) -> (i64, bool) {
        let candidates = self.known.entry(key).or_default();
        let best = candidates
            .iter()
            .filter_map(|known| {
                day_distance(known.date, date).map(|distance| (distance, known.event_id))
            })
            .min();
        if let Some((_, event_id)) = best {
            return (event_id, false);
        }
        let event_id = self.next_id;
        self.next_id += 1;
        candidates.push(KnownEvent { event_id, date });
        (event_id, true)
    }
}

/// How many days apart two dates are, if they are close enough to be the same event: day-precision
/// dates within one day; coarser (or missing) dates only when identical.
fn day_distance(a: Option<EventDate>, b: Option<EventDate>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) if a.is_day_precision() && b.is_day_precision() => {
            let distance = (a.days_since_epoch() - b.days_since_epoch()).abs();
            (distance <= 1).then_some(distance)
        }
        (a, b) => (a == b).then_some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(source: &str, target: &str, cameo: &str) -> EventKey {
        EventKey {
            source: source.into(),
            target: target.into(),
            cameo: cameo.into(),
            modality: "actual".into(),
        }
    }

    fn date(s: &str) -> Option<EventDate> {
        Some(EventDate::parse(s).unwrap())
    }

    #[test]
    fn reports_a_day_apart_are_one_event_two_days_apart_are_two() {
        let mut dedup = Deduplicator::new([], 1);
        assert_eq!(
            dedup.assign(key("ARN", "GON", "042"), date("2024-06-02")),
            (1, true)
        );
        assert_eq!(
            dedup.assign(key("ARN", "GON", "042"), date("2024-06-03")),
            (1, false)
        );
        assert_eq!(
            dedup.assign(key("ARN", "GON", "042"), date("2024-06-05")),
            (2, true)
        );
        assert_eq!(
            dedup.assign(key("GON", "ARN", "042"), date("2024-06-02")),
            (3, true)
        );
        assert_eq!(
            dedup.assign(key("ARN", "GON", "043"), date("2024-06-02")),
            (4, true)
        );
    }

    #[test]
    fn coarse_dates_match_only_the_same_period() {
        let mut dedup = Deduplicator::new([], 1);
        assert_eq!(
            dedup.assign(key("ARN", "", "010"), date("2024-06")),
            (1, true)
        );
        assert_eq!(
            dedup.assign(key("ARN", "", "010"), date("2024-06")),
            (1, false)
        );
        assert_eq!(
            dedup.assign(key("ARN", "", "010"), date("2024-06-01")),
            (2, true)
        );
        assert_eq!(dedup.assign(key("ARN", "", "010"), None), (3, true));
        assert_eq!(dedup.assign(key("ARN", "", "010"), None), (3, false));
    }

    #[test]
    fn stored_events_are_matched_before_new_ones_are_made() {
        let known = [(
            key("ARN", "GON", "042"),
            KnownEvent {
                event_id: 7,
                date: date("2024-06-02"),
            },
        )];
        let mut dedup = Deduplicator::new(known, 8);
        assert_eq!(
            dedup.assign(key("ARN", "GON", "042"), date("2024-06-01")),
            (7, false)
        );
        assert_eq!(
            dedup.assign(key("ARN", "GON", "042"), date("2024-07-01")),
            (8, true)
        );
    }
}
