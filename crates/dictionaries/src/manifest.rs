//! `MANIFEST.tsv`: `file`, `source`, `licence`, `blake3` for every built-in file. The checksums are
//! derived; the source and licence columns are kept from the existing manifest when regenerating.

use crate::SourceFile;
use entente_model::Diagnostic;
use std::collections::BTreeMap;

const HEADER: &str = "file\tsource\tlicence\tblake3";
const DEFAULT_SOURCE: &str = "entente project";
const DEFAULT_LICENCE: &str = "MIT OR Apache-2.0";

/// How to re-bless the manifest after editing a built-in file.
pub const REBLESS: &str =
    "cargo run -p entente-cli --no-default-features -- dict manifest > dictionaries/MANIFEST.tsv";

/// One manifest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    pub source: String,
    pub licence: String,
    pub blake3: String,
}

/// Full BLAKE3 hex of a file's text.
pub fn checksum(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// Reads manifest rows by file name (comment lines `#` and the header are skipped; malformed rows too).
pub fn parse(manifest: &str) -> BTreeMap<String, ManifestRow> {
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && *l != HEADER && !l.trim().is_empty())
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let [file, source, licence, blake3] = cols[..] else {
                return None;
            };
            Some((
                file.to_string(),
                ManifestRow {
                    source: source.into(),
                    licence: licence.into(),
                    blake3: blake3.into(),
                },
            ))
        })
        .collect()
}

/// The manifest `files` should have, keeping source and licence from `previous`.
pub fn render(files: &[SourceFile], previous: &str) -> String {
    let previous = parse(previous);
    let mut rows: Vec<(&str, String)> = files
        .iter()
        .map(|f| (f.name.as_str(), checksum(&f.text)))
        .collect();
    rows.sort();
    let mut out = format!("{HEADER}\n");
    for (name, sum) in rows {
        let (source, licence) = previous
            .get(name)
            .map_or((DEFAULT_SOURCE, DEFAULT_LICENCE), |r| {
                (r.source.as_str(), r.licence.as_str())
            });
        out.push_str(&format!("{name}\t{source}\t{licence}\t{sum}\n"));
    }
    out
}

/// Differences between `files` and `manifest`: missing rows, stale checksums, rows for absent files.
pub fn verify(files: &[SourceFile], manifest: &str) -> Vec<Diagnostic> {
    let rows = parse(manifest);
    let mut out = Vec::new();
    for f in files {
        match rows.get(&f.name) {
            None => out.push(Diagnostic::error(
                "manifest-missing",
                format!("{} is not in MANIFEST.tsv", f.name),
            )),
            Some(r) if r.blake3 != checksum(&f.text) => out.push(Diagnostic::error(
                "manifest-checksum",
                format!(
                    "{} changed since MANIFEST.tsv was written; re-bless with `{REBLESS}`",
                    f.name
                ),
            )),
            Some(_) => {}
        }
    }
    for name in rows.keys() {
        if !files.iter().any(|f| &f.name == name) {
            out.push(Diagnostic::warning(
                "manifest-extra",
                format!("MANIFEST.tsv lists {name}, which is not built in"),
            ));
        }
    }
    out.into_iter()
        .map(|d| d.at("dictionaries/MANIFEST.tsv"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_keeps_provenance_and_verify_finds_changes() {
        let files = vec![SourceFile {
            name: "a.txt".into(),
            text: "x".into(),
        }];
        let first = render(
            &files,
            "file\tsource\tlicence\tblake3\na.txt\tWikidata\tCC0\told\n",
        );
        assert!(first.contains("a.txt\tWikidata\tCC0\t"));
        assert!(verify(&files, &first).is_empty());
        let changed = vec![SourceFile {
            name: "a.txt".into(),
            text: "y".into(),
        }];
        assert_eq!(verify(&changed, &first)[0].code, "manifest-checksum");
    }

    /// The built-in files must match `dictionaries/MANIFEST.tsv` on disk.
    #[test]
    fn builtin_files_match_the_manifest() {
        let path = "../../dictionaries/MANIFEST.tsv";
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        let files = crate::builtin::all_files();
        let problems = verify(&files, &on_disk);
        assert!(
            problems.is_empty(),
            "MANIFEST.tsv is stale: {problems:#?}\nRe-bless with `{REBLESS}`; expected content:\n{}",
            render(&files, &on_disk)
        );
    }
}
