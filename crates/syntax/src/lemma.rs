//! Lemmas: a table learnt from the treebank for the words it has, suffix rules for the rest.
//! The rules key on the Penn tag, which says which inflection a word carries.

use crate::hash::{feature, fnv1a};

/// The key of a (lowercased form, tag number) pair in the lemma table.
pub(crate) fn key(lower: &str, tag: u16) -> u64 {
    feature(400, &[fnv1a(lower.as_bytes()), u64::from(tag)])
}

/// The lemma the suffix rules give a word with Penn tag `xpos`.
pub(crate) fn by_rule(form: &str, xpos: &str) -> String {
    if xpos.starts_with("NNP") {
        return form.to_string();
    }
    let lower = form.to_lowercase();
    let stem = match xpos {
        "NNS" | "VBZ" => plural_or_third_person(&lower),
        "VBD" | "VBN" => lower.strip_suffix("ied").map_or_else(
            || lower.strip_suffix("ed").map(verb_stem),
            |stem| Some(format!("{stem}y")),
        ),
        "VBG" => lower.strip_suffix("ing").map(verb_stem),
        "JJR" | "RBR" => lower.strip_suffix("ier").map_or_else(
            || lower.strip_suffix("er").map(undouble),
            |stem| Some(format!("{stem}y")),
        ),
        "JJS" | "RBS" => lower.strip_suffix("iest").map_or_else(
            || lower.strip_suffix("est").map(undouble),
            |stem| Some(format!("{stem}y")),
        ),
        _ => None,
    };
    match stem {
        Some(stem) if stem.chars().count() >= 2 => stem,
        _ => lower,
    }
}

fn plural_or_third_person(lower: &str) -> Option<String> {
    if let Some(stem) = lower.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for ending in ["sses", "shes", "ches", "xes", "zes", "oes"] {
        if lower.ends_with(ending) {
            return Some(lower[..lower.len() - 2].to_string());
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return None;
    }
    lower.strip_suffix('s').map(str::to_string)
}

/// The verb a stem left by `-ed` or `-ing` comes from: a doubled consonant is undone
/// (`stopp`), and a silent `e` is put back after endings that English spells with one
/// (`mediat`, `announc`, `chang`, `resolv`, `secur`, `decid`, `settl`, `releas`).
fn verb_stem(stem: &str) -> String {
    let undoubled = undouble(stem);
    if undoubled.len() < stem.len() {
        return undoubled;
    }
    const NEED_E: [&str; 23] = [
        "at", "ut", "c", "v", "u", "z", "ur", "ir", "bl", "pl", "tl", "dl", "gl", "kl", "ok", "id",
        "od", "ud", "as", "is", "os", "us", "ys",
    ];
    /// Endings of the list above that usually belong to the stem (`treat`, `shout`, `raid`).
    const KEEP: [&str; 8] = ["eat", "out", "air", "aid", "oid", "ook", "ss", "ee"];
    let needs_e = NEED_E.iter().any(|ending| stem.ends_with(ending))
        || (stem.ends_with('g') && !stem.ends_with("ng"))
        || stem.ends_with('e');
    if needs_e && !KEEP.iter().any(|ending| stem.ends_with(ending)) {
        format!("{stem}e")
    } else {
        stem.to_string()
    }
}

/// `stopp` -> `stop`, `runn` -> `run`; doubled `l`, `s`, `f` and `z` are usually part of the stem.
fn undouble(stem: &str) -> String {
    let bytes = stem.as_bytes();
    if let [.., a, b] = bytes {
        if a == b && a.is_ascii_alphabetic() && !b"aeiouylsfz".contains(a) {
            return stem[..stem.len() - 1].to_string();
        }
    }
    stem.to_string()
}
