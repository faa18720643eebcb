//! Where a selection's events happened, one row per point: what the workbench's map draws.

use crate::query::{RunSql, SqlBuilder};
use crate::{EventFilter, Store, StoreError};
use entente_queries::push_event_filter;

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

/// The events at one point. Events at the same coordinates are one place, named by the finest name
/// its events give it (the gazetteer puts a country at its capital, so a capital's point is the
/// city's), as most of them give it among names as fine (GDELT and the gazetteer may spell one
/// city two ways), with every name in `names`.
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
    /// Each way the events here are placed, the finest first, then most events first (the first is
    /// the place's own).
    pub names: Vec<PlaceName>,
}

/// One of the names a point's events give it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceName {
    pub name: Option<String>,
    pub country: Option<String>,
    pub adm1: Option<String>,
    pub precision: String,
    pub events: u64,
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
            ", names AS (
                 SELECT lat, lon, name, country, adm1, precision, count(*) AS events,
                        -- The finest name first: a country's events sit at its capital, and the
                        -- point is the city's; among names as fine, the one most events give.
                        row_number() OVER (PARTITION BY lat, lon
                            ORDER BY CASE precision WHEN 'city' THEN 0 WHEN 'adm1' THEN 1 ELSE 2 END,
                                     count(*) DESC,
                                     name, country, adm1, precision) AS rank
                 FROM located GROUP BY lat, lon, name, country, adm1, precision),
             points AS (
                 SELECT lat, lon, count(*) AS events,
                        count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                        count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                        count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                        count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                        -- Added as decimals, so the sum does not depend on the order threads add in.
                        CAST(sum(CAST(goldstein AS DECIMAL(18, 12))) AS DOUBLE) AS goldstein_sum
                 FROM located GROUP BY lat, lon),
             top AS (
                 SELECT p.*, n.name AS first_name FROM points p
                 JOIN names n ON n.lat = p.lat AND n.lon = p.lon AND n.rank = 1
                 ORDER BY p.events DESC, first_name NULLS LAST, p.lat, p.lon
                 LIMIT ?)
             SELECT t.lat, t.lon, t.events, t.verbal_coop, t.material_coop, t.verbal_conflict,
                    t.material_conflict, t.goldstein_sum,
                    n.name, n.country, n.adm1, n.precision, n.events
             FROM top t JOIN names n ON n.lat = t.lat AND n.lon = t.lon
             ORDER BY t.events DESC, t.first_name NULLS LAST, t.lat, t.lon, n.rank",
        )
        .bind(limit as i64);
        // One row per name of each point, the point's own name first.
        let rows = sql.query(&self.conn, |row| {
            let place = PlaceTotal {
                lat: row.get(0)?,
                lon: row.get(1)?,
                events: row.get(2)?,
                counts: [row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
                goldstein_sum: row.get(7)?,
                name: row.get(8)?,
                country: row.get(9)?,
                adm1: row.get(10)?,
                precision: row.get(11)?,
                names: Vec::new(),
            };
            let name = PlaceName {
                name: place.name.clone(),
                country: place.country.clone(),
                adm1: place.adm1.clone(),
                precision: place.precision.clone(),
                events: row.get(12)?,
            };
            Ok((place, name))
        })?;
        let mut places: Vec<PlaceTotal> = Vec::new();
        for (place, name) in rows {
            match places.last_mut() {
                Some(last) if (last.lat, last.lon) == (place.lat, place.lon) => {
                    last.names.push(name)
                }
                _ => places.push(PlaceTotal {
                    names: vec![name],
                    ..place
                }),
            }
        }
        Ok(PlaceSummary {
            events,
            located,
            places_total,
            places,
        })
    }
}
