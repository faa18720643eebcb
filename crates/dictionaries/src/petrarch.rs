//! Converts PETRARCH/Phoenix dictionaries into the block format.
//!
//! `.actors` files: an entry line `NAME_ [CODE]`, synonym lines `+NAME_`, indented code lines
//! `[CODE DATES]` where DATES is `A-B`, `>A` or `<B` (YYMMDD or YYYYMMDD), `#` comments and `<!-- -->`
//! blocks. An entry whose current code is three letters becomes a `country`; one with date-restricted
//! codes becomes a `person` with one office per code (role `petrarch_SECTOR`, emitted as role stubs);
//! any other becomes an `org`. `.agents` files (`PRESIDENT_ [~GOV]`, `!PERSON! = MAN, WOMAN` macros)
//! become one `role` per agent code. The output is meant to be reviewed, not trusted blindly.

use crate::LoadError;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Which PETRARCH dictionary a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetrarchKind {
    Actors,
    Agents,
}

impl PetrarchKind {
    /// Guesses from a file name, then from content (agent codes start or end with `~`).
    pub fn guess(file_name: &str, text: &str) -> Self {
        let name = file_name.to_ascii_lowercase();
        if name.contains("agent") {
            Self::Agents
        } else if name.contains("actor") {
            Self::Actors
        } else if text.contains("[~") || text.contains("~]") {
            Self::Agents
        } else {
            Self::Actors
        }
    }
}

/// Code prefixes that are not states: the first three letters name a kind of actor, not a country.
const NON_STATE_PREFIXES: [&str; 8] = ["IGO", "NGO", "MNC", "IMG", "UNO", "REB", "INS", "---"];

/// A code with its date restriction, as days YYYYMMDD (inclusive).
#[derive(Debug, Clone)]
struct DatedCode {
    code: String,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Default)]
struct RawEntry {
    names: Vec<String>,
    codes: Vec<DatedCode>,
    line: usize,
}

/// Converts one PETRARCH file into the block format of `dictionaries/FORMAT.md`.
pub fn import_petrarch(text: &str, kind: PetrarchKind) -> Result<String, LoadError> {
    let lines = clean_lines(text);
    match kind {
        PetrarchKind::Actors => import_actors(&lines),
        PetrarchKind::Agents => Ok(import_agents(&lines)),
    }
}

fn error(line: usize, message: impl Into<String>) -> LoadError {
    LoadError {
        file: "petrarch input".into(),
        line,
        message: message.into(),
    }
}

/// Lines with `#` comments and `<!-- -->` blocks removed, keeping line numbers.
fn clean_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_html_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.split('#').next().unwrap_or("").to_string();
        if in_html_comment {
            match line.find("-->") {
                Some(end) => {
                    in_html_comment = false;
                    line = line[end + 3..].to_string();
                }
                None => continue,
            }
        }
        if let Some(start) = line.find("<!--") {
            match line[start..].find("-->") {
                Some(end) => line.replace_range(start..start + end + 3, ""),
                None => {
                    in_html_comment = true;
                    line.truncate(start);
                }
            }
        }
        if !line.trim().is_empty() {
            out.push((i + 1, line.trim_end().to_string()));
        }
    }
    out
}

/// Splits `NAME_ {..} [A] [B 010101-020202]` into the name part and the bracketed codes.
fn split_codes(line: usize, text: &str) -> Result<(String, Vec<String>), LoadError> {
    let cut = text.find(['[', '{']).unwrap_or(text.len());
    let name = text[..cut].trim().to_string();
    let mut codes = Vec::new();
    let mut rest = &text[cut..];
    while let Some(open) = rest.find('[') {
        let close = rest[open..]
            .find(']')
            .ok_or_else(|| error(line, "unclosed `[`"))?
            + open;
        codes.push(rest[open + 1..close].trim().to_string());
        rest = &rest[close + 1..];
    }
    Ok((name, codes))
}

/// `911221` (1991-12-21) or `20031031` as `YYYYMMDD`; anything else is `None`.
fn full_date(d: &str) -> Option<String> {
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match d.len() {
        6 => {
            let yy: u32 = d[..2].parse().ok()?;
            Some(format!("{}{}", if yy < 30 { "20" } else { "19" }, d))
        }
        8 => Some(d.to_string()),
        _ => None,
    }
}

