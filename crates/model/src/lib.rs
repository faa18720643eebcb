//! Entente's vocabulary: the plain types every stage reads and writes.
//!
//! - [`Document`] is one input article; every offset in the system is a byte offset into
//!   `Document::text`, the text as it was read (after HTML extraction, before any normalisation).
//! - [`Span`] is such a byte range. Tokens, sentences, mentions, triggers and events all carry spans,
//!   never copies of positions in some normalised buffer.
//! - [`Actor`] is a resolved participant (state, person, organisation, group) with its CAMEO-style code;
//!   a [`Mention`] is an actor seen at a span.
//! - [`Event`] is one coded event with full provenance; [`Relation`] is a stated, stative relation.
//! - [`Diagnostic`] is what a stage reports instead of failing.
//!
//! Codes are validated newtypes ([`CameoCode`], [`CountryCode`], [`Sector`]) so a bad code is caught where
//! it is read, not where it is used. This crate does no I/O and knows no file format; its serde
//! derives define the public JSON field names of `entente code` and `entente relations`.

mod aggregate;
mod codes;
mod date;
mod diagnostic;
mod document;
mod event;

pub use aggregate::{DyadDay, DyadTotal};
pub use codes::{ActorCode, CameoCode, CodeError, CountryCode, QuadClass, Sector};
pub use date::{DateError, EventDate};
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, Sentence, Span, Token, TokenKind};
pub use event::{
    Actor, Event, EventActor, LocatedBy, Location, Mention, Modality, Precision, Relation,
    RelationFacet, RelationKind, Resolution, Trigger, Via,
};
