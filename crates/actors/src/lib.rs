//! Actor recognition and resolution: which states, people and organisations a text mentions, and where.
//!
//! [`find_actors`] runs these passes over one document and returns an [`ActorOutput`]:
//! 1. dictionary matches ([`entente_dictionaries::ActorDictionary::find`]: names, former names,
//!    adjectives, demonyms → CVL, metonyms → GOV, epithets, organisations, people), less the
//!    surnames a namesake in the text has taken (`namesakes`: "Jack McConnell" is not Mitch
//!    McConnell, and "Mr McConnell" after him is neither, unless the text introduced him with an
//!    office; a headline's surname is whoever the story names first in full);
//! 2. role composition (`compose`): state/adjective/organisation + role word, or role + "of ... STATE",
//!    resolved to the person holding that office on the date when the dictionary knows one, and
//!    absorbing a following name, known or new;
//!    A title before a known surname names that office holder (`titles`: "President Bush"); before
//!    a name no dictionary knows, it introduces a person of the title's sector ("Maj. Gen. Ezra
//!    Tambo" → MIL), or of the agent's kind and state that an agent word before the title names
//!    ("Sudanese rebel leader John Garang" → SDNREB); a singular agent word titles a stranger too
//!    ("opposition leader Raila Odinga" → OPP); "of" and a state right after the name place the
//!    person there, one word of name being enough ("King Hassan of Morocco" → MARGOV).
//!    A leader's name before an agent word names the leader's state (`leaders`: "the Bush
//!    administration" → USAGOV).
//!    An agent word alone ("protesters", "police", roles marked `agent: yes`) is a generic actor
//!    (`agents`), placed in a state named as location in its clause, else with no country;
//!    Before these, named groups the dictionary does not know (`groups`: "the group “X”", "the
//!    LetUsSpeak movement", "the Earth Liberation Front") become document-scoped actors, and the
//!    dictionary matches inside their phrase are consumed;
//! 3. apposition (`apposition`): "NAME, ROLE-PHRASE" and "ROLE-PHRASE, NAME" bind a new name;
//! 4. places (`places`): a state or capital after a locative preposition is a location, not an actor;
//! 5. context (`context`): bound names and surnames later in the document, "the group", "the two
//!    countries", subject pronouns, and first-person pronouns inside a quotation (the speaker).
//! 6. the state the text is about (`home_state`): a state institution named alone ("the
//!    government", "police") takes the state mentioned last in its paragraph; "the country" refers
//!    back to it.
//!
//! Mentions come out in text order and never overlap, with one exception: "the two countries" gives
//! two mentions on the same span, one per state, because a mention carries a single actor.

mod agents;
mod apposition;
mod compose;
mod context;
mod groups;
mod home_state;
mod leaders;
mod names;
mod namesakes;
mod places;
mod resolve;
mod titles;
mod words;

use entente_dictionaries::{ActorDictionary, DictMatch, Dictionaries, FormKind, Target};
use entente_model::{
    Actor, Diagnostic, Document, EventDate, Mention, Resolution, Sentence, Span, Via,
};
use words::Words;

/// Mentions found in one document, in text order, plus diagnostics.
#[derive(Debug, Default)]
pub struct ActorOutput {
    pub mentions: Vec<Mention>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What kind of thing a found mention names; the context rules ask it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A state, through one of its country forms.
    State(FormKind),
    /// A dictionary organisation (index into `ActorDictionary::orgs`).
    Org(usize),
    /// A person, from the dictionary or introduced by the text.
    Person,
    /// A composed office with no known holder ("the Azerbaijani ambassador"). `personal` when one
    /// person holds it at a time and the dictionaries name holders of it (a president, a foreign
    /// minister), so that "he" or "she" may stand for it.
    Office { personal: bool },
    /// An agent word alone ("protesters", "police"), placed by a location in its clause if any.
    Agent,
    /// A group the text names and introduces ("the group “A Thousand Youth for Palestine”").
    Group,
}

/// A mention under construction.
#[derive(Debug, Clone)]
struct Found {
    span: Span,
    actor: Actor,
    via: Via,
    kind: Kind,
}

impl Found {
    /// Offices with no known holder, agent words, named groups and people the text introduces (no
    /// dictionary person has their id) are the text's, not the dictionaries'.
    fn resolution(&self, dict: &ActorDictionary) -> Resolution {
        let introduced = self.kind == Kind::Person
            && self
                .actor
                .id
                .strip_prefix("person:")
                .is_none_or(|id| dict.person(id).is_none());
        if introduced || matches!(self.kind, Kind::Office { .. } | Kind::Agent | Kind::Group) {
            Resolution::Inferred
        } else {
            Resolution::Dictionary
        }
    }
}

/// A name the text has tied to an actor; it resolves later in the document.
#[derive(Debug, Clone)]
struct Binding {
    /// The name's words, folded.
    words: Vec<String>,
    actor: Actor,
    /// Byte offset from which the binding holds.
    from: usize,
}

