//! Greedy left-to-right tagging with an averaged perceptron. The classes are the (UPOS, XPOS)
//! pairs of the treebank: the finer Penn tag helps the parser and the lemmatiser.

use crate::hash::feature;
use crate::lexeme::{Lexeme, OUTSIDE};
use crate::perceptron::{best, Weights};

/// Tag number plus one, so that 0 can mean "before the sentence".
fn previous(tags: &[u16], i: usize, back: usize) -> u64 {
    if i >= back {
        u64::from(tags[i - back]) + 1
    } else {
        0
    }
}

/// The features of word `i`, given the tags already chosen for the words before it.
pub(crate) fn features(lexemes: &[Lexeme], tags: &[u16], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let at = |offset: isize| -> Option<&Lexeme> {
        i.checked_add_signed(offset).and_then(|j| lexemes.get(j))
    };
    let word = |offset| at(offset).map_or(OUTSIDE, |l| l.word);
    let ambiguity = |offset| at(offset).map_or(OUTSIDE, |l| l.ambiguity);
    let suffix3 = |offset| at(offset).map_or(OUTSIDE, |l| l.suffixes[2]);
    let this = &lexemes[i];
    let (t1, t2) = (previous(tags, i, 1), previous(tags, i, 2));
    out.extend([
        feature(100, &[]),
        feature(101, &[this.word]),
        feature(102, &[this.prefixes[0]]),
        feature(103, &[this.prefixes[1]]),
        feature(104, &[this.prefixes[2]]),
        feature(105, &[this.suffixes[0]]),
        feature(106, &[this.suffixes[1]]),
        feature(107, &[this.suffixes[2]]),
        feature(108, &[this.suffixes[3]]),
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
        feature(120, &[this.ambiguity]),
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

/// Tags a sentence, returning one tag number per word.
pub(crate) fn tag(weights: &Weights, lexemes: &[Lexeme]) -> Vec<u16> {
    tag_within(weights, lexemes, |_, _| true)
}

/// Tags a sentence choosing, for word `i`, only among the tag numbers `allowed(i, tag)` admits
/// (every tag when it admits none).
pub(crate) fn tag_within(
    weights: &Weights,
    lexemes: &[Lexeme],
    allowed: impl Fn(usize, usize) -> bool,
) -> Vec<u16> {
    let mut tags = Vec::with_capacity(lexemes.len());
    let mut features_buffer = Vec::with_capacity(32);
    let mut scores = vec![0i32; weights.classes()];
    for i in 0..lexemes.len() {
        features(lexemes, &tags, i, &mut features_buffer);
        scores.fill(0);
        weights.add_scores(&features_buffer, &mut scores);
        let admitted = |class: usize| allowed(i, class);
        let any_admitted = (0..scores.len()).any(admitted);
        tags.push(best(&scores, |class| !any_admitted || admitted(class)) as u16);
    }
    tags
}
