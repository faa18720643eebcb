//! The schema: numbered, forward-only migrations and the user-facing views.
//!
//! Tables end in `_store` and are internal; users query the views (`events`, `reports`, `documents`,
//! `sentences`, `mentions`, `relations`, `dyad_day`), whose columns docs/STORE.md documents and
//! which keep their names and types when a table changes underneath. Migrations only go forward; a
//! store written by a newer entente is refused rather than guessed at.

use crate::StoreError;
use duckdb::Connection;
use entente_queries::{SchemaMismatch, SCHEMA_VERSION_QUERY};
use std::path::Path;

/// The SQL of the event rows with their keys and of the `events` view's columns: the reads share
/// it (`entente_queries`), and the migrations create the views from it.
pub(crate) use entente_queries::{
    event_view_columns, event_view_joins, keyed_event_store, located_event_view_columns,
    located_event_view_joins,
};

/// Each entry upgrades the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
    MIGRATION_6,
    MIGRATION_7,
    MIGRATION_8,
    MIGRATION_9,
    MIGRATION_10,
];

/// The schema version this binary writes: the one its queries read.
pub const SCHEMA_VERSION: i64 = entente_queries::SCHEMA_VERSION;
const _: () = assert!(
    MIGRATIONS.len() as i64 == SCHEMA_VERSION,
    "a new migration raises entente_queries::SCHEMA_VERSION"
);

