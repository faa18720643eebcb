//! Users' own SQL, confined: `entente sql` and `entente serve`'s `POST /api/v1/sql`.
//!
//! A user's query may read the store's tables and views and nothing else. Four layers hold it in,
//! each enough for what it covers:
//! - the text must be exactly one query (one statement, starting SELECT, WITH, FROM, VALUES, TABLE,
//!   DESCRIBE, SHOW, SUMMARIZE, PIVOT or UNPIVOT), checked before DuckDB sees it, because the
//!   `duckdb` crate runs every statement but the last of a multi-statement text while preparing it;
//! - it runs as a subquery (`SELECT * FROM (query) LIMIT n`), which DuckDB's grammar accepts only
//!   for a query, and which stops DuckDB once the row limit is reached;
//! - the connection is read-only, with external access disabled (no file but the store is read or
//!   written: no `read_csv`, `read_text`, `glob`, `COPY`, `EXPORT`, `ATTACH`, no network), no
//!   extension installed or loaded, and the configuration locked so no `SET` can undo any of it;
//! - a watchdog interrupts the query at the time limit, and DuckDB's memory is capped.

use crate::open;
use crate::query::run_table;
use crate::{StoreError, Table};
use duckdb::Connection;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How much a user's query may return and how long it may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlLimits {
    /// Rows returned at most; a longer result is cut there and says so.
    pub max_rows: usize,
    /// The query is interrupted after this long.
    pub timeout: Duration,
}

impl Default for SqlLimits {
    fn default() -> Self {
        Self {
            max_rows: 10_000,
            timeout: Duration::from_secs(60),
        }
    }
}

/// A query's rows, and whether the row limit cut them.
#[derive(Debug)]
pub struct SqlOutput {
    pub table: Table,
    pub truncated: bool,
}

/// A store opened for users' SQL only: see the module docs for what confines it.
pub struct ConfinedStore {
    conn: Connection,
    path: PathBuf,
}

/// DuckDB's own memory cap for a confined connection (its buffers, sorts, joins and results).
pub(crate) const MEMORY_LIMIT: &str = "1GB";

/// The statements a user's SQL may start with: all of them only read.
const QUERY_KEYWORDS: &[&str] = &[
    "SELECT",
    "WITH",
    "FROM",
    "VALUES",
    "TABLE",
    "DESCRIBE",
    "SHOW",
    "SUMMARIZE",
    "PIVOT",
    "UNPIVOT",
];

impl ConfinedStore {
    /// Opens an existing store read-only, confined. Refuses a store without entente's schema or
    /// with another version, as the query commands do.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if !path.exists() {
            return Err(StoreError::Empty {
                path: path.to_path_buf(),
            });
        }
        let conn = open::connect_confined(path, MEMORY_LIMIT)?;
        crate::schema::check_readable(&conn, path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs one read-only query within `limits`.
    pub fn query(&self, sql: &str, limits: &SqlLimits) -> Result<SqlOutput, StoreError> {
        run_user_query(&self.conn, sql, limits)
    }
}

/// One user query on a confined connection: checked to be one query, wrapped in the row limit,
/// interrupted at the time limit.
pub(crate) fn run_user_query(
    conn: &Connection,
    sql: &str,
    limits: &SqlLimits,
) -> Result<SqlOutput, StoreError> {
    let query = one_query(sql)?;
    let wrapped = format!(
        "SELECT * FROM (\n{query}\n) AS user_query LIMIT {}",
        limits.max_rows.saturating_add(1)
    );
    let result = with_deadline(conn, limits.timeout, || run_table(conn, &wrapped, &[]));
    let mut table = match result {
        Ok(table) => table,
        Err(StoreError::Sql(e)) => return Err(refusal_or_failure(e)),
        Err(e) => return Err(e),
    };
    let truncated = table.rows.len() > limits.max_rows;
    table.rows.truncate(limits.max_rows);
    Ok(SqlOutput { table, truncated })
}

/// Runs `f`, which queries `conn`, interrupting DuckDB if it runs past `timeout`: a watchdog
/// thread waits for `f` to finish and interrupts the connection when it has not by then.
pub(crate) fn with_deadline<T>(
    conn: &Connection,
    timeout: Duration,
    f: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let interrupt = conn.interrupt_handle();
    let (finished, watch) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let timed_out = watch.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout);
        if timed_out {
            interrupt.interrupt();
        }
        timed_out
    });
    let result = f();
    drop(finished);
    let timed_out = watchdog.join().unwrap_or(false);
    match result {
        Err(_) if timed_out => Err(StoreError::QueryTimeout { limit: timeout }),
        other => other,
    }
}

/// DuckDB's refusals of what confinement forbids, in entente's words; other errors as they are.
fn refusal_or_failure(e: duckdb::Error) -> StoreError {
    let message = e.to_string();
    let refused = [
        "Permission Error",
        "disabled by configuration",
        "configuration has been locked",
    ]
    .iter()
    .any(|sign| message.contains(sign));
    if refused {
        // DuckDB's first line says what was refused; the rest only points into the query.
        let what = message.lines().next().unwrap_or_default();
        StoreError::QueryRefused(format!(
            "it reaches outside the store, which `entente sql` does not allow ({what})"
        ))
    } else {
        StoreError::Sql(e)
    }
}

