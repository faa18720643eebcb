//! The one declared CAMEO table: for every CAMEO 1.1 event code, its description, Goldstein score,
//! quad class and PLOVER event and mode. The coder fills every event's scores from it, so no other
//! place in the code base knows a Goldstein value. The data is `dictionaries/cameo.tsv`, embedded
//! in the binary; `dictionaries/CAMEO.md` explains where each column comes from.

use crate::{LoadError, SourceFile};
use entente_model::{CameoCode, QuadClass};
use std::collections::BTreeMap;

/// The built-in table's file name, as error messages and the dictionary manifest show it.
pub const BUILTIN_NAME: &str = "cameo.tsv";
const BUILTIN_TEXT: &str = include_str!("../../../dictionaries/cameo.tsv");

/// The columns, in order, that every data line and the header line carry.
const COLUMNS: [&str; 7] = [
    "code",
    "description",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "notes",
];

/// What the declared table says about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    pub description: String,
    pub goldstein: f64,
    pub quad_class: QuadClass,
    /// PLOVER event type ("CONSULT"), or "" for CAMEO 01 statements, which PLOVER drops.
    pub plover: String,
    pub plover_mode: Option<String>,
}

/// Every CAMEO code the table declares, in code order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CameoTable {
    entries: BTreeMap<CameoCode, CameoInfo>,
}

impl CameoTable {
    /// The table shipped in the binary.
    pub fn builtin() -> Result<Self, LoadError> {
        Self::parse(&Self::builtin_source())
    }

    /// The built-in table's text, for hashing and for `entente dict` listings.
    pub fn builtin_source() -> SourceFile {
        SourceFile {
            name: BUILTIN_NAME.to_string(),
            text: BUILTIN_TEXT.to_string(),
        }
    }

    /// Parses a table in the `cameo.tsv` layout: `#` comment lines, one header line, then one
    /// tab-separated line per code. `-` stands for an empty cell.
    pub fn parse(file: &SourceFile) -> Result<Self, LoadError> {
        let mut entries = BTreeMap::new();
        let lines =
            entente_text::table_lines(&file.text, &COLUMNS.join("\t")).map_err(|e| LoadError {
                file: file.name.clone(),
                line: e.line,
                message: e.message,
            })?;
        for (line_number, line) in lines {
            let err = |message: String| LoadError {
                file: file.name.clone(),
                line: line_number,
                message,
            };
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cells.len() != COLUMNS.len() {
                return Err(err(format!(
                    "expected {} tab-separated columns, found {}",
                    COLUMNS.len(),
                    cells.len()
                )));
            }
            let (code, info) = parse_row(&cells).map_err(err)?;
            if entries.insert(code.clone(), info).is_some() {
                return Err(err(format!("CAMEO code {code} is declared twice")));
            }
        }
        Ok(Self { entries })
    }

    pub fn get(&self, code: &CameoCode) -> Option<&CameoInfo> {
        self.entries.get(code)
    }

    /// Every declared code and its entry, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&CameoCode, &CameoInfo)> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One data line's cells, checked: the reasons are worded for the person editing the file.
fn parse_row(cells: &[&str]) -> Result<(CameoCode, CameoInfo), String> {
    let code = CameoCode::new(cells[0]).map_err(|e| e.to_string())?;
    let description = cells[1];
    if description.is_empty() || description == "-" {
        return Err(format!("code {code} has no description"));
    }
    let goldstein: f64 = cells[2]
        .parse()
        .map_err(|_| format!("Goldstein score {:?} is not a number", cells[2]))?;
    if !(-10.0..=10.0).contains(&goldstein) {
        return Err(format!("Goldstein score {goldstein} is outside -10..10"));
    }
    let quad_class = cells[3]
        .parse::<u8>()
        .ok()
        .and_then(QuadClass::from_number)
        .ok_or_else(|| format!("quad class {:?} is not 1, 2, 3 or 4", cells[3]))?;
    let plover = optional(cells[4]).unwrap_or_default();
    if !plover.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "PLOVER event {plover:?} must be upper-case letters or `-`"
        ));
    }
    let plover_mode = optional(cells[5]);
    if plover_mode.is_some() && plover.is_empty() {
        return Err("a PLOVER mode needs a PLOVER event".to_string());
    }
    let info = CameoInfo {
        description: description.to_string(),
        goldstein,
        quad_class,
        plover,
        plover_mode,
    };
    Ok((code, info))
}

