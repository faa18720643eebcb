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

/// One GDELT 2.0 row (61 columns): the EU and Belarus.
#[cfg(feature = "store")]
const GDELT_ROW: &str = "881990834\t20181024\t201810\t2018\t2018.8055\tIGOEUREEC\tTHE EU\tEUR\tEEC\t\t\t\tIGO\t\t\tBLR\tBELARUS\tBLR\t\t\t\t\t\t\t\t0\t057\t057\t05\t1\t8.0\t7\t1\t7\t0.63\t0\t\t\t\t\t\t\t\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t4\tMinsk\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t20191024143000\thttps://example.org/eu";

/// `entente sql` on a store imported from three GDELT rows: its escapes are refused in one clear
/// line, the store is unchanged, and the row limit is announced.
#[cfg(feature = "store")]
#[test]
fn sql_escapes_are_refused_once_in_plain_words_and_the_store_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.duckdb");
    let store_arg = store.to_str().unwrap();
    let rows: Vec<String> = (0..3)
        .map(|i| GDELT_ROW.replacen("881990834", &format!("88199083{i}"), 1))
        .collect();
    let events = write(&dir.path().join("e.export.CSV"), &(rows.join("\n") + "\n"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(["--store", store_arg])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["import", "gdelt", &events]).status.success());
    let count = || run(&["sql", "--format", "csv", "SELECT count(*) AS n FROM events"]);
    assert_eq!(String::from_utf8_lossy(&count().stdout), "n\n3\n");
    let outside = write(&dir.path().join("outside.txt"), "secret\n");
    for sql in [
        format!("COPY (SELECT 'x') TO '{store_arg}' (FORMAT CSV)"),
        format!("SELECT * FROM read_text('{outside}')"),
        "SELECT 1; INSTALL httpfs".to_string(),
    ] {
        let output = run(&["sql", &sql]);
        assert_eq!(output.status.code(), Some(1), "{sql}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("entente: error: query refused: "),
            "{stderr}"
        );
        assert!(!stderr.contains("Unknown error code"), "{stderr}");
    }
    let failed = run(&["sql", "SELECT no_such_column FROM events"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    let first_line = stderr.lines().next().unwrap_or("");
    let message = first_line.trim_start_matches("entente: error: store query failed: ");
    assert!(message.contains("no_such_column"), "{stderr}");
    assert_eq!(stderr.matches(message).count(), 1, "{stderr}");
    assert!(!stderr.contains("Unknown error code"), "{stderr}");
    let limited = run(&["sql", "--max-rows", "2", "--format", "csv", "FROM events"]);
    assert_eq!(String::from_utf8_lossy(&limited.stdout).lines().count(), 3);
    assert!(String::from_utf8_lossy(&limited.stderr).contains("output stopped at 2 rows"));
    assert_eq!(String::from_utf8_lossy(&count().stdout), "n\n3\n");
}