/// The user's text as one query without its trailing `;`, or why it is not one.
///
/// Skips what DuckDB's scanner skips: '…' strings (E'…' with backslash escapes), "…" identifiers,
/// $tag$…$tag$ strings, -- and (nested) /* */ comments. Anything but whitespace and comments
/// after a `;` is a second statement.
fn one_query(sql: &str) -> Result<&str, StoreError> {
    let bytes = sql.as_bytes();
    let mut i = 0;
    let mut statement_end: Option<usize> = None;
    let mut first_word: Option<&str> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let skipped_to = match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => block_comment_end(bytes, i),
            _ => i,
        };
        if skipped_to > i {
            i = skipped_to;
            continue;
        }
        if c == b';' {
            statement_end.get_or_insert(i);
            i += 1;
            continue;
        }
        if statement_end.is_some() {
            return Err(StoreError::QueryRefused(
                "it holds more than one statement; `entente sql` runs exactly one query"
                    .to_string(),
            ));
        }
        i = match c {
            b'\'' => quoted_end(bytes, i, b'\'', escape_string_prefix(bytes, i)),
            b'"' => quoted_end(bytes, i, b'"', false),
            b'$' => dollar_quoted_end(bytes, i).unwrap_or(i + 1),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = i + bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                first_word.get_or_insert(&sql[i..end]);
                end
            }
            _ => i + 1,
        };
    }
    let first = first_word.unwrap_or("");
    if !QUERY_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(first)) {
        return Err(StoreError::QueryRefused(format!(
            "`entente sql` runs only queries ({}), and this starts with {first:?}",
            QUERY_KEYWORDS.join(", ")
        )));
    }
    Ok(&sql[..statement_end.unwrap_or(sql.len())])
}

/// Whether the quote at `quote` opens an escape string (E'…'), where a backslash escapes.
fn escape_string_prefix(bytes: &[u8], quote: usize) -> bool {
    quote > 0
        && matches!(bytes[quote - 1], b'E' | b'e')
        && (quote < 2 || !(bytes[quote - 2].is_ascii_alphanumeric() || bytes[quote - 2] == b'_'))
}

/// The end of the quoted run opening at `start` (a doubled quote stays inside); the text's end
/// when it is not closed, which DuckDB then reports.
fn quoted_end(bytes: &[u8], start: usize, quote: u8, backslash_escapes: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash_escapes => i += 2,
            c if c == quote && bytes.get(i + 1) == Some(&quote) => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The end of a `$tag$ … $tag$` string opening at `start`, if one opens there.
fn dollar_quoted_end(bytes: &[u8], start: usize) -> Option<usize> {
    let tag_len = bytes[start + 1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let tag_end = start + 1 + tag_len;
    if bytes.get(tag_end) != Some(&b'$') || bytes.get(start + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag = &bytes[start..=tag_end];
    let body = tag_end + 1;
    Some(memchr::memmem::find(&bytes[body..], tag).map_or(bytes.len(), |n| body + n + tag.len()))
}

/// The end of the (possibly nested) block comment opening at `start`.
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(sql: &str) -> String {
        one_query(sql).unwrap_err().to_string()
    }

    #[test]
    fn one_query_with_or_without_a_final_semicolon_passes() {
        assert_eq!(one_query("SELECT 1").unwrap(), "SELECT 1");
        assert_eq!(one_query("select 1 ; -- done\n").unwrap(), "select 1 ");
        assert_eq!(
            one_query("/* a /* nested */ note */ FROM events;").unwrap(),
            "/* a /* nested */ note */ FROM events"
        );
        assert!(one_query("SELECT ';' AS a, \"x;y\" FROM t WHERE s = $$;$$").is_ok());
        assert!(one_query("WITH a AS (SELECT 1) SELECT * FROM a").is_ok());
        assert!(one_query("DESCRIBE events").is_ok());
    }

    #[test]
    fn a_second_statement_is_refused_wherever_it_hides() {
        for sql in [
            "SELECT 1; COPY (SELECT 1) TO 'x.csv'",
            "SELECT 1;;SELECT 2",
            "SELECT E'\\''; COPY (SELECT 1) TO 'x'; --'",
            "SELECT $$ ' $$; INSTALL httpfs; -- '",
            "SELECT 1 /* a */; /* b */ ATTACH 'x.db'",
            "SELECT 1) ; COPY (SELECT 1) TO 'x' ; SELECT * FROM (SELECT 1",
        ] {
            assert!(refused(sql).contains("more than one statement"), "{sql}");
        }
    }

    #[test]
    fn statements_that_are_not_queries_are_refused_by_name() {
        for (sql, word) in [
            ("COPY (SELECT 'x') TO 'entente.duckdb' (FORMAT CSV)", "COPY"),
            ("EXPORT DATABASE '/tmp/out'", "EXPORT"),
            ("ATTACH '/tmp/other.db'", "ATTACH"),
            ("INSTALL httpfs", "INSTALL"),
            ("LOAD httpfs", "LOAD"),
            ("SET enable_external_access = true", "SET"),
            ("  -- only a comment\n", ""),
        ] {
            assert!(
                refused(sql).contains(&format!("this starts with {word:?}")),
                "{sql}: {}",
                refused(sql)
            );
        }
    }
}
