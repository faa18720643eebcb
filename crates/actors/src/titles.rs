//! A title before a surname: "President Bush", "Chancellor Merkel". An office word alone names no
//! one, and a surname alone resolves only after an introduction; together they name the dictionary
//! person with that surname who held that office: the one in office on the date first, else the one
//! whose term started last.

use crate::resolve;
use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::{ActorDictionary, Person};
use entente_model::{EventDate, Span, Via};

/// The person a title (role `role_index`, ending at byte `title_end`) and the surname right after it
/// name, as a mention from `title_start` to the end of the surname.
pub fn titled(
    dict: &ActorDictionary,
    words: &Words,
    role_index: usize,
    title: Span,
    date: Option<EventDate>,
) -> Option<Found> {
    let role = &dict.roles[role_index];
    if role.agent {
        return None;
    }
    let first = words.at_or_after(title.end);
    let next = words.list.get(first)?;
    if !words.is_capitalised(first) || !words.adjacent(title.end, next.span.start) {
        return None;
    }
    let head = crate::fold_word(words.text_of(first));
    let mut best: Option<((bool, i64), &Person, usize)> = None;
    for person in dict.holders_of(&role.id) {
        let Some(surname) = person.surname.as_deref() else {
            continue;
        };
        if !crate::fold_word(surname).starts_with(&head) {
            continue;
        }
        let Some(end) = surname_at(words, first, surname) else {
            continue;
        };
        let rank = person
            .offices
            .iter()
            .filter(|o| o.role == role.id)
            .map(|o| {
                let current = date.is_some_and(|d| o.range.contains(d));
                (current, o.range.start_day())
            })
            .max();
        if let Some(rank) = rank {
            if best.as_ref().is_none_or(|(b, _, _)| rank > *b) {
                best = Some((rank, person, end));
            }
        }
    }
    let (_, person, end) = best?;
    Some(Found {
        span: Span::new(title.start, end),
        actor: resolve::person(dict, person, date),
        via: Via::Role,
        kind: Kind::Person,
    })
}

/// The byte end of `surname` when its words start at word `first` (hyphens between them allowed).
fn surname_at(words: &Words, first: usize, surname: &str) -> Option<usize> {
    let parts = Words::new(surname);
    let mut k = first;
    let mut end = None;
    for part in parts.list.iter().filter(|w| w.is_word) {
        if words.text_of(k) == "-" {
            k += 1;
        }
        let word = words.list.get(k).filter(|w| w.is_word)?;
        if crate::fold_word(word.span.slice(words.text))
            != crate::fold_word(part.span.slice(surname))
        {
            return None;
        }
        end = Some(word.span.end);
        k += 1;
    }
    // The surname must end the name: "President Bush" but not "President Bush Jr" of another person.
    if words.is_capitalised(k)
        && words
            .list
            .get(k)
            .is_some_and(|w| end.is_some_and(|e| words.adjacent(e, w.span.start)))
    {
        return None;
    }
    end
}
