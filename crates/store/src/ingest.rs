//! Writing coded documents: one batch, one transaction, so a crash leaves either the whole
//! batch or none of it, and a re-run adds exactly what is missing.

use crate::dates::{date_value, precision};
use crate::dedup::{Deduplicator, EventKey, KnownEvent};
use crate::dimensions::{ACTORS, KEYS};
use crate::nodes::dyad_key_expr;
use crate::readings::{
    counted_events, primary_readings_only, set_primary_readings, set_report_readings,
};
use crate::volume::add_volume_rows;
use crate::{dates, Store, StoreError};
use duckdb::{params, Connection};
use entente_model::{Actor, Document, Event, Mention, Relation, Sentence};
use std::collections::{BTreeMap, BTreeSet};

/// One coded document, borrowed from the pipeline's output.
#[derive(Debug, Clone, Copy)]
pub struct DocRecord<'a> {
    pub doc: &'a Document,
    pub sentences: &'a [Sentence],
    pub mentions: &'a [Mention],
    pub events: &'a [Event],
    pub relations: &'a [Relation],
    /// Hash of the dictionary set that coded the document.
    pub dictionaries: &'a str,
}

/// A document's identity: the hash of its id and its text. Re-ingesting the same input adds nothing;
/// the same text under another id is another document.
pub fn document_key(doc: &Document) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(doc.id.as_bytes());
    hasher.update(&[0]);
    hasher.update(doc.text.as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// What one batch added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub documents_new: u64,
    /// Documents already in the store (or twice in the batch): skipped.
    pub documents_known: u64,
    pub sentences: u64,
    pub reports: u64,
    pub negated_reports: u64,
    pub events_new: u64,
    /// Non-negated reports that joined an event that already existed.
    pub reports_merged: u64,
    pub relations: u64,
    /// New counted reports (asserted acts, each its trigger's primary reading) per (source,
    /// target) country-or-code, for "top dyads".
    pub dyads: BTreeMap<(String, String), u64>,
    /// New counted reports: asserted acts, each its trigger's primary reading.
    pub counted_reports: u64,
    /// New non-negated reports that count as no event, by why: their modality (intended,
    /// threatened, demanded, hypothetical) or their reading (reverse, alternative).
    pub uncounted_reports: BTreeMap<String, u64>,
    /// New counted reports without a date, and the new documents they come from, which carry no
    /// date of their own (no dateline, metadata date or `--date`).
    pub undated_reports: u64,
    pub undated_documents: u64,
}

impl BatchSummary {
    pub fn add(&mut self, other: &BatchSummary) {
        self.documents_new += other.documents_new;
        self.documents_known += other.documents_known;
        self.sentences += other.sentences;
        self.reports += other.reports;
        self.negated_reports += other.negated_reports;
        self.events_new += other.events_new;
        self.reports_merged += other.reports_merged;
        self.relations += other.relations;
        for (dyad, n) in &other.dyads {
            *self.dyads.entry(dyad.clone()).or_default() += n;
        }
        self.counted_reports += other.counted_reports;
        for (why, n) in &other.uncounted_reports {
            *self.uncounted_reports.entry(why.clone()).or_default() += n;
        }
        self.undated_reports += other.undated_reports;
        self.undated_documents += other.undated_documents;
    }
}

/// Row counts of the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounts {
    pub documents: u64,
    pub sentences: u64,
    pub mentions: u64,
    pub reports: u64,
    pub events: u64,
    /// Stored events that the analyses count: asserted acts, each its trigger's primary reading.
    pub counted_events: u64,
    pub relations: u64,
}

