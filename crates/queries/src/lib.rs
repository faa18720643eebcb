//! The store's reads as SQL text, with no DuckDB linked.
//!
//! The store crate runs these queries on its own DuckDB connection; the Python package runs the
//! very same text on a connection of the `duckdb` package (so its wheel builds without DuckDB's
//! C++). Both hand the rows back as [`Cell`]s through a [`Reader`], and this crate reads them
//! into the model's types, so a figure has one query and one reading whoever runs it.
//!
//! - [`SqlBuilder`]: SQL text and its positional parameters ([`Param`]), built clause by clause.
//! - [`Reader`]: what runs a query; [`Aggregates`] (every [`Reader`] has it) holds the aggregate,
//!   evidence and lookup queries the analyses read ([`AggregateFilter`], [`StoredEvent`],
//!   [`StoredRelation`]).
//! - [`events_query`]: the event listing with its filters ([`EventFilter`]), as `entente events`,
//!   exports and Python's `Store.events` select events.
//! - [`ModalityFilter`], [`ActorKey`], the dyad keys ([`dyad_key`]) and the SQL of the `events`
//!   view's columns: the definitions the store's writes and its reads share.
//! - [`SCHEMA_VERSION`] and [`SchemaMismatch`]: which store these queries read, checked before the
//!   first query.

mod aggregate;
pub mod countries;
mod dates;
mod events;
mod lookup;
mod nodes;
mod readings;
mod schema;
mod views;

pub use aggregate::{
    read_stored_event, ActorKey, AggregateFilter, Aggregates, StoredEvent, StoredRelation,
    STORED_EVENT_COLUMNS,
};
pub use dates::{first_day, from_columns, last_day};
pub use entente_model::{DyadDay, DyadTotal};
pub use events::{events_query, push_event_filter, EventFilter, LISTING_COLUMNS};
pub use nodes::{dyad_key, dyad_key_expr, is_non_state, NON_STATE_SECTORS};
pub use readings::ModalityFilter;
pub use schema::{SchemaMismatch, SCHEMA_VERSION, SCHEMA_VERSION_QUERY};

/// A query's positional parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Int(i64),
    Float(f64),
    Text(String),
    /// A date as days since 1970-01-01; every query casts it (`CAST(? AS DATE)`).
    Date(i32),
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<i32> for Param {
    fn from(value: i32) -> Self {
        Self::Int(value.into())
    }
}

impl From<f64> for Param {
    fn from(value: f64) -> Self {
        Self::Float(value)
    }
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

/// SQL text with its positional parameters, built clause by clause.
#[derive(Debug, Default, Clone)]
pub struct SqlBuilder {
    text: String,
    params: Vec<Param>,
}

impl SqlBuilder {
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    pub fn bind(&mut self, value: impl Into<Param>) -> &mut Self {
        self.params.push(value.into());
        self
    }

    pub fn bind_str(&mut self, value: &str) -> &mut Self {
        self.bind(value.to_string())
    }

    pub fn bind_date(&mut self, days: i32) -> &mut Self {
        self.params.push(Param::Date(days));
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

/// One value of a result, in the few kinds that print unambiguously.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Cell>),
}

impl Cell {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Bool(b) => (*b).into(),
            Cell::Int(i) => (*i).into(),
            Cell::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Cell::Text(s) => s.as_str().into(),
            Cell::List(items) => items.iter().map(Cell::to_json).collect(),
        }
    }

    /// The cell as CSV and the text table print it ("" for null).
    pub fn to_plain(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::List(items) => items
                .iter()
                .map(Cell::to_plain)
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

/// Why a query's answer could not be used.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A user filter or argument is invalid (an unknown actor, a bad modality).
    #[error("{0}")]
    Invalid(String),
    /// A row did not have the shape the query asked for.
    #[error("column {column}: expected {expected}, found {found:?}")]
    Shape {
        column: usize,
        expected: &'static str,
        found: Cell,
    },
}

/// Runs a query: the store on its DuckDB connection, Python on the `duckdb` package's.
pub trait Reader {
    type Error: From<QueryError>;

    /// Every row of the query's answer, its cells in column order.
    fn rows(&self, sql: &SqlBuilder) -> Result<Vec<Vec<Cell>>, Self::Error>;

    /// Every row, read by `read`.
    fn read<T>(
        &self,
        sql: &SqlBuilder,
        read: impl Fn(Row<'_>) -> Result<T, QueryError>,
    ) -> Result<Vec<T>, Self::Error> {
        let rows = self.rows(sql)?;
        Ok(rows
            .iter()
            .map(|cells| read(Row(cells)))
            .collect::<Result<Vec<T>, QueryError>>()?)
    }
}

/// One row's cells, read by column number into the types the query promised.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a>(pub &'a [Cell]);

impl Row<'_> {
    fn cell(&self, column: usize) -> &Cell {
        self.0.get(column).unwrap_or(&Cell::Null)
    }

    fn shape<T>(&self, column: usize, expected: &'static str) -> Result<T, QueryError> {
        Err(QueryError::Shape {
            column,
            expected,
            found: self.cell(column).clone(),
        })
    }

    pub fn opt_text(&self, column: usize) -> Result<Option<String>, QueryError> {
        match self.cell(column) {
            Cell::Null => Ok(None),
            Cell::Text(s) => Ok(Some(s.clone())),
            _ => self.shape(column, "text"),
        }
    }

    pub fn text(&self, column: usize) -> Result<String, QueryError> {
        self.opt_text(column)?
            .map_or_else(|| self.shape(column, "text"), Ok)
    }

    pub fn opt_int<T: TryFrom<i64>>(&self, column: usize) -> Result<Option<T>, QueryError> {
        match self.cell(column) {
            Cell::Null => Ok(None),
            Cell::Int(i) => T::try_from(*i)
                .map(Some)
                .or_else(|_| self.shape(column, "a smaller integer")),
            _ => self.shape(column, "an integer"),
        }
    }

    pub fn int<T: TryFrom<i64>>(&self, column: usize) -> Result<T, QueryError> {
        self.opt_int(column)?
            .map_or_else(|| self.shape(column, "an integer"), Ok)
    }

    pub fn float(&self, column: usize) -> Result<f64, QueryError> {
        match self.cell(column) {
            Cell::Float(f) => Ok(*f),
            _ => self.shape(column, "a number"),
        }
    }

    pub fn boolean(&self, column: usize) -> Result<bool, QueryError> {
        match self.cell(column) {
            Cell::Bool(b) => Ok(*b),
            _ => self.shape(column, "a boolean"),
        }
    }

    /// A list of strings (NULL items dropped); NULL is the empty list.
    pub fn texts(&self, column: usize) -> Result<Vec<String>, QueryError> {
        match self.cell(column) {
            Cell::Null => Ok(Vec::new()),
            Cell::List(items) => Ok(items
                .iter()
                .filter_map(|c| match c {
                    Cell::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()),
            _ => self.shape(column, "a list"),
        }
    }

    /// An [`entente_model::EventDate`] from its two columns: days since the epoch and precision.
    pub fn date(&self, days: usize) -> Result<Option<entente_model::EventDate>, QueryError> {
        Ok(from_columns(
            self.opt_int(days)?,
            self.opt_text(days + 1)?.as_deref(),
        ))
    }
}
