//! Text renderings of analytics results: sparklines, GraphML, Graphviz DOT and CSV rows.

use crate::alerts::Alert;
use crate::balance::BalanceReport;
use crate::dyad::DyadSeries;
use crate::network::SignedNetwork;
use entente_model::EventDate;
use std::fmt::Write;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One bar per value, scaled from `lo` (▁) to `hi` (█); a missing value is a space.
pub fn sparkline(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(x) => {
                let span = if hi > lo { hi - lo } else { 1.0 };
                let level = (((x - lo) / span) * 8.0).floor().clamp(0.0, 7.0) as usize;
                BARS[level]
            }
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// GraphML with edge attributes sign, coop_ratio, events, relations, goldstein_sum, and the sign
/// parameters as graph attributes.
pub fn graphml(net: &SignedNetwork) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"sign\" for=\"edge\" attr.name=\"sign\" attr.type=\"int\"/>\n",
        "  <key id=\"coop_ratio\" for=\"edge\" attr.name=\"coop_ratio\" attr.type=\"double\"/>\n",
        "  <key id=\"events\" for=\"edge\" attr.name=\"events\" attr.type=\"long\"/>\n",
        "  <key id=\"relations\" for=\"edge\" attr.name=\"relations\" attr.type=\"long\"/>\n",
        "  <key id=\"goldstein_sum\" for=\"edge\" attr.name=\"goldstein_sum\" attr.type=\"double\"/>\n",
        "  <key id=\"neutral_band\" for=\"graph\" attr.name=\"neutral_band\" attr.type=\"double\"/>\n",
        "  <key id=\"min_evidence\" for=\"graph\" attr.name=\"min_evidence\" attr.type=\"long\"/>\n",
        "  <key id=\"relation_weight\" for=\"graph\" attr.name=\"relation_weight\" attr.type=\"double\"/>\n",
        "  <graph id=\"entente\" edgedefault=\"undirected\">\n",
    ));
    let p = &net.parameters;
    let _ = writeln!(
        out,
        "    <data key=\"neutral_band\">{}</data><data key=\"min_evidence\">{}</data><data key=\"relation_weight\">{}</data>",
        p.neutral_band, p.min_evidence, p.relation_weight
    );
    for n in &net.nodes {
        let _ = writeln!(out, "    <node id=\"{}\"/>", xml_escape(n));
    }
    for e in &net.edges {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"sign\">{}</data><data key=\"coop_ratio\">{}</data><data key=\"events\">{}</data><data key=\"relations\">{}</data><data key=\"goldstein_sum\">{}</data></edge>",
            xml_escape(&e.a), xml_escape(&e.b), e.sign, e.coop_ratio, e.events, e.relations, e.goldstein_sum
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// GEXF 1.3, Gephi's own format: the edges' sign, coop ratio, events, relations and Goldstein sum as
/// typed attributes, the parameters in the description, and the window as the time span of the
/// graph and of every edge (`timeformat="date"`, inclusive bounds), so that snapshots of several
/// windows line up on Gephi's timeline. A window without bounds gives a static graph.
pub fn gexf(net: &SignedNetwork, window: (Option<EventDate>, Option<EventDate>)) -> String {
    let span = |date: Option<EventDate>, end: bool| {
        date.map(|d| {
            let day = if end {
                crate::period::last_day_of(d)
            } else {
                d.days_since_epoch()
            };
            EventDate::from_days_since_epoch(day).to_string()
        })
    };
    let (start, end) = (span(window.0, false), span(window.1, true));
    let attribute = |name: &str, value: &Option<String>| {
        value
            .as_ref()
            .map(|v| format!(" {name}=\"{v}\""))
            .unwrap_or_default()
    };
    let spans = format!("{}{}", attribute("start", &start), attribute("end", &end));
    let mode = if spans.is_empty() {
        "mode=\"static\""
    } else {
        "mode=\"dynamic\" timeformat=\"date\""
    };
    let p = &net.parameters;
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
        "  <meta>\n    <creator>entente</creator>\n",
    ));
    let _ = writeln!(
        out,
        "    <description>signed network; neutral_band={} min_evidence={} relation_weight={}</description>\n  </meta>",
        p.neutral_band, p.min_evidence, p.relation_weight
    );
    let _ = writeln!(
        out,
        "  <graph {mode} defaultedgetype=\"undirected\"{spans}>"
    );
    out.push_str(concat!(
        "    <attributes class=\"edge\">\n",
        "      <attribute id=\"sign\" title=\"sign\" type=\"integer\"/>\n",
        "      <attribute id=\"coop_ratio\" title=\"coop_ratio\" type=\"double\"/>\n",
        "      <attribute id=\"events\" title=\"events\" type=\"long\"/>\n",
        "      <attribute id=\"relations\" title=\"relations\" type=\"long\"/>\n",
        "      <attribute id=\"goldstein_sum\" title=\"goldstein_sum\" type=\"double\"/>\n",
        "    </attributes>\n    <nodes>\n",
    ));
    for n in &net.nodes {
        let id = xml_escape(n);
        let _ = writeln!(out, "      <node id=\"{id}\" label=\"{id}\"{spans}/>");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in net.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"{spans}><attvalues><attvalue for=\"sign\" value=\"{}\"/><attvalue for=\"coop_ratio\" value=\"{}\"/><attvalue for=\"events\" value=\"{}\"/><attvalue for=\"relations\" value=\"{}\"/><attvalue for=\"goldstein_sum\" value=\"{}\"/></attvalues></edge>",
            xml_escape(&e.a),
            xml_escape(&e.b),
            e.events + e.relations,
            e.sign,
            e.coop_ratio,
            e.events,
            e.relations,
            e.goldstein_sum
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// Graphviz DOT: positive edges solid green, negative dashed red, neutral dotted grey.
pub fn dot(net: &SignedNetwork) -> String {
    let mut out = String::from("graph entente {\n");
    let p = &net.parameters;
    let _ = writeln!(
        out,
        "  // neutral_band={} min_evidence={} relation_weight={}",
        p.neutral_band, p.min_evidence, p.relation_weight
    );
    for n in &net.nodes {
        let _ = writeln!(out, "  \"{n}\";");
    }
    for e in &net.edges {
        let style = match e.sign {
            1 => "color=darkgreen",
            -1 => "color=red, style=dashed",
            _ => "color=grey, style=dotted",
        };
        let _ = writeln!(
            out,
            "  \"{}\" -- \"{}\" [{style}, label=\"{:+.2} ({})\", sign={}];",
            e.a,
            e.b,
            e.coop_ratio,
            e.evidence_units(),
            e.sign
        );
    }
    out.push_str("}\n");
    out
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// CSV of a dyad series, one row per period, with a header.
pub fn dyad_csv(series: &DyadSeries) -> String {
    let mut out = String::from(
        "a,b,period,verbal_coop,material_coop,verbal_conflict,material_conflict,goldstein_sum,goldstein_mean,coop_ratio,smoothed,net_coop_normalised,milestones,coarse,relations\n",
    );
    for p in &series.periods {
        let [vc, mc, vf, mf] = p.counts.0;
        let milestones: Vec<String> = p
            .milestones
            .iter()
            .map(|m| format!("{} {}", m.date, m.code))
            .collect();
        let _ = writeln!(
            out,
            "{},{},{},{vc},{mc},{vf},{mf},{:.4},{},{},{},{},{},{},{}",
            series.a,
            series.b,
            p.period,
            p.goldstein_sum,
            opt(p.goldstein_mean),
            opt(p.coop_ratio),
            opt(p.smoothed),
            opt(p.net_coop_normalised),
            milestones.join(";"),
            p.coarse,
            p.relations
        );
    }
    out
}

/// A fixed-width table of a dyad series with a sparkline of the smoothed coop ratio.
pub fn dyad_table(series: &DyadSeries) -> String {
    let mut out = String::new();
    let arrow = if series.directed { "→" } else { "–" };
    let smoothed: Vec<Option<f64>> = series.periods.iter().map(|p| p.smoothed).collect();
    let _ = writeln!(
        out,
        "{} {arrow} {}  by {}  smoothed coop ratio (α={}) −1 {} +1",
        series.a,
        series.b,
        series.by,
        series.alpha,
        sparkline(&smoothed, -1.0, 1.0)
    );
    let _ = writeln!(
        out,
        "{:<9} {:>5} {:>5} {:>5} {:>5} {:>8} {:>6} {:>6} {:>6} {:>7} {:>3}  milestones",
        "period",
        "vcoop",
        "mcoop",
        "vconf",
        "mconf",
        "gold_sum",
        "gold_m",
        "ratio",
        "smooth",
        "net_nrm",
        "rel"
    );
    let cell = |x: Option<f64>| x.map(|v| format!("{v:+.2}")).unwrap_or_else(|| "-".into());
    if series.periods.is_empty() {
        let _ = writeln!(
            out,
            "(no counted events or stated relations of this dyad in the window; other readings: \
             `entente events --modality all --dyad {}:{}`)",
            series.a, series.b
        );
    }
    let coarse: u64 = series.too_coarse.0.iter().sum();
    if coarse > 0 {
        let _ = writeln!(
            out,
            "({coarse} events dated only to a coarser period than a {} are in the rows marked *)",
            series.by
        );
    }
    for p in &series.periods {
        let period = if p.coarse {
            format!("{}*", p.period)
        } else {
            p.period.clone()
        };
        let [vc, mc, vf, mf] = p.counts.0;
        let milestones: Vec<String> = p
            .milestones
            .iter()
            .map(|m| format!("{} {} {}", m.date, m.code, m.label))
            .collect();
        let _ = writeln!(
            out,
            "{:<9} {vc:>5} {mc:>5} {vf:>5} {mf:>5} {:>8.2} {:>6} {:>6} {:>6} {:>7} {:>3}  {}",
            period,
            p.goldstein_sum,
            cell(p.goldstein_mean),
            cell(p.coop_ratio),
            cell(p.smoothed),
            cell(p.net_coop_normalised),
            p.relations,
            milestones.join("; ")
        );
    }
    if !series.relations.is_empty() {
        let _ = writeln!(out, "stated relations:");
        for r in &series.relations {
            let date = r
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let _ = writeln!(
                out,
                "  {date:<10} {} {} {}  [{}] {}",
                r.a, r.relation, r.b, r.doc, r.sentence
            );
        }
    }
    out
}

/// The balance report for people: figures first, then each unbalanced triangle with its evidence.
pub fn balance_table(r: &BalanceReport) -> String {
    let mut out = String::new();
    let p = &r.parameters;
    let c = &r.triads.census;
    let _ = writeln!(
        out,
        "window {}  (neutral band ±{}, min evidence {}, relation weight {})",
        r.window, p.network.neutral_band, p.network.min_evidence, p.network.relation_weight
    );
    let _ = writeln!(
        out,
        "{} actors, {} signed edges, {} neutral",
        r.nodes, r.signed_edges, r.neutral_edges
    );
    let _ = writeln!(
        out,
        "triads: +++ {}  ++- {}  +-- {}  --- {}  balanced share {}",
        c.ppp,
        c.ppm,
        c.pmm,
        c.mmm,
        fmt_opt(r.balanced_share)
    );
    let _ = writeln!(
        out,
        "walk balance (Estrada-Benzi) {}",
        fmt_opt(r.walk_balance.index)
    );
    let _ = writeln!(
        out,
        "frustration {} ({}), blocs: [{}] vs [{}]",
        r.frustration,
        r.partition.method,
        r.blocs[0].join(" "),
        r.blocs[1].join(" ")
    );
    if !r.cross_pressure.is_empty() {
        let _ = writeln!(
            out,
            "\ncross-pressure (share of an actor's partner pairs that are hostile to each other):"
        );
        for cp in r
            .cross_pressure
            .iter()
            .filter(|cp| cp.hostile_pairs > 0 || p.focus.as_deref() == Some(cp.actor.as_str()))
            .take(20)
        {
            let _ = writeln!(
                out,
                "  {:<10} {:.2}  ({}/{})",
                cp.actor, cp.score, cp.hostile_pairs, cp.partner_pairs
            );
        }
    }
    let focus = p
        .focus
        .as_deref()
        .map(|f| format!(" around {f}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\nunbalanced triangles{focus}: {}",
        r.unbalanced_triads.len()
    );
    for t in &r.unbalanced_triads {
        let signs: Vec<String> = t
            .signs
            .iter()
            .map(|(k, s)| format!("{k} {}", if *s > 0 { "+" } else { "-" }))
            .collect();
        let _ = writeln!(
            out,
            "  {} [{}]  pivot {}  ({})",
            t.actors.join("–"),
            t.kind,
            t.pivot,
            signs.join(", ")
        );
        for (edge, list) in &t.evidence {
            for e in list {
                let what = e.cameo.as_deref().or(e.relation.as_deref()).unwrap_or("");
                let date = e
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into());
                let sentence = e.sentence.as_deref().unwrap_or("(no sentence)");
                let _ = writeln!(
                    out,
                    "      {edge} {} {what} {date} {}: {}",
                    e.kind,
                    e.doc.as_deref().unwrap_or("-"),
                    sentence.trim()
                );
            }
        }
    }
    out
}

/// Alerts for people, one line each plus their evidence.
pub fn alerts_table(alerts: &[Alert]) -> String {
    let mut out = String::new();
    if alerts.is_empty() {
        out.push_str("no alerts\n");
    }
    for a in alerts {
        let _ = writeln!(
            out,
            "{} {}-{} {}: coop ratio {:+.2} vs baseline {:+.2} over {} periods ({:+.2}), {} events",
            a.period,
            a.a,
            a.b,
            a.kind,
            a.current,
            a.baseline,
            a.baseline_periods,
            a.change,
            a.events
        );
        for e in &a.evidence {
            let date = e
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let what = e.cameo.as_deref().unwrap_or("");
            let text = e.sentence.as_deref().or(e.url.as_deref()).unwrap_or("");
            let _ = writeln!(
                out,
                "    {date} {}→{} {what} {}",
                e.source,
                e.target,
                text.trim()
            );
        }
    }
    out
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gexf_carries_typed_edge_attributes_and_the_window_as_time_span() {
        let relation = |a: &str, b: &str, kind: &str| crate::StatedRelation {
            a: a.into(),
            b: b.into(),
            relation: kind.into(),
            negated: false,
            date: None,
            doc: "d".into(),
            sentence: "s".into(),
        };
        let net = crate::build_network(
            &[],
            &[
                relation("ARN", "GON", "ally"),
                relation("GON", "MOR", "rival"),
            ],
            &crate::NetworkParams {
                neutral_band: 0.1,
                min_evidence: 1,
                relation_weight: 1.0,
            },
        );
        let window = (
            EventDate::parse("2024").ok(),
            EventDate::parse("2024-06").ok(),
        );
        let xml = gexf(&net, window);
        assert!(xml.contains(r#"<graph mode="dynamic" timeformat="date" defaultedgetype="undirected" start="2024-01-01" end="2024-06-30">"#), "{xml}");
        assert!(
            xml.contains(r#"<node id="MOR" label="MOR" start="2024-01-01" end="2024-06-30"/>"#),
            "{xml}"
        );
        assert!(xml.contains(r#"source="GON" target="MOR" weight="1" start="2024-01-01" end="2024-06-30"><attvalues><attvalue for="sign" value="-1"/>"#), "{xml}");
        let whole = gexf(&net, (None, None));
        assert!(
            whole.contains(r#"<graph mode="static" defaultedgetype="undirected">"#),
            "{whole}"
        );
    }

    #[test]
    fn sparkline_scales_and_shows_gaps() {
        assert_eq!(
            sparkline(&[Some(-1.0), None, Some(0.0), Some(1.0)], -1.0, 1.0),
            "▁ ▅█"
        );
    }
}
