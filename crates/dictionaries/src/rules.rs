//! The event and relation rule language (documented in `dictionaries/RULES.md`).
//!
//! A rule file holds one rule per line: `CODE ID: PATTERN ; OPTIONS`. Patterns are token sequences
//! with actor slots (`SRC`, `TGT`), literal words, inflected lemmas (`~condemn`, `~meet/met`),
//! optional words (`[diplomatic]`), gaps (`...`) and negative look-aheads (`!to`). Rules compile at
//! load time into a [`RuleSet`]: every word form an anchor can take is a key of one hash map, so the
//! coder looks up each token once instead of trying every rule. A rule's other required words are
//! numbered too, so the coder skips, at the cost of a few bit tests, the many candidates of a common
//! verb whose other words the sentence lacks ([`RuleSet::sentence_words`], [`RuleSet::may_match`]).

use crate::{LoadError, SourceFile};
use entente_model::{CameoCode, RelationFacet, RelationKind};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// What a rule produces when it fires.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    Event(CameoCode),
    Relation(RelationKind),
}

/// Which participant an actor slot binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Source,
    Target,
}

/// One pattern element.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// An actor slot (a coordinated group of mentions).
    Slot { slot: Slot, optional: bool },
    /// One token, any of `forms` (folded; lemmas already expanded to their inflections). Shared:
    /// the imported layer repeats the same word lists on thousands of lines, and loading clones
    /// an element once per line it appears on.
    Word {
        forms: Arc<[String]>,
        optional: bool,
        inflected: bool,
    },
    /// Up to `max` tokens that are neither actors nor clause boundaries.
    Gap { max: u8 },
    /// The next token must not be any of `forms` (consumes nothing).
    Not { forms: Arc<[String]> },
}

/// An extra event a rule emits alongside its own (a visit also gives "host a visit").
#[derive(Debug, Clone, PartialEq)]
pub struct Paired {
    pub code: CameoCode,
    /// The extra event runs target → source.
    pub reversed: bool,
}

/// One compiled rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Stable id, printed on every event it codes (`visit.to`, `condemn.verb`).
    pub id: String,
    pub kind: RuleKind,
    pub elements: Vec<Element>,
    /// Index in `elements` of the word every match starts from.
    pub anchor: usize,
    /// The act is mutual: emit both directions, and pairs within a lone coordinated group.
    pub symmetric: bool,
    pub paired: Vec<Paired>,
    /// The trigger is a noun: the source may be a possessor or modifier ("Hajiyev's trip", "the Hamas attack").
    pub nominal: bool,
    /// Passive voice is recognised unless the rule says `active`.
    pub passive: bool,
    /// A fixed facet for relation rules; otherwise the coder infers one from the sentence.
    pub facet: Option<RelationFacet>,
    /// The target may be a place: a capital or state named as a location ("its embassy in Tel Aviv")
    /// stands for its state when no actor fills the slot.
    pub place: bool,
    /// A rule of a converted layer (`layer`, the PETRARCH-2 verbs, TABARI `.verbs` files): it loses
    /// to every hand-written rule whose trigger overlaps it, whatever their lengths.
    pub layer: bool,
    /// The rule is its verb's fallback (`fallback`, a converted verb alone): among overlapping
    /// matches of its layer it loses to every rule that is not, as PETRARCH and TABARI try a
    /// verb's patterns before the verb alone.
    pub fallback: bool,
    /// With no target, a coordinated subject's members are each other's targets (`pairs`): how
    /// PETRARCH and TABARI read a compound subject alone ("X and Y postponed their meeting").
    pub pairs: bool,
    /// The code of the act between parties that bear no arms (`unarmed CODE`): people, parties,
    /// legislatures, courts, the press, schools and firms quarrel where forces fight ("Labour and
    /// the Tories clashed over tax" is disapproval, 110, not force).
    pub unarmed: Option<CameoCode>,
    /// The pattern as written, for `entente explain`.
    pub pattern: String,
    pub file: String,
    pub line: usize,
}

