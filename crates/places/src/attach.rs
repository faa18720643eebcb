//! Which place an event happened at, read from the dependency tree of its sentence (the tree the
//! coder parsed to find its roles).
//!
//! A place phrase sets the event when it modifies the trigger's predicate ("attacked the offices
//! *in Istanbul*"), a clause that shares the predicate's setting (the verb the predicate
//! completes, a participle or a conjunct without a subject of its own: "met *in Riyadh*, signing
//! an accord"), the object of either ("disperse protesters *in Nairobi*"), or the phrase of one of
//! the event's actors ("Police *in Bujumbura* used tear gas"), directly or through the spatial
//! phrases it lies in ("on a street *in Alexandria*"). A place further down sets something else
//! ("sanctions threatened over atrocities *in Darfur*"), as does one in another clause ("wanted in
//! the United States for defying sanctions") or the act an infinitive leads to ("urged X to hold
//! talks *in Geneva*"). A place that is a party is no location unless the act leaves it
//! ("withdrew from Gaza"). A city that modifies a noun trigger is where that act happened ("the
//! *Jakarta* bombing").

use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::locate::{PlaceMention, DIRECTIONS};
use entente_model::{Event, Mention, Span, Token};
use entente_syntax::{Parse, Upos};

/// Prepositions that set an act somewhere wherever their phrase hangs in the event's clause.
/// "from" and "into" set only a verb's act ("fired rockets *from Gaza*", not "imports from
/// China"), and only when they name no party.
const SETTING_CASES: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "within",
];

/// Prepositions of a phrase that a place phrase inside it sets along with it: "protested on a
/// balcony at the palace *in London*", "fought along a street *in Baghdad*", "demolished homes
/// during an incursion *in Rafah*".
const SPATIAL_CASES: &[&str] = &[
    "in",
    "at",
    "on",
    "along",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "within",
    "around",
    "into",
    "onto",
    "during",
];

/// How a place phrase hangs on the event, the closest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Hold {
    /// On the trigger's predicate itself.
    Predicate,
    /// On a clause that shares the predicate's setting.
    Clause,
    /// On the predicate's object or an actor's phrase.
    Phrase,
}

/// One event's words located in its sentence's tree.
struct EventTree<'a> {
    parse: &'a Parse,
    predicate: usize,
    /// The trigger's words: a place may hang on any of them ("used tear gas *in* X").
    trigger: (usize, usize),
    /// The predicate and the heads of the clauses that share its setting.
    clause: Vec<usize>,
    /// Heads of the phrases whose own modifiers may set the act: the objects of the predicate and
    /// of the clauses it continues or that continue it (and their conjuncts), and the event's
    /// actors.
    phrases: Vec<usize>,
    /// The actors' token ranges: the source's, then the target's.
    actors: [Option<(usize, usize)>; 2],
}

/// The place `event` happened at by the tree: the mention (of `places`, found after locatives)
/// whose phrase holds closest to the event, the first in the sentence among equals; else a city
/// modifying a noun trigger. `tokens` are the sentence's, one per word of `parse`.
pub(crate) fn attached<'g>(
    parse: &Parse,
    gazetteer: &'g Gazetteer,
    tokens: &[Token],
    text: &str,
    places: &[PlaceMention<'g>],
    mentions: &[Mention],
    event: &Event,
) -> Option<PlaceMention<'g>> {
    let tree = EventTree::new(parse, tokens, event)?;
    let held: Vec<(Hold, &PlaceMention<'g>)> = places
        .iter()
        .filter_map(|place| Some((tree.hold(place, tokens, text)?, place)))
        .collect();
    let closest = held
        .iter()
        .min_by_key(|(hold, place)| (*hold, place.span.start))
        .map(|&(_, place)| place.clone());
    closest
        .map(|place| finer_within(place, &held))
        .or_else(|| tree.city_modifier(gazetteer, tokens, text, mentions))
}

/// A country the event is held to, made finer by a city or region in it that the event is also
/// held to ("Police *in Kenya* disperse protesters *in the capital*").
fn finer_within<'g>(
    place: PlaceMention<'g>,
    held: &[(Hold, &PlaceMention<'g>)],
) -> PlaceMention<'g> {
    let [country] = place.candidates[..] else {
        return place;
    };
    if country.kind != PlaceKind::Country {
        return place;
    }
    held.iter()
        .find_map(|(_, other)| {
            let inside: Vec<_> = other
                .candidates
                .iter()
                .copied()
                .filter(|p| p.kind != PlaceKind::Country && p.country == country.country)
                .collect();
            (!inside.is_empty()).then(|| PlaceMention {
                candidates: inside,
                ..(*other).clone()
            })
        })
        .unwrap_or(place)
}

