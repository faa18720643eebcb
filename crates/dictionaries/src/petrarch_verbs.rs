//! Converts PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`) into Entente
//! rules (`dictionaries/RULES.md`), and holds the pattern renderer the TABARI converter shares.
//!
//! The PETRARCH format: synonym sets (`&NAME` then `+WORD` lines; members get regular plurals unless
//! the label or the member ends in `_`), verb blocks (`--- NAME [CODE] ---`, then verb lines
//! `VERB {IRREGULAR FORMS} [CODE]`, multi-word verbs with `+` on the verb word, `RE_+ARREST`), and
//! patterns `- BEFORE * AFTER [CODE]`: `*` is the verb, `$` the source, `+` the target, `^` a skipped
//! phrase, `{A B}` a noun phrase, `(PREP NOUN)` a prepositional phrase, `_` joins consecutive words,
//! `&NAME` a synonym set; `[A:B]` codes A source → target and B target → source.
//!
//! Each pattern becomes one rule line per verb phrasing (`petrarch.<block>.<n>`), and each verb with a
//! code of its own becomes a bare rule (`petrarch.<block>.0`). Every converted rule carries `layer`:
//! it loses to any hand-written rule whose trigger overlaps it. PETRARCH reads roles from a parse tree;
//! a linear rule can only approximate that, so some patterns are not converted (see [`Skipped`]).

use crate::rules::{fold_word, RuleSet};
use crate::{LoadError, SourceFile};
use entente_model::CameoCode;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// One piece of a verb pattern, in text order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Verb,
    Source,
    Target,
    /// `%`: a coordinated group whose members act on each other ("X and Y postponed their
    /// meeting", "fighting between X and Y").
    Compound,
    /// A target the pattern does not place: the first actor after the pattern. Required, as in
    /// PETRARCH's default `require_dyad`: a one-actor reading of a bare verb is mostly noise.
    UnplacedTarget,
    /// One token: any of these words (lower case).
    Word(Vec<String>),
    /// Other words may come between the neighbouring pieces.
    Gap,
    /// The longer gap between a bare verb and its unplaced target.
    TargetGap,
    /// The prepositions an unmarked target may follow, optional.
    OptionalPreposition,
    /// One of those prepositions, required.
    TargetPreposition,
}

/// A verb as a block lists it: words before it, its forms, words after it (`+CALL_OFF`).
#[derive(Debug, Clone)]
pub(crate) struct VerbPhrase {
    pub before: Vec<String>,
    /// The rule element for the verb word: `~lemma` plus declared irregular forms.
    pub lemma: String,
    pub after: Vec<String>,
    /// The verb's own code, when it differs from the block's.
    pub code: Option<String>,
}

impl VerbPhrase {
    fn is_single_word(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }
}

/// Why a pattern or verb was not converted; counted for the import report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skipped {
    /// `[---]`: the phrase is declared not to be an event; Entente has no blocking rules.
    NullCode,
    /// `[:B]`: only the reversed event, which would need the roles swapped.
    ReverseOnly,
    /// A code that is not 2–4 digits (test codes such as `075A`).
    InvalidCode,
    /// The target is the subject and no source is named (`- + * ROCKET`).
    RolesNotLinear,
    /// A synonym set the file never defines, or defines with no member.
    UndefinedSynset,
}

impl Skipped {
    pub fn describe(self) -> &'static str {
        match self {
            Skipped::NullCode => "null code [---] (declares a non-event)",
            Skipped::ReverseOnly => "reverse-only code [:B]",
            Skipped::InvalidCode => "code that is not 2-4 digits",
            Skipped::RolesNotLinear => "roles a linear pattern cannot place (target as subject)",
            Skipped::UndefinedSynset => "undefined or empty synonym set",
        }
    }
}

/// The rules text of a conversion and what was left out.
#[derive(Debug, Default)]
pub struct VerbConversion {
    pub rules: String,
    /// Rule lines written.
    pub converted: usize,
    /// Rule lines written commented out by [`Pruning`] or [`PrunedIds`].
    pub pruned: usize,
    pub skipped: BTreeMap<Skipped, usize>,
}

impl VerbConversion {
    /// One line for the import report: `N rules; skipped: M null code, ...`.
    pub fn summary(&self) -> String {
        let mut out = format!("{} rules, {} pruned", self.converted, self.pruned);
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(why, n)| format!("{n} {}", why.describe()))
                .collect();
            let _ = write!(out, "; skipped: {}", parts.join(", "));
        }
        out
    }
}

/// Prepositions an unmarked target may follow when a pattern names none ("delivered aid *to* X").
const TARGET_PREPOSITIONS: &str =
    "to|with|against|on|for|from|toward|towards|into|at|over|upon|in|between";

/// At most this many phrasings of one pattern: multi-word synonyms each need one.
const MAX_VARIANTS: usize = 12;

