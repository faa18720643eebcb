//! The gazetteer: places by name, read from tab-separated files (`dictionaries/gazetteer/`).
//!
//! The built-in one (GeoNames' countries, US states and populated places of 15,000 people or more,
//! plus the hand-written territories and regions of `places.tsv`) is compiled into the binary and
//! parsed the first time a document is geocoded, once per process.

use entente_text::fold;
use std::collections::HashMap;
use std::sync::OnceLock;
use thiserror::Error;

const GEONAMES: (&str, &str) = (
    "geonames.tsv",
    include_str!("../../../dictionaries/gazetteer/geonames.tsv"),
);
const HAND_WRITTEN: (&str, &str) = (
    "places.tsv",
    include_str!("../../../dictionaries/gazetteer/places.tsv"),
);

/// The columns every gazetteer file has, in this order, after its comment lines.
const COLUMNS: &str = "geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames";

/// What a gazetteer entry is; it sets a location's precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    /// A first-level division (a US state).
    Adm1,
    /// A territory or region news names (the Gaza Strip, Donbas): located like a division.
    Region,
    City,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonames_id: Option<u64>,
    pub kind: PlaceKind,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    pub adm1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
}

/// A gazetteer file that could not be read, with the file and line.
#[derive(Debug, Clone, Error)]
#[error("{file}:{line}: {message}")]
pub struct GazetteerError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Places, and an index from names to the places that bear them.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// (hash of a name's key, place), sorted: a binary search finds a name's places in file order.
    /// Hashes, not strings, so that loading the 150,000 names allocates nothing per name (a map
    /// of strings took over 100 ms at start-up; the issue allows 50). Two keys share a 64-bit
    /// hash with a chance of about one in 10^9 over the whole gazetteer.
    by_name: Vec<(u64, u32)>,
    countries: HashMap<String, u32>,
    /// Each country's capital: the largest city at the country's coordinates, which are its
    /// capital's (geonames.tsv).
    capitals: HashMap<String, u32>,
    /// The most words any name has: how far a mention is looked for.
    longest_name: usize,
}

impl Gazetteer {
    /// The built-in gazetteer, parsed once per process.
    pub fn builtin() -> Result<&'static Gazetteer, &'static GazetteerError> {
        static BUILTIN: OnceLock<Result<Gazetteer, GazetteerError>> = OnceLock::new();
        BUILTIN.get_or_init(Gazetteer::parse_builtin).as_ref()
    }

