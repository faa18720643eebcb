//! The analytics commands on the two seed articles (examples/articles/): the relations their
//! story states must fall out of the coded data.
#![cfg(feature = "store")]

mod common;
use common::{entente, json, ok};

use serde_json::Value;
use std::path::Path;

fn seeded_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("seeds.duckdb");
    let articles = Path::new("../../examples/articles");
    ok(entente(&store, &["ingest", articles.to_str().unwrap()]));
    store
}

fn edge_sign(net: &Value, a: &str, b: &str) -> Option<i64> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    net["edges"]
        .as_array()?
        .iter()
        .find(|e| e["a"] == a && e["b"] == b)
        .and_then(|e| e["sign"].as_i64())
}

#[test]
fn seed_network_signs_follow_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let latest = json(&store, &["network", "--format", "json"]);
    assert_eq!(
        edge_sign(&latest, "AZE", "ISR"),
        Some(1),
        "AZE–ISR should be positive: {latest}"
    );
    assert_eq!(
        edge_sign(&latest, "AZE", "TUR"),
        Some(1),
        "Türkiye is Azerbaijan's staunch ally: {latest}"
    );
    // Iran is hostile to both; whether the coder sees it yet or not, it must never come out friendly.
    for other in ["AZE", "ISR"] {
        assert!(
            edge_sign(&latest, "IRN", other).is_none_or(|s| s < 0),
            "IRN–{other}: {latest}"
        );
    }
    let war = json(
        &store,
        &[
            "network", "--since", "2023-11", "--until", "2024-06", "--format", "json",
        ],
    );
    assert_eq!(
        edge_sign(&war, "ISR", "TUR"),
        Some(-1),
        "TUR–ISR negative over 2023-11..2024-06: {war}"
    );
}

#[test]
fn seed_balance_puts_azerbaijan_between_israel_and_turkiye() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let report = json(&store, &["balance", "--focus", "AZE", "--format", "json"]);
    let triads = report["unbalanced_triads"].as_array().unwrap();
    let t = triads
        .iter()
        .find(|t| t["actors"] == serde_json::json!(["AZE", "ISR", "TUR"]))
        .unwrap_or_else(|| panic!("AZE–ISR–TUR not listed as unbalanced: {report:#}"));
    assert_eq!(t["pivot"], "AZE");
    assert_eq!(t["signs"]["ISR-TUR"], -1);
    for edge in ["AZE-ISR", "AZE-TUR", "ISR-TUR"] {
        let evidence = t["evidence"][edge].as_array().unwrap();
        assert!(!evidence.is_empty(), "no evidence for {edge}");
        assert!(
            evidence
                .iter()
                .all(|e| e["sentence"].as_str().is_some_and(|s| !s.is_empty())),
            "{edge}: {evidence:?}"
        );
    }
    assert!(report["cross_pressure"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["actor"] == "AZE" && c["score"].as_f64() > Some(0.0)));
}

#[test]
fn seed_dyad_timeline_runs_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let d = json(
        &store,
        &["dyad", "AZE", "ISR", "--by", "year", "--format", "json"],
    );
    for p in d["periods"].as_array().unwrap() {
        assert!(p["period"].as_str().is_some_and(|y| y.len() == 4), "{p}");
    }
    assert!(d["too_coarse"].is_object(), "{d}");
    for format in ["table", "csv", "jsonl"] {
        ok(entente(&store, &["dyad", "AZE", "ISR", "--format", format]));
    }
    ok(entente(&store, &["alerts", "--since", "2022"]));
}
