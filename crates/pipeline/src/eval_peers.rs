//! The peers' own test suites run through Entente's engine with the suites' own small dictionaries,
//! so they test coding logic (passives, compounds, nested clauses) apart from any real dictionary:
//! PETRARCH-2's unit tests (`PETR.UnitTest.records.xml`) and TABARI's validation records
//! (`Validate.text`).
//!
//! Scoring, the same for both:
//! - An **event** is a (source, target, code) triple. Actors are compared by their **root code**, the
//!   first three letters (`ARNGOV` → `ARN`): the suites compose agent codes their own way, and the
//!   root is the actor the record tests. An agent named without a state ("guerrillas" alone,
//!   which TABARI's agents do) is written TABARI's way, its code after a tilde (`~REB` → `~RE`).
//!   Codes are compared exactly.
//! - Entente **asserts** an event when it is not negated and has a target (the peers only code
//!   dyads), and is not a derived reading of Entente's own (`+announced`, `+refused` rule ids: the
//!   peers' codebooks have no such events). Modality is not compared: the peers code intended and
//!   threatened acts as the act.
//! - Events are compared between actors the suite's dictionaries know. An expected event with an
//!   actor they lack (`---`, TABARI's `###`) is not expected of Entente, and an event Entente
//!   asserts with a party no dictionary names (code `UNK`, an unknown proper name in a role) is
//!   the same unknown actor on Entente's side: neither is counted. A suite that expects no event
//!   for a sentence whose actor is unknown (TABARI's `{---}`) says just that. Where TABARI's
//!   `DEFAULT:` option names codes for a source and a target no dictionary names, Entente's `UNK`
//!   is scored as them. Where its `FORWARD:` option is on, the records of one story are coded as
//!   one document (a paragraph each), so that pronouns reach back to the sentence before. A
//!   sentence shorter than its `SET: MINIMUM WORDS` (eight words unless a record sets another)
//!   is not coded, as TABARI codes none.
//! - A record is **exactly right** when the set of asserted events equals the expected set. A record
//!   that expects no event (PETRARCH `noevents`, TABARI `{---}`, `{+++}`, `{###}`) or an input
//!   error or discard (PETRARCH `error=`) is right when nothing is asserted. TABARI records that only
//!   set options (`{ OPTION: ... }`) test no coding and are not counted; TABARI's suite ends at its
//!   termination record (`FINAL-...`), after which its records need other settings.

use crate::Pipeline;
use entente_dictionaries::{
    import_petrarch, import_petrarch_verbs, import_tabari_verbs, Dictionaries, Discards, LoadError,
    PetrarchKind, Pruning, SourceFile,
};
use entente_model::{Actor, CameoCode, Document, Event, EventDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Which peer's suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerSuite {
    /// PETRARCH-2's unit tests: a folder with `PETR.UnitTest.records.xml` and the files it names.
    PetrarchUnit,
    /// TABARI's validation suite: a folder with `Validate.project` and the files it names.
    TabariValidate,
}

impl PeerSuite {
    pub fn name(self) -> &'static str {
        match self {
            PeerSuite::PetrarchUnit => "petrarch-unit",
            PeerSuite::TabariValidate => "tabari-validate",
        }
    }
}

/// A suite file that could not be read or parsed: which file, which line, and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PeerError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl From<LoadError> for PeerError {
    fn from(e: LoadError) -> Self {
        PeerError {
            file: e.file,
            line: e.line,
            message: e.message,
        }
    }
}

/// The root of Entente's code for a party no dictionary names.
const UNKNOWN_ROOT: &str = "UNK";

/// One expected (source root, target root, code) event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
}

impl Triple {
    /// Whether both actors are known: the peers write an actor their dictionaries lack as `---` (or
    /// TABARI's `###`), Entente as `UNK`.
    fn between_known_actors(&self) -> bool {
        let unknown =
            |code: &str| code.starts_with('-') || code.starts_with('#') || code == UNKNOWN_ROOT;
        !unknown(&self.source) && !unknown(&self.target)
    }
}

impl std::fmt::Display for Triple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.source, self.target, self.code)
    }
}

