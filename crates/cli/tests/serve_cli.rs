//! `entente serve` as a user starts it: refuses an unsafe bind, and serves the store over HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn a_non_loopback_bind_without_a_token_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("--store")
        .arg(dir.path().join("s.duckdb"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("ENTENTE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0:0 without a token"),
        "{stderr}"
    );
    assert!(stderr.contains("--token-file"), "{stderr}");
}

#[test]
fn serve_answers_over_http_and_logs_each_request() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.duckdb");
    common::ok(common::entente(
        &store,
        &["ingest", "../../examples/articles"],
    ));
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "t0ken\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("--store")
        .arg(&store)
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
        .arg(&token_file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // "entente serve: http://127.0.0.1:PORT/ (store ...; writes need the token)"
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    assert!(first.contains("writes need the token"), "{first}");
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/v1/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"documents\":2"), "{response}");
    let mut log = String::new();
    stderr.read_line(&mut log).unwrap();
    assert!(log.contains("\"GET /api/v1/health\" 200"), "{log}");
    assert!(log.contains("127.0.0.1:"), "the client's address: {log}");
    child.kill().unwrap();
    child.wait().unwrap();
}
