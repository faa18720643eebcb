//! Date expressions: absolute ("March 29, 2023", "2 June 2024", "in August 2022", "since 2018"),
//! year-less ("on June 2", "in November") and relative ("yesterday", "last week", "on Thursday").
//!
//! Each mention keeps the precision the text gives: a day, a month or a year. Year-less and
//! relative expressions resolve against the document date and are dropped without one:
//! - a year-less day or month is the most recent occurrence on or before the end of the document
//!   date's period (document 2024-06: "October 7" → 2023-10-07, "June 2" → 2024-06-02), unless the
//!   sentence speaks of the future before it ("will", "upcoming", …): then it is the first
//!   occurrence on or after the start of that period ("will be held in November" → 2024-11);
//! - day-relative expressions ("yesterday", "Thursday", "three days ago") need a day-precision
//!   document date; "Thursday" is the most recent Thursday on or before it;
//! - week-relative expressions ("last week", "next week", "two weeks ago") resolve to the *month*
//!   of the date seven days (per week) away: a week has no precision of its own in [`EventDate`],
//!   and claiming the exact day would be false precision;
//! - month-relative ones ("last month", "earlier this month") need a month; year-relative ones
//!   ("last year") only a year.
use crate::tokenize::{clamp_span, tokenize};
use entente_model::{EventDate, Span, Token, TokenKind};

/// A date expression found in the text and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The expression itself, without a leading "on"/"in" ("June 2", "last week", "2018").
    pub span: Span,
    pub date: EventDate,
    /// Inside parentheses, as source citations are ("(Duvar, June 2)"); callers looking for the
    /// date of an event should prefer mentions outside parentheses.
    pub in_parentheses: bool,
}

