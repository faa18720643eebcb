//! The block format of `dictionaries/FORMAT.md`: a header line `KIND ID` at column 0, then indented
//! `key: value` attribute lines. Every error names the file and line.

use crate::entries::{Country, DateRange, Entry, Office, Org, Origin, Person, Role, Seat};
use crate::{LoadError, SourceFile};
use entente_model::{ActorCode, CountryCode, Sector};

/// One attribute line, comment stripped.
struct Attribute {
    key: String,
    value: String,
    line: usize,
}

/// A header and its attributes, before typing.
struct Block {
    kind: String,
    id: String,
    line: usize,
    attributes: Vec<Attribute>,
}

/// Parses every entry of one file.
pub fn parse_entries(file: &SourceFile) -> Result<Vec<Entry>, LoadError> {
    blocks(file)?.into_iter().map(|b| typed(file, b)).collect()
}

fn error(file: &SourceFile, line: usize, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.name.clone(),
        line,
        message: message.into(),
    }
}

/// Removes a `#` comment (not an escaped `\#`) and unescapes `\#`.
fn strip_comment(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'#') => {
                out.push('#');
                chars.next();
            }
            '#' => break,
            _ => out.push(c),
        }
    }
    out
}

fn blocks(file: &SourceFile) -> Result<Vec<Block>, LoadError> {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, raw) in file.text.lines().enumerate() {
        let line = index + 1;
        let text = strip_comment(raw);
        if text.trim().is_empty() {
            continue;
        }
        if !text.starts_with([' ', '\t']) {
            let mut parts = text.split_whitespace();
            let (Some(kind), Some(id), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(error(
                    file,
                    line,
                    format!("expected a header `KIND ID`, found {:?}", text.trim()),
                ));
            };
            blocks.push(Block {
                kind: kind.to_string(),
                id: id.to_string(),
                line,
                attributes: Vec::new(),
            });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            return Err(error(
                file,
                line,
                "attribute line before any `KIND ID` header",
            ));
        };
        let Some((key, value)) = text.trim().split_once(':') else {
            return Err(error(
                file,
                line,
                format!("expected `key: value`, found {:?}", text.trim()),
            ));
        };
        block.attributes.push(Attribute {
            key: key.trim().to_string(),
            value: value.trim().to_string(),
            line,
        });
    }
    Ok(blocks)
}

/// An attribute that is one of two words, each standing for a yes or a no.
fn switch(file: &SourceFile, a: &Attribute, words: [(&str, bool); 2]) -> Result<bool, LoadError> {
    let [(first, first_means), (second, second_means)] = words;
    match a.value.as_str() {
        v if v == first => Ok(first_means),
        v if v == second => Ok(second_means),
        other => Err(error(
            file,
            a.line,
            format!("`{}` is `{first}` or `{second}`, not {other:?}", a.key),
        )),
    }
}

