//! Listing events: `entente events`, exports, the workbench's lists and the Python package's
//! `Store.events` select them with the same filters, through [`events_query`].

use crate::aggregate::{select_events, Page};
use crate::countries;
use crate::dates::{first_day, last_day};
use crate::{ModalityFilter, QueryError, SqlBuilder};
use entente_model::EventDate;

/// Which events to list or export. Every field narrows; the default selects everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Source or target matches: by country code, or by actor-code prefix (AZE matches AZEGOV).
    pub actor: Option<String>,
    /// Directed: source matches the first, target the second.
    pub dyad: Option<(String, String)>,
    /// Inclusive, on the event date.
    pub since: Option<EventDate>,
    pub until: Option<EventDate>,
    /// CAMEO code prefix ("04" matches 040–046, "042" matches 042 and 0421).
    pub code: Option<String>,
    /// CAMEO root, "4" or "04".
    pub root: Option<String>,
    pub quad: Option<u8>,
    /// PLOVER category, case-insensitive.
    pub plover: Option<String>,
    pub origin: Option<String>,
    /// Every word must occur (case-insensitively) in one of the event's evidence sentences.
    pub text: Option<String>,
    /// Located in this country (ISO-3, "TUR") or first-level division (GeoNames' "TR.34").
    pub place: Option<String>,
    /// Located within this many kilometres of a point: (latitude, longitude, km).
    pub near: Option<(f64, f64, f64)>,
    /// Asserted (actual) events by default; other modalities only when asked for.
    pub modality: ModalityFilter,
    pub limit: Option<usize>,
    /// Events skipped before the first listed, in the listing's order: a page of a long listing.
    pub offset: Option<usize>,
    /// Newest first instead of oldest first (undated events still last).
    pub newest_first: bool,
    /// Only events after this one in the listing's order: its `date` as listed (None when
    /// undated) and `event_id`. The cursor of the next page, which, unlike an offset, neither
    /// repeats nor rescans rows when events are added meanwhile.
    pub after: Option<(Option<EventDate>, i64)>,
}

impl EventFilter {
    /// Reads [`EventFilter::near`] as the command line and the API write it: `LAT,LON,KM`.
    pub fn parse_near(s: &str) -> Result<(f64, f64, f64), String> {
        let numbers: Vec<f64> = s
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("{s:?}: expected LAT,LON,KM such as 41.01,28.95,50"))?;
        match numbers[..] {
            [lat, lon, km] => Ok((lat, lon, km)),
            _ => Err(format!("{s:?}: expected three numbers, LAT,LON,KM")),
        }
    }

    /// The actors the filter names (`actor`, both sides of `dyad`): each must be one the store
    /// holds ([`crate::Aggregates::check_actor`]), or the listing would be silently empty.
    pub fn named_actors(&self) -> impl Iterator<Item = &String> {
        self.actor.iter().chain(
            self.dyad
                .iter()
                .flat_map(|(source, target)| [source, target]),
        )
    }
}

/// The columns `entente events` and `export` print, in order. Dates carry their precision.
pub const LISTING_COLUMNS: &str = "event_id, origin, external_id,
    CASE date_precision WHEN 'year' THEN strftime(date, '%Y') WHEN 'month' THEN strftime(date, '%Y-%m')
         ELSE strftime(date, '%Y-%m-%d') END AS date,
    source_code, source_country, source_name, target_code, target_country, target_name,
    cameo, cameo_root, quad_class, goldstein, plover, modality, num_reports, num_sources,
    num_mentions, num_articles, avg_tone, outlet, url, doc, sentence_index, sentence,
    location_name, location_country, location_adm1, location_lat, location_lon, location_feature_id,
    location_precision, location_how";

/// `SELECT columns FROM events WHERE <filter> ORDER BY date, event_id [LIMIT n]`.
pub fn events_query(filter: &EventFilter, columns: &str) -> Result<SqlBuilder, QueryError> {
    let page = Page {
        limit: filter.limit,
        offset: filter.offset,
    };
    select_events(columns, filter.newest_first, page, |sql| {
        push_event_filter(sql, filter)
    })
}

