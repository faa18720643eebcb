//! Typed dictionary entries, as read from the block format of `dictionaries/FORMAT.md`.

use entente_model::{ActorCode, CountryCode, EventDate, Sector};
use std::fmt;

/// Where an entry was read: file name and the line of its header (for lints and error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A date range; `None` ends are open. The end is inclusive at its own precision ("..2023" covers all of 2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    pub start: Option<EventDate>,
    pub end: Option<EventDate>,
}

impl DateRange {
    /// Parses `START..END`, `START..`, `..END` or a single date (a range covering just that period).
    pub fn parse(s: &str) -> Result<Self, String> {
        let date = |p: &str| -> Result<Option<EventDate>, String> {
            let p = p.trim();
            if p.is_empty() {
                Ok(None)
            } else {
                EventDate::parse(p).map(Some).map_err(|e| e.to_string())
            }
        };
        let range = match s.split_once("..") {
            Some((a, b)) => Self {
                start: date(a)?,
                end: date(b)?,
            },
            None => {
                let d = date(s)?.ok_or_else(|| "empty date range".to_string())?;
                Self {
                    start: Some(d),
                    end: Some(d),
                }
            }
        };
        if let (Some(a), Some(b)) = (range.start, range.end) {
            if first_day(a) > last_day(b) {
                return Err(format!("date range {s:?} ends before it starts"));
            }
        }
        Ok(range)
    }

    /// Whether the range covers `date` (compared on the first day `date` covers).
    pub fn contains(&self, date: EventDate) -> bool {
        let day = first_day(date);
        self.start.is_none_or(|s| first_day(s) <= day)
            && self.end.is_none_or(|e| day <= last_day(e))
    }

    /// Whether two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let starts_before_other_ends = match (self.start, other.end) {
            (Some(s), Some(e)) => first_day(s) <= last_day(e),
            _ => true,
        };
        let other_starts_before_end = match (other.start, self.end) {
            (Some(s), Some(e)) => first_day(s) <= last_day(e),
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// Days since the epoch of the first covered day, or `i64::MIN` when open.
    pub fn start_day(&self) -> i64 {
        self.start.map_or(i64::MIN, first_day)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.start {
            write!(f, "{s}")?;
        }
        f.write_str("..")?;
        if let Some(e) = self.end {
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

fn first_day(d: EventDate) -> i64 {
    d.days_since_epoch()
}

/// The last day a date of any precision covers.
fn last_day(d: EventDate) -> i64 {
    match (d.month, d.day) {
        (_, Some(_)) => d.days_since_epoch(),
        (Some(m), None) => {
            let next = if m == 12 {
                EventDate::year(d.year + 1)
            } else {
                EventDate {
                    month: Some(m + 1),
                    ..d
                }
            };
            next.days_since_epoch() - 1
        }
        (None, _) => EventDate::year(d.year + 1).days_since_epoch() - 1,
    }
}

/// A state.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub id: CountryCode,
    pub name: String,
    pub names: Vec<String>,
    pub former: Vec<String>,
    pub adjectives: Vec<String>,
    pub demonyms: Vec<String>,
    pub metonyms: Vec<String>,
    pub epithets: Vec<String>,
    /// Sub-state regions and provinces (Darfur, Crimea, Florida): they resolve to the state, but are
    /// never its government and, after a locative preposition, are places rather than actors.
    pub regions: Vec<String>,
    /// CAMEO country code (the id unless the file says otherwise).
    pub code: ActorCode,
    pub valid: Option<DateRange>,
    /// A world region or bloc (`type: region`: Europe, West Africa, the West), not a state: it is
    /// never "the country" or one of "the two countries" a text refers back to.
    pub is_region: bool,
    pub origin: Origin,
}

/// Where an office is held: a state or an organisation (`org:hamas`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seat {
    Country(CountryCode),
    Org(String),
}

impl fmt::Display for Seat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Country(c) => write!(f, "{c}"),
            Self::Org(id) => write!(f, "org:{id}"),
        }
    }
}

/// One office a person held: where, which role (a `role` id), when.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub seat: Seat,
    pub role: String,
    pub range: DateRange,
    /// Line of the `office:` attribute, for lints.
    pub line: usize,
}