impl Binding {
    /// Bindings for a full name and for its surname alone.
    fn for_name(words: &Words, run: names::NameRun, actor: Actor) -> Vec<Binding> {
        let folded: Vec<String> = (run.first..=run.last)
            .filter(|&i| words.list[i].is_word)
            .map(|i| fold_word(words.text_of(i)))
            .collect();
        let mut out = vec![Binding {
            words: folded.clone(),
            actor: actor.clone(),
            from: run.span.end,
        }];
        if folded.len() > 1 {
            let surname = folded.last().cloned().unwrap_or_default();
            if surname.chars().count() >= 3 {
                out.push(Binding {
                    words: vec![surname],
                    actor,
                    from: run.span.end,
                });
            }
        }
        out
    }
}

fn fold_word(s: &str) -> String {
    entente_text::fold(s).into_owned()
}

/// Finds and resolves every actor mention in `doc`. `date` is the date office holders are resolved at
/// (the document date when known).
pub fn find_actors(
    doc: &Document,
    sentences: &[Sentence],
    dicts: &Dictionaries,
    date: Option<EventDate>,
) -> ActorOutput {
    find_actors_in(&doc.text, sentences, &dicts.actors, date)
}

/// Whether a match starting at byte `start` is joined to a prefix that makes the word something
/// else than its actor: "post-Soviet" and "non-NATO" name no Soviet Union and no NATO.
/// ("Anti-American" and "pro-Western" keep their actor: the stance is towards it; "ex-Labour MP"
/// its state.)
fn after_a_negating_prefix(text: &str, start: usize) -> bool {
    after_a_prefix(text, start, &["post", "non"])
}

/// Whether a match starting at byte `start` is joined to a stance prefix: "*pro-*Russian",
/// "*anti-*American". The stance is towards the actor, so the word keeps it ("anti-American
/// protests"), but a role right after it is not that actor's: "pro-Russian forces" are no Russian
/// military, "anti-American protesters" no American opposition.
fn after_a_stance_prefix(text: &str, start: usize) -> bool {
    after_a_prefix(text, start, &["pro", "anti"])
}

