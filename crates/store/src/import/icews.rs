//! ICEWS coded event files in the Harvard Dataverse layout: tab-separated with a header row, country
//! names in words, sectors as comma-separated descriptions, `NA` or empty for missing values.
//! Columns are found by header name, so column order does not matter.

use super::countries::iso3;
use super::rows::{coordinate, day_number, event_id, yyyymmdd, EventRow, ImportLocation};
use super::PrepareState;
use entente_model::{CameoCode, QuadClass};
use std::borrow::Cow;
use std::io::BufRead;

const REQUIRED: [&str; 10] = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
];

/// Positions of the columns used, by header name.
#[derive(Debug)]
struct Layout {
    required: [usize; 10],
    publisher: Option<usize>,
    /// City, Province, Country, Latitude, Longitude: where the event happened, when the file says.
    place: [Option<usize>; 5],
    width: usize,
}

/// The place columns, in [`Layout::place`]'s order.
const PLACE: [&str; 5] = ["City", "Province", "Country", "Latitude", "Longitude"];

pub(super) fn read(
    name: &str,
    reader: &mut dyn BufRead,
    state: &mut PrepareState<'_>,
) -> std::io::Result<()> {
    let mut line_number = 0;
    let mut first = Vec::new();
    let layout = loop {
        first.clear();
        if reader.read_until(b'\n', &mut first)? == 0 {
            return Ok(());
        }
        line_number += 1;
        let line = String::from_utf8_lossy(&first);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            continue;
        }
        match header(line) {
            Ok(layout) => break layout,
            // Nothing below a missing header can be read by name: report it and skip the source.
            Err(reason) => {
                state.malformed(name, line_number, reason);
                return Ok(());
            }
        }
    };
    state.read_lines(name, &mut &mut *reader, line_number + 1, &|line| {
        parse_line(line, &layout)
    })
}

fn parse_line<'l>(line: &'l str, layout: &Layout) -> Result<EventRow<'l>, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != layout.width {
        return Err(format!(
            "expected {} tab-separated columns as in the header, found {}",
            layout.width,
            fields.len()
        ));
    }
    parse(&fields, layout)
}

fn header(line: &str) -> Result<Layout, String> {
    let names: Vec<&str> = line.split('\t').map(str::trim).collect();
    let position = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
    let mut required = [0; 10];
    for (slot, wanted) in required.iter_mut().zip(REQUIRED) {
        *slot =
            position(wanted).ok_or_else(|| format!("not an ICEWS header: no {wanted:?} column"))?;
    }
    Ok(Layout {
        required,
        publisher: position("Publisher"),
        place: PLACE.map(position),
        width: names.len(),
    })
}

fn parse<'a>(fields: &[&'a str], layout: &Layout) -> Result<EventRow<'a>, String> {
    let get = |i: usize| missing_as_empty(fields[layout.required[i]]);
    let [id, date, source_name, source_sectors, source_country, cameo, intensity, target_name, target_sectors, target_country] =
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(get);
    let external_id = event_id(id).ok_or_else(|| format!("Event ID {id:?} is not a number"))?;
    let date =
        event_date(date).ok_or_else(|| format!("Event Date {date:?} is not a date YYYY-MM-DD"))?;
    let code =
        CameoCode::new(cameo).map_err(|_| format!("CAMEO Code {cameo:?} is not a CAMEO code"))?;
    let goldstein = intensity
        .parse::<f64>()
        .ok()
        .filter(|g| (-10.0..=10.0).contains(g))
        .ok_or_else(|| format!("Intensity {intensity:?} is not a number in -10..10"))?;
    if source_name.is_empty() {
        return Err("Source Name is empty".to_string());
    }
    let (source_code, source_iso) = actor_code(source_country, source_sectors);
    let (target_code, target_iso) = actor_code(target_country, target_sectors);
    Ok(EventRow {
        external_id,
        date,
        source_code,
        source_country: Cow::Borrowed(source_iso),
        source_name,
        target_code,
        target_country: Cow::Borrowed(target_iso),
        target_name,
        cameo,
        quad_class: quad_class(&code).number(),
        goldstein,
        num_reports: 1,
        num_sources: 1,
        num_mentions: None,
        num_articles: None,
        avg_tone: None,
        outlet: layout.publisher.map_or("", |i| missing_as_empty(fields[i])),
        url: "",
        location: place(fields, layout)?,
    })
}

/// Where the event happened: the finest of City, Province and Country the row names.
fn place<'a>(fields: &[&'a str], layout: &Layout) -> Result<Option<ImportLocation<'a>>, String> {
    let [city, province, country, lat, lon] = layout
        .place
        .map(|i| i.map_or("", |i| missing_as_empty(fields[i])));
    let (name, precision) = match (city, province, country) {
        ("", "", "") => return Ok(None),
        ("", "", country) => (country, "country"),
        ("", province, _) => (province, "adm1"),
        (city, ..) => (city, "city"),
    };
    let [lat, lon] = [("Latitude", lat, 90.0), ("Longitude", lon, 180.0)].map(
        |(column, text, limit)| match text {
            "" => Ok(""),
            text => coordinate(text, limit)
                .ok_or_else(|| format!("{column} {text:?} is not a coordinate")),
        },
    );
    Ok(Some(ImportLocation {
        name,
        country: iso3(country).unwrap_or_default(),
        adm1: province,
        lat: lat?,
        lon: lon?,
        feature_id: "",
        precision,
    }))
}

fn missing_as_empty(field: &str) -> &str {
    let field = field.trim();
    if field == "NA" {
        ""
    } else {
        field
    }
}

