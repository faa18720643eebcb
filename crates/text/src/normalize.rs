//! Folding for dictionary matching: case, diacritics, quotes, dashes and spaces, with a byte map
//! from the folded buffer back to the original text.
//!
//! `normalize` and `fold` share one per-character function, so a dictionary phrase folded with
//! `fold` matches the same bytes of `normalize(text).text` that the text itself would produce.
use std::borrow::Cow;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Text folded for matching, with a map from each byte of `text` to a byte of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `to_original[i]` is the original byte offset of normalised byte `i`; one extra entry maps `text.len()`.
    pub to_original: Vec<usize>,
}

impl Normalized {
    /// Maps a half-open byte range of the normalised text back to the original text.
    /// Out-of-range ends are clamped, so the result is always a valid range of the original.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.to_original.len() - 1;
        let s = self.to_original[start.min(last)];
        let e = self.to_original[end.min(last)];
        (s, e.max(s))
    }
}

/// Folds the whole text for matching; offsets map back through `to_original`.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Vec::with_capacity(text.len());
    let mut to_original = Vec::with_capacity(text.len() + 1);
    let bytes = text.as_bytes();
    let mut offset = 0;
    while offset < bytes.len() {
        // A run of ASCII (most of any English text) folds byte for byte: one bulk extend of each
        // buffer, no decoding, no per-char closure.
        let run = bytes[offset..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - offset);
        if run > 0 {
            let ascii = &bytes[offset..offset + run];
            out.extend(ascii.iter().map(|&b| fold_ascii(char::from(b)) as u8));
            to_original.extend(offset..offset + run);
            offset += run;
            continue;
        }
        let Some(c) = text[offset..].chars().next() else {
            break;
        };
        let before = out.len();
        fold_char(c, &mut |f| {
            out.extend_from_slice(f.encode_utf8(&mut [0; 4]).as_bytes())
        });
        to_original.resize(to_original.len() + (out.len() - before), offset);
        offset += c.len_utf8();
    }
    to_original.push(text.len());
    Normalized {
        // Whole characters were appended, so the bytes are UTF-8.
        text: String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        to_original,
    }
}

/// Whether `fold` changes each byte: non-ASCII, upper case or the backtick. Looked up, since
/// `fold` tests every byte of every token.
const FOLD_CHANGES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = !byte.is_ascii() || byte.is_ascii_uppercase() || byte == b'`';
        b += 1;
    }
    table
};

/// Folds one short string (a token or dictionary phrase) the same way `normalize` does.
pub fn fold(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| FOLD_CHANGES[usize::from(b)]) {
        return Cow::Borrowed(s);
    }
    if s.is_ascii() {
        // Capitalised ASCII words, the usual case here: lower-case them in one pass.
        let lower = s.to_ascii_lowercase();
        return Cow::Owned(if lower.contains('`') {
            lower.replace('`', "'")
        } else {
            lower
        });
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    Cow::Owned(out)
}

/// Whether `fold(s)` starts with `folded_prefix`, without building the fold of an ASCII `s`: a
/// name is often tested against many dictionary forms and rarely matches.
pub fn fold_starts_with(s: &str, folded_prefix: &str) -> bool {
    if !s.is_ascii() {
        return fold(s).starts_with(folded_prefix);
    }
    s.len() >= folded_prefix.len()
        && s.bytes()
            .zip(folded_prefix.bytes())
            .all(|(b, f)| fold_ascii(char::from(b)) as u8 == f)
}

/// Emits the folded form of one character: hand-made folds first (so "´" stays an apostrophe
/// rather than decomposing to a space), then compatibility decomposition with combining marks
/// dropped, lower-cased, and hand-made folds again for letters that only appear after lower-casing.
pub fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(fold_ascii(c));
        return;
    }
    if let Some(special) = fold_special(c) {
        special.into_iter().for_each(&mut *emit);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for lower in d.to_lowercase() {
            match fold_special(lower) {
                Some(special) => special.into_iter().for_each(&mut *emit),
                None if is_combining_mark(lower) => {}
                None => emit(lower),
            }
        }
    });
}

/// The fold of an ASCII character: lower case, and the backtick as an apostrophe.
fn fold_ascii(c: char) -> char {
    if c == '`' {
        '\''
    } else {
        c.to_ascii_lowercase()
    }
}