/// Whether `text` has one of `prefixes` and a hyphen, as a word of its own, right before `start`.
fn after_a_prefix(text: &str, start: usize, prefixes: &[&str]) -> bool {
    let Some(before) = text[..start].strip_suffix('-') else {
        return false;
    };
    prefixes.iter().any(|prefix| {
        before.len() >= prefix.len()
            && before.is_char_boundary(before.len() - prefix.len())
            && before[before.len() - prefix.len()..].eq_ignore_ascii_case(prefix)
            && !before[..before.len() - prefix.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// [`find_actors`] over a bare text and actor dictionary. With no sentences, the text is one sentence.
pub fn find_actors_in(
    text: &str,
    sentences: &[Sentence],
    dict: &ActorDictionary,
    date: Option<EventDate>,
) -> ActorOutput {
    let words = Words::with_sentences(text, sentences);
    let mut matches = dict.find(text);
    let headline_end = match sentences {
        [first, second, ..] if first.paragraph != second.paragraph => first.span.end,
        _ => 0,
    };
    let namesakes = namesakes::drop_namesakes(dict, &words, &mut matches, headline_end);
    matches.retain(|m| !after_a_negating_prefix(text, m.span.start));
    let stance_on_a_role = |m: &DictMatch| {
        after_a_stance_prefix(text, m.span.start)
            && matches
                .iter()
                .any(|r| compose::role_of(r).is_some() && words.adjacent(m.span.end, r.span.start))
    };
    let stances: Vec<bool> = matches.iter().map(stance_on_a_role).collect();
    let mut stance = stances.into_iter();
    matches.retain(|_| !stance.next().unwrap_or(false));
    let groups = groups::find(dict, &words, &matches);
    matches.retain(|m| !groups.iter().any(|g| g.consumed.overlaps(m.span)));
    let mut found: Vec<Found> = Vec::new();
    let mut bindings: Vec<Binding> = Vec::new();
    let composer = compose::Composer {
        dict,
        words: &words,
        matches: &matches,
        date,
    };
    let mut i = 0;
    while i < matches.len() {
        let m = &matches[i];
        if compose::role_of(m).is_some() {
            if let Some((f, last, absorbed, binds)) = composer.compose(i, found.last()) {
                if absorbed {
                    found.pop();
                    composer.share_with_coordinated(i, f.span.start, &mut found);
                }
                // "the ministers of X and Y": each state named after the chain has its own.
                let (holders, last) = if absorbed {
                    (Vec::new(), last)
                } else {
                    composer.coordinated_holders(i, last)
                };
                found.push(f);
                found.extend(holders);
                bindings.extend(binds);
                i = last + 1;
                continue;
            }
            if let Some(f) =
                compose::role_of(m).and_then(|r| titles::titled(dict, &words, r, m.span, date))
            {
                let end = f.span.end;
                found.push(f);
                while i < matches.len() && matches[i].span.start < end {
                    i += 1;
                }
                continue;
            }
            if let Some((f, binds, absorbed)) = compose::role_of(m)
                .and_then(|r| titles::stranger(dict, &words, &matches, r, m.span, found.last()))
            {
                let end = f.span.end;
                if absorbed {
                    found.pop();
                }
                found.push(f);
                bindings.extend(binds);
                while i < matches.len() && matches[i].span.start < end {
                    i += 1;
                }
                continue;
            }
            if let Some((f, absorbed)) =
                leaders::agent_of_leader(dict, &words, &matches, i, found.last())
            {
                if absorbed {
                    found.pop();
                }
                found.push(f);
                i += 1;
                continue;
            }
            if let Some(f) = agents::bare(dict, &words, &matches, i, found.last()) {
                found.push(f);
                i += 1;
                continue;
            }
        }
        if let Some(f) = plain(dict, &m.targets, m.span, date) {
            found.push(f);
        }
        i += 1;
    }
    found.extend(groups.into_iter().map(|g| g.found));
    found.sort_by_key(|f| (f.span.start, f.span.end));
    apposition::apply(&words, &matches, &mut found, &mut bindings);
    for f in &found {
        if f.kind == Kind::Person && f.actor.id.starts_with("person:") {
            bindings.extend(surname_binding(dict, f));
        }
    }
    places::drop_locations(&words, &mut found);
    let paragraphs = context::Paragraphs::new(text, sentences);
    let mut found = context::resolve(&words, dict, found, &bindings, &paragraphs);
    // A taken surname names neither bearer later on ("Mr McConnell"), unless the text itself
    // introduced its bearer with an office ("first minister Jack McConnell"), who is no
    // dictionary person.
    found.retain(|f| {
        let introduced_here = || {
            f.actor
                .id
                .strip_prefix("person:")
                .is_some_and(|id| dict.person(id).is_none())
        };
        f.via != Via::Context
            || f.kind != Kind::Person
            || introduced_here()
            || !namesakes::is_taken(&namesakes, &fold_word(f.span.slice(text)), f.span.start)
    });
    home_state::apply(&words, dict, &mut found, &paragraphs);
    found.sort_by_key(|f| (f.span.start, f.span.end));
    let mentions = non_overlapping(found)
        .into_iter()
        .map(|f| Mention {
            sentence_index: sentence_of(sentences, f.span.start),
            span: f.span,
            resolution: f.resolution(dict),
            actor: f.actor,
            via: f.via,
        })
        .collect();
    ActorOutput {
        mentions,
        diagnostics: Vec::new(),
    }
}

/// A plain dictionary match as a mention (roles alone name no actor).
fn plain(
    dict: &ActorDictionary,
    targets: &[Target],
    span: Span,
    date: Option<EventDate>,
) -> Option<Found> {
    let target = resolve::choose(dict, targets, date)?;
    let actor = resolve::target(dict, target, date)?;
    let kind = match target {
        Target::Country { form, .. } => Kind::State(form),
        Target::Org(i) => Kind::Org(i),
        _ => Kind::Person,
    };
    Some(Found {
        span,
        actor,
        via: Via::Dictionary,
        kind,
    })
}

/// A dictionary person's surname resolves on its own after the person has been mentioned.
fn surname_binding(dict: &ActorDictionary, f: &Found) -> Option<Binding> {
    let person = dict.person(f.actor.id.strip_prefix("person:")?)?;
    let surname = person
        .surname
        .clone()
        .or_else(|| person.name.split_whitespace().last().map(str::to_string))?;
    let words: Vec<String> = Words::new(&surname)
        .list
        .iter()
        .filter(|w| w.is_word)
        .map(|w| fold_word(w.span.slice(&surname)))
        .collect();
    (!words.is_empty()).then(|| Binding {
        words,
        actor: f.actor.clone(),
        from: f.span.end,
    })
}

/// Keeps the first of overlapping mentions (they arrive sorted), except identical spans ("the two countries").
fn non_overlapping(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        match out.last() {
            Some(last)
                if last.span == f.span && last.via == Via::Context && f.via == Via::Context =>
            {
                out.push(f)
            }
            Some(last) if last.span.overlaps(f.span) => {}
            _ => out.push(f),
        }
    }
    out
}

/// Whether any of `items` (sorted by start, overlapping little) overlaps `span`; a binary search
/// plus a short look back, so context rules stay linear on long documents.
fn overlaps_sorted<T>(items: &[T], span: Span, span_of: impl Fn(&T) -> Span) -> bool {
    let before_end = items.partition_point(|it| span_of(it).start < span.end);
    items[..before_end]
        .iter()
        .rev()
        .take(4)
        .any(|it| span_of(it).overlaps(span))
}

fn sentence_of(sentences: &[Sentence], offset: usize) -> usize {
    let i = sentences.partition_point(|s| s.span.end <= offset);
    sentences
        .get(i)
        .map_or(sentences.len().saturating_sub(1), |s| s.index)
}
