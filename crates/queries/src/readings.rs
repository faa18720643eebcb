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

use crate::QueryError;
use entente_model::Modality;

/// The condition on `event_store` rows that leaves out events no report reads as a primary
/// reading (reverse sides and alternative codes). Imported events have no such reports.
#[macro_export]
macro_rules! primary_readings_only {
    () => {
        "event_id NOT IN (SELECT event_id FROM text_event_store WHERE NOT primary_reading)"
    };
}

/// The condition on `event_store` rows of the events counted by default: asserted acts
/// (modality actual, never negated: negated reports form no events) read as a primary reading.
#[macro_export]
macro_rules! counted_events {
    () => {
        concat!("modality = 'actual' AND ", $crate::primary_readings_only!())
    };
}

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
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let modality = match text {
            "all" => return Ok(Self::All),
            "actual" => Modality::Actual,
            "intended" => Modality::Intended,
            "threatened" => Modality::Threatened,
            "demanded" => Modality::Demanded,
            "hypothetical" => Modality::Hypothetical,
            other => {
                return Err(QueryError::Invalid(format!(
                    "--modality {other:?}: expected all, actual, intended, threatened, demanded or hypothetical"
                )))
            }
        };
        Ok(Self::Only(modality))
    }

    /// The SQL condition on `event_store` rows this selects: primary readings of the modality.
    pub fn condition(self) -> String {
        match self {
            Self::All => crate::primary_readings_only!().to_string(),
            Self::Only(modality) => {
                format!(
                    "modality = '{}' AND {}",
                    modality.as_str(),
                    crate::primary_readings_only!()
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
        assert_eq!(
            ModalityFilter::default().condition(),
            crate::counted_events!()
        );
        assert_eq!(ModalityFilter::parse("all").unwrap(), ModalityFilter::All);
        assert_eq!(
            ModalityFilter::parse("threatened").unwrap(),
            ModalityFilter::Only(Modality::Threatened)
        );
        let err = ModalityFilter::parse("threat").unwrap_err();
        assert!(err.to_string().contains("expected all, actual"), "{err}");
    }
}