/// Compiled event and relation rules, indexed by the folded forms of their anchor words.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// What each folded form does in the rules. One table for both uses: the coder looks every
    /// token of a sentence up for its anchors, then again for its required words, and the second
    /// lookup finds the entry already in cache.
    forms: HashMap<String, FormUses, BuildHasherDefault<Fnv>>,
    /// Forms of the lemmas (`~word`) that anchor rules: words the coder may treat as verbs.
    lemma_forms: HashSet<String, BuildHasherDefault<Fnv>>,
    required: RequiredWords,
}

/// The roles of one folded form in the rules.
#[derive(Debug, Default)]
struct FormUses {
    /// The rules whose anchor can be this form, ascending.
    anchors: Vec<u32>,
    /// Those of them with the `place` option: few, and looked for in every sentence.
    place_anchors: Vec<u32>,
    /// The same rules grouped by a required word they all need (see [`RuleSet::matchable`]).
    keyed_anchors: Arc<[KeyedRules]>,
    /// The numbers of the required words (see [`RequiredWords`]) it is a form of.
    required_words: Vec<u32>,
}

/// Rules of one anchor form that all need the required word `key` ([`NO_KEY`]: no word beyond
/// the anchor), ascending. Nearly every candidate of a common verb needs a word the sentence
/// lacks, and a group is skipped with one bit test instead of one per rule.
#[derive(Debug)]
struct KeyedRules {
    key: u32,
    rules: Vec<u32>,
}

/// The key of rules that need no word beyond their anchor.
const NO_KEY: u32 = u32::MAX;

/// Every rule's required words other than its anchor, numbered so that the ones a sentence holds
/// make a bit set: a rule that needs a word the sentence lacks cannot match there, and a few bit
/// tests cost far less than trying the rule.
#[derive(Debug, Default)]
struct RequiredWords {
    /// The numbers of rule `r`'s required words after the anchor are
    /// `numbers[starts[r]..starts[r + 1]]`: one flat array, so testing a common verb's many
    /// candidates reads neighbouring memory rather than one allocation per rule.
    starts: Vec<u32>,
    numbers: Vec<u32>,
    /// How many distinct required words (distinct sets of forms) there are.
    count: usize,
}

impl RequiredWords {
    /// `rules` (ascending) grouped by their lowest-numbered required word.
    fn keyed(&self, rules: &[u32]) -> Arc<[KeyedRules]> {
        let mut keyed: Vec<(u32, u32)> = rules
            .iter()
            .map(|&rule| {
                let (start, end) = (self.starts[rule as usize], self.starts[rule as usize + 1]);
                let numbers = &self.numbers[start as usize..end as usize];
                (numbers.first().copied().unwrap_or(NO_KEY), rule)
            })
            .collect();
        keyed.sort_unstable();
        keyed
            .chunk_by(|a, b| a.0 == b.0)
            .map(|group| KeyedRules {
                key: group[0].0,
                rules: group.iter().map(|&(_, rule)| rule).collect(),
            })
            .collect()
    }

    /// Numbers the required words of `rules`, and records under each of their forms in `forms`
    /// the numbers it stands for.
    fn new(rules: &[Rule], forms: &mut HashMap<String, FormUses, BuildHasherDefault<Fnv>>) -> Self {
        let mut number_of: HashMap<&[String], u32, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut starts = vec![0];
        let mut numbers = Vec::new();
        for rule in rules {
            // The anchor is the first required word: the others all follow it.
            let mut words: Vec<u32> = rule.elements[rule.anchor + 1..]
                .iter()
                .filter_map(|element| match element {
                    Element::Word {
                        forms,
                        optional: false,
                        ..
                    } => Some(&forms[..]),
                    _ => None,
                })
                .map(|word_forms| {
                    let next = number_of.len() as u32;
                    *number_of.entry(word_forms).or_insert_with(|| {
                        for form in word_forms {
                            uses_of(forms, form).required_words.push(next);
                        }
                        next
                    })
                })
                .collect();
            words.sort_unstable();
            words.dedup();
            numbers.extend(words);
            starts.push(numbers.len() as u32);
        }
        RequiredWords {
            starts,
            numbers,
            count: number_of.len(),
        }
    }
}