fn dated_code(spec: &str) -> Option<DatedCode> {
    let mut parts = spec.split_whitespace();
    let code = parts.next()?.to_string();
    if code.chars().all(|c| c == '-') {
        return None;
    }
    let (mut from, mut until) = (None, None);
    if let Some(dates) = parts.next() {
        if let Some(d) = dates.strip_prefix('>') {
            from = full_date(d);
        } else if let Some(d) = dates.strip_prefix('<') {
            until = full_date(d);
        } else if let Some((a, b)) = dates.split_once('-') {
            from = full_date(a);
            until = full_date(b);
        }
    }
    Some(DatedCode { code, from, until })
}

/// `YYYYMMDD` as `YYYY-MM-DD`, or the year alone when month or day is zero.
fn iso(d: &str) -> String {
    let (y, m, day) = (&d[..4], &d[4..6], &d[6..8]);
    if m == "00" || day == "00" || !(1..=12).contains(&m.parse::<u8>().unwrap_or(0)) {
        y.to_string()
    } else {
        format!("{y}-{m}-{day}")
    }
}

/// `AZERBAIJAN_` → `Azerbaijan`; short all-caps names (`UN_`) stay in capitals.
fn display_name(raw: &str) -> String {
    let spaced: Vec<&str> = raw.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    let letters = spaced
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
        .count();
    let words: Vec<String> = spaced
        .iter()
        .map(|w| {
            if letters <= 3 {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect();
    escape(&words.join(" "))
}

/// Characters that mean something in the block format.
fn escape(s: &str) -> String {
    s.replace('|', "/").replace('#', "\\#")
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        "entry".to_string()
    } else {
        out
    }
}

fn import_actors(lines: &[(usize, String)]) -> Result<String, LoadError> {
    let mut entries: Vec<RawEntry> = Vec::new();
    for (line, text) in lines {
        let (line, first) = (*line, text.chars().next().unwrap_or(' '));
        let (name, codes) = split_codes(line, text.trim_start_matches('+'))?;
        let codes = codes.iter().filter_map(|c| dated_code(c));
        if first.is_whitespace() || first == '[' {
            let entry = entries
                .last_mut()
                .ok_or_else(|| error(line, "code line before any entry"))?;
            entry.codes.extend(codes);
        } else if first == '+' {
            let entry = entries
                .last_mut()
                .ok_or_else(|| error(line, "synonym before any entry"))?;
            entry.names.push(display_name(&name));
            entry.codes.extend(codes);
        } else {
            entries.push(RawEntry {
                names: vec![display_name(&name)],
                codes: codes.collect(),
                line,
            });
        }
    }
    Ok(render_actors(entries))
}

/// The code in force now: the last undated or open-ended one, else the last one.
fn current_code(codes: &[DatedCode]) -> Option<&DatedCode> {
    codes
        .iter()
        .rev()
        .find(|c| c.until.is_none())
        .or(codes.last())
}

fn render_actors(entries: Vec<RawEntry>) -> String {
    let mut countries: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut body = String::new();
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let (mut people, mut orgs, mut skipped) = (0, 0, 0);
    let mut unique_id = |name: &str| {
        let base = snake(name);
        let n = ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}_{n}")
        }
    };
    for entry in entries {
        let Some(current) = current_code(&entry.codes) else {
            skipped += 1;
            continue;
        };
        let names = entry.names.join(" | ");
        let is_dated = entry
            .codes
            .iter()
            .any(|c| c.from.is_some() || c.until.is_some());
        // The first three characters name a state or a kind of actor: letters (`AR1` is no code).
        let valid_code = |c: &str| {
            entente_model::ActorCode::new(c).is_ok()
                && c.get(..3)
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_uppercase() || b == b'-'))
        };
        if !valid_code(&current.code) {
            // A code Entente can read whose first three characters are no state or kind of actor
            // (`G77`, the Group of 77) names an organisation of its own, undated.
            if is_dated || entente_model::ActorCode::new(&current.code).is_err() {
                skipped += 1;
                continue;
            }
            orgs += 1;
            let id = unique_id(&entry.names[0]);
            write_org(&mut body, &id, entry.line, &names, "-", None, &current.code);
            body.push('\n');
            continue;
        }
        let prefix = &current.code[..3];
        if current.code.len() == 3 && !NON_STATE_PREFIXES.contains(&prefix) {
            countries
                .entry(current.code.clone())
                .or_default()
                .extend(entry.names);
        } else if is_dated {
            people += 1;
            let _ = writeln!(
                body,
                "person {}  # petrarch line {}\n  names: {names}",
                unique_id(&entry.names[0]),
                entry.line
            );
            let latest_end = entry.codes.iter().filter_map(|c| c.until.clone()).max();
            for c in entry.codes.iter().filter(|c| valid_code(&c.code)) {
                let (seat, sector) = seat_and_sector(&c.code);
                let role = format!("petrarch_{}", sector.to_lowercase());
                roles.insert(role.clone(), sector);
                let from = c.from.clone().or_else(|| {
                    if c.until.is_none() {
                        latest_end.clone()
                    } else {
                        None
                    }
                });
                let range = format!(
                    "{}..{}",
                    from.as_deref().map(iso).unwrap_or_default(),
                    c.until.as_deref().map(iso).unwrap_or_default()
                );
                // Source ranges that end before they start are kept for review, commented out.
                let inverted = matches!((&from, &c.until), (Some(a), Some(b)) if a > b);
                let prefix = if inverted { "# inverted range: " } else { "" };
                let _ = writeln!(
                    body,
                    "  {prefix}office: {seat} | {role} | {range}  # {}",
                    c.code
                );
            }
        } else {
            orgs += 1;
            let (seat, sector) = seat_and_sector(&current.code);
            let country = if seat.starts_with("org:") { "-" } else { &seat };
            let id = unique_id(&entry.names[0]);
            write_org(
                &mut body,
                &id,
                entry.line,
                &names,
                country,
                Some(&sector),
                &current.code,
            );
        }
        body.push('\n');
    }
    let mut out = format!(
        "# Imported from PETRARCH by `entente dict import petrarch`: {} countries, {people} people, {orgs} orgs, {} role stubs; {skipped} entries without a usable code skipped.\n\n",
        countries.len(),
        roles.len()
    );
    for (code, names) in &countries {
        let mut unique: Vec<&String> = Vec::new();
        for n in names {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        let list: Vec<&str> = unique.iter().map(|s| s.as_str()).collect();
        let _ = writeln!(out, "country {code}\n  names: {}\n", list.join(" | "));
    }
    for (role, sector) in &roles {
        let _ = writeln!(out, "role {role}\n  sector: {sector}\n  holders: many\n");
    }
    out.push_str(&body);
    out
}

