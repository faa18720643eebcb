//! A focal actor's unbalanced triangle carries its pivot and the evidence behind each edge,
//! stated relations included (fictional actors; the shape of the seed articles' story).

use entente_analytics::{
    balance_report, build_network, BalanceParams, DyadTotal, Evidence, NetworkParams,
    StatedRelation,
};

fn total(s: &str, t: &str, quad: u8, events: u64) -> DyadTotal {
    DyadTotal {
        source: s.into(),
        target: t.into(),
        quad_class: quad,
        events,
        weight: events as f64 * 2f64.ln(),
        goldstein_sum: 0.0,
    }
}

fn relation(a: &str, b: &str, kind: &str) -> StatedRelation {
    StatedRelation {
        a: a.into(),
        b: b.into(),
        relation: kind.into(),
        negated: false,
        date: None,
        doc: "doc1".into(),
        sentence: format!("{a} is a {kind} of {b}."),
    }
}

#[test]
fn focus_lists_the_triangle_with_pivot_and_evidence() {
    // ARN and GON cooperate; ROH is ARN's stated ally only; ROH and GON quarrel; MOR is hostile to both.
    let totals = [
        total("ARN", "GON", 2, 3),
        total("GON", "ARN", 1, 1),
        total("ROH", "GON", 3, 2),
        total("MOR", "ARN", 4, 1),
        total("MOR", "GON", 4, 2),
        total("XXX", "YYY", 1, 1),
    ];
    let relations = [
        relation("ROH", "ARN", "ally"),
        relation("MOR", "ARN", "rival"),
    ];
    let net = build_network(&totals, &relations, &NetworkParams::default());
    let params = BalanceParams {
        focus: Some("ARN".into()),
        ..BalanceParams::default()
    };
    let mut report = balance_report(&net, "all", &params);
    assert_eq!(report.unbalanced_triads.len(), 1);
    let mut fetched = Vec::new();
    report
        .add_event_evidence(|pairs| -> Result<Vec<Vec<Evidence>>, ()> {
            fetched.extend(pairs.iter().map(|(a, b)| format!("{a}-{b}")));
            Ok(vec![Vec::new(); pairs.len()])
        })
        .unwrap();
    assert_eq!(
        fetched,
        ["ARN-GON", "ARN-ROH", "GON-ROH"],
        "each edge once, in a stable order"
    );
    let t = &report.unbalanced_triads[0];
    assert_eq!(t.actors, ["ARN", "GON", "ROH"]);
    assert_eq!(t.pivot, "ARN");
    assert_eq!(t.signs["GON-ROH"], -1);
    assert_eq!(
        t.evidence["ARN-ROH"][0].sentence.as_deref(),
        Some("ROH is a ally of ARN.")
    );
    assert_eq!(report.cross_pressure[0].actor, "ARN");
    assert_eq!(report.triads.balanced, 1); // ARN-GON-MOR: + − −
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "window",
        "triads",
        "balanced_share",
        "unbalanced_triads",
        "cross_pressure",
        "blocs",
        "frustration",
        "parameters",
        "walk_balance",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["triads"]["unbalanced"], 1);
    assert_eq!(json["unbalanced_triads"][0]["signs"]["ARN-GON"], 1);
}