/// The rules one folded form can anchor ([`RuleSet::candidates`]): indices into
/// [`RuleSet::rules`], ascending.
#[derive(Debug, Clone, Copy, Default)]
pub struct Candidates<'r> {
    pub all: &'r [u32],
    /// Those with the `place` option, whose target slot may take a place.
    pub place: &'r [u32],
    /// The required words the form is a form of, for [`RuleSet::sentence_words`]: one lookup of
    /// the form serves both.
    required_words: &'r [u32],
    keyed: &'r [KeyedRules],
}

/// Which of a [`RuleSet`]'s required words occur in one sentence, built once per sentence by
/// [`RuleSet::sentence_words`] and tested per candidate rule by [`RuleSet::may_match`].
#[derive(Debug, Clone)]
pub struct SentenceWords {
    present: Vec<u64>,
}

impl SentenceWords {
    fn holds(&self, word: u32) -> bool {
        self.present[word as usize / 64] & (1 << (word % 64)) != 0
    }
}

/// FNV-1a, for the anchor index the coder consults once per token: several times faster than the
/// default SipHash on short words, and the keys come from the dictionaries, not from an adversary.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

const BUILTIN: &[(&str, &str)] = &[
    (
        "statements.rules",
        include_str!("../../../dictionaries/rules/statements.rules"),
    ),
    (
        "cooperation.rules",
        include_str!("../../../dictionaries/rules/cooperation.rules"),
    ),
    (
        "conflict.rules",
        include_str!("../../../dictionaries/rules/conflict.rules"),
    ),
    (
        "force.rules",
        include_str!("../../../dictionaries/rules/force.rules"),
    ),
    (
        "relations.rules",
        include_str!("../../../dictionaries/rules/relations.rules"),
    ),
    (
        "coverage-statements.rules",
        include_str!("../../../dictionaries/rules/coverage-statements.rules"),
    ),
    (
        "coverage-cooperation.rules",
        include_str!("../../../dictionaries/rules/coverage-cooperation.rules"),
    ),
    (
        "coverage-conflict.rules",
        include_str!("../../../dictionaries/rules/coverage-conflict.rules"),
    ),
    (
        "petrarch-verbs.rules",
        include_str!("../../../dictionaries/rules/petrarch-verbs.rules"),
    ),
];

