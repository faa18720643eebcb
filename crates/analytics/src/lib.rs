//! STUB (owned by the analytics helper).
