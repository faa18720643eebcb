//! The SQL of event rows as the reads see them: with their dyad keys as text, and the columns of
//! the `events` view. The store's migrations create the views from these same macros, so the view
//! and every query that selects its rows first cannot drift apart.

/// Event rows `e` with their dyad keys as text, `source_key` and `target_key`, looked up from the
/// numbers they store. A filter on a key reaches the scan through the join (DuckDB filters the
/// probe side by what the build side holds), so zone maps still skip other dyads' row groups.
#[macro_export]
macro_rules! keyed_event_store {
    () => {
        "event_store e
         LEFT JOIN (SELECT key_id AS source_key_id, key AS source_key FROM dyad_key_store) USING (source_key_id)
         LEFT JOIN (SELECT key_id AS target_key_id, key AS target_key FROM dyad_key_store) USING (target_key_id)"
    };
}

/// The `events` view's columns, computed over event rows `e` joined ([`event_view_joins`]) to their
/// actors `sa` and `ta`, their URL `u`, what only text events have `x`, and their first report's
/// document `d` and sentence `s`. The view and the event listing, which selects its rows before
/// joining, both use this list, so they cannot drift apart. Columns stored as enums are shown as
/// text, `cameo_root` is derived, and the rest is looked up, so the view's columns are those of
/// version 1.
#[macro_export]
macro_rules! event_view_columns {
    () => {
        "e.event_id, CAST(e.origin AS VARCHAR) AS origin, CAST(e.external_id AS VARCHAR) AS external_id,
         e.date, CAST(e.date_precision AS VARCHAR) AS date_precision,
         sa.code AS source_code, sa.country AS source_country, sa.name AS source_name,
         ta.code AS target_code, ta.country AS target_country, ta.name AS target_name,
         CAST(e.cameo AS VARCHAR) AS cameo, substr(CAST(e.cameo AS VARCHAR), 1, 2) AS cameo_root, e.quad_class, e.goldstein, x.plover,
         CAST(e.modality AS VARCHAR) AS modality,
         e.num_reports, e.num_sources, e.num_mentions, e.num_articles, e.avg_tone,
         coalesce(e.outlet, d.outlet) AS outlet, coalesce(u.url, d.url) AS url,
         d.doc_id AS doc, x.sentence_index, s.text AS sentence"
    };
}

/// What [`event_view_columns`] reads besides the event rows `e`.
#[macro_export]
macro_rules! event_view_joins {
    () => {
        " LEFT JOIN actor_store sa ON sa.actor = e.source_actor
          LEFT JOIN actor_store ta ON ta.actor = e.target_actor
          LEFT JOIN url_store u ON u.url_id = e.url_id
          LEFT JOIN text_event_store x ON x.event_id = e.event_id
          LEFT JOIN document_store d ON d.doc_key = x.doc_key
          LEFT JOIN sentence_store s ON s.doc_key = x.doc_key AND s.sentence_index = x.sentence_index"
    };
}

/// The `events` view's columns from version 10 on: [`event_view_columns`] and where the event
/// happened (`location_store` as `l`, joined by [`located_event_view_joins`]).
#[macro_export]
macro_rules! located_event_view_columns {
    () => {
        concat!(
            $crate::event_view_columns!(),
            ", l.name AS location_name, l.country AS location_country, l.adm1 AS location_adm1,
             l.lat AS location_lat, l.lon AS location_lon, l.feature_id AS location_feature_id,
             l.precision AS location_precision, l.how AS location_how,
             l.text AS location_text, l.start_byte AS location_start, l.end_byte AS location_end"
        )
    };
}

/// [`event_view_joins`] and the event's location.
#[macro_export]
macro_rules! located_event_view_joins {
    () => {
        concat!(
            $crate::event_view_joins!(),
            " LEFT JOIN location_store l ON l.event_id = e.event_id"
        )
    };
}