/// Which converted rules are written commented out, with the reason, instead of as rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruning {
    /// Every rule the conversion produces.
    Keep,
    /// What the built-in layer prunes (RULES.md, "The PETRARCH-2 layer"): bare verbs, whose
    /// arguments a linear pattern cannot tell without PETRARCH's parse; statements (01x codes
    /// and every pattern of a speech-verb block): the words after a speech verb are what was said,
    /// and the first actor after them is seldom the one it was said to; and patterns with words
    /// before the verb, TABARI's noun/verb disambiguation leftovers, whose first word (often an
    /// auxiliary: "is", "was") would become the rule's lookup key.
    BuiltinLayer,
}

/// Converts a PETRARCH verb dictionary into rules. `name` labels errors (`file:line`).
pub fn import_petrarch_verbs(
    name: &str,
    text: &str,
    pruning: Pruning,
) -> Result<VerbConversion, LoadError> {
    let lines = clean_lines(text, &['#']);
    // The raw lines keep the comments, where a pattern names the verb it was written for.
    let raw_lines: Vec<&str> = text.lines().collect();
    let mut raw = RawSynsets::default();
    // First pass: synonym sets may be defined after their first use.
    let mut current: Option<(String, bool)> = None;
    for (_, line) in &lines {
        let trimmed = line.trim();
        if let Some(label) = trimmed.strip_prefix('&') {
            let label = label.split_whitespace().next().unwrap_or("");
            let plurals = !label.ends_with('_');
            let key = label.trim_end_matches('_').to_string();
            raw.declare(&key);
            current = Some((key, plurals));
        } else if let (Some(member), Some((label, plurals))) = (trimmed.strip_prefix('+'), &current)
        {
            raw.add(label, member, *plurals);
        } else {
            current = None;
        }
    }
    let synsets = raw.resolve();
    let mut out = Converter::new(name, "petrarch");
    out.prune = pruning == Pruning::BuiltinLayer;
    let mut block: Option<Block> = None;
    let mut in_synset = false;
    for (line_no, line) in &lines {
        let trimmed = line.trim();
        if trimmed.starts_with("---") {
            if let Some(b) = block.take() {
                out.finish_block(b)?;
            }
            in_synset = false;
            block = Some(Block::from_header(name, *line_no, trimmed)?);
        } else if trimmed.starts_with('&') {
            in_synset = true;
        } else if trimmed.starts_with('+') && in_synset {
        } else if trimmed.starts_with('~') || trimmed.starts_with('<') {
            // Transformations (`~ a (a b ATTACK) SAY = ...`) and tags have no linear equivalent.
        } else if let Some(pattern) = trimmed.strip_prefix('-') {
            let Some(b) = block.as_mut() else {
                return Err(error(
                    name,
                    *line_no,
                    "a pattern before any `--- VERB ---` block",
                ));
            };
            let (body, code) = split_code(name, *line_no, pattern)?;
            b.patterns.push(RawPattern {
                line: *line_no,
                body: body.to_string(),
                code,
                written_for: raw_lines
                    .get(line_no - 1)
                    .and_then(|line| verb_in_comment(line))
                    .filter(|_| only_prepositions(body)),
            });
        } else {
            in_synset = false;
            let Some(b) = block.as_mut() else {
                return Err(error(
                    name,
                    *line_no,
                    "a verb before any `--- VERB ---` block",
                ));
            };
            b.verbs.push(parse_petrarch_verb(name, *line_no, trimmed)?);
        }
    }
    if let Some(b) = block.take() {
        out.finish_block(b)?;
    }
    out.synsets = synsets;
    out.render_all()
}

/// A verb block as read, before rendering.
pub(crate) struct Block {
    pub name: String,
    pub code: String,
    pub verbs: Vec<VerbPhrase>,
    pub patterns: Vec<RawPattern>,
}

impl Block {
    fn from_header(file: &str, line: usize, header: &str) -> Result<Self, LoadError> {
        let inner = header.trim_matches('-').trim();
        let (body, code) = split_code(file, line, inner).unwrap_or((inner, "---".into()));
        let name = body.split_whitespace().next().unwrap_or("");
        if name.is_empty() {
            return Err(error(
                file,
                line,
                "a block header needs a name: `--- NAME [CODE] ---`",
            ));
        }
        Ok(Block {
            name: name.to_string(),
            code,
            verbs: Vec::new(),
            patterns: Vec::new(),
        })
    }

    pub(crate) fn new(name: &str, code: String) -> Self {
        Block {
            name: name.to_string(),
            code,
            verbs: Vec::new(),
            patterns: Vec::new(),
        }
    }
}

/// A pattern line as read: its text between `-` and the code, and the code.
pub(crate) struct RawPattern {
    pub line: usize,
    pub body: String,
    pub code: String,
    /// The verb the pattern was written for, where its comment names one of the block's verbs
    /// (`- * TO [030] # HEAD`) and the pattern has no word but prepositions: TABARI's patterns
    /// belonged to one verb, and PETRARCH-2's blocks kept that verb in a comment when they merged
    /// verbs into classes. A verb and a bare preposition are that verb's idiom: read class-wide,
    /// "led to" and "controlled to" would be intents to cooperate as "headed to" is. A pattern
    /// with a content word ("* AID") means the same for the whole class.
    pub written_for: Option<String>,
}