const MIGRATION_1: &str = r#"
CREATE TABLE document_store (
    doc_key        VARCHAR NOT NULL,   -- blake3 of id and text: the document's identity
    doc_id         VARCHAR NOT NULL,
    title          VARCHAR,
    date           DATE,
    date_precision VARCHAR,
    url            VARCHAR,
    outlet         VARCHAR,
    text           VARCHAR NOT NULL,
    n_sentences    INTEGER NOT NULL,
    n_events       INTEGER NOT NULL,
    dictionaries   VARCHAR NOT NULL,
    ingested_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE sentence_store (
    doc_key        VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    paragraph      INTEGER NOT NULL,
    start_byte     INTEGER NOT NULL,
    end_byte       INTEGER NOT NULL,
    text           VARCHAR NOT NULL
);
CREATE TABLE mention_store (
    doc_key        VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_byte     INTEGER NOT NULL,
    end_byte       INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    actor_id       VARCHAR NOT NULL,
    actor_name     VARCHAR NOT NULL,
    country        VARCHAR,
    sector         VARCHAR,
    code           VARCHAR NOT NULL,
    via            VARCHAR NOT NULL
);
CREATE TABLE event_store (
    event_id       BIGINT NOT NULL,
    origin         VARCHAR NOT NULL,   -- text | gdelt | icews
    external_id    VARCHAR,            -- GLOBALEVENTID / ICEWS Event ID
    date           DATE,
    date_precision VARCHAR,            -- day | month | year
    source_code    VARCHAR,
    source_country VARCHAR,
    source_name    VARCHAR,
    target_code    VARCHAR,
    target_country VARCHAR,
    target_name    VARCHAR,
    cameo          VARCHAR NOT NULL,
    cameo_root     VARCHAR NOT NULL,
    quad_class     TINYINT NOT NULL,
    goldstein      DOUBLE NOT NULL,
    plover         VARCHAR,
    modality       VARCHAR NOT NULL,
    num_reports    INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_mentions   INTEGER,
    num_articles   INTEGER,
    avg_tone       DOUBLE,
    outlet         VARCHAR,
    url            VARCHAR,
    doc_key        VARCHAR,            -- the first report's document (text events)
    sentence_index INTEGER
);
CREATE TABLE report_store (
    report_id      BIGINT NOT NULL,
    event_id       BIGINT,             -- NULL for negated reports: they never form events
    doc_key        VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    date           DATE,
    date_precision VARCHAR,
    source_text    VARCHAR NOT NULL,
    source_start   INTEGER NOT NULL,
    source_end     INTEGER NOT NULL,
    source_actor   VARCHAR NOT NULL,
    source_code    VARCHAR NOT NULL,
    source_country VARCHAR,
    source_name    VARCHAR NOT NULL,
    target_text    VARCHAR,
    target_start   INTEGER,
    target_end     INTEGER,
    target_actor   VARCHAR,
    target_code    VARCHAR,
    target_country VARCHAR,
    target_name    VARCHAR,
    cameo          VARCHAR NOT NULL,
    quad_class     TINYINT NOT NULL,
    goldstein      DOUBLE NOT NULL,
    plover         VARCHAR NOT NULL,
    plover_mode    VARCHAR,
    negated        BOOLEAN NOT NULL,
    modality       VARCHAR NOT NULL,
    trigger_text   VARCHAR NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    rule           VARCHAR NOT NULL,
    confidence     DOUBLE NOT NULL,
    dictionaries   VARCHAR NOT NULL
);
CREATE TABLE relation_store (
    doc_key        VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    a_text         VARCHAR NOT NULL,
    a_start        INTEGER NOT NULL,
    a_end          INTEGER NOT NULL,
    a_code         VARCHAR NOT NULL,
    a_country      VARCHAR,
    a_name         VARCHAR NOT NULL,
    b_text         VARCHAR NOT NULL,
    b_start        INTEGER NOT NULL,
    b_end          INTEGER NOT NULL,
    b_code         VARCHAR NOT NULL,
    b_country      VARCHAR,
    b_name         VARCHAR NOT NULL,
    relation       VARCHAR NOT NULL,
    facet          VARCHAR,
    quantity       VARCHAR,
    negated        BOOLEAN NOT NULL,
    date           DATE,
    date_precision VARCHAR,
    trigger_text   VARCHAR NOT NULL,
    rule           VARCHAR NOT NULL,
    dictionaries   VARCHAR NOT NULL
);

CREATE VIEW documents AS
SELECT doc_key, doc_id, title, date, date_precision, url, outlet, n_sentences, n_events,
       dictionaries, ingested_at, text
FROM document_store;

CREATE VIEW sentences AS
SELECT d.doc_id, s.doc_key, s.sentence_index, s.paragraph, s.start_byte, s.end_byte, s.text
FROM sentence_store s JOIN document_store d USING (doc_key);

CREATE VIEW mentions AS
SELECT d.doc_id, m.* FROM mention_store m JOIN document_store d USING (doc_key);

CREATE VIEW events AS
SELECT e.event_id, e.origin, e.external_id, e.date, e.date_precision,
       e.source_code, e.source_country, e.source_name,
       e.target_code, e.target_country, e.target_name,
       e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.plover, e.modality,
       e.num_reports, e.num_sources, e.num_mentions, e.num_articles, e.avg_tone,
       coalesce(e.outlet, d.outlet) AS outlet, coalesce(e.url, d.url) AS url,
       d.doc_id AS doc, e.sentence_index, s.text AS sentence
FROM event_store e
LEFT JOIN document_store d ON d.doc_key = e.doc_key
LEFT JOIN sentence_store s ON s.doc_key = e.doc_key AND s.sentence_index = e.sentence_index;

CREATE VIEW reports AS
SELECT r.report_id, r.event_id, d.doc_id AS doc, r.doc_key, d.url, d.outlet,
       r.sentence_index, r.sentence_start, r.sentence_end, s.text AS sentence,
       r.date, r.date_precision,
       r.source_text, r.source_start, r.source_end, r.source_actor, r.source_code, r.source_country, r.source_name,
       r.target_text, r.target_start, r.target_end, r.target_actor, r.target_code, r.target_country, r.target_name,
       r.cameo, r.quad_class, r.goldstein, r.plover, r.plover_mode, r.negated, r.modality,
       r.trigger_text, r.trigger_start, r.trigger_end, r.rule, r.confidence, r.dictionaries
FROM report_store r
JOIN document_store d ON d.doc_key = r.doc_key
LEFT JOIN sentence_store s ON s.doc_key = r.doc_key AND s.sentence_index = r.sentence_index;

CREATE VIEW relations AS
SELECT d.doc_id AS doc, r.*, s.text AS sentence
FROM relation_store r
JOIN document_store d ON d.doc_key = r.doc_key
LEFT JOIN sentence_store s ON s.doc_key = r.doc_key AND s.sentence_index = r.sentence_index;

CREATE VIEW dyad_day AS
SELECT coalesce(source_country, source_code) AS source,
       coalesce(target_country, target_code) AS target,
       date AS day, quad_class,
       count(*) AS events,
       sum(ln(1 + num_sources)) AS weight,
       sum(goldstein * ln(1 + num_sources)) AS goldstein_sum
FROM event_store
WHERE date_precision = 'day'
  AND coalesce(source_country, source_code) IS NOT NULL
  AND coalesce(target_country, target_code) IS NOT NULL
GROUP BY ALL;
"#;

/// Version 2 stores each event's dyad keys (its country, else its actor code), the keys analytics
/// groups by and `--actor`/`--dyad` match. As plain columns, filters on them reach DuckDB's scans,
/// whose zone maps then skip every row group of other dyads (imports write rows sorted by key).
const MIGRATION_2: &str = r#"
ALTER TABLE event_store ADD COLUMN source_key VARCHAR;
ALTER TABLE event_store ADD COLUMN target_key VARCHAR;
UPDATE event_store
SET source_key = coalesce(source_country, source_code),
    target_key = coalesce(target_country, target_code);

CREATE OR REPLACE VIEW dyad_day AS
SELECT source_key AS source, target_key AS target,
       date AS day, quad_class,
       count(*) AS events,
       sum(ln(1 + num_sources)) AS weight,
       sum(goldstein * ln(1 + num_sources)) AS goldstein_sum
FROM event_store
WHERE date_precision = 'day' AND source_key IS NOT NULL AND target_key IS NOT NULL
GROUP BY ALL;
"#;

/// Version 3 keeps each actor's event volume per day in `actor_volume` (see [`crate::volume`]), so
/// that a dyad series' normalisation reads a small table instead of every event's target. Version 7,
/// which changes how events store their keys, fills it.
const MIGRATION_3: &str = "CREATE TABLE actor_volume (
        actor  VARCHAR NOT NULL,   -- a side's dyad key: its country, else its code
        origin VARCHAR NOT NULL,
        date   DATE,
        weight DECIMAL(38, 12) NOT NULL  -- sum of ln(1 + num_sources) over the actor's actual events
    );";

