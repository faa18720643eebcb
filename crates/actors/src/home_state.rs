//! The state a text is talking about, for actors that name none:
//! - a state institution named alone ("the government", "the authorities", "police", "the army",
//!   "parliament", "the courts") belongs to the state mentioned last before it in its paragraph
//!   ("Political opponents of the Maldives government clashed with police" → MDVCOP), unless a word
//!   marks it as someone else's ("foreign troops", "other governments"); with no state before it in
//!   its paragraph, to the state the whole text clearly is about (two of every three of its state
//!   mentions, three or more), as in a British politics story whose paragraphs name no state;
//! - so does a stranger a state title introduced ("Attorney General Lord Goldsmith" in a British
//!   story → GBRJUD), with their later mentions;
//! - "the country" and "the nation" refer back to that state ("the country's rebel groups");
//! - a civil institution followed by "from" and a state is that state's ("prosecutors from
//!   Equatorial Guinea"); forces are not, as they are as often leaving it ("withdrew troops from
//!   Iraq").
//!
//! The state is one named as a state or through a composed actor ("Libyan authorities"), not an
//! organisation's home, and not the first half of a compound ("Iran-allied group").
//! These run after the location rule of `agents` ("police in Cairo"), which wins. Only states
//! count: a world region is never "the country". Non-state agents (protesters, rebels, civilians)
//! are left alone: which state's rebels or civilians a text means is not safely guessed.

use crate::context::Paragraphs;
use crate::resolve;
use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::{ActorDictionary, Country, FormKind};
use entente_model::{Span, Via};

/// Sectors of state institutions.
const INSTITUTION_SECTORS: [&str; 6] = ["GOV", "MIL", "COP", "LEG", "JUD", "SPY"];
/// Words before an institution that make it another state's ("foreign governments").
const OTHERS: [&str; 13] = [
    "foreign",
    "other",
    "international",
    "neighbouring",
    "neighboring",
    "rival",
    "regional",
    "global",
    "world",
    "allied",
    "enemy",
    "western",
    "-",
];
/// Nouns after which an institution word is an adjective, not an actor ("military cooperation",
/// "official visits").
const MODIFIED_NOUNS: [&str; 33] = [
    "contact",
    "contacts",
    "talks",
    "statement",
    "statements",
    "channels",
    "figures",
    "documents",
    "ceremony",
    "cooperation",
    "relations",
    "ties",
    "visit",
    "visits",
    "aid",
    "assistance",
    "support",
    "operation",
    "operations",
    "exercises",
    "drills",
    "base",
    "bases",
    "equipment",
    "hardware",
    "technology",
    "capabilities",
    "sources",
    "purposes",
    "spending",
    "contracts",
    "deals",
    "sales",
];
/// The role whose people are as often another state's, visiting (envoys, a delegation): only a
/// state named in their own paragraph places them.
const FOREIGN_FACING: &str = "diplomats";
/// How many mentions back the state may be.
const MAX_LOOKBACK: usize = 40;