/// Collects blocks and renders them into rule lines.
/// The code of a PETRARCH force pattern between unarmed parties: criticize or denounce.
const UNARMED_FORCE: &str = "111";

pub(crate) struct Converter {
    file: String,
    prefix: &'static str,
    blocks: Vec<Block>,
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    /// TABARI words without a closing `_` are stems: their plurals match too.
    pub tabari: bool,
    /// Write bare-verb and statement rules commented out ([`Pruning::BuiltinLayer`]).
    pub prune: bool,
}

impl Converter {
    pub(crate) fn new(file: &str, prefix: &'static str) -> Self {
        Converter {
            file: file.to_string(),
            prefix,
            blocks: Vec::new(),
            synsets: HashMap::new(),
            tabari: false,
            prune: false,
        }
    }

    pub(crate) fn finish_block(&mut self, block: Block) -> Result<(), LoadError> {
        self.blocks.push(block);
        Ok(())
    }

    pub(crate) fn render_all(self) -> Result<VerbConversion, LoadError> {
        let mut conv = VerbConversion::default();
        let mut used_ids: HashMap<String, usize> = HashMap::new();
        for block in &self.blocks {
            let base = id_part(&block.name);
            let seen = used_ids.entry(base.clone()).or_insert(0);
            *seen += 1;
            let block_id = if *seen == 1 {
                format!("{}.{base}", self.prefix)
            } else {
                format!("{}.{base}-{seen}", self.prefix)
            };
            self.render_block(block, &block_id, &mut conv)?;
        }
        Ok(conv)
    }

    fn render_block(
        &self,
        block: &Block,
        block_id: &str,
        conv: &mut VerbConversion,
    ) -> Result<(), LoadError> {
        if block.verbs.is_empty() {
            return Ok(());
        }
        let _ = writeln!(conv.rules, "\n# --- {} [{}] ---", block.name, block.code);
        let speech_block = block.code.starts_with("01");
        let verbs: Vec<&VerbPhrase> = block.verbs.iter().collect();
        for (n, pattern) in block.patterns.iter().enumerate() {
            let own: Vec<&VerbPhrase> = pattern
                .written_for
                .as_deref()
                .map(|word| {
                    verbs
                        .iter()
                        .copied()
                        .filter(|v| lemma_word(&v.lemma) == word)
                        .collect()
                })
                .unwrap_or_default();
            let verbs = if own.is_empty() { &verbs } else { &own };
            let variants = match self.pieces(&pattern.body) {
                Ok(v) => v,
                Err(why) => {
                    *conv.skipped.entry(why).or_default() += 1;
                    continue;
                }
            };
            let id = format!("{block_id}.{}", n + 1);
            let note = format!(
                "{}:{} -{} [{}]",
                base_name(&self.file),
                pattern.line,
                pattern.body,
                pattern.code
            );
            for pieces in &variants {
                self.emit(conv, &id, &pattern.code, verbs, pieces, speech_block, &note)?;
            }
        }
        // The bare verb last: each verb under its own code, else the block's. Among matches as long
        // as each other the earlier line wins, so a pattern beats the verb alone.
        let mut bare: BTreeMap<String, Vec<&VerbPhrase>> = BTreeMap::new();
        for verb in &block.verbs {
            let code = verb.code.clone().unwrap_or_else(|| block.code.clone());
            bare.entry(code).or_default().push(verb);
        }
        for (code, verbs) in &bare {
            let pieces = [Piece::Verb];
            let id = format!("{block_id}.0");
            self.emit(conv, &id, code, verbs, &pieces, speech_block, "verb alone")?;
        }
        Ok(())
    }

