//! Agent words alone: "Protesters ...", "police", "gunmen", "troops". A role marked `agent: yes`
//! names a generic actor even without a state or organisation before it. The state comes from a
//! location later in the same clause ("police fired tear gas in Cairo" → EGY COP); with none, the
//! actor has no country and its code is the sector alone ("COP"). Office words ("president",
//! "minister") are not agents: alone they name no one, except a government office after "the"
//! ("the prime minister"), which is read as an agent.

use crate::resolve;
use crate::words::Words;
use crate::{Found, Kind};
use entente_dictionaries::{ActorDictionary, DictMatch, FormKind, Seat, Target};
use entente_model::{Actor, ActorCode, Span, Via};

/// Prepositions that place the clause's action in a state.
const LOCATIVE: [&str; 4] = ["in", "across", "throughout", "inside"];
/// Words that open a new clause; a location after them belongs to that clause.
const CLAUSE_BREAKS: [&str; 12] = [
    "who", "which", "that", "whose", "where", "when", "while", "after", "before", "because", "but",
    "said",
];
/// Verbs of going somewhere: a location after them is where the agent went, not where it is
/// from ("troops arrived in Monrovia", "police were deployed in the capital").
const DESTINATION_VERBS: [&str; 22] = [
    "arrive",
    "arrives",
    "arrived",
    "arriving",
    "deploy",
    "deploys",
    "deployed",
    "deploying",
    "stationed",
    "land",
    "lands",
    "landed",
    "sent",
    "flown",
    "flew",
    "headed",
    "heading",
    "travelled",
    "traveled",
    "returned",
    "dispatched",
    "redeployed",
];
/// How far (in words) the location may be from the agent word.
const MAX_REACH: usize = 12;

/// Words that join an agent to the composed role before it, which then lends its state
/// ("Azerbaijan's cabinet ministers and high officials" → both AZE GOV). With no word between, the
/// agent heads a compound ("Yemeni army soldiers").
const COORDINATORS: [&str; 3] = ["and", "or", ","];

/// Words that, capitalised to open a sentence, make "forces" no armed group ("Market forces").
const UNARMED_FORCES: [&str; 8] = [
    "market",
    "economic",
    "political",
    "social",
    "natural",
    "dark",
    "external",
    "internal",
];

/// The mention an agent role match `i` makes alone, or `None` when its role is an office not
/// introduced by "the".
/// `previous` is the mention before it, whose state a coordinated agent shares.
pub fn bare(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    i: usize,
    previous: Option<&Found>,
) -> Option<Found> {
    let m = &matches[i];
    let role = &dict.roles[crate::compose::role_of(m)?];
    // "The prime minister", "the president": a government office with the definite article
    // points at its holder in the state the story is about, as a state institution named alone
    // does; a bare or indefinite office ("a minister", "presidents") names no one.
    let definite_office = role.sector.as_str() == "GOV"
        && words
            .before(m.span.start)
            .is_some_and(|k| words.is(k, "the"));
    // "the Security Council": where the same words name an organisation, an office alone is it.
    let names_an_org = m.targets.iter().any(|t| matches!(t, Target::Org(_)));
    // "Serb forces", "Kurdish forces": a word that is also a verb ("forces") is the role after a
    // capitalised modifier no dictionary names, a people or a movement: a group of its own, which
    // no story's state is taken to own.
    let named_by = words.before(m.span.start).filter(|&k| {
        role.also_verb
            && words.is_capitalised(k)
            && !words.is_any(k, &UNARMED_FORCES)
            && !matches
                .iter()
                .any(|other| other.span.overlaps(words.list[k].span))
    });
    let named_force = named_by.is_some();
    if !role.agent && !named_force && (!definite_office || names_an_org) {
        return None;
    }
    // A named force is not placed by where it is ("Kurdish forces in Syria").
    let seat = (!named_force)
        .then(|| {
            coordinated_state(words, previous, m.span.start)
                .or_else(|| location_in_clause(dict, words, matches, i))
        })
        .flatten();
    let actor = match seat {
        Some(seat) => resolve::office(dict, &seat, &role.id)?,
        None => Actor {
            id: role.sector.to_string(),
            name: role.id.replace('_', " "),
            country: None,
            sector: Some(role.sector.clone()),
            code: ActorCode::new(role.sector.as_str()).ok()?,
        },
    };
    Some(match named_by {
        Some(k) => Found {
            span: Span::new(words.list[k].span.start, m.span.end),
            actor,
            via: Via::Role,
            kind: Kind::Group,
        },
        None => Found {
            span: m.span,
            actor,
            via: Via::Role,
            kind: Kind::Agent,
        },
    })
}

/// The state of a composed role mention joined to the agent at `start` by a coordinator alone.
fn coordinated_state(words: &Words, previous: Option<&Found>, start: usize) -> Option<Seat> {
    let p = previous.filter(|p| p.via == Via::Role && p.kind != Kind::Agent)?;
    let country = p.actor.country.clone()?;
    let between = words.at_or_after(p.span.end)..words.at_or_after(start);
    let joined = between
        .clone()
        .all(|k| COORDINATORS.contains(&words.text_of(k).to_lowercase().as_str()));
    joined.then_some(Seat::Country(country))
}

/// The state named after a locative preposition later in the clause of match `i`.
fn location_in_clause(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    i: usize,
) -> Option<Seat> {
    let first = words.at_or_after(matches[i].span.end);
    for k in first..(first + MAX_REACH).min(words.len()) {
        if !words.list[k].is_word
            || words.is_any(k, &CLAUSE_BREAKS)
            || words.is_any(k, &DESTINATION_VERBS)
        {
            return None;
        }
        if !words.is_any(k, &LOCATIVE) {
            continue;
        }
        let mut at = k + 1;
        if words.is(at, "the") {
            at += 1;
        }
        let start = words.list.get(at)?.span.start;
        let j = matches.partition_point(|m| m.span.start < start);
        return matches
            .get(j)
            .filter(|m| m.span.start == start)
            .and_then(|m| state_seat(dict, &m.targets));
    }
    None
}

fn state_seat(dict: &ActorDictionary, targets: &[Target]) -> Option<Seat> {
    targets.iter().find_map(|t| match *t {
        Target::Country {
            index,
            form: FormKind::Name | FormKind::Former | FormKind::Metonym | FormKind::Region,
        } => Some(Seat::Country(dict.countries[index].id.clone())),
        _ => None,
    })
}