/// A person, with the offices that give them a country and sector on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub names: Vec<String>,
    pub surname: Option<String>,
    pub offices: Vec<Office>,
    pub origin: Origin,
}

impl Person {
    /// The office that defines the person on `date`: the one held then (the latest-starting when
    /// several), else the latest before it, else the earliest. With no date, the latest office.
    pub fn office_at(&self, date: Option<EventDate>) -> Option<&Office> {
        let by_start = |o: &&Office| o.range.start_day();
        let Some(date) = date else {
            return self.offices.iter().max_by_key(by_start);
        };
        let day = date.days_since_epoch();
        self.offices
            .iter()
            .filter(|o| o.range.contains(date))
            .max_by_key(by_start)
            .or_else(|| {
                self.offices
                    .iter()
                    .filter(|o| o.range.start_day() <= day)
                    .max_by_key(by_start)
            })
            .or_else(|| self.offices.iter().min_by_key(by_start))
    }

    /// Whether the person holds `role` at `seat` on `date` (any time when `date` is unknown and the office is open).
    pub fn holds(&self, seat: &Seat, role: &str, date: Option<EventDate>) -> bool {
        self.term(seat, role, date).is_some()
    }

    /// The term in which the person holds `role` at `seat` on `date` (an open term when `date` is
    /// unknown). On a handover day two holders' terms both contain the date; callers compare
    /// their start days and prefer the later one.
    pub fn term(&self, seat: &Seat, role: &str, date: Option<EventDate>) -> Option<&Office> {
        self.offices.iter().find(|o| {
            &o.seat == seat
                && o.role == role
                && match date {
                    Some(d) => o.range.contains(d),
                    None => o.range.end.is_none(),
                }
        })
    }
}

/// An organisation: IGO, company, armed group, party, NGO, media outlet or government body.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub names: Vec<String>,
    pub former: Vec<String>,
    pub org_type: Option<String>,
    pub country: Option<CountryCode>,
    pub sector: Option<Sector>,
    pub code: ActorCode,
    pub origin: Origin,
}

/// A role word ("foreign minister") with the sector it gives a composed actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub id: String,
    pub sector: Sector,
    pub names: Vec<String>,
    /// `holders: many`: several people hold it at once (spokesperson, ambassador), so overlapping
    /// terms are not a lint and a composed mention does not pick one of them.
    pub many_holders: bool,
    /// `agent: yes`: the word alone names a generic actor ("protesters", "police"), unlike an
    /// office word ("president"), which needs a state or an organisation to name anyone.
    pub agent: bool,
    /// `verb: yes`: the word is also a verb ("forces"), read as one after a state's name when a
    /// noun phrase follows ("Russia forces Ukraine to ..."), as a role after an adjective or a
    /// possessive ("Russian forces", "Russia's forces") or before anything else ("US forces
    /// killed").
    pub also_verb: bool,
    pub origin: Origin,
}

/// Any dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Country(Country),
    Person(Person),
    Org(Org),
    Role(Role),
}

impl Entry {
    /// `(kind, id)`: the key an override replaces.
    pub fn key(&self) -> (&'static str, String) {
        match self {
            Self::Country(c) => ("country", c.id.to_string()),
            Self::Person(p) => ("person", p.id.clone()),
            Self::Org(o) => ("org", o.id.clone()),
            Self::Role(r) => ("role", r.id.clone()),
        }
    }

    pub fn origin(&self) -> &Origin {
        match self {
            Self::Country(c) => &c.origin,
            Self::Person(p) => &p.origin,
            Self::Org(o) => &o.origin,
            Self::Role(r) => &r.origin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_at_their_precision() {
        let r = DateRange::parse("2021-06-13..2022").unwrap();
        assert!(r.contains(EventDate::parse("2022-12-31").unwrap()));
        assert!(!r.contains(EventDate::parse("2023-01").unwrap()));
        assert!(!r.contains(EventDate::parse("2021-06-12").unwrap()));
        let open = DateRange::parse("2023-01..").unwrap();
        assert!(open.contains(EventDate::year(2030)));
        assert!(DateRange::parse("2020..2019").is_err());
        assert!(r.overlaps(&DateRange::parse("..2021-06-13").unwrap()));
        assert!(!r.overlaps(&open));
    }
}
