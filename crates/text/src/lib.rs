//! Text stages. Every function here takes the document text and returns spans into it.
//!
//! - [`html::extract`] turns an HTML page into the plain text that becomes `Document::text`.
//! - [`normalize`] folds case, diacritics, quotes and dashes into a matching buffer with a
//!   byte map back to the original text.
//! - [`segment`] splits text into sentences (abbreviations, initials, quotes, bullets, headings).
//! - [`tokenize`] splits a span into tokens with byte offsets.
//! - [`dates::find_dates`] finds date expressions and resolves them against the document date.

pub mod dates;
pub mod html;
mod normalize;
mod segment;
mod tokenize;

pub use normalize::{fold, normalize, Normalized};
pub use segment::segment;
pub use tokenize::tokenize;
