//! Part-of-speech tags, lemmas and labelled Universal Dependencies trees for English sentences.
//!
//! [`Model`] is a trained tagger and parser, immutable and shareable across threads;
//! [`Model::builtin`] decodes the one embedded in the binary (trained on UD English EWT, see
//! `model/README.md`) and [`Model::shared`] decodes it once per process. [`Model::parse`] takes the words of one sentence and returns a [`Parse`]:
//! one [`Word`] per input word with its [`Upos`] tag, lemma, head and [`Deprel`] relation. Every
//! parse is a tree: exactly one word has no head, and following heads never loops.
//!
//! The method is the classic fast one: a greedy averaged-perceptron tagger, a greedy arc-hybrid
//! transition parser trained with a dynamic oracle, and a perceptron that labels each arc as the
//! parser makes it (see [`train`]). [`conllu`] reads treebanks and [`evaluate`] scores a model
//! against one.
//!
//! This crate knows no dictionary and no CAMEO: it reads words and writes syntax.

mod bytes;
pub mod conllu;
mod deprel;
mod hash;
mod lemma;
mod lexeme;
mod pages;
mod parser;
mod perceptron;
mod tagger;
pub mod train;
mod upos;

pub use deprel::Deprel;
pub use upos::Upos;

use bytes::{Reader, Writer};
use lexeme::Lexeme;
use perceptron::{KeyMap, Weights};
use std::fmt;
use std::sync::OnceLock;
use tagger::Lexicon;

/// The embedded model: UD English EWT, trained by `train-syntax` (see `model/README.md`).
static BUILTIN: &[u8] = include_bytes!("../model/en_ewt.model");

/// Identifies the model file format (and its version).
const MAGIC: &[u8; 8] = b"ENTSYN04";

/// Format 3, read as well: the same file without the lexicon's names.
const MAGIC_WITHOUT_NAMES: &[u8; 8] = b"ENTSYN03";

/// Format 2, read as well: the same file without the lexicon.
const MAGIC_WITHOUT_LEXICON: &[u8; 8] = b"ENTSYN02";

/// A model file that cannot be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not an Entente syntax model (wrong magic number or version)")]
    NotAModel,
    #[error("the model file ends early")]
    Truncated,
    #[error("the model file is corrupt: {0}")]
    Corrupt(&'static str),
}

/// One tag class of the tagger: a universal tag and the treebank's own (Penn) tag.
struct TagClass {
    upos: Upos,
    xpos: String,
}

/// A trained tagger, lemmatiser and parser.
pub struct Model {
    tags: Vec<TagClass>,
    /// The universal tag number of each tag class, for the parser.
    coarse: Vec<u8>,
    labels: Vec<Deprel>,
    root_label: u8,
    /// Ambiguity classes by word hash (see `lexeme`).
    tag_dictionary: KeyMap<u64>,
    /// Lemmas the suffix rules get wrong, by (lowercased form, tag).
    lemmas: KeyMap<String>,
    tagger: Weights,
    /// The tagger's sums of form-only features for the tag dictionary's words.
    lexicon: Lexicon,
    transitions: Weights,
    labeller: Weights,
}

/// What a caller knows about a word before it is tagged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Hint {
    #[default]
    None,
    /// A word of a proper name, or an adjective made from one ("Brussels", "Iranian"): tagged
    /// PROPN or ADJ, never a common noun or a verb.
    Name,
    /// A verb the caller knows heads its clause ("police *detained* dozens"): a finite verb, never
    /// a participle, an adjective or a noun. The tagger is often unsure of a past tense right
    /// after a plural noun.
    FiniteVerb,
}

/// The analysis of one sentence: one entry per input word, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub words: Vec<Word>,
}

/// One word's tag, lemma and attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub upos: Upos,
    /// The treebank's own (Penn) tag: it tells a past participle (`VBN`) from a past tense
    /// (`VBD`), which the universal tag does not.
    pub xpos: String,
    pub lemma: String,
    /// Index of the head in [`Parse::words`]; `None` for the root of the sentence.
    pub head: Option<usize>,
    pub deprel: Deprel,
}

