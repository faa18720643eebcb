//! Document context, resolved after the dictionary and composition passes:
//! - names and surnames bound by an introduction resolve for the rest of the document;
//! - first-person pronouns inside a quotation ("we", "our", "us") resolve to the quote's speaker;
//! - "the group" resolves to the last armed group, party or NGO in the paragraph; "the two
//!   countries" (and "both nations", ...) to the last two distinct states;
//! - subject pronouns outside quotes ("he", "it", "they" and their possessives, at the start of a
//!   clause, also after a short prepositional phrase opening the sentence) resolve to their
//!   sentence's subject, a pronoun opening its sentence to the subject of the sentence before,
//!   else to the last compatible actor in the paragraph; never to a name in a dateline ("VIENNA
//!   (AFP) -", "Abidjan -"), which says where the story was filed, and "it" or "they" after a
//!   subject that names a thing ("The storm forced ... as it slammed into") not at all.
//!
//! All of these are `via: context`. The rules are deliberately conservative: an unresolved pronoun
//! costs an event, a wrongly resolved one invents one.

use crate::resolve;
use crate::words::Words;
use crate::{fold_word, Binding, Found, Kind};
use entente_dictionaries::{ActorDictionary, FormKind};
use entente_model::{Actor, Sentence, Span, Via};
use std::collections::HashMap;

const SPEECH_VERBS: [&str; 24] = [
    "said",
    "says",
    "say",
    "stated",
    "states",
    "stating",
    "saying",
    "emphasized",
    "emphasised",
    "added",
    "adding",
    "told",
    "noted",
    "stressed",
    "declared",
    "mentioned",
    "announced",
    "warned",
    "wrote",
    "asserted",
    "explained",
    "insisted",
    "according",
    "remarked",
];
const CLAUSE_OPENERS: [&str; 12] = [
    "and", "but", "that", "while", "as", "because", "since", "although", "though", "when", "after",
    "before",
];
/// Prepositions that open a sentence's fronted phrase, after which a pronoun is the subject ("In
/// a later statement it promised").
const FRONTING_PREPOSITIONS: [&str; 10] = [
    "in", "on", "at", "after", "before", "during", "despite", "under", "within", "since",
];
/// How long a fronted phrase without a comma may be, preposition included.
const MAX_FRONTED_WORDS: usize = 5;

/// The most words (a comma counts) before "it" or "they" that still open its sentence when they
/// name no actor ("On the other hand, it").
const MAX_OPENING_WORDS: usize = 6;
/// Punctuation that opens a clause ("However, it said"; "...; they refused").
const CLAUSE_PUNCTUATION: [&str; 2] = [",", ";"];
const SENTENCE_ENDS: [&str; 4] = [".", "!", "?", ":"];
const EXPLETIVE_AFTER_IT: [&str; 7] = ["is", "was", "seems", "appears", "remains", "would", "will"];
/// How many mentions back an antecedent may be; bounds the work on long, unparagraphed texts.
const MAX_LOOKBACK: usize = 40;
/// The words the description and pronoun rules start at.
const TRIGGERS: [&str; 10] = [
    "the", "both", "he", "she", "it", "they", "his", "her", "its", "their",
];
const GROUP_TYPES: [&str; 3] = ["armed_group", "party", "ngo"];

