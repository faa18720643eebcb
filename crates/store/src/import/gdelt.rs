//! GDELT event files: 1.0 historical (57 columns), 1.0 daily (58, adds SOURCEURL) and 2.0 (61, adds
//! three ADM2 geo columns), tab-separated without a header. Layouts may be mixed in one file: each
//! line is read by its own column count.

use super::countries::iso3_of_fips;
use super::parallel::split_tabs;
use super::rows::{coordinate, day_number, event_id, yyyymmdd, EventRow, ImportLocation};
use super::PrepareState;
use entente_model::CameoCode;
use std::borrow::Cow;
use std::io::Read;

/// Column positions shared by every layout (0-based).
const ID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1: usize = 5;
const ACTOR2: usize = 15;
const EVENT_CODE: usize = 26;
const QUAD_CLASS: usize = 29;
const GOLDSTEIN: usize = 30;
const NUM_MENTIONS: usize = 31;
const NUM_SOURCES: usize = 32;
const NUM_ARTICLES: usize = 33;
const AVG_TONE: usize = 34;
/// `ActionGeo_Type`, where the event happened: in 1.0 (57 and 58 columns) and in 2.0 (61, whose
/// geo columns add an ADM2 code after ADM1).
const ACTION_GEO_1: usize = 49;
const ACTION_GEO_2: usize = 51;
/// Fields read: up to 2.0's `ActionGeo_FeatureID`.
const FIELDS: usize = ACTION_GEO_2 + 8;

pub(super) fn read(
    name: &str,
    reader: &mut dyn Read,
    state: &mut PrepareState<'_>,
) -> std::io::Result<()> {
    state.read_lines(name, reader, 1, &parse)
}

/// Validates one line and maps it to an event row.
fn parse(line: &str) -> Result<EventRow<'_>, String> {
    let tabs = split_tabs::<FIELDS>(line);
    let (url, geo) = match tabs.count() {
        57 => ("", ACTION_GEO_1),
        58 => (tabs.last(), ACTION_GEO_1),
        61 => (tabs.last(), ACTION_GEO_2),
        n => {
            return Err(format!(
                "expected 57, 58 or 61 tab-separated columns (GDELT 1.0 or 2.0), found {n}"
            ))
        }
    };
    let field = |i| tabs.field(i);
    let external_id = event_id(field(ID))
        .ok_or_else(|| format!("GLOBALEVENTID {:?} is not a number", field(ID)))?;
    let date = yyyymmdd(field(SQLDATE))
        .and_then(day_number)
        .ok_or_else(|| format!("SQLDATE {:?} is not a date YYYYMMDD", field(SQLDATE)))?;
    let cameo = field(EVENT_CODE);
    CameoCode::new(cameo).map_err(|_| format!("EventCode {cameo:?} is not a CAMEO code"))?;
    let quad_class = match field(QUAD_CLASS).parse::<u8>() {
        Ok(q @ 1..=4) => q,
        _ => return Err(format!("QuadClass {:?} is not 1..4", field(QUAD_CLASS))),
    };
    let goldstein = field(GOLDSTEIN)
        .parse::<f64>()
        .ok()
        .filter(|g| (-10.0..=10.0).contains(g))
        .ok_or_else(|| {
            format!(
                "GoldsteinScale {:?} is not a number in -10..10",
                field(GOLDSTEIN)
            )
        })?;
    let [num_mentions, num_sources, num_articles] = [
        (NUM_MENTIONS, "NumMentions"),
        (NUM_SOURCES, "NumSources"),
        (NUM_ARTICLES, "NumArticles"),
    ]
    .map(|(index, column)| {
        non_negative(field(index))
            .ok_or_else(|| format!("{column} {:?} is not a count", field(index)))
    });
    let (num_mentions, num_sources, num_articles) = (num_mentions?, num_sources?, num_articles?);
    let avg_tone = match field(AVG_TONE) {
        "" => None,
        // Rust reads "inf" and "NaN" as numbers; no tone is infinite, and NaN would poison sums.
        tone => Some(
            tone.parse::<f64>()
                .ok()
                .filter(|t| t.is_finite())
                .ok_or_else(|| format!("AvgTone {tone:?} is not a finite number"))?,
        ),
    };
    Ok(EventRow {
        external_id,
        date,
        source_code: Cow::Borrowed(field(ACTOR1)),
        source_country: Cow::Borrowed(field(ACTOR1 + 2)),
        source_name: field(ACTOR1 + 1),
        target_code: Cow::Borrowed(field(ACTOR2)),
        target_country: Cow::Borrowed(field(ACTOR2 + 2)),
        target_name: field(ACTOR2 + 1),
        cameo,
        quad_class,
        goldstein,
        num_reports: num_articles,
        num_sources,
        num_mentions: Some(num_mentions),
        num_articles: Some(num_articles),
        avg_tone,
        outlet: "",
        url,
        location: action_geo(&|i| field(geo + i), geo == ACTION_GEO_2)?,
    })
}

/// Where the event happened: the `ActionGeo_*` columns from `ActionGeo_Type` on (`field(0)`), with
/// 2.0's ADM2 code after ADM1 (`adm2`). Type 0 or empty is no place; the FIPS 10-4 country code
/// becomes ISO alpha-3 as the store keeps countries (empty when it names no country, as "OS" for
/// the oceans).
fn action_geo<'l>(
    field: &dyn Fn(usize) -> &'l str,
    adm2: bool,
) -> Result<Option<ImportLocation<'l>>, String> {
    let precision = match field(0) {
        "" | "0" => return Ok(None),
        "1" => "country",
        "2" | "5" => "adm1",
        "3" | "4" => "city",
        other => return Err(format!("ActionGeo_Type {other:?} is not 0..5")),
    };
    let after_adm1 = 4 + usize::from(adm2);
    let [lat, lon] = [("ActionGeo_Lat", 0, 90.0), ("ActionGeo_Long", 1, 180.0)].map(
        |(column, offset, limit)| match field(after_adm1 + offset) {
            "" => Ok(""),
            text => coordinate(text, limit)
                .ok_or_else(|| format!("{column} {text:?} is not a coordinate")),
        },
    );
    Ok(Some(ImportLocation {
        name: field(1),
        country: iso3_of_fips(field(2)).unwrap_or_default(),
        adm1: field(3),
        lat: lat?,
        lon: lon?,
        feature_id: field(after_adm1 + 2),
        precision,
    }))
}

