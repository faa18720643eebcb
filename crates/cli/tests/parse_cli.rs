//! End-to-end test of `entente parse`: the real binary on a small text file prints well-formed
//! CoNLL-U, one tree per sentence.

use std::process::Command;

#[test]
fn parse_prints_one_conllu_tree_per_sentence() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("note.txt");
    std::fs::write(
        &path,
        "The council approved the new budget on Friday. Critics said it was too small.\n\n\
         Talks between the two sides will resume next week in the capital.\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_entente"))
        .arg("parse")
        .arg(&path)
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let blocks: Vec<&str> = stdout
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(blocks.len(), 3, "{stdout}");
    for block in blocks {
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines[0].starts_with("# doc_id = "), "{block}");
        assert!(lines[1].starts_with("# sent_id = "), "{block}");
        assert!(lines[2].starts_with("# text = "), "{block}");
        let rows: Vec<Vec<&str>> = lines[3..].iter().map(|l| l.split('\t').collect()).collect();
        assert!(!rows.is_empty());
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), 10, "{block}");
            assert_eq!(row[0], (i + 1).to_string());
            let head: usize = row[6].parse().unwrap();
            assert!(head <= rows.len(), "head in range: {block}");
            assert_eq!(head == 0, row[7] == "root", "{block}");
        }
        assert_eq!(
            rows.iter().filter(|r| r[6] == "0").count(),
            1,
            "one root: {block}"
        );
    }
    assert!(stdout.contains("# text = Critics said it was too small."));
}
