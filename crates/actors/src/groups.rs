//! Named groups the dictionary does not know, introduced by the text itself:
//! - a group noun and a quoted or announced name: "the group “A Thousand Youth for Palestine”",
//!   "a militant group called Ansar al-Islam", "a movement known as LetUsSpeak";
//! - an apposition: "LetUsSpeak, a youth movement";
//! - a name before a lower-case group noun: "the LetUsSpeak movement", "Los Zetas cartel";
//! - a capitalised name headed by an organisation noun: "the Earth Liberation Front", "the Green Party",
//!   "LAUSD Union of Teachers".
//!
//! Each becomes a document-scoped non-state actor: id `group:NAME_IN_SNAKE_CASE` (stable for the
//! same name), the sector from the words that describe it (militant/armed → REB, activist/protest →
//! OPP, youth → CVL, ...; FORMAT.md, "Named groups"), and a country only when the text states one:
//! a state adjective in the description ("a Turkish youth group") or at the head of the name
//! ("Zairian Association for ..."). A state named inside a quoted name ("... for Palestine") is part of
//! the name, not a separate mention. Dictionary matches inside the group's phrase are consumed.

use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::{ActorDictionary, DictMatch, FormKind, Target};
use entente_model::{Actor, ActorCode, Sector, Span, Via};
use std::ops::Range;

/// Lower-case nouns that introduce a group's name ("the group “X”", "the X movement").
const GROUP_NOUNS: [&str; 22] = [
    "group",
    "movement",
    "organisation",
    "organization",
    "network",
    "militia",
    "faction",
    "coalition",
    "collective",
    "campaign",
    "initiative",
    "cell",
    "gang",
    "cartel",
    "front",
    "party",
    "alliance",
    "union",
    "association",
    "brigade",
    "brigades",
    "outfit",
];

/// Capitalised nouns that head an organisation's name ("Earth Liberation Front", "Green Party",
/// "Freeport-McMoRan Inc"). "Group" is left out: as a head it names companies as often as
/// militias; so is "Limited", an adjective in a title-case headline.
const HEAD_NOUNS: [&str; 24] = [
    // A company's designators first: `CORPORATE_NOUNS` is this prefix.
    "Inc",
    "Corp",
    "Corporation",
    "Ltd",
    "PLC",
    "Plc",
    "LLC",
    "Holdings",
    "Party",
    "Front",
    "Movement",
    "Association",
    "Alliance",
    "Federation",
    "Union",
    "Congress",
    "League",
    "Brigade",
    "Brigades",
    "Army",
    "Coalition",
    "Organisation",
    "Organization",
    "Cartel",
];

/// The head nouns that make a named group a company: business (BUS).
const CORPORATE_NOUNS: &[&str] = HEAD_NOUNS.split_at(8).0;

/// Group nouns that after a capitalised word usually mean something else ("the Eastern front",
/// "the Aleppo campaign").
const BATTLE_NOUNS: [&str; 5] = ["front", "campaign", "initiative", "cell", "union"];

/// Religious and ethnic adjectives that describe a group rather than name it.
const IDENTITIES: [&str; 24] = [
    "christian",
    "muslim",
    "jewish",
    "islamic",
    "islamist",
    "catholic",
    "protestant",
    "orthodox",
    "hindu",
    "buddhist",
    "sikh",
    "shiite",
    "shia",
    "sunni",
    "arab",
    "kurdish",
    "baloch",
    "pashtun",
    "tamil",
    "druze",
    "alawite",
    "coptic",
    "evangelical",
    "yazidi",
];

/// Lower-case words allowed inside a capitalised name ("Union of Teachers", "Youth for Palestine").
const NAME_CONNECTORS: [&str; 6] = ["of", "for", "the", "de", "al", "el"];

/// Words that announce a name after a group noun ("a group called X").
const ANNOUNCERS: [&str; 4] = ["called", "named", "dubbed", "calling"];