/// One test record: its text and the events it expects (empty: none, or an error record).
#[derive(Debug, Clone)]
pub struct PeerRecord {
    pub id: String,
    pub category: String,
    pub date: Option<EventDate>,
    pub text: String,
    pub expected: BTreeSet<Triple>,
    /// The codes the suite writes for a source and a target no dictionary names, where it sets
    /// them (TABARI's `DEFAULT:` option); Entente's `UNK` is scored as them.
    pub unknown_as: Option<DefaultActors>,
    /// The story the record is a sentence of, where the suite forwards actors from one sentence
    /// of a story to the next (TABARI's `FORWARD:` option): the story's records are coded as one
    /// document, so that "He", "it" and "they" find their antecedents.
    pub story: Option<String>,
    /// TABARI's `SET: MINIMUM WORDS = N`: a sentence of fewer words is not coded.
    pub min_words: Option<usize>,
}

/// TABARI's minimum sentence length, the one its suite resets to ("SET: MINIMUM WORDS = 8",
/// "to the default").
const TABARI_MINIMUM_WORDS: usize = 8;

/// TABARI's `DEFAULT: SOURCE [CODE] ... TARGET [CODE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultActors {
    pub source: String,
    pub target: String,
}

/// A suite ready to run: its records and the dictionaries built from its own files.
pub struct Suite {
    pub kind: PeerSuite,
    pub records: Vec<PeerRecord>,
    pub dictionaries: SuiteDictionaries,
}

/// Dictionaries built from a suite's own files. The suites' verb files use codes outside CAMEO
/// (test codes such as `903` or `174K`, WEIS codes such as `223`), which an Entente rule cannot
/// carry: each is coded under a private CAMEO code for the run (`2050`, `2051`, …, a range CAMEO
/// leaves empty) and named back when scored.
pub struct SuiteDictionaries {
    pub dictionaries: Dictionaries,
    /// Private code → the suite's own code.
    pub code_names: BTreeMap<String, String>,
}

/// The first private code; CAMEO has no 4-digit codes in 20 beyond 2042.
const FIRST_PRIVATE_CODE: u32 = 2050;

/// Replaces every bracketed code of a verb file that is not CAMEO (`[903]`, `[042:174K]`) with a
/// private one; returns the new text and private → suite names. Null and special codes (`---`,
/// `+++`, `###`, `023?`) are left for the converter to skip.
fn private_codes(text: &str) -> (String, BTreeMap<String, String>) {
    let mut suite_codes = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        for code in rest[open + 1..open + close].split(':') {
            let code = code.trim();
            let plain = !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric());
            if plain && CameoCode::new(code).is_err() {
                suite_codes.insert(code.to_string());
            }
        }
        rest = &rest[open + close + 1..];
    }
    let names: BTreeMap<String, String> = suite_codes
        .into_iter()
        .zip(FIRST_PRIVATE_CODE..)
        .map(|(code, private)| (private.to_string(), code))
        .collect();
    let private_of: BTreeMap<&str, &str> = names
        .iter()
        .map(|(private, code)| (code.as_str(), private.as_str()))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        out.push_str(&rest[..=open]);
        let codes: Vec<&str> = rest[open + 1..open + close]
            .split(':')
            .map(|c| private_of.get(c.trim()).copied().unwrap_or(c))
            .collect();
        out.push_str(&codes.join(":"));
        out.push(']');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    (out, names)
}

/// Reads a suite folder: the records, and the dictionaries converted from the suite's actor, agent
/// and verb files (never Entente's built-in ones).
pub fn load_suite(kind: PeerSuite, dir: &Path) -> Result<Suite, PeerError> {
    let read = |name: &str| -> Result<SourceFile, PeerError> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| PeerError {
            file: path.display().to_string(),
            line: 0,
            message: e.to_string(),
        })?;
        Ok(SourceFile {
            name: path.display().to_string(),
            // The suites are mostly ASCII with a few Latin-1 bytes.
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
    };
    match kind {
        PeerSuite::PetrarchUnit => {
            let records_file = read("PETR.UnitTest.records.xml")?;
            let (records, files) = parse_petrarch_records(&records_file)?;
            let mut dictionaries = petrarch_dictionaries(
                &read(&files.actors)?,
                &read(&files.agents)?,
                &read(&files.verbs)?,
            )?;
            if let Some(name) = &files.discards {
                let discards = Discards::parse(&read(name)?)?;
                dictionaries.dictionaries.discards = Discards::new(discards);
            }
            Ok(Suite {
                kind,
                records,
                dictionaries,
            })
        }
        PeerSuite::TabariValidate => {
            let project = read("Validate.project")?;
            let files = parse_tabari_project(&project)?;
            let records = parse_tabari_records(&read(&files.text)?)?;
            let dictionaries = tabari_dictionaries(
                &read(&files.actors)?,
                &read(&files.agents)?,
                &read(&files.verbs)?,
            )?;
            Ok(Suite {
                kind,
                records,
                dictionaries,
            })
        }
    }
}

