//! Loading, overrides, hashing and lints, on tiny fictional dictionaries.

use entente_dictionaries::{check, Dictionaries, SourceFile, Target};

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        text: text.into(),
    }
}

const BASE: &str = "country GND\n  names: Gondor\n  adjectives: Gondorian\n\
                    role steward\n  sector: GOV\n  names: steward\n\
                    person denethor\n  names: Denethor\n  office: GND | steward | 2990..3019-03-15\n";

#[test]
fn overrides_replace_by_kind_and_id_and_add_new_entries() {
    let over = file(
        "over/mine.txt",
        "country GND\n  names: Ondor\ncountry RHN\n  names: Rhun\n",
    );
    let dicts = Dictionaries::from_files(vec![file("base.txt", BASE)], vec![over]).unwrap();
    let a = &dicts.actors;
    assert_eq!(a.countries.len(), 2);
    assert_eq!(a.country("GND").unwrap().names, ["Ondor"]);
    assert!(
        a.find("Gondor").is_empty(),
        "the replaced entry's forms are gone"
    );
    assert!(matches!(a.find("Ondor and Rhun")[..], [_, _]));
    assert_eq!(a.find("Denethor")[0].targets, [Target::Person(0)]);
}

#[test]
fn the_set_hash_is_deterministic_and_covers_overrides() {
    let load = |extra: &str| {
        Dictionaries::from_files(vec![file("base.txt", BASE)], vec![file("x.txt", extra)])
            .unwrap()
            .hash()
            .to_string()
    };
    assert_eq!(load(""), load(""));
    assert_ne!(load(""), load("# changed\n"));
    assert_eq!(load("").len(), 16);
}

#[test]
fn load_errors_name_file_and_line() {
    let bad = file(
        "bad.txt",
        "country GND\n  names: Gondor\n  valid: 3019-02-30..\n",
    );
    let err = Dictionaries::from_files(vec![bad], Vec::new())
        .err()
        .expect("bad date is an error");
    assert_eq!(
        err.to_string().split(':').take(2).collect::<Vec<_>>(),
        ["bad.txt", "3"]
    );
}

#[test]
fn an_override_folder_is_read_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extra.txt"),
        "country ZZZ\n  names: Zembla\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
    let dicts = Dictionaries::load(Some(dir.path())).unwrap();
    assert!(dicts.actors.country("ZZZ").is_some());
    assert_ne!(dicts.hash(), Dictionaries::builtin().unwrap().hash());
}

#[test]
fn check_reports_unknown_roles_overlaps_duplicates_and_ambiguous_forms() {
    let text = format!(
        "{BASE}country RHN\n  names: Rhun\n  metonyms: Denethor\n\
         person boromir\n  names: Boromir\n  office: GND | steward | 3000..3019-01\n\
         person faramir\n  names: Faramir\n  office: GND | captain | 3019..\n\
         person faramir\n  names: Faramir II\n  office: GND | steward | 3019-03-15..\n\
         person gandalf\n  names: Gandalf\n  office: GND | wizard | 3000..\n"
    );
    let dicts = Dictionaries::from_files(vec![file("t.txt", &text)], Vec::new()).unwrap();
    let codes: Vec<&str> = check(&dicts)
        .iter()
        .map(|d| d.code)
        .filter(|c| !c.starts_with("manifest"))
        .collect();
    for expected in [
        "duplicate-id",
        "office-overlap",
        "ambiguous-form",
        "unknown-role",
    ] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    // The handover day (3019-03-15) is not an overlap; only Boromir and Denethor overlap.
    assert_eq!(
        codes.iter().filter(|c| **c == "office-overlap").count(),
        1,
        "{codes:?}"
    );
}