/// Description words and the sector they give, strongest first (the first hit wins).
const SECTOR_WORDS: [(&str, &[&str]); 10] = [
    (
        "REB",
        &[
            "militant",
            "armed",
            "jihadist",
            "terrorist",
            "extremist",
            "rebel",
            "insurgent",
            "guerrilla",
            "guerilla",
            "front",
            "army",
            "brigade",
            "brigades",
            "liberation",
            "resistance",
        ],
    ),
    ("SEP", &["separatist", "secessionist"]),
    ("UAF", &["militia", "paramilitary"]),
    ("CRM", &["cartel", "gang", "criminal", "mafia"]),
    ("HRI", &["rights", "liberties"]),
    ("NGO", &["aid", "humanitarian", "charity", "relief"]),
    ("LAB", &["trade", "workers", "labour", "labor", "teachers"]),
    ("EDU", &["student", "students"]),
    (
        "OPP",
        &[
            "activist",
            "activists",
            "protest",
            "opposition",
            "dissident",
            "party",
            "movement",
            "campaign",
        ],
    ),
    (
        "CVL",
        &["youth", "civic", "community", "citizens", "volunteer"],
    ),
];

/// A group the text names.
#[derive(Debug, Clone)]
pub struct NamedGroup {
    /// The mention: the name, with the group noun when they form one phrase.
    pub found: Found,
    /// The whole introducing phrase; dictionary matches inside it are part of the group.
    pub consumed: Span,
}

/// Every named group in the text, in text order, none overlapping.
pub fn find(dict: &ActorDictionary, words: &Words, matches: &[DictMatch]) -> Vec<NamedGroup> {
    let mut out: Vec<NamedGroup> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        // Each pattern starts at a comma, a lower-case group noun or a capitalised word: a cheap
        // test on the word's text picks the one to try.
        let text = words.text_of(k);
        let hit = if text == "," {
            apposition(dict, words, matches, k)
        } else if is_group_noun(text) {
            introduced_by_noun(dict, words, matches, k)
        } else if text.starts_with(|c: char| c.is_uppercase()) {
            match name_scan(words, k) {
                Ok(()) => headed_name(dict, words, matches, k),
                // No word after this one in the run can head a name either.
                Err(end) => {
                    k = end.max(k + 1);
                    continue;
                }
            }
        } else {
            None
        };
        match hit {
            Some((group, next)) => {
                let clear = out
                    .last()
                    .is_none_or(|last| !last.consumed.overlaps(group.consumed));
                if clear {
                    out.push(group);
                }
                k = next.max(k + 1);
            }
            None => k += 1,
        }
    }
    out.sort_by_key(|g| g.consumed.start);
    out
}

/// Whether `text` is one of [`GROUP_NOUNS`]. Every word is asked, and most are too short or
/// capitalised to be one: those are told by their length and first byte, before the list.
fn is_group_noun(text: &str) -> bool {
    text.len() >= 4 && text.as_bytes()[0].is_ascii_lowercase() && GROUP_NOUNS.contains(&text)
}

/// `Ok` when the capitalised words from `k` hold a head noun or end before a group noun, else the
/// index where they end: a quick scan that spares the full name analysis for most capitalised words.
fn name_scan(words: &Words, k: usize) -> Result<(), usize> {
    let mut i = k;
    while i < words.len() && i - k < 14 && joins_name(words, i) {
        if HEAD_NOUNS.contains(&words.text_of(i)) {
            return Ok(());
        }
        i += 1;
    }
    if is_group_noun(words.text_of(i)) {
        Ok(())
    } else {
        Err(i)
    }
}

