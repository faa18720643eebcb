//! The analytics commands on the shared GDELT 2.0 and ICEWS samples (skipped when ../shared is
//! absent): every command runs, and a network edge matches the same sums computed in SQL.
#![cfg(feature = "store")]

mod common;
use common::{entente, ok, SHARED_CORPORA};

use serde_json::Value;
use std::path::Path;

#[test]
fn shared_samples_every_command_runs_and_an_edge_matches_sql() {
    let corpora = Path::new(SHARED_CORPORA);
    if !corpora.is_dir() {
        eprintln!("skipped: {SHARED_CORPORA} is absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.duckdb");
    for (dataset, file) in [
        ("gdelt", "gdelt2_export_sample/20191024143000.export.CSV"),
        ("icews", "icews_sample_2018/events.2018.sample.tab"),
    ] {
        ok(entente(
            &store,
            &["import", dataset, corpora.join(file).to_str().unwrap()],
        ));
    }
    // The busiest international dyad of the GDELT sample, and its weights computed independently.
    let sql = "SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
                      sum(CASE WHEN quad_class <= 2 THEN ln(1 + num_sources) ELSE 0 END) AS coop,
                      sum(CASE WHEN quad_class >= 3 THEN ln(1 + num_sources) ELSE 0 END) AS conflict,
                      count(*) AS n
               FROM events WHERE origin = 'gdelt' AND source_country <> target_country
               GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT 1";
    let expected: Value =
        serde_json::from_str(ok(entente(&store, &["sql", "--format", "jsonl", sql])).trim())
            .unwrap();
    let (a, b) = (
        expected["a"].as_str().unwrap(),
        expected["b"].as_str().unwrap(),
    );
    let net: Value = serde_json::from_str(&ok(entente(
        &store,
        &["network", "--all", "--origin", "gdelt", "--format", "json"],
    )))
    .unwrap();
    let edge = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["a"] == a && e["b"] == b)
        .expect("busiest edge");
    assert_eq!(edge["events"], expected["n"]);
    for (field, key) in [("coop_weight", "coop"), ("conflict_weight", "conflict")] {
        let (got, want) = (
            edge[field].as_f64().unwrap(),
            expected[key].as_f64().unwrap(),
        );
        assert!(
            (got - want).abs() < 1e-6,
            "{a}-{b} {field}: {got} vs {want}"
        );
    }
    let dyad: Value = serde_json::from_str(&ok(entente(
        &store,
        &[
            "dyad", a, b, "--origin", "gdelt", "--by", "week", "--format", "json",
        ],
    )))
    .unwrap();
    let events: u64 = dyad["periods"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["counts"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .collect::<Vec<_>>()
        })
        .sum();
    assert_eq!(Some(events), expected["n"].as_u64());
    for args in [
        vec!["balance", "--format", "json"],
        vec!["balance", "--at", "2018", "--group", "code"],
        vec!["network", "--at", "2018-06", "--format", "graphml"],
        vec!["alerts", "--since", "2018-01"],
    ] {
        ok(entente(&store, &args));
    }
}