/// A count that fits the store's INTEGER columns.
fn non_negative(text: &str) -> Option<i32> {
    text.parse::<i32>().ok().filter(|n| *n >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(columns: usize, overrides: &[(usize, &str)]) -> String {
        let mut fields = vec![""; columns];
        for (i, v) in [
            (0, "881990834"),
            (1, "20181024"),
            (5, "IGOEUREEC"),
            (6, "THE EU"),
            (7, "EUR"),
            (15, "BLR"),
            (17, "BLR"),
            (26, "057"),
            (29, "1"),
            (30, "8.0"),
            (31, "7"),
            (32, "1"),
            (33, "7"),
            (34, "0.63"),
        ] {
            fields[i] = v;
        }
        for (i, v) in overrides {
            fields[*i] = v;
        }
        if columns == 61 {
            fields[60] = "https://example.org/a";
        }
        fields.join("\t")
    }

    #[test]
    fn all_three_layouts_parse_with_their_url() {
        for (columns, url) in [(57, ""), (58, ""), (61, "https://example.org/a")] {
            let text = line(columns, &[]);
            let row = parse(&text).unwrap();
            assert_eq!(
                (row.external_id, row.cameo, row.url),
                (881990834, "057", url)
            );
            // 2018-10-24 is 17,828 days after 1970-01-01.
            assert_eq!(
                (row.date, row.goldstein, row.avg_tone),
                (17_828, 8.0, Some(0.63))
            );
            assert_eq!(
                (row.num_reports, row.num_sources, row.num_mentions),
                (7, 1, Some(7))
            );
            assert_eq!(
                (row.source_country.as_ref(), row.target_code.as_ref()),
                ("EUR", "BLR")
            );
        }
    }

    #[test]
    fn malformed_rows_say_which_column_is_wrong() {
        assert!(parse("1\t2\t3").unwrap_err().contains("found 3"));
        assert!(parse(&line(61, &[(0, "x1")]))
            .unwrap_err()
            .contains("GLOBALEVENTID"));
        assert!(parse(&line(61, &[(0, "9223372036854775808")]))
            .unwrap_err()
            .contains("GLOBALEVENTID"));
        assert!(parse(&line(61, &[(1, "20190230")]))
            .unwrap_err()
            .contains("SQLDATE"));
        assert!(parse(&line(61, &[(26, "21")]))
            .unwrap_err()
            .contains("EventCode"));
        assert!(parse(&line(61, &[(29, "5")]))
            .unwrap_err()
            .contains("QuadClass"));
        assert!(parse(&line(61, &[(30, "11")]))
            .unwrap_err()
            .contains("GoldsteinScale"));
        assert!(parse(&line(61, &[(32, "")]))
            .unwrap_err()
            .contains("NumSources"));
        assert!(parse(&line(61, &[(31, "3000000000")]))
            .unwrap_err()
            .contains("NumMentions"));
        assert!(parse(&line(61, &[(34, "warm")]))
            .unwrap_err()
            .contains("AvgTone"));
    }

    #[test]
    fn action_geo_is_read_at_each_layouts_place() {
        let minsk = |at: usize| {
            [
                (at, "4"),
                (at + 1, "Minsk"),
                (at + 2, "BO"),
                (at + 3, "BO00"),
            ]
        };
        let v1 = minsk(ACTION_GEO_1).into_iter().chain([
            (53, "53.9"),
            (54, "27.5667"),
            (55, "-1946324"),
        ]);
        let v2 = minsk(ACTION_GEO_2).into_iter().chain([
            (56, "53.9"),
            (57, "27.5667"),
            (58, "-1946324"),
        ]);
        for (columns, fields) in [(58, v1.collect::<Vec<_>>()), (61, v2.collect())] {
            let text = line(columns, &fields);
            let location = parse(&text).unwrap().location.unwrap();
            assert_eq!(
                (location.name, location.country, location.adm1),
                ("Minsk", "BLR", "BO00")
            );
            assert_eq!(
                (
                    location.lat,
                    location.lon,
                    location.feature_id,
                    location.precision
                ),
                ("53.9", "27.5667", "-1946324", "city")
            );
        }
        assert_eq!(parse(&line(61, &[])).unwrap().location, None);
        assert_eq!(
            parse(&line(61, &[(ACTION_GEO_2, "1"), (56, "91")])).unwrap_err(),
            "ActionGeo_Lat \"91\" is not a coordinate"
        );
        assert!(parse(&line(61, &[(ACTION_GEO_2, "7")]))
            .unwrap_err()
            .contains("ActionGeo_Type"));
    }

    #[test]
    fn non_finite_numbers_are_malformed() {
        for value in ["inf", "-inf", "infinity", "NaN", "nan"] {
            assert_eq!(
                parse(&line(61, &[(34, value)])).unwrap_err(),
                format!("AvgTone {value:?} is not a finite number")
            );
            assert!(parse(&line(61, &[(30, value)]))
                .unwrap_err()
                .contains("GoldsteinScale"));
        }
    }
}
