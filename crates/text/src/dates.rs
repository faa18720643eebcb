//! STUB (owned by the text helper): replace with the real implementation.
use entente_model::{EventDate, Span};

/// A date expression found in the text and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Span,
    pub date: EventDate,
}

/// Finds date expressions within `span` of `text` ("on June 2", "on March 29, 2023", "in August 2022",
/// "last week", "on Thursday"), resolving relative ones against `doc_date`.
pub fn find_dates(text: &str, span: Span, doc_date: Option<EventDate>) -> Vec<DateMention> {
    let _ = (text, span, doc_date);
    Vec::new()
}
