//! Event dates in the store: a DATE (the first day the date covers) plus its precision, so
//! "2024-06" is never mistaken for 1 June. Reading them back (`from_columns`) and the bounds
//! filters use are `entente_queries`', which the reads share.

use duckdb::types::Value;
use entente_model::EventDate;
pub(crate) use entente_queries::from_columns;

/// The DATE column's value: days since the epoch, or NULL.
pub(crate) fn date_value(date: Option<EventDate>) -> Value {
    date.map_or(Value::Null, |d| Value::Date32(d.days_since_epoch() as i32))
}

/// The `date_precision` column's value.
pub(crate) fn precision(date: Option<EventDate>) -> Option<&'static str> {
    date.map(|d| match (d.month, d.day) {
        (_, Some(_)) => "day",
        (Some(_), None) => "month",
        (None, _) => "year",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_survives_the_round_trip() {
        for text in ["2024", "2024-06", "2024-06-02"] {
            let date = EventDate::parse(text).unwrap();
            let Value::Date32(days) = date_value(Some(date)) else {
                panic!("not a date")
            };
            assert_eq!(from_columns(Some(days), precision(Some(date))), Some(date));
        }
    }
}
