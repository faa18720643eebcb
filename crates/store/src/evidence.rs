//! The evidence behind events, for reading: each counted report with the byte spans of its
//! source, target and trigger, and the names the text used for an actor.

use crate::nodes::dyad_key_expr;
use crate::query::{RunSql, SqlBuilder};
use crate::{Store, StoreError, Table};

/// The columns of [`Store::event_reports`]. Spans are byte offsets into the document text, as
/// `sentence_start` is, so a reader highlights at `source_start - sentence_start` in `sentence`.
/// `location_*` is where the event happened (`location_name`), and the words that said so with
/// their span in the report it was read from: a reader highlights them where `sentence` holds
/// `location_text` at that span.
const REPORT_COLUMNS: &str = "event_id, report_id, doc, url, outlet,
    CASE date_precision WHEN 'year' THEN strftime(date, '%Y') WHEN 'month' THEN strftime(date, '%Y-%m')
         ELSE strftime(date, '%Y-%m-%d') END AS date,
    sentence_index, sentence, sentence_start,
    source_text, source_start, source_end, source_code, source_name,
    target_text, target_start, target_end, target_code, target_name,
    trigger_text, trigger_start, trigger_end,
    cameo, quad_class, goldstein, plover, modality, rule, reading,
    location_name, location_country, location_text, location_start, location_end";

impl Store {
    /// The counted reports of these events (every sentence that reported them), oldest first.
    pub fn event_reports(&self, event_ids: &[i64]) -> Result<Table, StoreError> {
        let mut sql = SqlBuilder::default();
        sql.push(&format!(
            "SELECT {REPORT_COLUMNS} FROM reports
             LEFT JOIN (SELECT event_id AS located_event, name AS location_name,
                               country AS location_country, text AS location_text,
                               start_byte AS location_start, end_byte AS location_end
                        FROM location_store) l ON l.located_event = reports.event_id
             WHERE counted AND event_id IN (NULL"
        ));
        for &id in event_ids {
            sql.push(", ?").bind(id);
        }
        sql.push(") ORDER BY reports.date NULLS LAST, event_id, report_id");
        sql.table(&self.conn)
    }

    /// The words the text used for an actor (dictionary forms, roles, office holders, context),
    /// matched as `--actor` matches, with how often each resolved to it: most frequent first.
    pub fn actor_names(&self, pattern: &str, limit: usize) -> Result<Table, StoreError> {
        let pattern = pattern.trim().to_uppercase();
        let mut sql = SqlBuilder::default();
        sql.push(&format!(
            "SELECT text, actor_name, code, via, count(*) AS mentions FROM mentions
             WHERE starts_with({}, ?) OR starts_with(code, ?)
             GROUP BY ALL ORDER BY mentions DESC, text, actor_name, code, via LIMIT ?",
            dyad_key_expr("code", "country")
        ))
        .bind_str(&pattern)
        .bind_str(&pattern)
        .bind(limit as i64);
        sql.table(&self.conn)
    }
}
