//! The built-in actor files, embedded so the binary works with no dictionary folder on disk.
//! Rule files and the CAMEO table are embedded by their own modules (`rules`, `cameo`).

use crate::SourceFile;

/// `(file name, text)` of every built-in actor file, in load order.
const ACTOR_FILES: [(&str, &str); 4] = [
    (
        "countries.txt",
        include_str!("../../../dictionaries/countries.txt"),
    ),
    (
        "organisations.txt",
        include_str!("../../../dictionaries/organisations.txt"),
    ),
    ("roles.txt", include_str!("../../../dictionaries/roles.txt")),
    (
        "people.txt",
        include_str!("../../../dictionaries/people.txt"),
    ),
];

/// The manifest as built: source, licence and checksum of every built-in file.
pub const MANIFEST: &str = include_str!("../../../dictionaries/MANIFEST.tsv");

pub fn actor_files() -> Vec<SourceFile> {
    ACTOR_FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect()
}

/// Every built-in file: actor files, rule files and the CAMEO table.
pub fn all_files() -> Vec<SourceFile> {
    let mut files = actor_files();
    files.extend(crate::rules::RuleSet::builtin_files());
    files.push(crate::cameo::CameoTable::builtin_source());
    files
}
