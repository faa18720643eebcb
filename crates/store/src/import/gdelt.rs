//! GDELT event files: 1.0 historical (57 columns), 1.0 daily (58, adds SOURCEURL) and 2.0 (61, adds
//! three ADM2 geo columns), tab-separated without a header. Layouts may be mixed in one file: each
//! line is read by its own column count.

use super::normalised::EventRow;
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

pub(super) fn read(
    name: &str,
    reader: &mut dyn Read,
    state: &mut PrepareState<'_>,
) -> std::io::Result<()> {
    state.read_lines(name, reader, 1, &parse)
}

/// Validates one line and maps it to the normalised row.
fn parse(line: &str) -> Result<EventRow<'_>, String> {
    let mut fields = [""; 61];
    let mut count = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\t', line.as_bytes()).chain([line.len()]) {
        if count < fields.len() {
            fields[count] = &line[start..end];
        }
        count += 1;
        start = end + 1;
    }
    let url = match count {
        57 => "",
        58 => fields[57],
        61 => fields[60],
        n => {
            return Err(format!(
                "expected 57, 58 or 61 tab-separated columns (GDELT 1.0 or 2.0), found {n}"
            ))
        }
    };
    let external_id = fields[ID]
        .parse()
        .map_err(|_| format!("GLOBALEVENTID {:?} is not a number", fields[ID]))?;
    let date = sql_date(fields[SQLDATE])
        .ok_or_else(|| format!("SQLDATE {:?} is not a date YYYYMMDD", fields[SQLDATE]))?;
    let cameo = fields[EVENT_CODE];
    CameoCode::new(cameo).map_err(|_| format!("EventCode {cameo:?} is not a CAMEO code"))?;
    let quad_class = match fields[QUAD_CLASS].parse::<u8>() {
        Ok(q @ 1..=4) => q,
        _ => return Err(format!("QuadClass {:?} is not 1..4", fields[QUAD_CLASS])),
    };
    let goldstein = fields[GOLDSTEIN];
    if !goldstein
        .parse::<f64>()
        .is_ok_and(|g| (-10.0..=10.0).contains(&g))
    {
        return Err(format!(
            "GoldsteinScale {goldstein:?} is not a number in -10..10"
        ));
    }
    for (index, column) in [
        (NUM_MENTIONS, "NumMentions"),
        (NUM_SOURCES, "NumSources"),
        (NUM_ARTICLES, "NumArticles"),
    ] {
        if fields[index].parse::<u32>().is_err() {
            return Err(format!("{column} {:?} is not a count", fields[index]));
        }
    }
    let avg_tone = fields[AVG_TONE];
    if !avg_tone.is_empty() && avg_tone.parse::<f64>().is_err() {
        return Err(format!("AvgTone {avg_tone:?} is not a number"));
    }
    Ok(EventRow {
        external_id,
        date,
        source_code: Cow::Borrowed(fields[ACTOR1]),
        source_country: Cow::Borrowed(fields[ACTOR1 + 2]),
        source_name: fields[ACTOR1 + 1],
        target_code: Cow::Borrowed(fields[ACTOR2]),
        target_country: Cow::Borrowed(fields[ACTOR2 + 2]),
        target_name: fields[ACTOR2 + 1],
        cameo,
        quad_class,
        goldstein,
        num_reports: fields[NUM_ARTICLES],
        num_sources: fields[NUM_SOURCES],
        num_mentions: fields[NUM_MENTIONS],
        num_articles: fields[NUM_ARTICLES],
        avg_tone,
        outlet: "",
        url,
    })
}

/// "20191024" → "2019-10-24", if it is a real date.
fn sql_date(text: &str) -> Option<String> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let iso = format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]);
    entente_model::EventDate::parse(&iso).ok().map(|_| iso)
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
                (row.external_id, row.date.as_str(), row.cameo, row.url),
                (881990834, "2018-10-24", "057", url)
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
    }
}