/// `CREATE OR REPLACE VIEW events`, over the current [`event_view_columns`], of the event rows
/// a condition on `event_store` keeps (every row without one).
macro_rules! create_events_view {
    () => {
        concat!(
            "CREATE OR REPLACE VIEW events AS SELECT ",
            event_view_columns!(),
            " FROM event_store e",
            event_view_joins!(),
            ";"
        )
    };
    ($condition:expr) => {
        concat!(
            "CREATE OR REPLACE VIEW events AS SELECT ",
            event_view_columns!(),
            " FROM (SELECT * FROM event_store WHERE ",
            $condition,
            ") e",
            event_view_joins!(),
            ";"
        )
    };
}

/// Version 4 stores imported events' own ids as numbers (GDELT and ICEWS ids are integers):
/// compressing ten million distinct strings was a tenth of a bulk import, and the anti-join that
/// skips stored events compares numbers. (The `events` view, which shows the id as text, is
/// recreated by version 7.)
const MIGRATION_4: &str = "ALTER TABLE event_store ALTER external_id SET DATA TYPE BIGINT;";

/// Version 5 stores the event columns that take a handful of values as enums, and drops
/// `cameo_root`, which is the first two digits of `cameo`: DuckDB stores every string it is given
/// through the same costly path, even a constant one, and these four were a tenth of a bulk import.
/// The enums list their values in alphabetical order, so that sorting on them sorts as text did.
/// The `events` view, which shows all four as text, is recreated by version 7.
const MIGRATION_5: &str = "CREATE TYPE event_origin AS ENUM ('gdelt', 'icews', 'text');
     CREATE TYPE event_date_precision AS ENUM ('day', 'month', 'year');
     CREATE TYPE event_modality AS ENUM ('actual', 'demanded', 'hypothetical', 'intended', 'threatened');
     ALTER TABLE event_store ALTER origin SET DATA TYPE event_origin;
     ALTER TABLE event_store ALTER date_precision SET DATA TYPE event_date_precision;
     ALTER TABLE event_store ALTER modality SET DATA TYPE event_modality;
     DROP VIEW events;
     ALTER TABLE event_store DROP COLUMN cameo_root;";

/// Version 6 stores each actor once, in `actor_store`, and events refer to their source and target
/// by number: the six actor strings of an event (code, country and name on each side) were the
/// largest part of a bulk import, though a dataset names only a few thousand distinct actors. An
/// actor is its (code, country, name); ids are given in that order, after the ids stored before, so
/// the same inputs number them the same. An event without a target refers to none. The dyad keys
/// stay on the event, where filters on them reach the scan. For the same reason as the actors,
/// `cameo` becomes an enum of every well-formed CAMEO code (two to four digits under a root 01–20,
/// in text order). The `events` view, which looks the actors up and shows `cameo` as text, is
/// recreated by version 7.
const MIGRATION_6: &str =
    "CREATE TABLE actor_store (
         actor   INTEGER NOT NULL,   -- the id events refer to
         code    VARCHAR,            -- CAMEO actor code
         country VARCHAR,            -- ISO 3166 alpha-3
         name    VARCHAR
     );
     INSERT INTO actor_store
     SELECT row_number() OVER (ORDER BY code, country, name), code, country, name
     FROM (SELECT source_code AS code, source_country AS country, source_name AS name FROM event_store
           UNION
           SELECT target_code, target_country, target_name FROM event_store)
     WHERE code IS NOT NULL OR country IS NOT NULL OR name IS NOT NULL;
     CREATE TYPE cameo_code AS ENUM (
         WITH roots AS (SELECT lpad(CAST(i AS VARCHAR), 2, '0') AS code FROM range(1, 21) t(i)),
              digits AS (SELECT CAST(i AS VARCHAR) AS digit FROM range(10) t(i))
         SELECT code FROM (SELECT code FROM roots
                           UNION ALL SELECT code || digit FROM roots, digits
                           UNION ALL SELECT code || d1.digit || d2.digit FROM roots, digits d1, digits d2)
         ORDER BY code);
     ALTER TABLE event_store ALTER cameo SET DATA TYPE cameo_code;
     ALTER TABLE event_store ADD COLUMN source_actor INTEGER;
     ALTER TABLE event_store ADD COLUMN target_actor INTEGER;
     UPDATE event_store SET source_actor = a.actor FROM actor_store a
     WHERE a.code IS NOT DISTINCT FROM event_store.source_code
       AND a.country IS NOT DISTINCT FROM event_store.source_country
       AND a.name IS NOT DISTINCT FROM event_store.source_name;
     UPDATE event_store SET target_actor = a.actor FROM actor_store a
     WHERE a.code IS NOT DISTINCT FROM event_store.target_code
       AND a.country IS NOT DISTINCT FROM event_store.target_country
       AND a.name IS NOT DISTINCT FROM event_store.target_name;
     DROP VIEW IF EXISTS events;
     ALTER TABLE event_store DROP COLUMN source_code;
     ALTER TABLE event_store DROP COLUMN source_country;
     ALTER TABLE event_store DROP COLUMN source_name;
     ALTER TABLE event_store DROP COLUMN target_code;
     ALTER TABLE event_store DROP COLUMN target_country;
     ALTER TABLE event_store DROP COLUMN target_name;";

