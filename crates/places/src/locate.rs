//! Place mentions in text and the location of each event.

use crate::attach;
use crate::gazetteer::{Gazetteer, Place, PlaceKind};
use entente_model::{
    Diagnostic, Document, Event, EventActor, LocatedBy, Location, Mention, Precision, QuadClass,
    Sector, Sentence, Span, Token, TokenKind,
};
use entente_syntax::Parse;
use entente_text::tokenize;
use std::collections::BTreeMap;

/// Which events get a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Geocode {
    /// Every event.
    #[default]
    On,
    /// Only material cooperation and conflict (quad classes 2 and 4), as Phoenix users asked:
    /// where a statement was made is rarely what an analyst maps.
    MaterialOnly,
    Off,
}

impl Geocode {
    fn wants(self, event: &Event) -> bool {
        match self {
            Geocode::On => true,
            Geocode::MaterialOnly => matches!(
                event.quad_class,
                QuadClass::MaterialCooperation | QuadClass::MaterialConflict
            ),
            Geocode::Off => false,
        }
    }
}

/// Words after which a place name says where something happened; a place visited is where the
/// visit happened ("visited Seattle").
const LOCATIVES: &[&str] = &[
    "in",
    "near",
    "outside",
    "at",
    "from",
    "into",
    "across",
    "inside",
    "throughout",
    "visit",
    "visits",
    "visited",
    "visiting",
    "toured",
    "touring",
];

/// Locatives that say where something came from or went ("fled from X", "moved into X").
pub(crate) const DIRECTIONS: &[&str] = &["from", "into"];

/// Words between a locative and the name that do not change the place, besides the place
/// modifiers ("in *southern* Lebanon", `entente_text::PLACE_MODIFIERS`): "in *the city of* Homs".
const QUALIFIERS: &[&str] = &[
    "the", "city", "town", "village", "province", "region", "capital", "of", "port",
];

fn is_qualifier(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    QUALIFIERS.contains(&word.as_str()) || entente_text::PLACE_MODIFIERS.contains(&word.as_str())
}

fn may_follow_a_name(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    AFTER_NAME.contains(&word.as_str()) || entente_text::dates::WEEKDAYS.contains(&word.as_str())
}

/// Capitalised words that may follow a place without extending its name ("in Kabul *Monday*"),
/// besides the days of the week.
const AFTER_NAME: &[&str] = &[
    "on", "in", "and", "but", "as", "at", "to", "for", "with", "last", "this", "the", "a", "an",
    "earlier", "since", "after", "before", "during", "when", "while", "where", "which", "that",
    "until",
];

/// A place named in the text and the places its name may be.
#[derive(Debug, Clone)]
pub(crate) struct PlaceMention<'g> {
    pub(crate) span: Span,
    pub(crate) candidates: Vec<&'g Place>,
    /// The locative's token index in its sentence (None for a dateline or a name the tree found).
    pub(crate) locative: Option<usize>,
    /// After a word of direction ([`DIRECTIONS`]), which names where something came from or went
    /// as often as where it happened: taken only when it belongs to the trigger ("withdrew from
    /// Gaza").
    pub(crate) directed: bool,
}

/// The countries a document names, counted over its actor mentions: what decides an ambiguous
/// name first.
struct Context<'a> {
    countries: BTreeMap<&'a str, usize>,
    /// The countries the headline names (a first sentence that is a paragraph of its own).
    headline: Vec<&'a str>,
}

/// Gives each wanted event of one document its location (or null), and returns diagnostics for
/// names population alone decided. `trees` are the dependency trees of the sentences the coder
/// parsed, by sentence index: where a sentence has one, it says which place an event's phrases
/// hold (`attach`); elsewhere word order does.
pub fn locate_events(
    gazetteer: &Gazetteer,
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    events: &mut [Event],
    trees: &BTreeMap<usize, Parse>,
    policy: Geocode,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if policy == Geocode::Off || !events.iter().any(|e| policy.wants(e)) {
        return diagnostics;
    }
    let mut context = Context {
        countries: BTreeMap::new(),
        headline: Vec::new(),
    };
    let headline = match sentences {
        [first, second, ..] if first.paragraph != second.paragraph => Some(first.span),
        _ => None,
    };
    for mention in mentions.iter().filter(|m| !is_credit(doc, m)) {
        if let Some(country) = &mention.actor.country {
            if gazetteer.country(country.as_str()).is_some() {
                *context.countries.entry(country.as_str()).or_default() += 1;
                let in_headline = headline.is_some_and(|h| h.end >= mention.span.end);
                if in_headline && !context.headline.contains(&country.as_str()) {
                    context.headline.push(country.as_str());
                }
            }
        }
    }
    let dateline = dateline_place(gazetteer, doc, sentences).and_then(|m| {
        let place = decide(&m, &context, &[], doc, &mut diagnostics)?;
        Some(location(doc, m.span, place, LocatedBy::Dateline))
    });
    let dominant = dominant_country(gazetteer, &context);
    let document = dominant.as_ref().and_then(|(iso3, place)| {
        let first = mentions.iter().find(|m| {
            !is_credit(doc, m) && m.actor.country.as_ref().is_some_and(|c| c.as_str() == iso3)
        })?;
        Some(location(doc, first.span, place, LocatedBy::Document))
    });
    let dominant = dominant.as_ref().map(|(iso3, _)| iso3.as_str());
    let mut cached: Option<(usize, Vec<Token>, Vec<PlaceMention>)> = None;
    for event in events.iter_mut() {
        if !policy.wants(event) {
            continue;
        }
        let index = event.sentence_index;
        if cached.as_ref().is_none_or(|(i, _, _)| *i != index) {
            let (tokens, found) = sentences
                .get(index)
                .map(|s| place_mentions(gazetteer, &doc.text, s.span, mentions, dominant))
                .unwrap_or_default();
            cached = Some((index, tokens, found));
        }
        let (tokens, places) = cached
            .as_ref()
            .map_or((&[][..], &[][..]), |(_, t, p)| (t.as_slice(), p.as_slice()));
        let actors: Vec<&str> = [Some(&event.source), event.target.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|a| a.actor.country.as_ref().map(|c| c.as_str()))
            .collect();
        let trigger = Span::new(event.trigger.start, event.trigger.end);
        let tree = trees
            .get(&index)
            .filter(|tree| tree.words.len() == tokens.len());
        let mention = match tree {
            Some(tree) => {
                attach::attached(tree, gazetteer, tokens, &doc.text, places, mentions, event)
            }
            None => attached(places, tokens, &doc.text, trigger).cloned(),
        };
        let mention =
            mention.or_else(|| scene(gazetteer, &doc.text, sentences, index, mentions, dominant));
        let located = mention.and_then(|m| {
            let place = decide(&m, &context, &actors, doc, &mut diagnostics)?;
            Some(location(doc, m.span, place, LocatedBy::Locative))
        });
        event.location = located.or_else(|| dateline.clone()).or_else(|| {
            match by_parties(event, doc, gazetteer, &context) {
                Parties::At(actor, place) => Some(location(
                    doc,
                    Span::new(actor.start, actor.end),
                    place,
                    LocatedBy::Actor,
                )),
                Parties::Between => None,
                // The story's country is no guess for what another country's actor says or
                // does at home; force and aid are sent abroad ("US forces battle insurgents").
                Parties::Silent => document.clone().filter(|place| {
                    let source = event.source.actor.country.as_ref().map(|c| c.as_str());
                    lands_on_target(event)
                        || source
                            .is_none_or(|c| gazetteer.country(c).is_none() || c == place.country)
                }),
            }
        });
    }
    headline_and_lead_share_places(sentences, events);
    diagnostics
}

