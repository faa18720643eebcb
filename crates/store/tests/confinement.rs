//! Every escape tried against `entente sql` (issue 21), on a real store made from a small GDELT
//! file: each is refused, nothing is written or read outside the store, and the store opens
//! afterwards with the same counts and bytes.
use entente_store::import::{self, Dataset};
use entente_store::{ConfinedStore, SqlLimits, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One GDELT 2.0 row (61 columns): the EU and Belarus.
const GDELT_ROW: &str = "881990834\t20181024\t201810\t2018\t2018.8055\tIGOEUREEC\tTHE EU\tEUR\tEEC\t\t\t\tIGO\t\t\tBLR\tBELARUS\tBLR\t\t\t\t\t\t\t\t0\t057\t057\t05\t1\t8.0\t7\t1\t7\t0.63\t0\t\t\t\t\t\t\t\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t20191024143000\thttps://example.org/eu";

/// A store with five imported events, and its path.
fn store_with_events(dir: &Path) -> PathBuf {
    let file = dir.join("events.export.CSV");
    let rows: Vec<String> = (0..5)
        .map(|i| GDELT_ROW.replacen("881990834", &format!("88199083{i}"), 1))
        .collect();
    std::fs::write(&file, rows.join("\n") + "\n").unwrap();
    let path = dir.join("s.duckdb");
    let prepared = import::prepare(Dataset::Gdelt, &[file]).unwrap();
    assert!(prepared.malformed.is_empty(), "{:?}", prepared.malformed);
    Store::open_read_write(&path)
        .unwrap()
        .load(&prepared)
        .unwrap();
    path
}

fn refusal(store: &ConfinedStore, sql: &str) -> String {
    match store.query(sql, &SqlLimits::default()) {
        Ok(output) => panic!("{sql:?} ran: {:?}", output.table.rows),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_escape_is_refused_and_the_store_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_events(dir.path());
    let counts = Store::open_read_only(&path).unwrap().counts().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "secret\n").unwrap();
    let (store_path, outside_path) = (path.display(), outside.display());
    let written = dir.path().join("written.csv");
    let exported = dir.path().join("exported");
    let store = ConfinedStore::open(&path).unwrap();
    let escapes = [
        // Writing: the store itself, any file, a whole export.
        format!("COPY (SELECT 'x') TO '{store_path}' (FORMAT CSV)"),
        format!("COPY (SELECT 'x') TO '{}' (FORMAT CSV)", written.display()),
        format!("EXPORT DATABASE '{}'", exported.display()),
        // Reading any file.
        format!("SELECT * FROM read_csv('{outside_path}')"),
        format!("SELECT * FROM read_text('{outside_path}')"),
        format!("SELECT * FROM read_blob('{outside_path}')"),
        format!("SELECT * FROM glob('{}/*')", dir.path().display()),
        // Other databases, extensions and the network.
        format!(
            "ATTACH '{}' AS other",
            dir.path().join("other.db").display()
        ),
        "INSTALL httpfs".to_string(),
        "LOAD httpfs".to_string(),
        "SELECT * FROM read_csv('https://example.org/x.csv')".to_string(),
        // Undoing the confinement.
        "SET enable_external_access = true".to_string(),
        "SELECT 1; SET enable_external_access = true".to_string(),
        // More than one statement.
        format!("SELECT 1; COPY (SELECT 'x') TO '{store_path}' (FORMAT CSV)"),
        format!(
            "SELECT 1) ; COPY (SELECT 1) TO '{}' ; SELECT * FROM (SELECT 1",
            written.display()
        ),
    ];
    for sql in &escapes {
        let message = refusal(&store, sql);
        assert!(
            message.starts_with("query refused: "),
            "{sql:?} gave {message:?}"
        );
    }
    // A path in FROM is looked up as a table name only: the file is not read.
    let by_name = store
        .query(
            &format!("SELECT * FROM '{outside_path}'"),
            &SqlLimits::default(),
        )
        .unwrap_err()
        .to_string();
    assert!(
        by_name.contains("does not exist") && !by_name.contains("secret"),
        "{by_name}"
    );
    drop(store);
    assert!(!written.exists() && !exported.exists());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let reopened = Store::open_read_only(&path).unwrap();
    assert_eq!(reopened.counts().unwrap(), counts);
    assert_eq!(counts.events, 5);
}

#[test]
fn a_query_reads_the_views_within_its_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = ConfinedStore::open(&store_with_events(dir.path())).unwrap();
    let limits = SqlLimits {
        max_rows: 3,
        ..SqlLimits::default()
    };
    let output = store
        .query(
            "SELECT external_id FROM events ORDER BY external_id DESC;",
            &limits,
        )
        .unwrap();
    assert!(output.truncated);
    let ids: Vec<String> = output
        .table
        .rows
        .iter()
        .map(|row| format!("{:?}", row[0]))
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0].contains("881990834"), "{ids:?}");
    let all = store.query("FROM events", &SqlLimits::default()).unwrap();
    assert_eq!((all.table.rows.len(), all.truncated), (5, false));
    let described = store
        .query("DESCRIBE events", &SqlLimits::default())
        .unwrap();
    assert!(described.table.rows.len() > 10);
}

#[test]
fn a_query_past_its_time_limit_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let store = ConfinedStore::open(&store_with_events(dir.path())).unwrap();
    let limits = SqlLimits {
        timeout: Duration::from_millis(200),
        ..SqlLimits::default()
    };
    let slow = "SELECT count(*) FROM range(1000000000000) a";
    let started = std::time::Instant::now();
    let err = store.query(slow, &limits).unwrap_err();
    assert!(matches!(err, StoreError::QueryTimeout { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    // The connection still answers after an interrupt.
    let again = store.query("SELECT 1", &SqlLimits::default()).unwrap();
    assert_eq!(again.table.rows.len(), 1);
}

#[test]
fn a_failing_query_is_reported_once_in_duckdbs_words_without_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = ConfinedStore::open(&store_with_events(dir.path())).unwrap();
    let err = store
        .query("SELECT no_such_column FROM events", &SqlLimits::default())
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("no_such_column"), "{message}");
    assert!(std::error::Error::source(&err).is_none());
    assert!(!message.contains("Unknown error code"), "{message}");
}

#[test]
fn non_finite_numbers_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tones.export.CSV");
    let rows = [
        GDELT_ROW.to_string(),
        GDELT_ROW
            .replacen("881990834", "881990835", 1)
            .replacen("\t0.63\t", "\tinf\t", 1),
        GDELT_ROW
            .replacen("881990834", "881990836", 1)
            .replacen("\t0.63\t", "\tNaN\t", 1),
    ];
    std::fs::write(&file, rows.join("\n") + "\n").unwrap();
    let prepared = import::prepare(Dataset::Gdelt, &[file]).unwrap();
    assert_eq!(prepared.rows, 1);
    let reasons: Vec<String> = prepared.malformed.iter().map(|m| m.to_string()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons[0].ends_with("tones.export.CSV:2: AvgTone \"inf\" is not a finite number"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("tones.export.CSV:3: AvgTone \"NaN\""),
        "{reasons:?}"
    );
}
