//! One definition of an event, dates that hold and exports that open, on the seed articles
//! (examples/articles/) and a dateline story written here, through the real binary and store.
#![cfg(feature = "store")]

mod common;
use common::{entente, ok};

use std::path::{Path, PathBuf};
use std::process::Command;

fn seeded_store(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("seeds.duckdb");
    let summary = ok(entente(&store, &["ingest", "../../examples/articles"]));
    (store, summary)
}

/// The single value a one-row, one-column query returns, as CSV text.
fn scalar(store: &Path, query: &str) -> String {
    let csv = ok(entente(store, &["sql", "--format", "csv", query]));
    csv.lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn only_asserted_acts_count_and_each_trigger_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = seeded_store(dir.path());
    // Demanded and threatened sanctions (16x) stay as reports, but no sanction is counted: the
    // seeds report none, only pressure to impose them and threats.
    assert_eq!(
        scalar(&store, "SELECT count(*) FROM events WHERE cameo LIKE '16%'"),
        "0"
    );
    let readings = scalar(
        &store,
        "SELECT count(*) FROM reports WHERE cameo LIKE '16%' AND modality IN ('demanded', 'threatened')",
    );
    assert!(readings.parse::<u32>().unwrap() >= 9, "{readings}");
    assert_eq!(
        scalar(
            &store,
            "SELECT count(*) FROM reports
             WHERE counted AND sentence LIKE '%under pressure%' AND cameo LIKE '16%'"
        ),
        "0"
    );
    // The threat itself is the counted event: "declared it would halt exports" is a 1312.
    assert_eq!(
        scalar(
            &store,
            "SELECT string_agg(DISTINCT cameo, ' ') FROM events WHERE sentence LIKE 'Ankara declared%'"
        ),
        "1312"
    );
    // At most one counted event per sentence, source, target and trigger: the reverse side of a
    // visit or a meeting is marked, not counted.
    assert_eq!(
        scalar(
            &store,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM reports WHERE counted
             GROUP BY doc_key, sentence_index, source_actor, target_actor, trigger_start, trigger_end)"
        ),
        "1"
    );
    assert_eq!(
        scalar(
            &store,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM reports WHERE counted
             GROUP BY doc_key, sentence_index, trigger_start, trigger_end,
                      least(source_actor, coalesce(target_actor, '')),
                      greatest(source_actor, coalesce(target_actor, '')))"
        ),
        "1"
    );
    assert!(
        scalar(
            &store,
            "SELECT count(*) FROM reports WHERE reading = 'reverse'"
        )
        .parse::<u32>()
        .unwrap()
            > 0
    );
    // Every counted report's event is listed, and nothing else.
    assert_eq!(
        scalar(
            &store,
            "SELECT count(DISTINCT event_id) FROM reports WHERE counted"
        ),
        scalar(&store, "SELECT count(*) FROM events")
    );
    // The other readings come back on purpose.
    let all = ok(entente(
        &store,
        &[
            "events",
            "--modality",
            "all",
            "--code",
            "16",
            "--format",
            "csv",
        ],
    ));
    assert!(
        all.contains(",demanded,") && all.contains(",threatened,"),
        "{all}"
    );
    let threats = ok(entente(
        &store,
        &["events", "--modality", "threatened", "--format", "csv"],
    ));
    assert!(threats.lines().skip(1).all(|l| l.contains(",threatened,")));
    let counted = ok(entente(&store, &["events", "--format", "csv"]));
    assert!(counted.lines().skip(1).all(|l| l.contains(",actual,")));
    // The ingest summary says what was not counted and why.
    assert!(summary.contains("not counted:"), "{summary}");
    assert!(summary.contains(" reverse"), "{summary}");
    let unknown = entente(&store, &["events", "--modality", "rumoured"]);
    assert!(!unknown.status.success());
}