pub fn resolve(
    words: &Words,
    dict: &ActorDictionary,
    mut found: Vec<Found>,
    bindings: &[Binding],
    paragraphs: &Paragraphs,
) -> Vec<Found> {
    bound_names(words, &mut found, bindings);
    let quotes = quote_regions(words);
    let mut added = Vec::new();
    for &(open, close) in &quotes {
        let Some(speaker) = speaker(words, &found, open, close) else {
            continue;
        };
        for k in open + 1..close {
            if words.is_any(k, &["we", "our", "us", "ours"]) {
                added.push(Found {
                    span: words.list[k].span,
                    actor: speaker.clone(),
                    via: Via::Context,
                    kind: Kind::Person,
                });
            }
        }
    }
    // Quote regions are sorted and do not nest: only the last one opening before `k` can hold it.
    let in_quote = |k: usize| {
        let i = quotes.partition_point(|&(open, _)| open < k);
        i > 0 && k < quotes[i - 1].1
    };
    for k in 0..words.len() {
        // Every rule below starts at one of a handful of short words; skip the rest by first byte
        // and length, before slicing the text (words are never empty).
        let span = words.list[k].span;
        let initial = words
            .text
            .as_bytes()
            .get(span.start)
            .map_or(0, u8::to_ascii_lowercase);
        if !matches!(initial, b't' | b'b' | b'h' | b's' | b'i') || span.len() > 5 {
            continue;
        }
        let first = words.text_of(k);
        if !TRIGGERS.iter().any(|t| first.eq_ignore_ascii_case(t)) {
            continue;
        }
        let start = words.list[k].span.start;
        let upto = found.partition_point(|f| f.span.start < start);
        // Mentions before this word in its paragraph, nearest first (a bounded window: the
        // paragraph). Built only for a rule that reads it: most trigger words are a plain "the".
        let paragraph = paragraphs.of(start);
        let back_to = |first_paragraph: usize| {
            found[..upto]
                .iter()
                .rev()
                .filter(|f| f.span.end <= start)
                .take_while(move |f| paragraphs.of(f.span.start) >= first_paragraph)
                .take(MAX_LOOKBACK)
        };
        let window = || back_to(paragraph);
        if words.is(k, "the")
            && words.is(k + 1, "group")
            && !matches!(words.text_of(k + 2), "“" | "\"")
        {
            let group = window().find(|f| match f.kind {
                Kind::Group => true,
                Kind::Org(i) => dict.orgs[i]
                    .org_type
                    .as_deref()
                    .is_some_and(|t| GROUP_TYPES.contains(&t)),
                _ => false,
            });
            if let Some(g) = group {
                let span = Span::new(start, words.list[k + 1].span.end);
                added.push(Found {
                    span,
                    actor: g.actor.clone(),
                    via: Via::Context,
                    kind: g.kind,
                });
            }
        } else if let Some(end) = two_states_phrase(words, k) {
            let span = Span::new(start, words.list[end].span.end);
            for actor in last_two_states(dict, &found[..upto], start) {
                added.push(Found {
                    span,
                    actor,
                    via: Via::Context,
                    kind: Kind::State(FormKind::Name),
                });
            }
        } else if !in_quote(k) && is_subject_position(words, k) {
            // Only a pronoun that wants an antecedent has one.
            let Some(wants) = pronoun_wants(words, k) else {
                continue;
            };
            // The subject of the sentence (its first compatible mention) first; for a pronoun
            // opening its sentence, the subject of the sentence before (the one a reader keeps
            // in mind: "Erdogan met Aliyev. He also criticised Israel" is Erdogan); else the
            // nearest one.
            let window: Vec<&Found> = window().collect();
            let accepts = |f: &Found| wants.accepts(dict, f) && !is_dateline(words.text, f);
            let sentence_start = clause_start(words, k);
            let subject = first_in(&window, sentence_start..start, accepts);
            // The sentence before may end the paragraph before ("... said Musharraf. / He
            // added"): news paragraphs are often one sentence long. A pronoun after an opening
            // phrase that names no actor ("However, it", "On the other hand, it") opens its
            // sentence as much as one that is its first word.
            let opening = words.at_or_after(sentence_start)..k;
            let no_actor_before = first_in(&window, sentence_start..start, |_| true).is_none();
            let opens_sentence = k == 0
                || words.list[k - 1].span.end <= sentence_start
                || (no_actor_before
                    && (matches!(wants, Wants::Person) || opening.len() <= MAX_OPENING_WORDS));
            // "The storm forced thousands out as it slammed into X": a sentence whose subject is
            // a thing no dictionary names before the pronoun; "it" is most likely that thing. (A
            // "he" or "she" after a long stretch naming no actor is still the last speaker: ",
            // he told MSPs".)
            let thing_subject = no_actor_before
                && !opens_sentence
                && words.is_any(opening.start, &["the", "a", "an"])
                && words.is_lowercase_word(opening.start + 1);
            let previous_subject = || {
                let from = previous_sentence_start(words, k).filter(|_| opens_sentence)?;
                let wider: Vec<&Found> = back_to(paragraph.saturating_sub(1)).collect();
                first_in(&wider, from..sentence_start, accepts)
            };
            let nearest = window.iter().copied().find(|f| accepts(f));
            // A possessive resolves only when the subject and the nearest candidate agree.
            let antecedent = if is_possessive_pronoun(words, k) {
                nearest.filter(|n| subject.is_none_or(|s| s.actor == n.actor))
            } else {
                subject
                    .or_else(previous_subject)
                    .or(nearest.filter(|_| !thing_subject))
            };
            if let Some(a) = antecedent {
                added.push(Found {
                    span: words.list[k].span,
                    actor: a.actor.clone(),
                    via: Via::Context,
                    kind: a.kind,
                });
            }
        }
    }
    let free: Vec<Found> = added
        .into_iter()
        .filter(|a| !crate::overlaps_sorted(&found, a.span, |f| f.span))
        .collect();
    found.extend(free);
    found
}