/// Splits a list value on ` | `, dropping empty items.
fn list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn is_snake_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn typed(file: &SourceFile, block: Block) -> Result<Entry, LoadError> {
    let origin = Origin {
        file: file.name.clone(),
        line: block.line,
    };
    let header_error = |message: String| error(file, block.line, message);
    let mut name = None;
    let mut names = Vec::new();
    let single = |slot: &mut Option<String>, a: &Attribute| -> Result<(), LoadError> {
        if slot.is_some() {
            return Err(error(file, a.line, format!("`{}` given twice", a.key)));
        }
        *slot = Some(a.value.clone());
        Ok(())
    };
    match block.kind.as_str() {
        "country" => {
            let id = CountryCode::new(&block.id).map_err(|e| header_error(e.to_string()))?;
            let (mut former, mut adjectives, mut demonyms, mut metonyms, mut epithets) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let mut regions = Vec::new();
            let (mut code, mut valid) = (None, None);
            let mut is_region = false;
            for a in &block.attributes {
                match a.key.as_str() {
                    "name" => single(&mut name, a)?,
                    "names" => names.extend(list(&a.value)),
                    "former" => former.extend(list(&a.value)),
                    "adjectives" => adjectives.extend(list(&a.value)),
                    "demonyms" => demonyms.extend(list(&a.value)),
                    "metonyms" => metonyms.extend(list(&a.value)),
                    "epithets" => epithets.extend(list(&a.value)),
                    "regions" => regions.extend(list(&a.value)),
                    "type" => is_region = switch(file, a, [("state", false), ("region", true)])?,
                    "code" => {
                        code = Some(
                            ActorCode::new(&a.value)
                                .map_err(|e| error(file, a.line, e.to_string()))?,
                        )
                    }
                    "valid" => {
                        valid =
                            Some(DateRange::parse(&a.value).map_err(|e| error(file, a.line, e))?)
                    }
                    other => {
                        return Err(error(
                            file,
                            a.line,
                            format!("unknown key `{other}` for a country"),
                        ))
                    }
                }
            }
            let name = display_name(file, &block, name, &names)?;
            let code = match code {
                Some(c) => c,
                None => ActorCode::new(id.as_str()).map_err(|e| header_error(e.to_string()))?,
            };
            Ok(Entry::Country(Country {
                id,
                name,
                names,
                former,
                adjectives,
                demonyms,
                metonyms,
                epithets,
                regions,
                code,
                valid,
                is_region,
                origin,
            }))
        }
        "person" => {
            check_snake(file, &block)?;
            let mut surname = None;
            let mut offices = Vec::new();
            for a in &block.attributes {
                match a.key.as_str() {
                    "name" => single(&mut name, a)?,
                    "names" => names.extend(list(&a.value)),
                    "surname" => single(&mut surname, a)?,
                    "office" => offices.push(office(file, a)?),
                    other => {
                        return Err(error(
                            file,
                            a.line,
                            format!("unknown key `{other}` for a person"),
                        ))
                    }
                }
            }
            let name = display_name(file, &block, name, &names)?;
            Ok(Entry::Person(Person {
                id: block.id,
                name,
                names,
                surname,
                offices,
                origin,
            }))
        }
        "org" => {
            check_snake(file, &block)?;
            let mut former = Vec::new();
            let (mut org_type, mut country, mut sector, mut code) = (None, None, None, None);
            for a in &block.attributes {
                let bad = |e: entente_model::CodeError| error(file, a.line, e.to_string());
                match a.key.as_str() {
                    "name" => single(&mut name, a)?,
                    "names" => names.extend(list(&a.value)),
                    "former" => former.extend(list(&a.value)),
                    "type" => {
                        const TYPES: [&str; 7] = [
                            "igo",
                            "company",
                            "armed_group",
                            "party",
                            "ngo",
                            "media",
                            "government_body",
                        ];
                        if !TYPES.contains(&a.value.as_str()) {
                            return Err(error(
                                file,
                                a.line,
                                format!("unknown org type {:?} (one of {TYPES:?})", a.value),
                            ));
                        }
                        org_type = Some(a.value.clone());
                    }
                    "country" if a.value == "-" => country = None,
                    "country" => country = Some(CountryCode::new(&a.value).map_err(bad)?),
                    "sector" => sector = Some(Sector::new(&a.value).map_err(bad)?),
                    "code" => code = Some(ActorCode::new(&a.value).map_err(bad)?),
                    other => {
                        return Err(error(
                            file,
                            a.line,
                            format!("unknown key `{other}` for an org"),
                        ))
                    }
                }
            }
            let name = display_name(file, &block, name, &names)?;
            let code = match code {
                Some(c) => c,
                None => {
                    let derived = format!(
                        "{}{}",
                        country.as_ref().map_or("", |c| c.as_str()),
                        sector.as_ref().map_or("", |s| s.as_str())
                    );
                    ActorCode::new(&derived)
                        .map_err(|_| header_error("an org needs a `code`".into()))?
                }
            };
            Ok(Entry::Org(Org {
                id: block.id,
                name,
                names,
                former,
                org_type,
                country,
                sector,
                code,
                origin,
            }))
        }
        "role" => {
            check_snake(file, &block)?;
            let mut sector = None;
            let mut many_holders = false;
            let mut agent = false;
            let mut also_verb = false;
            for a in &block.attributes {
                match a.key.as_str() {
                    "names" => names.extend(list(&a.value)),
                    "holders" => many_holders = switch(file, a, [("one", false), ("many", true)])?,
                    "agent" => agent = switch(file, a, [("yes", true), ("no", false)])?,
                    "verb" => also_verb = switch(file, a, [("yes", true), ("no", false)])?,
                    "sector" => {
                        sector = Some(
                            Sector::new(&a.value)
                                .map_err(|e| error(file, a.line, e.to_string()))?,
                        )
                    }
                    other => {
                        return Err(error(
                            file,
                            a.line,
                            format!("unknown key `{other}` for a role"),
                        ))
                    }
                }
            }
            let sector =
                sector.ok_or_else(|| header_error(format!("role {} has no `sector`", block.id)))?;
            Ok(Entry::Role(Role {
                id: block.id,
                sector,
                names,
                many_holders,
                agent,
                also_verb,
                origin,
            }))
        }
        other => Err(header_error(format!(
            "unknown entry kind `{other}` (country, person, org, role)"
        ))),
    }
}