/// The dictionary files a suite names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteFiles {
    pub actors: String,
    pub agents: String,
    pub verbs: String,
    /// TABARI only: the records file.
    pub text: String,
    /// PETRARCH only, when the suite names one: the discard file (`<Discardfile>`).
    pub discards: Option<String>,
}

/// Dictionaries from PETRARCH-format actor, agent and verb files.
pub fn petrarch_dictionaries(
    actors: &SourceFile,
    agents: &SourceFile,
    verbs: &SourceFile,
) -> Result<SuiteDictionaries, PeerError> {
    let (text, code_names) = private_codes(&verbs.text);
    let verbs = import_petrarch_verbs(&verbs.name, &text, Pruning::Keep)?;
    let dictionaries = suite_dictionaries(
        actors,
        agents,
        &actors.text,
        &agents.text,
        verbs.rules,
        AgentsAlone::None,
    )?;
    Ok(SuiteDictionaries {
        dictionaries,
        code_names,
    })
}

/// Dictionaries from TABARI actor, agent and `.verbs` files (`;` starts a comment in all three; the
/// discard code `[###` of an actor is read as PETRARCH's null code `[---`).
pub fn tabari_dictionaries(
    actors: &SourceFile,
    agents: &SourceFile,
    verbs: &SourceFile,
) -> Result<SuiteDictionaries, PeerError> {
    let (text, code_names) = private_codes(&verbs.text);
    let verbs = import_tabari_verbs(&verbs.name, &text)?;
    let strip = |text: &str| -> String {
        text.lines()
            .map(|l| l.split(';').next().unwrap_or("").replace("[###", "[---"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let actors_text = with_stem_forms(&strip(&actors.text));
    let agents_text = with_plural_forms(&strip(&agents.text));
    let dictionaries = suite_dictionaries(
        actors,
        agents,
        &actors_text,
        &agents_text,
        verbs.rules,
        AgentsAlone::tabari(&agents_text),
    )?;
    Ok(SuiteDictionaries {
        dictionaries,
        code_names,
    })
}

/// Endings a TABARI actor stem most often takes in the text: a stem (a name without a closing
/// `_`) matches every word it begins ("ERIADOR" codes "Eriadori", "Eriadorian"), Entente matches
/// whole words. A whole name (`LIBYA_`) keeps TABARI's noun ending "-s" ("Libyas").
const STEM_ENDINGS: [&str; 12] = [
    "s", "i", "is", "n", "ns", "an", "ans", "ian", "ians", "ia", "ese", "ish",
];

/// A TABARI actor file with each stem's likely whole words, and each whole name's "-s", added as
/// synonyms after it.
fn with_stem_forms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        let name = line.split('[').next().unwrap_or("").trim();
        let name = name.strip_prefix('+').unwrap_or(name).trim();
        let last_word = name.rsplit([' ', '_']).next().unwrap_or("");
        let stem = !name.is_empty()
            && !name.ends_with('_')
            && !line.starts_with(char::is_whitespace)
            && last_word.len() >= 3
            && last_word.chars().all(char::is_alphabetic);
        if stem {
            for ending in STEM_ENDINGS {
                out.push_str(&format!("+{}{ending}_\n", name.replace(' ', "_")));
            }
        }
        // A whole name still takes TABARI's noun ending "-s" ("LIBYA_" codes "Libyas").
        let exact = name.strip_suffix('_').filter(|exact| {
            let last = exact.rsplit([' ', '_']).next().unwrap_or("");
            !line.starts_with(char::is_whitespace)
                && last.len() > 3
                && last.chars().all(char::is_alphabetic)
                && !last.ends_with(['S', 's'])
        });
        if let Some(exact) = exact {
            out.push_str(&format!("+{}S_\n", exact.replace(' ', "_")));
        }
    }
    out
}

/// A TABARI agent file with each agent's regular plural added after it: TABARI reads a noun's
/// regular endings itself, so `GUERRILLA_` also codes "guerrillas" and `SECURITY_FORCE_`
/// "security forces"; Entente matches the forms a dictionary lists.
fn with_plural_forms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        let Some(cut) = line.find('[') else { continue };
        let name = line[..cut].trim();
        let Some(singular) = name.strip_suffix('_').filter(|n| !n.starts_with('!')) else {
            continue;
        };
        let last = singular.rsplit(['_', ' ']).next().unwrap_or("");
        if last.len() < 3
            || !last.chars().all(|c| c.is_ascii_alphabetic())
            || last.ends_with(['S', 's'])
        {
            continue;
        }
        let plural = match last.to_ascii_uppercase() {
            l if l.ends_with("CH") || l.ends_with("SH") || l.ends_with('X') => {
                format!("{singular}ES")
            }
            l if l.ends_with('Y')
                && !l.ends_with("AY")
                && !l.ends_with("EY")
                && !l.ends_with("OY") =>
            {
                format!("{}IES", &singular[..singular.len() - 1])
            }
            _ => format!("{singular}S"),
        };
        out.push_str(&format!("{plural}_ {}\n", &line[cut..]));
    }
    out
}

