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
    // A set, not a list: a text dense with appositions must not rescan every comma used so far.
    let mut used_commas: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for fi in (0..found.len()).rev() {
        // Bare agent words ("police", "protesters") introduce no one.
        if found[fi].via != Via::Role || found[fi].kind == Kind::Agent {
            continue;
        }
        // NAME, ROLE-PHRASE (the phrase may open with an article and a few words before the role:
        // "Omar Haddad, a senior Jordanian official")
        let name_before = comma_before(words, found[fi].span.start)
            .filter(|&c| c > 0)
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
                    used_commas.insert(c);
                    run
                })
            });
        // A dictionary person in apposition names the office holder the role phrase means.
        let person_beside = |found: &[Found], other: Option<usize>| {
            other
                .filter(|&i| found[i].via == Via::Dictionary && found[i].kind == Kind::Person)
                .map(|i| found[i].actor.clone())
        };
        // The mention right before the comma that opens the role phrase (articles and a few
        // words may come between: "Omar Haddad, a senior Jordanian official").
        let before_index = comma_before(words, found[fi].span.start).and_then(|c| {
            // `found` is sorted by start: only mentions starting before the comma can end before
            // it, and the search back from there stops at the first that does.
            let comma = words.list[c].span.start;
            let i = found[..found.partition_point(|f| f.span.start < comma)]
                .iter()
                .rposition(|f| f.span.end <= comma)?;
            words.adjacent(found[i].span.end, comma).then_some(i)
        });
        let after_index = comma_after(words, found, fi)
            .and_then(|c| {
                let comma = words.list[c].span.start;
                Some(found.partition_point(|f| f.span.start <= comma)).filter(|&i| i < found.len())
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
        // A person a title alone placed in a sector ("Maj. Gen. Ezra Tambo": MIL) is the one the
        // role phrase beside them places in a state too ("..., the Nigerian army chief": NGAMIL).
        let titled_beside = |found: &[Found], other: Option<usize>| {
            other.filter(|&i| {
                found[i].via == Via::Role
                    && found[i].kind == Kind::Person
                    && found[i].actor.country.is_none()
            })
        };
        if found[fi].actor.country.is_some() {
            if let Some(i) =
                titled_beside(found, before_index).or_else(|| titled_beside(found, after_index))
            {
                let actor = resolve::introduced(&found[i].actor.name, &found[fi].actor);
                for binding in bindings
                    .iter_mut()
                    .filter(|b| b.actor.id == found[i].actor.id)
                {
                    binding.actor = actor.clone();
                }
                found[i].actor = actor.clone();
                found[fi].actor = actor;
                found[fi].kind = Kind::Person;
                continue;
            }
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

/// Words that may open a role phrase in apposition before its role ("a", "the former").
const ARTICLES: [&str; 3] = ["a", "an", "the"];
/// How many lower-case words may stand between the article and the role.
const MAX_ROLE_MODIFIERS: usize = 3;

/// The comma before a role phrase starting at `start`: right before it, or before an article and
/// up to three lower-case words ("a senior", "the country's former").
fn comma_before(words: &Words, start: usize) -> Option<usize> {
    let mut k = words.before(start)?;
    if words.text_of(k) == "," {
        return Some(k);
    }
    for _ in 0..=MAX_ROLE_MODIFIERS {
        if words.is_any(k, &ARTICLES) {
            return words
                .before(words.list[k].span.start)
                .filter(|&c| words.text_of(c) == ",");
        }
        if !words.is_lowercase_word(k) {
            return None;
        }
        k = words.before(words.list[k].span.start)?;
    }
    None
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