impl RuleSet {
    /// The rule files compiled into the binary.
    pub fn builtin_files() -> Vec<SourceFile> {
        BUILTIN
            .iter()
            .map(|(name, text)| SourceFile {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
            .collect()
    }

    /// Parses and compiles rule files in order. When a later file defines an id again, its lines
    /// replace every earlier line with that id (how an override directory edits a built-in rule).
    pub fn parse(files: &[SourceFile]) -> Result<RuleSet, LoadError> {
        let mut by_id: HashMap<&str, (usize, Vec<Rule>), BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut elements = ElementCache::default();
        for (file_no, file) in files.iter().enumerate() {
            for (line_no, raw) in file.text.lines().enumerate() {
                let line = strip_comment(raw).trim();
                if line.is_empty() {
                    continue;
                }
                let (id, rule) = parse_line(line, &mut elements).map_err(|message| LoadError {
                    file: file.name.clone(),
                    line: line_no + 1,
                    message,
                })?;
                let rule = Rule {
                    file: file.name.clone(),
                    line: line_no + 1,
                    ..rule
                };
                let entry = by_id.entry(id).or_insert((file_no, Vec::new()));
                if entry.0 != file_no {
                    *entry = (file_no, Vec::new());
                }
                entry.1.push(rule);
            }
        }
        // Rules run in the order of their files' names, then of their lines (then of their ids,
        // should two files share a name). Names are ranked once rather than compared per rule.
        let rank: Vec<usize> = files
            .iter()
            .map(|file| files.iter().filter(|other| other.name < file.name).count())
            .collect();
        let mut rules: Vec<(usize, Rule)> = by_id
            .into_values()
            .flat_map(|(file_no, rules)| {
                let rank = rank[file_no];
                rules.into_iter().map(move |rule| (rank, rule))
            })
            .collect();
        rules.sort_unstable_by(|(a_rank, a), (b_rank, b)| {
            (a_rank, a.line, &a.id).cmp(&(b_rank, b.line, &b.id))
        });
        let rules: Vec<Rule> = rules.into_iter().map(|(_, rule)| rule).collect();
        let mut uses: HashMap<String, FormUses, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut lemma_forms: HashSet<String, BuildHasherDefault<Fnv>> = HashSet::default();
        // Neighbouring rules mostly share their anchor's forms (an imported verb's patterns), so
        // each run of them is indexed at once.
        let mut run_start = 0;
        for end in 1..=rules.len() {
            let (forms, inflected) = anchor_forms(&rules[run_start]);
            if end < rules.len() && anchor_forms(&rules[end]).0 == forms {
                continue;
            }
            if inflected {
                lemma_forms.extend(forms.iter().cloned());
            }
            let run = run_start as u32..end as u32;
            for form in forms {
                let form_uses = uses_of(&mut uses, form);
                form_uses.anchors.extend(run.clone());
                form_uses
                    .place_anchors
                    .extend(run.clone().filter(|&r| rules[r as usize].place));
            }
            run_start = end;
        }
        let required = RequiredWords::new(&rules, &mut uses);
        // The forms of one lemma share their candidates, and so their groups.
        let mut grouped: HashMap<Vec<u32>, Arc<[KeyedRules]>, BuildHasherDefault<Fnv>> =
            HashMap::default();
        for form_uses in uses.values_mut() {
            form_uses.keyed_anchors = grouped
                .entry(form_uses.anchors.clone())
                .or_insert_with_key(|anchors| required.keyed(anchors))
                .clone();
        }
        Ok(RuleSet {
            rules,
            forms: uses,
            lemma_forms,
            required,
        })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules whose anchor can be the folded token `form`.
    pub fn candidates(&self, form: &str) -> Candidates<'_> {
        self.forms
            .get(form)
            .map_or(Candidates::default(), |uses| Candidates {
                all: &uses.anchors,
                place: &uses.place_anchors,
                required_words: &uses.required_words,
                keyed: &uses.keyed_anchors,
            })
    }

    /// The required words that one sentence holds, from the [`RuleSet::candidates`] of its
    /// folded tokens.
    pub fn sentence_words<'c, 'r: 'c>(
        &self,
        tokens: impl IntoIterator<Item = &'c Candidates<'r>>,
    ) -> SentenceWords {
        let mut present = vec![0u64; self.required.count.div_ceil(64)];
        for candidates in tokens {
            for &word in candidates.required_words {
                present[word as usize / 64] |= 1 << (word % 64);
            }
        }
        SentenceWords { present }
    }

    /// Whether the sentence whose words are `words` holds a form of each required word of rule
    /// `rule` other than its anchor. When it does not, the rule cannot match anywhere in it.
    pub fn may_match(&self, rule: usize, words: &SentenceWords) -> bool {
        let required = &self.required;
        let numbers = required.starts[rule] as usize..required.starts[rule + 1] as usize;
        required.numbers[numbers]
            .iter()
            .all(|&word| words.holds(word))
    }

    /// Those of a token's `candidates` that may match in the sentence holding `words` (see
    /// [`RuleSet::may_match`]), ascending, into `out`.
    pub fn matchable(&self, candidates: &Candidates, words: &SentenceWords, out: &mut Vec<u32>) {
        out.clear();
        for group in candidates.keyed {
            if group.key == NO_KEY || words.holds(group.key) {
                out.extend(
                    group
                        .rules
                        .iter()
                        .filter(|&&rule| self.may_match(rule as usize, words)),
                );
            }
        }
        out.sort_unstable();
    }

    /// Whether any rule's anchor can take this folded form.
    pub fn is_trigger_form(&self, form: &str) -> bool {
        self.forms
            .get(form)
            .is_some_and(|uses| !uses.anchors.is_empty())
    }

    /// Whether this folded form inflects a lemma (`~word`) that anchors a rule: the coder treats
    /// such words as verbs (or event nouns) when deciding whether an actor is an object.
    pub fn is_lemma_form(&self, form: &str) -> bool {
        self.lemma_forms.contains(form)
    }
}

/// The forms of a rule's anchor word, and whether it was written as a lemma.
fn anchor_forms(rule: &Rule) -> (&[String], bool) {
    match &rule.elements[rule.anchor] {
        Element::Word {
            forms, inflected, ..
        } => (forms, *inflected),
        _ => (&[], false),
    }
}

/// The entry of `form` in `forms`, created empty if need be (without cloning a form already there).
fn uses_of<'f>(
    forms: &'f mut HashMap<String, FormUses, BuildHasherDefault<Fnv>>,
    form: &str,
) -> &'f mut FormUses {
    if !forms.contains_key(form) {
        forms.insert(form.to_string(), FormUses::default());
    }
    forms.get_mut(form).expect("inserted above")
}

