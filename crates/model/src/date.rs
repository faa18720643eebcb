//! Dates with their known precision: a year, a month, or a day.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date known to year, month or day precision. Serialised as "2024", "2024-06" or
/// "2024-06-02"; never padded out to a precision the text did not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string or triple was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date {:?}: expected YYYY, YYYY-MM or YYYY-MM-DD",
            self.0
        )
    }
}

impl std::error::Error for DateError {}

impl EventDate {
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self {
            year,
            month: Some(month),
            day: None,
        })
    }

    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        (day >= 1 && (1..=12).contains(&month) && day <= days_in_month(year, month)).then_some(
            Self {
                year,
                month: Some(month),
                day: Some(day),
            },
        )
    }

    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let err = || DateError(s.to_string());
        let mut parts = s.split('-');
        let year_part = parts.next().ok_or_else(err)?;
        if year_part.len() != 4 || !year_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year_part.parse().map_err(|_| err())?;
        let mut number = |len: usize| -> Result<Option<u8>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| err())
                }
                Some(_) => Err(err()),
            }
        };
        let month = number(2)?;
        let day = number(2)?;
        if parts.next().is_some() {
            return Err(err());
        }
        match (month, day) {
            (None, _) => Ok(Self::year(year)),
            (Some(m), None) => Self::month(year, m).ok_or_else(err),
            (Some(m), Some(d)) => Self::day(year, m, d).ok_or_else(err),
        }
    }

    /// Days since 1970-01-01 of the first day this date covers (month 1 / day 1 when unknown).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The day-precision date `days` after the epoch.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let (y, m, d) = civil_from_days(days);
        Self {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    /// Day of week, 0 = Monday .. 6 = Sunday, for day-precision dates.
    pub fn weekday(&self) -> Option<u8> {
        self.day?;
        Some((self.days_since_epoch() + 3).rem_euclid(7) as u8)
    }

    pub fn is_day_precision(&self) -> bool {
        self.day.is_some()
    }
}

/// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(EventDate::parse("2024").unwrap().to_string(), "2024");
        assert_eq!(EventDate::parse("2024-06").unwrap().to_string(), "2024-06");
        assert_eq!(
            EventDate::parse("2024-06-02").unwrap().to_string(),
            "2024-06-02"
        );
        assert!(EventDate::parse("2024-02-30").is_err());
        assert!(EventDate::parse("2024-13").is_err());
        assert!(EventDate::parse("24-01-01").is_err());
        assert!(EventDate::parse("").is_err());
    }

    #[test]
    fn epoch_days_round_trip_and_give_weekdays() {
        let d = EventDate::parse("2024-06-02").unwrap();
        assert_eq!(EventDate::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(
            EventDate::parse("1970-01-01").unwrap().days_since_epoch(),
            0
        );
        // 2024-06-02 was a Sunday.
        assert_eq!(d.weekday(), Some(6));
        assert_eq!(EventDate::parse("2024-06").unwrap().weekday(), None);
    }
}
