//! Each actor's event volume per day, kept beside the events.
//!
//! Normalising a dyad by its actors' volumes needs, for each actor, the weight of every event it
//! is in. The event table is sorted by source key, so the source side is cheap, but the target side
//! is a scan of every event: most of a dyad series' time on a large store. `actor_volume` holds
//! that sum per (actor key, origin, date); writers add rows in the transaction that changes the
//! events, and readers add the rows up.
//!
//! Rows are additive: a batch that recounts events already stored subtracts their old weight and
//! adds the new one. Weights are decimals (each event's rounded to 12 places), so sums are exact:
//! the same events give the same volume whatever order the rows were added and summed in. An event's weight is ln(1 + num_sources); its target counts only when it is
//! not its own source, as in [`crate::Store::actor_volumes`]'s definition.

/// `INSERT`s the volume rows of the actual events matching `$events` (an SQL condition on
/// event_store, used twice, so each `?` in it is bound twice), signed by `$sign` ("" or "-").
/// Text events' writers add the condition that leaves out readings that are not counted
/// (`readings::primary_readings_only`); imported events are all counted.
macro_rules! add_volume_rows {
    ($sign:literal, $events:expr) => {
        concat!(
            "INSERT INTO actor_volume
             SELECT k.key, v.origin, v.date, v.weight
             FROM (SELECT actor, origin, date, ",
            $sign,
            "sum(weight) AS weight FROM (
                     SELECT source_key_id AS actor, origin, date,
                            CAST(ln(1 + num_sources) AS DECIMAL(18, 12)) AS weight
                     FROM event_store
                     WHERE modality = 'actual' AND source_key_id IS NOT NULL AND target_key_id IS NOT NULL
                       AND ",
            $events,
            "
                     UNION ALL
                     SELECT target_key_id, origin, date, CAST(ln(1 + num_sources) AS DECIMAL(18, 12))
                     FROM event_store
                     WHERE modality = 'actual' AND source_key_id IS NOT NULL AND target_key_id IS NOT NULL
                       AND target_key_id <> source_key_id AND ",
            $events,
            ")
                   GROUP BY actor, origin, date) v
             JOIN dyad_key_store k ON k.key_id = v.actor"
        )
    };
}
pub(crate) use add_volume_rows;