/// "the [STATE-ADJ] [qualifiers] NOUN “NAME”", "NOUN called NAME", "NOUN known as NAME",
/// "the NAME [qualifiers] NOUN": `k` is the group noun.
fn introduced_by_noun(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    k: usize,
) -> Option<(NamedGroup, usize)> {
    if !words.is_lowercase_word(k) || !words.is_any(k, &GROUP_NOUNS) {
        return None;
    }
    let description = description_before(words, matches, k);
    let mut at = k + 1;
    if words.is_any(at, &ANNOUNCERS) {
        at += 1;
    } else if words.is(at, "known") && words.is(at + 1, "as") {
        at += 2;
    }
    let announced = at > k + 1;
    if let Some((name, close)) = quoted(words, at) {
        if known_whole(matches, name) {
            return None;
        }
        let span = Span::new(
            words.list[description].span.start,
            words.list[close].span.end,
        );
        let group = build(dict, words, matches, name, span, description..k, k);
        return Some((group, close + 1));
    }
    if announced {
        let (first, last) = capitalised_run(words, at)?;
        let name = Span::new(words.list[first].span.start, words.list[last].span.end);
        if known_whole(matches, name) {
            return None;
        }
        let span = Span::new(words.list[description].span.start, name.end);
        let group = build(dict, words, matches, name, span, description..k, k);
        return Some((group, last + 1));
    }
    None
}

/// "NAME, a|an [STATE-ADJ] [qualifiers] NOUN": `k` is the comma.
fn apposition(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    k: usize,
) -> Option<(NamedGroup, usize)> {
    if words.text_of(k) != "," || !words.is_any(k + 1, &["a", "an"]) {
        return None;
    }
    let noun = (k + 2..(k + 7).min(words.len()))
        .take_while(|&i| words.list[i].is_word)
        .find(|&i| words.is_lowercase_word(i) && words.is_any(i, &GROUP_NOUNS))?;
    // The noun must end the description: "X, a group of lawyers" is still a group, "X, a party
    // official" is a person.
    let ends = !words.list.get(noun + 1).is_some_and(|w| w.is_word)
        || words.is_any(
            noun + 1,
            &[
                "of", "that", "which", "based", "founded", "led", "formed", "in", "from", "with",
                "linked",
            ],
        );
    if !ends {
        return None;
    }
    let name = match quoted_before(words, k) {
        Some(span) => span,
        None => {
            let (first, last) = capitalised_run_before(words, k.checked_sub(1)?)?;
            Span::new(words.list[first].span.start, words.list[last].span.end)
        }
    };
    if known_whole(matches, name) {
        return None;
    }
    let group = build(dict, words, matches, name, name, k + 2..noun, noun);
    let consumed = Span::new(name.start, words.list[noun].span.end);
    Some((NamedGroup { consumed, ..group }, noun + 1))
}

/// "the LetUsSpeak movement", "Los Zetas cartel" (a name before a lower-case group noun), and
/// "the Earth Liberation Front" (a name headed by a capitalised organisation noun): `k` starts the name.
fn headed_name(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    k: usize,
) -> Option<(NamedGroup, usize)> {
    let name_word = |i: usize| is_name_word(words, i) && !crate::names::is_stop_word(words, i);
    let inside_name = |i: usize| {
        name_word(i)
            || ((words.is_any(i, &NAME_CONNECTORS) || words.text_of(i) == "-")
                && i > 0
                && name_word(i - 1))
    };
    // Inside a longer name, or a hyphenated description ("pro-Khalistani outfit").
    if k > 0 && (inside_name(k - 1) || words.text_of(k - 1) == "-") {
        return None;
    }
    let (first, mut last) = capitalised_run(words, k)?;
    let first = without_lead_noun(words, first);
    if first > last || !is_name_word(words, first) {
        return None;
    }
    let head = (first..=last)
        .rev()
        .find(|&i| HEAD_NOUNS.iter().any(|h| words.text_of(i) == *h));
    let lower_noun = (words.is_lowercase_word(last + 1)
        && words.is_any(last + 1, &GROUP_NOUNS)
        && !words.is_any(last + 1, &BATTLE_NOUNS))
    .then_some(last + 1);
    let noun = match (head, lower_noun) {
        (_, Some(n)) => n,
        (Some(h), None) if h > first => {
            // A possessive after the head noun ends the name: "the Green Party's leader".
            if let Some(owner) = (h + 1..last).find(|&i| words.is_possessive(i)) {
                last = owner - 1;
            }
            h
        }
        _ => return None,
    };
    let name = Span::new(words.list[first].span.start, words.list[last].span.end);
    // The name must say something the dictionary does not: "Syrian Army" is a state's army,
    // "Islamic State group" a known organisation, and "Jane Doe of the Green Party" a member of
    // one (where "of" comes before the head noun; "Communist Party of Nepal" is a name).
    let member_of_known = (first + 1..noun.min(last))
        .filter(|&i| words.is(i, "of"))
        .any(|of| {
            let from = if words.is(of + 1, "the") {
                of + 2
            } else {
                of + 1
            };
            from <= last
                && known_whole(
                    matches,
                    Span::new(words.list[from].span.start, words.list[last].span.end),
                )
        });
    if known_whole(matches, name)
        || member_of_known
        || !has_unknown_word(words, matches, first, last, noun)
    {
        return None;
    }
    if Some(noun) == lower_noun {
        last = noun;
    }
    let span = Span::new(words.list[first].span.start, words.list[last].span.end);
    let group = build(dict, words, matches, name, span, first..first, noun);
    Some((group, last + 1))
}