/// Appends the filter's conditions (each starting with ` AND `) to a query over the `events` view
/// or `event_store`.
pub fn push_event_filter(sql: &mut SqlBuilder, f: &EventFilter) -> Result<(), QueryError> {
    sql.push(" AND ").push(&f.modality.condition());
    if let Some(actor) = &f.actor {
        let actor = actor_pattern(actor)?;
        sql.push(" AND (");
        push_actor_match(sql, "source", &actor);
        sql.push(" OR ");
        push_actor_match(sql, "target", &actor);
        sql.push(")");
    }
    if let Some((a, b)) = &f.dyad {
        let (a, b) = (actor_pattern(a)?, actor_pattern(b)?);
        sql.push(" AND ");
        push_actor_match(sql, "source", &a);
        sql.push(" AND ");
        push_actor_match(sql, "target", &b);
    }
    if let Some(since) = f.since {
        sql.push(" AND date >= CAST(? AS DATE)")
            .bind_date(first_day(since));
    }
    if let Some(until) = f.until {
        sql.push(" AND date <= CAST(? AS DATE)")
            .bind_date(last_day(until));
    }
    if let Some((date, id)) = f.after {
        // Undated events come last in either order; among equal dates, ids follow the order.
        let (later, next) = if f.newest_first {
            ("<", "<")
        } else {
            (">", ">")
        };
        match date {
            Some(date) => {
                sql.push(&format!(
                    " AND (date {later} CAST(? AS DATE) OR date IS NULL
                       OR (date = CAST(? AS DATE) AND event_id {next} ?))"
                ))
                .bind_date(first_day(date))
                .bind_date(first_day(date))
                .bind(id);
            }
            None => {
                sql.push(&format!(" AND date IS NULL AND event_id {next} ?"))
                    .bind(id);
            }
        }
    }
    if let Some(code) = &f.code {
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QueryError::Invalid(format!(
                "--code {code:?}: expected CAMEO digits such as 042"
            )));
        }
        sql.push(" AND starts_with(cameo, ?)").bind_str(code);
    }
    if let Some(root) = &f.root {
        let number: u8 = root
            .parse()
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| {
                QueryError::Invalid(format!("--root {root:?}: expected a CAMEO root 01..20"))
            })?;
        sql.push(" AND starts_with(cameo, ?)")
            .bind(format!("{number:02}"));
    }
    if let Some(quad) = f.quad {
        if !(1..=4).contains(&quad) {
            return Err(QueryError::Invalid(format!("--quad {quad}: expected 1..4")));
        }
        sql.push(" AND quad_class = ?").bind(i32::from(quad));
    }
    if let Some(plover) = &f.plover {
        sql.push(
            " AND event_id IN (SELECT event_id FROM text_event_store WHERE lower(plover) = lower(?))",
        )
        .bind_str(plover);
    }
    if let Some(origin) = &f.origin {
        if !["text", "gdelt", "icews"].contains(&origin.as_str()) {
            return Err(QueryError::Invalid(format!(
                "--origin {origin:?}: expected text, gdelt or icews"
            )));
        }
        sql.push(" AND origin = ?").bind_str(origin);
    }
    if let Some(place) = &f.place {
        let place = place.trim().to_ascii_uppercase();
        if place.is_empty()
            || !place
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.')
        {
            return Err(QueryError::Invalid(format!(
                "--in {place:?}: expected a country (TUR) or a division (TR.34)"
            )));
        }
        let column = if place.contains('.') {
            "adm1"
        } else {
            "country"
        };
        sql.push(&format!(
            " AND event_id IN (SELECT event_id FROM location_store WHERE {column} = ?)"
        ))
        .bind(place);
    }
    if let Some((lat, lon, km)) = f.near {
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
            || km.is_nan()
            || km < 0.0
        {
            return Err(QueryError::Invalid(format!(
                "--near {lat},{lon},{km}: expected a latitude, a longitude and a distance in km"
            )));
        }
        // Great-circle distance (haversine) on a sphere of the Earth's mean radius.
        sql.push(
            " AND event_id IN (SELECT event_id FROM location_store WHERE lat IS NOT NULL AND
               2 * 6371.0088 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2)
                 + cos(radians(?)) * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?)",
        )
        .bind(lat)
        .bind(lat)
        .bind(lon)
        .bind(km);
    }
    if let Some(text) = &f.text {
        let words: Vec<&str> = text.split_whitespace().collect();
        if !words.is_empty() {
            let conditions = vec!["contains(lower(s.text), lower(?))"; words.len()].join(" AND ");
            sql.push(&format!(
                " AND event_id IN (SELECT r.event_id FROM report_store r
                   JOIN sentence_store s ON s.doc_key = r.doc_key AND s.sentence_index = r.sentence_index
                   WHERE r.event_id IS NOT NULL AND {conditions})"
            ));
            for word in words {
                sql.bind_str(word);
            }
        }
    }
    Ok(())
}

/// Matches one side against a pattern: its key (its country, else its actor code) or its actor code
/// starts with the pattern. For a country code only the key is tested: a lone condition on the
/// stored key number reaches the scan (DuckDB filters it by the numbers the key lookup finds), so a
/// dyad over millions of events reads only its own row groups.
fn push_actor_match(sql: &mut SqlBuilder, side: &str, pattern: &str) {
    let key_matches =
        format!("{side}_key_id IN (SELECT key_id FROM dyad_key_store WHERE starts_with(key, ?))");
    if countries::is_iso3(pattern) {
        sql.push(&key_matches).bind_str(pattern);
    } else {
        sql.push(&format!(
            "({key_matches}
              OR {side}_actor IN (SELECT actor FROM actor_store WHERE starts_with(code, ?)))"
        ))
        .bind_str(pattern)
        .bind_str(pattern);
    }
}

fn actor_pattern(actor: &str) -> Result<String, QueryError> {
    let actor = actor.trim().to_ascii_uppercase();
    if actor.is_empty() || !actor.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(QueryError::Invalid(format!(
            "actor {actor:?}: expected a country or actor code such as AZE or AZEGOV"
        )));
    }
    Ok(actor)
}
