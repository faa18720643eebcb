//! STUB skeleton: the dictionaries helper owns this file (the coder helper owns rules.rs and cameo.rs).
//!
//! `Dictionaries` is loaded once, is immutable, and is passed explicitly to every stage.

pub mod cameo;
pub mod rules;

use std::path::Path;

pub use cameo::{CameoInfo, CameoTable};
pub use rules::RuleSet;

/// A dictionary file that failed to load: which file, which line, and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// One dictionary file's name (for error messages and the manifest) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Every dictionary, compiled. Immutable after load.
pub struct Dictionaries {
    pub rules: RuleSet,
    pub cameo: CameoTable,
    hash: String,
}

impl Dictionaries {
    /// The dictionaries shipped in the binary.
    pub fn builtin() -> Result<Self, LoadError> {
        Self::load(None)
    }

    /// The built-ins, with the files in `overrides` added to them or replacing their entries.
    pub fn load(overrides: Option<&Path>) -> Result<Self, LoadError> {
        let _ = overrides;
        Ok(Self { rules: RuleSet::default(), cameo: CameoTable::default(), hash: String::new() })
    }

    /// Hash of the whole dictionary set; every event records it.
    pub fn hash(&self) -> &str {
        &self.hash
    }
}
