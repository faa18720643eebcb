//! STUB (owned by the eval helper): scoring the coder against gold data.
