//! Actors stored once, in `actor_store`, and referred to by number from events.
//!
//! An actor is its (code, country, name), as an event names it. Writers collect the actors of what
//! they write and ask [`store_ids`] for their numbers, which adds the actors not stored yet.

use crate::StoreError;
use duckdb::Connection;

/// One actor as an event names it. An empty string is NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ActorNames<'a> {
    pub code: &'a str,
    pub country: &'a str,
    pub name: &'a str,
}

impl<'a> ActorNames<'a> {
    /// No actor: the missing target of an event.
    pub const NONE: ActorNames<'static> = ActorNames {
        code: "",
        country: "",
        name: "",
    };

    fn is_none(&self) -> bool {
        *self == Self::NONE
    }
}

impl<'a> From<[&'a str; 3]> for ActorNames<'a> {
    fn from([code, country, name]: [&'a str; 3]) -> Self {
        Self {
            code,
            country,
            name,
        }
    }
}

/// The store's number for each of `actors`, in order, adding those not yet stored (None for an
/// actor with nothing to store). New actors are numbered after the stored ones, in order of
/// (code, country, name), so the same writes number them the same whatever order they come in.
/// Runs within the caller's transaction.
pub(crate) fn store_ids(
    conn: &Connection,
    actors: &[ActorNames<'_>],
) -> Result<Vec<Option<i32>>, StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS batch_actors (position INTEGER, code VARCHAR, country VARCHAR, name VARCHAR);
         DELETE FROM batch_actors;",
    )?;
    {
        let mut appender = conn.appender("batch_actors")?;
        let null_if_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        for (position, actor) in actors.iter().enumerate() {
            if actor.is_none() {
                continue;
            }
            appender.append_row(duckdb::params![
                position as i64,
                null_if_empty(actor.code),
                null_if_empty(actor.country),
                null_if_empty(actor.name),
            ])?;
        }
    }
    // Set operations compare NULLs as equal, so an actor with no country is found again.
    conn.execute_batch(
        "INSERT INTO actor_store
         SELECT (SELECT coalesce(max(actor), 0) FROM actor_store)
                    + row_number() OVER (ORDER BY code, country, name), code, country, name
         FROM (SELECT code, country, name FROM batch_actors
               EXCEPT SELECT code, country, name FROM actor_store)",
    )?;
    let mut ids = vec![None; actors.len()];
    let mut stmt = conn.prepare(
        "SELECT b.position, a.actor FROM batch_actors b JOIN actor_store a
           ON a.code IS NOT DISTINCT FROM b.code AND a.country IS NOT DISTINCT FROM b.country
          AND a.name IS NOT DISTINCT FROM b.name",
    )?;
    let found = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i32>(1)?)))?;
    for pair in found {
        let (position, id) = pair?;
        if let Some(slot) = ids.get_mut(position as usize) {
            *slot = Some(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor<'a>(code: &'a str, country: &'a str, name: &'a str) -> ActorNames<'a> {
        ActorNames {
            code,
            country,
            name,
        }
    }

    #[test]
    fn actors_are_numbered_once_in_sorted_order_and_found_again() {
        let conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&conn, std::path::Path::new("memory")).unwrap();
        let first = [
            actor("USAGOV", "USA", "Washington"),
            actor("", "", ""),
            actor("AZE", "AZE", "Azerbaijan"),
            actor("IGOUNO", "", "United Nations"),
            actor("AZE", "AZE", "Azerbaijan"),
        ];
        // Numbered by (code, country, name); the empty actor is none, and a repeat is the same.
        assert_eq!(
            store_ids(&conn, &first).unwrap(),
            [Some(3), None, Some(1), Some(2), Some(1)]
        );
        // Stored actors keep their numbers, NULL country included; new ones come after.
        let second = [
            actor("IGOUNO", "", "United Nations"),
            actor("ISR", "ISR", "Israel"),
            actor("AZEGOV", "AZE", "Azerbaijan"),
        ];
        assert_eq!(
            store_ids(&conn, &second).unwrap(),
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
}