/// The first word of a name, past a sentence-initial "Members of the" or a number word: a
/// capitalised common noun at the start of a sentence is not part of the name.
fn without_lead_noun(words: &Words, first: usize) -> usize {
    let sentence_start =
        first == 0 || matches!(words.text_of(first - 1), "." | "!" | "?" | ":" | "“" | "\"");
    // "Twenty New People's Army rebels": the count opens the sentence, the name follows.
    if words.is_any(first, entente_text::COUNT_WORDS) {
        first + 1
    } else if sentence_start && words.is(first + 1, "of") {
        first + if words.is(first + 2, "the") { 3 } else { 2 }
    } else {
        first
    }
}

/// The group actor and mention for `name`, described by the words `describing` and its `noun`.
fn build(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    name: Span,
    span: Span,
    describing: Range<usize>,
    noun: usize,
) -> NamedGroup {
    let name_text = name
        .slice(words.text)
        .trim_matches(|c: char| !c.is_alphanumeric());
    let name_head = words.at_or_after(name.start);
    let name_words = name_head..words.at_or_after(name.end);
    // The description and the name speak first ("youth movement" is CVL), the noun last.
    let lower = |i: usize| words.text_of(i).to_lowercase();
    let described: Vec<String> = describing
        .clone()
        .chain(name_words)
        .filter(|&i| words.list[i].is_word && i != noun)
        .map(lower)
        .collect();
    let cue_in = |vocabulary: &[String]| {
        SECTOR_WORDS
            .iter()
            .find(|(_, cues)| cues.iter().any(|c| vocabulary.iter().any(|v| v == c)))
            .map(|(s, _)| *s)
    };
    // A company says so in its last word, whatever its name is about ("Liberation Holdings").
    let sector = if CORPORATE_NOUNS.contains(&words.text_of(noun)) {
        "BUS"
    } else {
        cue_in(&described)
            .or_else(|| cue_in(&[lower(noun)]))
            .unwrap_or("CVL")
    };
    let sector = Sector::new(sector).ok();
    // A state adjective in the description, or a state named in the name before any connector
    // ("Zairian Association for ...", "Nigeria Labour Congress"), or ending it after "of";
    // never after "for" ("... for Palestine").
    let name_lead = (name_head..words.at_or_after(name.end))
        .take_while(|&i| !words.is_any(i, &NAME_CONNECTORS));
    // "Communist Party of Nepal": a state ending the name after its head noun and "of" is the
    // group's too ("Friends of Syria" is not a Syrian group).
    let last_word = words.at_or_after(name.end).saturating_sub(1);
    let of_at = (name_head..last_word).rev().find(|&i| words.is(i, "of"));
    let of_state = of_at
        .filter(|&of| of > name_head && HEAD_NOUNS.contains(&words.text_of(of - 1)))
        .filter(|&of| of + 1 == last_word || (of + 2 == last_word && words.is(of + 1, "the")))
        .and_then(|_| state_at(matches, words.list[last_word].span));
    let country = describing
        .filter_map(|i| adjective_at(matches, words.list.get(i)?.span))
        .chain(name_lead.filter_map(|i| state_at(matches, words.list.get(i)?.span)))
        .chain(of_state)
        .next()
        .map(|c| dict.countries[c].id.clone());
    let code = match (&country, &sector) {
        (Some(c), Some(s)) => ActorCode::new(&format!("{c}{s}")).ok(),
        (None, Some(s)) => ActorCode::new(s.as_str()).ok(),
        _ => None,
    }
    .unwrap_or_else(|| ActorCode::new("UNK").expect("valid code"));
    let actor = Actor {
        id: format!("group:{}", crate::resolve::snake(name_text)),
        name: name_text.to_string(),
        country,
        sector,
        code,
    };
    NamedGroup {
        found: Found {
            span,
            actor,
            via: Via::Context,
            kind: Kind::Group,
        },
        consumed: span,
    }
}

