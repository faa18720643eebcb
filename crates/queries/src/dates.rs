//! Event dates as the store keeps them: a DATE (the first day the date covers) plus its precision,
//! so "2024-06" is never mistaken for 1 June.

use entente_model::EventDate;

/// Rebuilds an [`EventDate`] from the two columns.
pub fn from_columns(days: Option<i32>, precision: Option<&str>) -> Option<EventDate> {
    let full = EventDate::from_days_since_epoch(i64::from(days?));
    Some(match precision {
        Some("year") => EventDate::year(full.year),
        Some("month") => EventDate { day: None, ..full },
        _ => full,
    })
}

/// A date as SQL reads it, for filters: the first day it covers.
pub fn first_day(date: EventDate) -> i32 {
    date.days_since_epoch() as i32
}

/// The last day a date covers (an inclusive `until` of "2024" means through 31 December).
pub fn last_day(date: EventDate) -> i32 {
    let next = match (date.month, date.day) {
        (_, Some(_)) => date.days_since_epoch() + 1,
        (Some(12), None) => EventDate::year(date.year + 1).days_since_epoch(),
        (Some(m), None) => EventDate {
            month: Some(m + 1),
            ..date
        }
        .days_since_epoch(),
        (None, _) => EventDate::year(date.year + 1).days_since_epoch(),
    };
    (next - 1) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inclusive_until_covers_the_whole_period() {
        let day = |s| first_day(EventDate::parse(s).unwrap());
        assert_eq!(
            last_day(EventDate::parse("2024").unwrap()),
            day("2024-12-31")
        );
        assert_eq!(
            last_day(EventDate::parse("2024-02").unwrap()),
            day("2024-02-29")
        );
        assert_eq!(
            last_day(EventDate::parse("2024-12").unwrap()),
            day("2024-12-31")
        );
        assert_eq!(
            last_day(EventDate::parse("2024-06-02").unwrap()),
            day("2024-06-02")
        );
    }

    #[test]
    fn precision_is_read_from_its_column() {
        let june = EventDate::parse("2024-06-02").unwrap();
        let days = Some(first_day(june));
        assert_eq!(from_columns(days, Some("day")), Some(june));
        assert_eq!(
            from_columns(days, Some("month")),
            EventDate::parse("2024-06").ok()
        );
        assert_eq!(
            from_columns(days, Some("year")),
            EventDate::parse("2024").ok()
        );
        assert_eq!(from_columns(None, Some("day")), None);
    }
}