/// Which agent words name an actor without a state: TABARI codes "guerrillas" alone as the agent
/// (`~REB`, its CONV records), except an agent written before its actor's code (`[NGM~]`),
/// which stays a prefix; PETRARCH-2 codes an agent only with its actor.
enum AgentsAlone {
    /// Every agent but those whose codes (without the tilde) are listed.
    AllBut(BTreeSet<String>),
    None,
}

impl AgentsAlone {
    /// TABARI's rule for an agent file's text.
    fn tabari(text: &str) -> AgentsAlone {
        let prefixes = text
            .split('[')
            .skip(1)
            .filter_map(|rest| rest.split(']').next())
            .map(str::trim)
            .filter_map(|code| code.strip_suffix('~'))
            .map(str::to_string)
            .collect();
        AgentsAlone::AllBut(prefixes)
    }

    /// Marks the roles of imported agent `blocks` (Entente's role format) that stand alone.
    fn mark(&self, blocks: &str) -> String {
        let AgentsAlone::AllBut(prefixes) = self else {
            return blocks.to_string();
        };
        let mut out = String::with_capacity(blocks.len() * 2);
        let mut alone = false;
        for line in blocks.lines() {
            if let Some(name) = line.strip_prefix("role petrarch_") {
                alone = !prefixes.contains(&name.to_uppercase());
            }
            out.push_str(line);
            out.push('\n');
            if alone && line == "  holders: many" {
                out.push_str("  agent: yes\n");
            }
        }
        out
    }
}

fn suite_dictionaries(
    actors: &SourceFile,
    agents: &SourceFile,
    actors_text: &str,
    agents_text: &str,
    rules: String,
    agents_alone: AgentsAlone,
) -> Result<Dictionaries, PeerError> {
    let convert = |file: &SourceFile, text: &str, kind| -> Result<SourceFile, PeerError> {
        let mut blocks = import_petrarch(text, kind).map_err(|mut e| {
            e.file = file.name.clone();
            e
        })?;
        if kind == PetrarchKind::Agents {
            blocks = agents_alone.mark(&blocks);
        }
        Ok(SourceFile {
            name: format!("{}.txt", file.name),
            text: blocks,
        })
    };
    let files = vec![
        convert(actors, actors_text, PetrarchKind::Actors)?,
        convert(agents, agents_text, PetrarchKind::Agents)?,
        SourceFile {
            name: "suite-verbs.rules".into(),
            text: rules,
        },
    ];
    Ok(Dictionaries::from_files(files, Vec::new())?)
}