/// Bound names ("Hajiyev", "Ronen Levy") wherever they occur after their binding, outside other mentions.
fn bound_names(words: &Words, found: &mut Vec<Found>, bindings: &[Binding]) {
    // Bindings by first word, each list in order of where it holds from: a capitalised word looks
    // only at the bindings its own word starts, and at most the latest MAX_LOOKBACK of them, so a
    // text that introduces thousands of names costs a bounded amount per word.
    let mut by_first: HashMap<&str, Vec<&Binding>> = HashMap::new();
    for b in bindings {
        if let Some(first) = b.words.first() {
            by_first.entry(first.as_str()).or_default().push(b);
        }
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|b| b.from);
    }
    let mut added = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let start = words.list[k].span.start;
        // `found` is sorted by start, so only mentions starting before this word can cover it.
        let inside = || {
            let before = found.partition_point(|f| f.span.start <= start);
            found[..before]
                .iter()
                .rev()
                .take(4)
                .any(|f| start < f.span.end)
        };
        // Cheapest tests first: most words are lower-case, and most documents bind no name.
        let best = if bindings.is_empty() || !words.is_capitalised(k) || inside() {
            None
        } else {
            let first = fold_word(words.text_of(k));
            by_first.get(first.as_str()).and_then(|list| {
                let holding = list.partition_point(|b| b.from <= start);
                list[holding.saturating_sub(MAX_LOOKBACK)..holding]
                    .iter()
                    .copied()
                    .filter(|b| matches_at(words, k, &b.words).is_some())
                    .max_by_key(|b| (b.words.len(), b.from))
            })
        };
        match best {
            Some(b) => {
                let last = matches_at(words, k, &b.words).unwrap_or(k);
                let span = Span::new(start, words.list[last].span.end);
                added.push(Found {
                    span,
                    actor: b.actor.clone(),
                    via: Via::Context,
                    kind: Kind::Person,
                });
                k = last + 1;
            }
            None => k += 1,
        }
    }
    found.extend(added);
    found.sort_by_key(|f| (f.span.start, f.span.end));
}

/// The index of the last word when `name` (folded words, hyphens skipped) matches at word `k`.
fn matches_at(words: &Words, k: usize, name: &[String]) -> Option<usize> {
    let mut i = k;
    for (n, part) in name.iter().enumerate() {
        if n > 0 && words.text_of(i) == "-" {
            i += 1;
        }
        if i >= words.len() || !words.list[i].is_word || fold_word(words.text_of(i)) != *part {
            return None;
        }
        i += 1;
    }
    // A following word joined by a hyphen or a capitalised word would make it a different name.
    let next_is_name = words.is_capitalised(i)
        && words.adjacent(words.list[i - 1].span.end, words.list[i].span.start);
    (!next_is_name).then_some(i - 1)
}

