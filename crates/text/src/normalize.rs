//! STUB (owned by the text helper): replace with the real implementation.
use std::borrow::Cow;

/// Text folded for matching, with a map from each byte of `text` to a byte of the original.
pub struct Normalized {
    pub text: String,
    /// `to_original[i]` is the original byte offset of normalised byte `i`; one extra entry maps `text.len()`.
    pub to_original: Vec<usize>,
}

/// Folds the whole text for matching; offsets map back through `to_original`.
pub fn normalize(text: &str) -> Normalized {
    Normalized { text: text.to_lowercase(), to_original: (0..=text.len()).collect() }
}

/// Folds one short string (a token or dictionary phrase) the same way `normalize` does.
pub fn fold(s: &str) -> Cow<'_, str> {
    Cow::Owned(s.to_lowercase())
}