/// Per-suite figures.
#[derive(Debug, Clone, Serialize)]
pub struct PeerReport {
    pub suite: String,
    pub records: usize,
    pub exactly_right: usize,
    /// Expected events over all records, and how many of them Entente asserted.
    pub expected_events: usize,
    pub events_found: usize,
    /// Asserted events no record expects.
    pub false_events: usize,
    /// Category (PETRARCH's `category`, TABARI's id prefix) → (exactly right, records).
    pub by_category: BTreeMap<String, (usize, usize)>,
    pub wrong: Vec<WrongRecord>,
}

/// A record that was not exactly right.
#[derive(Debug, Clone, Serialize)]
pub struct WrongRecord {
    pub id: String,
    pub expected: Vec<String>,
    pub asserted: Vec<String>,
    pub text: String,
}

/// Codes every record and scores it.
pub fn run_suite(suite: Suite) -> PeerReport {
    let code_names = suite.dictionaries.code_names;
    // The suites code a fictional world with their own dictionaries: no real town is a state's.
    let pipeline =
        Pipeline::new(Arc::new(suite.dictionaries.dictionaries)).with_towns_as_targets(false);
    let mut asserted: Vec<BTreeSet<Triple>> = Vec::with_capacity(suite.records.len());
    // A story's records follow each other.
    for story in suite
        .records
        .chunk_by(|a, b| a.story.is_some() && a.story == b.story)
    {
        asserted.extend(asserted_story_events(&pipeline, &code_names, story));
    }
    score(suite.kind, &suite.records, &asserted)
}

/// The events Entente asserts for one record, as root-code triples with the suite's own codes.
pub fn asserted_events(
    pipeline: &Pipeline,
    code_names: &BTreeMap<String, String>,
    record: &PeerRecord,
) -> BTreeSet<Triple> {
    asserted_story_events(pipeline, code_names, std::slice::from_ref(record))
        .pop()
        .unwrap_or_default()
}

/// [`asserted_events`] for the records of one story, coded as one document of one paragraph per
/// record: one set per record, by where each event's sentence lies.
fn asserted_story_events(
    pipeline: &Pipeline,
    code_names: &BTreeMap<String, String>,
    records: &[PeerRecord],
) -> Vec<BTreeSet<Triple>> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(records.len());
    for record in records {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        starts.push(text.len());
        text.push_str(&record.text);
    }
    let doc = Document {
        id: records.first().map(|r| r.id.clone()).unwrap_or_default(),
        text,
        date: records.first().and_then(|r| r.date),
        ..Document::default()
    };
    let mut asserted = vec![BTreeSet::new(); records.len()];
    for e in pipeline
        .process(doc)
        .events
        .iter()
        .filter(|e| !e.negated && !e.rule.contains('+'))
    {
        let index = starts
            .partition_point(|&start| start <= e.trigger.start)
            .saturating_sub(1);
        if is_too_short(&records[index]) {
            continue;
        }
        let triple = triple_of(e, &records[index], code_names);
        if let Some(triple) = triple.filter(Triple::between_known_actors) {
            asserted[index].insert(triple);
        }
    }
    asserted
}

/// Whether the record's sentence has fewer words than its suite's minimum.
fn is_too_short(record: &PeerRecord) -> bool {
    let words = record
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    record.min_words.is_some_and(|min| words < min)
}

/// An event as a root-code triple with the suite's own code; `None` without a target (the peers
/// code dyads only).
fn triple_of(
    e: &Event,
    record: &PeerRecord,
    code_names: &BTreeMap<String, String>,
) -> Option<Triple> {
    let target = e.target.as_ref()?;
    // Under TABARI's DEFAULT option an unknown party is the suite's default actor.
    let named = |actor: &Actor, default: fn(&DefaultActors) -> &str| {
        let code = root_code(actor);
        match &record.unknown_as {
            Some(defaults) if code == UNKNOWN_ROOT => root(default(defaults)),
            _ => code,
        }
    };
    Some(Triple {
        source: named(&e.source.actor, |d| &d.source),
        target: named(&target.actor, |d| &d.target),
        code: code_names
            .get(e.cameo.as_str())
            .cloned()
            .unwrap_or_else(|| e.cameo.to_string()),
    })
}