fn strip_comment(line: &str) -> &str {
    line.find('#').map_or(line, |i| &line[..i])
}

/// Pattern elements already parsed, by their text: the converted layers repeat the same long
/// alternations (`~argue|~bemoan|...`) on thousands of lines, and folding and inflecting them once
/// each is most of the load time.
#[derive(Default)]
struct ElementCache<'t> {
    parsed: HashMap<&'t str, Element, BuildHasherDefault<Fnv>>,
}

impl<'t> ElementCache<'t> {
    fn parse(&mut self, token: &'t str) -> Result<Element, String> {
        if let Some(element) = self.parsed.get(token) {
            return Ok(element.clone());
        }
        let element = parse_element(token)?;
        self.parsed.insert(token, element.clone());
        Ok(element)
    }
}

/// `CODE ID: PATTERN ; OPTION ; OPTION`: the rule, and its id as the line spells it.
fn parse_line<'t>(
    line: &'t str,
    elements: &mut ElementCache<'t>,
) -> Result<(&'t str, Rule), String> {
    let (head, rest) = line.split_once(':').ok_or("expected `CODE ID: PATTERN`")?;
    let mut head_parts = head.split_whitespace();
    let (kind_text, id) = match (head_parts.next(), head_parts.next(), head_parts.next()) {
        (Some(k), Some(id), None) => (k, id),
        _ => {
            return Err(format!(
                "expected `CODE ID` before the colon, found {:?}",
                head.trim()
            ))
        }
    };
    if !id.bytes().all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-'
    }) {
        return Err(format!(
            "rule id {id:?} must be lower case letters, digits, '.', '_' or '-'"
        ));
    }
    let kind = parse_kind(kind_text)?;
    let mut parts = rest.split(';');
    let pattern = parts.next().unwrap_or("").trim();
    let elements = pattern
        .split_whitespace()
        .map(|token| elements.parse(token))
        .collect::<Result<Vec<_>, _>>()?;
    let anchor = elements
        .iter()
        .position(|e| {
            matches!(
                e,
                Element::Word {
                    optional: false,
                    ..
                }
            )
        })
        .ok_or("a pattern needs at least one required word")?;
    let mut rule = Rule {
        id: id.to_string(),
        kind,
        elements,
        anchor,
        symmetric: false,
        paired: Vec::new(),
        nominal: false,
        passive: true,
        facet: None,
        place: false,
        layer: false,
        fallback: false,
        pairs: false,
        unarmed: None,
        pattern: pattern.to_string(),
        file: String::new(),
        line: 0,
    };
    for option in parts {
        let words: Vec<&str> = option.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            ["sym"] => rule.symmetric = true,
            ["noun"] => rule.nominal = true,
            ["active"] => rule.passive = false,
            ["place"] => rule.place = true,
            ["layer"] => rule.layer = true,
            ["fallback"] => rule.fallback = true,
            ["pairs"] => rule.pairs = true,
            ["also", code] => rule.paired.push(Paired {
                code: cameo(code)?,
                reversed: false,
            }),
            ["also", code, "rev"] => rule.paired.push(Paired {
                code: cameo(code)?,
                reversed: true,
            }),
            ["facet", facet] => rule.facet = Some(parse_facet(facet)?),
            ["unarmed", code] => rule.unarmed = Some(cameo(code)?),
            _ => {
                return Err(format!(
                "unknown option {:?} (sym, noun, active, place, layer, fallback, pairs, also CODE [rev], facet F, unarmed CODE)",
                option.trim()
            ))
            }
        }
    }
    if rule.facet.is_some() && matches!(rule.kind, RuleKind::Event(_)) {
        return Err("`facet` applies to relation rules only".into());
    }
    // Force lands on the state whose capital or land it hits ("fired missiles at Kyiv"): every
    // hand-written act of force (18–20) may take a place as its target.
    if !rule.layer
        && matches!(&rule.kind, RuleKind::Event(code) if (18..=20).contains(&code.root_number()))
    {
        rule.place = true;
    }
    Ok((id, rule))
}

