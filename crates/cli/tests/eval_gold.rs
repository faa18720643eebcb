//! `entente eval` end to end: the real binary on the shipped seeds gold and on small temporary files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("run entente")
}

fn seeds_gold() -> PathBuf {
    Path::new("../../tests/gold/seeds.jsonl").to_path_buf()
}

/// `entente eval --gold FORMAT FILE --format json`, which must succeed, as JSON.
fn eval_json(format: &str, gold: &Path) -> serde_json::Value {
    let out = entente(&[
        "eval",
        "--gold",
        format,
        gold.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn seeds_gold_scores_every_annotated_event() {
    let gold = seeds_gold();
    let report = eval_json("entente", &gold);
    assert_eq!(report["format"], "entente");
    assert_eq!(report["items"], 2);
    let annotated: u64 = std::fs::read_to_string(&gold)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["events"]
                .as_array()
                .unwrap()
                .len() as u64
        })
        .sum();
    assert_eq!(report["overall"]["gold"], annotated);
    let matched = report["overall"]["correct"].as_u64().unwrap();
    assert!(matched <= annotated);
    let quad = &report["quad_confusion"];
    assert_eq!(quad["labels"][4], "none");
    let gold_in_matrix: u64 = quad["counts"].as_array().unwrap()[..4]
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        gold_in_matrix, annotated,
        "every gold event lands in one cell"
    );
}

#[test]
fn table_output_lists_per_type_scores_and_both_matrices() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.tsv");
    std::fs::write(&gold, "Nothing happened here.\t0\n").unwrap();
    let out = entente(&[
        "eval",
        "--gold",
        "conflibert",
        gold.to_str().unwrap(),
        "--verbose",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "accuracy: 0.000 (0/1)",
        "confusion by class",
        "confusion by quad class",
        "misses (1):",
    ] {
        assert!(table.contains(expected), "missing {expected:?} in\n{table}");
    }
}

#[test]
fn bad_gold_lines_and_formats_are_usage_errors_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.tsv");
    std::fs::write(&gold, "A sentence.\t1\nAnother.\t9\n").unwrap();
    let out = entente(&["eval", "--gold", "conflibert", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.tsv:2:"));
    let out = entente(&["eval", "--gold", "acled", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown gold format"));
}

#[test]
fn ngec_stories_are_scored_by_their_best_event_with_the_headline() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("stories.csv");
    // The first story's type comes from its headline alone; the second has no event.
    std::fs::write(
        &gold,
        "text,title,prompt,label,mode\n\
         \"The talks collapsed on Monday.\",T,\"Russia Condemns Ukraine Over Talks\n\n(AFP) --\",ACCUSE,\n\
         \"It rained all day.\",T,\"Weather Report\",PROTEST,\n",
    )
    .unwrap();
    let report = eval_json("ngec", &gold);
    assert_eq!(report["format"], "ngec");
    assert_eq!(report["items"], 2);
    assert_eq!(report["accuracy"]["correct"], 1);
    assert_eq!(report["accuracy"]["total"], 2);
}
