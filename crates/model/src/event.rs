//! Actors, mentions, coded events and stated relations: the records users see.

use crate::{ActorCode, CameoCode, CountryCode, EventDate, QuadClass, Sector, Span};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A resolved participant: a state, a person in office, an organisation or a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// Stable dictionary id: "AZE" for a state, "person:ilham_aliyev", "org:oic", ...
    pub id: String,
    /// Canonical name: "Azerbaijan", "Ilham Aliyev", "Organisation of Islamic Cooperation".
    pub name: String,
    /// ISO 3166-1 alpha-3; for a world region or bloc, its CAMEO region code (EUR, WAF, MEA), as
    /// GDELT does; null for international and non-state actors without one.
    pub country: Option<CountryCode>,
    pub sector: Option<Sector>,
    /// CAMEO-style actor code, country first then sector ("AZEGOV", "IGOMEAOIC").
    pub code: ActorCode,
}

/// How a mention was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// The surface form is a dictionary entry (name, adjective, metonym, epithet, person).
    Dictionary,
    /// Composed from a country or adjective plus a role word ("Egyptian President").
    Role,
    /// Bound by an apposition or introduction ("Ronen Levy, Director General of ... of Israel").
    Apposition,
    /// Resolved from document context: a surname after an introduction, a pronoun, a definite description.
    Context,
    /// A proper name no dictionary knows, taken as a party because the dependency tree puts it in
    /// a role of an event ("launched an investigation into *Grameen Bank*").
    Syntax,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dictionary => "dictionary",
            Self::Role => "role",
            Self::Apposition => "apposition",
            Self::Context => "context",
            Self::Syntax => "syntax",
        }
    }
}

/// Whether the dictionaries name an actor, or it was inferred from the text around a word they
/// know: an agent word with its modifiers ("a Danish court", "Nepalese troops"), a name introduced
/// by a title or apposition ("Omar Haddad, a senior Jordanian official"), a group the text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    #[default]
    Dictionary,
    Inferred,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dictionary => "dictionary",
            Self::Inferred => "inferred",
        }
    }
}

/// An actor seen at a span of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub sentence_index: usize,
    pub span: Span,
    pub actor: Actor,
    pub via: Via,
    pub resolution: Resolution,
}

/// An event participant as printed: the mention's text and byte span, then the actor's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub actor: Actor,
    #[serde(default)]
    pub resolution: Resolution,
}

impl EventActor {
    /// Builds the printed form of a mention of `doc_text`.
    pub fn from_mention(mention: &Mention, doc_text: &str) -> Self {
        Self {
            text: mention.span.slice(doc_text).to_string(),
            start: mention.span.start,
            end: mention.span.end,
            actor: mention.actor.clone(),
            resolution: mention.resolution,
        }
    }
}

/// The word or phrase that made a rule fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Whether the event is reported as done, or only intended, threatened, demanded or supposed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    #[default]
    Actual,
    Intended,
    Threatened,
    Demanded,
    Hypothetical,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Actual => "actual",
            Self::Intended => "intended",
            Self::Threatened => "threatened",
            Self::Demanded => "demanded",
            Self::Hypothetical => "hypothetical",
        }
    }
}