/// Scores asserted event sets against the records (see the module documentation).
pub fn score(kind: PeerSuite, records: &[PeerRecord], asserted: &[BTreeSet<Triple>]) -> PeerReport {
    let mut report = PeerReport {
        suite: kind.name().to_string(),
        records: records.len(),
        exactly_right: 0,
        expected_events: 0,
        events_found: 0,
        false_events: 0,
        by_category: BTreeMap::new(),
        wrong: Vec::new(),
    };
    for (record, got) in records.iter().zip(asserted) {
        report.expected_events += record.expected.len();
        report.events_found += record.expected.intersection(got).count();
        report.false_events += got.difference(&record.expected).count();
        let right = *got == record.expected;
        let tally = report
            .by_category
            .entry(record.category.clone())
            .or_insert((0, 0));
        tally.1 += 1;
        if right {
            tally.0 += 1;
            report.exactly_right += 1;
        } else {
            report.wrong.push(WrongRecord {
                id: record.id.clone(),
                expected: record.expected.iter().map(Triple::to_string).collect(),
                asserted: got.iter().map(Triple::to_string).collect(),
                text: record.text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
    }
    report
}

/// An actor's root code; an agent named without a state in TABARI's notation, its agent code
/// after a tilde (`~REB`: "guerrillas" alone).
fn root_code(actor: &Actor) -> String {
    if actor.country.is_none() && actor.id == actor.code.as_str() {
        root(&format!("~{}", actor.code.as_str()))
    } else {
        root(actor.code.as_str())
    }
}

/// The first three letters of an actor code, upper case.
fn root(code: &str) -> String {
    code.chars().take(3).collect::<String>().to_uppercase()
}

/// `<Sentence>` records of `PETR.UnitTest.records.xml`, and the dictionary files its
/// `<Environment>` names.
pub fn parse_petrarch_records(
    file: &SourceFile,
) -> Result<(Vec<PeerRecord>, SuiteFiles), PeerError> {
    let text = blank_comments(&file.text);
    let error = |at: usize, message: String| PeerError {
        file: file.name.clone(),
        line: text[..at].matches('\n').count() + 1,
        message,
    };
    let element = |name: &str| -> Result<String, PeerError> {
        inner(&text, name)
            .map(|s| s.trim().to_string())
            .ok_or_else(|| error(0, format!("no <{name}> in <Environment>")))
    };
    let files = SuiteFiles {
        actors: element("Actorfile")?,
        agents: element("Agentfile")?,
        verbs: element("Verbfile")?,
        text: String::new(),
        discards: inner(&text, "Discardfile").map(|s| s.trim().to_string()),
    };
    let mut records = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("<Sentence ") {
        let start = rest + found;
        let end = text[start..]
            .find("</Sentence>")
            .map(|e| start + e)
            .ok_or_else(|| error(start, "unclosed <Sentence>".into()))?;
        let body = &text[start..end];
        let open_tag = &body[..body.find('>').unwrap_or(body.len())];
        let id = attribute(open_tag, "id")
            .ok_or_else(|| error(start, "a <Sentence> without id".into()))?;
        let date = attribute(open_tag, "date").and_then(|d| compact_date(&d));
        let sentence_text = inner(body, "Text")
            .ok_or_else(|| error(start, format!("record {id} has no <Text>")))?;
        let mut expected = BTreeSet::new();
        for tag in body.split("<EventCoding").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if let (Some(source), Some(target), Some(code)) = (
                attribute(tag, "sourcecode"),
                attribute(tag, "targetcode"),
                attribute(tag, "eventcode"),
            ) {
                let triple = Triple {
                    source: root(&source),
                    target: root(&target),
                    code,
                };
                if triple.between_known_actors() {
                    expected.insert(triple);
                }
            }
        }
        records.push(PeerRecord {
            category: attribute(open_tag, "category").unwrap_or_default(),
            id,
            date,
            text: sentence_text.trim().to_string(),
            expected,
            unknown_as: None,
            story: None,
            min_words: None,
        });
        rest = end;
    }
    Ok((records, files))
}

/// The files `Validate.project` names: `<actorsfile> NAME`, `<verbsfile>`, `<agentsfile>`, `<textfile>`.
pub fn parse_tabari_project(file: &SourceFile) -> Result<SuiteFiles, PeerError> {
    let named = |tag: &str| -> Result<String, PeerError> {
        file.text
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(tag)
                    .map(|rest| rest.trim().to_string())
            })
            .filter(|name| !name.is_empty())
            .ok_or_else(|| PeerError {
                file: file.name.clone(),
                line: 0,
                message: format!("no {tag} line"),
            })
    };
    Ok(SuiteFiles {
        actors: named("<actorsfile>")?,
        agents: named("<agentsfile>")?,
        verbs: named("<verbsfile>")?,
        text: named("<textfile>")?,
        discards: None,
    })
}