/// Words that may describe a group before its noun, besides the sector cues and state adjectives.
const DESCRIBERS: [&str; 16] = [
    "islamist",
    "pro",
    "anti",
    "shadowy",
    "obscure",
    "little",
    "known",
    "new",
    "small",
    "radical",
    "far",
    "right",
    "left",
    "wing",
    "nationalist",
    "political",
];

/// The start of the description before group noun `k`: back over describing words and state
/// adjectives ("Palestinian militant", "pro-Kurdish youth"), to just after the determiner.
fn description_before(words: &Words, matches: &[DictMatch], k: usize) -> usize {
    let is_describer = |i: usize| {
        let w = words.text_of(i).to_lowercase();
        w == "-"
            || DESCRIBERS.contains(&w.as_str())
            || SECTOR_WORDS
                .iter()
                .any(|(_, cues)| cues.contains(&w.as_str()))
            || adjective_at(matches, words.list[i].span).is_some()
    };
    let mut first = k;
    while first > 0 && k - first < 5 && is_describer(first - 1) {
        first -= 1;
    }
    while first < k && words.text_of(first) == "-" {
        first += 1;
    }
    first
}

/// The state of an adjective match covering `span`, if any.
fn adjective_at(matches: &[DictMatch], span: Span) -> Option<usize> {
    covering(matches, span).find_map(|m| {
        m.targets.iter().find_map(|t| match *t {
            Target::Country {
                index,
                form: FormKind::Adjective,
            } => Some(index),
            _ => None,
        })
    })
}

/// The state any country form covering `span` names (a name, an adjective, a city, a region).
fn state_at(matches: &[DictMatch], span: Span) -> Option<usize> {
    covering(matches, span).find_map(|m| {
        m.targets.iter().find_map(|t| match *t {
            Target::Country { index, .. } => Some(index),
            _ => None,
        })
    })
}

/// The span inside quotes opening at word `at`, and the index of the closing quote.
fn quoted(words: &Words, at: usize) -> Option<(Span, usize)> {
    let close = match words.text_of(at) {
        "“" => "”",
        "\"" => "\"",
        "«" => "»",
        "‘" => "’",
        _ => return None,
    };
    let end = (at + 1..(at + 16).min(words.len())).find(|&i| words.text_of(i) == close)?;
    (end > at + 1 && words.is_capitalised(at + 1)).then(|| {
        (
            Span::new(words.list[at + 1].span.start, words.list[end - 1].span.end),
            end,
        )
    })
}

