//! A minimal word view of the text: runs of letters and digits, and single punctuation characters.
//! The actor rules only need word boundaries, capitalisation and the few function words around a
//! mention, so they read this view rather than depend on a full tokeniser.

use entente_model::{Sentence, Span};

/// One word or punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub is_word: bool,
}

/// The words of a text, with a lookup from byte offset to word index.
pub struct Words<'a> {
    pub text: &'a str,
    pub list: Vec<Word>,
    /// Per word, whether its sentence is cased like a headline (empty when none is), where a
    /// capital says nothing about a name.
    in_headline: Vec<bool>,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        // English news runs about one word or mark per five bytes: room for all, without regrowing.
        let mut list = Vec::with_capacity(text.len() / 4 + 1);
        let mut current: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII letters and digits (most characters) in one tight scan, no decoding.
            let run = bytes[i..]
                .iter()
                .position(|&b| !entente_text::is_ascii_word_byte(b))
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                current.get_or_insert(i);
                i += run;
                continue;
            }
            let at = i;
            let c = if bytes[at].is_ascii() {
                char::from(bytes[at])
            } else {
                text[at..].chars().next().unwrap_or(' ')
            };
            i += c.len_utf8();
            if !c.is_ascii() && c.is_alphanumeric() {
                current.get_or_insert(at);
                continue;
            }
            if let Some(start) = current.take() {
                list.push(Word {
                    span: Span::new(start, at),
                    is_word: true,
                });
            }
            if !c.is_whitespace() {
                list.push(Word {
                    span: Span::new(at, i),
                    is_word: false,
                });
            }
        }
        if let Some(start) = current {
            list.push(Word {
                span: Span::new(start, text.len()),
                is_word: true,
            });
        }
        Self {
            text,
            list,
            in_headline: Vec::new(),
        }
    }

    /// The words of `text` split into `sentences` (one sentence when there are none), with the
    /// words of headline-cased sentences marked (see [`entente_text::is_headline_cased`]).
    pub fn with_sentences(text: &'a str, sentences: &[Sentence]) -> Self {
        let mut words = Self::new(text);
        let whole = [Sentence {
            index: 0,
            span: Span::new(0, text.len()),
            paragraph: 0,
        }];
        let sentences = if sentences.is_empty() {
            &whole[..]
        } else {
            sentences
        };
        for sentence in sentences {
            let first = words.at_or_after(sentence.span.start);
            let range = first..words.at_or_after(sentence.span.end).max(first);
            let forms = words.list[range.clone()]
                .iter()
                .filter(|w| w.is_word)
                .map(|w| w.span.slice(text));
            if entente_text::is_headline_cased(forms) {
                words.in_headline.resize(words.list.len(), false);
                words.in_headline[range].fill(true);
            }
        }
        words
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn text_of(&self, i: usize) -> &'a str {
        self.list.get(i).map_or("", |w| w.span.slice(self.text))
    }

    /// Index of the first word starting at or after `offset`.
    pub fn at_or_after(&self, offset: usize) -> usize {
        self.list.partition_point(|w| w.span.start < offset)
    }

    /// Index of the last word ending at or before `offset`, if any.
    pub fn before(&self, offset: usize) -> Option<usize> {
        self.list
            .partition_point(|w| w.span.end <= offset)
            .checked_sub(1)
    }

    /// Whether word `i` is a word (not punctuation) equal to `s`, ignoring ASCII case.
    pub fn is(&self, i: usize, s: &str) -> bool {
        // Lengths first: the context rules ask this of nearly every word, and most differ.
        self.list.get(i).is_some_and(|w| {
            w.is_word && w.span.len() == s.len() && w.span.slice(self.text).eq_ignore_ascii_case(s)
        })
    }

    /// Whether word `i` is one of `set` (lower-case entries), ignoring case.
    pub fn is_any(&self, i: usize, set: &[&str]) -> bool {
        // The word is looked up and sliced once for the whole set.
        let Some(word) = self.list.get(i).filter(|w| w.is_word) else {
            return false;
        };
        let text = word.span.slice(self.text);
        // Length and first letter rule out almost every entry before a whole comparison.
        let first = text.as_bytes().first().map(u8::to_ascii_lowercase);
        set.iter().any(|s| {
            s.len() == text.len()
                && s.as_bytes().first().map(u8::to_ascii_lowercase) == first
                && text.eq_ignore_ascii_case(s)
        })
    }

    /// Whether word `i` lies in a sentence cased like a headline.
    pub fn in_headline(&self, i: usize) -> bool {
        self.in_headline.get(i).copied().unwrap_or(false)
    }

    /// Whether word `i` starts with a capital that may mark a name: never in a headline.
    pub fn is_capitalised(&self, i: usize) -> bool {
        let Some(word) = self.list.get(i).filter(|w| w.is_word) else {
            return false;
        };
        if self.in_headline(i) {
            return false;
        }
        // An ASCII initial (most words) is tested on its byte, without slicing or decoding.
        match self.text.as_bytes().get(word.span.start) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self
                .text_of(i)
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
        }
    }

    pub fn is_lowercase_word(&self, i: usize) -> bool {
        self.list.get(i).is_some_and(|w| w.is_word)
            && self
                .text_of(i)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    }

    /// Whether word `i` is a possessive marker: `'s` or `’s` starting at word `i` (the apostrophe).
    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.text_of(i), "'" | "’") && self.is(i + 1, "s")
    }

    /// Whether only whitespace separates byte offsets `a` and `b`.
    pub fn adjacent(&self, a: usize, b: usize) -> bool {
        a <= b
            && self
                .text
                .get(a..b)
                .is_some_and(|s| s.chars().all(char::is_whitespace))
    }
}