#[test]
fn a_dateline_dates_every_sentence_and_a_future_weekday_lies_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("delhi.txt");
    std::fs::write(
        &story,
        "NEW DELHI, October 21, 2024 — India and China reached an agreement on patrolling along \
         their disputed border.\n\nModi is expected to meet Xi on Wednesday at the BRICS summit \
         in Kazan.\n\nPakistan condemned India on Sunday.\n",
    )
    .unwrap();
    let store = dir.path().join("delhi.duckdb");
    let summary = ok(entente(&store, &["ingest", story.to_str().unwrap()]));
    assert!(!summary.contains("undated:"), "{summary}");
    let dates = ok(entente(
        &store,
        &[
            "sql",
            "--format",
            "csv",
            "SELECT DISTINCT cameo, strftime(date, '%Y-%m-%d') AS day FROM reports ORDER BY ALL",
        ],
    ));
    // 2024-10-21 was a Monday: the meeting comes on the 23rd, the condemnation came on the 20th.
    assert_eq!(
        dates,
        "cameo,day\n040,2024-10-23\n050,2024-10-21\n111,2024-10-20\n"
    );
}

#[test]
fn ingest_says_how_many_counted_events_are_undated_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("undated.txt");
    std::fs::write(&story, "Azerbaijan condemned Armenia.\n").unwrap();
    let store = dir.path().join("undated.duckdb");
    let summary = ok(entente(&store, &["ingest", story.to_str().unwrap()]));
    assert!(
        summary.contains("undated:   1 counted reports in 1 documents without a date"),
        "{summary}"
    );
}

/// A store holding day-, month- and year-dated events (the seeds) and an undated one.
fn mixed_precision_store(dir: &Path) -> PathBuf {
    let (store, _) = seeded_store(dir);
    let story = dir.join("undated.txt");
    std::fs::write(&story, "Azerbaijan condemned Armenia.\n").unwrap();
    ok(entente(&store, &["ingest", story.to_str().unwrap()]));
    let precisions = scalar(
        &store,
        "SELECT string_agg(DISTINCT coalesce(date_precision, 'none'), ' ' ORDER BY coalesce(date_precision, 'none')) FROM events",
    );
    assert_eq!(precisions, "day month none year");
    store
}

#[test]
fn parquet_export_with_undated_and_coarse_events_opens_in_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = mixed_precision_store(dir.path());
    let out = dir.path().join("parquet");
    ok(entente(
        &store,
        &["export", "--format", "parquet", out.to_str().unwrap()],
    ));
    // Never null, never a fake month: a year-dated event sits under its year.
    for period in ["period=undated", "period=2023", "period=2024-06"] {
        assert!(out.join(period).is_dir(), "{period} missing");
    }
    assert!(!out.join("period=2023-01").exists());
    let events = scalar(&store, "SELECT count(*) FROM events");
    let script = r#"
import importlib, sys
root = sys.argv[1]
readers = {
    "pandas": lambda: len(importlib.import_module("pandas").read_parquet(root)),
    "polars": lambda: importlib.import_module("polars").read_parquet(root + "/**/*.parquet", hive_partitioning=True).height,
    "pyarrow.dataset": lambda: importlib.import_module("pyarrow.dataset").dataset(root, partitioning="hive").count_rows(),
    "duckdb": lambda: importlib.import_module("duckdb").connect().execute(
        f"SELECT count(*) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true) WHERE period IS NOT NULL").fetchone()[0],
}
for name, read in readers.items():
    try:
        importlib.import_module(name.split(".")[0])
    except ImportError:
        print(name, "skipped")
        continue
    print(name, read())
"#;
    let python = Command::new("python3")
        .args(["-c", script, out.to_str().unwrap()])
        .output();
    let Ok(python) = python else {
        eprintln!("skipped: no python3 (the CI script installs the readers)");
        return;
    };
    let text = ok(python);
    for line in text.lines() {
        let (reader, rows) = line.split_once(' ').unwrap();
        if rows == "skipped" {
            eprintln!("skipped {reader}: not installed (the CI script installs it)");
            continue;
        }
        assert_eq!(
            rows, events,
            "{reader} read {rows} rows, the store has {events}"
        );
    }
}

#[test]
fn csv_export_quotes_codes_so_they_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = seeded_store(dir.path());
    let out = dir.path().join("events.csv");
    ok(entente(
        &store,
        &["export", "--format", "csv", out.to_str().unwrap()],
    ));
    let csv = std::fs::read_to_string(&out).unwrap();
    let first = ok(entente(
        &store,
        &["events", "--limit", "1", "--format", "jsonl"],
    ));
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    let (cameo, root) = (
        first["cameo"].as_str().unwrap(),
        first["cameo_root"].as_str().unwrap(),
    );
    assert!(cameo.starts_with('0'), "{first}");
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.contains(&format!(",\"{cameo}\",\"{root}\",")),
        "codes are not quoted: {row}"
    );
}

