//! From dictionary entries to [`Actor`]s: a state, a state's sector, a person on a date, an organisation.
//!
//! Actor ids: the state's code for a state ("AZE"), code plus sector for a composed or sectoral actor
//! ("AZEGOV", "ISRCVL"), `person:ID` and `org:ID` for dictionary people and organisations, and
//! `person:NAME_IN_SNAKE_CASE` for a person the text introduces but the dictionary does not know.

use entente_dictionaries::{ActorDictionary, Country, FormKind, Org, Person, Seat, Target};
use entente_model::{Actor, ActorCode, EventDate, Sector};

/// A state, or one of its sectors ("GOV" for a metonym, "CVL" for a demonym).
pub fn state(country: &Country, sector: Option<&Sector>, label: Option<&str>) -> Actor {
    let code = with_sector(&country.code, sector);
    let name = match (label, sector) {
        (Some(l), _) => format!("{} {l}", country.name),
        (None, Some(s)) => format!("{} {}", country.name, sector_label(s)),
        (None, None) => country.name.clone(),
    };
    Actor {
        id: code.to_string(),
        name,
        country: Some(country.id.clone()),
        sector: sector.cloned(),
        code,
    }
}

fn sector_label(s: &Sector) -> &str {
    match s.as_str() {
        "GOV" => "government",
        "CVL" => "people",
        "MIL" => "military",
        other => other,
    }
}

/// `AZE` + `GOV` → `AZEGOV` (the bare code when the result would not be a valid code).
pub fn with_sector(code: &ActorCode, sector: Option<&Sector>) -> ActorCode {
    sector
        .and_then(|s| ActorCode::new(&format!("{code}{s}")).ok())
        .unwrap_or_else(|| code.clone())
}

pub fn org(o: &Org) -> Actor {
    Actor {
        id: format!("org:{}", o.id),
        name: o.name.clone(),
        country: o.country.clone(),
        sector: o.sector.clone(),
        code: o.code.clone(),
    }
}

/// A dictionary person, placed by the office that defines them on `date`.
pub fn person(dict: &ActorDictionary, p: &Person, date: Option<EventDate>) -> Actor {
    let mut actor = placed(
        dict,
        p.office_at(date).map(|o| (&o.seat, o.role.as_str())),
        &p.name,
    );
    actor.id = format!("person:{}", p.id);
    actor
}

/// A person known only from the text, placed like the office they were introduced with.
pub fn introduced(name: &str, like: &Actor) -> Actor {
    Actor {
        id: format!("person:{}", snake(name)),
        name: name.to_string(),
        ..like.clone()
    }
}

/// An actor for whoever holds `role` at `seat` (the office, not yet a named person).
pub fn office(dict: &ActorDictionary, seat: &Seat, role: &str) -> Option<Actor> {
    let sector = dict.role(role)?.sector.clone();
    let label = role.replace('_', " ");
    match seat {
        Seat::Country(c) => dict
            .country(c.as_str())
            .map(|country| state(country, Some(&sector), Some(&label))),
        Seat::Org(id) => dict.org(id).map(org),
    }
}

fn placed(dict: &ActorDictionary, office: Option<(&Seat, &str)>, name: &str) -> Actor {
    let unknown = || Actor {
        id: String::new(),
        name: name.to_string(),
        country: None,
        sector: None,
        code: ActorCode::new("UNK").expect("valid code"),
    };
    let Some((seat, role)) = office else {
        return unknown();
    };
    match office_actor(dict, seat, role) {
        Some(a) => Actor {
            name: name.to_string(),
            ..a
        },
        None => unknown(),
    }
}

fn office_actor(dict: &ActorDictionary, seat: &Seat, role: &str) -> Option<Actor> {
    let sector = dict.role(role).map(|r| r.sector.clone());
    match seat {
        Seat::Country(c) => {
            let country = dict.country(c.as_str())?;
            Some(state(country, sector.as_ref(), None))
        }
        Seat::Org(id) => dict.org(id).map(org),
    }
}

/// The actor a plain dictionary target stands for (roles stand for nothing alone).
pub fn target(dict: &ActorDictionary, t: Target, date: Option<EventDate>) -> Option<Actor> {
    let sector = |s: &str| Sector::new(s).ok();
    match t {
        Target::Country { index, form } => {
            let c = &dict.countries[index];
            Some(match form {
                FormKind::Demonym => state(c, sector("CVL").as_ref(), None),
                FormKind::Metonym => state(c, sector("GOV").as_ref(), None),
                _ => state(c, None, None),
            })
        }
        Target::Person(i) => Some(person(dict, &dict.people[i], date)),
        Target::Org(i) => Some(org(&dict.orgs[i])),
        Target::Role(_) => None,
    }
}

/// Picks one reading of an ambiguous form: a person in office on `date`, then a state, then an
/// organisation, then any person (the one whose defining office started last).
pub fn choose(
    dict: &ActorDictionary,
    targets: &[Target],
    date: Option<EventDate>,
) -> Option<Target> {
    // The start of the person's term that contains `date`; on a handover day the later one wins.
    let term_start = |t: &Target| match t {
        Target::Person(i) => date.and_then(|d| {
            dict.people[*i]
                .offices
                .iter()
                .filter(|o| o.range.contains(d))
                .map(|o| o.range.start_day())
                .max()
        }),
        _ => None,
    };
    let rank = |t: &Target| match t {
        Target::Country { .. } => 0,
        Target::Org(_) => 1,
        Target::Person(_) => 2,
        Target::Role(_) => 3,
    };
    if let Some((_, t)) = targets
        .iter()
        .filter_map(|t| Some((term_start(t)?, t)))
        .max_by_key(|(start, _)| *start)
    {
        return Some(*t);
    }
    let best = targets
        .iter()
        .filter(|t| !matches!(t, Target::Role(_)))
        .min_by_key(|t| rank(t))?;
    if let Target::Person(_) = best {
        return targets
            .iter()
            .filter_map(|t| match t {
                Target::Person(i) => Some((
                    dict.people[*i]
                        .office_at(date)
                        .map_or(i64::MIN, |o| o.range.start_day()),
                    *t,
                )),
                _ => None,
            })
            .max_by_key(|(start, _)| *start)
            .map(|(_, t)| t);
    }
    Some(*best)
}

pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in entente_text::fold(name).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}
