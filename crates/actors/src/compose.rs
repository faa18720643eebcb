//! Role composition: a role word joined to a state, adjective or organisation ("Egyptian President",
//! "Israel's National Security Adviser", "Prime Minister of Israel", "Hamas spokesperson"), and the
//! name that may follow it ("Azerbaijani Foreign Minister Jeyhun Bayramov").

use crate::names;
use crate::resolve;
use crate::words::Words;
use crate::{Binding, Found, Kind};
use entente_dictionaries::{ActorDictionary, DictMatch, FormKind, Person, Role, Seat, Target};
use entente_model::{EventDate, Span, Via};

/// Words allowed between a modifier and its role ("Israeli former prime minister" is rare, but
/// "Egypt's acting president" is not). "former" also stops the office-holder lookup.
const ROLE_MODIFIERS: [&str; 8] = [
    "former",
    "acting",
    "then",
    "incumbent",
    "outgoing",
    "new",
    "current",
    "interim",
];

/// Role words for missions abroad, which are located in a state other than their own.
const MISSION_WORDS: [&str; 14] = [
    "embassy",
    "embassies",
    "consulate",
    "consulates",
    "mission",
    "missions",
    "office",
    "offices",
    "ambassador",
    "ambassadors",
    "envoy",
    "envoys",
    "delegation",
    "delegations",
];

/// Words allowed in the "of" chain between a role and its state ("of the Ministry of Foreign Affairs of").
const CHAIN_WORDS: [&str; 4] = ["of", "the", "and", "for"];

pub struct Composer<'a> {
    pub dict: &'a ActorDictionary,
    pub words: &'a Words<'a>,
    pub matches: &'a [DictMatch],
    pub date: Option<EventDate>,
}

/// The seat a plain mention can give a role: a state (named or by adjective) or an organisation.
fn seat_of(dict: &ActorDictionary, found: &Found) -> Option<Seat> {
    match found.kind {
        Kind::State(_) => found.actor.country.clone().map(Seat::Country),
        Kind::Org(i) => Some(Seat::Org(dict.orgs[i].id.clone())),
        _ => None,
    }
}

pub fn role_of(m: &DictMatch) -> Option<usize> {
    m.targets.iter().find_map(|t| match t {
        Target::Role(i) => Some(*i),
        _ => None,
    })
}

impl<'a> Composer<'a> {
    /// Tries to compose the role match `i` with the plain mention just before it (`previous`) or with
    /// an "of ... STATE" chain after it. Returns the composed mention, the index of the last match it
    /// consumed, whether it absorbed `previous`, and the name bindings when a new name followed.
    pub fn compose(
        &self,
        i: usize,
        previous: Option<&Found>,
    ) -> Option<(Found, usize, bool, Vec<Binding>)> {
        let role_index = role_of(&self.matches[i])?;
        let role_span = self.matches[i].span;
        let (w, text) = (self.words, self.words.text);
        let role = &self.dict.roles[role_index];
        let mut former = false;
        // Modifier before: "Israeli Finance Minister", "Israel's National Security Adviser", "Hamas spokesperson".
        let before = previous.filter(|p| p.via == Via::Dictionary).and_then(|p| {
            let seat = seat_of(self.dict, p)?;
            let mut k = w.at_or_after(p.span.end);
            let possessive = w.is_possessive(k);
            if possessive {
                k += 2;
            }
            if role.also_verb && !possessive && self.verb_after_a_name(p, role_span.end) {
                return None;
            }
            while k < w.len()
                && w.list[k].span.start < role_span.start
                && w.is_any(k, &ROLE_MODIFIERS)
            {
                former |= w.is(k, "former");
                k += 1;
            }
            (w.list.get(k)?.span.start == role_span.start).then_some((seat, p.span.start))
        });
        let (seat, start, end, last_match, absorbed) = match before {
            Some((seat, start)) => (seat, start, role_span.end, i, true),
            None => {
                let (seat, end, j) = self.of_chain(i).or_else(|| self.located_in(i))?;
                (seat, role_span.start, end, j, false)
            }
        };
        if !former {
            let k = w.before(start);
            former = k.is_some_and(|k| w.is(k, "former"));
        }
        let holder = (!former).then(|| self.holder(role, &seat)).flatten();
        let office = resolve::office(self.dict, &seat, &role.id)?;
        let mut found = Found {
            span: Span::new(start, end),
            actor: holder.map_or_else(
                || office.clone(),
                |p| resolve::person(self.dict, p, self.date),
            ),
            via: Via::Role,
            kind: if holder.is_some() {
                Kind::Person
            } else {
                Kind::Office {
                    personal: !role.agent
                        && !role.many_holders
                        && !role_span.slice(text).ends_with(['s', 'S'])
                        && self.dict.holders_of(&role.id).next().is_some(),
                }
            },
        };
        // A name right after the role phrase: a new name bound to the office, or a dictionary person
        // (which wins, also when it ends a name run: "Abdel Fattah" + "al-Sisi").
        let mut last_match = last_match;
        let mut binding = Vec::new();
        let starts_match = |word: usize| {
            self.matches
                .iter()
                .any(|m| m.span.start == w.list[word].span.start)
        };
        let next_word = w.at_or_after(end);
        // Two words at least: a single capitalised word after a role is as often a headline word as a name.
        let run = names::run_after(w, next_word, 4, starts_match)
            .filter(|r| r.last > r.first && w.adjacent(end, r.span.start));
        if let Some(run) = run {
            let name = run.span.slice(text).to_string();
            found.span.end = run.span.end;
            found.actor = resolve::introduced(&name, &office);
            found.kind = Kind::Person;
            binding = Binding::for_name(w, run, found.actor.clone());
        }
        if let Some(k) = self.person_match_adjacent(last_match + 1, found.span.end) {
            if let Some(Target::Person(p)) =
                resolve::choose(self.dict, &self.matches[k].targets, self.date)
            {
                found.span.end = self.matches[k].span.end;
                found.actor = resolve::person(self.dict, &self.dict.people[p], self.date);
                found.kind = Kind::Person;
                binding.clear();
                last_match = k;
            }
        }
        Some((found, last_match, absorbed, binding))
    }

