//! Namesakes: a dictionary person matched by surname alone, right after a given name that is not
//! theirs, is someone else ("*Jack* McConnell" is not Mitch McConnell). The text has then
//! introduced another bearer of that surname, so the surname alone names neither of them for the
//! rest of the document ("Mr McConnell was speaking"): the match is dropped there too.

use crate::words::Words;
use entente_dictionaries::{ActorDictionary, DictMatch, Person, Target};

/// Honorifics and the abbreviated titles British style writes without a full stop ("Gen
/// Musharraf", "Sen Kerry"), which stand before a surname without being a given name.
const HONORIFICS: [&str; 27] = [
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof", "gen", "lt", "col",
    "maj", "capt", "sgt", "cpl", "brig", "adm", "cdr", "rev", "sen", "rep", "gov", "det", "supt",
    "cllr",
];

/// A surname the text gave another bearer, from where it did so.
pub struct Namesake {
    surname: String,
    from: usize,
}

/// Drops the surname-only person matches that a namesake introduced in the text makes unsafe, and
/// returns the namesakes, so that later passes do not bind the surname again. A headline (the text
/// before `headline_end`) names the story's people before the story introduces them ("McConnell
/// in remark row" over "... Jack McConnell").
pub fn drop_namesakes(
    dict: &ActorDictionary,
    words: &Words,
    matches: &mut Vec<DictMatch>,
    headline_end: usize,
) -> Vec<Namesake> {
    let mut namesakes: Vec<Namesake> = Vec::new();
    for (i, m) in matches.iter().enumerate() {
        let Some(person) = only_person(dict, m) else {
            continue;
        };
        let Some(surname) = surname_only(person, words, m) else {
            continue;
        };
        let Some(before) = words.before(m.span.start) else {
            continue;
        };
        let covered = i > 0 && matches[i - 1].span.end > words.list[before].span.start;
        let given = words.is_capitalised(before)
            && !covered
            && !crate::names::is_stop_word(words, before)
            && !words.is_any(before, &HONORIFICS)
            && words
                .text_of(before)
                .chars()
                .skip(1)
                .all(char::is_lowercase);
        let theirs = || {
            let given_name = crate::fold_word(words.text_of(before));
            person
                .names
                .iter()
                .chain(std::iter::once(&person.name))
                .any(|n| {
                    n.split_whitespace()
                        .any(|w| crate::fold_word(w) == given_name)
                })
        };
        if given && !theirs() {
            namesakes.push(Namesake {
                surname,
                from: m.span.start,
            });
        }
    }
    // Where the story first names each dictionary person in full.
    let named_in_full: Vec<(&Person, usize)> = matches
        .iter()
        .filter_map(|m| {
            let person = only_person(dict, m)?;
            surname_only(person, words, m)
                .is_none()
                .then_some((person, m.span.start))
        })
        .collect();
    matches.retain(|m| {
        let Some(person) = only_person(dict, m) else {
            return true;
        };
        let Some(surname) = surname_only(person, words, m) else {
            return true;
        };
        // A headline's surname is whoever the story names first in full: the dictionary's
        // person ("Blair" over "Tony Blair ... Cherie Blair"), or a namesake.
        let at = if m.span.end <= headline_end {
            named_in_full
                .iter()
                .filter(|(p, at)| std::ptr::eq(*p, person) && *at >= headline_end)
                .map(|&(_, at)| at)
                .min()
                .unwrap_or(usize::MAX)
        } else {
            m.span.start
        };
        !is_taken(&namesakes, &surname, at)
    });
    namesakes
}

/// Whether `surname` at byte `at` comes at or after a namesake of that surname.
pub fn is_taken(namesakes: &[Namesake], surname: &str, at: usize) -> bool {
    namesakes
        .iter()
        .any(|n| n.from <= at && n.surname == surname)
}

/// The one person a match names, if it names only people and exactly one.
fn only_person<'d>(dict: &'d ActorDictionary, m: &DictMatch) -> Option<&'d Person> {
    match m.targets.as_slice() {
        [Target::Person(p)] => dict.people.get(*p),
        _ => None,
    }
}

/// The folded surname when the match is that surname alone, not the full name.
fn surname_only(person: &Person, words: &Words, m: &DictMatch) -> Option<String> {
    let surname = person
        .surname
        .as_deref()
        .or_else(|| person.name.split_whitespace().last())?;
    let surname = crate::fold_word(surname);
    (crate::fold_word(m.span.slice(words.text)) == surname).then_some(surname)
}