/// A headline summarises its lead, so the two share where their acts of the same kind happened.
/// A headline act with no place of its own in its words happened where the lead's did ("Israeli
/// army demolishes 13 Palestinian homes" over "... demolished 13 Palestinian houses during an
/// incursion *in* the Gaza Strip town of Rafah"), not in the dateline's city; and a lead act with
/// none happened where the headline's did ("Spanish PM to host allies *in* Madrid summit" over
/// "... Zapatero welcomes Chirac and Schroeder to a summit meeting Monday"). The headline is a
/// paragraph of one sentence before the lead's.
fn headline_and_lead_share_places(sentences: &[Sentence], events: &mut [Event]) {
    let [headline, next, ..] = sentences else {
        return;
    };
    if headline.paragraph == next.paragraph {
        return;
    }
    // The lead is the first sentence of the next paragraph with an act ("GAZA CITY:" alone is
    // none).
    let Some(lead) = events
        .iter()
        .map(|e| e.sentence_index)
        .filter(|&i| i > headline.index)
        .min()
        .filter(|&i| {
            sentences
                .get(i)
                .is_some_and(|s| s.paragraph == next.paragraph)
        })
    else {
        return;
    };
    let places_of = |events: &[Event], sentence: usize| -> Vec<(u8, Location)> {
        events
            .iter()
            .filter(|e| e.sentence_index == sentence)
            .filter_map(|e| {
                let place = e.location.as_ref()?;
                (place.how == LocatedBy::Locative).then(|| (e.cameo.root_number(), place.clone()))
            })
            .collect()
    };
    let lead_places = places_of(events, lead);
    let headline_places = places_of(events, headline.index);
    for event in events.iter_mut() {
        let other = if event.sentence_index == headline.index {
            &lead_places
        } else if event.sentence_index == lead {
            &headline_places
        } else {
            continue;
        };
        let own = event
            .location
            .as_ref()
            .is_some_and(|l| l.how == LocatedBy::Locative);
        let root = event.cameo.root_number();
        if let Some((_, place)) = other.iter().find(|(r, _)| *r == root).filter(|_| !own) {
            event.location = Some(place.clone());
        }
    }
}

/// The scene an earlier sentence of the paragraph set by opening with a place ("*In London* on
/// Thursday, India's finance minister lashed out at the G7. He objected to farm subsidies"): where
/// the paragraph's later acts that name no place of their own happened. Only sentences opening
/// with "In" or "At" are read again, so the search costs nothing elsewhere.
fn scene<'g>(
    gazetteer: &'g Gazetteer,
    text: &str,
    sentences: &[Sentence],
    index: usize,
    mentions: &[Mention],
    document: Option<&str>,
) -> Option<PlaceMention<'g>> {
    let paragraph = sentences.get(index)?.paragraph;
    sentences[..index]
        .iter()
        .rev()
        .take_while(|s| s.paragraph == paragraph)
        .filter(|s| {
            let opening = s.span.slice(text).trim_start();
            opening.starts_with("In ") || opening.starts_with("At ")
        })
        .find_map(|s| {
            let (_, places) = place_mentions(gazetteer, text, s.span, mentions, document);
            places.into_iter().find(|p| p.locative == Some(0))
        })
}

/// The city or region of `country` that names a party ("took control of *Freetown*", "pushed on
/// with *Gaza*"), the largest place of that name there: where an act that lands on the party
/// happened.
fn place_named<'g>(
    gazetteer: &'g Gazetteer,
    actor: &EventActor,
    country: &Place,
) -> Option<&'g Place> {
    gazetteer
        .lookup(&actor.text)
        .into_iter()
        .map(|index| gazetteer.place(index))
        .filter(|p| p.country == country.country)
        .max_by_key(|p| p.population)
        .filter(|p| {
            matches!(
                p.kind,
                PlaceKind::City | PlaceKind::Region | PlaceKind::Adm1
            )
        })
}