/// Finds date expressions within `span` of `text` ("on June 2", "on March 29, 2023", "in August 2022",
/// "last week", "on Thursday"), resolving relative ones against `doc_date`.
pub fn find_dates(text: &str, span: Span, doc_date: Option<EventDate>) -> Vec<DateMention> {
    let span = clamp_span(text, span);
    let tokens = tokenize(text, span);
    let future_cue = std::cell::OnceCell::new();
    let first_future_cue = || {
        *future_cue.get_or_init(|| {
            tokens.iter().position(|t| {
                FUTURE_CUES
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(t.span.slice(text)))
            })
        })
    };
    let mut mentions = Vec::new();
    let mut paren_depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].span.slice(text) {
            "(" | "[" => paren_depth += 1,
            ")" | "]" => paren_depth = paren_depth.saturating_sub(1),
            _ => {}
        }
        if !could_start_date(&tokens[i], text) {
            i += 1;
            continue;
        }
        let in_parentheses = paren_depth > 0;
        // Citations date their sources, which are never in the future.
        let future = !in_parentheses && first_future_cue().is_some_and(|c| c < i);
        let matcher = Matcher {
            text,
            tokens: &tokens,
            doc: doc_date,
            future,
        };
        match matcher.match_at(i) {
            Some((len, date)) => {
                let start = tokens[i].span.start;
                mentions.push(DateMention {
                    span: Span::new(start, tokens[i + len - 1].span.end),
                    date,
                    in_parentheses,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    mentions
}

/// A cheap filter before the patterns: every date expression starts with a number, a month or
/// weekday name, a relative word ("last", "yesterday", "three") or "mid-"/"early-"/"late-".
fn could_start_date(token: &Token, text: &str) -> bool {
    let word = token.span.slice(text);
    let mut lower = [0u8; 11];
    let Some(lower) = lower.get_mut(..word.len()) else {
        return token.kind == TokenKind::Number;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    match token.kind {
        TokenKind::Number => true,
        TokenKind::Punct | TokenKind::Quote => false,
        TokenKind::Word => {
            lower.starts_with(b"mid-")
                || lower.starts_with(b"early-")
                || lower.starts_with(b"late-")
                || matches!(
                    &*lower,
                    b"january"
                        | b"february"
                        | b"march"
                        | b"april"
                        | b"may"
                        | b"june"
                        | b"july"
                        | b"august"
                        | b"september"
                        | b"october"
                        | b"november"
                        | b"december"
                        | b"jan"
                        | b"feb"
                        | b"mar"
                        | b"apr"
                        | b"jun"
                        | b"jul"
                        | b"aug"
                        | b"sep"
                        | b"sept"
                        | b"oct"
                        | b"nov"
                        | b"dec"
                        | b"monday"
                        | b"tuesday"
                        | b"wednesday"
                        | b"thursday"
                        | b"friday"
                        | b"saturday"
                        | b"sunday"
                        | b"last"
                        | b"next"
                        | b"this"
                        | b"earlier"
                        | b"later"
                        | b"coming"
                        | b"yesterday"
                        | b"today"
                        | b"tomorrow"
                        | b"a"
                        | b"an"
                        | b"one"
                        | b"two"
                        | b"three"
                        | b"four"
                        | b"five"
                        | b"six"
                        | b"seven"
                        | b"eight"
                        | b"nine"
                        | b"ten"
                        | b"eleven"
                        | b"twelve"
                )
                || (word.starts_with(|c: char| c.is_ascii_digit())
                    && word.bytes().all(|b| b.is_ascii_alphanumeric()))
        }
    }
}

/// Parses a document's publication date from metadata: "2024-06-02", "2024-06", "2024",
/// "2024/06/02", RFC 3339 "2024-06-02T10:00:00Z", "June 2, 2024", "2 June 2024", and
/// RFC 2822 "Sun, 02 Jun 2024 10:00:00 GMT".
pub fn parse_document_date(s: &str) -> Option<EventDate> {
    let s = s.trim();
    if let Ok(date) = EventDate::parse(s) {
        return Some(date);
    }
    let iso_prefix = s.get(..10).map(|p| p.replace('/', "-"));
    if let Some(date) = iso_prefix.and_then(|p| EventDate::parse(&p).ok()) {
        let rest = &s[10..];
        if rest.is_empty() || rest.starts_with(['T', 't', ' ']) {
            return Some(date);
        }
    }
    find_dates(s, Span::new(0, s.len()), None)
        .first()
        .map(|m| m.date)
}

/// Words that put the rest of a sentence in the future: the future tense, and modal and planning
/// words ("is expected to meet Xi on Wednesday", "said it would hold talks in November").
const FUTURE_CUES: &[&str] = &[
    "will",
    "shall",
    "would",
    "upcoming",
    "forthcoming",
    "scheduled",
    "expected",
    "plans",
    "planned",
    "intends",
];

/// The date of a dateline opening the text: a place, a date, maybe an agency, then a dash
/// ("NEW DELHI, October 21, 2024 —", "Kabul, May 3 (Reuters) -"). It dates the whole story, so
/// the pipeline makes it the document date. A year-less dateline resolves against `doc_date`
/// (metadata or `--date`) and is dropped without one.
pub fn dateline_date(text: &str, doc_date: Option<EventDate>) -> Option<EventDate> {
    const DASHES: [&str; 4] = [" — ", " – ", " - ", " -- "];
    /// A dateline is short: a place, a date and an agency fit in this many bytes.
    const LONGEST: usize = 100;
    let start = text.len() - text.trim_start().len();
    let line = text[start..].lines().next()?;
    let dash = DASHES
        .iter()
        .filter_map(|d| line.find(d))
        .min()
        .filter(|&at| at <= LONGEST)?;
    let head = &line[..dash];
    let place_ends = head.find(',')?;
    if !head.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    find_dates(text, Span::new(start, start + dash), doc_date)
        .into_iter()
        .find(|m| !m.in_parentheses && m.span.start > start + place_ends)
        .map(|m| m.date)
}

/// Words after which a bare year or month name is a date ("in 2018", "since November").
const TEMPORAL_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
    "around",
    "circa",
];

/// Whether a word (folded to lower case) names a month or a day of the week: a proper noun that
/// names a time, never a party.
pub fn is_calendar_word(folded: &str) -> bool {
    MONTHS
        .iter()
        .chain(MONTH_ABBREVIATIONS)
        .any(|(name, _)| *name == folded)
        || WEEKDAYS.contains(&folded)
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

const MONTH_ABBREVIATIONS: &[(&str, u8)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The days of the week, Monday first, lower case.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

#[derive(Clone, Copy)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Pattern matching over the tokens of one sentence.
struct Matcher<'a> {
    text: &'a str,
    tokens: &'a [Token],
    doc: Option<EventDate>,
    /// A future cue precedes the current position.
    future: bool,
}

impl Matcher<'_> {
    /// Tries every pattern at token `i`; returns the number of tokens matched and the date.
    fn match_at(&self, i: usize) -> Option<(usize, EventDate)> {
        self.iso(i)
            .or_else(|| self.month_first(i))
            .or_else(|| self.day_first(i))
            .or_else(|| self.prefixed_word(i))
            .or_else(|| self.bare_month(i))
            .or_else(|| self.bare_year(i))
            .or_else(|| self.relative_unit(i))
            .or_else(|| self.weekday(i))
            .or_else(|| self.ago(i))
            .or_else(|| self.deictic_day(i))
    }

    fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.span.slice(self.text))
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(word)
    }

    fn previous_is_preposition(&self, i: usize) -> bool {
        i > 0 && TEMPORAL_PREPOSITIONS.iter().any(|p| self.is(i - 1, p))
    }

    /// "2024-06-02" written as one unbroken run of tokens.
    fn iso(&self, i: usize) -> Option<(usize, EventDate)> {
        let parts = self.tokens.get(i..i + 5)?;
        let contiguous = parts.windows(2).all(|w| w[0].span.end == w[1].span.start);
        let s = self.text.get(parts[0].span.start..parts[4].span.end)?;
        let date = EventDate::parse(s)
            .ok()
            .filter(|_| contiguous && s.len() == 10)?;
        Some((5, date))
    }

    /// "March 29, 2023", "Jan. 5", "June 2", "(…, June, 8)", "August 2022".
    fn month_first(&self, i: usize) -> Option<(usize, EventDate)> {
        let (month, abbreviated) = self.month(i)?;
        let mut j = i + 1;
        if abbreviated && self.is(j, ".") {
            j += 1;
        }
        if let Some(day) = self.day_number(j) {
            if let Some(year) = self.year_number(j + 1).or_else(|| {
                self.is(j + 1, ",")
                    .then(|| self.year_number(j + 2))
                    .flatten()
            }) {
                let len = if self.is(j + 1, ",") {
                    j + 3 - i
                } else {
                    j + 2 - i
                };
                return Some((len, EventDate::day(year, month, day)?));
            }
            return Some((j + 1 - i, self.resolve_day(month, day)?));
        }
        // Citation style "(Anadolu Agency, June, 8)".
        if self.is(j, ",") && self.is(j + 2, ")") {
            if let Some(day) = self.day_number(j + 1) {
                return Some((j + 2 - i, self.resolve_day(month, day)?));
            }
        }
        let year_at = if self.is(j, ",") { j + 1 } else { j };
        let year = self.year_number(year_at)?;
        Some((year_at + 1 - i, EventDate::month(year, month)?))
    }

    /// "2 June", "2nd June 2024", "02 Jun 2024".
    fn day_first(&self, i: usize) -> Option<(usize, EventDate)> {
        let day = self.day_number(i)?;
        let (month, abbreviated) = self.month(i + 1)?;
        let mut j = i + 2;
        if abbreviated && self.is(j, ".") {
            j += 1;
        }
        match self.year_number(j) {
            Some(year) => Some((j + 1 - i, EventDate::day(year, month, day)?)),
            None => Some((j - i, self.resolve_day(month, day)?)),
        }
    }

    /// One hyphenated word: "mid-November", "early-2023", "mid-2023".
    fn prefixed_word(&self, i: usize) -> Option<(usize, EventDate)> {
        let (prefix, rest) = self.word(i).split_once('-')?;
        if !["mid", "early", "late"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prefix))
        {
            return None;
        }
        if let Some(month) = full_month(rest) {
            return Some((1, self.resolve_month(month)?));
        }
        let year = parse_year(rest)?;
        Some((1, EventDate::year(year)))
    }

    /// "in November", "since May", "by mid November": a full month name after a preposition.
    fn bare_month(&self, i: usize) -> Option<(usize, EventDate)> {
        let month = full_month(self.word(i))?;
        self.previous_is_preposition(i).then_some(())?;
        Some((1, self.resolve_month(month)?))
    }

    /// "in 2018", "since 2018", and a lone year closing a citation "(Dawn, 2020)".
    fn bare_year(&self, i: usize) -> Option<(usize, EventDate)> {
        let year = self.year_number(i)?;
        let citation = i > 0 && self.is(i - 1, ",") && (self.is(i + 1, ")") || self.is(i + 1, ";"));
        (self.previous_is_preposition(i) || citation).then_some((1, EventDate::year(year)))
    }

    /// "last week", "next month", "this year", "earlier this month", "last November", "last Thursday".
    fn relative_unit(&self, i: usize) -> Option<(usize, EventDate)> {
        let (offset, j) = if self.is(i, "earlier") || self.is(i, "later") {
            self.is(i + 1, "this").then_some((0, i + 2))?
        } else if self.is(i, "last") {
            (-1, i + 1)
        } else if self.is(i, "next") || self.is(i, "coming") {
            (1, i + 1)
        } else if self.is(i, "this") {
            (0, i + 1)
        } else {
            return None;
        };
        let len = j + 1 - i;
        if let Some(month) = full_month(self.word(j)) {
            return Some((len, self.shift_to_month(month, offset)?));
        }
        if let Some(weekday) = weekday(self.word(j)) {
            return Some((len, self.resolve_weekday(weekday, offset)?));
        }
        let unit = unit(self.word(j)).filter(|u| !matches!(u, Unit::Day))?;
        Some((len, self.shift(unit, i64::from(offset))?))
    }

    /// "Thursday", "on Thursday".
    fn weekday(&self, i: usize) -> Option<(usize, EventDate)> {
        let weekday = weekday(self.word(i))?;
        let offset = if self.future { 1 } else { 0 };
        Some((1, self.resolve_weekday(weekday, offset)?))
    }

    /// "three days ago", "two weeks ago", "a year ago".
    fn ago(&self, i: usize) -> Option<(usize, EventDate)> {
        let word = self.word(i);
        let count: i64 = if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
            1
        } else if let Some(n) = NUMBER_WORDS
            .iter()
            .position(|w| w.eq_ignore_ascii_case(word))
        {
            n as i64 + 1
        } else if self.tokens.get(i)?.kind == TokenKind::Number && word.len() <= 3 {
            word.parse().ok()?
        } else {
            return None;
        };
        let unit = unit(self.word(i + 1))?;
        if !self.is(i + 2, "ago") {
            return None;
        }
        Some((3, self.shift(unit, -count)?))
    }

    /// "yesterday", "today", "tomorrow".
    fn deictic_day(&self, i: usize) -> Option<(usize, EventDate)> {
        let offset = ["yesterday", "today", "tomorrow"]
            .iter()
            .position(|w| self.is(i, w))? as i64
            - 1;
        Some((1, add_days(self.day_doc()?, offset)))
    }

    /// A month name at `i` and whether it was abbreviated.
    fn month(&self, i: usize) -> Option<(u8, bool)> {
        let word = self.word(i);
        if let Some(m) = full_month(word) {
            return Some((m, false));
        }
        if !capitalised(word) {
            return None;
        }
        MONTH_ABBREVIATIONS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map(|&(_, m)| (m, true))
    }

    /// A day of the month: "2", "02", "2nd", "29th".
    fn day_number(&self, i: usize) -> Option<u8> {
        let word = self.word(i);
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[digits.len()..];
        let ordinal = suffix.is_empty()
            || ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(suffix));
        if !ordinal
            || digits.is_empty()
            || digits.len() > 2
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    }

    fn year_number(&self, i: usize) -> Option<i32> {
        (self.tokens.get(i)?.kind == TokenKind::Number)
            .then(|| parse_year(self.word(i)))
            .flatten()
    }

    fn day_doc(&self) -> Option<EventDate> {
        self.doc.filter(EventDate::is_day_precision)
    }

    /// A year-less day: see the module documentation for which year it gets.
    fn resolve_day(&self, month: u8, day: u8) -> Option<EventDate> {
        let doc = self.doc?;
        if self.future {
            let start = period_start(doc);
            let year = if (month, day) < (start.month?, start.day?) {
                doc.year + 1
            } else {
                doc.year
            };
            return EventDate::day(year, month, day);
        }
        let end = period_end(doc);
        let year = if (month, day) > (end.month?, end.day?) {
            doc.year - 1
        } else {
            doc.year
        };
        EventDate::day(year, month, day)
    }

    /// A year-less month, like [`Self::resolve_day`].
    fn resolve_month(&self, month: u8) -> Option<EventDate> {
        let doc = self.doc?;
        let year = match (self.future, doc.month) {
            (true, Some(m)) if month < m => doc.year + 1,
            (false, Some(m)) if month > m => doc.year - 1,
            _ => doc.year,
        };
        EventDate::month(year, month)
    }

    /// "last November" (strictly before the document month), "next November" (strictly after),
    /// "this November" (the document year).
    fn shift_to_month(&self, month: u8, offset: i32) -> Option<EventDate> {
        let doc = self.doc?;
        let doc_month = doc.month?;
        let year = match offset {
            -1 if month >= doc_month => doc.year - 1,
            1 if month <= doc_month => doc.year + 1,
            _ => doc.year,
        };
        EventDate::month(year, month)
    }

    /// The weekday on or before the document date (`offset` 0), strictly before (-1) or after (1).
    fn resolve_weekday(&self, weekday: u8, offset: i32) -> Option<EventDate> {
        let doc = self.day_doc()?;
        let today = i64::from(doc.weekday()?);
        let target = i64::from(weekday);
        let days = match offset {
            1 => (target - today - 1).rem_euclid(7) + 1,
            -1 => -((today - target - 1).rem_euclid(7) + 1),
            _ => -(today - target).rem_euclid(7),
        };
        Some(add_days(doc, days))
    }

    /// Moves the document date by `count` units, keeping only the precision the unit allows.
    fn shift(&self, unit: Unit, count: i64) -> Option<EventDate> {
        match unit {
            Unit::Day => Some(add_days(self.day_doc()?, count)),
            Unit::Week => {
                let d = add_days(self.day_doc()?, 7 * count);
                EventDate::month(d.year, d.month?)
            }
            Unit::Month => {
                let doc = self.doc?;
                let index = i64::from(doc.year) * 12 + i64::from(doc.month?) - 1 + count;
                EventDate::month(
                    i32::try_from(index.div_euclid(12)).ok()?,
                    (index.rem_euclid(12) + 1) as u8,
                )
            }
            Unit::Year => Some(EventDate::year(
                self.doc?.year.checked_add(i32::try_from(count).ok()?)?,
            )),
        }
    }
}

