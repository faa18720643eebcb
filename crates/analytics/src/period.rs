//! Calendar periods (ISO week, month, quarter, year) over day numbers since 1970-01-01.

use entente_model::EventDate;
use std::fmt;
use std::str::FromStr;

/// How long one period of a series is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    /// ISO 8601 week, Monday to Sunday, labelled "2024-W05" with the ISO week-numbering year.
    Week,
    /// Labelled "2024-06".
    Month,
    /// Labelled "2024-Q2".
    Quarter,
    /// Labelled "2024".
    Year,
}

impl FromStr for Granularity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            "quarter" => Ok(Self::Quarter),
            "year" => Ok(Self::Year),
            _ => Err(format!(
                "unknown period {s:?}: expected week, month, quarter or year"
            )),
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        })
    }
}

impl Granularity {
    /// The first day (days since epoch) of the period containing `day`.
    pub fn start_of(self, day: i64) -> i64 {
        let date = EventDate::from_days_since_epoch(day);
        let month = date.month.unwrap_or(1);
        match self {
            Self::Week => day - (day + 3).rem_euclid(7),
            Self::Month => first_day(date.year, month),
            Self::Quarter => first_day(date.year, (month - 1) / 3 * 3 + 1),
            Self::Year => first_day(date.year, 1),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next_start(self, start: i64) -> i64 {
        let date = EventDate::from_days_since_epoch(start);
        let (year, month) = (date.year, i32::from(date.month.unwrap_or(1)));
        let add_months = |n: i32| {
            let m0 = month - 1 + n;
            first_day(year + m0.div_euclid(12), (m0.rem_euclid(12) + 1) as u8)
        };
        match self {
            Self::Week => start + 7,
            Self::Month => add_months(1),
            Self::Quarter => add_months(3),
            Self::Year => first_day(year + 1, 1),
        }
    }

    /// The first day of the period `n` periods before the one starting at `start`.
    pub fn back(self, start: i64, n: u32) -> i64 {
        let mut s = start;
        for _ in 0..n {
            s = self.start_of(s - 1);
        }
        s
    }

    /// The label of the period starting at `start`.
    pub fn label(self, start: i64) -> String {
        let date = EventDate::from_days_since_epoch(start);
        let month = date.month.unwrap_or(1);
        match self {
            Self::Week => {
                // The ISO year and week are those of the week's Thursday.
                let thursday = EventDate::from_days_since_epoch(start + 3);
                let week = (start + 3 - first_day(thursday.year, 1)) / 7 + 1;
                format!("{:04}-W{week:02}", thursday.year)
            }
            Self::Month => format!("{:04}-{month:02}", date.year),
            Self::Quarter => format!("{:04}-Q{}", date.year, (month - 1) / 3 + 1),
            Self::Year => format!("{:04}", date.year),
        }
    }

    /// Every period start from the period containing `first` to the one containing `last`.
    pub fn starts(self, first: i64, last: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut s = self.start_of(first);
        while s <= last {
            out.push(s);
            s = self.next_start(s);
        }
        out
    }
}

fn first_day(year: i32, month: u8) -> i64 {
    EventDate {
        year,
        month: Some(month),
        day: Some(1),
    }
    .days_since_epoch()
}

/// The last day a date covers: the day itself, the month's or the year's last day.
pub fn last_day_of(date: EventDate) -> i64 {
    match (date.month, date.day) {
        (_, Some(_)) => date.days_since_epoch(),
        (Some(m), None) => Granularity::Month.next_start(first_day(date.year, m)) - 1,
        (None, _) => first_day(date.year + 1, 1) - 1,
    }
}

/// Whether the days a date covers overlap the window `[since, until]` (each bound at its own
/// precision; an open bound is unbounded). Undated items overlap only the unbounded window.
/// This is how stated relations, which describe a state rather than an instant, enter a window:
/// "ally" stated in a text dated 2023 holds for a window from 2023-11 on.
pub fn overlaps(
    date: Option<EventDate>,
    since: Option<EventDate>,
    until: Option<EventDate>,
) -> bool {
    match date {
        None => since.is_none() && until.is_none(),
        Some(d) => {
            since.is_none_or(|s| last_day_of(d) >= s.days_since_epoch())
                && until.is_none_or(|u| d.days_since_epoch() <= last_day_of(u))
        }
    }
}

/// The months `[m − n + 1, m]` ending with the month of `latest`, as (first month, last month).
pub fn trailing_months(latest: EventDate, n: u32) -> (EventDate, EventDate) {
    let start = Granularity::Month.start_of(latest.days_since_epoch());
    let first = Granularity::Month.back(start, n.saturating_sub(1));
    let month = |day: i64| {
        let d = EventDate::from_days_since_epoch(day);
        EventDate { day: None, ..d }
    };
    (month(first), month(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i64 {
        EventDate::parse(s).unwrap().days_since_epoch()
    }

    #[test]
    fn labels_follow_iso_weeks_months_quarters_years() {
        let d = day("2024-06-02"); // a Sunday
        assert_eq!(
            Granularity::Week.label(Granularity::Week.start_of(d)),
            "2024-W22"
        );
        assert_eq!(
            Granularity::Month.label(Granularity::Month.start_of(d)),
            "2024-06"
        );
        assert_eq!(
            Granularity::Quarter.label(Granularity::Quarter.start_of(d)),
            "2024-Q2"
        );
        assert_eq!(
            Granularity::Year.label(Granularity::Year.start_of(d)),
            "2024"
        );
        // 2021-01-03 belongs to ISO week 53 of 2020; 2024-12-30 to week 1 of 2025.
        assert_eq!(
            Granularity::Week.label(Granularity::Week.start_of(day("2021-01-03"))),
            "2020-W53"
        );
        assert_eq!(
            Granularity::Week.label(Granularity::Week.start_of(day("2024-12-30"))),
            "2025-W01"
        );
    }

    #[test]
    fn starts_cover_the_range_and_step_back() {
        let starts = Granularity::Quarter.starts(day("2023-11-15"), day("2024-06-30"));
        let labels: Vec<_> = starts
            .iter()
            .map(|s| Granularity::Quarter.label(*s))
            .collect();
        assert_eq!(labels, ["2023-Q4", "2024-Q1", "2024-Q2"]);
        assert_eq!(
            Granularity::Month.back(day("2024-01-01"), 2),
            day("2023-11-01")
        );
        assert_eq!(
            last_day_of(EventDate::parse("2024-02").unwrap()),
            day("2024-02-29")
        );
    }

    #[test]
    fn coarse_dates_overlap_windows_they_reach_into() {
        let d = |s: &str| Some(EventDate::parse(s).unwrap());
        assert!(overlaps(d("2023"), d("2023-11"), d("2024-06")));
        assert!(!overlaps(d("2023-10"), d("2023-11"), d("2024-06")));
        assert!(overlaps(d("2024-06-30"), d("2023-11"), d("2024-06")));
        assert!(overlaps(None, None, None) && !overlaps(None, d("2024"), None));
        let (first, last) = trailing_months(EventDate::parse("2024-06-08").unwrap(), 12);
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2023-07".into(), "2024-06".into())
        );
    }
}
