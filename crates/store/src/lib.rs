//! STUB (owned by the store helper): the only crate that knows SQL.