pub(crate) fn counts(conn: &Connection) -> Result<StoreCounts, StoreError> {
    let sql = concat!(
        "SELECT (SELECT count(*) FROM document_store), (SELECT count(*) FROM sentence_store),
                (SELECT count(*) FROM mention_store), (SELECT count(*) FROM report_store),
                (SELECT count(*) FROM event_store), (SELECT count(*) FROM relation_store),
                (SELECT count(*) FROM event_store WHERE ",
        counted_events!(),
        ")"
    );
    Ok(conn.query_row(sql, [], |row| {
        Ok(StoreCounts {
            documents: row.get(0)?,
            sentences: row.get(1)?,
            mentions: row.get(2)?,
            reports: row.get(3)?,
            events: row.get(4)?,
            relations: row.get(5)?,
            counted_events: row.get(6)?,
        })
    })?)
}

impl Store {
    /// Keys ([`document_key`]) of every stored document, so a writer can skip them before coding.
    pub fn document_keys(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT doc_key FROM document_store")?;
        let keys = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(keys)
    }

    /// Writes a batch of coded documents in one transaction. Documents already stored are skipped.
    pub fn ingest(&mut self, batch: &[DocRecord<'_>]) -> Result<BatchSummary, StoreError> {
        self.conn.execute_batch("BEGIN TRANSACTION")?;
        match write_batch(&self.conn, batch) {
            Ok(summary) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(summary)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

fn write_batch(conn: &Connection, batch: &[DocRecord<'_>]) -> Result<BatchSummary, StoreError> {
    let keyed: Vec<(String, &DocRecord<'_>)> =
        batch.iter().map(|r| (document_key(r.doc), r)).collect();
    let known = known_documents(conn, keyed.iter().map(|(key, _)| key.as_str()))?;
    let mut seen = BTreeSet::new();
    let fresh: Vec<&(String, &DocRecord<'_>)> = keyed
        .iter()
        .filter(|(key, _)| !known.contains(key) && seen.insert(key.clone()))
        .collect();
    let mut summary = BatchSummary {
        documents_known: (batch.len() - fresh.len()) as u64,
        ..Default::default()
    };
    if fresh.is_empty() {
        return Ok(summary);
    }

    let mut dedup = deduplicator_for(conn, fresh.iter().flat_map(|(_, r)| r.events.iter()))?;
    let first_new_event = dedup.next_id();
    let mut next_report: i64 = conn.query_row(
        "SELECT coalesce(max(report_id), 0) + 1 FROM report_store",
        [],
        |r| r.get(0),
    )?;
    let mut touched = BTreeSet::new();

    let now = now_timestamp();
    let mut documents = conn.appender("document_store")?;
    let mut sentences = conn.appender("sentence_store")?;
    let mut mentions = conn.appender("mention_store")?;
    let mut reports = conn.appender("report_store")?;
    let mut relations = conn.appender("relation_store")?;
    let mut new_events = Vec::new();
    for (key, record) in &fresh {
        let doc = record.doc;
        documents.append_row(params![
            key,
            doc.id,
            doc.title,
            date_value(doc.date),
            precision(doc.date),
            doc.url,
            doc.source,
            doc.text,
            record.sentences.len() as i64,
            record.events.len() as i64,
            record.dictionaries,
            now,
        ])?;
        for s in record.sentences {
            sentences.append_row(params![
                key,
                s.index as i64,
                s.paragraph as i64,
                s.span.start as i64,
                s.span.end as i64,
                s.span.slice(&doc.text)
            ])?;
        }
        for m in record.mentions {
            let actor = &m.actor;
            mentions.append_row(params![
                key,
                m.sentence_index as i64,
                m.span.start as i64,
                m.span.end as i64,
                m.span.slice(&doc.text),
                actor.id,
                actor.name,
                actor.country.as_ref().map(|c| c.as_str()),
                actor.sector.as_ref().map(|s| s.as_str()),
                actor.code.as_str(),
                m.via.as_str(),
            ])?;
        }
        for event in record.events {
            let event_id = if event.negated {
                summary.negated_reports += 1;
                None
            } else {
                let (event_id, is_new) = dedup.assign(event_key(event), event.date);
                if is_new {
                    summary.events_new += 1;
                    new_events.push((event_id, key.as_str(), event));
                } else {
                    summary.reports_merged += 1;
                }
                touched.insert(event_id);
                Some(event_id)
            };
            append_report(&mut reports, next_report, event_id, key, event)?;
            next_report += 1;
            summary.reports += 1;
        }
        for relation in record.relations {
            append_relation(&mut relations, key, relation)?;
        }
        summary.documents_new += 1;
        summary.sentences += record.sentences.len() as u64;
        summary.relations += record.relations.len() as u64;
    }
    for appender in [
        &mut documents,
        &mut sentences,
        &mut mentions,
        &mut reports,
        &mut relations,
    ] {
        appender.flush()?;
    }
    drop((documents, sentences, mentions, reports, relations));
    append_events(conn, &new_events)?;
    recount_events(conn, &touched, first_new_event)?;
    summarise_readings(
        conn,
        fresh.iter().map(|(key, _)| key.as_str()),
        &mut summary,
    )?;
    Ok(summary)
}

/// Adds to `summary` what the batch's new documents count: counted reports per dyad, the others by
/// why they do not count, and the counted reports without a date.
fn summarise_readings<'k>(
    conn: &Connection,
    fresh: impl Iterator<Item = &'k str>,
    summary: &mut BatchSummary,
) -> Result<(), StoreError> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS batch_fresh_documents (doc_key VARCHAR); DELETE FROM batch_fresh_documents;")?;
    {
        let mut appender = conn.appender("batch_fresh_documents")?;
        for key in fresh {
            appender.append_row([key])?;
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT CASE WHEN reading <> 'primary' THEN reading
                     WHEN modality <> 'actual' THEN modality END AS uncounted,
                {}, coalesce({}, ''), date IS NULL, count(*)
         FROM report_store
         WHERE NOT negated AND doc_key IN (SELECT doc_key FROM batch_fresh_documents)
         GROUP BY ALL ORDER BY ALL",
        dyad_key_expr("source_code", "source_country"),
        dyad_key_expr("target_code", "target_country"),
    ))?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, Option<String>>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, u64>(4)?,
        ))
    })?;
    for row in rows {
        let (uncounted, source, target, undated, n) = row?;
        match uncounted {
            Some(why) => *summary.uncounted_reports.entry(why).or_default() += n,
            None => {
                summary.counted_reports += n;
                *summary.dyads.entry((source, target)).or_default() += n;
                if undated {
                    summary.undated_reports += n;
                }
            }
        }
    }
    summary.undated_documents = conn.query_row(
        "SELECT count(DISTINCT doc_key) FROM report_store
         WHERE reading = 'primary' AND modality = 'actual' AND date IS NULL
           AND doc_key IN (SELECT doc_key FROM batch_fresh_documents)",
        [],
        |row| row.get(0),
    )?;
    Ok(())
}

/// Keys of `candidates` already stored.
fn known_documents<'k>(
    conn: &Connection,
    candidates: impl Iterator<Item = &'k str>,
) -> Result<BTreeSet<String>, StoreError> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS batch_documents (doc_key VARCHAR); DELETE FROM batch_documents;")?;
    {
        let mut appender = conn.appender("batch_documents")?;
        for key in candidates {
            appender.append_row([key])?;
        }
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT d.doc_key FROM document_store d JOIN batch_documents b USING (doc_key)",
    )?;
    let known = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    Ok(known)
}