impl Model {
    /// The model embedded in the binary.
    pub fn builtin() -> Result<Model, ModelError> {
        Model::from_bytes(BUILTIN)
    }

    /// The embedded model, decoded once per process and then shared: decoding takes tens of
    /// milliseconds, so callers that parse now and then should not pay it each time.
    pub fn shared() -> Result<&'static Model, ModelError> {
        static SHARED: OnceLock<Result<Model, ModelError>> = OnceLock::new();
        SHARED
            .get_or_init(Model::builtin)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Decodes a model file written by `train-syntax`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut input = Reader::new(bytes);
        let (has_lexicon, has_names) = match input.take(MAGIC.len()) {
            Ok(magic) if magic == MAGIC => (true, true),
            Ok(magic) if magic == MAGIC_WITHOUT_NAMES => (true, false),
            Ok(magic) if magic == MAGIC_WITHOUT_LEXICON => (false, false),
            _ => return Err(ModelError::NotAModel),
        };
        let tag_count = input.count(5)?;
        let mut tags = Vec::with_capacity(tag_count);
        for _ in 0..tag_count {
            let upos = Upos::from_index(input.u8()?).ok_or(ModelError::Corrupt("tag"))?;
            let xpos = input.str()?.to_string();
            tags.push(TagClass { upos, xpos });
        }
        let label_count = input.count(5)?;
        let mut labels = Vec::with_capacity(label_count);
        for _ in 0..label_count {
            labels.push(Deprel::parse(input.str()?).ok_or(ModelError::Corrupt("relation"))?);
        }
        let root_label = labels
            .iter()
            .position(|&label| label == Deprel::ROOT)
            .ok_or(ModelError::Corrupt("no root relation"))? as u8;
        let entries = input.count(16)?;
        let mut tag_dictionary = KeyMap::default();
        tag_dictionary.reserve(entries);
        for _ in 0..entries {
            tag_dictionary.insert(input.u64()?, input.u64()?);
        }
        let entries = input.count(12)?;
        let mut lemmas = KeyMap::default();
        lemmas.reserve(entries);
        for _ in 0..entries {
            lemmas.insert(input.u64()?, input.str()?.to_string());
        }
        let mut lexicon_forms = Vec::new();
        if has_lexicon {
            let entries = input.count(4)?;
            lexicon_forms.reserve(entries);
            for _ in 0..entries {
                lexicon_forms.push(input.str()?.to_string());
            }
        }
        let mut lexicon_names = Vec::new();
        if has_names {
            lexicon_names.resize(lexicon_forms.len(), false);
            for _ in 0..input.count(4)? {
                let index = input.u32()? as usize;
                *lexicon_names
                    .get_mut(index)
                    .ok_or(ModelError::Corrupt("lexicon name"))? = true;
            }
        }
        let tagger = Weights::read(&mut input)?;
        let transitions = Weights::read(&mut input)?;
        let labeller = Weights::read(&mut input)?;
        if !input.is_at_end() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        if tagger.classes() != tags.len()
            || labeller.classes() != labels.len()
            || transitions.classes() != parser::TRANSITIONS
            || labels.len() >= usize::from(u8::MAX)
        {
            return Err(ModelError::Corrupt("class counts disagree"));
        }
        let lexicon = Lexicon::new(lexicon_forms, lexicon_names, &tagger, &tag_dictionary);
        Ok(Model {
            coarse: tags.iter().map(|t| t.upos.index()).collect(),
            tags,
            labels,
            root_label,
            tag_dictionary,
            lemmas,
            tagger,
            lexicon,
            transitions,
            labeller,
        })
    }

    /// Writes the model file `from_bytes` reads; entries are sorted so equal models give equal bytes.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u32(self.tags.len() as u32);
        for tag in &self.tags {
            out.u8(tag.upos.index());
            out.str(&tag.xpos);
        }
        out.u32(self.labels.len() as u32);
        for label in &self.labels {
            out.str(label.as_str());
        }
        let mut dictionary: Vec<(u64, u64)> =
            self.tag_dictionary.iter().map(|(&k, &v)| (k, v)).collect();
        dictionary.sort_unstable();
        out.u32(dictionary.len() as u32);
        for (word, class) in dictionary {
            out.u64(word);
            out.u64(class);
        }
        let mut lemmas: Vec<(&u64, &String)> = self.lemmas.iter().collect();
        lemmas.sort_unstable();
        out.u32(lemmas.len() as u32);
        for (key, lemma) in lemmas {
            out.u64(*key);
            out.str(lemma);
        }
        out.u32(self.lexicon.forms().len() as u32);
        for form in self.lexicon.forms() {
            out.str(form);
        }
        let names: Vec<u32> = (0..self.lexicon.names().len() as u32)
            .filter(|&i| self.lexicon.names()[i as usize])
            .collect();
        out.u32(names.len() as u32);
        for index in names {
            out.u32(index);
        }
        self.tagger.write(&mut out);
        self.transitions.write(&mut out);
        self.labeller.write(&mut out);
        out.bytes
    }

    /// Tags, lemmatises and parses the words of one sentence.
    pub fn parse(&self, words: &[&str]) -> Parse {
        self.parse_with_hints(words, &[])
    }

    /// Parses with what the caller already knows about some words (`hints[i]` for word `i`; a
    /// shorter slice leaves the rest unhinted). A treebank of web text leaves the tagger unsure of
    /// news names: "Brussels eased restrictions" came out as a plural noun and an adjective, and
    /// then nothing in the tree was right.
    pub fn parse_with_hints(&self, words: &[&str], hints: &[Hint]) -> Parse {
        let lexemes: Vec<Lexeme> = words
            .iter()
            .map(|word| Lexeme::new(word, &self.tag_dictionary))
            .collect();
        let hint = |i: usize| hints.get(i).copied().unwrap_or_default();
        let admits = |hint: Hint, class: usize| match hint {
            Hint::None => true,
            Hint::Name => self
                .tags
                .get(class)
                .is_some_and(|t| matches!(t.upos, Upos::Propn | Upos::Adj)),
            Hint::FiniteVerb => self
                .tags
                .get(class)
                .is_some_and(|t| t.upos == Upos::Verb && is_finite(&t.xpos)),
        };
        let tag = |lexemes: &[Lexeme]| {
            tagger::tag_within(&self.tagger, &self.lexicon, lexemes, |i| {
                let hint = hint(i);
                (hint != Hint::None).then_some(move |class| admits(hint, class))
            })
        };
        let mut tags = tag(&lexemes);
        // In a headline every content word is capitalised, which a tagger trained on running text
        // reads as one long name. The words it knows as common ones are tagged again lowercased,
        // and that reading is kept when it finds a finite verb among them; a line of names and
        // titles (a signature, a list) has none and keeps its capitals. The word hashes the parser
        // reads are lowercased either way.
        if entente_text::is_headline_cased(words.iter().copied()) {
            let lowered: Vec<bool> = (0..words.len())
                .map(|i| i > 0 && hint(i) != Hint::Name && self.is_common_word(words[i]))
                .collect();
            let headline_lexemes: Vec<Lexeme> = words
                .iter()
                .zip(&lowered)
                .map(|(word, &lower)| match lower {
                    true => Lexeme::new(&word.to_lowercase(), &self.tag_dictionary),
                    false => Lexeme::new(word, &self.tag_dictionary),
                })
                .collect();
            let headline_tags = tag(&headline_lexemes);
            let finds_a_verb = (0..words.len()).any(|i| {
                let tag = &self.tags[usize::from(headline_tags[i])];
                lowered[i] && tag.upos == Upos::Verb && is_finite(&tag.xpos)
            });
            if finds_a_verb {
                tags = headline_tags;
            }
        }
        let sentence = parser::Sentence::new(lexemes.iter().map(|l| l.word), &tags, &self.coarse);
        let state = parser::parse(
            &self.transitions,
            &self.labeller,
            &sentence,
            self.root_label,
        );
        let root = words.len();
        let words = words
            .iter()
            .enumerate()
            .map(|(i, form)| {
                let tag = &self.tags[usize::from(tags[i])];
                let head = state.heads[i];
                Word {
                    upos: tag.upos,
                    xpos: tag.xpos.clone(),
                    lemma: self.lemma(form, tags[i]),
                    head: (head < root).then_some(head),
                    deprel: self
                        .labels
                        .get(usize::from(state.labels[i]))
                        .copied()
                        .unwrap_or(Deprel::ROOT),
                }
            })
            .collect();
        Parse { words }
    }

    /// Whether `word` is capitalised but known to the lexicon mostly as something other than a
    /// name ("Leader", "Human"; not "Mary"). A word the lexicon does not know is left alone: in a
    /// line of names read lowercased, the tagger takes too many of them for verbs.
    fn is_common_word(&self, word: &str) -> bool {
        if !word.starts_with(char::is_uppercase) || word.chars().skip(1).any(char::is_uppercase) {
            return false;
        }
        let lowercase = Lexeme::new(&word.to_lowercase(), &self.tag_dictionary);
        self.lexicon.is_mostly_name(&lowercase) == Some(false)
    }

    fn lemma(&self, form: &str, tag: u16) -> String {
        let xpos = &self.tags[usize::from(tag)].xpos;
        let lower = form.to_lowercase();
        match self.lemmas.get(&lemma::key(&lower, tag)) {
            Some(lemma) => lemma.clone(),
            None => lemma::by_rule(form, xpos),
        }
    }
}

