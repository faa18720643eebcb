//! `entente dict check`: lints over a loaded dictionary set. Parse errors (bad codes, dates, keys)
//! already stop loading; these are the problems a well-formed file can still have.

use crate::entries::Seat;
use crate::{builtin, manifest, parse, ActorDictionary, Dictionaries, Target};
use entente_model::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};

/// Every finding, sorted by location then code. Errors: offices naming unknown roles, countries or
/// orgs; manifest mismatches. Warnings: duplicate ids within one layer, one surface form on entries
/// of different countries that dates cannot tell apart, two people holding one office at once.
pub fn check(dicts: &Dictionaries) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for overrides in [false, true] {
        duplicate_ids(&dicts.layer(overrides), &mut out);
    }
    unknown_references(&dicts.actors, &mut out);
    overlapping_offices(&dicts.actors, &mut out);
    ambiguous_forms(&dicts.actors, &mut out);
    let builtins: Vec<_> = dicts.layer(false).into_iter().cloned().collect();
    out.extend(manifest::verify(&builtins, builtin::MANIFEST));
    out.sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
    out
}

fn duplicate_ids(files: &[&crate::SourceFile], out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(&'static str, String), String> = BTreeMap::new();
    for file in files.iter().filter(|f| f.name.ends_with(".txt")) {
        let Ok(entries) = parse::parse_entries(file) else {
            continue;
        };
        for entry in entries {
            let (kind, id) = entry.key();
            let here = entry.origin().to_string();
            if let Some(first) = seen.insert((kind, id.clone()), here.clone()) {
                out.push(
                    Diagnostic::warning(
                        "duplicate-id",
                        format!(
                            "{kind} {id} is defined again (first at {first}); the later one wins"
                        ),
                    )
                    .at(here),
                );
            }
        }
    }
}

fn unknown_references(dict: &ActorDictionary, out: &mut Vec<Diagnostic>) {
    for p in &dict.people {
        for o in &p.offices {
            let at = format!("{}:{}", p.origin.file, o.line);
            let seat_known = match &o.seat {
                Seat::Country(c) => dict.country(c.as_str()).is_some(),
                Seat::Org(id) => dict.org(id).is_some(),
            };
            if !seat_known {
                out.push(
                    Diagnostic::error(
                        "unknown-seat",
                        format!("{}: office at unknown {}", p.id, o.seat),
                    )
                    .at(at.clone()),
                );
            }
            if dict.role(&o.role).is_none() {
                out.push(
                    Diagnostic::error(
                        "unknown-role",
                        format!("{}: office names unknown role {}", p.id, o.role),
                    )
                    .at(at),
                );
            }
        }
    }
}

/// Two people in the same (seat, role) for more than a handover day.
fn overlapping_offices(dict: &ActorDictionary, out: &mut Vec<Diagnostic>) {
    let mut by_office: BTreeMap<(Seat, &str), Vec<(&crate::Person, &crate::Office)>> =
        BTreeMap::new();
    for p in &dict.people {
        for o in &p.offices {
            by_office
                .entry((o.seat.clone(), o.role.as_str()))
                .or_default()
                .push((p, o));
        }
    }
    for ((seat, role), holders) in &by_office {
        if dict.role(role).is_some_and(|r| r.many_holders) {
            continue;
        }
        for (i, (p, a)) in holders.iter().enumerate() {
            for (q, b) in &holders[i + 1..] {
                if p.id != q.id && a.range.overlaps(&b.range) && !a.range.is_handover(&b.range) {
                    out.push(
                        Diagnostic::warning(
                            "office-overlap",
                            format!(
                                "{} ({}) and {} ({}) both hold {role} at {seat}",
                                p.id, a.range, q.id, b.range
                            ),
                        )
                        .at(format!("{}:{}", q.origin.file, b.line)),
                    );
                }
            }
        }
    }
}

/// The countries an entry may stand for; `None` for roles and for entries without any country.
fn countries_of(dict: &ActorDictionary, target: Target) -> Option<BTreeSet<String>> {
    match target {
        Target::Country { index, .. } => {
            Some(BTreeSet::from([dict.countries[index].id.to_string()]))
        }
        Target::Org(i) => Some(BTreeSet::from([dict.orgs[i]
            .country
            .as_ref()
            .map_or("-".into(), |c| c.to_string())])),
        Target::Person(i) => Some(
            dict.people[i]
                .offices
                .iter()
                .map(|o| match &o.seat {
                    Seat::Country(c) => c.to_string(),
                    Seat::Org(id) => dict
                        .org(id)
                        .and_then(|org| org.country.as_ref())
                        .map_or("-".into(), |c| c.to_string()),
                })
                .collect(),
        ),
        Target::Role(_) => None,
    }
}

/// A form naming entries of different countries, unless both are people whose offices never overlap.
fn ambiguous_forms(dict: &ActorDictionary, out: &mut Vec<Diagnostic>) {
    for (form, targets) in dict.forms_with_targets() {
        for (i, &a) in targets.iter().enumerate() {
            for &b in &targets[i + 1..] {
                let (Some(ca), Some(cb)) = (countries_of(dict, a), countries_of(dict, b)) else {
                    continue;
                };
                if ca == cb || ca.is_empty() || cb.is_empty() {
                    continue;
                }
                if let (Target::Person(x), Target::Person(y)) = (a, b) {
                    let overlap = dict.people[x].offices.iter().any(|o| {
                        dict.people[y]
                            .offices
                            .iter()
                            .any(|p| o.range.overlaps(&p.range))
                    });
                    if !overlap {
                        continue;
                    }
                }
                let (na, nb) = (dict.describe(a), dict.describe(b));
                out.push(
                    Diagnostic::warning(
                        "ambiguous-form",
                        format!("{form:?} names {na} and {nb}, of different countries"),
                    )
                    .at(dict.origin_of(a).to_string()),
                );
            }
        }
    }
}

impl crate::DateRange {
    /// Whether two ranges share only a boundary day (one ends the day the other starts).
    pub fn is_handover(&self, other: &crate::DateRange) -> bool {
        let touches =
            |a: &crate::DateRange, b: &crate::DateRange| a.end.is_some() && a.end == b.start;
        touches(self, other) || touches(other, self)
    }
}

impl ActorDictionary {
    /// "country AZE", "person ilham_aliyev", ...
    pub fn describe(&self, target: Target) -> String {
        match target {
            Target::Country { index, .. } => format!("country {}", self.countries[index].id),
            Target::Person(i) => format!("person {}", self.people[i].id),
            Target::Org(i) => format!("org {}", self.orgs[i].id),
            Target::Role(i) => format!("role {}", self.roles[i].id),
        }
    }

    fn origin_of(&self, target: Target) -> &crate::Origin {
        match target {
            Target::Country { index, .. } => &self.countries[index].origin,
            Target::Person(i) => &self.people[i].origin,
            Target::Org(i) => &self.orgs[i].origin,
            Target::Role(i) => &self.roles[i].origin,
        }
    }
}