/// What an event's parties say about where it happened when the text names no place for it.
enum Parties<'e, 'g> {
    /// In this party's country.
    At(&'e EventActor, &'g Place),
    /// Between two states (or a state and an international body) in no place of either: a meeting,
    /// an agreement, trade. The document's country is no better a guess, so none is made.
    Between,
    /// The parties tell nothing (no state among them): the document's country may.
    Silent,
}

/// Where a reader places an act by its parties (docs/GOLD.md's guide): a one-sided act (a
/// statement, an appeal, a promise, praise or criticism, a demand, a threat, a protest, a cut in
/// relations, coercion, a show of force) happens in its source's country; force against a
/// foreign party (CAMEO 18–20), aid (07) and a visit (042) in the target's; hosting a visit (043)
/// in the host's; an act with no foreign party in its source's country. A source's country counts
/// only when the document names it as often as any other (so that it makes the country plain).
/// An international body's act happens in a state only as force, aid or a visit to it; its other
/// acts, and acts between two countries, are `Between`.
fn by_parties<'e, 'g>(
    event: &'e Event,
    doc: &Document,
    gazetteer: &'g Gazetteer,
    context: &Context,
) -> Parties<'e, 'g> {
    let state = |actor: &'e EventActor| {
        let country = actor.actor.country.as_ref()?;
        gazetteer
            .country(country.as_str())
            .map(|index| (actor, gazetteer.place(index)))
    };
    let international = |actor: &EventActor| actor.actor.code.as_str().starts_with("IGO");
    let source = state(&event.source);
    // A wire credit read as the target ("... Elects Prime Minister (AP)") is no party.
    let named_target = event.target.as_ref().filter(|t| {
        let credit = is_credit_at(doc, Span::new(t.start, t.end), t.actor.sector.as_ref());
        !credit
    });
    let target = named_target.and_then(state);
    let foreign_target = match (source, target) {
        (Some((_, s)), Some((_, t))) => s.country != t.country,
        (_, Some(_)) => true,
        _ => named_target.is_some_and(&international),
    };
    // A target of no known country ("met the Pope") may be anyone's: only a one-sided act keeps
    // its source's country then.
    let unknown_target = named_target.is_some() && target.is_none() && !foreign_target;
    let code = event.cameo.as_str();
    let root = event.cameo.root_number();
    if lands_on_target(event) {
        // Force against no state ("killed two militants") was sent from its side's country and
        // seldom landed there: the parties tell nothing. A target named by its city ("takes
        // control of *Freetown*") is where the force landed, at home or abroad.
        return match target {
            Some((actor, place)) => match place_named(gazetteer, actor, place) {
                Some(city) => Parties::At(actor, city),
                None if foreign_target => Parties::At(actor, place),
                None => Parties::Silent,
            },
            None => Parties::Silent,
        };
    }
    let plain = |place: &Place| {
        let named = context.countries.get(place.country.as_str()).copied();
        named.is_some_and(|n| context.countries.values().all(|&other| other <= n))
    };
    let one_sided = matches!(root, 1..=3 | 9..=17)
        || matches!(code, "043" | "051" | "052" | "053" | "054" | "055" | "056");
    match source {
        // A host receives at home, whatever else the story is about: in the city that names it,
        // if one does ("travelled *to Kabul*").
        Some((actor, place)) if code == "043" => {
            Parties::At(actor, place_named(gazetteer, actor, place).unwrap_or(place))
        }
        // A state that speaks as itself ("The UK has welcomed", "Japan protested") speaks at
        // home, whatever else the story names; its people and offices may be abroad. An intent to
        // cooperate ("Pakistan agreed to") is mostly half of an agreement, made between.
        Some((actor, place)) if one_sided && root != 3 && speaks_as_itself(gazetteer, actor) => {
            Parties::At(actor, place)
        }
        Some((actor, place))
            if ((!foreign_target && !unknown_target) || one_sided) && plain(place) =>
        {
            Parties::At(actor, place)
        }
        Some(_) if foreign_target && !one_sided => Parties::Between,
        None if international(&event.source) => Parties::Between,
        _ => Parties::Silent,
    }
}

/// Whether an act lands where its target is: force (CAMEO 18-20), aid (07), a visit (042).
fn lands_on_target(event: &Event) -> bool {
    matches!(event.cameo.root_number(), 7 | 18..=20) || event.cameo.as_str() == "042"
}

/// Whether `actor` is a state named as itself, by its name or a pronoun standing for it ("The
/// UK has welcomed", "it said"), not by an adjective, which is as often a coding's slip ("a
/// *German* desert uniform").
fn speaks_as_itself(gazetteer: &Gazetteer, actor: &EventActor) -> bool {
    let Some(country) = actor.actor.country.as_ref() else {
        return false;
    };
    let named = || {
        gazetteer.lookup(&actor.text).into_iter().any(|index| {
            let place = gazetteer.place(index);
            place.kind == PlaceKind::Country && place.country == country.as_str()
        })
    };
    actor.actor.code.as_str() == country.as_str()
        && (actor.text.starts_with(char::is_lowercase)
            || ["It", "They"].contains(&actor.text.as_str())
            || named())
}

/// Words that open another clause: a place beyond one is where something else happened ("tell a
/// committee *that* detainees were held in Iraq", "slid *after* it agreed").
const CLAUSE_BOUNDARIES: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "after", "before",
    "because", "since", "until", "unless", "if", "although", "though", "whether", "said", "says",
    "told", ";", ":",
];

