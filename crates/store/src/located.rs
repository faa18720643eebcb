//! Where a selection's events happened, one row per point: what the workbench's map draws.

use crate::query::{push_event_filter, SqlBuilder};
use crate::{EventFilter, Store, StoreError};

/// The located events of a selection, grouped by place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSummary {
    /// Events the filter selects.
    pub events: u64,
    /// Of those, the events with coordinates: the rest have no place on a map.
    pub located: u64,
    /// Distinct points the located events are at; `places` holds the busiest of them.
    pub places_total: u64,
    /// Most events first, then by name and position.
    pub places: Vec<PlaceTotal>,
}

/// The events at one point. Events at the same coordinates are one place, named as most of them
/// name it (GDELT and the gazetteer may spell one city two ways).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceTotal {
    pub name: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub adm1: Option<String>,
    /// city | adm1 | country.
    pub precision: String,
    pub lat: f64,
    pub lon: f64,
    pub events: u64,
    /// Events per quad class (index = class − 1).
    pub counts: [u64; 4],
    /// Σ Goldstein score of the events, each event once.
    pub goldstein_sum: f64,
}

/// The selected events (`selected`) and those of them with coordinates (`located`), as the start
/// of a query. Paging fields of the filter do not apply: a map shows the whole selection.
fn located_events(filter: &EventFilter) -> Result<SqlBuilder, StoreError> {
    let mut sql = SqlBuilder::default();
    sql.push(
        "WITH selected AS (SELECT event_id, quad_class, goldstein FROM event_store WHERE TRUE",
    );
    push_event_filter(&mut sql, filter)?;
    sql.push(
        "), located AS (
           SELECT l.lat, l.lon, l.name, l.country, l.adm1, l.precision, s.quad_class, s.goldstein
           FROM selected s JOIN location_store l USING (event_id)
           WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL) ",
    );
    Ok(sql)
}

impl Store {
    /// The events `filter` selects, grouped by the point they happened at: the `limit` places
    /// with the most events, and how many events have no place.
    pub fn places(&self, filter: &EventFilter, limit: usize) -> Result<PlaceSummary, StoreError> {
        let mut totals = located_events(filter)?;
        totals.push(
            "SELECT (SELECT count(*) FROM selected), count(*), count(DISTINCT (lat, lon))
             FROM located",
        );
        let (events, located, places_total) = totals
            .query(&self.conn, |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .pop()
            .unwrap_or_default();
        let mut sql = located_events(filter)?;
        sql.push(
            ", named AS (
                 SELECT lat, lon, name, country, adm1, precision FROM located
                 GROUP BY lat, lon, name, country, adm1, precision
                 QUALIFY row_number() OVER (PARTITION BY lat, lon
                     ORDER BY count(*) DESC, name, country, adm1, precision) = 1),
             points AS (
                 SELECT lat, lon, count(*) AS events,
                        count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                        count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                        count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                        count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                        -- Added as decimals, so the sum does not depend on the order threads add in.
                        CAST(sum(CAST(goldstein AS DECIMAL(18, 12))) AS DOUBLE) AS goldstein_sum
                 FROM located GROUP BY lat, lon)
             SELECT n.name, n.country, n.adm1, n.precision, p.lat, p.lon, p.events,
                    p.verbal_coop, p.material_coop, p.verbal_conflict, p.material_conflict,
                    p.goldstein_sum
             FROM points p JOIN named n ON n.lat = p.lat AND n.lon = p.lon
             ORDER BY p.events DESC, n.name NULLS LAST, p.lat, p.lon
             LIMIT ?",
        )
        .bind(limit as i64);
        let places = sql.query(&self.conn, |row| {
            Ok(PlaceTotal {
                name: row.get(0)?,
                country: row.get(1)?,
                adm1: row.get(2)?,
                precision: row.get(3)?,
                lat: row.get(4)?,
                lon: row.get(5)?,
                events: row.get(6)?,
                counts: [row.get(7)?, row.get(8)?, row.get(9)?, row.get(10)?],
                goldstein_sum: row.get(11)?,
            })
        })?;
        Ok(PlaceSummary {
            events,
            located,
            places_total,
            places,
        })
    }
}