/// A quoted name ending just before word `k` (its closing quote is `k - 1`).
fn quoted_before(words: &Words, k: usize) -> Option<Span> {
    let close = k.checked_sub(1)?;
    let open = match words.text_of(close) {
        "”" => "“",
        "\"" => "\"",
        "»" => "«",
        _ => return None,
    };
    let start = (close.saturating_sub(16)..close)
        .rev()
        .find(|&i| words.text_of(i) == open)?;
    quoted(words, start).map(|(span, _)| span)
}

fn is_name_word(words: &Words, i: usize) -> bool {
    words.is_capitalised(i)
        || (words.list.get(i).is_some_and(|w| w.is_word)
            && !words.in_headline(i)
            && words.text_of(i).chars().any(char::is_uppercase))
}

/// Whether word `i` may sit inside a name: a name word, a hyphen, a connector or a possessive.
fn joins_name(words: &Words, i: usize) -> bool {
    is_name_word(words, i)
        || words.text_of(i) == "-"
        || words.is_any(i, &NAME_CONNECTORS)
        || words.is_possessive(i)
        || (words.is(i, "s") && i > 0 && words.is_possessive(i - 1))
}

/// The capitalised name starting at word `k`: capitalised words joined by hyphens, possessives
/// ("People's") and a few lower-case connectors ("Union of Teachers"), ending on a capitalised word.
fn capitalised_run(words: &Words, k: usize) -> Option<(usize, usize)> {
    if !is_name_word(words, k) || crate::names::is_stop_word(words, k) {
        return None;
    }
    let mut last = k;
    let mut i = k + 1;
    while i < words.len() && i - k < 14 && joins_name(words, i) {
        if is_name_word(words, i) && !crate::names::is_stop_word(words, i) {
            last = i;
        } else if is_name_word(words, i) {
            break;
        }
        i += 1;
    }
    Some((k, last))
}

/// The capitalised name ending at word `end`, scanning backwards the same way.
fn capitalised_run_before(words: &Words, end: usize) -> Option<(usize, usize)> {
    if !is_name_word(words, end) {
        return None;
    }
    let mut first = end;
    let mut i = end;
    while i > 0 && end - i < 14 && joins_name(words, i - 1) {
        i -= 1;
        if is_name_word(words, i) {
            if crate::names::is_stop_word(words, i) {
                break;
            }
            first = i;
        }
    }
    Some((first, end))
}

/// Whether one dictionary match covers all of `name` (the dictionary knows this group).
fn known_whole(matches: &[DictMatch], name: Span) -> bool {
    covering(matches, name).any(|m| !is_role(m))
}

/// The matches that cover all of `span` (matches are sorted and overlap little: a binary search
/// and a short look back).
fn covering(matches: &[DictMatch], span: Span) -> impl Iterator<Item = &DictMatch> {
    let upto = matches.partition_point(|m| m.span.start <= span.start);
    matches[..upto]
        .iter()
        .rev()
        .take(4)
        .filter(move |m| span.end <= m.span.end)
}

fn is_role(m: &DictMatch) -> bool {
    m.targets.iter().all(|t| matches!(t, Target::Role(_)))
}

/// Whether a capitalised word of the name, other than its head noun, is neither part of a
/// dictionary match nor an identity: "Earth Liberation Front" yes; "Syrian Army", "Hamas Movement"
/// and "a Lebanese Shia movement" no.
fn has_unknown_word(
    words: &Words,
    matches: &[DictMatch],
    first: usize,
    last: usize,
    noun: usize,
) -> bool {
    (first..=last).any(|i| {
        i != noun
            && is_name_word(words, i)
            && !HEAD_NOUNS.iter().any(|h| words.text_of(i) == *h)
            && !words.is_any(i, &IDENTITIES)
            && !covering(matches, words.list[i].span).any(|m| !is_role(m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_noun_passes_the_quick_test() {
        assert!(GROUP_NOUNS.iter().all(|noun| is_group_noun(noun)));
        assert!(!is_group_noun("Group") && !is_group_noun("the"));
    }
}