fn cameo(code: &str) -> Result<CameoCode, String> {
    CameoCode::new(code).map_err(|e| e.to_string())
}

fn parse_kind(text: &str) -> Result<RuleKind, String> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return cameo(text).map(RuleKind::Event);
    }
    let kind = match text {
        "ally" => RelationKind::Ally,
        "partner" => RelationKind::Partner,
        "rival" => RelationKind::Rival,
        "adversary" => RelationKind::Adversary,
        "supplier" => RelationKind::Supplier,
        "dependent" => RelationKind::Dependent,
        _ => {
            return Err(format!(
                "{text:?} is neither a CAMEO code nor a relation kind"
            ))
        }
    };
    Ok(RuleKind::Relation(kind))
}

fn parse_facet(text: &str) -> Result<RelationFacet, String> {
    Ok(match text {
        "military" => RelationFacet::Military,
        "energy" => RelationFacet::Energy,
        "trade" => RelationFacet::Trade,
        "diplomatic" => RelationFacet::Diplomatic,
        _ => {
            return Err(format!(
                "unknown facet {text:?} (military, energy, trade, diplomatic)"
            ))
        }
    })
}

fn parse_element(token: &str) -> Result<Element, String> {
    match token {
        "SRC" => {
            return Ok(Element::Slot {
                slot: Slot::Source,
                optional: false,
            })
        }
        "TGT" => {
            return Ok(Element::Slot {
                slot: Slot::Target,
                optional: false,
            })
        }
        "TGT?" => {
            return Ok(Element::Slot {
                slot: Slot::Target,
                optional: true,
            })
        }
        "..." => return Ok(Element::Gap { max: 4 }),
        _ => {}
    }
    if let Some(max) = token.strip_prefix("...") {
        let max: u8 = max
            .parse()
            .map_err(|_| format!("bad gap {token:?}: write `...` or `...N`"))?;
        return Ok(Element::Gap { max });
    }
    if let Some(rest) = token.strip_prefix('!') {
        let (forms, _) = parse_alternatives(rest)?;
        return Ok(Element::Not {
            forms: forms.into(),
        });
    }
    let (body, optional) = match token.strip_prefix('[') {
        Some(inner) => (
            inner
                .strip_suffix(']')
                .ok_or_else(|| format!("unclosed `[` in {token:?}"))?,
            true,
        ),
        None => (token, false),
    };
    let (forms, inflected) = parse_alternatives(body)?;
    Ok(Element::Word {
        forms: forms.into(),
        optional,
        inflected,
    })
}