    /// Whether a role word that is also a verb, ending at byte `end` right after the state's name
    /// `previous` (not its adjective), is that verb: a determiner, a pronoun or a name follows it
    /// ("Russia *forces* Ukraine to", "Iran forces the ...").
    fn verb_after_a_name(&self, previous: &Found, end: usize) -> bool {
        const OPENS_AN_OBJECT: [&str; 12] = [
            "the", "a", "an", "its", "their", "his", "her", "him", "them", "it", "us", "out",
        ];
        let named = matches!(previous.kind, Kind::State(form) if form != FormKind::Adjective && form != FormKind::Demonym);
        let next = self.words.at_or_after(end);
        named && (self.words.is_any(next, &OPENS_AN_OBJECT) || self.words.is_capitalised(next))
    }

    /// States coordinated right before a plural role that composed with the last of them, the
    /// composed mention starting at byte `start` ("*French* and German leaders", "*US*, British
    /// and Iraqi forces"): each holds the role too. `found` ends with the mentions before it.
    pub fn share_with_coordinated(&self, role: usize, start: usize, found: &mut [Found]) {
        let w = self.words;
        let role_span = self.matches[role].span;
        let plural = w.text[role_span.start..role_span.end].ends_with(['s', 'S']);
        let Some(role_index) = role_of(&self.matches[role]).filter(|_| plural) else {
            return;
        };
        let role = &self.dict.roles[role_index];
        let mut boundary = start;
        for f in found.iter_mut().rev() {
            let (first, end) = (w.at_or_after(f.span.end), w.at_or_after(boundary));
            let joined = first < end
                && (first..end).all(|k| w.text_of(k) == "," || w.is_any(k, &["and", "or"]));
            // A state's adjective, or an abbreviation that serves as one ("US"): "Iran and Iraqi
            // forces" are Iran and the forces.
            let attributive = match f.kind {
                Kind::State(FormKind::Adjective) => true,
                Kind::State(_) => {
                    let name = f.span.slice(w.text);
                    name.len() <= 4 && name.chars().all(|c| c.is_ascii_uppercase() || c == '.')
                }
                _ => false,
            };
            if !joined || f.via != Via::Dictionary || !attributive {
                return;
            }
            let Some(office) =
                seat_of(self.dict, f).and_then(|seat| resolve::office(self.dict, &seat, &role.id))
            else {
                return;
            };
            f.actor = office;
            f.via = Via::Role;
            f.kind = Kind::Office { personal: false };
            boundary = f.span.start;
        }
    }

