//! The plain records analytics reads. The CLI converts the store's rows into these, so this crate
//! never depends on the store (or on DuckDB) and can be tested with hand-made inputs.

pub use entente_model::{DyadDay, DyadTotal};
use entente_model::{EventDate, QuadClass, RelationKind};
use serde::Serialize;

/// A relation the text states ("Türkiye, staunch ally of Azerbaijan"): evidence for a network edge.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedRelation {
    pub a: String,
    pub b: String,
    /// "ally", "partner", "supplier", "dependent", "rival" or "adversary"; others are ignored.
    pub relation: String,
    /// Negated relations ("is no ally of") are never counted.
    pub negated: bool,
    pub date: Option<EventDate>,
    pub doc: String,
    pub sentence: String,
}

impl StatedRelation {
    /// +1 for ally/partner/supplier/dependent, -1 for rival/adversary, None for unknown kinds.
    pub fn sign(&self) -> Option<i8> {
        let kind: RelationKind = relation_kind(&self.relation)?;
        Some(kind.sign())
    }
}

/// Parses a relation kind from its lower-case name without a JSON round trip.
fn relation_kind(name: &str) -> Option<RelationKind> {
    Some(match name.to_ascii_lowercase().as_str() {
        "ally" => RelationKind::Ally,
        "partner" => RelationKind::Partner,
        "rival" => RelationKind::Rival,
        "adversary" => RelationKind::Adversary,
        "supplier" => RelationKind::Supplier,
        "dependent" => RelationKind::Dependent,
        _ => return None,
    })
}

/// One piece of evidence behind an edge, as shown to the analyst: an event or a stated relation,
/// with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// "event" or "relation".
    pub kind: &'static str,
    pub sentence: Option<String>,
    pub doc: Option<String>,
    pub date: Option<EventDate>,
    /// CAMEO code for events; the relation kind ("ally") for stated relations.
    pub cameo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quad_class: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f64>,
    pub source: String,
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_sources: Option<u32>,
}

impl Evidence {
    /// The evidence record of a stated relation.
    pub fn from_relation(r: &StatedRelation) -> Self {
        Self {
            kind: "relation",
            sentence: Some(r.sentence.clone()),
            doc: Some(r.doc.clone()),
            date: r.date,
            cameo: None,
            relation: Some(r.relation.clone()),
            quad_class: None,
            goldstein: None,
            source: r.a.clone(),
            target: r.b.clone(),
            origin: None,
            url: None,
            num_sources: None,
        }
    }
}

/// The quad class of a stored number, if it is one.
pub(crate) fn quad(n: u8) -> Option<QuadClass> {
    QuadClass::from_number(n)
}
