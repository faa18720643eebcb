//! The signed network of a window: one undirected edge per dyad, signed by its cooperation ratio.

use crate::input::{DyadTotal, Evidence, StatedRelation};
use crate::tally::{coop_ratio, QuadCounts, Tally};
use serde::Serialize;
use std::collections::BTreeMap;

/// How edges get their sign; printed with every result so figures can be reproduced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkParams {
    /// Edges with |coop ratio| ≤ this are neutral (sign 0) and take no part in balance.
    pub neutral_band: f64,
    /// Edges with fewer evidence units (events + stated relations) are dropped.
    pub min_evidence: u64,
    /// Weight of one stated relation, added to the cooperation (ally, partner, supplier, dependent)
    /// or conflict (rival, adversary) side — comparable to one event reported by e^w − 1 sources.
    pub relation_weight: f64,
}

impl Default for NetworkParams {
    fn default() -> Self {
        Self {
            neutral_band: 0.1,
            min_evidence: 1,
            relation_weight: 1.0,
        }
    }
}

/// One undirected edge, `a < b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedEdge {
    pub a: String,
    pub b: String,
    /// +1, −1, or 0 inside the neutral band.
    pub sign: i8,
    pub coop_ratio: f64,
    /// Deduplicated events in both directions.
    pub events: u64,
    /// Stated, non-negated relations with a known sign.
    pub relations: u64,
    pub counts: QuadCounts,
    /// Event weight plus relation weight on each side.
    pub coop_weight: f64,
    pub conflict_weight: f64,
    pub goldstein_sum: f64,
    /// The stated relations behind the edge (events are fetched from the store on demand).
    #[serde(skip)]
    pub relation_evidence: Vec<Evidence>,
}

impl SignedEdge {
    /// "A-B", the key used in JSON maps.
    pub fn key(&self) -> String {
        pair_key(&self.a, &self.b)
    }
    pub fn evidence_units(&self) -> u64 {
        self.events + self.relations
    }
}

/// "A-B" with the two names in sorted order.
pub fn pair_key(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}-{b}")
    } else {
        format!("{b}-{a}")
    }
}

/// The network: nodes (sorted) and edges (sorted by `a`, `b`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedNetwork {
    pub parameters: NetworkParams,
    pub nodes: Vec<String>,
    pub edges: Vec<SignedEdge>,
}

#[derive(Default)]
struct EdgeAcc {
    tally: Tally,
    relations: u64,
    relation_coop: f64,
    relation_conflict: f64,
    evidence: Vec<Evidence>,
}

/// Builds the signed network from directed dyad totals and stated relations of one window.
/// Self-loops (an actor with itself, e.g. domestic events under country grouping) are ignored.
pub fn build_network(
    totals: &[DyadTotal],
    relations: &[StatedRelation],
    params: &NetworkParams,
) -> SignedNetwork {
    let mut acc: BTreeMap<(String, String), EdgeAcc> = BTreeMap::new();
    let ordered = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    for t in totals
        .iter()
        .filter(|t| t.source != t.target && !t.source.is_empty() && !t.target.is_empty())
    {
        acc.entry(ordered(&t.source, &t.target))
            .or_default()
            .tally
            .add(t.quad_class, t.events, t.weight, t.goldstein_sum);
    }
    for r in relations.iter().filter(|r| !r.negated && r.a != r.b) {
        let Some(sign) = r.sign() else { continue };
        let e = acc.entry(ordered(&r.a, &r.b)).or_default();
        e.relations += 1;
        if sign > 0 {
            e.relation_coop += params.relation_weight;
        } else {
            e.relation_conflict += params.relation_weight;
        }
        e.evidence.push(Evidence::from_relation(r));
    }
    let mut edges = Vec::new();
    for ((a, b), e) in acc {
        let coop = e.tally.coop_weight() + e.relation_coop;
        let conflict = e.tally.conflict_weight() + e.relation_conflict;
        let events = e.tally.events();
        let Some(ratio) = coop_ratio(coop, conflict) else {
            continue;
        };
        if events + e.relations < params.min_evidence.max(1) {
            continue;
        }
        edges.push(SignedEdge {
            a,
            b,
            sign: sign_of(ratio, params.neutral_band),
            coop_ratio: ratio,
            events,
            relations: e.relations,
            counts: QuadCounts(e.tally.counts),
            coop_weight: coop,
            conflict_weight: conflict,
            goldstein_sum: e.tally.goldstein_sum,
            relation_evidence: e.evidence,
        });
    }
    let mut nodes: Vec<String> = edges
        .iter()
        .flat_map(|e| [e.a.clone(), e.b.clone()])
        .collect();
    nodes.sort();
    nodes.dedup();
    SignedNetwork {
        parameters: *params,
        nodes,
        edges,
    }
}