/// How many words may stand between a trigger and the locative after it, or a place and the
/// trigger after it, in one clause.
const MAX_GAP_AFTER: usize = 20;
const MAX_GAP_BEFORE: usize = 8;

/// The place an event's trigger happened at, read from word order where the sentence has no tree:
/// the first locative after the
/// trigger in its clause ("attacked the offices *in Istanbul*"), else the last before it in its
/// clause ("Police *in Bujumbura* used tear gas").
fn attached<'m, 'g>(
    places: &'m [PlaceMention<'g>],
    tokens: &[Token],
    text: &str,
    trigger: Span,
) -> Option<&'m PlaceMention<'g>> {
    let first_after = tokens
        .iter()
        .position(|t| t.span.start >= trigger.end)
        .unwrap_or(tokens.len());
    let trigger_first = tokens
        .iter()
        .position(|t| t.span.start >= trigger.start)
        .unwrap_or(tokens.len());
    let boundary = |range: std::ops::Range<usize>| {
        tokens[range].iter().any(|t| {
            let word = t.span.slice(text);
            CLAUSE_BOUNDARIES
                .iter()
                .any(|b| b.eq_ignore_ascii_case(word))
        })
    };
    let after = places
        .iter()
        .filter_map(|p| Some((p, p.locative?)))
        .find(|&(_, at)| at >= trigger_first);
    if let Some((place, at)) = after {
        let gap = at.saturating_sub(first_after);
        let clear = at <= first_after || (gap <= MAX_GAP_AFTER && !boundary(first_after..at));
        if clear && (!place.directed || gap == 0) {
            return Some(place);
        }
    }
    let before = places
        .iter()
        .filter_map(|p| Some((p, p.locative?)))
        .rfind(|(p, at)| *at < trigger_first && p.span.end <= trigger.start)?;
    let place_end = tokens
        .iter()
        .position(|t| t.span.start >= before.0.span.end)?;
    let clear = trigger_first.saturating_sub(place_end) <= MAX_GAP_BEFORE
        && !boundary(place_end..trigger_first);
    (clear && !before.0.directed).then_some(before.0)
}

/// Place names right after a locative (past qualifiers), longest name first; a name followed by
/// "`,` Country" or "`,` State" keeps only the places in it ("Alexandria, Virginia"). "In the
/// capital" with no name after it is the capital of the country the sentence last named, else
/// of the one the document is about (`document`).
fn place_mentions<'g>(
    gazetteer: &'g Gazetteer,
    text: &str,
    span: Span,
    mentions: &[Mention],
    document: Option<&str>,
) -> (Vec<Token>, Vec<PlaceMention<'g>>) {
    let tokens = tokenize(text, span);
    let word = |i: usize| tokens[i].span.slice(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let preposition = word(i).to_ascii_lowercase();
        if !LOCATIVES.contains(&preposition.as_str()) {
            i += 1;
            continue;
        }
        let mut start = i + 1;
        while start < tokens.len() && is_qualifier(word(start)) {
            start += 1;
        }
        // A qualifier may open the name itself ("in South Sudan", "in the West Bank", "in
        // Northern Ireland"): the name that starts first is the one meant.
        let mut named = None;
        if let Some((k, name)) =
            (i + 1..=start).find_map(|k| Some((k, name_at(gazetteer, text, &tokens, k)?)))
        {
            start = k;
            named = Some(name);
        }
        // "in the *volatile* Baghdad neighbourhood", "in the *war-torn* Darfur region": after
        // "the", a describing word or two before the name.
        if named.is_none() && start > i + 1 && word(start - 1).eq_ignore_ascii_case("the") {
            let described = (start + 1..=start + 2)
                .take_while(|&k| {
                    k <= tokens.len()
                        && word(k - 1).starts_with(|c: char| c.is_ascii_lowercase())
                        && !LOCATIVES.contains(&word(k - 1))
                })
                .find_map(|k| Some((k, name_at(gazetteer, text, &tokens, k)?)));
            if let Some((k, name)) = described {
                start = k;
                named = Some(name);
            }
        }
        // "in the Iraqi city of Basra": a state's adjective, "city of" and one of its towns (a
        // capital is read below).
        let town_of_state = (named.is_none()
            && start + 1 < tokens.len()
            && matches!(
                word(start + 1).to_ascii_lowercase().as_str(),
                "city" | "town" | "port"
            ))
        .then(|| {
            let country = state_named_at(mentions, tokens.get(start)?.span)?;
            let place = gazetteer.place(gazetteer.country(country)?);
            city_of_country(gazetteer, text, &tokens, start + 1, &[place])
        })
        .flatten();
        if let Some((city_start, city_end, cities)) = town_of_state {
            found.push(PlaceMention {
                span: Span::new(tokens[city_start].span.start, tokens[city_end - 1].span.end),
                candidates: cities,
                locative: Some(i),
                directed: DIRECTIONS.contains(&preposition.as_str()),
            });
            i = city_end;
            continue;
        }
        // "in the Afghan capital": a state's adjective before "capital" names its capital.
        let state_capital = (named.is_none()
            && start + 1 < tokens.len()
            && word(start + 1).eq_ignore_ascii_case("capital"))
        .then(|| state_named_at(mentions, tokens[start].span))
        .flatten()
        .and_then(|country| gazetteer.capital(country));
        if let Some(capital) = state_capital {
            found.push(PlaceMention {
                span: Span::new(tokens[start].span.start, tokens[start + 1].span.end),
                candidates: vec![capital],
                locative: Some(i),
                directed: DIRECTIONS.contains(&preposition.as_str()),
            });
            i = start + 2;
            continue;
        }
        let Some((mut end, candidates)) = named else {
            let bare_capital = start > i + 1 && word(start - 1).eq_ignore_ascii_case("capital");
            if let Some(capital) = bare_capital
                .then(|| capital_of(gazetteer, &tokens[..i], &found, mentions, document))
                .flatten()
            {
                found.push(PlaceMention {
                    span: tokens[start - 1].span,
                    candidates: vec![capital],
                    locative: Some(i),
                    directed: DIRECTIONS.contains(&preposition.as_str()),
                });
            }
            i += 1;
            continue;
        };
        let a_city = candidates
            .iter()
            .all(|&p| gazetteer.place(p).kind == PlaceKind::City);
        let name = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        // After "in", "at" or "near" a capital is the place, however far after ("in the volatile
        // Baghdad neighbourhood"); after "from" or "into" it may be the government.
        let a_seat = a_city && DIRECTIONS.contains(&preposition.as_str());
        if names_no_place(mentions, name, a_seat) {
            i = end;
            continue;
        }
        let mut candidates: Vec<&Place> = candidates.iter().map(|&c| gazetteer.place(c)).collect();
        // "the Iraq city of Mosul", "Burundi's capital, Bujumbura": the city, in that country.
        if let Some((city_start, city_end, cities)) =
            city_of_country(gazetteer, text, &tokens, end, &candidates)
        {
            start = city_start;
            end = city_end;
            candidates = cities;
        } else if let Some((capital, capital_end)) =
            capital_named_by(gazetteer, text, &tokens, start, end, &candidates)
        {
            // "the capital of Somalia", "Somalia's capital" with no city named: its capital.
            end = capital_end;
            candidates = vec![capital];
        }
        let mut next = end;
        if tokens.get(end).is_some_and(|t| t.span.slice(text) == ",") {
            if let Some((after, within)) = name_at(gazetteer, text, &tokens, end + 1) {
                let within: Vec<&Place> = within
                    .iter()
                    .map(|&c| gazetteer.place(c))
                    .filter(|p| matches!(p.kind, PlaceKind::Country | PlaceKind::Adm1))
                    .collect();
                let inside: Vec<&Place> = candidates
                    .iter()
                    .copied()
                    .filter(|c| within.iter().any(|w| contains(w, c)))
                    .collect();
                if !inside.is_empty() {
                    candidates = inside;
                    next = after;
                }
            }
        }
        found.push(PlaceMention {
            span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
            candidates,
            locative: Some(i),
            directed: DIRECTIONS.contains(&preposition.as_str()),
        });
        i = next;
    }
    (tokens, found)
}