/// `AZEGOV` → (`AZE`, `GOV`); `IGOUNO` → (`org:igouno`, `IGO`); `AZE` → (`AZE`, `GOV`).
/// One `org` entry of the rendered dictionary.
fn write_org(
    body: &mut String,
    id: &str,
    line: usize,
    names: &str,
    country: &str,
    sector: Option<&str>,
    code: &str,
) {
    let _ = writeln!(
        body,
        "org {id}  # petrarch line {line}\n  names: {names}\n  country: {country}"
    );
    if let Some(sector) = sector {
        let _ = writeln!(body, "  sector: {sector}");
    }
    let _ = writeln!(body, "  code: {code}");
}

fn seat_and_sector(code: &str) -> (String, String) {
    let prefix = &code[..3];
    if NON_STATE_PREFIXES.contains(&prefix) {
        (format!("org:{}", code.to_lowercase()), prefix.to_string())
    } else {
        let sector = code.get(3..6).unwrap_or("GOV").to_string();
        (prefix.to_string(), sector)
    }
}

/// Expands `!MACRO!` references in an agent name into every alternative.
fn expand(name: &str, macros: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut results = vec![String::new()];
    for (i, part) in name.split('!').enumerate() {
        let alternatives: Vec<String> = if i % 2 == 1 {
            macros
                .get(part)
                .cloned()
                .unwrap_or_else(|| vec![part.to_string()])
        } else {
            vec![part.to_string()]
        };
        results = results
            .iter()
            .flat_map(|r| alternatives.iter().map(move |a| format!("{r}{a}")))
            .collect();
    }
    results
}

