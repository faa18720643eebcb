//! Greedy left-to-right tagging with an averaged perceptron. The classes are the (UPOS, XPOS)
//! pairs of the treebank: the finer Penn tag helps the parser and the lemmatiser.

use crate::hash::feature;
use crate::lexeme::{Lexeme, OUTSIDE};
use crate::perceptron::{best, KeyMap, Weights};

/// Tag number plus one, so that 0 can mean "before the sentence".
fn previous(tags: &[u16], i: usize, back: usize) -> u64 {
    if i >= back {
        u64::from(tags[i - back]) + 1
    } else {
        0
    }
}

/// The features of a word that depend on its lowercased form alone: for the words of a
/// [`Lexicon`] their weights are summed once, when the model loads.
fn lexical_features(this: &Lexeme, out: &mut Vec<u64>) {
    out.extend([
        feature(101, &[this.word]),
        feature(102, &[this.prefixes[0]]),
        feature(103, &[this.prefixes[1]]),
        feature(104, &[this.prefixes[2]]),
        feature(105, &[this.suffixes[0]]),
        feature(106, &[this.suffixes[1]]),
        feature(107, &[this.suffixes[2]]),
        feature(108, &[this.suffixes[3]]),
        feature(120, &[this.ambiguity]),
    ]);
}

/// The features of word `i`, given the tags already chosen for the words before it; those of
/// [`lexical_features`] only when `lexical`.
pub(crate) fn features(
    lexemes: &[Lexeme],
    tags: &[u16],
    i: usize,
    lexical: bool,
    out: &mut Vec<u64>,
) {
    out.clear();
    let at = |offset: isize| -> Option<&Lexeme> {
        i.checked_add_signed(offset).and_then(|j| lexemes.get(j))
    };
    let word = |offset| at(offset).map_or(OUTSIDE, |l| l.word);
    let ambiguity = |offset| at(offset).map_or(OUTSIDE, |l| l.ambiguity);
    let suffix3 = |offset| at(offset).map_or(OUTSIDE, |l| l.suffixes[2]);
    let this = &lexemes[i];
    let (t1, t2) = (previous(tags, i, 1), previous(tags, i, 2));
    if lexical {
        lexical_features(this, out);
    }
    out.extend([
        feature(100, &[]),
        feature(109, &[this.shape]),
        feature(110, &[this.flags, u64::from(i == 0)]),
        feature(111, &[word(-1)]),
        feature(112, &[word(1)]),
        feature(113, &[word(-2)]),
        feature(114, &[word(2)]),
        feature(115, &[t1]),
        feature(116, &[t2, t1]),
        feature(117, &[t1, this.word]),
        feature(118, &[this.word, word(1)]),
        feature(119, &[word(-1), this.word]),
        feature(121, &[ambiguity(1)]),
        feature(122, &[this.ambiguity, ambiguity(1)]),
        feature(123, &[t1, this.ambiguity]),
        feature(124, &[ambiguity(-1), this.ambiguity]),
        feature(125, &[suffix3(1)]),
        feature(126, &[suffix3(-1)]),
        feature(127, &[t1, this.suffixes[2]]),
        feature(128, &[ambiguity(2)]),
        feature(129, &[this.shape, t1]),
    ]);
}

/// The summed weights of the lexical features (see [`lexical_features`]) of the tag
/// dictionary's words, one sum per class. Most words of a text are such frequent words, and
/// their lexical features were a third of the tagger's table reads.
#[derive(Default)]
pub(crate) struct Lexicon {
    /// The lowercased forms, sorted, as the model file stores them.
    forms: Vec<String>,
    /// Per form, whether the treebank wrote it mostly as a proper noun ("mary", "turkey"); empty
    /// in a model file from before it was recorded.
    names: Vec<bool>,
    /// Where each form's sums start in `sums`, by its word hash.
    rows: KeyMap<u32>,
    sums: Vec<i32>,
    classes: usize,
}

impl Lexicon {
    /// The lexicon of `forms` (lowercased words without digits) under the tagger's `weights`.
    pub(crate) fn new(
        forms: Vec<String>,
        names: Vec<bool>,
        weights: &Weights,
        tag_dictionary: &KeyMap<u64>,
    ) -> Lexicon {
        let classes = weights.classes();
        let mut rows = KeyMap::default();
        rows.reserve(forms.len());
        let mut sums = vec![0i32; forms.len() * classes];
        let mut features = Vec::with_capacity(16);
        for (index, (form, row)) in forms.iter().zip(sums.chunks_exact_mut(classes)).enumerate() {
            let lexeme = Lexeme::new(form, tag_dictionary);
            features.clear();
            lexical_features(&lexeme, &mut features);
            weights.add_scores(&features, row);
            rows.insert(lexeme.word, (index * classes) as u32);
        }
        Lexicon {
            forms,
            names,
            rows,
            sums,
            classes,
        }
    }

    pub(crate) fn forms(&self) -> &[String] {
        &self.forms
    }

    /// Per form, whether it is mostly a proper noun (empty when the model file does not say).
    pub(crate) fn names(&self) -> &[bool] {
        &self.names
    }

    /// Whether a word of the lexicon is mostly a proper noun; `None` for other words, and for
    /// every word when the model file does not say.
    pub(crate) fn is_mostly_name(&self, lexeme: &Lexeme) -> Option<bool> {
        if self.names.is_empty() || !lexeme.word_is_form() {
            return None;
        }
        let start = *self.rows.get(&lexeme.word)? as usize;
        self.names.get(start / self.classes).copied()
    }

    /// The sums of a word's lexical features, if it is in the lexicon.
    fn sums(&self, lexeme: &Lexeme) -> Option<&[i32]> {
        if !lexeme.word_is_form() {
            return None;
        }
        let start = *self.rows.get(&lexeme.word)? as usize;
        Some(&self.sums[start..start + self.classes])
    }
}

/// Tags a sentence, returning one tag number per word.
pub(crate) fn tag(weights: &Weights, lexemes: &[Lexeme]) -> Vec<u16> {
    tag_within(weights, &Lexicon::default(), lexemes, |_| {
        None::<fn(usize) -> bool>
    })
}

/// Tags a sentence choosing, for word `i`, only among the tag numbers the test `allowed(i)`
/// gives admits (every tag when it gives none, or when its test admits none). `lexicon` holds
/// the lexical sums of `weights` for frequent words.
pub(crate) fn tag_within<Admits: Fn(usize) -> bool>(
    weights: &Weights,
    lexicon: &Lexicon,
    lexemes: &[Lexeme],
    allowed: impl Fn(usize) -> Option<Admits>,
) -> Vec<u16> {
    let mut tags = Vec::with_capacity(lexemes.len());
    let mut features_buffer = Vec::with_capacity(32);
    let mut scores = vec![0i32; weights.classes()];
    for i in 0..lexemes.len() {
        let lexical = lexicon.sums(&lexemes[i]);
        features(lexemes, &tags, i, lexical.is_none(), &mut features_buffer);
        match lexical {
            Some(sums) => scores.copy_from_slice(sums),
            None => scores.fill(0),
        }
        weights.add_scores(&features_buffer, &mut scores);
        let tag = match allowed(i) {
            None => best(&scores, |_| true),
            Some(admits) => {
                let any_admitted = (0..scores.len()).any(&admits);
                best(&scores, |class| !any_admitted || admits(class))
            }
        };
        tags.push(tag as u16);
    }
    tags
}