    /// Parses the built-in files afresh (what [`Gazetteer::builtin`] does once); for timing it.
    pub fn parse_builtin() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_files(&[GEONAMES, HAND_WRITTEN])
    }

    /// The built-in gazetteer with a user's places added (files with the built-in columns): a
    /// place of a name the built-in one has too competes with it as any other namesake does.
    pub fn with_additions(files: &[(&str, &str)]) -> Result<Self, GazetteerError> {
        let mut all = vec![GEONAMES, HAND_WRITTEN];
        all.extend_from_slice(files);
        Gazetteer::from_files(&all)
    }

    /// Reads `(file name, text)` pairs in order.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, GazetteerError> {
        let mut gazetteer = Gazetteer::default();
        for (file, text) in files {
            gazetteer.read(file, text)?;
        }
        // Once for all files: a second sort of the whole index costs as much as the first.
        gazetteer.by_name.sort_unstable();
        gazetteer.by_name.dedup();
        gazetteer.find_capitals();
        Ok(gazetteer)
    }

    fn read(&mut self, file: &str, text: &str) -> Result<(), GazetteerError> {
        let lines = entente_text::table_lines(text, COLUMNS).map_err(|e| GazetteerError {
            file: file.to_string(),
            line: e.line,
            message: e.message,
        })?;
        for (number, line) in lines {
            let error = |message: String| GazetteerError {
                file: file.to_string(),
                line: number,
                message,
            };
            let mut fields = line.split('\t');
            let mut next = || fields.next();
            let (
                Some(id),
                Some(kind),
                Some(name),
                Some(country),
                Some(adm1),
                Some(lat),
                Some(lon),
                Some(population),
                Some(names),
                None,
            ) = (
                next(),
                next(),
                next(),
                next(),
                next(),
                next(),
                next(),
                next(),
                next(),
                next(),
            )
            else {
                let count = line.split('\t').count();
                return Err(error(format!("{count} fields, expected 9")));
            };
            let number = |what: &str, s: &str| -> Result<Option<f64>, GazetteerError> {
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse()
                    .map(Some)
                    .map_err(|_| error(format!("{what} `{s}` is not a number")))
            };
            let kind = match kind {
                "country" => PlaceKind::Country,
                "adm1" => PlaceKind::Adm1,
                "region" => PlaceKind::Region,
                "city" => PlaceKind::City,
                other => return Err(error(format!("unknown kind `{other}`"))),
            };
            if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(error(format!(
                    "country `{country}` is not ISO 3166-1 alpha-3"
                )));
            }
            let place = Place {
                geonames_id: if id.is_empty() {
                    None
                } else {
                    Some(
                        id.parse()
                            .map_err(|_| error(format!("geonames_id `{id}`")))?,
                    )
                },
                kind,
                name: name.to_string(),
                country: country.to_string(),
                adm1: (!adm1.is_empty()).then(|| adm1.to_string()),
                lat: number("lat", lat)?,
                lon: number("lon", lon)?,
                population: if population.is_empty() {
                    0
                } else {
                    population
                        .parse()
                        .map_err(|_| error(format!("population `{population}`")))?
                },
            };
            let index = self.places.len() as u32;
            let alternates = names.split(" | ").filter(|n| !n.is_empty());
            for form in std::iter::once(name).chain(alternates) {
                let (hash, words) = key_hash(form);
                self.longest_name = self.longest_name.max(words);
                self.by_name.push((hash, index));
            }
            if place.kind == PlaceKind::Country {
                self.countries.entry(place.country.clone()).or_insert(index);
            }
            self.places.push(place);
        }
        Ok(())
    }

    fn find_capitals(&mut self) {
        for (index, city) in self.places.iter().enumerate() {
            let at_the_centre = self
                .country(&city.country)
                .map(|c| &self.places[c as usize])
                .is_some_and(|c| c.lat.is_some() && (c.lat, c.lon) == (city.lat, city.lon));
            if city.kind != PlaceKind::City || !at_the_centre {
                continue;
            }
            let capital = self
                .capitals
                .entry(city.country.clone())
                .or_insert(index as u32);
            if self.places[*capital as usize].population < city.population {
                *capital = index as u32;
            }
        }
    }

    /// A country's capital ("in the capital"), by ISO-3 code.
    pub fn capital(&self, iso3: &str) -> Option<&Place> {
        self.capitals.get(iso3).map(|&c| &self.places[c as usize])
    }

    pub fn place(&self, index: u32) -> &Place {
        &self.places[index as usize]
    }

    /// The places a name (as written in text) may be, in file order.
    pub fn lookup(&self, name: &str) -> Vec<u32> {
        let (hash, _) = key_hash(name);
        let first = self.by_name.partition_point(|&(h, _)| h < hash);
        self.by_name[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, place)| place)
            .collect()
    }

    /// The country entry for an ISO-3 code.
    pub fn country(&self, iso3: &str) -> Option<u32> {
        self.countries.get(iso3).copied()
    }

    pub fn longest_name(&self) -> usize {
        self.longest_name
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// The FNV-1a hash of `name_key(name)` and its number of words, computed without building the
/// key: one pass over the characters, ASCII ones (nearly all) byte by byte, the others folded as
/// `name_key` folds them.
fn key_hash(name: &str) -> (u64, usize) {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = 0;
    let mut in_word = false;
    let mut feed = |byte: u8, in_word: &mut bool| {
        if !*in_word {
            if words > 0 {
                hash = (hash ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
            }
            words += 1;
            *in_word = true;
        }
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    };
    for c in name.chars() {
        if c.is_ascii() {
            match c {
                // `char::is_whitespace` for ASCII, and the hyphen: word separators.
                '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '-' => in_word = false,
                // Dropped from the key; the backtick folds to an apostrophe.
                '.' | '\'' | '`' => {}
                _ => feed(c.to_ascii_lowercase() as u8, &mut in_word),
            }
            continue;
        }
        if c.is_whitespace() || matches!(c, '‐' | '–') {
            in_word = false;
            continue;
        }
        entente_text::fold_char(c, &mut |folded| {
            if matches!(folded, '.' | '\'' | '’' | 'ʼ' | 'ʻ' | '‘') {
                return;
            }
            let mut utf8 = [0u8; 4];
            for &byte in folded
                .to_ascii_lowercase()
                .encode_utf8(&mut utf8)
                .as_bytes()
            {
                feed(byte, &mut in_word);
            }
        });
    }
    (hash, words)
}

/// The form names are compared in: folded case and diacritics, hyphens as spaces, no periods or
/// apostrophes ("St. Petersburg" = "St Petersburg", "Nagorno-Karabakh" = "Nagorno Karabakh",
/// "N'Djamena" = "NDJAMENA", "Ts'khinvali" = "Tskhinvali").
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut key = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '–'))
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .filter(|&c| !matches!(c, '.' | '\'' | '’' | 'ʼ' | 'ʻ' | '‘'))
            .collect();
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hash_is_the_hash_of_the_name_key() {
        let fnv = |key: &str| {
            key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        for name in [
            "St. Petersburg",
            "Nagorno-Karabakh",
            "N'Djamena",
            "Ts’khinvali",
            "  Port-au-Prince\t ",
            "Şanlıurfa – Kırıkkale‐Ağrı",
            "Łódź Ærøskøbing",
            "O`Neill . ' -",
            "İSTANBUL\u{00A0}Erdoğan\u{200B}",
            "",
        ] {
            let key = name_key(name);
            let words = key.split(' ').filter(|w| !w.is_empty()).count();
            assert_eq!(key_hash(name), (fnv(&key), words), "{name:?}");
        }
    }
}
