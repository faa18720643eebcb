//! The analytics commands end to end on a store of hand-made GDELT rows (fictional country codes),
//! so every figure below is computed by hand, independently of the text coder.
#![cfg(feature = "store")]

mod common;
use common::{entente, json, ok};

use serde_json::Value;
use std::path::Path;

/// One GDELT 2.0 export row (61 columns) with the fields analytics reads.
fn row(id: u64, day: &str, a: &str, b: &str, cameo: &str, quad: u8, goldstein: f64) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = day.replace('-', "");
    f[2] = f[1][..6].to_string();
    f[3] = f[1][..4].to_string();
    f[4] = format!("{}.5", &f[1][..4]);
    (f[5], f[6], f[7]) = (a.into(), format!("{a} NAME"), a.into());
    (f[15], f[16], f[17]) = (b.into(), format!("{b} NAME"), b.into());
    f[25] = "1".into();
    (f[26], f[27], f[28]) = (
        cameo.into(),
        cameo[..3.min(cameo.len())].into(),
        cameo[..2].into(),
    );
    f[29] = quad.to_string();
    f[30] = format!("{goldstein:.1}");
    (f[31], f[32], f[33], f[34]) = ("1".into(), "1".into(), "1".into(), "0".into());
    f[59] = format!("{}000000", f[1]);
    f[60] = format!("https://example.org/{id}");
    f.join("\t")
}

/// ARN and GON cooperate from January to May 2024 and fall out in June; ARN and ROH cooperate;
/// ROH and GON quarrel; MOR is hostile to ARN and GON.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let mut rows = Vec::new();
    let mut id = 1000;
    let mut add = |day: &str, a: &str, b: &str, cameo: &str, quad: u8, g: f64| {
        id += 1;
        rows.push(row(id, day, a, b, cameo, quad, g));
    };
    for month in 1..=5 {
        add(&format!("2024-0{month}-03"), "ARN", "GON", "057", 1, 8.0);
        add(&format!("2024-0{month}-10"), "GON", "ARN", "061", 2, 6.0);
    }
    add("2024-02-12", "ARN", "GON", "042", 1, 1.9);
    add("2024-03-15", "GON", "ARN", "111", 3, -2.0);
    add("2024-06-04", "GON", "ARN", "163", 4, -8.0);
    add("2024-06-05", "ARN", "GON", "112", 3, -2.0);
    add("2024-06-20", "ARN", "GON", "172", 4, -5.0);
    add("2024-06-02", "ARN", "ROH", "057", 1, 8.0);
    add("2024-06-03", "ROH", "ARN", "036", 1, 4.0);
    add("2024-06-07", "ROH", "GON", "190", 4, -10.0);
    add("2024-06-08", "GON", "ROH", "112", 3, -2.0);
    add("2024-06-09", "MOR", "ARN", "190", 4, -10.0);
    add("2024-06-10", "MOR", "GON", "172", 4, -5.0);
    let path = dir.join("fixture.export.CSV");
    std::fs::write(&path, rows.join("\n") + "\n").unwrap();
    let store = dir.join("s.duckdb");
    let out = ok(entente(
        &store,
        &["import", "gdelt", path.to_str().unwrap()],
    ));
    assert!(out.starts_with("imported 21 gdelt events"), "{out}");
    store
}