/// Pairs of (opening, closing) quote word indices: curly pairs, and straight quotes taken in turns.
fn quote_regions(words: &Words) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight: Option<usize> = None;
    for k in 0..words.len() {
        // The marks are one byte ('"') or three ('“', '”'): skip other words without slicing.
        if !matches!(words.list[k].span.len(), 1 | 3) {
            continue;
        }
        match words.text_of(k) {
            "“" => open = Some(k),
            "”" => {
                if let Some(o) = open.take() {
                    out.push((o, k));
                }
            }
            "\"" => match straight.take() {
                Some(o) => out.push((o, k)),
                None => straight = Some(k),
            },
            _ => {}
        }
    }
    out.sort_unstable();
    out
}

/// The speaker of a quotation: the mention nearest before a speech verb that precedes the quote in
/// the same sentence, or the mention in "..., X said" right after it.
fn speaker(words: &Words, found: &[Found], open: usize, close: usize) -> Option<Actor> {
    let mut k = open;
    let mut verb = None;
    while k > 0 && open - k < 60 {
        k -= 1;
        if SENTENCE_ENDS[..3].contains(&words.text_of(k)) || words.text_of(k) == "”" {
            break;
        }
        if verb.is_none() && words.is_any(k, &SPEECH_VERBS) {
            verb = Some(k);
        }
    }
    let is_speaker = |f: &&Found| f.via != Via::Context || f.kind == Kind::Person;
    if let Some(v) = verb {
        let (from, to) = (words.list[k].span.start, words.list[v].span.start);
        let window = &found[found.partition_point(|f| f.span.start < from)
            ..found.partition_point(|f| f.span.start < to)];
        if let Some(f) = window
            .iter()
            .filter(|f| f.span.end <= to)
            .rev()
            .find(is_speaker)
        {
            return Some(f.actor.clone());
        }
    }
    let after_start = words.list.get(close + 1)?.span.start;
    let after_end = words.list.get((close + 6).min(words.len() - 1))?.span.end;
    let said = (close + 1..(close + 7).min(words.len())).any(|i| words.is_any(i, &SPEECH_VERBS));
    if !said {
        return None;
    }
    found[found.partition_point(|f| f.span.start < after_start)..]
        .iter()
        .take_while(|f| f.span.start < after_end)
        .find(|f| f.span.end <= after_end)
        .map(|f| f.actor.clone())
}

/// "the two countries", "both nations", ...: the index of the phrase's last word.
fn two_states_phrase(words: &Words, k: usize) -> Option<usize> {
    const NOUNS: [&str; 6] = [
        "countries",
        "nations",
        "states",
        "governments",
        "sides",
        "capitals",
    ];
    if words.is(k, "the") && words.is(k + 1, "two") && words.is_any(k + 2, &NOUNS) {
        Some(k + 2)
    } else if words.is(k, "both") && words.is_any(k + 1, &NOUNS) {
        Some(k + 1)
    } else {
        None
    }
}

/// The last two distinct states mentioned before `start`, as state actors, nearest first.
fn last_two_states(dict: &ActorDictionary, found: &[Found], start: usize) -> Vec<Actor> {
    let mut codes: Vec<&str> = Vec::new();
    for f in found
        .iter()
        .rev()
        .filter(|f| f.span.end <= start)
        .take(MAX_LOOKBACK)
    {
        let state = f.actor.country.as_ref().map(|c| c.as_str());
        if let Some(c) = state.filter(|c| dict.country(c).is_some_and(|c| !c.is_region)) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        if codes.len() == 2 {
            break;
        }
    }
    if codes.len() < 2 {
        return Vec::new();
    }
    codes
        .iter()
        .filter_map(|c| dict.country(c))
        .map(|c| resolve::state(c, None, None))
        .collect()
}

