//! Which store schema these queries read. A reader asks the store's version before its first query,
//! so an old or too new store fails with a message that says what to do, not a catalog error.

/// The schema version these queries are written for: the store's migrations end at it.
pub const SCHEMA_VERSION: i64 = 10;

/// The store's schema version: null when the table holds no row; an error (the table is missing)
/// for a file no entente has written.
pub const SCHEMA_VERSION_QUERY: &str = "SELECT max(version) FROM schema_version";

/// Why a store cannot be read at its schema version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaMismatch {
    /// No entente schema yet.
    Empty,
    /// Written by an older entente; a writer migrates it on opening.
    TooOld { found: i64 },
    /// Written by a newer entente.
    TooNew { found: i64 },
}

impl SchemaMismatch {
    /// What keeps a store at version `found` (`None`: no schema) from being read, if anything.
    pub fn of(found: Option<i64>) -> Option<SchemaMismatch> {
        match found {
            None => Some(SchemaMismatch::Empty),
            Some(found) if found < SCHEMA_VERSION => Some(SchemaMismatch::TooOld { found }),
            Some(found) if found > SCHEMA_VERSION => Some(SchemaMismatch::TooNew { found }),
            Some(_) => None,
        }
    }

    /// The message every reader (the CLI, the server, the Python package) gives for the store at
    /// `path`.
    pub fn message(self, path: &str) -> String {
        match self {
            SchemaMismatch::Empty => format!(
                "store {path} has no entente data yet (run `entente ingest` or `entente import` first)"
            ),
            SchemaMismatch::TooOld { found } => format!(
                "store {path} has schema version {found}, older than the {SCHEMA_VERSION} this entente reads; run `entente ingest` or `entente import` on it once to upgrade it"
            ),
            SchemaMismatch::TooNew { found } => format!(
                "store {path} has schema version {found}, newer than the {SCHEMA_VERSION} this entente supports; upgrade entente"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_version_reads() {
        assert_eq!(SchemaMismatch::of(Some(SCHEMA_VERSION)), None);
        assert_eq!(SchemaMismatch::of(None), Some(SchemaMismatch::Empty));
        assert_eq!(
            SchemaMismatch::of(Some(SCHEMA_VERSION - 1)),
            Some(SchemaMismatch::TooOld {
                found: SCHEMA_VERSION - 1
            })
        );
        assert!(SchemaMismatch::TooNew { found: 99 }
            .message("s.duckdb")
            .contains("newer than the"));
    }
}