/// Whether `name` is only ever a town, division or region, never a country: such a name before an
/// act's noun says where it happened ("a *Kabul* bombing"), where a country's name says who did it
/// ("the *US* strike"). A name also some country's ("Georgia", "Lebanon") is not one.
pub fn names_a_settlement(gazetteer: &Gazetteer, name: &str) -> bool {
    let places = gazetteer.lookup(name);
    !places.is_empty()
        && places
            .iter()
            .all(|&i| gazetteer.place(i).kind != PlaceKind::Country)
}

/// Whether `name` is the capital city of the state `iso3`: a capital that stands for its government
/// ("Kabul said") is also the town an act named after it happened in ("a *Kabul* bombing"), where a
/// seat of power is not ("the *White House* attack").
pub fn names_the_capital(gazetteer: &Gazetteer, name: &str, iso3: &str) -> bool {
    let Some(capital) = gazetteer.capital(iso3) else {
        return false;
    };
    gazetteer
        .lookup(name)
        .iter()
        .any(|&i| std::ptr::eq(gazetteer.place(i), capital))
}

/// The towns and divisions a sentence names after a locative ("in Mosul", "near Pando"), each with
/// the one place it is in one of `countries` (those the document's actors belong to), or, when the
/// document names none, the one place its name can be; a name the document's countries do not
/// decide is left out ("in Somerset" in a British story is no town abroad). Countries are left to
/// the actor dictionaries, which name them.
pub fn named_places<'g>(
    gazetteer: &'g Gazetteer,
    text: &str,
    span: Span,
    mentions: &[Mention],
    countries: &[&str],
) -> Vec<(Span, &'g Place)> {
    let (_, found) = place_mentions(gazetteer, text, span, mentions, None);
    found
        .into_iter()
        .filter_map(|mention| {
            let mut pool = mention.candidates;
            if !countries.is_empty() {
                pool.retain(|p| countries.contains(&p.country.as_str()));
            }
            let first = *pool.first()?;
            let one_country = pool.iter().all(|p| p.country == first.country);
            let place = pool.into_iter().max_by_key(|p| p.population)?;
            (one_country && place.kind != PlaceKind::Country).then_some((mention.span, place))
        })
        .collect()
}

/// The capital "the capital" means: of the country the sentence last named before it (as a place
/// in `found`, or as an actor's country among the mentions in `before`), else of `document`'s.
fn capital_of<'g>(
    gazetteer: &'g Gazetteer,
    before: &[Token],
    found: &[PlaceMention<'g>],
    mentions: &[Mention],
    document: Option<&str>,
) -> Option<&'g Place> {
    let (start, end) = (before.first()?.span.start, before.last()?.span.end);
    let as_place = found.iter().rev().find_map(|m| {
        let country = m.candidates.first()?;
        (m.candidates.len() == 1 && country.kind == PlaceKind::Country)
            .then_some((m.span.start, country.country.as_str()))
    });
    let as_actor = mentions
        .iter()
        .filter(|m| start <= m.span.start && m.span.end <= end)
        .filter_map(|m| Some((m.span.start, m.actor.country.as_ref()?.as_str())))
        .rfind(|(_, country)| gazetteer.country(country).is_some());
    let named = match (as_place, as_actor) {
        (Some(place), Some(actor)) => Some(place.max(actor)),
        (place, actor) => place.or(actor),
    };
    gazetteer.capital(named.map(|(_, country)| country).or(document)?)
}