/// Which antecedents a pronoun accepts.
#[derive(Clone, Copy)]
enum Wants {
    Person,
    StateOrOrg,
    Group,
}

impl Wants {
    fn accepts(self, dict: &ActorDictionary, f: &Found) -> bool {
        match (self, f.kind) {
            (Self::Person, Kind::Person | Kind::Office { personal: true }) => true,
            // "it" is a state, never a world region ("unlike most Western countries, ... it").
            (Self::StateOrOrg, Kind::State(form)) => {
                !matches!(
                    form,
                    FormKind::Demonym | FormKind::Adjective | FormKind::Region
                ) && !is_world_region(dict, f)
            }
            (Self::StateOrOrg, Kind::Org(_) | Kind::Group) => true,
            (Self::Group, Kind::Group) => true,
            (Self::Group, Kind::State(FormKind::Demonym)) => true,
            (Self::Group, Kind::Org(i)) => dict.orgs[i]
                .org_type
                .as_deref()
                .is_some_and(|t| GROUP_TYPES.contains(&t)),
            _ => false,
        }
    }
}

/// Whether a mention lies in a dateline ("VIENNA (AFP) - Iran denied that it ...", "KABUL, May 3
/// (Reuters) -", "Abidjan - A plane ..."): a line that runs to a dash within a few words, every
/// one of them capitalised, a number or in brackets. The dateline says where and by whom the
/// story was filed, so no pronoun stands for its names.
fn is_dateline(text: &str, f: &Found) -> bool {
    const LONGEST_DATELINE: usize = 60;
    // Only the bytes a dateline can span are read: a document without line breaks is long.
    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let back = floor(f.span.start.saturating_sub(LONGEST_DATELINE));
    let line_start = match text[back..f.span.start].rfind('\n') {
        Some(i) => back + i + 1,
        None if back == 0 => 0,
        None => return false,
    };
    let line = &text[line_start..floor((line_start + LONGEST_DATELINE + 4).min(text.len()))];
    let Some(dash) = [" - ", " -- ", " — ", " – "]
        .iter()
        .filter_map(|d| line.find(d))
        .min()
        .filter(|&at| at <= LONGEST_DATELINE)
    else {
        return false;
    };
    let header = &line[..dash];
    let mut in_brackets = false;
    let plain = header.split_whitespace().all(|word| {
        let word = word.trim_matches(|c: char| c == ',' || c == ':');
        let bracketed = in_brackets || word.starts_with('(');
        in_brackets = bracketed && !word.ends_with(')');
        bracketed || word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    });
    plain && !header.trim().is_empty() && f.span.end <= line_start + dash
}

fn is_world_region(dict: &ActorDictionary, f: &Found) -> bool {
    f.actor
        .country
        .as_ref()
        .and_then(|c| dict.country(c.as_str()))
        .is_some_and(|c| c.is_region)
}

fn pronoun_wants(words: &Words, k: usize) -> Option<Wants> {
    let subject = |w: Wants| {
        let next = k + 1;
        let verb_follows = words.is_lowercase_word(next);
        let expletive = matches!(w, Wants::StateOrOrg) && words.is_any(next, &EXPLETIVE_AFTER_IT);
        (verb_follows && !expletive).then_some(w)
    };
    if words.is_any(k, &["he", "she"]) {
        subject(Wants::Person)
    } else if words.is(k, "it") {
        subject(Wants::StateOrOrg)
    } else if words.is(k, "they") {
        subject(Wants::Group)
    } else if words.is_any(k, &["his", "her"]) {
        Some(Wants::Person)
    } else if words.is(k, "its") {
        Some(Wants::StateOrOrg)
    } else if words.is(k, "their") {
        Some(Wants::Group)
    } else {
        None
    }
}