/// Version 7 stores each article URL once, in `url_store`, and events refer to theirs by number:
/// an article yields several events (five on average in a GDELT 2.0 export), and the URL was the
/// longest string of an imported event. URLs are numbered in text order, after those stored before.
/// Text events have none (their document has it). It also moves what only coded text events have
/// (the PLOVER category, and the first report's document and sentence) to `text_event_store`: as
/// columns of every event they were NULL in every imported row, which DuckDB stores at a cost all
/// the same. The `events` view looks both up. Last, the dyad keys become numbers into
/// `dyad_key_store` (numbered in text order, after those stored before), for the same reason; the
/// keys are still on every event, so filters on them reach the scan, and imports sort by them.
/// `dyad_day` and the actor volumes, recounted here, look them up.
const MIGRATION_7: &str = concat!(
    "CREATE TABLE url_store (
         url_id INTEGER NOT NULL,   -- the id events refer to
         url    VARCHAR NOT NULL
     );
     INSERT INTO url_store
     SELECT row_number() OVER (ORDER BY url), url
     FROM (SELECT DISTINCT url FROM event_store WHERE url IS NOT NULL);
     ALTER TABLE event_store ADD COLUMN url_id INTEGER;
     UPDATE event_store SET url_id = u.url_id FROM url_store u WHERE u.url = event_store.url;
     CREATE TABLE text_event_store (
         event_id       BIGINT NOT NULL,
         plover         VARCHAR,
         doc_key        VARCHAR NOT NULL,   -- the first report's document
         sentence_index INTEGER NOT NULL
     );
     INSERT INTO text_event_store
     SELECT event_id, plover, doc_key, sentence_index FROM event_store WHERE doc_key IS NOT NULL;
     DROP VIEW IF EXISTS events;
     ALTER TABLE event_store DROP COLUMN url;
     ALTER TABLE event_store DROP COLUMN plover;
     ALTER TABLE event_store DROP COLUMN doc_key;
     ALTER TABLE event_store DROP COLUMN sentence_index;
     CREATE TABLE dyad_key_store (
         key_id INTEGER NOT NULL,   -- the id events refer to
         key    VARCHAR NOT NULL    -- a country, else an actor code
     );
     INSERT INTO dyad_key_store
     SELECT row_number() OVER (ORDER BY key), key
     FROM (SELECT source_key AS key FROM event_store UNION SELECT target_key FROM event_store)
     WHERE key IS NOT NULL;
     ALTER TABLE event_store ADD COLUMN source_key_id INTEGER;
     ALTER TABLE event_store ADD COLUMN target_key_id INTEGER;
     UPDATE event_store SET source_key_id = k.key_id FROM dyad_key_store k
     WHERE k.key = event_store.source_key;
     UPDATE event_store SET target_key_id = k.key_id FROM dyad_key_store k
     WHERE k.key = event_store.target_key;
     DROP VIEW IF EXISTS dyad_day;
     ALTER TABLE event_store DROP COLUMN source_key;
     ALTER TABLE event_store DROP COLUMN target_key;
     CREATE VIEW dyad_day AS
     SELECT source_key AS source, target_key AS target,
            date AS day, quad_class,
            count(*) AS events,
            sum(ln(1 + num_sources)) AS weight,
            sum(goldstein * ln(1 + num_sources)) AS goldstein_sum
     FROM ",
    keyed_event_store!(),
    " WHERE date_precision = 'day' AND source_key IS NOT NULL AND target_key IS NOT NULL
     GROUP BY ALL;
     DELETE FROM actor_volume;\n",
    crate::volume::add_volume_rows!("", "TRUE"),
    ";\n",
    create_events_view!()
);

/// `CREATE OR REPLACE VIEW reports`: version 1's columns, then each report's `reading` and whether
/// it is `counted` (an asserted act, read as its trigger's primary reading).
macro_rules! create_reports_view {
    () => {
        "CREATE OR REPLACE VIEW reports AS
         SELECT r.report_id, r.event_id, d.doc_id AS doc, r.doc_key, d.url, d.outlet,
                r.sentence_index, r.sentence_start, r.sentence_end, s.text AS sentence,
                r.date, r.date_precision,
                r.source_text, r.source_start, r.source_end, r.source_actor, r.source_code, r.source_country, r.source_name,
                r.target_text, r.target_start, r.target_end, r.target_actor, r.target_code, r.target_country, r.target_name,
                r.cameo, r.quad_class, r.goldstein, r.plover, r.plover_mode, r.negated, r.modality,
                r.trigger_text, r.trigger_start, r.trigger_end, r.rule, r.confidence, r.dictionaries,
                r.reading, r.reading = 'primary' AND r.modality = 'actual' AS counted
         FROM report_store r
         JOIN document_store d ON d.doc_key = r.doc_key
         LEFT JOIN sentence_store s ON s.doc_key = r.doc_key AND s.sentence_index = r.sentence_index;"
    };
}

