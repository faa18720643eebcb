//! STUB (owned by the coder helper): the one declared CAMEO table (Goldstein, quad class, PLOVER).
use entente_model::{CameoCode, QuadClass};

/// What the declared table says about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    pub description: String,
    pub goldstein: f64,
    pub quad_class: QuadClass,
    pub plover: String,
    pub plover_mode: Option<String>,
}

#[derive(Debug, Default)]
pub struct CameoTable {}

impl CameoTable {
    pub fn get(&self, code: &CameoCode) -> Option<&CameoInfo> {
        let _ = code;
        None
    }
}
