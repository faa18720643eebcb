//! Same aggregates in any order ⇒ byte-identical reports (no hash order, fixed search seed).

use entente_analytics::{
    balance_report, build_network, BalanceParams, BlocParams, DyadTotal, NetworkParams,
};

fn totals() -> Vec<DyadTotal> {
    let mut out = Vec::new();
    let mut x: u64 = 42;
    for i in 0..40u64 {
        for j in 0..40u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            if i != j && x >> 60 < 5 {
                out.push(DyadTotal {
                    source: format!("A{i:02}"),
                    target: format!("A{j:02}"),
                    quad_class: (x >> 40) as u8 % 4 + 1,
                    events: 1 + (x >> 50) % 5,
                    weight: 1.0,
                    goldstein_sum: 0.0,
                });
            }
        }
    }
    out
}

#[test]
fn reports_do_not_depend_on_input_order() {
    let forward = totals();
    let mut backward = forward.clone();
    backward.reverse();
    // 40 connected actors: the heuristic partition runs, not the exhaustive one.
    let params = BalanceParams {
        blocs: BlocParams {
            exact_limit: 10,
            restarts: 8,
        },
        ..BalanceParams::default()
    };
    let report = |t: &[DyadTotal]| {
        let net = build_network(t, &[], &NetworkParams::default());
        serde_json::to_string(&balance_report(&net, "w", &params)).unwrap()
    };
    let first = report(&forward);
    assert_eq!(first, report(&backward));
    assert!(first.contains("\"exact\":false"), "{first}");
}
