//! Discards: phrases that mark a sentence or a whole story as outside the event data (sports,
//! weather: "World Golf Championships", "typhoon"), as PETRARCH's discard file and TABARI's `[###]`
//! actor code declare them. A `*.discards` file in the dictionary set holds one phrase a line in
//! PETRARCH's format: `+PHRASE` discards the story, `PHRASE` the sentence; `#` starts a comment, `_`
//! or a space joins words. The built-in set has none.

use crate::rules::fold_word;
use crate::{LoadError, SourceFile};

/// How much of the text a discard phrase removes from coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardScope {
    Sentence,
    Story,
}

/// One discard phrase: its folded words, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub words: Vec<String>,
    pub scope: DiscardScope,
}

/// The discard phrases of a dictionary set.
#[derive(Debug, Clone, Default)]
pub struct Discards(Vec<Discard>);

impl Discards {
    pub fn new(discards: Vec<Discard>) -> Self {
        Discards(discards)
    }

    /// Reads a `*.discards` file; a line with no word fails with its `file:line`.
    pub fn parse(file: &SourceFile) -> Result<Vec<Discard>, LoadError> {
        let mut out = Vec::new();
        for (i, raw) in file.text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (scope, phrase) = match line.strip_prefix('+') {
                Some(rest) => (DiscardScope::Story, rest),
                None => (DiscardScope::Sentence, line),
            };
            let words = phrase_words(phrase);
            if words.is_empty() {
                return Err(LoadError {
                    file: file.name.clone(),
                    line: i + 1,
                    message: "a discard line needs a phrase: `PHRASE` or `+PHRASE`".into(),
                });
            }
            out.push(Discard { words, scope });
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The widest scope among the phrases found in these folded words, if any.
    pub fn scope_in(&self, words: &[&str]) -> Option<DiscardScope> {
        let found = |d: &&Discard| {
            !d.words.is_empty()
                && words
                    .windows(d.words.len())
                    .any(|w| w.iter().zip(&d.words).all(|(a, b)| *a == b))
        };
        let mut scope = None;
        for d in self.0.iter().filter(found) {
            if d.scope == DiscardScope::Story {
                return Some(DiscardScope::Story);
            }
            scope = Some(d.scope);
        }
        scope
    }
}

/// A phrase's words as the coder folds tokens (lower case, diacritics and quotes folded); TABARI
/// and PETRARCH write `_` or a space between them.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| fold_word(&w.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            name: "t.discards".into(),
            text: text.into(),
        }
    }

    #[test]
    fn phrases_are_read_with_their_scope_and_found_in_folded_words() {
        let discards =
            Discards::new(Discards::parse(&file("SNARBALL_CUP # sport\n+Hurricane\n")).unwrap());
        assert_eq!(
            discards.scope_in(&["the", "snarball", "cup", "final"]),
            Some(DiscardScope::Sentence)
        );
        assert_eq!(
            discards.scope_in(&["cup", "hurricane", "snarball"]),
            Some(DiscardScope::Story)
        );
        assert_eq!(discards.scope_in(&["snarball", "final"]), None);
    }

    #[test]
    fn a_line_without_a_phrase_fails_with_its_line() {
        let err = Discards::parse(&file("BASEBALL\n+ # nothing\n")).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("t.discards", 2));
    }
}
