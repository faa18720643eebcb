//! The balance report: census, balanced share, walk-based index, unbalanced triangles with pivots
//! and evidence, cross-pressure, blocs and frustration — one value, serialised as the public
//! `entente balance --format json` contract.

use crate::blocs::{partition, BlocParams};
use crate::input::Evidence;
use crate::network::{pair_key, NetworkParams, SignedGraph, SignedNetwork};
use crate::triads::{
    cross_pressure, scan_triangles, CrossPressure, TriadCensus, UnbalancedTriangle,
};
use crate::walk::{walk_balance, WalkBalance};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct BalanceParams {
    /// Only triangles containing this actor are listed (the census stays global).
    pub focus: Option<String>,
    /// At most this many unbalanced triangles are listed, most evidenced first.
    pub limit: usize,
    pub blocs: BlocParams,
}

impl Default for BalanceParams {
    fn default() -> Self {
        Self {
            focus: None,
            limit: 20,
            blocs: BlocParams::default(),
        }
    }
}

/// The parameters every figure depends on, printed with them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportParameters {
    #[serde(flatten)]
    pub network: NetworkParams,
    pub focus: Option<String>,
    pub limit: usize,
    pub exact_limit: usize,
    pub restarts: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriadSummary {
    pub balanced: u64,
    pub unbalanced: u64,
    #[serde(flatten)]
    pub census: TriadCensus,
}

