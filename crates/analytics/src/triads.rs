//! Signed triangles: the census (+++, ++−, +−−, −−−), unbalanced triangles with their pivot, and
//! each actor's cross-pressure — all from one pass over the triangles.

use crate::network::{SignedGraph, SignedNetwork};
use serde::Serialize;

/// Triangles by number of negative edges. Balanced: +++ and +−− (an even number of negatives).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TriadCensus {
    #[serde(rename = "+++")]
    pub ppp: u64,
    #[serde(rename = "++-")]
    pub ppm: u64,
    #[serde(rename = "+--")]
    pub pmm: u64,
    #[serde(rename = "---")]
    pub mmm: u64,
}

impl TriadCensus {
    pub fn balanced(&self) -> u64 {
        self.ppp + self.pmm
    }
    pub fn unbalanced(&self) -> u64 {
        self.ppm + self.mmm
    }
    /// Balanced triangles over all signed triangles; None without any.
    pub fn balanced_share(&self) -> Option<f64> {
        let total = self.balanced() + self.unbalanced();
        (total > 0).then(|| self.balanced() as f64 / total as f64)
    }
}

/// An unbalanced triangle by node indices (sorted) and its pivot node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnbalancedTriangle {
    pub nodes: [usize; 3],
    /// Network edge indices of the pairs (0,1), (0,2), (1,2).
    pub edges: [usize; 3],
    pub signs: [i8; 3],
    /// For ++−: the member holding both positive ties. For −−−: the member opposite the edge
    /// closest to turning positive (highest coop ratio), i.e. the common enemy of a pair that
    /// balance predicts should align.
    pub pivot: usize,
}

/// An actor's cross-pressure: of the pairs of its positive partners whose mutual tie is signed,
/// the share that are hostile to each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossPressure {
    pub actor: String,
    pub score: f64,
    pub hostile_pairs: u64,
    pub partner_pairs: u64,
}

/// Everything one pass over the triangles yields.
#[derive(Debug, Clone, Default)]
pub struct TriangleScan {
    pub census: TriadCensus,
    pub unbalanced: Vec<UnbalancedTriangle>,
    /// Per node: (hostile pairs, partner pairs with a signed tie).
    pub pressure: Vec<(u64, u64)>,
}

/// Scans every triangle of signed edges once (u < v < w, neighbour lists merged).
pub fn scan_triangles(g: &SignedGraph, net: &SignedNetwork) -> TriangleScan {
    let mut scan = TriangleScan {
        pressure: vec![(0, 0); g.len()],
        ..Default::default()
    };
    for u in 0..g.len() {
        let au = &g.adj[u];
        for (pos, &(v, s_uv, e_uv)) in au.iter().enumerate() {
            if v <= u {
                continue;
            }
            let av = &g.adj[v];
            let (mut i, mut j) = (pos + 1, av.partition_point(|&(n, _, _)| n <= v));
            while i < au.len() && j < av.len() {
                let (wi, s_uw, e_uw) = au[i];
                let (wj, s_vw, e_vw) = av[j];
                match wi.cmp(&wj) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let tri = ([u, v, wi], [e_uv, e_uw, e_vw], [s_uv, s_uw, s_vw]);
                        record(&mut scan, tri, net);
                        i += 1;
                        j += 1;
                    }
                }
            }
        }
    }
    scan
}

fn record(
    scan: &mut TriangleScan,
    (nodes, edges, signs): ([usize; 3], [usize; 3], [i8; 3]),
    net: &SignedNetwork,
) {
    // The node opposite each edge: (0,1) → 2, (0,2) → 1, (1,2) → 0.
    const OPPOSITE: [usize; 3] = [2, 1, 0];
    let negatives = signs.iter().filter(|&&s| s < 0).count();
    match negatives {
        0 => scan.census.ppp += 1,
        1 => scan.census.ppm += 1,
        2 => scan.census.pmm += 1,
        _ => scan.census.mmm += 1,
    }
    // Each node whose two edges are positive sees its partners' mutual tie.
    for k in 0..3 {
        let opposite_edge = OPPOSITE[k];
        let own_positive = (0..3).filter(|&e| e != opposite_edge).all(|e| signs[e] > 0);
        if own_positive {
            let p = &mut scan.pressure[nodes[k]];
            p.1 += 1;
            p.0 += u64::from(signs[opposite_edge] < 0);
        }
    }
    let pivot_edge = match negatives {
        1 => signs.iter().position(|&s| s < 0),
        3 => (0..3).max_by(|&x, &y| {
            let (ex, ey) = (&net.edges[edges[x]], &net.edges[edges[y]]);
            ex.coop_ratio
                .total_cmp(&ey.coop_ratio)
                .then(ey.evidence_units().cmp(&ex.evidence_units()))
                .then(y.cmp(&x))
        }),
        _ => None,
    };
    if let Some(e) = pivot_edge {
        scan.unbalanced.push(UnbalancedTriangle {
            nodes,
            edges,
            signs,
            pivot: nodes[OPPOSITE[e]],
        });
    }
}

/// Cross-pressure per actor with at least one pair of partners with a signed mutual tie, highest first.
pub fn cross_pressure(g: &SignedGraph, scan: &TriangleScan) -> Vec<CrossPressure> {
    let mut out: Vec<CrossPressure> = scan
        .pressure
        .iter()
        .enumerate()
        .filter(|(_, &(_, total))| total > 0)
        .map(|(i, &(hostile, total))| CrossPressure {
            actor: g.names[i].clone(),
            score: hostile as f64 / total as f64,
            hostile_pairs: hostile,
            partner_pairs: total,
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(y.hostile_pairs.cmp(&x.hostile_pairs))
            .then(x.actor.cmp(&y.actor))
    });
    out
}