/// Version 8 gives events one definition (see [`crate::readings`]): each report gets its `reading`
/// (`primary`, `reverse`, `alternative` or `negated`), each text event whether some report reads
/// it as a primary reading, and the `events` and `dyad_day` views and the actor volumes keep only
/// counted events: asserted (actual) acts read as a primary reading. Events stored by older
/// versions keep their modality (that of their first report).
const MIGRATION_8: &str = concat!(
    "ALTER TABLE report_store ADD COLUMN reading VARCHAR;
     ALTER TABLE text_event_store ADD COLUMN primary_reading BOOLEAN DEFAULT true;\n",
    crate::readings::set_report_readings!("TRUE"),
    ";\n",
    crate::readings::set_primary_readings!("TRUE"),
    ";\n",
    "DELETE FROM actor_volume;\n",
    crate::volume::add_volume_rows!("", crate::readings::primary_readings_only!()),
    ";\n",
    create_events_view!(crate::readings::counted_events!()),
    "\n",
    create_reports_view!(),
    "\nCREATE OR REPLACE VIEW dyad_day AS
     SELECT source_key AS source, target_key AS target,
            date AS day, quad_class,
            count(*) AS events,
            sum(ln(1 + num_sources)) AS weight,
            sum(goldstein * ln(1 + num_sources)) AS goldstein_sum
     FROM ",
    keyed_event_store!(),
    " WHERE date_precision = 'day' AND source_key IS NOT NULL AND target_key IS NOT NULL AND ",
    crate::readings::counted_events!(),
    "
     GROUP BY ALL;"
);

/// Version 9 makes non-state actors nodes of their own (see [`crate::nodes`]): their events' dyad
/// keys become their actor codes (PSEREBHMS, not PSE), added to `dyad_key_store` in text order after
/// the keys stored before, and the actor volumes are recounted by the new keys.
const MIGRATION_9: &str = concat!(
    "INSERT INTO dyad_key_store
     SELECT (SELECT coalesce(max(key_id), 0) FROM dyad_key_store) + row_number() OVER (ORDER BY key), key
     FROM (SELECT DISTINCT ",
    crate::nodes::dyad_key_sql!(),
    " AS key FROM actor_store)
     WHERE key IS NOT NULL AND key NOT IN (SELECT key FROM dyad_key_store);
     UPDATE event_store SET source_key_id = k.key_id
     FROM (SELECT actor, ",
    crate::nodes::dyad_key_sql!(),
    " AS key FROM actor_store) a
     JOIN dyad_key_store k ON k.key = a.key
     WHERE a.actor = event_store.source_actor AND event_store.source_key_id <> k.key_id;
     UPDATE event_store SET target_key_id = k.key_id
     FROM (SELECT actor, ",
    crate::nodes::dyad_key_sql!(),
    " AS key FROM actor_store) a
     JOIN dyad_key_store k ON k.key = a.key
     WHERE a.actor = event_store.target_actor AND event_store.target_key_id <> k.key_id;
     DELETE FROM actor_volume;\n",
    crate::volume::add_volume_rows!("", crate::readings::primary_readings_only!()),
    ";"
);

/// Version 10 stores where events happened, one row per located event in `location_store` (most
/// imported rows of old stores have none, and a table of their own costs them nothing), and adds
/// the `location_*` columns to the `events` view. For text events it is the first report's
/// location (`entente_places`); `feature_id` is then a GeoNames id.
const MIGRATION_10: &str = concat!(
    "CREATE TABLE location_store (
         event_id   BIGINT NOT NULL,
         name       VARCHAR,
         country    VARCHAR,            -- ISO 3166-1 alpha-3
         adm1       VARCHAR,            -- COUNTRY.ADMIN1 (GeoNames)
         lat        DOUBLE,
         lon        DOUBLE,
         feature_id VARCHAR,            -- GeoNames id
         precision  VARCHAR NOT NULL,   -- city | adm1 | country
         how        VARCHAR,            -- locative | dateline | document
         text       VARCHAR,            -- the words that name the place
         start_byte INTEGER,
         end_byte   INTEGER
     );
     CREATE OR REPLACE VIEW events AS SELECT ",
    located_event_view_columns!(),
    " FROM (SELECT * FROM event_store WHERE ",
    crate::readings::counted_events!(),
    ") e",
    located_event_view_joins!(),
    ";"
);

/// Brings a read-write store up to [`SCHEMA_VERSION`], one transaction per migration.
pub(crate) fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    )?;
    let current = current_version(conn)?.unwrap_or(0);
    check_supported(current, path)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        conn.execute_batch("BEGIN TRANSACTION")?;
        let applied = conn.execute_batch(sql).and_then(|()| {
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
                .map(|_| ())
        });
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(e.into());
            }
        }
    }
    Ok(())
}

/// Checks that a read-only store has this binary's schema. Queries read the current tables, and a
/// reader cannot migrate: an older store is refused with the way to upgrade it.
pub(crate) fn check_readable(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    // Asking the table directly, not information_schema: the catalog views cost a query command's
    // first 20 ms.
    let version = match current_version(conn) {
        Err(StoreError::Sql(e)) if is_missing_table(&e) => None,
        other => other?,
    };
    let path = path.to_path_buf();
    match SchemaMismatch::of(version) {
        None => Ok(()),
        Some(SchemaMismatch::Empty) => Err(StoreError::Empty { path }),
        Some(SchemaMismatch::TooOld { found }) => Err(StoreError::SchemaTooOld {
            path,
            found,
            supported: SCHEMA_VERSION,
        }),
        Some(SchemaMismatch::TooNew { found }) => Err(StoreError::SchemaTooNew {
            path,
            found,
            supported: SCHEMA_VERSION,
        }),
    }
}

