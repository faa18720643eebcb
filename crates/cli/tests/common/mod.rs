//! Helpers shared by the store and analytics end-to-end tests: run the real binary on a store.
// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The shared real corpora. Paths in tests are relative to the crate directory, where cargo runs
/// them, so that a moved checkout never reads files baked in at compile time.
pub const SHARED_CORPORA: &str = "../../../shared/corpora";

/// Runs `entente --store STORE ARGS...`.
pub fn entente(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("run entente")
}

/// The standard output of a run that must succeed; the failure message shows both streams.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON a successful run prints.
pub fn json(store: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(entente(store, args))).unwrap()
}
