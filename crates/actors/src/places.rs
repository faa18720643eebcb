//! A place is not an actor. A capital or seat of power (a metonym) right after a locative preposition
//! ("in Tel Aviv", "held in Riyadh", "office in Ramallah") or after a motion word plus "to" ("visit to
//! Baku") names where something happened, so no mention is made. "to" and "with" alone are not
//! locative: "ties to Tel Aviv", "the ambassador to Tel Aviv" and "cooperation with Tel Aviv" keep
//! their actor.
//!
//! So is a capital in a place adjective ("a Madrid-style attack", "a London-based group").
//!
//! Regions (Darfur, Crimea) are places in the same way: "fighting in Darfur" makes no mention.
//!
//! State names are kept after "in": event data codes the state where an attack or a crisis happens as
//! its target ("air strikes in Yemen" → YEM), and a city only stands for a government when it is a
//! participant. Adjectives, demonyms, people and organisations are never dropped.

use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::FormKind;
use entente_model::Via;

const LOCATIVE: [&str; 9] = [
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "within",
    "across",
    "throughout",
    "into",
];
const MOTION: [&str; 14] = [
    "visit",
    "visits",
    "visited",
    "visiting",
    "trip",
    "travel",
    "travels",
    "travelled",
    "traveled",
    "journey",
    "arrived",
    "returned",
    "flew",
    "moved",
];

/// Words a capital forms an adjective of a place with ("a *Madrid*-style bombing", "a
/// *London*-based group").
const PLACE_ADJECTIVE_ENDINGS: [&str; 2] = ["style", "based"];

pub fn drop_locations(words: &Words, found: &mut Vec<Found>) {
    found.retain(|f| {
        !(is_place_form(f)
            && (follows_locative(words, f.span.start)
                || forms_a_place_adjective(words, f.span.end)))
    });
}

/// Whether the capital ending at `end` is what a place adjective is formed from.
fn forms_a_place_adjective(words: &Words, end: usize) -> bool {
    let k = words.at_or_after(end);
    words
        .list
        .get(k)
        .is_some_and(|hyphen| hyphen.span.start == end)
        && words.text_of(k) == "-"
        && words.is_any(k + 1, &PLACE_ADJECTIVE_ENDINGS)
}

fn is_place_form(f: &Found) -> bool {
    f.via == Via::Dictionary && matches!(f.kind, Kind::State(FormKind::Metonym | FormKind::Region))
}

fn follows_locative(words: &Words, start: usize) -> bool {
    let Some(mut k) = words.before(start) else {
        return false;
    };
    if words.is(k, "the") {
        let Some(prev) = k.checked_sub(1) else {
            return false;
        };
        k = prev;
    }
    words.is_any(k, &LOCATIVE) || (words.is(k, "to") && k > 0 && words.is_any(k - 1, &MOTION))
}
