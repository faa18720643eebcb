//! One definition of an event: which readings of the text count.
//!
//! The coder may read one trigger several ways: the act itself and its announcement ("declared it
//! would halt exports": a threatened 163 and an actual 1312), both sides of a mutual act ("A met B":
//! A→B and B→A), or the rule's code and a paired code for the same actors. Every reading is kept as
//! a report, but per trigger, actor pair and modality exactly one is the trigger's *primary*
//! reading; the others are its `reverse` (the same pair the other way round) or an `alternative`
//! (the same pair, another code). An event is counted when its modality is selected (by default
//! `actual` only: intended, threatened, demanded and hypothetical acts were not done) and some
//! report reads it as a primary reading. Imported events are one reading each.

use crate::StoreError;
use entente_model::Modality;

/// `UPDATE report_store SET reading = ...` for the reports whose rows match `$reports` (an SQL
/// condition on `report_store`). Per sentence, trigger, unordered pair of actors, negation and
/// modality, the primary reading is the most confident, then the one whose source comes first in
/// the text, then a rule's own code before a derived one, then the lower CAMEO code: the subject's
/// own act before the other side of it, the act before what the coder derived from it.
macro_rules! set_report_readings {
    ($reports:literal) => {
        concat!(
            "UPDATE report_store SET reading = r.reading
             FROM (SELECT report_id,
                          CASE WHEN negated THEN 'negated'
                               WHEN rank = 1 THEN 'primary'
                               WHEN source_actor = first_source THEN 'alternative'
                               ELSE 'reverse' END AS reading
                   FROM (SELECT report_id, negated, source_actor,
                                row_number() OVER pair_reading AS rank,
                                first_value(source_actor) OVER pair_reading AS first_source
                         FROM report_store
                         WHERE ",
            $reports,
            "
                         WINDOW pair_reading AS (
                             PARTITION BY doc_key, sentence_index, trigger_start, trigger_end, negated,
                                          modality, least(source_actor, coalesce(target_actor, '')),
                                          greatest(source_actor, coalesce(target_actor, ''))
                             ORDER BY confidence DESC, source_start, contains(rule, '+'), cameo,
                                      report_id))) r
             WHERE report_store.report_id = r.report_id"
        )
    };
}
pub(crate) use set_report_readings;

/// `UPDATE text_event_store SET primary_reading = ...` for the events matching `$events` (an SQL
/// condition on `event_id`): whether some report reads the event as its trigger's primary reading.
macro_rules! set_primary_readings {
    ($events:literal) => {
        concat!(
            "UPDATE text_event_store SET primary_reading = p.primary_reading
             FROM (SELECT event_id, bool_or(reading = 'primary') AS primary_reading
                   FROM report_store WHERE event_id IS NOT NULL AND ",
            $events,
            " GROUP BY event_id) p
             WHERE text_event_store.event_id = p.event_id"
        )
    };
}
pub(crate) use set_primary_readings;

/// The condition on `event_store` rows that leaves out events no report reads as a primary
/// reading (reverse sides and alternative codes). Imported events have no such reports.
macro_rules! primary_readings_only {
    () => {
        "event_id NOT IN (SELECT event_id FROM text_event_store WHERE NOT primary_reading)"
    };
}
pub(crate) use primary_readings_only;

/// The condition on `event_store` rows of the events counted by default: asserted acts
/// (modality actual, never negated: negated reports form no events) read as a primary reading.
macro_rules! counted_events {
    () => {
        concat!(
            "modality = 'actual' AND ",
            $crate::readings::primary_readings_only!()
        )
    };
}
pub(crate) use counted_events;

/// Which modalities an event listing or an aggregate covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalityFilter {
    /// Every modality: intended, threatened, demanded and hypothetical acts too, on purpose.
    All,
    /// Only this one.
    Only(Modality),
}

impl Default for ModalityFilter {
    /// Asserted events: what happened, as the text reports it.
    fn default() -> Self {
        Self::Only(Modality::Actual)
    }
}

impl ModalityFilter {
    /// Parses `all`, `actual`, `intended`, `threatened`, `demanded` or `hypothetical`.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let modality = match text {
            "all" => return Ok(Self::All),
            "actual" => Modality::Actual,
            "intended" => Modality::Intended,
            "threatened" => Modality::Threatened,
            "demanded" => Modality::Demanded,
            "hypothetical" => Modality::Hypothetical,
            other => {
                return Err(StoreError::Invalid(format!(
                    "--modality {other:?}: expected all, actual, intended, threatened, demanded or hypothetical"
                )))
            }
        };
        Ok(Self::Only(modality))
    }

    /// The SQL condition on `event_store` rows this selects: primary readings of the modality.
    pub(crate) fn condition(self) -> String {
        match self {
            Self::All => primary_readings_only!().to_string(),
            Self::Only(modality) => {
                format!(
                    "modality = '{}' AND {}",
                    modality.as_str(),
                    primary_readings_only!()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asserted_events_are_the_default_and_all_is_asked_for() {
        assert_eq!(
            ModalityFilter::default(),
            ModalityFilter::Only(Modality::Actual)
        );
        assert_eq!(ModalityFilter::default().condition(), counted_events!());
        assert_eq!(ModalityFilter::parse("all").unwrap(), ModalityFilter::All);
        assert_eq!(
            ModalityFilter::parse("threatened").unwrap(),
            ModalityFilter::Only(Modality::Threatened)
        );
        let err = ModalityFilter::parse("threat").unwrap_err();
        assert!(err.to_string().contains("expected all, actual"), "{err}");
    }
}
