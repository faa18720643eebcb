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
fn serve_answers_over_http_logs_each_request_and_lets_entente_ingest_in() {
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
    let response = get(&addr, "/api/v1/health");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"documents\":2"), "{response}");
    let mut log = String::new();
    stderr.read_line(&mut log).unwrap();
    assert!(log.contains("\"GET /api/v1/health\" 200"), "{log}");
    assert!(log.contains("127.0.0.1:"), "the client's address: {log}");
    // Drain the log from here on, so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));

    // `entente ingest` gets in once requests stop, at once, and while clients keep asking: the server lets go of the file at
    // least every few seconds.
    let quiet = dir.path().join("quiet.txt");
    std::fs::write(&quiet, "Iran condemned Israel on 4 March 2025.").unwrap();
    let started = std::time::Instant::now();
    common::ok(common::entente(
        &store,
        &["ingest", quiet.to_str().unwrap()],
    ));
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, stop) = (addr.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut answered = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    assert!(get(&addr, "/api/v1/events?limit=5").starts_with("HTTP/1.1 200"));
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    let extra = dir.path().join("extra.txt");
    std::fs::write(&extra, "Türkiye condemned Iran on 2 March 2025.").unwrap();
    let started = std::time::Instant::now();
    common::ok(common::entente(
        &store,
        &["ingest", extra.to_str().unwrap()],
    ));
    assert!(started.elapsed().as_secs() < 30);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        assert!(client.join().unwrap() > 0);
    }
    assert!(get(&addr, "/api/v1/health").contains("\"documents\":4"));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// One HTTP/1.1 GET, its whole response.
fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}