/// Whether the actor dictionaries read the name at `name` as an organisation or a person ("at
/// Hamas"), whatever town shares it, or a city's name (`a_seat`, after "from" or "into") as its
/// government ("a green light from Washington"); a state's name is a place ("in Kenya").
fn names_no_place(mentions: &[Mention], name: Span, a_seat: bool) -> bool {
    mentions.iter().any(|m| {
        // Organisations and people have ids of their own (`org:...`, `person:...`); a state and
        // its institutions do not.
        let party = m.actor.id.contains(':');
        // An organisation's mention may run on past the name ("Hamas activist").
        m.span.start == name.start
            && (party || (a_seat && m.actor.sector.is_some() && m.span.end <= name.end))
    })
}

/// The state an actor mention covering exactly `span` names as a state ("Afghan", "Iraqi").
fn state_named_at(mentions: &[Mention], span: Span) -> Option<&str> {
    mentions
        .iter()
        .find(|m| m.span == span && m.actor.sector.is_none())
        .and_then(|m| m.actor.country.as_ref())
        .map(|c| c.as_str())
}

/// The capital of the one country in `candidates` (named by tokens `start..end`) when the words
/// around the name make it the capital: "the capital of Somalia", "Somalia's capital". Returns
/// the capital and the end of the phrase (exclusive).
fn capital_named_by<'g>(
    gazetteer: &'g Gazetteer,
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
    candidates: &[&Place],
) -> Option<(&'g Place, usize)> {
    let [country] = candidates else {
        return None;
    };
    if country.kind != PlaceKind::Country {
        return None;
    }
    let word = |k: usize| tokens.get(k).map_or("", |t| t.span.slice(text));
    let of_capital = start >= 2
        && word(start - 1).eq_ignore_ascii_case("of")
        && word(start - 2).eq_ignore_ascii_case("capital");
    let possessive_capital =
        matches!(word(end), "'s" | "’s") && word(end + 1).eq_ignore_ascii_case("capital");
    let phrase_end = if possessive_capital { end + 2 } else { end };
    (of_capital || possessive_capital)
        .then(|| gazetteer.capital(&country.country))
        .flatten()
        .map(|capital| (capital, phrase_end))
}

/// Words between a country and one of its cities: "Iraq city of Mosul", "Nepal's capital Kathmandu".
const CITY_OF: &[&str] = &["'s", "’s", "city", "town", "capital", "of", ",", "port"];

/// A city named right after a country or region by "city of", "town of", "capital," and the like
/// ("the northern Iraq city of Mosul", "the southern Gaza Strip town of Rafah"): its span and
/// places.
fn city_of_country<'g>(
    gazetteer: &'g Gazetteer,
    text: &str,
    tokens: &[Token],
    after: usize,
    countries: &[&Place],
) -> Option<(usize, usize, Vec<&'g Place>)> {
    let mut k = after;
    let mut linked = false;
    while k < tokens.len() && CITY_OF.contains(&tokens[k].span.slice(text).to_lowercase().as_str())
    {
        linked |= matches!(
            tokens[k].span.slice(text),
            "city" | "town" | "capital" | "port"
        );
        k += 1;
    }
    if !linked || countries.iter().all(|c| c.kind == PlaceKind::City) {
        return None;
    }
    let (end, places) = name_at(gazetteer, text, tokens, k)?;
    let cities: Vec<&Place> = places
        .iter()
        .map(|&p| gazetteer.place(p))
        .filter(|p| {
            p.kind == PlaceKind::City
                && countries
                    .iter()
                    .any(|c| c.kind != PlaceKind::City && c.country == p.country)
        })
        .collect();
    (!cities.is_empty()).then_some((k, end, cities))
}

/// Whether `outer` (a country or division) contains `inner`.
fn contains(outer: &Place, inner: &Place) -> bool {
    match outer.kind {
        PlaceKind::Country => outer.country == inner.country && inner.kind != PlaceKind::Country,
        PlaceKind::Adm1 => outer.adm1.is_some() && outer.adm1 == inner.adm1,
        _ => false,
    }
}

/// Nouns for a part of a town or region, named after the town ("the Baghdad Shiite
/// *neighbourhood*").
const PARTS_OF_TOWN: &[&str] = &[
    "neighborhood",
    "neighbourhood",
    "district",
    "suburb",
    "quarter",
    "slum",
    "township",
];

/// The longest gazetteer name starting at token `start`, capitalised, and not running on into a
/// longer proper name ("Georgetown University"): its end token (exclusive) and its places.
fn name_at(
    gazetteer: &Gazetteer,
    text: &str,
    tokens: &[Token],
    start: usize,
) -> Option<(usize, Vec<u32>)> {
    let first = tokens.get(start)?;
    if first.kind != TokenKind::Word || !first.span.slice(text).starts_with(char::is_uppercase) {
        return None;
    }
    let longest = (start + gazetteer.longest_name() + 2).min(tokens.len());
    for end in (start + 1..=longest).rev() {
        let last = &tokens[end - 1];
        if last.kind != TokenKind::Word {
            continue;
        }
        let name = &text[first.span.start..last.span.end];
        let places = gazetteer.lookup(name);
        if places.is_empty() {
            continue;
        }
        let runs_on = tokens.get(end).is_some_and(|t| {
            let next = t.span.slice(text);
            t.kind == TokenKind::Word
                && next.starts_with(char::is_uppercase)
                && !may_follow_a_name(next)
        });
        // "the Baghdad *Shiite* neighbourhood of Sadr": a name before a word and a part of a
        // settlement is that part's town, whatever the word between.
        let part_of_town = || {
            tokens.get(end + 1).is_some_and(|t| {
                let word = t.span.slice(text);
                word.starts_with(|c: char| c.is_ascii_lowercase())
                    && PARTS_OF_TOWN.contains(&word.to_ascii_lowercase().as_str())
            })
        };
        return (!runs_on || part_of_town()).then_some((end, places));
    }
    None
}