    /// Writes one rule line per verb phrasing; counts a skip instead when the code or roles forbid.
    /// `speech_block`: the block's verbs are speech verbs (block code 01x).
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        conv: &mut VerbConversion,
        id: &str,
        code: &str,
        verbs: &[&VerbPhrase],
        pieces: &[Piece],
        speech_block: bool,
        note: &str,
    ) -> Result<(), LoadError> {
        let (code, paired) = match parse_code(code) {
            Ok(c) => c,
            Err(why) => {
                *conv.skipped.entry(why).or_default() += 1;
                return Ok(());
            }
        };
        let Some(phrasings_of_roles) = place_roles(pieces) else {
            *conv.skipped.entry(Skipped::RolesNotLinear).or_default() += 1;
            return Ok(());
        };
        let single: Vec<&str> = verbs
            .iter()
            .filter(|v| v.is_single_word())
            .map(|v| v.lemma.as_str())
            .collect();
        let mut phrasings: Vec<String> = Vec::new();
        if !single.is_empty() {
            phrasings.push(single.join("|"));
        }
        for v in verbs.iter().filter(|v| !v.is_single_word()) {
            let mut words = v.before.clone();
            words.push(v.lemma.clone());
            words.extend(v.after.iter().cloned());
            phrasings.push(words.join(" "));
        }
        let has_words = pieces.iter().any(|p| matches!(p, Piece::Word(_)));
        let mut options = vec!["layer".to_string()];
        if has_words {
            options.push("active".into());
        }
        if pieces == [Piece::Verb] {
            options.push("fallback".into());
        }
        if pieces.contains(&Piece::Compound) {
            options.push("pairs".into());
        }
        if let Some(rev) = &paired {
            options.push(format!("also {rev} rev"));
        }
        // CAMEO's conventional force between parties that bear no arms is words: "fire both
        // barrels at" the opposition, "pressed" a court "on" a ruling (the hand-written fight
        // rules read it the same way). TABARI's files may use other codebooks (WEIS's 19x is not
        // force), so only PETRARCH's CAMEO dictionary gets it.
        if !self.tabari && code.starts_with("19") {
            options.push(format!("unarmed {UNARMED_FORCE}"));
        }
        let words_before_verb = pieces
            .iter()
            .take_while(|p| **p != Piece::Verb)
            .any(|p| matches!(p, Piece::Word(_)));
        let pruned = match () {
            _ if !self.prune => None,
            _ if !has_words => Some("bare verb"),
            _ if words_before_verb => Some("words before the verb"),
            _ if speech_block || code.starts_with("01") => Some("statement"),
            _ => None,
        };
        for verb in &phrasings {
            for placed in &phrasings_of_roles {
                let pattern = render_pieces(placed, verb);
                let line = format!("{code} {id}: {pattern} ; {}", options.join(" ; "));
                check_line(&self.file, &line)?;
                if let Some(why) = pruned {
                    let _ = writeln!(conv.rules, "# PRUNED {why}: {line}  # {note}");
                    conv.pruned += 1;
                } else {
                    let _ = writeln!(conv.rules, "{line}  # {note}");
                    conv.converted += 1;
                }
            }
        }
        Ok(())
    }

    /// A pattern body split into pieces, one list per phrasing of its multi-word synonyms. A space
    /// lets other words come between (a gap); `_` and a PETRARCH noun phrase `{A B}` keep words
    /// together; a TABARI `{A | B}` is one position with alternatives.
    fn pieces(&self, body: &str) -> Result<Vec<Vec<Piece>>, Skipped> {
        let spaced = body
            .replace(['(', ')'], " ")
            .replace('{', " { ")
            .replace('}', " } ")
            .replace('|', " | ");
        let mut variants: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut tokens = spaced.split_whitespace().peekable();
        while let Some(token) = tokens.next() {
            if token == "{" {
                let mut group = Vec::new();
                for t in tokens.by_ref() {
                    if t == "}" {
                        break;
                    }
                    group.push(t);
                }
                if group.contains(&"|") {
                    let mut alternatives = Vec::new();
                    for alt in group.split(|t| *t == "|") {
                        alternatives.extend(self.alternatives(&alt.join("_"))?);
                    }
                    variants = expand(variants, &alternatives, !self.prune);
                } else {
                    variants = self.consecutive(variants, &group.join("_"))?;
                }
            } else if token != "}" && token != "|" {
                variants = self.consecutive(variants, token)?;
            }
            for v in &mut variants {
                v.push(Piece::Gap);
            }
        }
        for v in &mut variants {
            tidy_gaps(v);
        }
        Ok(variants)
    }

    /// Appends the `_`-joined parts of one token: roles, skips and words, with no gap between.
    fn consecutive(
        &self,
        mut variants: Vec<Vec<Piece>>,
        token: &str,
    ) -> Result<Vec<Vec<Piece>>, Skipped> {
        for part in token.split('_').filter(|p| !p.is_empty()) {
            let fixed = match part {
                "*" => Some(Piece::Verb),
                "$" => Some(Piece::Source),
                "+" => Some(Piece::Target),
                "%" => Some(Piece::Compound),
                "^" => Some(Piece::Gap),
                _ => None,
            };
            match fixed {
                Some(piece) => variants.iter_mut().for_each(|v| v.push(piece.clone())),
                None => {
                    let exact = token.ends_with(&format!("{part}_"));
                    let alternatives = self.word_alternatives(part, exact)?;
                    if !alternatives.is_empty() {
                        variants = expand(variants, &alternatives, !self.prune);
                    }
                }
            }
        }
        Ok(variants)
    }

    /// One alternative of a TABARI disjunction: its words, joined.
    fn alternatives(&self, text: &str) -> Result<Vec<Vec<String>>, Skipped> {
        let parts: Vec<&str> = text.split('_').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [one] => self.word_alternatives(one, text.ends_with('_')),
            _ => Ok(vec![parts.iter().map(|p| clean_word(p)).collect()]),
        }
    }

    /// A word or synonym set as alternatives (each one or more words). A TABARI word without a
    /// closing `_` is a stem: its plural is taken too (Entente matches whole words only).
    fn word_alternatives(&self, part: &str, exact: bool) -> Result<Vec<Vec<String>>, Skipped> {
        if let Some(label) = part.strip_prefix('&') {
            // An empty set matches nothing: the pattern cannot match at all.
            return self
                .synsets
                .get(label.trim_end_matches('_'))
                .filter(|words| !words.is_empty())
                .cloned()
                .ok_or(Skipped::UndefinedSynset);
        }
        let word = clean_word(part);
        if word.is_empty() {
            return Ok(Vec::new());
        }
        // TABARI's `~` marks a stem that other words continue ("REAL~" for "really", "NEAT~"
        // for "neatest"); Entente matches whole words, so it takes the likely completions.
        if self.tabari && part.ends_with('~') {
            let completions = STEM_CONTINUATIONS
                .iter()
                .map(|end| vec![format!("{word}{end}")]);
            return Ok([vec![word.clone()], vec![plural(&word)]]
                .into_iter()
                .chain(completions)
                .collect());
        }
        // Short stems are function words ("BY", "TO"): their plural would be noise.
        Ok(if self.tabari && !exact && word.len() >= 4 {
            vec![vec![word.clone()], vec![plural(&word)]]
        } else {
            vec![vec![word]]
        })
    }
}