/// `a|~b|~meet/met` → every folded form; the flag says whether any alternative was a lemma.
fn parse_alternatives(body: &str) -> Result<(Vec<String>, bool), String> {
    let mut forms = Vec::new();
    let mut inflected = false;
    for alt in body.split('|') {
        if alt.is_empty() {
            return Err(format!("empty alternative in {body:?}"));
        }
        if alt.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "{alt:?}: write words in lower case (slots are SRC, TGT, TGT?)"
            ));
        }
        match alt.strip_prefix('~') {
            Some(lemma) => {
                inflected = true;
                let mut irregular = lemma.split('/');
                let base = irregular.next().unwrap_or("");
                forms.extend(inflections(&fold_word(base)));
                forms.extend(irregular.map(fold_word));
            }
            None => forms.push(fold_word(alt)),
        }
    }
    forms.sort();
    forms.dedup();
    Ok((forms, inflected))
}

/// Folds a rule word the way the coder folds tokens.
pub fn fold_word(word: &str) -> String {
    entente_text::fold(word).replace('\u{2019}', "'")
}

/// Regular inflections of an English verb or noun lemma: -s/-es/-ies, -ed/-d/-ied, -ing, with the
/// final consonant doubled as an alternative after a short vowel ("stop" → "stopped").
pub fn inflections(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    if n == 0 {
        return out;
    }
    let is_vowel = |c: char| "aeiou".contains(c);
    let last = chars[n - 1];
    let stem: String = chars[..n - 1].iter().collect();
    if last == 'e' {
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        if lemma.ends_with("ee") {
            out.push(format!("{lemma}ing"));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == 'y' && n > 1 && !is_vowel(chars[n - 2]) {
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else {
        let sibilant = ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|s| lemma.ends_with(s));
        out.push(if sibilant {
            format!("{lemma}es")
        } else {
            format!("{lemma}s")
        });
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        let short_vowel = n >= 3 && is_vowel(chars[n - 2]) && !is_vowel(chars[n - 3]);
        if short_vowel && !is_vowel(last) && !"wxy".contains(last) {
            out.push(format!("{lemma}{last}ed"));
            out.push(format!("{lemma}{last}ing"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RuleSet, LoadError> {
        RuleSet::parse(&[SourceFile {
            name: "t.rules".into(),
            text: text.into(),
        }])
    }

    #[test]
    fn lemmas_expand_to_their_inflections_and_declared_irregulars() {
        let set = parse(
            "111 condemn.verb: SRC ~condemn TGT\n040 meet.verb: SRC ~meet/met [with] TGT ; sym",
        )
        .unwrap();
        for form in [
            "condemn",
            "condemns",
            "condemned",
            "condemning",
            "meet",
            "met",
            "meeting",
        ] {
            assert!(set.is_trigger_form(form), "{form}");
        }
        assert_eq!(set.candidates("met").all.len(), 1);
        assert!(set.rules()[1].symmetric);
        assert!(inflections("stop").contains(&"stopped".to_string()));
        assert!(inflections("deny").contains(&"denied".to_string()));
        assert!(inflections("host").contains(&"hosted".to_string()));
    }

    #[test]
    fn place_rules_are_listed_apart_among_a_forms_candidates() {
        let set = parse("042 visit.verb: SRC ~visit TGT\n042 visit.place: SRC ~visit TGT ; place")
            .unwrap();
        let candidates = set.candidates("visited");
        assert_eq!(candidates.all, [0, 1]);
        assert_eq!(candidates.place, [1]);
        assert!(set.rules()[1].place);
    }

    #[test]
    fn hand_written_acts_of_force_may_take_a_place_as_target() {
        let set = parse(
            "195 fight.fire: SRC ~fire missiles at TGT\n\
             195 petrarch.fire: SRC ~fire missiles at TGT ; layer\n\
             111 criticize.verb: SRC ~criticize TGT",
        )
        .unwrap();
        let place: Vec<bool> = set.rules().iter().map(|r| r.place).collect();
        assert_eq!(place, [true, false, false]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = parse("# comment\n\n999 bad.code: SRC ~x TGT").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("t.rules", 3));
        assert!(parse("111 no.words: SRC TGT").is_err());
        assert!(parse("111 bad.option: SRC ~x TGT ; wobble").is_err());
        assert!(parse("ally ally.of: ally of TGT , SRC ; facet military").is_ok());
        assert!(parse("190 bad.unarmed: SRC ~clash TGT ; unarmed 999").is_err());
    }

    #[test]
    fn an_unarmed_code_is_kept_with_its_rule() {
        let set = parse("190 fight.clash: SRC ~clash TGT ; sym ; unarmed 110").unwrap();
        let unarmed = set.rules()[0].unarmed.as_ref().map(CameoCode::as_str);
        assert_eq!(unarmed, Some("110"));
    }

    #[test]
    fn a_later_file_replaces_every_line_of_an_id() {
        let files = [
            SourceFile {
                name: "a.rules".into(),
                text: "111 x: SRC ~condemn TGT\n111 x: SRC ~deplore TGT".into(),
            },
            SourceFile {
                name: "b.rules".into(),
                text: "112 x: SRC ~blame TGT".into(),
            },
        ];
        let set = RuleSet::parse(&files).unwrap();
        assert_eq!(set.len(), 1);
        assert!(set.is_trigger_form("blamed") && !set.is_trigger_form("condemned"));
    }

    #[test]
    fn a_rule_may_match_only_where_its_other_required_words_occur() {
        let set = parse(
            "010 bare: SRC ~blorf TGT\n\
             020 alternatives: SRC ~blorf [zim] TGT zorp|quax\n\
             030 lemma: SRC ~blorf ... ~wizzle TGT\n\
             040 optional.gap.not: [flib] ~grunk ...2 zorp !snee TGT\n\
             050 two.words: SRC ~grunk TGT ~wizzle ...2 zorp",
        )
        .unwrap();
        // The anchor is not tested: the caller found the rule by looking its anchor up.
        let may_match = |sentence: &str| -> Vec<&str> {
            let tokens: Vec<Candidates> = sentence
                .split_whitespace()
                .map(|word| set.candidates(word))
                .collect();
            let words = set.sentence_words(&tokens);
            set.rules()
                .iter()
                .enumerate()
                .filter(|(i, _)| set.may_match(*i, &words))
                .map(|(_, rule)| rule.id.as_str())
                .collect()
        };
        // Optional words and `!` words are never needed.
        assert_eq!(may_match("blorfed the zim flib snee"), ["bare"]);
        // Either alternative will do.
        assert_eq!(may_match("blorfs quax"), ["bare", "alternatives"]);
        assert_eq!(
            may_match("grunks zorp"),
            ["bare", "alternatives", "optional.gap.not"]
        );
        // Any inflection of a lemma; a gap needs no word.
        assert_eq!(may_match("blorfing wizzled"), ["bare", "lemma"]);
        // Every required word must occur, not just one.
        assert_eq!(may_match("wizzles"), ["bare", "lemma"]);
        assert_eq!(
            may_match("wizzles zorp"),
            [
                "bare",
                "alternatives",
                "lemma",
                "optional.gap.not",
                "two.words"
            ]
        );
    }

    #[test]
    fn the_matchable_candidates_of_a_token_are_those_that_may_match() {
        let set = RuleSet::parse(&RuleSet::builtin_files()).unwrap();
        let sentence = "the minister said on monday that the government would send aid to the \
                        region and condemned the attack on the border , calling for talks";
        let tokens: Vec<Candidates> = sentence
            .split_whitespace()
            .map(|word| set.candidates(word))
            .collect();
        let words = set.sentence_words(&tokens);
        let mut matchable = Vec::new();
        let mut some = 0;
        for token in &tokens {
            set.matchable(token, &words, &mut matchable);
            let expected: Vec<u32> = token
                .all
                .iter()
                .copied()
                .filter(|&rule| set.may_match(rule as usize, &words))
                .collect();
            assert_eq!(matchable, expected);
            some += matchable.len();
        }
        assert!(some > 0, "the sentence should leave some rules to try");
    }

    #[test]
    fn builtin_rules_compile() {
        let set = RuleSet::parse(&RuleSet::builtin_files()).unwrap();
        assert!(set.len() > 100);
    }
}