/// A cell's value, or None for `-` and empty cells.
fn optional(cell: &str) -> Option<String> {
    (!cell.is_empty() && cell != "-").then(|| cell.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CameoCode {
        CameoCode::new(s).unwrap()
    }

    fn table(text: &str) -> Result<CameoTable, LoadError> {
        CameoTable::parse(&SourceFile {
            name: "test.tsv".into(),
            text: text.into(),
        })
    }

    const HEADER: &str = "code\tdescription\tgoldstein\tquad_class\tplover\tplover_mode\tnotes\n";

    #[test]
    fn builtin_declares_every_cameo_11_code_once() {
        let t = CameoTable::builtin().unwrap();
        // GDELT's 310 lookup codes plus 106, whose line GDELT merged into 1056.
        assert_eq!(t.len(), 311);
        for root in 1..=20 {
            assert!(
                t.get(&code(&format!("{root:02}"))).is_some(),
                "root {root:02} missing"
            );
        }
    }

    #[test]
    fn builtin_looks_up_three_and_four_digit_codes() {
        let t = CameoTable::builtin().unwrap();
        let visit = t.get(&code("042")).unwrap();
        assert_eq!(visit.description, "Make a visit");
        assert_eq!(
            (visit.goldstein, visit.quad_class),
            (1.9, QuadClass::VerbalCooperation)
        );
        assert_eq!(
            (visit.plover.as_str(), visit.plover_mode.as_deref()),
            ("CONSULT", Some("visit"))
        );
        let car_bomb = t.get(&code("1832")).unwrap();
        assert_eq!(
            (car_bomb.goldstein, car_bomb.quad_class),
            (-10.0, QuadClass::MaterialConflict)
        );
        assert_eq!(car_bomb.plover, "ASSAULT");
        let embargo = t.get(&code("163")).unwrap();
        assert_eq!(
            (embargo.goldstein, embargo.plover.as_str()),
            (-8.0, "COERCE")
        );
        assert!(t.get(&code("0215")).is_none());
    }

    #[test]
    fn builtin_quad_classes_follow_the_root() {
        let t = CameoTable::builtin().unwrap();
        for (c, info) in t.iter() {
            let expected = match c.root_number() {
                1..=5 => QuadClass::VerbalCooperation,
                6..=8 => QuadClass::MaterialCooperation,
                9..=13 => QuadClass::VerbalConflict,
                _ => QuadClass::MaterialConflict,
            };
            assert_eq!(info.quad_class, expected, "code {c}");
        }
    }

    #[test]
    fn builtin_plover_covers_every_code_but_statements() {
        let t = CameoTable::builtin().unwrap();
        for (c, info) in t.iter() {
            assert_eq!(info.plover.is_empty(), c.root() == "01", "code {c}");
        }
        assert_eq!(t.get(&code("0231")).unwrap().plover, "REQUEST");
        assert_eq!(t.get(&code("084")).unwrap().plover, "RETREAT");
        assert_eq!(t.get(&code("083")).unwrap().plover, "CONCEDE");
    }

    #[test]
    fn parse_reads_dashes_as_empty_and_skips_comments() {
        let t = table(&format!(
            "# comment\n{HEADER}04\tCONSULT\t1.0\t1\tCONSULT\t-\t-\n"
        ))
        .unwrap();
        let info = t.get(&code("04")).unwrap();
        assert_eq!(
            (info.plover.as_str(), info.plover_mode.clone()),
            ("CONSULT", None)
        );
    }

    #[test]
    fn parse_errors_name_the_line_and_the_problem() {
        let cases = [
            ("04x\tBad\t1.0\t1\t-\t-\t-\n", "invalid CAMEO code"),
            ("04\tConsult\tlots\t1\t-\t-\t-\n", "not a number"),
            ("04\tConsult\t11\t1\t-\t-\t-\n", "outside -10..10"),
            ("04\tConsult\t1.0\t0\t-\t-\t-\n", "quad class"),
            ("04\tConsult\t1.0\t1\tconsult\t-\t-\n", "upper-case"),
            ("04\tConsult\t1.0\t1\n", "7 tab-separated columns"),
        ];
        for (row, expected) in cases {
            let e = table(&format!("{HEADER}{row}")).unwrap_err();
            assert_eq!((e.file.as_str(), e.line), ("test.tsv", 2), "{row}");
            assert!(e.message.contains(expected), "{row}: {}", e.message);
        }
        let dup = table(&format!(
            "{HEADER}04\tA\t1\t1\t-\t-\t-\n04\tB\t1\t1\t-\t-\t-\n"
        ))
        .unwrap_err();
        assert_eq!(dup.line, 3);
        assert!(table("04\tA\t1\t1\t-\t-\t-\n")
            .unwrap_err()
            .message
            .contains("header"));
    }
}
