//! Listing events with filters (`entente_queries::events_query`), and trusted SQL (users' goes
//! through `user_sql`).

use crate::table::{cell, Cell, Table};
use crate::{Store, StoreError};
use duckdb::types::Value;
use duckdb::{Connection, Row};
pub(crate) use entente_queries::{events_query, SqlBuilder, LISTING_COLUMNS};
use entente_queries::{
    read_stored_event, EventFilter, Param, Reader, StoredEvent, STORED_EVENT_COLUMNS,
};

/// Runs a built query ([`SqlBuilder`], shared with the reads of `entente_queries`) on a DuckDB
/// connection.
pub(crate) trait RunSql {
    fn table(&self, conn: &Connection) -> Result<Table, StoreError>;

    /// Each row read by `read`, for queries whose rows the store turns into its own types.
    fn query<T>(
        &self,
        conn: &Connection,
        read: impl FnMut(&Row<'_>) -> duckdb::Result<T>,
    ) -> Result<Vec<T>, StoreError>;
}

impl RunSql for SqlBuilder {
    fn table(&self, conn: &Connection) -> Result<Table, StoreError> {
        run_table(conn, self.text(), &duckdb_params(self))
    }

    fn query<T>(
        &self,
        conn: &Connection,
        read: impl FnMut(&Row<'_>) -> duckdb::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = conn.prepare(self.text())?;
        let rows = stmt.query_map(duckdb::params_from_iter(duckdb_params(self)), read)?;
        Ok(rows.collect::<Result<Vec<T>, _>>()?)
    }
}

/// A query's parameters as DuckDB binds them.
pub(crate) fn duckdb_params(sql: &SqlBuilder) -> Vec<Value> {
    sql.params()
        .iter()
        .map(|param| match param {
            Param::Int(i) => Value::BigInt(*i),
            Param::Float(f) => Value::Double(*f),
            Param::Text(s) => Value::Text(s.clone()),
            Param::Date(days) => Value::Date32(*days),
        })
        .collect()
}

impl Store {
    /// Deduplicated events matching `filter`, oldest first (undated last), as a table.
    pub fn events(&self, filter: &EventFilter) -> Result<Table, StoreError> {
        events_query(filter, LISTING_COLUMNS)?.table(&self.conn)
    }

    /// The same selection as [`Store::events`], as typed records.
    pub fn stored_events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        self.read(
            &events_query(filter, STORED_EVENT_COLUMNS)?,
            read_stored_event,
        )
    }

    /// Runs trusted SQL (entente's own tests and tools) on this connection, unconfined. A user's
    /// SQL goes through [`crate::ConfinedStore`] instead, which nothing can escape.
    pub fn sql(&self, query: &str) -> Result<Table, StoreError> {
        run_table(&self.conn, query, &[])
    }
}

pub(crate) fn run_table(
    conn: &Connection,
    query: &str,
    params: &[Value],
) -> Result<Table, StoreError> {
    let mut stmt = conn.prepare(query)?;
    let mut rows = stmt.query(duckdb::params_from_iter(params.iter()))?;
    let columns = rows.as_ref().map(|s| s.column_names()).unwrap_or_default();
    let mut table = Table {
        columns,
        rows: Vec::new(),
    };
    while let Some(row) = rows.next()? {
        let cells = (0..table.columns.len())
            .map(|i| row.get::<_, Value>(i).map(cell))
            .collect::<Result<Vec<Cell>, _>>()?;
        table.rows.push(cells);
    }
    Ok(table)
}