/// TABARI records: `YYMMDD  ID`, text lines, then a `/* ... */` block whose `{ SRC / TGT / CODE }`
/// groups are the expected events (`-{...}` is a disabled expectation). Stops at the termination
/// record (`FINAL-...`); records that only set options are left out.
pub fn parse_tabari_records(file: &SourceFile) -> Result<Vec<PeerRecord>, PeerError> {
    let mut records = Vec::new();
    // Set by the option records before them, in order.
    let mut unknown_as: Option<DefaultActors> = None;
    let mut forward: Option<StoryTemplate> = None;
    let mut min_words = TABARI_MINIMUM_WORDS;
    let lines: Vec<&str> = file.text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((date, id)) = record_header(lines[i]) else {
            i += 1;
            continue;
        };
        if id.starts_with("FINAL") {
            break;
        }
        let header_line = i + 1;
        i += 1;
        let mut text = Vec::new();
        let mut block = String::new();
        // The text runs up to `/*`, which may end its last line.
        while i < lines.len() && record_header(lines[i]).is_none() {
            let line = lines[i];
            i += 1;
            match line.find("/*") {
                Some(at) => {
                    text.push(line[..at].trim());
                    block.push_str(&line[at..]);
                    block.push('\n');
                    while !block.contains("*/") && i < lines.len() {
                        block.push_str(lines[i]);
                        block.push('\n');
                        i += 1;
                    }
                    break;
                }
                None => text.push(line.trim()),
            }
        }
        if let Some(setting) = default_option(&block) {
            unknown_as = setting;
        }
        if let Some(setting) = forward_option(&block) {
            forward = setting;
        }
        if let Some(setting) = minimum_words_option(&block) {
            min_words = setting;
        }
        let Some(expected) = tabari_expectations(&block).map_err(|message| PeerError {
            file: file.name.clone(),
            line: header_line,
            message,
        })?
        else {
            continue;
        };
        let story = forward.as_ref().and_then(|template| template.story_of(&id));
        records.push(PeerRecord {
            category: id.split('-').next().unwrap_or("").to_string(),
            id,
            date: compact_date(&date),
            text: text
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
            expected,
            unknown_as: unknown_as.clone(),
            story,
            min_words: Some(min_words),
        });
    }
    Ok(records)
}

/// TABARI's `FORWARD:` template over a record's id: `N` marks the story number, `S` the sentence
/// number, `*` any character (`^^*****NNN*SSS` over `FRWD-001-002`; the `^` marks, which
/// TABARI reads over the header line, are not counted).
#[derive(Debug, Clone)]
struct StoryTemplate(String);

impl StoryTemplate {
    /// The story of record `id`: its id with the sentence positions left out, when the template
    /// has both kinds of position and fits the id.
    fn story_of(&self, id: &str) -> Option<String> {
        let template = self.0.trim_start_matches('^');
        let (marks, chars): (Vec<char>, Vec<char>) =
            (template.chars().collect(), id.chars().collect());
        if marks.len() != chars.len() || !marks.contains(&'N') || !marks.contains(&'S') {
            return None;
        }
        Some(
            marks
                .iter()
                .zip(&chars)
                .filter(|(mark, _)| **mark != 'S')
                .map(|(_, c)| *c)
                .collect(),
        )
    }
}

/// The last `FORWARD:` option of a record's comment block: `Some(None)` when it ends in `OFF`.
fn forward_option(block: &str) -> Option<Option<StoryTemplate>> {
    option_settings(block, "FORWARD").last().map(|setting| {
        let mut words = setting.split_whitespace();
        let template = words.next()?;
        (!words.any(|w| w == "OFF")).then(|| StoryTemplate(template.to_string()))
    })
}