impl<'a> EventTree<'a> {
    fn new(parse: &'a Parse, tokens: &[Token], event: &Event) -> Option<Self> {
        let trigger = token_range(tokens, Span::new(event.trigger.start, event.trigger.end))?;
        let predicate = phrase_head(parse, trigger);
        let mut tree = EventTree {
            parse,
            predicate,
            trigger,
            clause: vec![predicate],
            phrases: Vec::new(),
            actors: [None, None],
        };
        // The clauses above: the verb an infinitive completes ("agreed *to meet*"), the verb a noun
        // trigger is the object or subject of ("held *talks*"), the clause a participle or a
        // subjectless conjunct continues.
        let mut current = predicate;
        // Clauses a participle elaborates or a conjunct continues ("rocked a rally in Dhaka,
        // *killing* 13", "overran a village in X and *slaughtered* 14"): their objects are the
        // act's too.
        let mut elaborated = Vec::new();
        while let Some(up) = parse.words[current].head {
            let shares = match tree.universal(current) {
                "xcomp" => true,
                // "launched an *attack*", "a *bomb* exploded in X".
                "obj" | "nsubj" => tree.is_nominal(current),
                "conj" | "advcl" => tree.continues(current),
                _ => false,
            };
            if !shares || tree.clause.contains(&up) {
                break;
            }
            if matches!(tree.universal(current), "advcl" | "conj") {
                elaborated.push(up);
            }
            tree.clause.push(up);
            current = up;
        }
        // What the same subject did next or alongside ("met the minister and *signed* an accord in
        // Cairo", "took part in the meeting, *held* in Riyadh"). Not the act an infinitive leads
        // to: "urged X to enforce an embargo in Y" was urged elsewhere.
        let completed: Vec<usize> = parse
            .children(predicate)
            .filter(|&c| {
                matches!(tree.universal(c), "conj" | "advcl")
                    && tree.continues(c)
                    && !tree.has_child(c, "mark")
            })
            .collect();
        // Objects of the predicate, of the acts that follow it and of the clauses it continues.
        let objects: Vec<usize> = std::iter::once(predicate)
            .chain(completed.iter().copied())
            .chain(elaborated)
            .flat_map(|head| parse.children(head))
            .filter(|&c| tree.universal(c) == "obj")
            .collect();
        tree.clause.extend(completed);
        // A place after coordinated objects hangs on the last ("bombed a pipeline and a market *in
        // X*").
        let coordinated: Vec<usize> = objects
            .iter()
            .flat_map(|&o| parse.children(o))
            .filter(|&c| tree.universal(c) == "conj")
            .collect();
        tree.phrases.extend(objects);
        tree.phrases.extend(coordinated);
        tree.actors = [Some(&event.source), event.target.as_ref()]
            .map(|a| a.and_then(|a| token_range(tokens, Span::new(a.start, a.end))));
        for range in tree.actors.into_iter().flatten() {
            let mut head = phrase_head(parse, range);
            // A mention that is only part of its name ("Mr *Snow*"): the phrase is the whole name.
            while matches!(tree.universal(head), "flat" | "compound") {
                match parse.words[head].head {
                    Some(up) if parse.words[up].upos == Upos::Propn => head = up,
                    _ => break,
                }
            }
            tree.phrases.push(head);
            // A place after coordinated actors hangs on the first ("with the government and UN
            // officials *in Kabul*").
            if tree.universal(head) == "conj" {
                tree.phrases.extend(parse.words[head].head);
            }
        }
        Some(tree)
    }