/// Hand-made folds: `None` when the character has none, `Some(None)` to drop it (invisible format
/// characters).
fn fold_special(c: char) -> Option<Option<char>> {
    let folded = match c {
        // Apostrophes and single quotes, including the modifier letter and the acute accent used as one.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}'
        | '\u{00B4}' | '\u{2032}' | '\u{2039}' | '\u{203A}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            return Some(None)
        }
        // Letters with a stroke or other marks that Unicode does not decompose.
        '\u{0131}' => 'i',
        '\u{0259}' => 'e',
        '\u{00F8}' => 'o',
        '\u{0142}' => 'l',
        '\u{0111}' | '\u{00F0}' => 'd',
        '\u{0127}' => 'h',
        c if !c.is_ascii() && c.is_whitespace() => ' ',
        _ => return None,
    };
    Some(Some(folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_turkish_and_azerbaijani_letters() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Erdoğan"), "erdogan");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Kırıkkale"), "kirikkale");
        assert_eq!(fold("Şuşa Çay"), "susa cay");
        assert_eq!(fold("Əliyev"), "eliyev");
        assert_eq!(fold("İlham Əliyev"), "ilham eliyev");
    }

    #[test]
    fn unifies_quotes_dashes_and_spaces() {
        assert_eq!(fold("Israel’s"), "israel's");
        assert_eq!(fold("ʼ´`‘"), "''''");
        assert_eq!(fold("“terror” «state»"), "\"terror\" \"state\"");
        assert_eq!(fold("Baku–Tbilisi—Ceyhan ‐‑−"), "baku-tbilisi-ceyhan ---");
        assert_eq!(fold("a\u{00A0}b\u{2009}c\u{3000}d"), "a b c d");
    }

    #[test]
    fn fold_starts_with_agrees_with_fold() {
        for (s, prefix) in [
            ("Erdoğan", "erdo"),
            ("O`Neill", "o'n"),
            ("McCain", "mcc"),
            ("McCain", "mccain"),
            ("McCain", "mccains"),
            ("Bush", "ba"),
            ("Bush", ""),
            ("Türkiye", "tu"),
        ] {
            assert_eq!(
                fold_starts_with(s, prefix),
                fold(s).starts_with(prefix),
                "{s} {prefix}"
            );
        }
    }

    #[test]
    fn ascii_lowercase_is_borrowed() {
        assert!(matches!(fold("tel aviv"), Cow::Borrowed(_)));
        assert!(matches!(fold("Tel Aviv"), Cow::Owned(_)));
    }

    #[test]
    fn normalize_agrees_with_fold_and_maps_back() {
        let text = "President Erdoğan met İlham Əliyev in Türkiye’s capital.";
        let n = normalize(text);
        assert_eq!(n.text, fold(text));
        assert_eq!(n.to_original.len(), n.text.len() + 1);
        let i = n.text.find("erdogan").unwrap();
        let (s, e) = n.original_range(i, i + "erdogan".len());
        assert_eq!(&text[s..e], "Erdoğan");
        let i = n.text.find("ilham eliyev").unwrap();
        let (s, e) = n.original_range(i, i + "ilham eliyev".len());
        assert_eq!(&text[s..e], "İlham Əliyev");
        let i = n.text.find("turkiye's").unwrap();
        let (s, e) = n.original_range(i, i + "turkiye".len());
        assert_eq!(&text[s..e], "Türkiye");
    }

    #[test]
    fn decomposed_input_maps_marks_into_the_match() {
        // "Erdog" + combining breve + "an": the mark is dropped but stays inside the mapped span.
        let text = "Erdog\u{0306}an said";
        let n = normalize(text);
        assert_eq!(n.text, "erdogan said");
        let (s, e) = n.original_range(0, 7);
        assert_eq!(&text[s..e], "Erdog\u{0306}an");
    }

    #[test]
    fn fold_is_idempotent_on_mixed_text() {
        let text = "Ǆemal’s “ﬁrst” İĞÜŞÖÇ ıə ½ …";
        let once = fold(text).into_owned();
        assert_eq!(fold(&once), once);
    }
}
