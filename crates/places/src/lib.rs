//! Offline geocoding: where each event happened, from nothing but the binary.
//!
//! - [`Gazetteer`]: places by name (GeoNames' countries, US states and populated places of 15,000
//!   people or more, plus hand-written territories and regions), embedded and parsed once.
//! - [`locate_events`]: gives each event of a coded document its [`Location`](entente_model::Location):
//!   a place named after a locative in its sentence ("in Istanbul") that the sentence's dependency
//!   tree attaches to the event (word order decides where there is no tree), else the story's dateline
//!   ("BEIRUT —"), else the country its parties and the kind of act tell (a statement is made at
//!   home, force lands on its target), else the one country the document is about. Ambiguous
//!   names are decided by the countries the document names, then the event's actors' countries,
//!   then population; a decision population alone made between places of similar size is reported
//!   as a diagnostic.
//! - [`Geocode`]: which events get a location (all, material ones only, none).
//! - [`named_places`]: the towns and divisions a sentence names after a locative, each decided to
//!   one place by the document's countries: the coder's places of last resort for a target.

mod attach;
mod gazetteer;
mod locate;

pub use gazetteer::{name_key, Gazetteer, GazetteerError, Place, PlaceKind};
pub use locate::{locate_events, named_places, names_a_settlement, names_the_capital, Geocode};
