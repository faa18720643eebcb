//! STUB (owned by the text helper): replace with the real implementation.
use entente_model::Sentence;

/// Splits the document text into sentences with byte spans and paragraph indices.
pub fn segment(text: &str) -> Vec<Sentence> {
    let _ = text;
    Vec::new()
}