pub fn apply(
    words: &Words,
    dict: &ActorDictionary,
    found: &mut Vec<Found>,
    paragraphs: &Paragraphs,
) {
    // The state a mention names, unless it only modifies a compound ("Iran-allied") or is a region.
    let state_of = |f: &Found| {
        if in_compound(words, f.span) {
            return None;
        }
        let country = dict.country(f.actor.country.as_ref()?.as_str())?;
        (!country.is_region).then_some(country)
    };
    let state_before = |found: &[Found], upto: usize, start: usize| {
        let paragraph = paragraphs.of(start);
        found[..upto]
            .iter()
            .rev()
            .filter(|f| f.span.end <= start)
            .take_while(|f| paragraphs.of(f.span.start) == paragraph)
            .take(MAX_LOOKBACK)
            .filter(|f| !matches!(f.kind, Kind::Org(_) | Kind::Group))
            .find_map(state_of)
    };
    // The owner "its" points at: the nearest state named as such or a person of one, not an
    // adjective describing someone else's office ("an *Indian* diplomat").
    let owner_before = |found: &[Found], upto: usize, start: usize| {
        let sentence_start = crate::context::clause_start(words, words.at_or_after(start));
        found[..upto]
            .iter()
            .rev()
            .filter(|f| f.span.end <= start && f.span.start >= sentence_start)
            .filter(|f| {
                matches!(
                    f.kind,
                    Kind::Person
                        | Kind::State(FormKind::Name | FormKind::Former | FormKind::Metonym)
                )
            })
            .find_map(state_of)
    };
    // With no state named before it in its paragraph, an institution belongs to the state the
    // whole text is about, when one clearly is: most BBC politics paragraphs name no state.
    let document_state = dominant_state(found, state_of);
    for i in 0..found.len() {
        let f = &found[i];
        let institutional = f.actor.country.is_none()
            && f.actor
                .sector
                .as_ref()
                .is_some_and(|s| INSTITUTION_SECTORS.contains(&s.as_str()));
        // A stranger a state title introduced ("Attorney General Lord Goldsmith") holds that
        // office in the same state an institution named alone would belong to.
        let titled =
            f.kind == Kind::Person && f.via == Via::Role && f.actor.id.starts_with("person:");
        if !(institutional && (f.kind == Kind::Agent || titled)) {
            continue;
        }
        // "military cooperation" is an adjective; "cabinets of two countries" belong elsewhere.
        let next = words.at_or_after(f.span.end);
        let modifier = words.is_any(next, &MODIFIED_NOUNS) || words.is(next, "of");
        if modifier || someone_elses(words, f.span.start) {
            continue;
        }
        // "summoned an Indian diplomat to *its* foreign ministry": a possessive points at a state
        // named as such, not at one an adjective put on someone else's office.
        let owned = words
            .before(f.span.start)
            .is_some_and(|k| words.is_any(k, &["its", "their"]));
        // "prosecutors *from Equatorial Guinea*": a civil institution is the state it comes from
        // (forces "from" a state are as often leaving it: "withdrew troops from Iraq").
        let military = f.actor.sector.as_ref().is_some_and(|s| s.as_str() == "MIL");
        let from = (words.is(next, "from") && !military && !titled)
            .then(|| state_after_from(found, i, words, next).and_then(&state_of))
            .flatten();
        let state = from.or_else(|| {
            if owned {
                owner_before(found, i, f.span.start)
                    .or_else(|| state_before(found, i, f.span.start))
            } else {
                state_before(found, i, f.span.start)
            }
            .or(document_state.filter(|_| f.actor.name != FOREIGN_FACING))
        });
        if let Some(country) = state {
            let label = found[i].actor.name.clone();
            let sector = found[i].actor.sector.clone();
            let office = resolve::state(country, sector.as_ref(), Some(&label));
            if titled {
                // The person keeps their name, and their later mentions follow.
                let person = resolve::introduced(&label, &office);
                let id = found[i].actor.id.clone();
                for later in found[i..].iter_mut().filter(|g| g.actor.id == id) {
                    later.actor = person.clone();
                }
            } else {
                found[i].actor = office;
                found[i].via = Via::Context;
            }
        }
    }
    let mut added = Vec::new();
    for k in 0..words.len() {
        if !(words.is(k, "the") && words.is_any(k + 1, &["country", "nation"])) {
            continue;
        }
        let span = Span::new(words.list[k].span.start, words.list[k + 1].span.end);
        if crate::overlaps_sorted(found, span, |f| f.span) {
            continue;
        }
        let upto = found.partition_point(|f| f.span.start < span.start);
        if let Some(country) = state_before(found, upto, span.start) {
            added.push(Found {
                span,
                actor: resolve::state(country, None, None),
                via: Via::Context,
                kind: Kind::State(FormKind::Name),
            });
        }
    }
    found.extend(added);
    found.sort_by_key(|f| (f.span.start, f.span.end));
}

/// The state that at least two of every three state mentions of the text name, three times or
/// more (`state_of` says which state a mention names, if any).
fn dominant_state<'d>(
    found: &[Found],
    state_of: impl Fn(&Found) -> Option<&'d Country>,
) -> Option<&'d Country> {
    let mut counts: Vec<(&Country, usize)> = Vec::new();
    for country in found
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Org(_) | Kind::Group))
        .filter_map(state_of)
    {
        match counts.iter_mut().find(|(c, _)| c.id == country.id) {
            Some((_, n)) => *n += 1,
            None => counts.push((country, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let (country, most) = counts
        .into_iter()
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c.id.as_str())))?;
    (most >= 3 && 3 * most >= 2 * total).then_some(country)
}

/// Whether the mention at `span` only modifies a hyphenated compound ("Iran-allied", "US-led").
fn in_compound(words: &Words, span: Span) -> bool {
    let next = words.at_or_after(span.end);
    words.text_of(next) == "-" && words.list[next].span.start == span.end
}

/// Whether a word right before the institution at `start` makes it another state's.
/// The state named right after "from" at word `from` (an article allowed between).
fn state_after_from<'f>(
    found: &'f [Found],
    i: usize,
    words: &Words,
    from: usize,
) -> Option<&'f Found> {
    let mut k = from + 1;
    if words.is(k, "the") {
        k += 1;
    }
    let start = words.list.get(k)?.span.start;
    found[i + 1..]
        .iter()
        .find(|f| f.span.start == start)
        .filter(|f| matches!(f.kind, Kind::State(FormKind::Name | FormKind::Former)))
}

fn someone_elses(words: &Words, start: usize) -> bool {
    words.before(start).is_some_and(|k| {
        let w = words.text_of(k);
        OTHERS.iter().any(|o| w.eq_ignore_ascii_case(o))
    })
}
