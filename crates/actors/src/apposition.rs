//! Apposition and introduction: "Tzachi Hanegbi, Israel's National Security Adviser" and "the
//! Azerbaijani ambassador to Tel Aviv, Mukhtar Mammadov" tie a name the dictionary may not know to
//! the office the role phrase composed. The name becomes a mention (via apposition) and is bound
//! for the rest of the document; the role phrase then refers to the same person.

use crate::names::{self, NameRun};
use crate::resolve;
use crate::words::Words;
use crate::{Binding, Found, Kind};
use entente_dictionaries::DictMatch;
use entente_model::{Actor, Via};

/// Words that may sit between a role phrase and the comma before the name it introduces.
const BRIDGE_WORDS: [&str; 8] = ["of", "the", "and", "for", "to", "in", "at", "on"];
/// How far (in words) a role phrase may be from the comma before the name.
const MAX_BRIDGE: usize = 25;

pub fn apply(
    words: &Words,
    matches: &[DictMatch],
    found: &mut Vec<Found>,
    bindings: &mut Vec<Binding>,
) {
    let taken = |found: &[Found], i: usize| {
        let span = words.list[i].span;
        crate::overlaps_sorted(found, span, |f| f.span)
            || crate::overlaps_sorted(matches, span, |m| m.span)
    };
    let mut added: Vec<Found> = Vec::new();
    let mut used_commas: Vec<usize> = Vec::new();
    for fi in (0..found.len()).rev() {
        // Bare agent words ("police", "protesters") introduce no one.
        if found[fi].via != Via::Role || found[fi].kind == Kind::Agent {
            continue;
        }
        // NAME, ROLE-PHRASE
        let name_before = words
            .before(found[fi].span.start)
            .filter(|&c| words.text_of(c) == "," && c > 0)
            .and_then(|c| names::run_before(words, c - 1, 4, |i| taken(found, i)))
            .filter(|run| run.last > run.first);
        // ROLE-PHRASE ..., NAME
        let name_after = comma_after(words, found, fi)
            .filter(|c| !used_commas.contains(c))
            .and_then(|c| {
                let run = names::run_after(words, c + 1, 4, |i| taken(found, i))?;
                let next = run.last + 1;
                let ends_well = next >= words.len()
                    || matches!(words.text_of(next), "," | "." | ")" | ";")
                    || words.is_lowercase_word(next);
                (run.last > run.first && ends_well).then(|| {
                    used_commas.push(c);
                    run
                })
            });
        // A dictionary person in apposition names the office holder the role phrase means.
        let person_beside = |found: &[Found], other: Option<usize>| {
            other
                .filter(|&i| found[i].via == Via::Dictionary && found[i].kind == Kind::Person)
                .map(|i| found[i].actor.clone())
        };
        let before_index = words
            .before(found[fi].span.start)
            .filter(|&c| words.text_of(c) == ",")
            .and_then(|c| {
                found
                    .iter()
                    .rposition(|f| f.span.end <= words.list[c].span.start)
            })
            .filter(|&i| {
                words.adjacent(
                    found[i].span.end,
                    words.list[words.before(found[fi].span.start).unwrap_or(0)]
                        .span
                        .start,
                )
            });
        let after_index = comma_after(words, found, fi)
            .and_then(|c| {
                found
                    .iter()
                    .position(|f| f.span.start > words.list[c].span.start)
            })
            .filter(|&i| {
                let c = words.before(found[i].span.start).unwrap_or(0);
                words.text_of(c) == ","
            });
        let closed = |found: &[Found], i: Option<usize>| {
            i.filter(|&i| {
                let next = words.at_or_after(found[i].span.end);
                next >= words.len() || matches!(words.text_of(next), "," | "." | ";" | ")")
            })
        };
        let after_index = closed(found, after_index);
        if let Some(actor) =
            person_beside(found, before_index).or_else(|| person_beside(found, after_index))
        {
            found[fi].actor = actor;
            found[fi].kind = Kind::Person;
            continue;
        }
        for run in [name_before, name_after].into_iter().flatten() {
            let actor = person_for(words, run, &found[fi].actor, found[fi].kind);
            bindings.extend(Binding::for_name(words, run, actor.clone()));
            found[fi].actor = actor.clone();
            found[fi].kind = Kind::Person;
            added.push(Found {
                span: run.span,
                actor,
                via: Via::Apposition,
                kind: Kind::Person,
            });
        }
    }
    found.extend(added);
    found.sort_by_key(|f| (f.span.start, f.span.end));
}

/// The comma after role phrase `fi`, reached over capitalised words, a few function words,
/// possessives and other mentions only.
fn comma_after(words: &Words, found: &[Found], fi: usize) -> Option<usize> {
    let first = words.at_or_after(found[fi].span.end);
    for k in first..first + MAX_BRIDGE {
        if k >= words.len() {
            return None;
        }
        let span = words.list[k].span;
        if words.text_of(k) == "," {
            return Some(k);
        }
        let in_mention = crate::overlaps_sorted(found, span, |f| f.span);
        let possessive =
            words.is_possessive(k) || (words.is(k, "s") && k > 0 && words.is_possessive(k - 1));
        if !(in_mention || possessive || words.is_capitalised(k) || words.is_any(k, &BRIDGE_WORDS))
        {
            return None;
        }
    }
    None
}

/// The person a role phrase introduces: its own holder when the surname agrees, else a new person
/// placed in the same office.
fn person_for(words: &Words, run: NameRun, role_actor: &Actor, kind: Kind) -> Actor {
    let name = run.span.slice(words.text);
    let surname = crate::fold_word(words.text_of(run.last));
    let same_person = kind == Kind::Person
        && role_actor
            .name
            .split_whitespace()
            .last()
            .is_some_and(|s| crate::fold_word(s) == surname);
    if same_person {
        role_actor.clone()
    } else {
        resolve::introduced(name, role_actor)
    }
}