/// Endings a TABARI `~` stem is most often continued by in a pattern: adverbs, comparatives,
/// superlatives and verb forms.
const STEM_CONTINUATIONS: [&str; 6] = ["ly", "er", "est", "ed", "ing", "ness"];

/// Synonym sets as read: plain members already as words, members naming other sets
/// (`+&TIETYPES_MEMOS`) kept as written until every set is read.
#[derive(Default)]
pub(crate) struct RawSynsets {
    words: HashMap<String, Vec<Vec<String>>>,
    nested: Vec<(String, String)>,
}

impl RawSynsets {
    pub(crate) fn declare(&mut self, label: &str) {
        self.words.entry(label.to_string()).or_default();
    }

    pub(crate) fn add(&mut self, label: &str, member: &str, plurals: bool) {
        if member.contains('&') {
            self.nested.push((label.to_string(), member.to_string()));
        } else {
            self.words
                .entry(label.to_string())
                .or_default()
                .extend(synonym_words(member, plurals));
        }
    }

    /// Every set with its nested members expanded: each is every combination of its parts' words
    /// (`&TIETYPES_MEMOS` → "military memos", "economic memos", ...), up to [`MAX_NESTED`] each.
    /// Sets nest a few levels deep at most; a member naming an undefined set adds nothing.
    pub(crate) fn resolve(mut self) -> HashMap<String, Vec<Vec<String>>> {
        for _ in 0..3 {
            for (label, member) in &self.nested {
                let mut combinations: Vec<Vec<String>> = vec![Vec::new()];
                for part in member.split(['_', ' ']).filter(|p| !p.is_empty()) {
                    let alternatives = match part.strip_prefix('&') {
                        Some(set) => self
                            .words
                            .get(set.trim_end_matches('_'))
                            .cloned()
                            .unwrap_or_default(),
                        None => vec![vec![clean_word(part)]],
                    };
                    combinations = combinations
                        .iter()
                        .flat_map(|c| {
                            alternatives.iter().map(move |a| {
                                let mut c = c.clone();
                                c.extend(a.iter().cloned());
                                c
                            })
                        })
                        .take(MAX_NESTED)
                        .collect();
                }
                let set = self.words.entry(label.clone()).or_default();
                for c in combinations.into_iter().filter(|c| !c.is_empty()) {
                    if !set.contains(&c) {
                        set.push(c);
                    }
                }
            }
        }
        self.words
    }
}

/// At most this many phrasings of one nested synonym-set member.
const MAX_NESTED: usize = 32;