/// A deduplicator that knows the stored text events sharing a key with the batch's reports.
fn deduplicator_for<'e>(
    conn: &Connection,
    batch_events: impl Iterator<Item = &'e Event>,
) -> Result<Deduplicator, StoreError> {
    let keys: BTreeSet<EventKey> = batch_events.filter(|e| !e.negated).map(event_key).collect();
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS batch_event_keys (source VARCHAR, target VARCHAR, cameo VARCHAR, modality VARCHAR); DELETE FROM batch_event_keys;",
    )?;
    {
        let mut appender = conn.appender("batch_event_keys")?;
        for key in &keys {
            appender.append_row([&key.source, &key.target, &key.cameo, &key.modality])?;
        }
    }
    let mut stmt = conn.prepare(
        "SELECT e.event_id, k.source, k.target, k.cameo, k.modality,
                CAST(e.date - DATE '1970-01-01' AS INTEGER), e.date_precision
         FROM event_store e
         JOIN actor_store sa ON sa.actor = e.source_actor
         LEFT JOIN actor_store ta ON ta.actor = e.target_actor
         JOIN batch_event_keys k ON sa.code = k.source AND coalesce(ta.code, '') = k.target
                                AND e.cameo = k.cameo AND CAST(e.modality AS VARCHAR) = k.modality
         WHERE e.origin = 'text'
         ORDER BY e.event_id",
    )?;
    let known = stmt
        .query_map([], |row| {
            let key = EventKey {
                source: row.get(1)?,
                target: row.get(2)?,
                cameo: row.get(3)?,
                modality: row.get(4)?,
            };
            let date =
                dates::from_columns(row.get(5)?, row.get::<_, Option<String>>(6)?.as_deref());
            Ok((
                key,
                KnownEvent {
                    event_id: row.get(0)?,
                    date,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let next_id: i64 = conn.query_row(
        "SELECT coalesce(max(event_id), 0) + 1 FROM event_store",
        [],
        |r| r.get(0),
    )?;
    Ok(Deduplicator::new(known, next_id))
}

fn event_key(event: &Event) -> EventKey {
    EventKey {
        source: event.source.actor.code.as_str().to_string(),
        target: event
            .target
            .as_ref()
            .map(|t| t.actor.code.as_str().to_string())
            .unwrap_or_default(),
        cameo: event.cameo.as_str().to_string(),
        modality: event.modality.as_str().to_string(),
    }
}

/// The actor's dyad key ([`crate::nodes::dyad_key`]): how dyads are keyed by default (the keys
/// events store, by number in `dyad_key_store`).
fn actor_key(actor: &Actor) -> &str {
    crate::nodes::dyad_key(
        actor.code.as_str(),
        actor.country.as_ref().map_or("", |c| c.as_str()),
    )
}

/// Stores new events (id, document key, event), their actors first.
fn append_events(conn: &Connection, events: &[(i64, &str, &Event)]) -> Result<(), StoreError> {
    fn names(actor: &Actor) -> [&str; 3] {
        [
            actor.code.as_str(),
            actor.country.as_ref().map_or("", |c| c.as_str()),
            &actor.name,
        ]
    }
    // Each event's source, then its target (None when it has none).
    let sides: Vec<Option<&Actor>> = events
        .iter()
        .flat_map(|(_, _, e)| [Some(&e.source.actor), e.target.as_ref().map(|t| &t.actor)])
        .collect();
    let actors: Vec<[&str; 3]> = sides.iter().map(|a| a.map_or([""; 3], names)).collect();
    let keys: Vec<[&str; 1]> = sides.iter().map(|a| [a.map_or("", actor_key)]).collect();
    let ids = ACTORS.store_ids(conn, &actors)?;
    let key_ids = KEYS.store_ids(conn, &keys)?;
    let mut appender = conn.appender("event_store")?;
    let mut text_appender = conn.appender("text_event_store")?;
    let mut location_appender = conn.appender("location_store")?;
    for (((event_id, doc_key, e), sides), side_keys) in
        events.iter().zip(ids.chunks(2)).zip(key_ids.chunks(2))
    {
        appender.append_row(params![
            event_id,
            "text",
            Option::<&str>::None,
            date_value(e.date),
            precision(e.date),
            e.cameo.as_str(),
            e.quad_class.number(),
            e.goldstein,
            e.modality.as_str(),
            1i32,
            1i32,
            Option::<i32>::None,
            Option::<i32>::None,
            Option::<f64>::None,
            Option::<&str>::None,
            sides[0],
            sides[1],
            Option::<i32>::None,
            side_keys[0],
            side_keys[1],
        ])?;
        // Whether a report reads it as a primary reading is set once the batch's reports are in.
        text_appender.append_row(params![
            event_id,
            e.plover,
            doc_key,
            e.sentence_index as i64,
            true
        ])?;
        if let Some(l) = &e.location {
            location_appender.append_row(params![
                event_id,
                l.name,
                l.country,
                l.adm1,
                l.lat,
                l.lon,
                l.geonames_id.map(|id| id.to_string()),
                l.precision.as_str(),
                l.how.as_str(),
                l.text,
                l.start as i64,
                l.end as i64,
            ])?;
        }
    }
    appender.flush()?;
    text_appender.flush()?;
    location_appender.flush()?;
    Ok(())
}

fn append_report(
    appender: &mut duckdb::Appender<'_>,
    report_id: i64,
    event_id: Option<i64>,
    doc_key: &str,
    e: &Event,
) -> Result<(), StoreError> {
    let target = e.target.as_ref();
    appender.append_row(params![
        report_id,
        event_id,
        doc_key,
        e.sentence_index as i64,
        e.sentence_start as i64,
        e.sentence_end as i64,
        date_value(e.date),
        precision(e.date),
        e.source.text,
        e.source.start as i64,
        e.source.end as i64,
        e.source.actor.id,
        e.source.actor.code.as_str(),
        e.source.actor.country.as_ref().map(|c| c.as_str()),
        e.source.actor.name,
        target.map(|t| t.text.as_str()),
        target.map(|t| t.start as i64),
        target.map(|t| t.end as i64),
        target.map(|t| t.actor.id.as_str()),
        target.map(|t| t.actor.code.as_str()),
        target.and_then(|t| t.actor.country.as_ref().map(|c| c.as_str())),
        target.map(|t| t.actor.name.as_str()),
        e.cameo.as_str(),
        e.quad_class.number(),
        e.goldstein,
        e.plover,
        e.plover_mode,
        e.negated,
        e.modality.as_str(),
        e.trigger.text,
        e.trigger.start as i64,
        e.trigger.end as i64,
        e.rule,
        e.confidence,
        e.dictionaries,
        // Set for the whole batch at once (`readings::set_report_readings`).
        Option::<&str>::None,
    ])?;
    Ok(())
}

fn append_relation(
    appender: &mut duckdb::Appender<'_>,
    doc_key: &str,
    r: &Relation,
) -> Result<(), StoreError> {
    appender.append_row(params![
        doc_key,
        r.sentence_index as i64,
        r.sentence_start as i64,
        r.sentence_end as i64,
        r.a.text,
        r.a.start as i64,
        r.a.end as i64,
        r.a.actor.code.as_str(),
        r.a.actor.country.as_ref().map(|c| c.as_str()),
        r.a.actor.name,
        r.b.text,
        r.b.start as i64,
        r.b.end as i64,
        r.b.actor.code.as_str(),
        r.b.actor.country.as_ref().map(|c| c.as_str()),
        r.b.actor.name,
        serde_name(&r.relation),
        r.facet.as_ref().map(serde_name),
        r.quantity,
        r.negated,
        date_value(r.date),
        precision(r.date),
        r.trigger.text,
        r.rule,
        r.dictionaries,
    ])?;
    Ok(())
}

/// Sets the readings of the batch's reports, then `num_reports`, `num_sources` and whether some
/// report reads them as a primary reading of the events a batch touched: sources are distinct
/// outlets, or distinct documents when the outlet is unknown. Actor volumes follow: the old weight
/// of counted touched events stored before the batch (ids below `first_new_event`) is taken out,
/// and every counted touched event's new weight added.
fn recount_events(
    conn: &Connection,
    touched: &BTreeSet<i64>,
    first_new_event: i64,
) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS batch_events (event_id BIGINT); DELETE FROM batch_events;",
    )?;
    {
        let mut appender = conn.appender("batch_events")?;
        for id in touched {
            appender.append_row([*id])?;
        }
    }
    conn.execute(
        add_volume_rows!(
            "-",
            concat!(
                "event_id IN (SELECT event_id FROM batch_events) AND event_id < ? AND ",
                primary_readings_only!()
            )
        ),
        [first_new_event, first_new_event],
    )?;
    // The batch's documents' readings, then whether each touched event has a primary one.
    conn.execute_batch(concat!(
        set_report_readings!("doc_key IN (SELECT doc_key FROM batch_documents)"),
        ";\n",
        set_primary_readings!("event_id IN (SELECT event_id FROM batch_events)"),
        ";"
    ))?;
    conn.execute_batch(
        "UPDATE event_store SET num_reports = s.n, num_sources = s.sources
         FROM (SELECT r.event_id, count(*) AS n, count(DISTINCT coalesce('outlet:' || d.outlet, 'doc:' || r.doc_key)) AS sources
               FROM report_store r
               JOIN document_store d ON d.doc_key = r.doc_key
               WHERE r.event_id IN (SELECT event_id FROM batch_events)
               GROUP BY r.event_id) s
         WHERE event_store.event_id = s.event_id",
    )?;
    conn.execute(
        add_volume_rows!(
            "",
            concat!(
                "event_id IN (SELECT event_id FROM batch_events) AND ",
                primary_readings_only!()
            )
        ),
        [],
    )?;
    Ok(())
}

/// The lower-case name serde gives a model enum ("ally", "military").
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn now_timestamp() -> duckdb::types::Value {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64);
    duckdb::types::Value::Timestamp(duckdb::types::TimeUnit::Microsecond, micros)
}