/// Month and weekday names are capitalised in English; "may" and "march" lower-case are verbs.
fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

fn full_month(word: &str) -> Option<u8> {
    if !capitalised(word) {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, m)| m)
}

/// Monday = 0 … Sunday = 6, as [`EventDate::weekday`].
fn weekday(word: &str) -> Option<u8> {
    if !capitalised(word) {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .map(|p| p as u8)
}

fn unit(word: &str) -> Option<Unit> {
    let singular = word.strip_suffix(['s', 'S']).unwrap_or(word);
    [
        ("day", Unit::Day),
        ("week", Unit::Week),
        ("month", Unit::Month),
        ("year", Unit::Year),
    ]
    .into_iter()
    .find(|(name, _)| name.eq_ignore_ascii_case(singular))
    .map(|(_, u)| u)
}

/// A plausible calendar year written with four digits.
fn parse_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1800..=2199).contains(y))
}

fn add_days(date: EventDate, days: i64) -> EventDate {
    EventDate::from_days_since_epoch(date.days_since_epoch() + days)
}

/// The first day the date covers.
fn period_start(doc: EventDate) -> EventDate {
    EventDate {
        month: Some(doc.month.unwrap_or(1)),
        day: Some(doc.day.unwrap_or(1)),
        ..doc
    }
}

