//! A title before a surname: "President Bush", "Chancellor Merkel". An office word alone names no
//! one, and a surname alone resolves only after an introduction; together they name the dictionary
//! person with that surname who held that office: the one in office on the date first, else the one
//! whose term started last.

use crate::names;
use crate::resolve;
use crate::words::Words;
use crate::{Binding, Found, Kind};
use entente_dictionaries::{ActorDictionary, Country, DictMatch, FormKind, Person, Target};
use entente_model::{Actor, ActorCode, EventDate, Span, Via};

/// The person a title (role `role_index`, ending at byte `title_end`) and the surname right after it
/// name, as a mention from `title_start` to the end of the surname.
pub fn titled(
    dict: &ActorDictionary,
    words: &Words,
    role_index: usize,
    title: Span,
    date: Option<EventDate>,
) -> Option<Found> {
    let role = &dict.roles[role_index];
    if role.agent {
        return None;
    }
    let first = words.at_or_after(title.end);
    let next = words.list.get(first)?;
    if !words.is_capitalised(first) || !words.adjacent(title.end, next.span.start) {
        return None;
    }
    let head = crate::fold_word(words.text_of(first));
    let mut best: Option<((bool, i64), &Person, usize)> = None;
    for person in dict.holders_of(&role.id) {
        let Some(surname) = person.surname.as_deref() else {
            continue;
        };
        if !entente_text::fold_starts_with(surname, &head) {
            continue;
        }
        let Some(end) = surname_at(words, first, surname) else {
            continue;
        };
        let rank = person
            .offices
            .iter()
            .filter(|o| o.role == role.id)
            .map(|o| {
                let current = date.is_some_and(|d| o.range.contains(d));
                (current, o.range.start_day())
            })
            .max();
        if let Some(rank) = rank {
            if best.as_ref().is_none_or(|(b, _, _)| rank > *b) {
                best = Some((rank, person, end));
            }
        }
    }
    let (_, person, end) = best?;
    Some(Found {
        span: Span::new(title.start, end),
        actor: resolve::person(dict, person, date),
        via: Via::Role,
        kind: Kind::Person,
    })
}

/// The state named by "of" and a state's name right after word `last` ("Dlamini *of Eswatini*"),
/// with the byte end of that name.
fn of_state<'d>(
    dict: &'d ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    last: usize,
) -> Option<(&'d Country, usize)> {
    if !words.is(last + 1, "of") {
        return None;
    }
    let start = words.list.get(last + 2)?.span.start;
    matches.iter().find_map(|m| {
        let country = m.targets.iter().find_map(|t| match t {
            Target::Country {
                index,
                form: FormKind::Name,
            } => dict.countries.get(*index),
            _ => None,
        })?;
        (m.span.start == start && !country.is_region).then_some((country, m.span.end))
    })
}

/// The byte end of `surname` when its words start at word `first` (hyphens between them allowed).
fn surname_at(words: &Words, first: usize, surname: &str) -> Option<usize> {
    let parts = Words::new(surname);
    let mut k = first;
    let mut end = None;
    for part in parts.list.iter().filter(|w| w.is_word) {
        if words.text_of(k) == "-" {
            k += 1;
        }
        let word = words.list.get(k).filter(|w| w.is_word)?;
        if crate::fold_word(word.span.slice(words.text))
            != crate::fold_word(part.span.slice(surname))
        {
            return None;
        }
        end = Some(word.span.end);
        k += 1;
    }
    // The surname must end the name: "President Bush" but not "President Bush Jr" of another person.
    if words.is_capitalised(k)
        && words
            .list
            .get(k)
            .is_some_and(|w| end.is_some_and(|e| words.adjacent(e, w.span.start)))
    {
        return None;
    }
    end
}

/// A title before a name no dictionary knows ("Maj. Gen. Ezra Tambo", "Education Secretary Raul
/// Roco"): a person of the title's kind, with the role's sector as their code and no country
/// unless "of" and a state follow the name or the text gives one later. Two name words at least, as in role composition, or one
/// before a lower-case word in running text (a single capitalised word after a title is as often a
/// headline word as a name). An agent word right
/// before the title (`previous`) says whose the title is ("*Rebel* leader John Garang",
/// "*Sudanese rebel* commander X"): the person is of the agent's kind and state, and the returned
/// flag says the agent's mention was absorbed.
pub fn stranger(
    dict: &ActorDictionary,
    words: &Words,
    matches: &[DictMatch],
    role_index: usize,
    title: Span,
    previous: Option<&Found>,
) -> Option<(Found, Vec<Binding>, bool)> {
    let role = &dict.roles[role_index];
    // A plural agent word ("officials", "rebels") titles no one; a singular one may ("opposition
    // leader Raila Odinga", "senior official Omar Haddad").
    if role.agent && title.slice(words.text).ends_with(['s', 'S']) {
        return None;
    }
    let starts_match = |word: usize| {
        matches
            .iter()
            .any(|m| m.span.start == words.list[word].span.start)
    };
    // One word is a name too after an office's title on the same line, where a lower-case word
    // follows it in running text ("President Umbardacil has", "Governor Whitmer said"); capitals
    // mark no names in a headline, and after an agent word or "General" one capitalised word is
    // as often part of a name of something else ("General Motors", "Police Bill").
    // A dictionary person's surname is theirs: after an office they never held it names no one.
    let one_word_name = |run: &names::NameRun| {
        let gap = &words.text[title.end..run.span.start];
        let surname = crate::fold_word(words.text_of(run.first));
        !role.agent
            && !title.slice(words.text).eq_ignore_ascii_case("general")
            && !gap.contains('\n')
            && words.is_lowercase_word(run.last + 1)
            && dict.people_with_surname_ending(&surname).next().is_none()
    };
    // "Prime Minister Dlamini *of Eswatini*", "King Hassan *of Morocco*": the state the office is
    // of, named right after the name, is the person's, and one word of name is then enough.
    let placed =
        |run: &names::NameRun| of_state(dict, words, matches, run.last).filter(|_| !role.agent);
    let run =
        names::run_after(words, words.at_or_after(title.end), 4, starts_match).filter(|run| {
            (run.last > run.first || one_word_name(run) || placed(run).is_some())
                && words.adjacent(title.end, run.span.start)
        })?;
    let name = run.span.slice(words.text);
    // Not the media: a "media chief" runs an office's press relations and is no journalist.
    let leading = previous.filter(|p| {
        matches!(p.kind, Kind::Agent | Kind::Office { .. })
            && words.adjacent(p.span.end, title.start)
            && p.actor.sector.as_ref().is_some_and(|s| s.as_str() != "MED")
    });
    let id = format!("person:{}", resolve::snake(name));
    let (actor, span, absorbed) = match (placed(&run), leading) {
        (Some((country, end)), _) => (
            Actor {
                id,
                name: name.to_string(),
                ..resolve::state(country, Some(&role.sector), None)
            },
            Span::new(title.start, end),
            false,
        ),
        (None, Some(agent)) => (
            resolve::introduced(name, &agent.actor),
            Span::new(agent.span.start, run.span.end),
            true,
        ),
        (None, None) => (
            Actor {
                id,
                name: name.to_string(),
                country: None,
                sector: Some(role.sector.clone()),
                code: ActorCode::new(role.sector.as_str()).ok()?,
            },
            Span::new(title.start, run.span.end),
            false,
        ),
    };
    let bindings = Binding::for_name(words, run, actor.clone());
    let found = Found {
        span,
        actor,
        via: Via::Role,
        kind: Kind::Person,
    };
    Some((found, bindings, absorbed))
}
