//! How writers mark which readings count: each report's `reading` and each text event's
//! `primary_reading`. What counts as an event given those marks (the conditions and
//! `ModalityFilter`) is `entente_queries`' definition, which the reads share.

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

/// The conditions on `event_store` rows of the counted events and of primary readings, and the
/// filter by modality: the reads share them (`entente_queries`), and the writers' views use them.
pub(crate) use entente_queries::{counted_events, primary_readings_only};