/// The last day the date covers.
fn period_end(doc: EventDate) -> EventDate {
    match (doc.month, doc.day) {
        (Some(_), Some(_)) => doc,
        (Some(m), None) => {
            let next = if m == 12 {
                EventDate {
                    year: doc.year + 1,
                    month: Some(1),
                    day: Some(1),
                }
            } else {
                EventDate {
                    month: Some(m + 1),
                    day: Some(1),
                    ..doc
                }
            };
            add_days(next, -1)
        }
        (None, _) => EventDate {
            month: Some(12),
            day: Some(31),
            ..doc
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> EventDate {
        EventDate::parse(s).unwrap()
    }

    /// (expression, resolved date, in parentheses) for every mention in `text`.
    fn found(text: &str, doc: Option<&str>) -> Vec<(String, String, bool)> {
        find_dates(text, Span::new(0, text.len()), doc.map(date))
            .into_iter()
            .map(|m| {
                (
                    m.span.slice(text).to_string(),
                    m.date.to_string(),
                    m.in_parentheses,
                )
            })
            .collect()
    }

    fn one(text: &str, doc: Option<&str>) -> Option<(String, String)> {
        let all = found(text, doc);
        assert!(all.len() <= 1, "{text}: {all:?}");
        all.into_iter().next().map(|(s, d, _)| (s, d))
    }

    fn pair(s: &str, d: &str) -> Option<(String, String)> {
        Some((s.to_string(), d.to_string()))
    }

    #[test]
    fn absolute_dates_need_no_document_date() {
        assert_eq!(
            one("on March 29, 2023 they met", None),
            pair("March 29, 2023", "2023-03-29")
        );
        assert_eq!(
            one("on 2 June 2024 they met", None),
            pair("2 June 2024", "2024-06-02")
        );
        assert_eq!(
            one("in August 2022 relations resumed", None),
            pair("August 2022", "2022-08")
        );
        assert_eq!(one("shaky since 2018.", None), pair("2018", "2018"));
        assert_eq!(one("In 2009, Baku", None), pair("2009", "2009"));
        assert_eq!(
            one("Jan. 5, 2024", None),
            pair("Jan. 5, 2024", "2024-01-05")
        );
        assert_eq!(
            one("the 2024-06-02 meeting", None),
            pair("2024-06-02", "2024-06-02")
        );
        assert_eq!(one("by mid-2023", None), pair("mid-2023", "2023"));
    }

    #[test]
    fn year_less_and_relative_dates_need_a_document_date() {
        for text in [
            "on June 2",
            "in November",
            "yesterday",
            "last week",
            "on Thursday",
            "last month",
            "last year",
        ] {
            assert_eq!(one(text, None), None, "{text}");
        }
    }

    #[test]
    fn year_less_dates_take_the_most_recent_occurrence() {
        let doc = Some("2024-06");
        assert_eq!(
            one("On June 2, members attacked", doc),
            pair("June 2", "2024-06-02")
        );
        assert_eq!(
            one("the attack on October 7", doc),
            pair("October 7", "2023-10-07")
        );
        assert_eq!(one("on May 27", doc), pair("May 27", "2024-05-27"));
        assert_eq!(
            one("on 12 December", doc),
            pair("12 December", "2023-12-12")
        );
        assert_eq!(one("in November", doc), pair("November", "2023-11"));
        assert_eq!(one("in June", doc), pair("June", "2024-06"));
        assert_eq!(
            one("since October 7.", Some("2024")),
            pair("October 7", "2024-10-07")
        );
    }

    #[test]
    fn future_sentences_look_forward() {
        let text = "he will participate in the Conference to be held in Baku in November";
        assert_eq!(one(text, Some("2024-06")), pair("November", "2024-11"));
        assert_eq!(
            one("talks will resume on May 2", Some("2024-06-10")),
            pair("May 2", "2025-05-02")
        );
        // 2024-10-21 was a Monday.
        assert_eq!(
            one(
                "Modi is expected to meet Xi on Wednesday",
                Some("2024-10-21")
            ),
            pair("Wednesday", "2024-10-23")
        );
        assert_eq!(
            one("Modi met Xi on Wednesday", Some("2024-10-21")),
            pair("Wednesday", "2024-10-16")
        );
        assert_eq!(
            one(
                "Ankara said it would halt exports next month",
                Some("2024-05-02")
            ),
            pair("next month", "2024-06")
        );
    }

    #[test]
    fn a_dateline_dates_the_story() {
        let dateline = |text: &str, doc: Option<&str>| {
            dateline_date(text, doc.map(date)).map(|d| d.to_string())
        };
        assert_eq!(
            dateline(
                "NEW DELHI, October 21, 2024 — Modi is expected to meet Xi on Wednesday.",
                None
            ),
            Some("2024-10-21".into())
        );
        assert_eq!(
            dateline(
                "\nKabul, May 3 (Reuters) - The Taliban met Pakistani envoys.",
                Some("2024")
            ),
            Some("2024-05-03".into())
        );
        // Year-less without a document date: no year to give it.
        assert_eq!(
            dateline("Kabul, May 3 (Reuters) - The Taliban met envoys.", None),
            None
        );
        // A date in the story's first sentence is no dateline.
        assert_eq!(
            dateline(
                "Azerbaijan and Israel signed a deal on March 29, 2023 - a first.",
                None
            ),
            None
        );
        assert_eq!(dateline("WASHINGTON (AP) — Talks resumed.", None), None);
        assert_eq!(dateline("", None), None);
    }

    #[test]
    fn relative_dates() {
        // 2024-06-02 was a Sunday.
        let doc = Some("2024-06-02");
        assert_eq!(one("yesterday", doc), pair("yesterday", "2024-06-01"));
        assert_eq!(one("today", doc), pair("today", "2024-06-02"));
        assert_eq!(one("on Thursday", doc), pair("Thursday", "2024-05-30"));
        assert_eq!(one("on Sunday", doc), pair("Sunday", "2024-06-02"));
        assert_eq!(one("last Sunday", doc), pair("last Sunday", "2024-05-26"));
        assert_eq!(one("next Monday", doc), pair("next Monday", "2024-06-03"));
        assert_eq!(one("last week", doc), pair("last week", "2024-05"));
        assert_eq!(one("next week", doc), pair("next week", "2024-06"));
        assert_eq!(
            one("three days ago", doc),
            pair("three days ago", "2024-05-30")
        );
        assert_eq!(
            one("two months ago", doc),
            pair("two months ago", "2024-04")
        );
        assert_eq!(one("last month", doc), pair("last month", "2024-05"));
        assert_eq!(
            one("earlier this month", doc),
            pair("earlier this month", "2024-06")
        );
        assert_eq!(one("next month", doc), pair("next month", "2024-07"));
        assert_eq!(one("last year", doc), pair("last year", "2023"));
        assert_eq!(one("last November", doc), pair("last November", "2023-11"));
        assert_eq!(
            one("last January", Some("2024-01-15")),
            pair("last January", "2023-01")
        );
    }

    #[test]
    fn relative_days_need_day_precision() {
        assert_eq!(one("yesterday", Some("2024-06")), None);
        assert_eq!(one("on Thursday", Some("2024-06")), None);
        assert_eq!(one("last week", Some("2024-06")), None);
        assert_eq!(
            one("last month", Some("2024-06")),
            pair("last month", "2024-05")
        );
        assert_eq!(one("last year", Some("2024")), pair("last year", "2023"));
    }

    #[test]
    fn citations_are_marked_as_parenthetical() {
        let text = "On June 2, members attacked (Duvar, June 2). It was 2023 (see EDM, November 30, 2022; Dawn, 2020) and (Anadolu Agency, June, 8).";
        let got = found(text, Some("2024-06"));
        let expect = [
            ("June 2", "2024-06-02", false),
            ("June 2", "2024-06-02", true),
            ("November 30, 2022", "2022-11-30", true),
            ("2020", "2020", true),
            ("June, 8", "2024-06-08", true),
        ];
        let expect: Vec<(String, String, bool)> = expect
            .iter()
            .map(|(s, d, p)| (s.to_string(), d.to_string(), *p))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn non_dates_are_ignored() {
        for text in [
            "the 12th Conference",
            "Volume: 21 Issue: 90",
            "a 100-percent tariff",
            "It may 5",
            "they march on",
            "2025Challenges",
        ] {
            assert_eq!(one(text, Some("2024-06-02")), None, "{text}");
        }
    }

    #[test]
    fn document_dates() {
        for (s, want) in [
            ("2024-06-02", "2024-06-02"),
            ("2024-06", "2024-06"),
            ("2024", "2024"),
            ("2024/06/02", "2024-06-02"),
            ("2024-06-02T10:00:00Z", "2024-06-02"),
            ("June 2, 2024", "2024-06-02"),
            ("2 June 2024", "2024-06-02"),
            ("Sun, 02 Jun 2024 10:00:00 GMT", "2024-06-02"),
            (" June 2024 ", "2024-06"),
        ] {
            assert_eq!(
                parse_document_date(s).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{s}"
            );
        }
        assert_eq!(parse_document_date("someday"), None);
        assert_eq!(parse_document_date("2024-13-01"), None);
    }

    #[test]
    fn spans_out_of_range_do_not_panic() {
        let text = "On Türkiye’s June 2";
        assert!(find_dates(text, Span::new(5, 999), Some(date("2024-06"))).len() == 1);
        assert!(find_dates(text, Span::new(999, 9999), None).is_empty());
    }
}
