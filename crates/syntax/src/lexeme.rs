//! What the tagger and parser know about a word on its own: hashes of its lowercased form,
//! affixes and shape, and its ambiguity class (the set of tags it had in training).

use crate::hash::{feature, fnv1a, Fnv1a};
use crate::perceptron::KeyMap;

/// Words seen fewer times than this in training get no ambiguity class, so that rare training
/// words look like the unseen words the tagger meets later.
pub(crate) const AMBIGUITY_MIN_COUNT: usize = 3;

/// Marks a position before the start or after the end of the sentence.
pub(crate) const OUTSIDE: u64 = 0x5eed_0f0f_f5e7;

/// The bit of `Lexeme::flags` set for a word with digits, whose `word` is the hash of its shape.
const HAS_DIGITS: u64 = 1 << 2;

pub(crate) struct Lexeme {
    /// The lowercased form; numbers are reduced to their shape so `1998` and `2014` look alike.
    pub(crate) word: u64,
    pub(crate) prefixes: [u64; 3],
    pub(crate) suffixes: [u64; 4],
    /// Character classes with runs collapsed: `Xx`, `d.d`, `x-x`.
    pub(crate) shape: u64,
    /// Capitalisation, digits and hyphens as bits.
    pub(crate) flags: u64,
    /// The tags seen for the word in training, or a marker for rare and unseen words.
    pub(crate) ambiguity: u64,
}

impl Lexeme {
    pub(crate) fn new(form: &str, tag_dictionary: &KeyMap<u64>) -> Lexeme {
        let lower = form.to_lowercase();
        let mut shape = Fnv1a::default();
        let mut last_class = '\0';
        let (mut upper, mut alphabetic, mut digits, mut hyphen) = (0usize, 0usize, 0usize, false);
        for c in form.chars() {
            let class = if c.is_uppercase() {
                upper += 1;
                alphabetic += 1;
                'X'
            } else if c.is_alphabetic() {
                alphabetic += 1;
                'x'
            } else if c.is_ascii_digit() {
                digits += 1;
                'd'
            } else {
                hyphen |= c == '-';
                c
            };
            if class != last_class {
                shape.write(class.encode_utf8(&mut [0; 4]).as_bytes());
                last_class = class;
            }
        }
        let initial_upper = form.chars().next().is_some_and(char::is_uppercase);
        let flags = u64::from(initial_upper)
            | u64::from(upper > 1 && upper == alphabetic) << 1
            | u64::from(digits > 0) << 2
            | u64::from(hyphen) << 3;
        let shape_hash = shape.finish();
        let word = if digits > 0 {
            feature(1, &[shape_hash])
        } else {
            fnv1a(lower.as_bytes())
        };
        // The first one to three characters, and the last one to four (the whole word when it
        // is shorter).
        let prefixes = std::array::from_fn(|i| {
            let end = lower
                .char_indices()
                .nth(i + 1)
                .map_or(lower.len(), |(at, _)| at);
            fnv1a(&lower.as_bytes()[..end])
        });
        let suffixes = std::array::from_fn(|i| {
            let start = lower.char_indices().nth_back(i).map_or(0, |(at, _)| at);
            fnv1a(&lower.as_bytes()[start..])
        });
        let ambiguity = tag_dictionary.get(&word).copied().unwrap_or(OUTSIDE ^ 1);
        Lexeme {
            word,
            prefixes,
            suffixes,
            shape: shape_hash,
            flags,
            ambiguity,
        }
    }

    /// Whether `word` is the hash of the lowercased form (not of a number's shape), so that
    /// every feature of the form alone is a function of `word`.
    pub(crate) fn word_is_form(&self) -> bool {
        self.flags & HAS_DIGITS == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_and_shapes_count_characters_not_bytes() {
        let dictionary = KeyMap::default();
        let word = Lexeme::new("Ünïcode", &dictionary);
        assert_eq!(word.prefixes[0], fnv1a("ü".as_bytes()));
        assert_eq!(word.prefixes[2], fnv1a("ünï".as_bytes()));
        assert_eq!(word.suffixes[0], fnv1a(b"e"));
        assert_eq!(word.suffixes[3], fnv1a(b"code"));
        assert_eq!(word.shape, fnv1a(b"Xx"));
        let short = Lexeme::new("é-1", &dictionary);
        assert_eq!(
            short.prefixes,
            [
                fnv1a("é".as_bytes()),
                fnv1a("é-".as_bytes()),
                fnv1a("é-1".as_bytes())
            ]
        );
        assert_eq!(short.suffixes[3], fnv1a("é-1".as_bytes()));
        assert_eq!(short.shape, fnv1a(b"x-d"));
        assert!(!short.word_is_form());
    }
}