/// One coded event with its provenance. Field names are the public `entente code --format jsonl` contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The input's id, or the file's base name.
    pub doc: String,
    pub sentence_index: usize,
    /// Shared by every event of the sentence: a dense sentence yields dozens of events, and a copy
    /// each would make memory grow with events times sentence length.
    pub sentence: Arc<str>,
    /// Byte offsets of the sentence in the document text.
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// Event date at the precision the text gives; the document date otherwise; else null.
    pub date: Option<EventDate>,
    pub source: EventActor,
    pub target: Option<EventActor>,
    pub cameo: CameoCode,
    pub plover: String,
    pub plover_mode: Option<String>,
    pub goldstein: f64,
    pub quad_class: QuadClass,
    /// A negated event ("refused to condemn") is printed for audit but never counted downstream.
    pub negated: bool,
    pub modality: Modality,
    pub trigger: Trigger,
    /// Id of the dictionary rule that fired.
    pub rule: String,
    /// The dependency path from the trigger to the source ("nsubj", "obl:agent", "^xcomp/nsubj");
    /// null where the role was read from word order alone.
    #[serde(default)]
    pub source_path: Option<String>,
    /// The same for the target ("obj", "obl[against]", "obj/nmod[on]/nmod[to]").
    #[serde(default)]
    pub target_path: Option<String>,
    pub confidence: f64,
    /// Hash of the dictionary set that coded this event.
    pub dictionaries: String,
    /// Where the act happened, when the text says or implies it; null otherwise (and in output
    /// written before geocoding existed).
    #[serde(default)]
    pub location: Option<Location>,
}

/// Where an event happened: a gazetteer place and the words of the text it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The words that name the place, and their byte offsets in the document text.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The gazetteer's name of the place.
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// GeoNames' first-level division code, `COUNTRY.ADMIN1` ("TR.34"), where known.
    pub adm1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Null for places the gazetteer adds by hand (the Gaza Strip, Donbas).
    pub geonames_id: Option<u64>,
    pub precision: Precision,
    pub how: LocatedBy,
}

/// How precisely a location pins the place down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    City,
    Adm1,
    Country,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Adm1 => "adm1",
            Self::Country => "country",
        }
    }
}

/// What placed an event: a place named after a locative in its sentence, the story's dateline, the
/// country of the party whose act it is (a statement is made at home, a strike lands on its
/// target), or the one country the document is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocatedBy {
    Locative,
    Dateline,
    Actor,
    Document,
}

impl LocatedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Locative => "locative",
            Self::Dateline => "dateline",
            Self::Actor => "actor",
            Self::Document => "document",
        }
    }
}

/// The kind of a stated, stative relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    Ally,
    Partner,
    Rival,
    Adversary,
    /// `a` supplies `b`.
    Supplier,
    /// `a` depends on `b`.
    Dependent,
}

impl RelationKind {
    /// Whether the relation is evidence of a positive (+1) or negative (-1) tie.
    pub fn sign(self) -> i8 {
        match self {
            Self::Ally | Self::Partner | Self::Supplier | Self::Dependent => 1,
            Self::Rival | Self::Adversary => -1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationFacet {
    Military,
    Energy,
    Trade,
    Diplomatic,
}

/// A relation the text states rather than reports as an event ("Türkiye, staunch ally of Azerbaijan").
/// Field names are the public `entente relations --format jsonl` contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub doc: String,
    pub sentence_index: usize,
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub a: EventActor,
    pub b: EventActor,
    pub relation: RelationKind,
    pub facet: Option<RelationFacet>,
    /// A stated amount, verbatim ("40 percent").
    pub quantity: Option<String>,
    pub negated: bool,
    pub date: Option<EventDate>,
    pub trigger: Trigger,
    pub rule: String,
    pub dictionaries: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_actor_prints_mention_text_offsets_and_actor_fields_flat() {
        let actor = Actor {
            id: "AZE".into(),
            name: "Azerbaijan".into(),
            country: Some(CountryCode::new("AZE").unwrap()),
            sector: None,
            code: ActorCode::new("AZE").unwrap(),
        };
        let mention = Mention {
            sentence_index: 0,
            span: Span::new(4, 8),
            actor,
            via: Via::Dictionary,
            resolution: Resolution::Dictionary,
        };
        let printed = EventActor::from_mention(&mention, "Yes Baku did");
        let json = serde_json::to_value(&printed).unwrap();
        assert_eq!(json["text"], "Baku");
        assert_eq!(json["start"], 4);
        assert_eq!(json["country"], "AZE");
        assert_eq!(json["sector"], serde_json::Value::Null);
        assert_eq!(json["code"], "AZE");
    }
}