/// Appends one token position with these alternatives. Single words share one alternative element;
/// each multi-word alternative needs a phrasing of its own, so a pattern has at most
/// [`MAX_VARIANTS`] phrasings. With `all_phrases` false (the built-in layer), multi-word alternatives
/// are only used when there is no single word: a set like &WEAPON would multiply every pattern.
fn expand(
    variants: Vec<Vec<Piece>>,
    alternatives: &[Vec<String>],
    all_phrases: bool,
) -> Vec<Vec<Piece>> {
    let mut singles: Vec<String> = alternatives
        .iter()
        .filter(|a| a.len() == 1)
        .map(|a| a[0].clone())
        .collect();
    singles.sort();
    singles.dedup();
    let phrases: Vec<&Vec<String>> = if singles.is_empty() || all_phrases {
        alternatives.iter().filter(|a| a.len() > 1).collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for v in &variants {
        if !singles.is_empty() {
            let mut with = v.clone();
            with.push(Piece::Word(singles.clone()));
            out.push(with);
        }
        for words in &phrases {
            if out.len() >= MAX_VARIANTS {
                break;
            }
            let mut with = v.clone();
            with.extend(words.iter().map(|w| Piece::Word(vec![w.clone()])));
            out.push(with);
        }
    }
    out
}

/// Drops gaps at either end and repeated gaps.
fn tidy_gaps(pieces: &mut Vec<Piece>) {
    pieces.dedup_by(|a, b| *a == Piece::Gap && *b == Piece::Gap);
    while pieces.first() == Some(&Piece::Gap) {
        pieces.remove(0);
    }
    while pieces.last() == Some(&Piece::Gap) {
        pieces.pop();
    }
}

/// Puts the source first and the target last when the pattern does not place them: PETRARCH and
/// TABARI take the subject as source and the first actor after the verb as target. A verb with
/// nothing after it gets two phrasings: the first actor within a few words (its object), and the
/// first actor after a preposition a few words on ("welcomed a resumption of formal ties *with* X");
/// a pattern with words after the verb also gets the target between the verb and its words.
/// A compound `%` is the source before the verb and the target after it. `None` when the target
/// is the subject and no source is named; a target with words before it is preceded by the
/// source.
fn place_roles(pieces: &[Piece]) -> Option<Vec<Vec<Piece>>> {
    let verb_at = pieces.iter().position(|p| *p == Piece::Verb)?;
    // A compound before the verb is the source, one after it the target; no other role is
    // placed (the rule's `pairs` codes the members' events).
    if let Some(at) = pieces.iter().position(|p| *p == Piece::Compound) {
        let mut out = pieces.to_vec();
        out[at] = if at < verb_at {
            Piece::Source
        } else {
            Piece::Target
        };
        return Some(vec![out]);
    }
    let source_at = pieces.iter().position(|p| *p == Piece::Source);
    let target_at = pieces.iter().position(|p| *p == Piece::Target);
    if source_at.is_none() {
        match target_at {
            // The target as the verb's subject: no linear pattern says who acted on it.
            Some(0) => return None,
            // Words before a target before the verb ("ANTI- + *": "an *anti-* X parade"): the
            // source is the clause's subject before them, as TABARI takes it.
            Some(t) if t < verb_at => {
                let mut out = vec![Piece::Source, Piece::Gap];
                out.extend(pieces.iter().cloned());
                return Some(vec![out]);
            }
            _ => {}
        }
    }
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len() + 3);
    if source_at.is_none() {
        out.push(Piece::Source);
    }
    out.extend(pieces.iter().cloned());
    if target_at.is_some() {
        return Some(vec![out]);
    }
    if out.last() == Some(&Piece::Verb) {
        // The first actor a few words on: the object, or the subject of a clause the verb
        // governs ("allowed that *X* ...").
        let mut object = out.clone();
        object.extend([Piece::Gap, Piece::UnplacedTarget]);
        out.extend([
            Piece::TargetGap,
            Piece::TargetPreposition,
            Piece::UnplacedTarget,
        ]);
        return Some(vec![object, out]);
    }
    let ends_in_preposition = matches!(out.last(), Some(Piece::Word(w))
        if w.iter().all(|w| TARGET_PREPOSITIONS.split('|').any(|p| p == w)));
    // TABARI's target is the first actor after the verb, and PETRARCH's the verb's object: either
    // may come before the pattern's words ("allowed that *X* is a really pleasant place").
    let verb_at = out.iter().position(|p| *p == Piece::Verb)?;
    let mut between = out.clone();
    between.splice(
        verb_at + 1..verb_at + 1,
        [Piece::Gap, Piece::UnplacedTarget, Piece::Gap],
    );
    tidy_gaps(&mut between);
    // Or a few words after them ("welcomed cultural memos *sent by* X").
    let mut after = out.clone();
    after.extend([Piece::Gap, Piece::UnplacedTarget]);
    if !ends_in_preposition {
        out.push(Piece::OptionalPreposition);
    }
    out.push(Piece::UnplacedTarget);
    Some(vec![out, between, after])
}

/// The rule pattern text: `SRC ~verb ... aid [to|with|…] TGT`.
fn render_pieces(pieces: &[Piece], verb: &str) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Verb => verb.to_string(),
            Piece::Source => "SRC".into(),
            Piece::Target => "TGT".into(),
            Piece::Compound => unreachable!("placed as a slot by place_roles"),
            Piece::UnplacedTarget => "TGT".into(),
            // After the pattern's own words "of" leads to whose they are: "clashed over the
            // efforts *of* X".
            Piece::OptionalPreposition => format!("[{TARGET_PREPOSITIONS}|of]"),
            Piece::TargetPreposition => TARGET_PREPOSITIONS.to_string(),
            Piece::Word(w) => w.join("|"),
            Piece::Gap => "...".into(),
            Piece::TargetGap => "...6".into(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `064` → (064, None); `042:043` → (042, Some(043)); `---`, `:054`, `075A` are refused.
fn parse_code(code: &str) -> Result<(String, Option<String>), Skipped> {
    let (first, second) = match code.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (code.trim(), None),
    };
    if first.is_empty() && second.is_some() {
        return Err(Skipped::ReverseOnly);
    }
    if first.chars().all(|c| c == '-') {
        return Err(Skipped::NullCode);
    }
    let valid = |c: &str| CameoCode::new(c).is_ok();
    if !valid(first) {
        return Err(Skipped::InvalidCode);
    }
    let paired = second
        .filter(|s| !s.chars().all(|c| c == '-') && !s.is_empty())
        .filter(|s| valid(s))
        .map(str::to_string);
    Ok((first.to_string(), paired))
}