/// One listed unbalanced triangle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnbalancedTriad {
    pub actors: [String; 3],
    /// "++-" or "---".
    pub kind: &'static str,
    /// Edge key ("A-B") → sign.
    pub signs: BTreeMap<String, i8>,
    pub pivot: String,
    /// Events plus stated relations behind the three edges.
    pub evidence_units: u64,
    /// Edge key → the stated relations and events behind it.
    pub evidence: BTreeMap<String, Vec<Evidence>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrustrationDetail {
    /// Whether the partition is proven optimal (every component small enough for exhaustive search).
    pub exact: bool,
    pub method: &'static str,
    /// frustration / signed edges.
    pub share: Option<f64>,
    /// The edges that disagree with the partition, "A-B" → sign.
    pub frustrated_edges: BTreeMap<String, i8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceReport {
    pub window: String,
    pub parameters: ReportParameters,
    pub nodes: usize,
    pub signed_edges: usize,
    pub neutral_edges: usize,
    pub triads: TriadSummary,
    pub balanced_share: Option<f64>,
    pub walk_balance: WalkBalance,
    pub unbalanced_triads: Vec<UnbalancedTriad>,
    pub cross_pressure: Vec<CrossPressure>,
    /// Two blocs; nodes without signed edges are in neither.
    pub blocs: [Vec<String>; 2],
    pub frustration: u64,
    pub partition: FrustrationDetail,
}

/// Computes the report. Listed triangles carry the network's stated-relation evidence; call
/// [`BalanceReport::add_event_evidence`] to add events from the store.
pub fn balance_report(net: &SignedNetwork, window: &str, params: &BalanceParams) -> BalanceReport {
    let g = SignedGraph::from_network(net);
    let scan = scan_triangles(&g, net);
    let focus = params
        .focus
        .as_deref()
        .and_then(|f| g.names.iter().position(|n| n == f));
    let mut listed: Vec<&UnbalancedTriangle> = scan
        .unbalanced
        .iter()
        .filter(|t| params.focus.is_none() || focus.is_some_and(|f| t.nodes.contains(&f)))
        .collect();
    let units = |t: &UnbalancedTriangle| {
        t.edges
            .iter()
            .map(|&e| net.edges[e].evidence_units())
            .sum::<u64>()
    };
    listed.sort_by(|x, y| units(y).cmp(&units(x)).then(x.nodes.cmp(&y.nodes)));
    listed.truncate(params.limit);
    let unbalanced_triads = listed
        .into_iter()
        .map(|t| describe(t, &g, net, units(t)))
        .collect();

    let part = partition(&g, &params.blocs);
    let mut blocs = [Vec::new(), Vec::new()];
    for (i, s) in part.side.iter().enumerate() {
        if let Some(s) = s {
            blocs[usize::from(*s)].push(g.names[i].clone());
        }
    }
    let signed_edges = g.edges().count();
    let frustrated_edges = part
        .frustrated
        .iter()
        .map(|&(i, j)| {
            (
                pair_key(&g.names[i], &g.names[j]),
                g.sign(i, j).unwrap_or(0),
            )
        })
        .collect();
    BalanceReport {
        window: window.to_string(),
        parameters: ReportParameters {
            network: net.parameters,
            focus: params.focus.clone(),
            limit: params.limit,
            exact_limit: params.blocs.exact_limit,
            restarts: params.blocs.restarts,
        },
        nodes: g.adj.iter().filter(|a| !a.is_empty()).count(),
        signed_edges,
        neutral_edges: net.edges.len() - signed_edges,
        triads: TriadSummary {
            balanced: scan.census.balanced(),
            unbalanced: scan.census.unbalanced(),
            census: scan.census,
        },
        balanced_share: scan.census.balanced_share(),
        walk_balance: walk_balance(&g),
        unbalanced_triads,
        cross_pressure: cross_pressure(&g, &scan),
        blocs,
        frustration: part.frustration,
        partition: FrustrationDetail {
            exact: part.exact,
            method: if part.exact {
                "exhaustive per component"
            } else {
                "multi-start local search"
            },
            share: (signed_edges > 0).then(|| part.frustration as f64 / signed_edges as f64),
            frustrated_edges,
        },
    }
}

fn describe(
    t: &UnbalancedTriangle,
    g: &SignedGraph,
    net: &SignedNetwork,
    evidence_units: u64,
) -> UnbalancedTriad {
    let mut signs = BTreeMap::new();
    let mut evidence = BTreeMap::new();
    for (&e, &s) in t.edges.iter().zip(&t.signs) {
        let edge = &net.edges[e];
        signs.insert(edge.key(), s);
        evidence.insert(edge.key(), edge.relation_evidence.clone());
    }
    UnbalancedTriad {
        actors: t.nodes.map(|i| g.names[i].clone()),
        kind: if t.signs.iter().all(|&s| s < 0) {
            "---"
        } else {
            "++-"
        },
        signs,
        pivot: g.names[t.pivot].clone(),
        evidence_units,
        evidence,
    }
}

impl BalanceReport {
    /// Appends the events behind each listed edge. `fetch` gets every distinct edge once, as (a, b)
    /// pairs in a stable order, and returns each one's events in the same order (e.g. from the
    /// store, in one batch).
    pub fn add_event_evidence<E>(
        &mut self,
        fetch: impl FnOnce(&[(String, String)]) -> Result<Vec<Vec<Evidence>>, E>,
    ) -> Result<(), E> {
        let mut edges: BTreeMap<String, (String, String)> = BTreeMap::new();
        for triad in &self.unbalanced_triads {
            let [x, y, z] = &triad.actors;
            for (a, b) in [(x, y), (x, z), (y, z)] {
                edges
                    .entry(pair_key(a, b))
                    .or_insert_with(|| (a.clone(), b.clone()));
            }
        }
        let pairs: Vec<(String, String)> = edges.values().cloned().collect();
        let fetched: BTreeMap<&String, Vec<Evidence>> = edges.keys().zip(fetch(&pairs)?).collect();
        for triad in &mut self.unbalanced_triads {
            let [x, y, z] = &triad.actors;
            for (a, b) in [(x, y), (x, z), (y, z)] {
                let key = pair_key(a, b);
                if let Some(events) = fetched.get(&key) {
                    triad
                        .evidence
                        .entry(key)
                        .or_default()
                        .extend(events.iter().cloned());
                }
            }
        }
        Ok(())
    }
}
