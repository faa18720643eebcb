//! Values stored once, each in its own table, and referred to by number from events: actors in
//! `actor_store`, article URLs in `url_store`, dyad keys in `dyad_key_store`.
//!
//! A dataset names a few thousand actors and keys, and each article yields several events, so
//! storing the strings once makes the event table smaller and every bulk write cheaper. Writers collect the
//! values of what they write and ask [`Dimension::store_ids`] for their numbers, which adds the
//! values not stored yet.

use crate::StoreError;
use duckdb::types::Value;
use duckdb::Connection;

/// A table of values stored once: its name, its number column, and the columns that together are
/// one value.
pub(crate) struct Dimension<const N: usize> {
    table: &'static str,
    number: &'static str,
    columns: [&'static str; N],
}

/// An actor is its (code, country, name), as an event names it.
pub(crate) const ACTORS: Dimension<3> = Dimension {
    table: "actor_store",
    number: "actor",
    columns: ["code", "country", "name"],
};

/// The article an imported event comes from.
pub(crate) const URLS: Dimension<1> = Dimension {
    table: "url_store",
    number: "url_id",
    columns: ["url"],
};

/// A side's dyad key: its actor's country, else its actor code.
pub(crate) const KEYS: Dimension<1> = Dimension {
    table: "dyad_key_store",
    number: "key_id",
    columns: ["key"],
};

impl<const N: usize> Dimension<N> {
    /// The store's number for each of `values`, in order, adding those not yet stored; an empty
    /// string is NULL, and a value that is all NULL (a missing target, a row without URL) gets no
    /// number. New values are numbered after the stored ones, in the order of their columns, so the
    /// same writes number them the same whatever order they come in. Runs within the caller's
    /// transaction.
    pub fn store_ids(
        &self,
        conn: &Connection,
        values: &[[&str; N]],
    ) -> Result<Vec<Option<i32>>, StoreError> {
        let Self {
            table,
            number,
            columns,
        } = self;
        let batch = format!("batch_{table}");
        let listed = columns.join(", ");
        let typed: String = columns.iter().map(|c| format!(", {c} VARCHAR")).collect();
        conn.execute_batch(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS {batch} (position INTEGER{typed}); DELETE FROM {batch};"
        ))?;
        {
            let mut appender = conn.appender(&batch)?;
            for (position, value) in values.iter().enumerate() {
                if value.iter().all(|s| s.is_empty()) {
                    continue;
                }
                let row = std::iter::once(Value::BigInt(position as i64)).chain(value.map(|s| {
                    if s.is_empty() {
                        Value::Null
                    } else {
                        Value::Text(s.to_string())
                    }
                }));
                appender.append_row(duckdb::appender_params_from_iter(row))?;
            }
        }
        // Set operations compare NULLs as equal, so an actor with no country is found again.
        conn.execute_batch(&format!(
            "INSERT INTO {table}
             SELECT (SELECT coalesce(max({number}), 0) FROM {table})
                        + row_number() OVER (ORDER BY {listed}), {listed}
             FROM (SELECT {listed} FROM {batch} EXCEPT SELECT {listed} FROM {table})"
        ))?;
        let matching = columns
            .iter()
            .map(|c| format!("s.{c} IS NOT DISTINCT FROM b.{c}"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let mut ids = vec![None; values.len()];
        let mut stmt = conn.prepare(&format!(
            "SELECT b.position, s.{number} FROM {batch} b JOIN {table} s ON {matching}"
        ))?;
        let found = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i32>(1)?)))?;
        for pair in found {
            let (position, id) = pair?;
            if let Some(slot) = ids.get_mut(position as usize) {
                *slot = Some(id);
            }
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&conn, std::path::Path::new("memory")).unwrap();
        conn
    }

    #[test]
    fn actors_are_numbered_once_in_sorted_order_and_found_again() {
        let conn = store();
        let first = [
            ["USAGOV", "USA", "Washington"],
            ["", "", ""],
            ["AZE", "AZE", "Azerbaijan"],
            ["IGOUNO", "", "United Nations"],
            ["AZE", "AZE", "Azerbaijan"],
        ];
        // Numbered by (code, country, name); the empty actor is none, and a repeat is the same.
        assert_eq!(
            ACTORS.store_ids(&conn, &first).unwrap(),
            [Some(3), None, Some(1), Some(2), Some(1)]
        );
        // Stored actors keep their numbers, NULL country included; new ones come after.
        let second = [
            ["IGOUNO", "", "United Nations"],
            ["ISR", "ISR", "Israel"],
            ["AZEGOV", "AZE", "Azerbaijan"],
        ];
        assert_eq!(
            ACTORS.store_ids(&conn, &second).unwrap(),
            [Some(2), Some(5), Some(4)]
        );
        let stored: i64 = conn
            .query_row(
                "SELECT count(*) FROM actor_store WHERE country IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 1);
    }

    #[test]
    fn urls_are_numbered_once_and_a_missing_one_is_none() {
        let conn = store();
        let ids = URLS
            .store_ids(
                &conn,
                &[["https://b.example/2"], [""], ["https://a.example/1"]],
            )
            .unwrap();
        assert_eq!(ids, [Some(2), None, Some(1)]);
        let again = URLS
            .store_ids(&conn, &[["https://c.example/3"], ["https://b.example/2"]])
            .unwrap();
        assert_eq!(again, [Some(3), Some(2)]);
        let stored: Vec<(i32, String)> = conn
            .prepare("SELECT url_id, url FROM url_store ORDER BY url_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored.len(), 3);
        assert_eq!(stored[2], (3, "https://c.example/3".to_string()));
    }
}