fn import_agents(lines: &[(usize, String)]) -> String {
    let mut macros: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut skipped = 0;
    for (_, text) in lines {
        if let Some((head, values)) = text
            .split_once('=')
            .filter(|(h, _)| h.trim().starts_with('!'))
        {
            let key = head.trim().trim_matches('!').to_string();
            macros.insert(
                key,
                values.split(',').map(|v| v.trim().to_string()).collect(),
            );
            continue;
        }
        let cut = text.find(['[', '{']).unwrap_or(text.len());
        let code = text[cut..]
            .split(['[', ']'])
            .map(str::trim)
            .find(|c| c.contains('~'))
            .map(|c| c.replace('~', ""));
        let Some(code) = code.filter(|c| c.len() >= 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        else {
            skipped += 1;
            continue;
        };
        for name in expand(text[..cut].trim().trim_start_matches('+'), &macros) {
            let phrase = escape(&name.replace('_', " ").trim().to_lowercase());
            if !phrase.is_empty() {
                roles.entry(code.clone()).or_default().push(phrase);
            }
        }
    }
    let mut out = format!(
        "# Imported from PETRARCH agents by `entente dict import petrarch`: {} roles; {skipped} lines without an agent code skipped.\n\n",
        roles.len()
    );
    for (code, mut names) in roles {
        names.dedup();
        let _ = writeln!(
            out,
            "role petrarch_{}\n  sector: {}\n  holders: many\n  names: {}\n",
            code.to_lowercase(),
            &code[..3],
            names.join(" | ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_entries, Entry, SourceFile};

    fn parse(text: &str) -> Vec<Entry> {
        parse_entries(&SourceFile {
            name: "imported.txt".into(),
            text: text.into(),
        })
        .unwrap()
    }

    #[test]
    fn actors_become_countries_people_and_orgs() {
        let input = "# comment\nGONDOR_ [GND]\n+MINAS_TIRITH_\nARNOR_\n\t[ARN >911221]\n\
                     DENETHOR_  # steward\n\t[GNDGOV 560101-030119]\n\t[GNDELI]\n\
                     <!-- skip\nNOPE_ [NOP]\n-->\nTHE_WHITE_COUNCIL_ [IGOWHC]\nUN_ [IGOUNO]\n";
        let out = import_petrarch(input, PetrarchKind::Actors).unwrap();
        let entries = parse(&out);
        let keys: Vec<_> = entries.iter().map(|e| e.key()).collect();
        assert!(
            keys.contains(&("country", "GND".into())) && keys.contains(&("country", "ARN".into()))
        );
        assert!(!keys.contains(&("country", "NOP".into())));
        let Some(Entry::Person(p)) = entries.iter().find(|e| e.key().0 == "person") else {
            panic!("{out}")
        };
        assert_eq!(p.offices.len(), 2);
        assert_eq!(p.offices[0].range.to_string(), "1956-01-01..2003-01-19");
        assert_eq!(p.offices[1].range.to_string(), "2003-01-19..");
        assert!(
            out.contains("names: Gondor | Minas Tirith") && out.contains("names: UN"),
            "{out}"
        );
    }

    #[test]
    fn a_code_with_digits_in_its_first_three_names_an_organisation() {
        let input = "GROUP OF 77  [G77]\nAXNOR  [AR1 <911226] [AR2]\n";
        let out = import_petrarch(input, PetrarchKind::Actors).unwrap();
        let entries = parse(&out);
        let Some(Entry::Org(group)) = entries.iter().find(|e| e.key().0 == "org") else {
            panic!("{out}")
        };
        assert_eq!(
            (group.code.as_str(), group.country.is_none()),
            ("G77", true)
        );
        assert!(group.names.iter().any(|n| n == "Group Of 77"), "{out}");
        // A dated code cannot hold as an office of a state: still skipped.
        assert_eq!(entries.len(), 1, "{out}");
    }

    #[test]
    fn agents_become_roles_with_macros_expanded() {
        let input = "!PERSON! = MAN, WOMAN\nPRESIDENT_ [~GOV]\nCHAIR!PERSON! [~GOV]\nFARMER [~AGR]\nEXTREMIST\n";
        let out = import_petrarch(input, PetrarchKind::Agents).unwrap();
        let entries = parse(&out);
        let Entry::Role(gov) = &entries[1] else {
            panic!("{out}")
        };
        assert_eq!(gov.names, ["president", "chairman", "chairwoman"]);
        assert_eq!(gov.sector.as_str(), "GOV");
        assert!(out.contains("1 lines without an agent code"));
    }

    #[test]
    fn kind_is_guessed_from_name_then_content() {
        assert_eq!(
            PetrarchKind::guess("Phoenix.agents.txt", ""),
            PetrarchKind::Agents
        );
        assert_eq!(
            PetrarchKind::guess("x.txt", "PRESIDENT [~GOV]"),
            PetrarchKind::Agents
        );
        assert_eq!(
            PetrarchKind::guess("x.txt", "GONDOR [GND]"),
            PetrarchKind::Actors
        );
    }
}
