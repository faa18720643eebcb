//! Relations analytics over event aggregates: pure computation, no SQL, no I/O.
//!
//! - [`DyadTotal`], [`DyadDay`] and [`StatedRelation`] are the plain inputs; `entente_server::analysis`
//!   converts the store's rows into them, so this crate never depends on the store.
//! - [`dyad_series`] turns a dyad's daily aggregates into a [`DyadSeries`] per [`Granularity`]:
//!   quad counts, Goldstein, cooperation ratio, its exponential smoothing, volume-normalised net
//!   cooperation and milestones.
//! - [`build_network`] makes the [`SignedNetwork`] of a window (events and stated relations,
//!   a neutral band and an evidence threshold); [`balance_report`] computes the triad census,
//!   unbalanced triangles with their pivot, cross-pressure, the walk-based balance index and the
//!   two-bloc partition with its frustration.
//! - [`detect_changes`] compares each dyad's current period with its trailing baseline ([`Alert`]).
//! - [`render`] has the text forms: sparklines, GraphML, DOT, CSV.
//!
//! Definitions and formulas: docs/ANALYTICS.md. Every output is sorted; nothing depends on hash order.

mod alerts;
mod balance;
mod blocs;
mod dyad;
mod input;
mod network;
mod period;
pub mod render;
mod tally;
mod triads;
mod walk;

pub use alerts::{detect_changes, Alert, AlertParams, PeriodTotals};
pub use balance::{
    balance_report, BalanceParams, BalanceReport, FrustrationDetail, ReportParameters,
    TriadSummary, UnbalancedTriad,
};
pub use blocs::{partition, BlocParams, Partition};
pub use dyad::{
    dyad_series, milestone_label, ActorVolumes, DyadRelation, DyadSeries, Milestone, PeriodRow,
    SeriesParams,
};
pub use input::{DyadDay, DyadTotal, Evidence, StatedRelation};
pub use network::{
    build_network, pair_key, sign_of, NetworkParams, SignedEdge, SignedGraph, SignedNetwork,
};
pub use period::{last_day_of, overlaps, trailing_months, Granularity};
pub use tally::{coop_ratio, QuadCounts, Tally};
pub use triads::{
    cross_pressure, scan_triangles, CrossPressure, TriadCensus, TriangleScan, UnbalancedTriangle,
};
pub use walk::{symmetric_eigenvalues, walk_balance, WalkBalance};
