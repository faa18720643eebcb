//! STUB (owned by the pipeline helper): replace with the real implementation.
pub mod eval;

pub use entente_actors as actors;
pub use entente_coder as coder;
pub use entente_text as text;

use entente_dictionaries::Dictionaries;
use entente_model::{Diagnostic, Document, Event, Mention, Relation, Sentence};
use std::sync::Arc;

/// Everything the stages produced for one document.
#[derive(Debug)]
pub struct DocOutput {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The stages in their fixed order, sharing one immutable dictionary set.
#[derive(Clone)]
pub struct Pipeline {
    dicts: Arc<Dictionaries>,
}

impl Pipeline {
    pub fn new(dicts: Arc<Dictionaries>) -> Self {
        Self { dicts }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// Runs every stage on one document. Never panics; problems become diagnostics.
    pub fn process(&self, doc: Document) -> DocOutput {
        let sentences = entente_text::segment(&doc.text);
        let actors = entente_actors::find_actors(&doc, &sentences, &self.dicts, doc.date);
        let coded = entente_coder::code_document(&doc, &sentences, &actors.mentions, &self.dicts);
        let mut diagnostics = actors.diagnostics;
        diagnostics.extend(coded.diagnostics);
        DocOutput { doc, sentences, mentions: actors.mentions, events: coded.events, relations: coded.relations, diagnostics }
    }
}