fn is_possessive_pronoun(words: &Words, k: usize) -> bool {
    words.is_any(k, &["his", "her", "its", "their"])
}

/// Byte offset where the sentence holding word `k` starts (after the previous `.`, `!` or `?`).
/// Looks back at most a sentence's longest length ([`entente_text::MAX_SENTENCE_TOKENS`]), where
/// segmentation would have cut it: a text without full stops then costs a bounded scan per word.
pub(crate) fn clause_start(words: &Words, k: usize) -> usize {
    let floor = k.saturating_sub(entente_text::MAX_SENTENCE_TOKENS);
    last_sentence_end(words, k).map_or_else(
        || {
            words
                .list
                .get(floor)
                .filter(|_| floor > 0)
                .map_or(0, |w| w.span.start)
        },
        |i| words.list[i].span.end,
    )
}

/// The first mention of `window` (nearest first, so searched from its end) starting in `bytes`
/// that `accepts` takes.
fn first_in<'f>(
    window: &[&'f Found],
    bytes: std::ops::Range<usize>,
    accepts: impl Fn(&Found) -> bool,
) -> Option<&'f Found> {
    window
        .iter()
        .rev()
        .find(|f| bytes.contains(&f.span.start) && accepts(f))
        .copied()
}

/// The byte where the sentence before the one holding word `k` starts, when one ends before it.
fn previous_sentence_start(words: &Words, k: usize) -> Option<usize> {
    last_sentence_end(words, k).map(|end| clause_start(words, end))
}

/// The last `.`, `!` or `?` before word `k`, looking back at most a sentence's longest length.
fn last_sentence_end(words: &Words, k: usize) -> Option<usize> {
    let floor = k.saturating_sub(entente_text::MAX_SENTENCE_TOKENS);
    (floor..k)
        .rev()
        .find(|&i| SENTENCE_ENDS[..3].contains(&words.text_of(i)))
}

/// A clause-initial position: start of text, after a sentence end, or after a clause opener.
fn is_subject_position(words: &Words, k: usize) -> bool {
    if !words.list[k].is_word {
        return false;
    }
    k == 0
        || words.is_any(k - 1, &CLAUSE_OPENERS)
        || CLAUSE_PUNCTUATION.contains(&words.text_of(k - 1))
        || SENTENCE_ENDS.contains(&words.text_of(k - 1))
        || follows_a_fronted_phrase(words, k)
}

/// Whether word `k` follows a short phrase that opens its sentence with a preposition and no
/// comma ("In a later statement it promised", "On Tuesday they said"): the clause starts there.
fn follows_a_fronted_phrase(words: &Words, k: usize) -> bool {
    let first = words.at_or_after(clause_start(words, k));
    words.is_any(first, &FRONTING_PREPOSITIONS)
        && k >= first + 2
        && k - first <= MAX_FRONTED_WORDS
        && (first + 1..k).all(|j| words.list[j].is_word)
}

/// Paragraph numbers by byte offset: from the sentences when given, else from blank lines.
pub(crate) struct Paragraphs {
    /// (start offset, paragraph number), sorted.
    starts: Vec<(usize, usize)>,
}

impl Paragraphs {
    pub(crate) fn new(text: &str, sentences: &[Sentence]) -> Self {
        if !sentences.is_empty() {
            return Self {
                starts: sentences
                    .iter()
                    .map(|s| (s.span.start, s.paragraph))
                    .collect(),
            };
        }
        let mut starts = vec![(0, 0)];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\n' {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'\n' {
                    starts.push((j + 1, starts.len()));
                    i = j;
                }
            }
            i += 1;
        }
        Self { starts }
    }

    pub(crate) fn of(&self, offset: usize) -> usize {
        let i = self.starts.partition_point(|&(s, _)| s <= offset);
        i.checked_sub(1).map_or(0, |i| self.starts[i].1)
    }
}
