//! Inputs an adversarial user could give `entente code`: a long actor-dense text without full
//! stops, a directory with symlink loops, a FIFO, a device and an endless standard input. Each
//! ends with the good input beside it still coded.
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn entente(args: &[&str], stdin: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["code", "--format", "jsonl"])
        .args(args)
        .stdin(stdin)
        .output()
        .unwrap()
}

fn documents_coded(output: &Output) -> Vec<String> {
    let mut docs: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["doc"].to_string())
        .collect();
    docs.dedup();
    docs
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_long_actor_dense_text_without_full_stops_is_coded_and_so_is_the_file_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let clause =
        "Russia condemned Ukraine and Israel attacked Hamas while Turkey praised Azerbaijan and ";
    let dense = write(&dir.path().join("dense.txt"), &clause.repeat(3000));
    let good = write(
        &dir.path().join("good.txt"),
        "Russia condemned Ukraine on Monday.",
    );
    let output = entente(&[&dense, &good], Stdio::null());
    assert!(output.status.success(), "{output:?}");
    assert_eq!(documents_coded(&output), ["\"dense.txt\"", "\"good.txt\""]);
    let events = String::from_utf8_lossy(&output.stdout).lines().count();
    // Three events a clause, less those spanning a cut.
    assert!(events > 3000 * 3 * 9 / 10, "{events}");
}

#[cfg(unix)]
#[test]
fn a_directory_with_two_symlink_loops_codes_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    write(&root.join("a.txt"), "Russia condemned Ukraine on Monday.");
    write(&root.join("sub/b.txt"), "Israel attacked Hamas on Monday.");
    std::os::unix::fs::symlink("..", root.join("sub/a")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/b")).unwrap();
    let output = entente(&[root.to_str().unwrap()], Stdio::null());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(documents_coded(&output), ["\"a.txt\"", "\"b.txt\""]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("directory already walked").count(),
        2,
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_and_a_device_are_refused_at_once_and_the_good_file_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let good = write(
        &dir.path().join("good.txt"),
        "Russia condemned Ukraine on Monday.",
    );
    let output = entente(&[fifo.to_str().unwrap(), "/dev/zero", &good], Stdio::null());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(documents_coded(&output), ["\"good.txt\""]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pipe: a FIFO, not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/dev/zero: a device, not a regular file"),
        "{stderr}"
    );
}

#[test]
fn an_endless_standard_input_stops_at_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        &dir.path().join("good.txt"),
        "Russia condemned Ukraine on Monday.",
    );
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let output = entente(&["--max-document-size", "64K", "-", &good], zero.into());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(documents_coded(&output), ["\"good.txt\""]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("-: larger than the 65536-byte document limit"),
        "{stderr}"
    );
}