/// Wire services and broadcasters whose names open a story the way a dateline does ("AP - ").
const CREDITS: &[&str] = &[
    "AP", "AFP", "UPI", "CBS", "BBC", "CNN", "IANS", "PTI", "DPA",
];

/// The dashes that end a dateline the segmenter cut off as a sentence of its own.
const DATELINE_DASHES: [&str; 4] = ["--", "-", "—", "–"];

/// The place a dateline names, in the first sentence of one of the first two paragraphs (a title
/// may come first): a sentence the segmenter cut at a dateline's dash ("Kabul, May 3 (Reuters) -",
/// "BEIRUT —") up to its first comma or bracket, or a name in capitals opening the sentence and
/// followed by a comma, colon, bracket or dash ("TEHRAN: Iran ...", "UNITED NATIONS (Reuters)").
/// A state named after the comma ("SAMANA, Dominican Republic") keeps only its places, or stands
/// for the place when the gazetteer has no town of that name in it.
fn dateline_place<'g>(
    gazetteer: &'g Gazetteer,
    doc: &Document,
    sentences: &[Sentence],
) -> Option<PlaceMention<'g>> {
    // A wire credit cut off as a sentence of its own may come first ("Canadian Press -"): the
    // dateline is then the paragraph's next sentence.
    let is_credit = |s: &Sentence| {
        let text = s.span.slice(&doc.text).trim();
        DATELINE_DASHES
            .iter()
            .find_map(|dash| text.strip_suffix(dash))
            .is_some_and(|head| {
                !head.contains([',', '(']) && gazetteer.lookup(head.trim()).is_empty()
            })
    };
    let mut paragraph_firsts = sentences
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            *i == 0
                || sentences[i - 1].paragraph != s.paragraph
                || (is_credit(&sentences[i - 1])
                    && (i - 1 == 0 || sentences[i - 2].paragraph != s.paragraph))
        })
        .map(|(_, s)| s)
        .take(3);
    paragraph_firsts.find_map(|sentence| {
        let text = sentence.span.slice(&doc.text);
        let leading = text.len() - text.trim_start().len();
        let text = text.trim();
        let cut_at_dash = DATELINE_DASHES
            .iter()
            .find_map(|dash| text.strip_suffix(dash))
            .map(|body| &body[..body.find([',', '(']).unwrap_or(body.len())]);
        let head = cut_at_dash.or_else(|| capitals_head(text))?.trim();
        if head.len() < 3 || CREDITS.contains(&head) {
            return None;
        }
        let mut candidates: Vec<&Place> = gazetteer
            .lookup(head)
            .iter()
            .map(|&p| gazetteer.place(p))
            .collect();
        let rest = text[head.len()..].trim_start();
        if let Some(qualifier) = rest.strip_prefix(',') {
            let qualifier = qualifier.trim_start();
            let name_end = qualifier
                .find(|c: char| !(c.is_alphabetic() || c == ' ' || c == '.' || c == '-'))
                .unwrap_or(qualifier.len());
            let words: Vec<&str> = qualifier[..name_end].split_whitespace().collect();
            let within = (1..=words.len().min(4)).rev().find_map(|n| {
                let found: Vec<&Place> = gazetteer
                    .lookup(&words[..n].join(" "))
                    .iter()
                    .map(|&p| gazetteer.place(p))
                    .filter(|p| matches!(p.kind, PlaceKind::Country | PlaceKind::Adm1))
                    .collect();
                (!found.is_empty()).then_some(found)
            });
            if let Some(within) = within {
                let inside: Vec<&Place> = candidates
                    .iter()
                    .copied()
                    .filter(|c| within.iter().any(|w| contains(w, c)))
                    .collect();
                candidates = if inside.is_empty() { within } else { inside };
            }
        }
        if candidates.is_empty() {
            return None;
        }
        let start = sentence.span.start + leading;
        Some(PlaceMention {
            span: Span::new(start, start + head.len()),
            candidates,
            locative: None,
            directed: false,
        })
    })
}

/// Words in capitals opening a text and followed by a comma, colon, bracket or dash; or, where the
/// dash was lost (as in AG News: "BAGHDAD Iraq promised ..."), up to four such words of four
/// letters or more followed by a capitalised word.
fn capitals_head(text: &str) -> Option<&str> {
    let capitals = |w: &&str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’'))
    };
    let punctuated = text.find([',', ':', '(', '-', '—', '–']).and_then(|end| {
        let head = text[..end].trim_end();
        let words: Vec<&str> = head.split_whitespace().collect();
        (!words.is_empty() && words.len() <= 4 && words.iter().all(capitals)).then_some(head)
    });
    punctuated.or_else(|| {
        let words: Vec<&str> = text.split_whitespace().take(5).collect();
        let count = words.iter().take_while(|w| capitals(w)).count();
        let next = words.get(count)?;
        let capitalised =
            next.starts_with(char::is_uppercase) && next.chars().any(char::is_lowercase);
        let head = text[..text.find(next)?].trim_end();
        (count > 0 && capitalised && head.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .then_some(head)
    })
}