/// Whether a Penn tag is a finite verb's: past or present tense.
fn is_finite(xpos: &str) -> bool {
    matches!(xpos, "VBD" | "VBZ" | "VBP")
}

impl Parse {
    /// The words whose head is word `i`, in sentence order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, word)| word.head == Some(i))
            .map(|(child, _)| child)
    }

    /// The sentence as one CoNLL-U block (ID FORM LEMMA UPOS XPOS _ HEAD DEPREL _ _), ending
    /// with a blank line. `words` are the forms that were parsed.
    pub fn to_conllu(&self, words: &[&str]) -> String {
        let mut out = String::new();
        for (i, word) in self.words.iter().enumerate() {
            let form = words.get(i).copied().unwrap_or("_");
            let head = word.head.map_or(0, |h| h + 1);
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                i + 1,
                conllu_field(form),
                conllu_field(&word.lemma),
                word.upos,
                conllu_field(&word.xpos),
                head,
                word.deprel
            ));
        }
        out.push('\n');
        out
    }
}

/// A form or lemma as a CoNLL-U column: no tabs or line breaks, never empty.
fn conllu_field(text: &str) -> String {
    if text.is_empty() {
        return "_".to_string();
    }
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Accuracy over every word of a treebank, with gold tokens and predicted tags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub upos: f64,
    /// Unlabelled attachment: the head is right.
    pub uas: f64,
    /// Labelled attachment as CoNLL 2018 scores it: the head and the universal relation (the part
    /// before `:`) are right. The headline figure.
    pub las: f64,
    /// Labelled attachment with the full relation, subtype included.
    pub las_full: f64,
    /// How many words were scored.
    pub words: usize,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UPOS {:.3} UAS {:.3} LAS {:.3}",
            self.upos, self.uas, self.las
        )
    }
}