/// DuckDB's error for a query on a table the file does not have.
fn is_missing_table(e: &duckdb::Error) -> bool {
    let message = e.to_string();
    message.contains("schema_version") && message.contains("does not exist")
}

fn current_version(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(SCHEMA_VERSION_QUERY, [], |row| row.get(0))?)
}

fn check_supported(found: i64, path: &Path) -> Result<(), StoreError> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_without_the_schema_is_an_empty_store() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes (x INTEGER)")
            .unwrap();
        let err = check_readable(&conn, Path::new("other.duckdb")).unwrap_err();
        assert!(matches!(err, StoreError::Empty { .. }), "{err:?}");
        migrate(&conn, Path::new("other.duckdb")).unwrap();
        check_readable(&conn, Path::new("other.duckdb")).unwrap();
    }

    #[test]
    fn later_versions_convert_events_stored_by_version_1() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATION_1).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
             INSERT INTO schema_version (version) VALUES (1);
             INSERT INTO event_store (event_id, origin, external_id, source_code, source_country, target_code, cameo,
                                      cameo_root, quad_class, goldstein, modality, num_reports, num_sources, url)
             VALUES (1, 'gdelt', '881990834', 'IGOUNO', NULL, 'AZEGOV', '042', '04', 1, 1.9, 'actual', 1, 1,
                     'https://example.org/a')",
        )
        .unwrap();
        conn.execute("UPDATE event_store SET target_country = 'AZE'", [])
            .unwrap();
        migrate(&conn, Path::new("memory")).unwrap();
        // Version 2's keys, numbered by version 7.
        let keys: (String, String, i64) = conn
            .query_row(
                concat!(
                    "SELECT source_key, target_key, (SELECT max(version) FROM schema_version) FROM ",
                    keyed_event_store!()
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(keys, ("IGOUNO".into(), "AZE".into(), SCHEMA_VERSION));
        // Version 3: each side's volume, ln(1 + 1 source).
        let volumes: Vec<(String, f64)> = conn
            .prepare("SELECT actor, CAST(weight AS DOUBLE) FROM actor_volume ORDER BY actor")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // Stored as an exact decimal, ln 2 to 12 places.
        let ln2 = (2f64.ln() * 1e12).round() / 1e12;
        assert_eq!(volumes, [("AZE".into(), ln2), ("IGOUNO".into(), ln2)]);
        // Version 4: the id is a number in the table and text in the view.
        let ids: (i64, String) = conn
            .query_row(
                "SELECT (SELECT external_id FROM event_store), (SELECT external_id FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(ids, (881990834, "881990834".into()));
        // Version 5: enums in the table, text in the view, and the root derived from the code.
        let types: Vec<(String, String)> = conn
            .prepare(
                "SELECT table_name, data_type FROM information_schema.columns
                 WHERE column_name IN ('origin', 'date_precision', 'modality')
                   AND table_name IN ('event_store', 'events')
                 ORDER BY table_name, column_name",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let (stored, shown) = types.split_at(3);
        assert!(
            stored.iter().all(|(_, t)| t.starts_with("ENUM(")),
            "{types:?}"
        );
        assert!(shown.iter().all(|(_, t)| t == "VARCHAR"), "{types:?}");
        let row: (String, String, Option<String>, String) = conn
            .query_row(
                "SELECT origin, cameo_root, date_precision, modality FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(row, ("gdelt".into(), "04".into(), None, "actual".into()));
        let stored: usize = conn
            .query_row(
                "SELECT count(*) FROM information_schema.columns
                 WHERE table_name = 'event_store' AND column_name = 'cameo_root'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 0);
        // Version 6: each actor stored once, events referring to it, the view looking it up.
        let actors: Vec<(i32, Option<String>, Option<String>)> = conn
            .prepare("SELECT actor, code, country FROM actor_store ORDER BY actor")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            actors,
            [
                (1, Some("AZEGOV".into()), Some("AZE".into())),
                (2, Some("IGOUNO".into()), None)
            ]
        );
        let sides: (i32, i32, String, Option<String>, String, String) = conn
            .query_row(
                "SELECT e.source_actor, e.target_actor, v.source_code, v.source_country, v.target_code,
                        v.target_country
                 FROM event_store e, events v",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .unwrap();
        assert_eq!(
            sides,
            (2, 1, "IGOUNO".into(), None, "AZEGOV".into(), "AZE".into())
        );
        let actor_columns: usize = conn
            .query_row(
                "SELECT count(*) FROM information_schema.columns
                 WHERE table_name = 'event_store'
                   AND regexp_matches(column_name, '^(source|target)_(code|country|name)$')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(actor_columns, 0);
        // Version 6 also stores CAMEO codes as an enum of every well-formed code, shown as text.
        let cameo: (String, String, usize) = conn
            .query_row(
                "SELECT (SELECT data_type FROM information_schema.columns
                         WHERE table_name = 'event_store' AND column_name = 'cameo'),
                        (SELECT data_type FROM information_schema.columns
                         WHERE table_name = 'events' AND column_name = 'cameo'),
                        len(enum_range(NULL::cameo_code))",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert!(cameo.0.starts_with("ENUM('01', '010', '0100'"), "{cameo:?}");
        // 20 roots, each with 10 three-digit and 100 four-digit children.
        assert_eq!((cameo.1.as_str(), cameo.2), ("VARCHAR", 20 * 111));
        // Version 7: each URL stored once, the event referring to it, the view looking it up.
        let url: (i32, String, i32, String, usize) = conn
            .query_row(
                "SELECT u.url_id, u.url, e.url_id, v.url,
                        (SELECT count(*) FROM information_schema.columns
                         WHERE table_name = 'event_store' AND column_name = 'url')
                 FROM url_store u, event_store e, events v",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        let address = "https://example.org/a".to_string();
        assert_eq!(url, (1, address.clone(), 1, address, 0));
    }

    /// A store at `version`, as that version's entente left it.
    fn store_at(version: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
        )
        .unwrap();
        for (index, sql) in MIGRATIONS[..version].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.execute(
                "INSERT INTO schema_version (version) VALUES (?)",
                [index as i64 + 1],
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn version_7_moves_text_event_columns_out_and_numbers_dyad_keys() {
        let conn = store_at(6);
        conn.execute_batch(
            "INSERT INTO document_store (doc_key, doc_id, text, n_sentences, n_events, dictionaries)
             VALUES ('k1', 'doc-1', 'Azerbaijan and Israel signed an arms deal.', 1, 1, 'd');
             INSERT INTO sentence_store VALUES ('k1', 0, 0, 0, 42, 'Azerbaijan and Israel signed an arms deal.');
             INSERT INTO event_store (event_id, origin, cameo, quad_class, goldstein, plover, modality,
                                      num_reports, num_sources, doc_key, sentence_index, source_key)
             VALUES (1, 'text', '057', 1, 8.0, 'AGREE', 'actual', 1, 1, 'k1', 0, 'AZE'),
                    (2, 'gdelt', '042', 1, 1.9, NULL, 'actual', 1, 1, NULL, NULL, 'USA');",
        )
        .unwrap();
        migrate(&conn, Path::new("memory")).unwrap();
        let moved: Vec<(i64, String, String, i32)> = conn
            .prepare("SELECT * FROM text_event_store")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(moved, [(1, "AGREE".into(), "k1".into(), 0)]);
        // NULLs shown as "".
        let shown: Vec<(i64, String, String, String)> = conn
            .prepare(
                "SELECT event_id, coalesce(plover, ''), coalesce(doc, ''), coalesce(sentence, '')
                 FROM events ORDER BY event_id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let sentence = "Azerbaijan and Israel signed an arms deal.";
        assert_eq!(
            shown,
            [
                (1, "AGREE".into(), "doc-1".into(), sentence.into()),
                (2, String::new(), String::new(), String::new())
            ]
        );
        let left: usize = conn
            .query_row(
                "SELECT count(*) FROM information_schema.columns
                 WHERE table_name = 'event_store'
                   AND column_name IN ('plover', 'doc_key', 'sentence_index', 'url',
                                       'source_key', 'target_key')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        // The dyad keys, numbered in text order.
        let keys: Vec<(i32, String)> = conn
            .prepare("SELECT key_id, key FROM dyad_key_store ORDER BY key_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(keys, [(1, "AZE".into()), (2, "USA".into())]);
    }

    /// Counts a query returns, in order.
    fn counts(conn: &Connection, sql: &str) -> Vec<(String, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn version_8_counts_each_trigger_once_and_only_asserted_acts() {
        let conn = store_at(7);
        // "Aliyev visited Israel; Ankara said it would halt exports to Israel", as version 7 stored
        // it: a visit (042) with its reverse side (043), a threatened embargo (163) and the threat
        // it announces (1312), each its own event.
        conn.execute_batch(
            "INSERT INTO document_store (doc_key, doc_id, text, n_sentences, n_events, dictionaries)
             VALUES ('k1', 'doc-1', 'text', 2, 4, 'd');
             INSERT INTO actor_store VALUES (1, 'AZEGOV', 'AZE', 'Azerbaijan'), (2, 'ISR', 'ISR', 'Israel'),
                                            (3, 'TURGOV', 'TUR', 'Türkiye');
             INSERT INTO dyad_key_store VALUES (1, 'AZE'), (2, 'ISR'), (3, 'TUR');
             INSERT INTO event_store (event_id, origin, date, date_precision, cameo, quad_class, goldstein,
                                      modality, num_reports, num_sources, source_actor, target_actor,
                                      source_key_id, target_key_id)
             VALUES (1, 'text', DATE '2023-03-29', 'day', '042', 1, 1.9, 'actual', 1, 1, 1, 2, 1, 2),
                    (2, 'text', DATE '2023-03-29', 'day', '043', 1, 2.8, 'actual', 1, 1, 2, 1, 2, 1),
                    (3, 'text', DATE '2024-05-02', 'day', '163', 4, -8.0, 'threatened', 1, 1, 3, 2, 3, 2),
                    (4, 'text', DATE '2024-05-02', 'day', '1312', 3, -5.8, 'actual', 1, 1, 3, 2, 3, 2);
             INSERT INTO text_event_store VALUES (1, NULL, 'k1', 0), (2, NULL, 'k1', 0), (3, 'SANCTION', 'k1', 1),
                                                 (4, 'THREATEN', 'k1', 1);
             INSERT INTO report_store (report_id, event_id, doc_key, sentence_index, sentence_start, sentence_end,
                                       date, date_precision, source_text, source_start, source_end, source_actor,
                                       source_code, source_name, target_text, target_start, target_end,
                                       target_actor, target_code, target_name, cameo, quad_class, goldstein,
                                       plover, negated, modality, trigger_text, trigger_start, trigger_end,
                                       rule, confidence, dictionaries)
             VALUES (1, 1, 'k1', 0, 0, 30, DATE '2023-03-29', 'day', 'Aliyev', 0, 6, 'AZE:gov', 'AZEGOV',
                     'Azerbaijan', 'Israel', 15, 21, 'ISR', 'ISR', 'Israel', '042', 1, 1.9, 'CONSULT', false,
                     'actual', 'visited', 7, 14, 'visit.verb', 0.9, 'd'),
                    (2, 2, 'k1', 0, 0, 30, DATE '2023-03-29', 'day', 'Israel', 15, 21, 'ISR', 'ISR',
                     'Israel', 'Aliyev', 0, 6, 'AZE:gov', 'AZEGOV', 'Azerbaijan', '043', 1, 2.8, 'CONSULT', false,
                     'actual', 'visited', 7, 14, 'visit.verb', 0.8, 'd'),
                    (3, 3, 'k1', 1, 31, 80, DATE '2024-05-02', 'day', 'Ankara', 31, 37, 'TUR:gov', 'TURGOV',
                     'Türkiye', 'Israel', 70, 76, 'ISR', 'ISR', 'Israel', '163', 4, -8.0, 'SANCTION', false,
                     'threatened', 'halt exports to', 55, 70, 'embargo.halt', 0.8, 'd'),
                    (4, 4, 'k1', 1, 31, 80, DATE '2024-05-02', 'day', 'Ankara', 31, 37, 'TUR:gov', 'TURGOV',
                     'Türkiye', 'Israel', 70, 76, 'ISR', 'ISR', 'Israel', '1312', 3, -5.8, 'THREATEN', false,
                     'actual', 'halt exports to', 55, 70, 'embargo.halt+announced', 0.7, 'd');
             INSERT INTO actor_volume VALUES ('AZE', 'text', DATE '2023-03-29', 1.386294361120),
                                             ('ISR', 'text', DATE '2023-03-29', 1.386294361120),
                                             ('TUR', 'text', DATE '2024-05-02', 0.693147180560),
                                             ('ISR', 'text', DATE '2024-05-02', 0.693147180560);",
        )
        .unwrap();
        let listed = "SELECT cameo, count(*) FROM events GROUP BY cameo ORDER BY cameo";
        let dyads = "SELECT source || '-' || target, CAST(sum(events) AS BIGINT) FROM dyad_day GROUP BY ALL ORDER BY 1";
        assert_eq!(
            counts(&conn, listed),
            [
                ("042".into(), 1),
                ("043".into(), 1),
                ("1312".into(), 1),
                ("163".into(), 1)
            ]
        );
        assert_eq!(
            counts(&conn, dyads),
            [
                ("AZE-ISR".into(), 1),
                ("ISR-AZE".into(), 1),
                ("TUR-ISR".into(), 2)
            ]
        );
        migrate(&conn, Path::new("memory")).unwrap();
        // After: the visit once, in the visitor's direction, and the threat as a threat (13x).
        assert_eq!(
            counts(&conn, listed),
            [("042".into(), 1), ("1312".into(), 1)]
        );
        assert_eq!(
            counts(&conn, dyads),
            [("AZE-ISR".into(), 1), ("TUR-ISR".into(), 1)]
        );
        let readings = "SELECT report_id || ' ' || reading || ' ' || counted, 0 FROM reports ORDER BY report_id";
        assert_eq!(
            counts(&conn, readings),
            [
                ("1 primary true".into(), 0),
                ("2 reverse false".into(), 0),
                ("3 primary false".into(), 0),
                ("4 primary true".into(), 0)
            ]
        );
        // Each actor's volume: its counted events' weights, ln 2 each.
        let volumes = "SELECT actor, CAST(round(sum(weight) / ln(2)) AS BIGINT) FROM actor_volume GROUP BY actor ORDER BY actor";
        assert_eq!(
            counts(&conn, volumes),
            [("AZE".into(), 1), ("ISR".into(), 2), ("TUR".into(), 1)]
        );
    }

    #[test]
    fn a_reader_refuses_an_older_schema_that_a_writer_upgrades() {
        let conn = store_at(5);
        let err = check_readable(&conn, Path::new("old.duckdb")).unwrap_err();
        assert!(
            matches!(err, StoreError::SchemaTooOld { found: 5, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("old.duckdb has schema version 5"));
        migrate(&conn, Path::new("old.duckdb")).unwrap();
        check_readable(&conn, Path::new("old.duckdb")).unwrap();
    }
}
