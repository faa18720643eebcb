//! Personal names the dictionary does not know: runs of capitalised words ("Jeyhun Bayramov",
//! "Sami Abu Zuhri", "Abdel Fattah al-Sisi") next to a role or an apposition comma.

use crate::words::Words;
use entente_model::Span;

/// Capitalised words that start no name: function words, months, weekdays.
const NOT_NAMES: [&str; 40] = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "with",
    "by",
    "from",
    "as",
    "this",
    "that",
    "it",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "its",
    "their",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
];
const MORE_NOT_NAMES: [&str; 6] = [
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Lower-case particles inside names ("al-Sisi", "bin Salman", "de la Rúa").
const PARTICLES: [&str; 12] = [
    "al", "el", "bin", "ibn", "de", "la", "van", "von", "da", "di", "du", "der",
];

fn is_name_word(words: &Words, i: usize) -> bool {
    words.is_capitalised(i)
        && !words.is_any(i, &NOT_NAMES)
        && !words.is_any(i, &MORE_NOT_NAMES)
        && words.text_of(i).chars().skip(1).any(char::is_lowercase)
}

fn is_particle(words: &Words, i: usize) -> bool {
    words.is_any(i, &PARTICLES)
}

/// A name found in the text: its span and its word indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRun {
    pub span: Span,
    pub first: usize,
    /// Index of the last word of the name (the surname).
    pub last: usize,
}

/// The longest name starting at word `i`: up to `max` name words, joined by spaces or hyphens,
/// with lower-case particles allowed between capitalised words. `stop` ends the run before a word
/// (a word that starts a dictionary match).
pub fn run_after(
    words: &Words,
    i: usize,
    max: usize,
    stop: impl Fn(usize) -> bool,
) -> Option<NameRun> {
    if !is_name_word(words, i) || stop(i) {
        return None;
    }
    let mut last = i;
    let mut count = 1;
    let mut j = i + 1;
    while count < max && j < words.len() {
        let joined_by_hyphen = words.text_of(j) == "-"
            && words.adjacent(words.list[j - 1].span.end, words.list[j].span.start);
        let k = if joined_by_hyphen { j + 1 } else { j };
        if k >= words.len()
            || !words.adjacent(words.list[k - 1].span.end, words.list[k].span.start)
            || stop(k)
        {
            break;
        }
        if is_name_word(words, k) {
            last = k;
            count += 1;
            j = k + 1;
        } else if is_particle(words, k) && (k + 1 < words.len()) && !stop(k + 1) {
            // A particle only counts when a capitalised word follows it (directly or after a hyphen).
            let next = if words.text_of(k + 1) == "-" {
                k + 2
            } else {
                k + 1
            };
            if next < words.len() && is_name_word(words, next) {
                last = next;
                count += 1;
                j = next + 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    Some(NameRun {
        span: Span::new(words.list[i].span.start, words.list[last].span.end),
        first: i,
        last,
    })
}

/// The longest name ending at word `end` (inclusive), at most `max` words, none of them `stop`.
pub fn run_before(
    words: &Words,
    end: usize,
    max: usize,
    stop: impl Fn(usize) -> bool,
) -> Option<NameRun> {
    let mut first = None;
    let mut i = end;
    let mut count = 0;
    loop {
        if stop(i) || count == max {
            break;
        }
        if is_name_word(words, i) {
            first = Some(i);
            count += 1;
        } else if !(is_particle(words, i) || words.text_of(i) == "-") {
            break;
        }
        if i == 0 || !words.adjacent(words.list[i - 1].span.end, words.list[i].span.start) {
            break;
        }
        i -= 1;
    }
    let first = first?;
    Some(NameRun {
        span: Span::new(words.list[first].span.start, words.list[end].span.end),
        first,
        last: end,
    })
    .filter(|_| is_name_word(words, end))
}

/// Whether word `i` is a capitalised word that starts no name (function words, months, weekdays).
pub fn is_stop_word(words: &Words, i: usize) -> bool {
    let text = words.text_of(i);
    text.len() <= 9
        && words.list[i].is_word
        && (NOT_NAMES.iter().chain(&MORE_NOT_NAMES)).any(|s| text.eq_ignore_ascii_case(s))
}