/// Compiles one generated line, so a converter bug surfaces as a load error naming the input file.
fn check_line(file: &str, line: &str) -> Result<(), LoadError> {
    RuleSet::parse(&[SourceFile {
        name: file.to_string(),
        text: line.to_string(),
    }])
    .map(|_| ())
    .map_err(|e| LoadError {
        file: file.to_string(),
        line: 0,
        message: format!("converted rule does not compile: {} ({line})", e.message),
    })
}

/// `BRING {BRINGS BRINGING BROUGHT} [070]` or `+CALL_OFF [160]` or `RE_+ARREST`.
fn parse_petrarch_verb(file: &str, line: usize, text: &str) -> Result<VerbPhrase, LoadError> {
    let (text, code) = match text.rfind('[') {
        Some(open) => {
            let close = text[open..]
                .find(']')
                .ok_or_else(|| error(file, line, "unclosed `[` after a verb"))?;
            (
                text[..open].trim(),
                Some(text[open + 1..open + close].trim().to_string()),
            )
        }
        None => (text, None),
    };
    let (head, irregular) = match text.find('{') {
        Some(open) => {
            let close = text
                .find('}')
                .ok_or_else(|| error(file, line, "unclosed `{` after a verb"))?;
            (text[..open].trim(), &text[open + 1..close])
        }
        None => (text.trim(), ""),
    };
    let head = head.split_whitespace().next().unwrap_or("");
    if head.is_empty() {
        return Err(error(file, line, "expected a verb"));
    }
    let parts: Vec<&str> = head.split('_').filter(|p| !p.is_empty()).collect();
    let verb_at = if parts.len() == 1 {
        0
    } else {
        parts
            .iter()
            .position(|p| p.starts_with('+'))
            .ok_or_else(|| {
                error(
                    file,
                    line,
                    "a multi-word verb marks its verb word with `+` (`+CALL_OFF`)",
                )
            })?
    };
    let word = |p: &str| clean_word(p.trim_start_matches('+'));
    let verb_word = word(parts[verb_at]);
    // Irregular forms of a multi-word verb are whole phrases: keep the verb word of each.
    let irregular: Vec<String> = irregular
        .split_whitespace()
        .filter_map(|form| {
            let words: Vec<&str> = form.split('_').filter(|p| !p.is_empty()).collect();
            let at = if words.len() == 1 {
                0
            } else {
                words.iter().position(|p| p.starts_with('+'))?
            };
            Some(word(words[at]))
        })
        .filter(|f| !f.is_empty() && *f != verb_word)
        .collect();
    Ok(VerbPhrase {
        before: parts[..verb_at].iter().map(|p| word(p)).collect(),
        lemma: lemma_element(&verb_word, &irregular),
        after: parts[verb_at + 1..].iter().map(|p| word(p)).collect(),
        code: code.filter(|c| !c.is_empty()),
    })
}

/// `~bring/brought/…` with duplicates removed.
pub(crate) fn lemma_element(verb: &str, irregular: &[String]) -> String {
    let mut out = format!("~{verb}");
    let mut seen = vec![verb.to_string()];
    for form in irregular {
        if !seen.contains(form) {
            let _ = write!(out, "/{form}");
            seen.push(form.clone());
        }
    }
    out
}

/// The words of one synonym-set member, with its regular plural as another member when allowed.
pub(crate) fn synonym_words(member: &str, plurals: bool) -> Vec<Vec<String>> {
    let member = member.trim();
    let exact = member.ends_with('_');
    let words: Vec<String> = member
        .split(['_', ' '])
        .map(clean_word)
        .filter(|w| !w.is_empty())
        .flat_map(split_negation)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut out = vec![words.clone()];
    if plurals && !exact && !words.last().is_some_and(|w| w.ends_with('s')) {
        let mut plural_words = words;
        let last = plural_words.pop().expect("not empty");
        plural_words.push(plural(&last));
        out.push(plural_words);
    }
    out
}

/// "didn't" as the tokeniser reads it, "did" "n't" (as PETRARCH's treebank-style `DID N'T`).
fn split_negation(word: String) -> Vec<String> {
    match word.strip_suffix("n't") {
        Some(stem) if !stem.is_empty() => vec![stem.to_string(), "n't".to_string()],
        _ => vec![word],
    }
}

/// The regular English plural: -s, -es after a sibilant, -ies after a consonant and y.
pub(crate) fn plural(word: &str) -> String {
    let consonant_y = word.ends_with('y')
        && word
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// A dictionary word as a rule word: lower case, only the characters a token can hold.
pub(crate) fn clean_word(word: &str) -> String {
    let lower = fold_word(&word.to_lowercase());
    lower
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '.'))
        .collect::<String>()
        .trim_matches(['.', '-'])
        .to_string()
}

/// A block name as a rule id part: `EXPLAIN_VERBAL` → `explain_verbal`.
fn id_part(name: &str) -> String {
    let id: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches(['-', '_']).to_string();
    if id.is_empty() {
        "verb".into()
    } else {
        id
    }
}