/// Parses every gold sentence from its gold words and scores the tags and trees.
pub fn evaluate(model: &Model, gold: &[conllu::Sentence]) -> Scores {
    let (mut words, mut upos, mut uas, mut las, mut las_full) = (0usize, 0, 0, 0, 0);
    for sentence in gold {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let parse = model.parse(&forms);
        for (predicted, expected) in parse.words.iter().zip(&sentence.words) {
            words += 1;
            upos += usize::from(predicted.upos == expected.upos);
            if predicted.head == expected.head {
                uas += 1;
                las += usize::from(predicted.deprel.universal() == expected.deprel.universal());
                las_full += usize::from(predicted.deprel == expected.deprel);
            }
        }
    }
    let ratio = |count: usize| {
        if words == 0 {
            0.0
        } else {
            count as f64 / words as f64
        }
    };
    Scores {
        upos: ratio(upos),
        uas: ratio(uas),
        las: ratio(las),
        las_full: ratio(las_full),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoding and encoding again gives the same bytes: loading loses nothing, and the file
    /// order does not depend on how the table was filled.
    #[test]
    fn the_builtin_model_round_trips() {
        let model = Model::builtin().unwrap();
        assert!(model.to_bytes() == BUILTIN, "re-encoded model differs");
    }

    /// The three weight tables as they end a model file, to cut older formats from the builtin.
    fn weight_tables(model: &Model) -> Writer {
        let mut weights = Writer::default();
        model.tagger.write(&mut weights);
        model.transitions.write(&mut weights);
        model.labeller.write(&mut weights);
        weights
    }

    /// The lexicon's sums are exact, so a model without one (as a format-2 file loads) parses
    /// every sentence the same.
    #[test]
    fn a_format_2_model_loads_and_parses_the_same() {
        let model = Model::builtin().unwrap();
        let weights = weight_tables(&model);
        let without = Model {
            lexicon: Lexicon::default(),
            ..Model::builtin().unwrap()
        };
        let bytes = without.to_bytes();
        // Format 2 is format 4 without the lexicon's form and name counts (0 here) before the
        // weights.
        let forms_count = bytes.len() - weights.bytes.len() - 8;
        let mut format_2 = MAGIC_WITHOUT_LEXICON.to_vec();
        format_2.extend_from_slice(&bytes[MAGIC.len()..forms_count]);
        format_2.extend_from_slice(&bytes[forms_count + 8..]);
        let old = Model::from_bytes(&format_2).unwrap();
        assert!(old.lexicon.forms().is_empty() && !model.lexicon.forms().is_empty());
        for sentence in [
            "The minister said on Tuesday that talks would resume .",
            "Rebels attacked 3 police stations in the north overnight , officials said .",
            "Protesters gathered outside the parliament for a second day .",
        ] {
            let words: Vec<&str> = sentence.split(' ').collect();
            assert_eq!(model.parse(&words), old.parse(&words), "{sentence}");
        }
    }

    /// Format 3 has no names in its lexicon: it loads, parses running text the same, and reads a
    /// headline's capitals as they are.
    #[test]
    fn a_format_3_model_loads_without_names() {
        let model = Model::builtin().unwrap();
        let weights = weight_tables(&model);
        let names = model.lexicon.names().iter().filter(|&&name| name).count();
        assert!(names > 0);
        let names_start = BUILTIN.len() - weights.bytes.len() - 4 - 4 * names;
        let mut format_3 = MAGIC_WITHOUT_NAMES.to_vec();
        format_3.extend_from_slice(&BUILTIN[MAGIC.len()..names_start]);
        format_3.extend_from_slice(&weights.bytes);
        let old = Model::from_bytes(&format_3).unwrap();
        assert!(old.lexicon.names().is_empty());
        let running: Vec<&str> = "The minister said that talks would resume ."
            .split(' ')
            .collect();
        assert_eq!(model.parse(&running), old.parse(&running));
        assert!(model.is_common_word("Leader") && !old.is_common_word("Leader"));
    }

    /// In a headline every content word is capitalised; the words the treebank knows as common
    /// ones are tagged as such, so the verb heads the sentence. Names stay names.
    #[test]
    fn a_headline_is_parsed_as_a_sentence_not_a_name() {
        let model = Model::builtin().unwrap();
        let words: Vec<&str> = "Rebel Leader Rejects Government Offer of Talks in Capital"
            .split(' ')
            .collect();
        let parse = model.parse(&words);
        let root = parse.words.iter().position(|w| w.head.is_none()).unwrap();
        assert_eq!(words[root], "Rejects");
        assert_eq!(parse.words[root].upos, Upos::Verb);
        assert_eq!(parse.words[1].deprel.as_str(), "nsubj");
        assert!(!model.is_common_word("Mary") && !model.is_common_word("UN"));
        assert!(model.is_common_word("Government"));
    }
}