/// "2018-06-01" (or "20180601") as days since 1970-01-01, if it is a real day.
fn event_date(text: &str) -> Option<i32> {
    let date = yyyymmdd(text).or_else(|| {
        entente_model::EventDate::parse(text)
            .ok()
            .filter(|d| d.is_day_precision())
    })?;
    day_number(date)
}

/// The CAMEO quad class of a code's root: 01–05 verbal cooperation, 06–08 material cooperation,
/// 09–13 verbal conflict, 14–20 material conflict.
pub(crate) fn quad_class(code: &CameoCode) -> QuadClass {
    match code.root_number() {
        1..=5 => QuadClass::VerbalCooperation,
        6..=8 => QuadClass::MaterialCooperation,
        9..=13 => QuadClass::VerbalConflict,
        _ => QuadClass::MaterialConflict,
    }
}

/// A CAMEO-style actor code (country then sector, "BGDGOV") and the ISO country ("" when unknown).
fn actor_code<'a>(country: &str, sectors: &str) -> (Cow<'a, str>, &'static str) {
    let iso = iso3(country).unwrap_or("");
    let sector = sector_code(sectors).unwrap_or("");
    (Cow::Owned(format!("{iso}{sector}")), iso)
}

/// ICEWS sector descriptions → CAMEO agent codes, most specific first.
const SECTORS: &[(&str, &str)] = &[
    ("military", "MIL"),
    ("marines", "MIL"),
    ("army", "MIL"),
    ("navy", "MIL"),
    ("air force", "MIL"),
    ("police", "COP"),
    ("judicial", "JUD"),
    ("legislative", "LEG"),
    ("lower house", "LEG"),
    ("upper house", "LEG"),
    ("unicameral", "LEG"),
    ("insurgents", "REB"),
    ("rebel", "REB"),
    ("unidentified forces", "UAF"),
    ("executive", "GOV"),
    ("government", "GOV"),
    ("cabinet", "GOV"),
    ("ministry", "GOV"),
    ("international government organization", "IGO"),
    ("igo", "IGO"),
    ("dissident", "OPP"),
    ("opposition", "OPP"),
    ("protestors", "OPP"),
    ("criminals", "CRM"),
    ("media", "MED"),
    ("business", "BUS"),
    ("education", "EDU"),
    ("nongovernmental", "NGO"),
    ("ngo", "NGO"),
    ("religious", "REL"),
    ("general population", "CVL"),
];

fn sector_code(sectors: &str) -> Option<&'static str> {
    let sectors = sectors.to_ascii_lowercase();
    let listed: Vec<&str> = sectors.split(',').map(str::trim).collect();
    SECTORS
        .iter()
        .find(|(needle, _)| listed.iter().any(|s| s.contains(needle)))
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher";
    const ROW: &str = "32889836\t2018-06-01\tForeign Affairs (Bangladesh)\tExecutive,Foreign Ministry,Government\tBangladesh\tConsult\t040\t1\tHigh Ranking Military Personnel (Vietnam)\tMilitary,Government\tVietnam\t47400351\t2\tVietnam News Agency Bulletin";

    #[test]
    fn countries_become_iso_and_sectors_cameo_agents() {
        let layout = header(HEADER).unwrap();
        let fields: Vec<&str> = ROW.split('\t').collect();
        let row = parse(&fields, &layout).unwrap();
        assert_eq!(
            (row.source_code.as_ref(), row.source_country.as_ref()),
            ("BGDGOV", "BGD")
        );
        assert_eq!(
            (row.target_code.as_ref(), row.target_country.as_ref()),
            ("VNMMIL", "VNM")
        );
        assert_eq!(
            (row.quad_class, row.cameo, row.outlet),
            (1, "040", "Vietnam News Agency Bulletin")
        );
        // 2018-06-01 is 17,683 days after 1970-01-01; ICEWS gives no counts beyond one report.
        assert_eq!(
            (row.date, row.goldstein, row.num_reports, row.num_mentions),
            (17_683, 1.0, 1, None)
        );
        assert_eq!(event_date("20180601"), Some(17_683));
    }

    #[test]
    fn missing_target_and_bad_values_are_handled() {
        let layout = header(HEADER).unwrap();
        let no_target = ROW.replace(
            "High Ranking Military Personnel (Vietnam)\tMilitary,Government\tVietnam",
            "NA\tNA\tNA",
        );
        let fields: Vec<&str> = no_target.split('\t').collect();
        let row = parse(&fields, &layout).unwrap();
        assert_eq!((row.target_code.as_ref(), row.target_name), ("", ""));
        let bad = ROW.replace("\t040\t", "\t400\t");
        assert!(parse(&bad.split('\t').collect::<Vec<_>>(), &layout)
            .unwrap_err()
            .contains("CAMEO Code"));
        assert!(header("a\tb").unwrap_err().contains("not an ICEWS header"));
    }

    #[test]
    fn non_finite_intensities_are_malformed() {
        let layout = header(HEADER).unwrap();
        for value in ["inf", "-inf", "NaN"] {
            let bad = ROW.replace("\t040\t1\t", &format!("\t040\t{value}\t"));
            assert_eq!(
                parse(&bad.split('\t').collect::<Vec<_>>(), &layout).unwrap_err(),
                format!("Intensity {value:?} is not a number in -10..10")
            );
        }
    }

    #[test]
    fn quad_class_follows_the_root() {
        let quad = |c: &str| quad_class(&CameoCode::new(c).unwrap()).number();
        assert_eq!(
            [quad("057"), quad("0834"), quad("112"), quad("190")],
            [1, 2, 3, 4]
        );
    }
}