#[test]
fn the_seed_story_reads_from_dyad_network_and_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = seeded_store(dir.path());
    // AZE–ISR: events in 2023, stated relations in 2023 and 2024, listed with their evidence.
    let dyad: serde_json::Value = serde_json::from_str(&ok(entente(
        &store,
        &["dyad", "AZE", "ISR", "--by", "year", "--format", "json"],
    )))
    .unwrap();
    let rows: Vec<(String, u64, u64)> = dyad["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let counts = p["counts"].as_object().unwrap();
            (
                p["period"].as_str().unwrap().to_string(),
                counts.values().map(|n| n.as_u64().unwrap()).sum(),
                p["relations"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].0 == "2023" && rows[0].1 > 0, "{rows:?}");
    assert!(rows[1].0 == "2024" && rows[1].2 > 0, "{rows:?}");
    let kinds: Vec<&str> = dyad["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["relation"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"supplier") && kinds.contains(&"partner"),
        "{kinds:?}"
    );
    // Monthly, the events dated only to 2023 have a row of their own, marked.
    let monthly = ok(entente(&store, &["dyad", "AZE", "ISR"]));
    assert!(monthly.contains("\n2023*"), "{monthly}");
    // The README's alert example finds Türkiye and Israel turning after 7 October.
    let alerts = ok(entente(
        &store,
        &["alerts", "--by", "quarter", "--since", "2023-07"],
    ));
    assert!(alerts.contains("2023-Q4 ISR-TUR sign_flip"), "{alerts}");
    // Hamas is its own node, not Palestine; folded into PSE only on request.
    let nodes = |group: &str| -> Vec<String> {
        let net: serde_json::Value = serde_json::from_str(&ok(entente(
            &store,
            &["network", "--all", "--group", group, "--format", "json"],
        )))
        .unwrap();
        net["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    };
    assert!(nodes("country").contains(&"PSEREBHMS".to_string()));
    assert!(!nodes("state").contains(&"PSEREBHMS".to_string()));
    let gephi = ok(entente(
        &store,
        &[
            "network", "--since", "2023-10", "--until", "2024-06", "--format", "gexf",
        ],
    ));
    assert!(
        gephi.contains(
            r#"timeformat="date" defaultedgetype="undirected" start="2023-10-01" end="2024-06-30""#
        ),
        "{gephi}"
    );
    assert!(gephi.contains(r#"source="ISR" target="TUR""#), "{gephi}");
    let balance = ok(entente(&store, &["balance", "--all", "--format", "json"]));
    assert!(balance.contains("PSEREBHMS"), "{balance}");
}

#[test]
fn an_unknown_actor_is_an_error_that_names_the_closest_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = seeded_store(dir.path());
    for (args, hint) in [
        (
            &["dyad", "AZR", "ISR"][..],
            "no actor AZR; did you mean AZE (Azerbaijan)?",
        ),
        (
            &["events", "--actor", "TRK"][..],
            "no actor TRK; did you mean TUR (Türkiye)?",
        ),
        (
            &["events", "--actor", "Azerbaijan"][..],
            "no actor Azerbaijan; did you mean AZE (Azerbaijan)?",
        ),
        (&["balance", "--focus", "ZZZZZZ"][..], "no actor ZZZZZZ"),
    ] {
        let out = entente(&store, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(hint), "{args:?}: {stderr}");
    }
    // Known actors, by key or code prefix, still list quietly.
    ok(entente(&store, &["events", "--actor", "PSEREB"]));
}

#[test]
fn files_a_folder_walk_passes_over_are_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "Azerbaijan condemned Armenia.\n").unwrap();
    std::fs::write(folder.join("b.pptx"), "PK").unwrap();
    std::fs::write(folder.join("c.csv"), "a,b").unwrap();
    let store = dir.path().join("s.duckdb");
    let out = entente(&store, &["ingest", folder.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "skipped 2 files of types entente does not read (1 .csv, 1 .pptx); --verbose names them"
        ),
        "{stderr}"
    );
    let out = entente(
        &store,
        &[
            "code",
            "--verbose",
            "--format",
            "csv",
            folder.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("  {}", folder.join("b.pptx").display())),
        "{stderr}"
    );
}
