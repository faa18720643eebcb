//! STUB (owned by the coder helper): replace with the real implementation.
use entente_dictionaries::Dictionaries;
use entente_model::{Diagnostic, Document, Event, Mention, Relation, Sentence};

/// Events and stated relations coded from one document, plus diagnostics.
#[derive(Debug, Default)]
pub struct CoderOutput {
    pub events: Vec<Event>,
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Codes events and relations in `doc`, given its sentences and resolved mentions (in text order).
pub fn code_document(doc: &Document, sentences: &[Sentence], mentions: &[Mention], dicts: &Dictionaries) -> CoderOutput {
    let _ = (doc, sentences, mentions, dicts);
    CoderOutput::default()
}
