//! STUB (owned by the dictionaries/actors helper): replace with the real implementation.
use entente_dictionaries::Dictionaries;
use entente_model::{Diagnostic, Document, EventDate, Mention, Sentence};

/// Mentions found in one document, in text order, plus diagnostics.
#[derive(Debug, Default)]
pub struct ActorOutput {
    pub mentions: Vec<Mention>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds and resolves every actor mention in `doc`. `date` is the date office holders are resolved at
/// (the document date when known).
pub fn find_actors(doc: &Document, sentences: &[Sentence], dicts: &Dictionaries, date: Option<EventDate>) -> ActorOutput {
    let _ = (doc, sentences, dicts, date);
    ActorOutput::default()
}