    fn universal(&self, i: usize) -> &'static str {
        self.parse.words[i].deprel.universal()
    }

    fn is_nominal(&self, i: usize) -> bool {
        matches!(self.parse.words[i].upos, Upos::Noun | Upos::Propn)
    }

    /// Whether clause `i` goes on with the act of the clause it hangs on, and so shares its
    /// setting: no subject of its own, and no conjunction but, for an adverbial clause, an
    /// infinitive's "to" or a means' "by" ("met in Paris *to discuss*", "exploded in Mosul,
    /// *killing* three", "caused anger in X *by donating*", but not "wanted in the US *for
    /// defying*").
    fn continues(&self, i: usize) -> bool {
        let clause = self.universal(i) == "advcl";
        self.parse.children(i).all(|c| match self.universal(c) {
            "nsubj" | "csubj" => false,
            "mark" => {
                clause
                    && ["to", "by"]
                        .iter()
                        .any(|m| self.parse.words[c].lemma.eq_ignore_ascii_case(m))
            }
            _ => true,
        })
    }

    fn has_child(&self, i: usize, relation: &str) -> bool {
        self.parse
            .children(i)
            .any(|c| self.universal(c) == relation)
    }

    /// Whether tokens `first..=last` overlap one of the event's actors.
    fn is_party(&self, (first, last): (usize, usize)) -> bool {
        self.actors
            .iter()
            .flatten()
            .any(|&(start, end)| start <= last && first <= end)
    }

    fn in_trigger(&self, i: usize) -> bool {
        (self.trigger.0..=self.trigger.1).contains(&i)
    }

    /// How a phrase on word `i` of the trigger or its clause holds.
    fn clause_hold(&self, i: usize) -> Hold {
        if self.in_trigger(i) {
            Hold::Predicate
        } else {
            Hold::Clause
        }
    }

    /// The preposition marking word `i`, lowercased.
    fn case(&self, i: usize, tokens: &[Token], text: &str) -> Option<String> {
        self.parse
            .children(i)
            .find(|&c| self.universal(c) == "case")
            .map(|c| tokens[c].span.slice(text).to_ascii_lowercase())
    }

    /// How the phrase of `place` hangs on the event, if it does.
    fn hold(&self, place: &PlaceMention, tokens: &[Token], text: &str) -> Option<Hold> {
        let at = place.locative?;
        let word = tokens[at].span.slice(text).to_ascii_lowercase();
        if self.universal(at) != "case" {
            // A verb of visiting: the place is its object ("visited *Seattle*"), as it is right
            // after the trigger's own verb however the sentence was parsed.
            let place_range = token_range(tokens, place.span)?;
            if self.in_trigger(at) && place_range.0 == at + 1 {
                return Some(Hold::Predicate);
            }
            let noun = phrase_head(self.parse, place_range);
            let holds = self.parse.words[noun].head == Some(at) && self.universal(noun) == "obj";
            return match self.clause.iter().position(|&c| c == at) {
                Some(0) if holds => Some(Hold::Predicate),
                Some(_) if holds => Some(Hold::Clause),
                _ => None,
            };
        }
        // The noun the preposition marks, past the words that only name it ("in *Burundi's
        // capital*, Bujumbura").
        let mut noun = self.parse.words[at].head?;
        while matches!(self.universal(noun), "compound" | "flat" | "appos")
            || self.parse.words[noun].deprel.as_str() == "nmod:poss"
        {
            noun = self.parse.words[noun].head?;
        }
        if self.in_trigger(noun) {
            // The place names the trigger's own noun ("killed in an *Iraq* attack").
            return Some(Hold::Predicate);
        }
        // A state that is a party, named as a modifier of the place, is whose the place is, not
        // where it is: "attacked *US* outposts across Iraq" (but "killed in an *Iraq* attack").
        let place_range = token_range(tokens, place.span)?;
        let owner = self.universal(phrase_head(self.parse, place_range)) == "compound"
            && place
                .candidates
                .iter()
                .all(|p| p.kind == PlaceKind::Country)
            && self.is_party(place_range);
        // A place said of a phrase by a relative clause is where what it names is ("Mr Snow, who
        // is *in Dublin*, applauded").
        let said_of = self.universal(noun) == "acl" && self.has_child(noun, "cop");
        if owner || !(said_of || matches!(self.universal(noun), "obl" | "nmod")) {
            return None;
        }
        let mut on = self.parse.words[noun].head?;
        if DIRECTIONS.contains(&word.as_str()) {
            // Where a verb of the event's clause comes from or goes to ("withdrew *from* Gaza",
            // "reached *into* Damascus"), unless that is a party ("met prosecutors from X", "fired
            // rockets into X") other than the place a trigger of leaving leaves ("*withdrew from*
            // Gaza").
            let leaving_its_target = word == "from" && self.in_trigger(at);
            let a_party = !leaving_its_target && self.is_party(place_range);
            let on_a_verb = matches!(self.parse.words[on].upos, Upos::Verb)
                && (self.clause.contains(&on) || self.in_trigger(on));
            return ((on_a_verb || self.in_trigger(at)) && !a_party).then(|| self.clause_hold(on));
        }
        if !SETTING_CASES.contains(&word.as_str()) {
            return None;
        }
        // Up through the spatial phrases the place lies in ("on a balcony at the palace in X"),
        // and a phrase they are part of ("on the outskirts *of* the camp in X").
        for _ in 0..self.parse.words.len() {
            if self.in_trigger(on) || self.clause.contains(&on) {
                return Some(self.clause_hold(on));
            }
            if self.phrases.contains(&on) {
                return Some(Hold::Phrase);
            }
            // A clause describing a word of the trigger says where that act was ("participate in
            // the conference *to be held in Baku*"), also when the parser hangs a passive one on
            // the verb; an active one there is an act of its own ("urged them *to hold talks in
            // Geneva*").
            let clause_on_the_act = self.universal(on) == "acl"
                || (self.universal(on) == "advcl"
                    && self
                        .parse
                        .children(on)
                        .any(|c| self.parse.words[c].deprel.as_str() == "aux:pass"));
            let describes_the_act = clause_on_the_act
                && !self.has_child(on, "nsubj")
                && self.parse.words[on]
                    .head
                    .is_some_and(|up| self.in_trigger(up));
            if describes_the_act {
                return Some(Hold::Predicate);
            }
            if !matches!(self.universal(on), "obl" | "nmod" | "appos") {
                return None;
            }
            // A noun's modifier with no preposition, or its apposition, is part of the phrase
            // above it ("at the summit *in X*", parsed as "at [the Organization], summit, in X");
            // a verb's is not ("agreed to buy a share of X, [the] maker in Y").
            let within = match self.case(on, tokens, text) {
                None => matches!(self.universal(on), "nmod" | "appos"),
                Some(case) if case == "of" => self.parse.words[on].head.is_some_and(|up| {
                    self.case(up, tokens, text)
                        .is_some_and(|c| SPATIAL_CASES.contains(&c.as_str()))
                }),
                Some(case) if SPATIAL_CASES.contains(&case.as_str()) => true,
                // "withdrew from the camp *in X*".
                Some(case) => {
                    DIRECTIONS.contains(&case.as_str())
                        && self.parse.words[on]
                            .head
                            .is_some_and(|up| self.in_trigger(up))
                }
            };
            if !within {
                return None;
            }
            on = self.parse.words[on].head?;
        }
        None
    }

    /// A city or region named as a modifier of a noun trigger: "the *Jakarta* bombing", "a *Gaza*
    /// raid". A state so named is a party more often than a place ("*US* strikes").
    fn city_modifier<'g>(
        &self,
        gazetteer: &'g Gazetteer,
        tokens: &[Token],
        text: &str,
        mentions: &[Mention],
    ) -> Option<PlaceMention<'g>> {
        if !self.is_nominal(self.predicate) {
            return None;
        }
        self.parse
            .children(self.predicate)
            .filter(|&c| c < self.predicate && self.universal(c) == "compound")
            .find_map(|c| {
                // The name with its own parts ("New York").
                let parts: Vec<usize> = self
                    .parse
                    .children(c)
                    .filter(|&p| matches!(self.universal(p), "flat" | "compound"))
                    .chain([c])
                    .collect();
                let first = parts.iter().copied().min().unwrap_or(c);
                let last = parts.iter().copied().max().unwrap_or(c);
                let span = Span::new(tokens[first].span.start, tokens[last].span.end);
                let name = span.slice(text);
                // Part of a longer actor's name is where the actor is from ("*Darfur* rebels"); a
                // person or an organisation is no place, but a capital read as its government is
                // ("the *Jakarta* bombing").
                let within_an_actor = self.actors.iter().flatten().any(|&(start, end)| {
                    start <= first && last <= end && (start, end) != (first, last)
                });
                if !name.starts_with(char::is_uppercase)
                    || within_an_actor
                    || names_a_party(mentions, span)
                {
                    return None;
                }
                let places: Vec<_> = gazetteer
                    .lookup(name)
                    .iter()
                    .map(|&p| gazetteer.place(p))
                    .collect();
                // A state's name is the state, not the towns abroad named after it ("*Costa Rica*
                // and Luxembourg sign trade deal"); only its own city of that name may be meant
                // ("the *Kuwait* bombing").
                let state = places.iter().find(|p| p.kind == PlaceKind::Country);
                let candidates: Vec<_> = places
                    .iter()
                    .copied()
                    .filter(|p| matches!(p.kind, PlaceKind::City | PlaceKind::Region))
                    .filter(|p| state.is_none_or(|s| s.country == p.country))
                    .collect();
                (!candidates.is_empty()).then_some(PlaceMention {
                    span,
                    candidates,
                    locative: None,
                    directed: false,
                })
            })
    }
}

/// Whether the actor dictionaries read the name at `name` as a person or an organisation (ids
/// `person:...`, `org:...`), not as a state or its institutions.
fn names_a_party(mentions: &[Mention], name: Span) -> bool {
    mentions
        .iter()
        .any(|m| m.span.start == name.start && m.actor.id.contains(':'))
}

/// The first and last token inside `span`.
fn token_range(tokens: &[Token], span: Span) -> Option<(usize, usize)> {
    let inside = |t: &Token| span.start <= t.span.start && t.span.end <= span.end;
    let first = tokens.iter().position(inside)?;
    let last = tokens.iter().rposition(inside)?;
    Some((first, last))
}

/// The word of tokens `first..=last` that heads them: the first whose head lies outside.
fn phrase_head(parse: &Parse, (first, last): (usize, usize)) -> usize {
    (first..=last)
        .find(|&i| parse.words[i].head.is_none_or(|h| h < first || h > last))
        .unwrap_or(first)
}