fn check_snake(file: &SourceFile, block: &Block) -> Result<(), LoadError> {
    if is_snake_id(&block.id) {
        Ok(())
    } else {
        Err(error(
            file,
            block.line,
            format!("id {:?} must be lower_snake_case", block.id),
        ))
    }
}

fn display_name(
    file: &SourceFile,
    block: &Block,
    name: Option<String>,
    names: &[String],
) -> Result<String, LoadError> {
    name.or_else(|| names.first().cloned()).ok_or_else(|| {
        error(
            file,
            block.line,
            format!("{} {} has neither `name` nor `names`", block.kind, block.id),
        )
    })
}

/// `WHERE | ROLE | RANGE`.
fn office(file: &SourceFile, a: &Attribute) -> Result<Office, LoadError> {
    let parts: Vec<&str> = a.value.split('|').map(str::trim).collect();
    let [seat, role, range] = parts[..] else {
        return Err(error(
            file,
            a.line,
            "expected `office: WHERE | ROLE | RANGE`",
        ));
    };
    let seat = match seat.strip_prefix("org:") {
        Some(id) if is_snake_id(id) => Seat::Org(id.to_string()),
        Some(id) => {
            return Err(error(
                file,
                a.line,
                format!("org id {id:?} must be lower_snake_case"),
            ))
        }
        None => {
            Seat::Country(CountryCode::new(seat).map_err(|e| error(file, a.line, e.to_string()))?)
        }
    };
    if !is_snake_id(role) {
        return Err(error(
            file,
            a.line,
            format!("role id {role:?} must be lower_snake_case"),
        ));
    }
    let range = DateRange::parse(range).map_err(|e| error(file, a.line, e))?;
    Ok(Office {
        seat,
        role: role.to_string(),
        range,
        line: a.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Entry>, LoadError> {
        parse_entries(&SourceFile {
            name: "t.txt".into(),
            text: text.into(),
        })
    }

    #[test]
    fn parses_every_kind() {
        let entries = parse(
            "# Middle-earth\ncountry GND\n  names: Gondor | Kingdom of Gondor\n  adjectives: Gondorian\n  metonyms: Minas Tirith\n\n\
             person aragorn\n  names: Aragorn | Elessar\n  surname: Elessar\n  office: GND | king | 3019..\n\
             org fellowship\n  names: Fellowship \\# 1\n  type: ngo\n  country: -\n  sector: NGO\n  code: NGOFEL\n\
             role king\n  sector: GOV\n  names: king | kings\n",
        )
        .unwrap();
        assert_eq!(entries.len(), 4);
        let Entry::Country(c) = &entries[0] else {
            panic!()
        };
        assert_eq!(
            (c.name.as_str(), c.code.as_str(), c.metonyms.len()),
            ("Gondor", "GND", 1)
        );
        let Entry::Person(p) = &entries[1] else {
            panic!()
        };
        assert_eq!(
            p.offices[0].seat,
            Seat::Country(CountryCode::new("GND").unwrap())
        );
        let Entry::Org(o) = &entries[2] else { panic!() };
        assert_eq!(o.names, ["Fellowship # 1"]);
    }

    #[test]
    fn reads_agent_roles_and_regions() {
        let entries = parse(
            "country GND\n  names: Gondor\n  regions: Ithilien | Anorien\n\
             role guards\n  sector: COP\n  agent: yes\n  names: guards\n\
             role king\n  sector: GOV\n  names: king\n",
        )
        .unwrap();
        let Entry::Country(c) = &entries[0] else {
            panic!()
        };
        assert_eq!(c.regions, ["Ithilien", "Anorien"]);
        let agents: Vec<bool> = entries[1..]
            .iter()
            .map(|e| matches!(e, Entry::Role(r) if r.agent))
            .collect();
        assert_eq!(agents, [true, false], "roles are not agents unless marked");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("country GND\n  names: Gondor\n  colour: white\n").unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (3, "t.txt"));
        assert!(e.message.contains("unknown key"));
        assert_eq!(parse("country gnd\n  names: Gondor\n").unwrap_err().line, 1);
        assert_eq!(
            parse("person x\n  names: X\n  office: GND | king | 3019-13..\n")
                .unwrap_err()
                .line,
            3
        );
        assert_eq!(parse("  names: X\n").unwrap_err().line, 1);
        let e = parse("role guards\n  sector: COP\n  agent: maybe\n").unwrap_err();
        assert!(e.message.contains("`agent` is `yes` or `no`") && e.line == 3);
        assert_eq!(
            parse("org o\n  names: O\n  code: IGOx\n").unwrap_err().line,
            3
        );
    }
}
