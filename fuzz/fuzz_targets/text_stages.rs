//! Every text stage on arbitrary bytes (read as UTF-8, lossily): HTML extraction, normalisation,
//! segmentation, tokenisation of every sentence and date finding, with the invariants of
//! `crates/text/tests/support/invariants.rs` (spans in bounds and on char boundaries, sentences
//! ordered and non-overlapping, offset map monotonic).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/text/tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    invariants::check_all(&String::from_utf8_lossy(data));
});