#[test]
fn dyad_series_counts_ratios_and_milestones_by_month() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let d = json(
        &store,
        &["dyad", "arn", "gon", "--by", "month", "--format", "json"],
    );
    assert_eq!(
        (d["a"].as_str(), d["b"].as_str()),
        (Some("ARN"), Some("GON"))
    );
    let periods = d["periods"].as_array().unwrap();
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    );
    // March: 2 cooperation, 1 verbal conflict → (2 − 1)/3.
    let march = &periods[2];
    assert_eq!(march["counts"]["verbal_coop"], 1);
    assert_eq!(march["counts"]["material_coop"], 1);
    assert_eq!(march["counts"]["verbal_conflict"], 1);
    assert!((march["coop_ratio"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // Goldstein mean with equal weights: (8 + 6 − 2)/3.
    assert!((march["goldstein_mean"].as_f64().unwrap() - 4.0).abs() < 1e-9);
    // June: 3 conflict events only; sanctions (163) is a milestone.
    let june = &periods[5];
    assert_eq!(june["coop_ratio"].as_f64(), Some(-1.0));
    assert_eq!(june["milestones"][0]["code"], "163");
    // Smoothing with α = 0.3: 1, 1, then 0.3/3 + 0.7 = 0.8, ...
    assert!((periods[2]["smoothed"].as_f64().unwrap() - 0.8).abs() < 1e-9);
    // Directed: GON → ARN in March is 1 material coop and 1 verbal conflict.
    let directed = json(
        &store,
        &[
            "dyad",
            "GON",
            "ARN",
            "--directed",
            "--since",
            "2024-03",
            "--until",
            "2024-03",
            "--format",
            "json",
        ],
    );
    assert_eq!(directed["periods"][0]["coop_ratio"].as_f64(), Some(0.0));
    let table = ok(entente(&store, &["dyad", "ARN", "GON"]));
    assert!(
        table.contains('█') && table.contains("2024-06") && table.contains("sanctions"),
        "{table}"
    );
    let csv = ok(entente(
        &store,
        &["dyad", "ARN", "GON", "--by", "quarter", "--format", "csv"],
    ));
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn network_and_balance_find_the_unbalanced_triangle_with_its_pivot_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let net = json(&store, &["network", "--at", "2024-06", "--format", "json"]);
    let signs: Vec<(String, i64)> = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                format!("{}-{}", e["a"].as_str().unwrap(), e["b"].as_str().unwrap()),
                e["sign"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("ARN-GON", -1),
        ("ARN-MOR", -1),
        ("ARN-ROH", 1),
        ("GON-MOR", -1),
        ("GON-ROH", -1),
    ];
    assert_eq!(signs, expected.map(|(k, s)| (k.to_string(), s)));
    // Over the default window (the 12 months up to the latest event, i.e. all the fixture) ARN–GON is
    // positive: 10 + 1 cooperation events against 1 + 3 conflict.
    let b = json(&store, &["balance", "--focus", "ARN", "--format", "json"]);
    assert_eq!(b["window"], "2023-07..2024-06 (latest 12 months)");
    assert_eq!(
        json(&store, &["balance", "--all", "--format", "json"])["frustration"],
        1
    );
    let triads = b["unbalanced_triads"].as_array().unwrap();
    let t = triads
        .iter()
        .find(|t| t["actors"] == serde_json::json!(["ARN", "GON", "ROH"]))
        .expect("ARN-GON-ROH listed");
    assert_eq!(t["pivot"], "ARN");
    assert_eq!(t["signs"]["GON-ROH"], -1);
    let ev = t["evidence"]["GON-ROH"].as_array().unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0]["cameo"], "112"); // newest first
    assert_eq!(b["cross_pressure"][0]["actor"], "ARN");
    assert_eq!(b["parameters"]["neutral_band"], 0.1);
    assert!(b["walk_balance"]["index"].as_f64().unwrap() < 1.0);
    assert_eq!(b["frustration"], 1);
    // In June alone ARN–GON is hostile: ARN-GON-MOR is −−−, ARN-GON-ROH is +−− (balanced).
    let june = json(&store, &["balance", "--at", "2024-06", "--format", "json"]);
    assert_eq!(june["triads"]["---"], 1);
    assert_eq!(june["triads"]["+--"], 1);
    let graphml = ok(entente(&store, &["network", "--format", "graphml"]));
    assert!(
        graphml.contains("<edge source=\"ARN\" target=\"GON\">"),
        "{graphml}"
    );
    let dot = ok(entente(
        &store,
        &[
            "network",
            "--since",
            "2024-06",
            "--until",
            "2024-06-30",
            "--format",
            "dot",
        ],
    ));
    assert!(dot.contains("\"GON\" -- \"ROH\" [color=red"), "{dot}");
    let rows = ok(entente(&store, &["balance", "--format", "jsonl"]));
    assert!(
        rows.lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
            && rows.lines().count() >= 1
    );
    let table = ok(entente(&store, &["balance", "--focus", "ARN"]));
    assert!(table.contains("pivot ARN"), "{table}");
}

#[test]
fn alerts_flag_the_june_sign_flip_with_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture(dir.path());
    let alerts = json(
        &store,
        &["alerts", "--since", "2024-06", "--format", "json"],
    );
    let list = alerts.as_array().unwrap();
    assert_eq!(list.len(), 1, "{alerts}");
    let a = &list[0];
    assert_eq!(
        (a["a"].as_str(), a["b"].as_str(), a["kind"].as_str()),
        (Some("ARN"), Some("GON"), Some("sign_flip"))
    );
    assert_eq!(a["period"], "2024-06");
    assert_eq!(a["current"].as_f64(), Some(-1.0));
    // Baseline: mean of Jan..May ratios 1, 1, 1/3, 1, 1.
    assert!((a["baseline"].as_f64().unwrap() - (4.0 + 1.0 / 3.0) / 5.0).abs() < 1e-9);
    assert_eq!(a["evidence"].as_array().unwrap().len(), 3);
    let table = ok(entente(&store, &["alerts", "--since", "2024-06"]));
    assert!(table.contains("ARN-GON sign_flip"), "{table}");
}