/// Splits `BODY [CODE]` at its last bracketed code.
pub(crate) fn split_code<'a>(
    file: &str,
    line: usize,
    text: &'a str,
) -> Result<(&'a str, String), LoadError> {
    let open = text.rfind('[').ok_or_else(|| {
        error(
            file,
            line,
            "a pattern needs a code in brackets: `- * WORD [CODE]`",
        )
    })?;
    let close = text[open..]
        .find(']')
        .ok_or_else(|| error(file, line, "unclosed `[` in the code"))?;
    Ok((
        text[..open].trim(),
        text[open + 1..open + close].trim().to_string(),
    ))
}

/// The verb a pattern line's comment names (`... [030]  # HEAD` → `head`): one word in capitals.
fn verb_in_comment(line: &str) -> Option<String> {
    let (_, comment) = line.split_once(" #")?;
    let word = comment.split_whitespace().next()?;
    let verb_like = word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    verb_like.then(|| word.to_ascii_lowercase().replace('_', " "))
}

/// Whether a pattern body has no word but prepositions (`* (TO)`, `* FOR`, `- $ * WITH +`).
fn only_prepositions(body: &str) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "to", "for", "with", "against", "on", "from", "into", "at", "over", "in", "of", "by",
        "toward", "towards", "upon", "between", "across", "through", "about", "off", "out", "up",
        "down", "away", "back",
    ];
    body.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| PREPOSITIONS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A verb element's base word: `~lead/leads/led` → `lead`.
fn lemma_word(lemma: &str) -> &str {
    let base = lemma.trim_start_matches('~');
    base.split('/').next().unwrap_or(base)
}

/// Lines without comments (`<!-- -->` blocks and the given one-line markers), numbered from 1.
pub(crate) fn clean_lines(text: &str, markers: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.to_string();
        if in_block_comment {
            match line.find("-->") {
                Some(end) => {
                    in_block_comment = false;
                    line = line[end + 3..].to_string();
                }
                None => continue,
            }
        }
        while let Some(start) = line.find("<!--") {
            match line[start..].find("-->") {
                Some(end) => line.replace_range(start..start + end + 3, ""),
                None => {
                    in_block_comment = true;
                    line.truncate(start);
                }
            }
        }
        // A marker starts a comment at the start of a line or after a space, so that codes such as
        // `[###]` survive.
        let cut = line.char_indices().find(|&(at, c)| {
            markers.contains(&c) && (at == 0 || line[..at].ends_with(char::is_whitespace))
        });
        if let Some((at, _)) = cut {
            line.truncate(at);
        }
        if !line.trim().is_empty() {
            out.push((i + 1, line.trim_end().to_string()));
        }
    }
    out
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

pub(crate) fn error(file: &str, line: usize, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_into_primary_and_reverse() {
        assert_eq!(
            parse_code("042:043"),
            Ok(("042".into(), Some("043".into())))
        );
        assert_eq!(parse_code("064"), Ok(("064".into(), None)));
        assert_eq!(parse_code("---"), Err(Skipped::NullCode));
        assert_eq!(parse_code(":054"), Err(Skipped::ReverseOnly));
        assert_eq!(parse_code("075A"), Err(Skipped::InvalidCode));
    }

    #[test]
    fn plurals_follow_english_spelling() {
        assert_eq!(plural("treaty"), "treaties");
        assert_eq!(plural("pass"), "passes");
        assert_eq!(plural("envoy"), "envoys");
    }
}

/// Rule ids the built-in layer prunes on evidence, each with why: patterns that only ever fired
/// wrongly on the development sets (RULES.md, "Pruned"). Read from a TSV of `id<TAB>reason`
/// lines, `#` comments and blank lines skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrunedIds(BTreeMap<String, String>);

impl PrunedIds {
    pub fn parse(name: &str, text: &str) -> Result<PrunedIds, LoadError> {
        let mut ids = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| LoadError {
                file: name.to_string(),
                line: index + 1,
                message,
            };
            let (id, reason) = line
                .split_once('\t')
                .ok_or_else(|| error("expected `rule id<TAB>reason`".into()))?;
            if !id.starts_with("petrarch.") || id.contains(char::is_whitespace) {
                return Err(error(format!("`{id}` is not a PETRARCH-2 layer rule id")));
            }
            if ids
                .insert(id.to_string(), reason.trim().to_string())
                .is_some()
            {
                return Err(error(format!("`{id}` is listed twice")));
            }
        }
        Ok(PrunedIds(ids))
    }

    /// Writes the rules of `conversion` whose id is listed as `# PRUNED <reason>:` lines, as the
    /// mechanism-pruned rules are written, and counts them.
    pub fn apply(&self, conversion: &mut VerbConversion) {
        let mut rules = String::with_capacity(conversion.rules.len());
        for line in conversion.rules.lines() {
            let id = line
                .split_whitespace()
                .nth(1)
                .map(|id| id.trim_end_matches(':'));
            match id
                .and_then(|id| self.0.get(id))
                .filter(|_| !line.starts_with('#'))
            {
                Some(reason) => {
                    let _ = writeln!(rules, "# PRUNED {reason}: {line}");
                    conversion.converted -= 1;
                    conversion.pruned += 1;
                }
                None => {
                    rules.push_str(line);
                    rules.push('\n');
                }
            }
        }
        conversion.rules = rules;
    }
}
