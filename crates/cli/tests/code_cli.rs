//! End-to-end tests of `entente code`, `entente actors` and `entente relations`: the real binary on
//! real files in a temporary directory.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn examples() -> PathBuf {
    Path::new("../../examples/articles").to_path_buf()
}

fn seed_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn jsonl(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn slice(text: &str, value: &Value, start: &str, end: &str) -> String {
    let (s, e) = (
        value[start].as_u64().unwrap() as usize,
        value[end].as_u64().unwrap() as usize,
    );
    text.get(s..e)
        .unwrap_or_else(|| panic!("{s}..{e} is not a char range of the document"))
        .to_string()
}

#[test]
fn seed_events_have_the_contract_shape_and_offsets_slice_the_original_files() {
    let dir = examples();
    let out = entente(&["code", "--format", "jsonl", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = jsonl(&out);
    assert!(
        events.len() >= 10,
        "the seeds should yield events, got {}",
        events.len()
    );
    let texts: Vec<(String, String)> = seed_files()
        .iter()
        .map(|p| {
            let meta: Value = serde_json::from_str(
                &std::fs::read_to_string(p.with_extension("meta.json")).unwrap(),
            )
            .unwrap();
            (
                meta["id"].as_str().unwrap().to_string(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    for event in &events {
        let text = &texts
            .iter()
            .find(|(id, _)| event["doc"] == id.as_str())
            .expect("doc id from the sidecar")
            .1;
        assert_eq!(
            slice(text, event, "sentence_start", "sentence_end"),
            event["sentence"].as_str().unwrap()
        );
        assert_eq!(
            slice(text, &event["trigger"], "start", "end"),
            event["trigger"]["text"].as_str().unwrap()
        );
        assert_eq!(
            slice(text, &event["source"], "start", "end"),
            event["source"]["text"].as_str().unwrap()
        );
        if !event["target"].is_null() {
            assert_eq!(
                slice(text, &event["target"], "start", "end"),
                event["target"]["text"].as_str().unwrap()
            );
        }
        for field in [
            "cameo",
            "plover",
            "goldstein",
            "quad_class",
            "negated",
            "modality",
            "rule",
            "confidence",
        ] {
            assert!(!event[field].is_null(), "{field} is null in {event}");
        }
        let confidence = event["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert!(event["source"]["code"].is_string() && event["source"]["id"].is_string());
    }
}

#[test]
fn two_runs_print_byte_identical_output() {
    let dir = examples();
    let first = entente(&["code", "--format", "jsonl", dir.to_str().unwrap()]);
    let second = entente(&["code", "--format", "jsonl", dir.to_str().unwrap()]);
    assert_eq!(first.stdout, second.stdout);
    let csv_a = entente(&["code", "--format", "csv", dir.to_str().unwrap()]);
    let csv_b = entente(&["code", "--format", "csv", dir.to_str().unwrap()]);
    assert_eq!(csv_a.stdout, csv_b.stdout);
}

#[test]
fn a_jsonl_document_keeps_its_id_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let doc = serde_json::json!({
        "id": "wire-42", "date": "2024-06-10",
        "text": "Azerbaijani President Ilham Aliyev met with Egyptian President Abdel Fattah al-Sisi in Cairo on June 8."
    });
    std::fs::write(&path, format!("{doc}\n")).unwrap();
    let out = entente(&["code", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(out.status.success());
    let events = jsonl(&out);
    assert!(
        !events.is_empty(),
        "a meeting between two presidents is an event"
    );
    assert!(events.iter().all(|e| e["doc"] == "wire-42"));
    assert!(
        events.iter().any(|e| e["date"] == "2024-06-08"),
        "{events:?}"
    );
}

#[test]
fn a_binary_file_is_reported_and_the_good_file_is_still_coded() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "Turkey condemned Israel on Monday. Russia attacked Ukraine.",
    )
    .unwrap();
    let bad = dir.path().join("bad.bin.txt");
    std::fs::write(&bad, [0x7f, b'E', b'L', b'F', 0, 1, 2, 0xff]).unwrap();
    let out = entente(&[
        "code",
        "--format",
        "jsonl",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable input gives exit status 2"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.bin.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    let events = jsonl(&out);
    assert!(
        events.iter().any(|e| e["doc"] == "good.txt"),
        "the good file's events still appear"
    );
}

#[test]
fn an_empty_file_yields_no_events_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = entente(&["code", "--format", "jsonl", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_exit_one_and_help_documents_the_exit_codes() {
    assert_eq!(entente(&["code"]).status.code(), Some(1));
    assert_eq!(
        entente(&["code", "--format", "xml", "x.txt"]).status.code(),
        Some(1)
    );
    assert_eq!(
        entente(&["code", "--date", "June", "x.txt"]).status.code(),
        Some(1)
    );
    let help = entente(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Exit status") && text.contains("2  some input could not be read"),
        "{text}"
    );
}

/// Ambiguous place names are reported, never decided silently (issue 20): "Valencia" with nothing
/// in the story to choose a country is Venezuela's by population, and stderr says so by its code.
#[test]
fn a_place_chosen_by_population_alone_is_reported_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("valencia.txt");
    std::fs::write(
        &story,
        "Protesters attacked the police in Valencia on Sunday.",
    )
    .unwrap();
    let out = entente(&["code", "--format", "jsonl", story.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let events = jsonl(&out);
    let attacked = events
        .iter()
        .find(|e| e["trigger"]["text"] == "attacked")
        .expect("the attack");
    assert_eq!(attacked["location"]["country"], "VEN");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("valencia.txt: warning: \"Valencia\" read as Valencia (VEN")
            && stderr.contains("(location.ambiguous)"),
        "{stderr}"
    );
}

#[test]
fn places_a_user_adds_with_dictionaries_locate_events_and_a_bad_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("camp.txt");
    std::fs::write(
        &story,
        "Libyan troops attacked rebels in Kufra Camp on Monday.",
    )
    .unwrap();
    let extra = dir.path().join("dictionaries");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(
        extra.join("camps.places.tsv"),
        "# Camps the built-in gazetteer lacks\n\
         geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames\n\
         \tcity\tKufra Oasis Camp\tLBY\t\t24.2\t23.3\t5000\tKufra Camp\n",
    )
    .unwrap();
    let attack = |args: &[&str]| {
        let out = entente(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jsonl(&out)
            .into_iter()
            .find(|e| e["trigger"]["text"] == "attacked")
            .expect("the attack")
    };
    let built_in = attack(&["code", "--format", "jsonl", story.to_str().unwrap()]);
    assert_ne!(built_in["location"]["text"], "Kufra Camp");
    let extended = attack(&[
        "code",
        "--dictionaries",
        extra.to_str().unwrap(),
        "--format",
        "jsonl",
        story.to_str().unwrap(),
    ]);
    assert_eq!(extended["location"]["name"], "Kufra Oasis Camp");
    assert_eq!(extended["location"]["precision"], "city");
    assert_eq!(extended["location"]["how"], "locative");

    std::fs::write(
        extra.join("bad.places.tsv"),
        "geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames\n\
         \tcity\tNowhere\tLBY\t\tnorth\t23.3\t5000\t\n",
    )
    .unwrap();
    let out = entente(&[
        "code",
        "--dictionaries",
        extra.to_str().unwrap(),
        story.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.places.tsv:2:") && stderr.contains("north"),
        "{stderr}"
    );
    let check = entente(&["--dictionaries", extra.to_str().unwrap(), "dict", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("error[gazetteer-addition]") && stdout.contains("bad.places.tsv:2:"),
        "{stdout}"
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["code", "--format", "jsonl", "--date", "2024-03-05", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Iran condemned Israel on Thursday.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let events = jsonl(&out);
    assert!(events.iter().all(|e| e["doc"] == "stdin"));
    assert!(!events.is_empty());
}

#[test]
fn html_input_offsets_point_into_the_extracted_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>T</title><script>var x = 'Russia attacked Ukraine';</script></head>\
         <body><nav>Home | World</nav><p>Turkey condemned Israel on Monday.</p></body></html>",
    )
    .unwrap();
    let out = entente(&["actors", "--format", "jsonl", page.to_str().unwrap()]);
    assert!(out.status.success());
    let mentions = jsonl(&out);
    let names: Vec<&str> = mentions
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Turkey") && names.contains(&"Israel"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Russia"),
        "script content is not text: {names:?}"
    );
}

#[test]
fn a_folder_with_pdfs_codes_the_readable_one_and_names_the_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let seed_pdf = Path::new("../pipeline/tests/data/edm.pdf");
    std::fs::copy(seed_pdf, dir.path().join("edm.pdf")).unwrap();
    let bytes = std::fs::read(seed_pdf).unwrap();
    std::fs::write(dir.path().join("damaged.pdf"), &bytes[..bytes.len() / 3]).unwrap();
    std::fs::write(
        dir.path().join("note.txt"),
        "Turkey condemned Israel on Monday.",
    )
    .unwrap();
    let out = entente(&["code", "--format", "jsonl", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot read {}: damaged PDF",
            dir.path().join("damaged.pdf").display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("skipped"),
        "PDFs are read, not passed over: {stderr}"
    );
    let events = jsonl(&out);
    let from = |doc: &str| events.iter().filter(|e| e["doc"] == doc).count();
    assert!(from("edm.pdf") > 20, "{events:?}");
    assert!(from("note.txt") > 0);
}

/// `explain` shows how a sentence was coded, so it must reach the events `code` reaches: also for
/// a sentence whose only candidate source is a name no dictionary knows.
#[test]
fn explain_and_code_reach_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    for sentence in [
        "The Justice Department declined to comment.",
        "Egypt condemned the attack on Jordan.",
        "Tarvo Lind accused Egypt of lying.",
    ] {
        let file = dir.path().join("one.txt");
        std::fs::write(&file, sentence).unwrap();
        let coded = jsonl(&entente(&[
            "code",
            "--format",
            "jsonl",
            file.to_str().unwrap(),
        ]));
        let explained = entente(&["explain", "--format", "json", sentence]);
        let explained: Value = serde_json::from_slice(&explained.stdout).unwrap();
        let explained_events: usize = explained
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["events"].as_array().unwrap().len())
            .sum();
        assert_eq!(coded.len(), explained_events, "{sentence}");
    }
}
