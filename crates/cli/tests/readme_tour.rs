//! The README's tour runs: every command line of its `sh` blocks (the build block aside) exits 0,
//! in a fresh directory holding the repository's `examples/` and `tests/`, with `entente` on PATH.
//! The Python and Spark sections that follow the tour are run by `.ci/run` (pytest), which
//! installs the package first.
#![cfg(feature = "store")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The tour's command lines, in order, their trailing comments cut.
fn tour_lines(readme: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_block = false;
    let mut skip_block = false;
    for line in readme.lines() {
        if line == "## Python" {
            break;
        }
        if line.starts_with("```") {
            in_block = !in_block && line == "```sh";
            skip_block = false;
            continue;
        }
        if !in_block {
            continue;
        }
        // The build-and-test block runs cargo, not the tour.
        if line.starts_with("cargo ") {
            skip_block = true;
        }
        let command = line.split("  #").next().unwrap_or("").trim();
        // A server runs until stopped: tests/serve_cli.rs and the browser test start it.
        let serves = command.starts_with("entente serve");
        if !skip_block && !command.is_empty() && !serves {
            lines.push(command.to_string());
        }
    }
    lines
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn every_tour_line_exits_0() {
    let readme = std::fs::read_to_string("../../README.md").unwrap();
    let lines = tour_lines(&readme);
    assert!(lines.len() > 15, "{lines:?}");
    let dir = tempfile::tempdir().unwrap();
    for part in ["examples", "tests"] {
        copy_dir(&Path::new("../..").join(part), &dir.path().join(part));
    }
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_entente"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    for line in &lines {
        let out = Command::new("sh")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("ENTENTE_STORE")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
