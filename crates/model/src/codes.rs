//! Validated code newtypes. Each parses from and serialises to its plain string form.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Why a code string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeError {
    pub kind: &'static str,
    pub value: String,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} code {:?}", self.kind, self.value)
    }
}

impl std::error::Error for CodeError {}

macro_rules! string_code {
    ($name:ident, $kind:literal, $valid:expr) => {
        impl $name {
            pub fn new(value: &str) -> Result<Self, CodeError> {
                let check: fn(&str) -> bool = $valid;
                if check(value) {
                    Ok(Self(value.to_string()))
                } else {
                    Err(CodeError {
                        kind: $kind,
                        value: value.to_string(),
                    })
                }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> {
                Self::new(s)
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A CAMEO event code: two to four ASCII digits, leading zeros kept ("04", "042", "0834").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CameoCode(String);
string_code!(CameoCode, "CAMEO", |s| (2..=4).contains(&s.len())
    && s.bytes().all(|b| b.is_ascii_digit())
    && matches!(s[..2].parse::<u8>(), Ok(1..=20)));

impl CameoCode {
    /// The two-digit root ("04" for "042").
    pub fn root(&self) -> &str {
        &self.0[..2]
    }
    /// The three-digit base code, or the root when the code has only two digits.
    pub fn base(&self) -> &str {
        &self.0[..self.0.len().min(3)]
    }
    /// The root as a number, 1..=20.
    pub fn root_number(&self) -> u8 {
        self.0[..2].parse().unwrap_or(0)
    }
}

/// An ISO 3166-1 alpha-3 country code, upper case ("AZE"). Historical states use their
/// ISO 3166-3 or customary codes (SUN, YUG, CSK, DDR), and world regions their CAMEO region
/// codes (EUR, WAF), which share the same shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);
string_code!(CountryCode, "country", |s| s.len() == 3
    && s.bytes().all(|b| b.is_ascii_uppercase()));

/// A CAMEO-style sector or agent code: three upper-case letters (GOV, MIL, COP, BUS, CVL, OPP, REB, MED, REL, IGO, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sector(String);
string_code!(Sector, "sector", |s| s.len() == 3
    && s.bytes().all(|b| b.is_ascii_uppercase()));

/// A CAMEO-style actor code: upper-case letters and digits in three-letter groups ("AZEGOV", "IGOMEAOIC", "PSEHMS").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode(String);
string_code!(ActorCode, "actor", |s| !s.is_empty()
    && s.len() % 3 == 0
    && s.len() <= 24
    && s.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));

/// The four quad classes of CAMEO/PLOVER. Serialised as the integer 1..=4, as in GDELT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}

impl QuadClass {
    pub fn from_number(n: u8) -> Option<Self> {
        match n {
            1 => Some(Self::VerbalCooperation),
            2 => Some(Self::MaterialCooperation),
            3 => Some(Self::VerbalConflict),
            4 => Some(Self::MaterialConflict),
            _ => None,
        }
    }
    pub fn number(self) -> u8 {
        self as u8
    }
    pub fn is_cooperation(self) -> bool {
        matches!(self, Self::VerbalCooperation | Self::MaterialCooperation)
    }
    /// The snake-case name used in JSON keys ("verbal_coop", ...).
    pub fn key(self) -> &'static str {
        match self {
            Self::VerbalCooperation => "verbal_coop",
            Self::MaterialCooperation => "material_coop",
            Self::VerbalConflict => "verbal_conflict",
            Self::MaterialConflict => "material_conflict",
        }
    }
}

impl Serialize for QuadClass {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for QuadClass {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(d)?;
        Self::from_number(n)
            .ok_or_else(|| serde::de::Error::custom(format!("quad class {n} is not 1..=4")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_codes_keep_leading_zeros_and_reject_bad_roots() {
        let c = CameoCode::new("0834").unwrap();
        assert_eq!((c.root(), c.base(), c.root_number()), ("08", "083", 8));
        assert!(CameoCode::new("21").is_err());
        assert!(CameoCode::new("00").is_err());
        assert!(CameoCode::new("4").is_err());
        assert!(CameoCode::new("04a").is_err());
    }

    #[test]
    fn country_and_actor_codes_are_validated() {
        assert!(CountryCode::new("AZE").is_ok());
        assert!(CountryCode::new("aze").is_err());
        assert!(ActorCode::new("IGOMEAOIC").is_ok());
        assert!(ActorCode::new("AZEG").is_err());
    }

    #[test]
    fn quad_class_round_trips_as_a_number() {
        let json = serde_json::to_string(&QuadClass::VerbalConflict).unwrap();
        assert_eq!(json, "3");
        let back: QuadClass = serde_json::from_str(&json).unwrap();
        assert_eq!(back, QuadClass::VerbalConflict);
        assert!(serde_json::from_str::<QuadClass>("5").is_err());
    }
}