/// What follows `NAME` in each `{ OPTION: NAME ... }` group of a comment block.
fn option_settings<'b>(block: &'b str, name: &'b str) -> impl Iterator<Item = &'b str> + 'b {
    block
        .split('{')
        .filter_map(|group| group.split('}').next())
        .filter_map(|group| group.trim().strip_prefix("OPTION:"))
        .filter_map(move |option| option.trim().strip_prefix(name))
        .map(|setting| setting.trim_start_matches([' ', ':']))
}

/// The last `SET: MINIMUM WORDS = N` option of a record's comment block.
fn minimum_words_option(block: &str) -> Option<usize> {
    option_settings(block, "SET")
        .filter_map(|setting| setting.trim_start().strip_prefix("MINIMUM WORDS"))
        .filter_map(|rest| {
            let digits: String = rest
                .trim_start_matches([' ', '='])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .last()
}

/// The last `DEFAULT:` option of a record's comment block: `Some(None)` for `DEFAULT: OFF`,
/// `Some(Some(..))` for `DEFAULT: SOURCE [CODE] ... TARGET [CODE]` (`PRIOR` and `AFTER`, which
/// say where TABARI looks for an actor before it falls back on the default, are not modelled:
/// the tree decides that), `None` when the block sets none.
fn default_option(block: &str) -> Option<Option<DefaultActors>> {
    let code_after = |text: &str, key: &str| {
        let rest = &text[text.find(key)? + key.len()..];
        let open = rest.find('[')?;
        let close = rest[open..].find(']')? + open;
        Some(rest[open + 1..close].trim().to_string())
    };
    option_settings(block, "DEFAULT")
        .map(|setting| {
            if setting.trim_start().starts_with("OFF") {
                return None;
            }
            Some(DefaultActors {
                source: code_after(setting, "SOURCE")?,
                target: code_after(setting, "TARGET")?,
            })
        })
        .last()
}

/// `950101  DEMO-01` → ("950101", "DEMO-01").
fn record_header(line: &str) -> Option<(String, String)> {
    let mut words = line.split_whitespace();
    let date = words.next()?;
    let id = words.next()?;
    (date.len() == 6 && date.bytes().all(|b| b.is_ascii_digit()) && words.next().is_none())
        .then(|| (date.to_string(), id.to_string()))
}

/// The expected events of a comment block; `None` for a record that only sets options.
fn tabari_expectations(block: &str) -> Result<Option<BTreeSet<Triple>>, String> {
    let mut expected = BTreeSet::new();
    let mut options = 0;
    let mut groups = 0;
    let mut rest = block;
    while let Some(open) = rest.find('{') {
        // An unclosed group runs to the end of the block (the suite has one, an option).
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let group = rest[open + 1..close].trim().trim_end_matches("*/").trim();
        let disabled = rest[..open].ends_with('-');
        rest = rest.get(close + 1..).unwrap_or("");
        groups += 1;
        if group.starts_with("OPTION") {
            options += 1;
            continue;
        }
        if disabled || !group.contains('/') {
            continue;
        }
        let parts: Vec<&str> = group.split('/').map(str::trim).collect();
        match parts.as_slice() {
            [source, target, code, ..] => {
                let triple = Triple {
                    source: root(source),
                    target: root(target),
                    code: code.split_whitespace().next().unwrap_or("").to_string(),
                };
                if triple.between_known_actors() {
                    expected.insert(triple);
                }
            }
            _ => {
                return Err(format!(
                    "expected `{{ SOURCE / TARGET / CODE }}`, found {{{group}}}"
                ))
            }
        }
    }
    Ok((options == 0 || groups > options).then_some(expected))
}

/// `19950101` or `950101` (years before 30 are 20xx).
fn compact_date(d: &str) -> Option<EventDate> {
    let d = d.trim();
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match d.len() {
        8 => (d[..4].parse().ok()?, &d[4..]),
        6 => {
            let yy: i32 = d[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &d[2..])
        }
        _ => return None,
    };
    EventDate::day(year, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// The text with every `<!-- ... -->` replaced by spaces (keeping offsets and line numbers).
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("-->")
            .map_or(rest.len(), |e| start + e + 3);
        out.extend(
            rest[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The text between `<name>` and `</name>`.
fn inner<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(&text[start..end])
}

/// `name="value"` in a tag, spaces allowed around `=`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start().strip_prefix('"')?;
                return value.find('"').map(|end| value[..end].to_string());
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}
