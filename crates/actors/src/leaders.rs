//! A leader's name before an agent word names that leader's state: "the Bush administration",
//! "Kim Jong-un's regime", "the Trudeau government", "Assad forces". The name is a dictionary person
//! (matched in full, or by surname alone), and every dictionary person of that name must hold or
//! have held office in the same state, so "Singh" or "Khan" alone stay unresolved. The actor is the
//! state with the agent's sector (USAGOV, SYRMIL).

use crate::resolve;
use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::{ActorDictionary, DictMatch, Seat};
use entente_model::{CountryCode, Span, Via};

/// The mention for agent match `i` when a leader's name comes right before it, and whether it
/// absorbs `previous` (the dictionary person mention that named the leader).
pub fn agent_of_leader(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    i: usize,
    previous: Option<&Found>,
) -> Option<(Found, bool)> {
    let m = &matches[i];
    let role = &dict.roles[crate::compose::role_of(m)?];
    if !role.agent {
        return None;
    }
    let role_word = words.at_or_after(m.span.start);
    let mut before = role_word.checked_sub(1)?;
    if words.is(before, "s") && before > 0 && words.is_possessive(before - 1) {
        before = before.checked_sub(2)?;
    }
    let name_end = words.list[before].span.end;
    let (country, start, absorbed) = match previous {
        Some(p)
            if p.via == Via::Dictionary
                && p.kind == Kind::Person
                && p.span.end == name_end
                && p.actor.id.starts_with("person:") =>
        {
            (p.actor.country.clone()?, p.span.start, true)
        }
        _ => {
            // A word the dictionary matched as anything but a person is no bare surname.
            if crate::overlaps_sorted(matches, words.list[before].span, |m| m.span) {
                return None;
            }
            let (country, first) = surname_state(dict, words, before)?;
            (country, words.list[first].span.start, false)
        }
    };
    let actor = resolve::office(dict, &Seat::Country(country), &role.id)?;
    let found = Found {
        span: Span::new(start, m.span.end),
        actor,
        via: Via::Role,
        kind: Kind::Office { personal: false },
    };
    Some((found, absorbed))
}

/// The state all dictionary people whose surname ends at word `last` served, and the surname's
/// first word.
fn surname_state(
    dict: &ActorDictionary,
    words: &Words,
    last: usize,
) -> Option<(CountryCode, usize)> {
    // "The government": a function word is no surname.
    if !words.is_capitalised(last) || crate::names::is_stop_word(words, last) {
        return None;
    }
    let raw = words.text_of(last);
    let tail = crate::fold_word(raw);
    let mut found: Option<(CountryCode, usize)> = None;
    for person in dict.people_with_surname_ending(&tail) {
        let Some(surname) = person.surname.as_deref() else {
            continue;
        };
        // A cheap test before folding: an ASCII surname must end with the word as written.
        let ends_with_word = surname.len() >= raw.len()
            && surname
                .get(surname.len() - raw.len()..)
                .is_some_and(|t| t.eq_ignore_ascii_case(raw));
        if !ends_with_word && (surname.is_ascii() || !same_initial(surname, raw)) {
            continue;
        }
        let parts: Vec<String> = Words::new(surname)
            .list
            .iter()
            .filter(|w| w.is_word)
            .map(|w| crate::fold_word(w.span.slice(surname)))
            .collect();
        if parts.last() != Some(&tail) {
            continue;
        }
        let Some(first) = surname_start(words, last, &parts) else {
            continue;
        };
        let mut states = person.offices.iter().filter_map(|o| match &o.seat {
            Seat::Country(c) => Some(c.clone()),
            Seat::Org(_) => None,
        });
        let Some(state) = states.next() else {
            continue;
        };
        if states.any(|c| c != state) {
            return None;
        }
        match &found {
            Some((c, _)) if *c != state => return None,
            Some(_) => {}
            None => found = Some((state, first)),
        }
    }
    found
}

/// The first word of `parts` when they end at word `last` (hyphens between them allowed).
fn surname_start(words: &Words, last: usize, parts: &[String]) -> Option<usize> {
    let mut k = last;
    for (n, part) in parts.iter().rev().enumerate() {
        if n > 0 {
            k = k.checked_sub(1)?;
            if words.text_of(k) == "-" {
                k = k.checked_sub(1)?;
            }
        }
        if !words.list[k].is_word || crate::fold_word(words.text_of(k)) != *part {
            return None;
        }
    }
    Some(k)
}

/// Whether the last word of `surname` starts with the letter `word` starts with (ASCII letters
/// compared without case; a non-ASCII initial may fold to anything, so it passes).
fn same_initial(surname: &str, word: &str) -> bool {
    let last = surname.rsplit(|c: char| !c.is_alphanumeric()).next();
    match (last.and_then(|l| l.chars().next()), word.chars().next()) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => a.eq_ignore_ascii_case(&b),
        (Some(_), Some(_)) => true,
        _ => false,
    }
}
