//! The analysts' questions, answered from the store's aggregates by the analytics crate. The dyad,
//! network, balance and alerts live in `entente_analysis` (the CLI and the Python package call them
//! too); the actor profile, which lists stored events and names, is the workbench's own. Nothing
//! here knows HTTP or arguments: inputs and outputs are plain types.

pub use entente_analysis::*;
use entente_analytics as an;
use entente_store::{Aggregates, EventFilter, Store, StoreError, Table};
use serde::Serialize;

/// One actor's profile: the workbench's actor view.
#[derive(Debug, Serialize)]
pub struct ActorProfile {
    pub actor: String,
    pub window: String,
    /// Its edges in the window's signed network, cooperative first (by coop ratio, then volume).
    pub partners: Vec<an::SignedEdge>,
    /// Its hostile edges, most hostile first.
    pub rivals: Vec<an::SignedEdge>,
    /// Its share of partner pairs that are hostile to each other, when it has such pairs.
    pub cross_pressure: Option<an::CrossPressure>,
    /// The unbalanced triangles it is in.
    pub unbalanced_triads: Vec<an::UnbalancedTriad>,
    /// Its newest events, as `entente events --actor` lists them.
    pub recent_events: Table,
    /// The words that resolved to it, with how often (names, roles, office holders).
    pub names: Table,
}

/// Profiles `actor` over a window of the signed network.
pub fn actor(
    store: &Store,
    actor: &str,
    window: &Window,
    sign: &an::NetworkParams,
    scope: &Scope,
    recent: usize,
) -> Result<ActorProfile, StoreError> {
    let actor = actor.trim().to_uppercase();
    store.check_actor(&actor)?;
    let resolved = window.resolve(store)?;
    let f = scope.filter(resolved.since, resolved.until);
    let net = network(store, &f, sign)?;
    let report = an::balance_report(
        &net,
        &resolved.label,
        &an::BalanceParams {
            focus: Some(actor.clone()),
            limit: 20,
            blocs: an::BlocParams::default(),
        },
    );
    let mut edges: Vec<an::SignedEdge> = net
        .edges
        .into_iter()
        .filter(|e| e.a == actor || e.b == actor)
        .collect();
    edges.sort_by(|x, y| {
        y.coop_ratio
            .total_cmp(&x.coop_ratio)
            .then(y.events.cmp(&x.events))
    });
    let (mut rivals, partners): (Vec<_>, Vec<_>) = edges.into_iter().partition(|e| e.sign < 0);
    rivals.reverse();
    let recent_events = store.events(&EventFilter {
        actor: Some(actor.clone()),
        modality: scope.modality,
        origin: scope.origin.clone(),
        limit: Some(recent),
        newest_first: true,
        ..EventFilter::default()
    })?;
    Ok(ActorProfile {
        cross_pressure: report.cross_pressure.into_iter().find(|c| c.actor == actor),
        unbalanced_triads: report.unbalanced_triads,
        names: store.actor_names(&actor, 50)?,
        window: resolved.label,
        actor,
        partners,
        rivals,
        recent_events,
    })
}
