//! Character references left in plain text, decoded without moving the words around them.
//!
//! Feeds and scraped corpora carry HTML references into text that is not HTML: "Hamas&#39;s
//! leader", "&quot;a red line&quot;", and in AG News, whose crawler replaced every "&" with a space,
//! "Israel #39;s army" and "said  quot;the talks". Read as they are, they give the tagger words such
//! as "#", "39", ";" and "quot", and the parser builds its tree around them.
//!
//! Offsets must keep pointing into the text as it was given, so a reference is replaced by its
//! character and spaces, in exactly its own bytes: the character goes next to the word it belongs
//! to. After a letter, an apostrophe or a letter joins that word ("Israel's", "don't", "José"),
//! and the rest of the word (at most a few letters) moves left to meet it; otherwise the spaces
//! come first and the character touches the word after it ("    \"the", "   $50").
use memchr::memchr_iter;

/// References whose "&" was lost (AG News): only names that are never English words.
const STRAY_NAMES: &[&str] = &["quot", "amp", "lt", "gt", "apos", "nbsp"];

/// The longest reference name looked at ("#x1F600", "thinsp").
const MAX_NAME: usize = 8;

/// `text` with its character references decoded in place, byte for byte the same length;
/// `None` when it has none, so that the common case copies nothing.
pub fn decode_plain_text_references(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    // Bytes before this were rewritten by a join; a reference inside them is left alone.
    let mut written_to = 0;
    for semicolon in memchr_iter(b';', bytes) {
        let Some(reference) = find_reference(text, semicolon) else {
            continue;
        };
        if reference.start < written_to {
            continue;
        }
        let out = out.get_or_insert_with(|| bytes.to_vec());
        written_to = reference.write(text, out);
    }
    // Every rewrite replaced ASCII bytes by whole characters and spaces.
    out.map(|bytes| String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()))
}

/// One reference: the bytes it takes and what it stands for.
struct Reference {
    start: usize,
    /// Just past its ';'.
    end: usize,
    /// `None` for a reference to nothing (a soft hyphen).
    decoded: Option<char>,
}

/// The reference that ends with the ';' at `semicolon`, if one does.
fn find_reference(text: &str, semicolon: usize) -> Option<Reference> {
    let bytes = text.as_bytes();
    let mut name_start = semicolon;
    while name_start > 0
        && semicolon - name_start < MAX_NAME
        && bytes[name_start - 1].is_ascii_alphanumeric()
    {
        name_start -= 1;
    }
    if name_start > 0 && bytes[name_start - 1] == b'#' {
        name_start -= 1;
    }
    let name = &text[name_start..semicolon];
    if name.is_empty() {
        return None;
    }
    let before = name_start.checked_sub(1).map(|i| bytes[i]);
    let (start, decoded) = if before == Some(b'&') {
        (name_start - 1, crate::html::decode_reference(name)?)
    } else {
        (name_start, decode_stray(name, before)?)
    };
    let mut reference = Reference {
        start,
        end: semicolon + 1,
        decoded,
    };
    // The space a lost "&" became belongs to an apostrophe that ends the word before it.
    if before != Some(b'&')
        && reference.decoded.is_some_and(is_apostrophe)
        && start >= 2
        && bytes[start - 1] == b' '
        && bytes[start - 2].is_ascii_alphabetic()
    {
        reference.start -= 1;
    }
    let fits = reference.decoded.map_or(0, char::len_utf8) <= reference.end - reference.start;
    fits.then_some(reference)
}

/// A reference whose "&" was lost, read only where it cannot be anything else: a numeric one
/// that stands for a symbol or an accented letter, or one of [`STRAY_NAMES`] after no letter.
fn decode_stray(name: &str, before: Option<u8>) -> Option<Option<char>> {
    if let Some(digits) = name.strip_prefix('#') {
        if !(2..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let decoded = crate::html::decode_reference(name)??;
        let plausible = !decoded.is_control()
            && !decoded.is_ascii_alphanumeric()
            && decoded != char::REPLACEMENT_CHARACTER;
        return plausible.then_some(Some(decoded));
    }
    let after_a_word = before.is_some_and(|b| b.is_ascii_alphanumeric());
    if after_a_word || !STRAY_NAMES.contains(&name) {
        return None;
    }
    crate::html::decode_reference(name)
}

impl Reference {
    /// Writes the decoded reference over its bytes of `out`; returns the end of what was written.
    fn write(&self, text: &str, out: &mut [u8]) -> usize {
        let mut encoded = [0; 4];
        let decoded: &[u8] = match self.decoded {
            Some(c) => c.encode_utf8(&mut encoded).as_bytes(),
            None => &[],
        };
        let joins_the_word_before = text[..self.start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && self
                .decoded
                .is_none_or(|c| c.is_alphabetic() || is_apostrophe(c));
        if !joins_the_word_before {
            let pad = self.end - self.start - decoded.len();
            out[self.start..self.start + pad].fill(b' ');
            out[self.start + pad..self.end].copy_from_slice(decoded);
            return self.end;
        }
        let rest_of_word = text[self.end..]
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(i, _)| self.end + i);
        let tail = &text.as_bytes()[self.end..rest_of_word];
        let mut at = self.start;
        for part in [decoded, tail] {
            out[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        out[at..rest_of_word].fill(b' ');
        rest_of_word
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

#[cfg(test)]
mod tests {
    use super::decode_plain_text_references as decode;

    #[test]
    fn a_lost_ampersand_is_read_as_the_reference_it_was() {
        assert_eq!(
            decode("Israel #39;s army attacked Gaza.").as_deref(),
            Some("Israel's     army attacked Gaza.")
        );
        assert_eq!(
            decode("Russia said  quot;the talks failed quot; on Monday").as_deref(),
            Some("Russia said      \"the talks failed     \" on Monday")
        );
        assert_eq!(
            decode("They didn #39;t pay  #36;50 million").as_deref(),
            Some("They didn't     pay     $50 million")
        );
        assert_eq!(
            decode("Dell Inc. &lt;DELL.O&gt; rose").as_deref(),
            Some("Dell Inc.    <DELL.O   > rose")
        );
    }

    #[test]
    fn whole_references_join_the_word_they_sit_in() {
        assert_eq!(
            decode("Hamas&#39;s leader Jos&eacute; Ramos&#151;a").as_deref(),
            Some("Hamas's     leader José       Ramos   —a")
        );
    }

    #[test]
    fn the_words_around_a_reference_keep_their_offsets() {
        let text = "Yesterday #39;s talks in Doha  quot;failed quot;, AT&amp;T said.";
        let decoded = decode(text).unwrap();
        assert_eq!(decoded.len(), text.len());
        for word in ["Yesterday", "talks", "Doha", "failed", "said"] {
            assert_eq!(decoded.find(word), text.find(word), "{word}");
        }
    }

    #[test]
    fn text_that_only_looks_like_a_reference_is_kept() {
        for text in [
            "Item #3; then item #4;",
            "the quota; the aquot; x",
            "R&D; fees",
            "no semicolon at all",
            "ends with &",
            ";;; #;",
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
    }
}