/// A city must have at least this share of the largest candidate's population for the document's
/// countries to choose it: "Paris" in an American story is still France's, "Tripoli" in a
/// Lebanese one is Lebanon's.
const CONTEXT_MIN_SHARE: u64 = 10;

/// Chooses among a mention's places: by the document's countries, then the event's actors',
/// then population. A population decision between places of different countries whose sizes
/// are within a factor of two is reported; an exact tie is left unlocated and reported.
fn decide<'g>(
    mention: &PlaceMention<'g>,
    context: &Context,
    actors: &[&str],
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'g Place> {
    let largest = mention.candidates.iter().map(|p| p.population).max()?;
    let eligible: Vec<&Place> = mention
        .candidates
        .iter()
        .copied()
        .filter(|p| p.kind != PlaceKind::City || p.population * CONTEXT_MIN_SHARE >= largest)
        .collect();
    let by_document = |p: &&Place| {
        context
            .countries
            .get(p.country.as_str())
            .copied()
            .unwrap_or(0)
    };
    let best_document = eligible.iter().map(by_document).max().unwrap_or(0);
    let mut pool: Vec<&Place> = if best_document > 0 {
        eligible
            .iter()
            .copied()
            .filter(|p| by_document(p) == best_document)
            .collect()
    } else {
        mention.candidates.clone()
    };
    let by_actors = |p: &&Place| actors.iter().filter(|&&a| a == p.country).count();
    let best_actors = pool.iter().map(by_actors).max().unwrap_or(0);
    if best_actors > 0 {
        pool.retain(|p| by_actors(p) == best_actors);
    }
    // Largest first; among equals, a country before a division before a city, then file order.
    pool.sort_by_key(|p| {
        let rank = match p.kind {
            PlaceKind::Country => 0,
            PlaceKind::Region | PlaceKind::Adm1 => 1,
            PlaceKind::City => 2,
        };
        (std::cmp::Reverse(p.population), rank)
    });
    let chosen = *pool.first()?;
    let rival = pool.iter().find(|p| p.country != chosen.country);
    if let Some(rival) = rival {
        let text = mention.span.slice(&doc.text);
        if rival.population == chosen.population && rival.kind == chosen.kind {
            diagnostics.push(
                Diagnostic::warning(
                    "location.tie",
                    format!(
                        "\"{text}\" may be {} ({}) or {} ({}); nothing in the document decides, so it is left unlocated",
                        chosen.name, chosen.country, rival.name, rival.country
                    ),
                )
                .at(doc.id.clone()),
            );
            return None;
        }
        if rival.population * 2 >= chosen.population {
            diagnostics.push(
                Diagnostic::warning(
                    "location.ambiguous",
                    format!(
                        "\"{text}\" read as {} ({}, population {}) rather than {} ({}, population {}) by population alone",
                        chosen.name, chosen.country, chosen.population, rival.name, rival.country, rival.population
                    ),
                )
                .at(doc.id.clone()),
            );
        }
    }
    Some(chosen)
}

/// Whether a mention is a news agency's credit in brackets ("... (AP)", "(Reuters) -"): it names
/// who reported the story, not a country it is about.
fn is_credit(doc: &Document, mention: &Mention) -> bool {
    is_credit_at(doc, mention.span, mention.actor.sector.as_ref())
}

/// Whether the words at `span`, an actor of `sector`, are a news agency's credit: in brackets
/// ("... Minister (AP)"), or opening a paragraph before a dash ("AP - Victims who ...").
fn is_credit_at(doc: &Document, span: Span, sector: Option<&Sector>) -> bool {
    let media = sector.is_some_and(|s| s.as_str() == "MED");
    let (Some(before), Some(after)) = (doc.text.get(..span.start), doc.text.get(span.end..)) else {
        return false;
    };
    let (before, after) = (before.trim_end_matches([' ', '\t']), after.trim_start());
    let bracketed = before.ends_with('(') && after.starts_with(')');
    let opening = (before.is_empty() || before.ends_with('\n'))
        && after.starts_with(['-', '\u{2013}', '\u{2014}']);
    media && (bracketed || opening)
}

/// The one country a document is about: the only country its actor mentions name, or one named
/// by at least two of them and by at least two thirds of all mentions of a country (measured on
/// the location gold: a bare majority placed a quarter of its events in the wrong country).
fn dominant_country<'g>(
    gazetteer: &'g Gazetteer,
    context: &Context<'_>,
) -> Option<(String, &'g Place)> {
    let total: usize = context.countries.values().sum();
    let (iso3, &count) = context.countries.iter().max_by_key(|(_, &n)| n)?;
    // A headline that names one country, named in the story at least twice and as often as any
    // other, says what the story is about ("Further rise in UK jobless total").
    let headlined = match context.headline[..] {
        [only] => context
            .countries
            .get(only)
            .filter(|&&n| n >= 2 && n == count)
            .map(|_| only),
        _ => None,
    };
    let iso3 = match headlined {
        Some(only) => only,
        None if (count < 2 && total > count) || count * 3 < total * 2 => return None,
        None => *iso3,
    };
    let place = gazetteer.place(gazetteer.country(iso3)?);
    Some((iso3.to_string(), place))
}

fn location(doc: &Document, span: Span, place: &Place, how: LocatedBy) -> Location {
    Location {
        text: span.slice(&doc.text).to_string(),
        start: span.start,
        end: span.end,
        name: place.name.clone(),
        country: place.country.clone(),
        adm1: place.adm1.clone(),
        lat: place.lat,
        lon: place.lon,
        geonames_id: place.geonames_id,
        precision: match place.kind {
            PlaceKind::City => Precision::City,
            PlaceKind::Adm1 | PlaceKind::Region => Precision::Adm1,
            PlaceKind::Country => Precision::Country,
        },
        how,
    }
}
