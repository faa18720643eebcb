//! STUB (owned by the coder helper): the event and relation rule language.

/// Compiled event and relation rules.
#[derive(Debug, Default)]
pub struct RuleSet {}
