//! Balance on small hand-computed signed graphs. Each file in tests/golden/ holds an edge list
//! (`A B +`, `A B -`, or `A B coop conflict` event counts), a `== expected ==` line, and the report.
//! Re-bless after an intended change with: `BLESS=1 cargo test -p entente-analytics --test golden`.

use entente_analytics::{
    balance_report, build_network, BalanceParams, BalanceReport, DyadTotal, NetworkParams,
};
use std::fmt::Write;
use std::path::Path;

const SEPARATOR: &str = "== expected ==\n";

fn totals(edges: &str) -> Vec<DyadTotal> {
    let row = |s: &str, t: &str, quad: u8, events: u64| DyadTotal {
        source: s.into(),
        target: t.into(),
        quad_class: quad,
        events,
        weight: events as f64,
        goldstein_sum: 0.0,
    };
    let mut out = Vec::new();
    for line in edges
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            [a, b, "+"] => out.push(row(a, b, 1, 1)),
            [a, b, "-"] => out.push(row(a, b, 4, 1)),
            [a, b, coop, conflict] => {
                out.push(row(a, b, 1, coop.parse().unwrap()));
                out.push(row(a, b, 4, conflict.parse().unwrap()));
            }
            _ => panic!("bad edge line {line:?}"),
        }
    }
    out
}

fn render(r: &BalanceReport) -> String {
    let mut s = String::new();
    let c = &r.triads.census;
    let _ = writeln!(
        s,
        "census +++ {} ++- {} +-- {} --- {}",
        c.ppp, c.ppm, c.pmm, c.mmm
    );
    let _ = writeln!(
        s,
        "balanced_share {}",
        r.balanced_share.map_or("-".into(), |x| format!("{x:.4}"))
    );
    let _ = writeln!(
        s,
        "walk_balance {}",
        r.walk_balance
            .index
            .map_or("-".into(), |x| format!("{x:.5}"))
    );
    let _ = writeln!(
        s,
        "walk_balance_scaled {}",
        r.walk_balance
            .index_scaled
            .map_or("-".into(), |x| format!("{x:.5}"))
    );
    for t in &r.unbalanced_triads {
        let _ = writeln!(
            s,
            "unbalanced {} {} pivot {}",
            t.actors.join(" "),
            t.kind,
            t.pivot
        );
    }
    for p in &r.cross_pressure {
        let _ = writeln!(
            s,
            "cross_pressure {} {:.4} ({}/{})",
            p.actor, p.score, p.hostile_pairs, p.partner_pairs
        );
    }
    let _ = writeln!(
        s,
        "blocs {} | {}",
        r.blocs[0].join(" "),
        r.blocs[1].join(" ")
    );
    let _ = writeln!(
        s,
        "frustration {} exact {}",
        r.frustration, r.partition.exact
    );
    s
}

#[test]
fn golden_balance_reports() {
    let dir = Path::new("tests/golden");
    let bless = std::env::var_os("BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let (input, expected) = text.split_once(SEPARATOR).unwrap_or((&text, ""));
        let net = build_network(&totals(input), &[], &NetworkParams::default());
        let got = render(&balance_report(&net, "all", &BalanceParams::default()));
        if bless {
            std::fs::write(path, format!("{input}{SEPARATOR}{got}")).unwrap();
        } else if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(!files.is_empty());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