/// +1 above the neutral band, −1 below it, 0 inside.
pub fn sign_of(ratio: f64, neutral_band: f64) -> i8 {
    if ratio > neutral_band {
        1
    } else if ratio < -neutral_band {
        -1
    } else {
        0
    }
}

/// The signed (non-neutral) edges as an adjacency structure over node indices, for balance.
#[derive(Debug, Clone)]
pub struct SignedGraph {
    pub names: Vec<String>,
    /// Sorted neighbours of each node with the edge sign (±1) and the edge's index in the network.
    pub adj: Vec<Vec<(usize, i8, usize)>>,
}

impl SignedGraph {
    pub fn from_network(net: &SignedNetwork) -> Self {
        let index: BTreeMap<&str, usize> = net
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut adj = vec![Vec::new(); net.nodes.len()];
        for (k, e) in net.edges.iter().enumerate().filter(|(_, e)| e.sign != 0) {
            let (i, j) = (index[e.a.as_str()], index[e.b.as_str()]);
            adj[i].push((j, e.sign, k));
            adj[j].push((i, e.sign, k));
        }
        for list in &mut adj {
            list.sort_unstable();
        }
        Self {
            names: net.nodes.clone(),
            adj,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The sign of edge i–j, if it is a signed edge.
    pub fn sign(&self, i: usize, j: usize) -> Option<i8> {
        let list = &self.adj[i];
        list.binary_search_by(|&(n, _, _)| n.cmp(&j))
            .ok()
            .map(|p| list[p].1)
    }

    /// Every signed edge once, as (i, j, sign) with i < j.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, i8)> + '_ {
        self.adj.iter().enumerate().flat_map(|(i, list)| {
            list.iter()
                .filter(move |&&(j, _, _)| j > i)
                .map(move |&(j, s, _)| (i, j, s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(s: &str, t: &str, quad: u8, events: u64) -> DyadTotal {
        DyadTotal {
            source: s.into(),
            target: t.into(),
            quad_class: quad,
            events,
            weight: events as f64,
            goldstein_sum: 0.0,
        }
    }

    #[test]
    fn edges_merge_directions_add_relations_and_respect_band_and_threshold() {
        let totals = [
            total("GON", "ARN", 1, 2),
            total("ARN", "GON", 3, 1),
            total("ARN", "ARN", 4, 9),
            total("ARN", "MOR", 4, 1),
        ];
        let rel = StatedRelation {
            a: "ROH".into(),
            b: "GON".into(),
            relation: "ally".into(),
            negated: false,
            date: None,
            doc: "d".into(),
            sentence: "Rohan, staunch ally of Gondor".into(),
        };
        let negated = StatedRelation {
            negated: true,
            relation: "rival".into(),
            ..rel.clone()
        };
        let net = build_network(
            &totals,
            &[rel, negated],
            &NetworkParams {
                neutral_band: 0.4,
                ..Default::default()
            },
        );
        let keys: Vec<_> = net.edges.iter().map(|e| (e.key(), e.sign)).collect();
        assert_eq!(
            keys,
            [
                ("ARN-GON".to_string(), 0),
                ("ARN-MOR".to_string(), -1),
                ("GON-ROH".to_string(), 1)
            ]
        );
        assert_eq!(net.edges[2].relation_evidence.len(), 1);
        let strict = build_network(
            &totals,
            &[],
            &NetworkParams {
                min_evidence: 2,
                ..Default::default()
            },
        );
        assert_eq!(strict.edges.len(), 1);
        assert_eq!(strict.edges[0].sign, 1);
    }
}