    /// The dictionary person holding a single-holder `role` at `seat` on the document date. On a
    /// handover day the outgoing and incoming terms both contain the date: the later-starting wins.
    fn holder(&self, role: &Role, seat: &Seat) -> Option<&'a Person> {
        if role.many_holders {
            return None;
        }
        self.dict
            .holders_of(&role.id)
            .filter_map(|p| Some((p.term(seat, &role.id, self.date)?.range.start_day(), p)))
            .max_by_key(|(start, _)| *start)
            .map(|(_, p)| p)
    }

    /// The states coordinated after a plural role's "of" chain, each holding the role too: "the
    /// foreign ministers of France *and Germany*", "the ambassadors of X, *Y and Z*" (`role` is
    /// the composed mention's role match, `last` the state match that ended its chain). Returns
    /// their mentions and the index of the last match they took.
    pub fn coordinated_holders(&self, role: usize, last: usize) -> (Vec<Found>, usize) {
        let w = self.words;
        let role_span = self.matches[role].span;
        let plural = w.text[role_span.start..role_span.end].ends_with(['s', 'S']);
        let (mut holders, mut taken) = (Vec::new(), last);
        let Some(role_index) = role_of(&self.matches[role]).filter(|_| plural) else {
            return (holders, taken);
        };
        let role = &self.dict.roles[role_index];
        loop {
            let mut k = w.at_or_after(self.matches[taken].span.end);
            let mut joined = false;
            while w.text_of(k) == "," || w.is_any(k, &["and", "or"]) {
                joined = true;
                k += 1;
            }
            let Some(next) = self.matches.get(taken + 1) else {
                break;
            };
            let state = next.targets.iter().find_map(|t| match *t {
                Target::Country {
                    index,
                    form: FormKind::Name,
                } => Some(Seat::Country(self.dict.countries[index].id.clone())),
                _ => None,
            });
            let adjacent = w
                .list
                .get(k)
                .is_some_and(|word| word.span.start == next.span.start);
            let Some(seat) = state.filter(|_| joined && adjacent) else {
                break;
            };
            // "the presidents of X and Y": each state's holder, where the dictionaries know them.
            let found = match self.holder(role, &seat) {
                Some(person) => Found {
                    span: next.span,
                    actor: resolve::person(self.dict, person, self.date),
                    via: Via::Role,
                    kind: Kind::Person,
                },
                None => match resolve::office(self.dict, &seat, &role.id) {
                    Some(actor) => Found {
                        span: next.span,
                        actor,
                        via: Via::Role,
                        kind: Kind::Office { personal: false },
                    },
                    None => break,
                },
            };
            holders.push(found);
            taken += 1;
        }
        (holders, taken)
    }

    /// The match at index `k` if it names a person and only whitespace separates it from byte `end`.
    fn person_match_adjacent(&self, k: usize, end: usize) -> Option<usize> {
        let m = self.matches.get(k)?;
        let is_person = m.targets.iter().any(|t| matches!(t, Target::Person(_)));
        (is_person && self.words.adjacent(end, m.span.start)).then_some(k)
    }

    /// "ROLE in [the] STATE" ("people in Somalia", "a court in Bishkek", "militants in Darfur"): the
    /// place gives the role its state. Missions abroad are the exception ("the embassy in Tel Aviv"
    /// belongs to the sending state), so their words never compose this way.
    fn located_in(&self, i: usize) -> Option<(Seat, usize, usize)> {
        let w = self.words;
        let role_span = self.matches[i].span;
        let last_word = w
            .before(role_span.end)
            .map(|k| w.text_of(k).to_lowercase())
            .unwrap_or_default();
        // Missions abroad, and forces, which are as often another state's ("its forces in
        // Afghanistan"), are no state's for being in it.
        let military =
            role_of(&self.matches[i]).is_some_and(|r| self.dict.roles[r].sector.as_str() == "MIL");
        if MISSION_WORDS.contains(&last_word.as_str()) || military {
            return None;
        }
        let mut k = w.at_or_after(role_span.end);
        if !w.is(k, "in") {
            return None;
        }
        k += 1;
        if w.is(k, "the") {
            k += 1;
        }
        let start = w.list.get(k)?.span.start;
        let j = (i + 1..self.matches.len()).find(|&j| self.matches[j].span.start >= start)?;
        let m = self.matches.get(j).filter(|m| m.span.start == start)?;
        let seat = m.targets.iter().find_map(|t| match *t {
            Target::Country {
                index,
                form: FormKind::Name | FormKind::Former | FormKind::Metonym | FormKind::Region,
            } => Some(Seat::Country(self.dict.countries[index].id.clone())),
            _ => None,
        })?;
        Some((seat, m.span.end, j))
    }

    /// "ROLE of [the Ministry of Foreign Affairs of] STATE" (or "AGENT from [the] ORG"):
    /// returns the seat, the end of the phrase and the index of the state's match.
    fn of_chain(&self, i: usize) -> Option<(Seat, usize, usize)> {
        let w = self.words;
        let role_span = self.matches[i].span;
        let mut k = w.at_or_after(role_span.end);
        // Agents also take "from" with an organisation ("activists from the Fatah Party"); with a state
        // it is as often where they move from ("withdrew peacekeepers from Sinai") as where they belong.
        let agent = role_of(&self.matches[i]).is_some_and(|r| self.dict.roles[r].agent);
        let from = agent && w.is(k, "from");
        if !(w.is(k, "of") || from) {
            return None;
        }
        k += 1;
        let mut j = i + 1;
        let limit = k + 14;
        while k < limit && k < w.len() {
            let start = w.list[k].span.start;
            while j < self.matches.len() && self.matches[j].span.start < start {
                j += 1;
            }
            if let Some(m) = self.matches.get(j).filter(|m| m.span.start == start) {
                let seat = m.targets.iter().find_map(|t| match *t {
                    Target::Country {
                        index,
                        form: FormKind::Name | FormKind::Former | FormKind::Epithet,
                    } => Some(Seat::Country(self.dict.countries[index].id.clone())),
                    Target::Org(o) => Some(Seat::Org(self.dict.orgs[o].id.clone())),
                    _ => None,
                });
                if from && matches!(seat, Some(Seat::Country(_))) {
                    return None;
                }
                if let Some(seat) = seat {
                    return Some((seat, m.span.end, j));
                }
                // Another role inside the chain ("Head of the Department of ...") is just a capitalised word.
                k = w.at_or_after(m.span.end);
                continue;
            }
            if !(w.is_any(k, &CHAIN_WORDS) || w.is_capitalised(k)) {
                return None;
            }
            k += 1;
        }
        None
    }
}
