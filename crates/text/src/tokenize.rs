//! Tokenisation of one span into words, numbers, punctuation and quotes, in a single pass.
//!
//! Words keep internal hyphens ("al-Sisi"), apostrophes ("O’Brien") and the periods of dotted
//! acronyms ("U.S."); en and em dashes split ("Baku–Tbilisi"). The possessive "’s" is its own
//! token so that "Israel’s" yields "Israel", and a negation "n't" is its own token as in the
//! treebank the parser learnt from ("didn't" → "did" "n't", "won't" → "wo" "n't"), so that the
//! parser reads the auxiliary and the coder the negation. Numbers keep thousands separators and
//! decimals.
use entente_model::{Span, Token, TokenKind};
use unicode_normalization::char::is_combining_mark;

/// Tokenises `span` of `text`; token spans are byte offsets into `text`.
///
/// A span that runs past the text or off a char boundary is clamped to the nearest valid range.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let span = clamp_span(text, span);
    let mut tokens = Vec::with_capacity(span.len() / 5 + 1);
    let mut pos = span.start;
    let end = span.end;
    let bytes = text.as_bytes();
    while pos < end {
        // ASCII spaces, letters and digits, most of any text, are told apart without decoding.
        let b = bytes[pos];
        if matches!(b, b' ' | b'\t'..=b'\r') {
            pos += 1;
            continue;
        }
        let (token_end, kind) = if ASCII_CLASS[usize::from(b)] != 0 {
            scan_word(text, pos, end)
        } else {
            let c = char_at(text, pos);
            let next = pos + c.len_utf8();
            if c.is_whitespace() || is_invisible(c) {
                pos = next;
                continue;
            }
            if c.is_alphanumeric() {
                scan_word(text, pos, end)
            } else if is_apostrophe(c) && starts_possessive(text, next, end) {
                (next + 1, TokenKind::Word)
            } else if is_quote(c) {
                (next, TokenKind::Quote)
            } else if c == '.' {
                (run_of(text, pos, end, '.'), TokenKind::Punct)
            } else {
                (next, TokenKind::Punct)
            }
        };
        tokens.push(Token {
            span: Span::new(pos, token_end),
            kind,
        });
        pos = token_end;
    }
    tokens
}

/// Clamps a span to the text and to char boundaries, never panicking.
pub(crate) fn clamp_span(text: &str, span: Span) -> Span {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let end = floor(span.end);
    Span::new(floor(span.start).min(end), end)
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// Each byte's class: an ASCII letter, an ASCII digit, or neither (0), looked up once per byte
/// of a word.
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphabetic() {
            table[b] = LETTER;
        } else if byte.is_ascii_digit() {
            table[b] = DIGIT;
        }
        b += 1;
    }
    table
};

/// Whether `b` is an ASCII letter or digit, by one table lookup: cheaper than the range tests of
/// `u8::is_ascii_alphanumeric` in the loops that scan every byte of a text for words.
#[inline]
pub fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_CLASS[usize::from(b)] != 0
}

/// Scans a word or number starting at `start`; returns its end and kind.
fn scan_word(text: &str, start: usize, end: usize) -> (usize, TokenKind) {
    let mut pos = start;
    let mut all_digits = true;
    // Letters in the current dot-separated segment; an acronym has one letter per segment.
    let mut segment_letters = 0usize;
    let mut acronym_dots = 0usize;
    let mut acronym = true;
    let bytes = text.as_bytes();
    while pos < end {
        // A run of ASCII letters and digits, the bulk of any English word, counted in one tight
        // scan without decoding a char.
        let mut run = 0;
        // The classes of the run's bytes, or-ed: letters only, digits only, or both.
        let mut classes = 0;
        for &b in &bytes[pos..end] {
            let class = ASCII_CLASS[usize::from(b)];
            if class == 0 {
                break;
            }
            classes |= class;
            run += 1;
        }
        if run > 0 {
            let mut run_end = pos + run;
            // "n't" can only start at the run's last letter: its apostrophe ends the run.
            let last = run_end - 1;
            let negation = last > start
                && matches!(bytes[last], b'n' | b'N')
                && starts_negation(text, last, end);
            if negation {
                run_end = last;
                classes = bytes[pos..run_end]
                    .iter()
                    .fold(0, |classes, &b| classes | ASCII_CLASS[usize::from(b)]);
            }
            if run_end > pos {
                all_digits &= classes & LETTER == 0;
                // One letter per dot-separated segment, and no digit. Once that fails the count
                // no longer matters.
                if classes == LETTER {
                    segment_letters += run_end - pos;
                    acronym &= segment_letters <= 1;
                } else {
                    acronym = false;
                }
            }
            pos = run_end;
            // A space after the run (the usual end of a word) or the span's end joins nothing.
            if negation || pos == end || bytes[pos].is_ascii_whitespace() {
                break;
            }
            continue;
        }
        let b = bytes[pos];
        // ASCII whitespace (the usual end of a word) joins nothing: no need to look further.
        if b.is_ascii_whitespace() {
            break;
        }
        let c = char_at(text, pos);
        let next = pos + c.len_utf8();
        if c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c)) {
            all_digits &= c.is_ascii_digit();
            if c.is_alphabetic() {
                segment_letters += 1;
                acronym &= segment_letters == 1;
            } else {
                acronym = false;
            }
            pos = next;
            continue;
        }
        let after = if next < end {
            Some(char_at(text, next))
        } else {
            None
        };
        let joins_alnum = after.is_some_and(char::is_alphanumeric);
        match c {
            // Thousands separators and decimals inside numbers: 1,000 and 3.5.
            ',' | '.' if all_digits && after.is_some_and(|a| a.is_ascii_digit()) => pos = next + 1,
            // Dotted acronyms: U.S., a.m., e.g.; the final period belongs to the acronym.
            '.' if acronym && segment_letters == 1 => {
                acronym_dots += 1;
                segment_letters = 0;
                let continues = after.is_some_and(char::is_alphabetic);
                if continues || acronym_dots >= 2 {
                    pos = next;
                    if !continues {
                        break;
                    }
                } else {
                    break;
                }
            }
            '-' | '\u{2010}' | '\u{2011}' if joins_alnum && !all_digits => {
                acronym = false;
                pos = next;
            }
            c if is_apostrophe(c) && joins_alnum && !starts_possessive(text, next, end) => {
                acronym = false;
                pos = next;
            }
            _ => break,
        }
    }
    (
        pos,
        if all_digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        },
    )
}

/// True when `'s` starts at `pos` (just after an apostrophe) and ends the word.
fn starts_possessive(text: &str, pos: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    pos < end
        && (bytes[pos] == b's' || bytes[pos] == b'S')
        && (pos + 1 >= end || !char_at(text, pos + 1).is_alphanumeric())
}

/// True when `n't` (any apostrophe, any case) starts at `pos` and ends the word.
fn starts_negation(text: &str, pos: usize, end: usize) -> bool {
    let next = pos + 1;
    if next >= end || !is_apostrophe(char_at(text, next)) {
        return false;
    }
    let t = next + char_at(text, next).len_utf8();
    t < end
        && matches!(text.as_bytes()[t], b't' | b'T')
        && (t + 1 >= end || !char_at(text, t + 1).is_alphanumeric())
}

fn run_of(text: &str, start: usize, end: usize, c: char) -> usize {
    let run = text.as_bytes()[start..end]
        .iter()
        .take_while(|&&b| b == c as u8)
        .count();
    start + run
}

fn char_at(text: &str, pos: usize) -> char {
    match text.as_bytes().get(pos) {
        // An ASCII byte is a whole character: no decoding for most of any English text.
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[pos..].chars().next().unwrap_or('\0'),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Zero-width and format characters that carry no token of their own.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Every quotation mark, straight or typographic, single or double.
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '\u{00B4}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{02BC}'
            | '\u{2018}'..='\u{201F}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{300C}'..='\u{300F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| (t.span.slice(text), t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn possessive_is_its_own_token() {
        assert_eq!(words("Israel’s embassy"), ["Israel", "’s", "embassy"]);
        assert_eq!(words("Baku's arms"), ["Baku", "'s", "arms"]);
        assert_eq!(words("it’s"), ["it", "’s"]);
        assert_eq!(toks("Israel’s")[1].1, TokenKind::Word);
    }

    #[test]
    fn words_keep_hyphens_apostrophes_and_acronym_periods() {
        assert_eq!(
            words("al-Sisi met U.S. officials"),
            ["al-Sisi", "met", "U.S.", "officials"]
        );
        assert_eq!(words("rock'n'roll O’Brien"), ["rock'n'roll", "O’Brien"]);
        assert_eq!(words("at 10 a.m. today"), ["at", "10", "a.m.", "today"]);
        assert_eq!(words("e.g., this"), ["e.g.", ",", "this"]);
        assert_eq!(words("centuries-old ties"), ["centuries-old", "ties"]);
    }

    #[test]
    fn negation_is_its_own_token() {
        assert_eq!(words("didn't go"), ["did", "n't", "go"]);
        assert_eq!(words("WON’T"), ["WO", "N’T"]);
        assert_eq!(words("can't."), ["ca", "n't", "."]);
        assert_eq!(words("n't"), ["n't"]);
        assert_eq!(words("Dan'tel"), ["Dan'tel"]);
    }

    #[test]
    fn dashes_split_words() {
        assert_eq!(
            words("Baku–Tbilisi–Ceyhun"),
            ["Baku", "–", "Tbilisi", "–", "Ceyhun"]
        );
        assert_eq!(words("dynamically- we"), ["dynamically", "-", "we"]);
    }

    #[test]
    fn initials_and_sentence_periods_stay_separate() {
        assert_eq!(
            words("George W. Bush left."),
            ["George", "W", ".", "Bush", "left", "."]
        );
        assert_eq!(words("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(words("area…. Defense"), ["area", "…", ".", "Defense"]);
        assert_eq!(words("wait...."), ["wait", "...."]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1,000 and 3.5 and 40 percent"),
            [
                ("1,000", TokenKind::Number),
                ("and", TokenKind::Word),
                ("3.5", TokenKind::Number),
                ("and", TokenKind::Word),
                ("40", TokenKind::Number),
                ("percent", TokenKind::Word)
            ]
        );
        assert_eq!(
            words("a 100-percent tariff"),
            ["a", "100", "-", "percent", "tariff"]
        );
        assert_eq!(words("2023)."), ["2023", ")", "."]);
        assert_eq!(words("the 29th Conference"), ["the", "29th", "Conference"]);
    }

    #[test]
    fn quotes_are_quote_tokens() {
        let t = toks("“terror state” and \"tyrant\" and ‘x’");
        let quotes: Vec<&str> = t
            .iter()
            .filter(|(_, k)| *k == TokenKind::Quote)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(quotes, ["“", "”", "\"", "\"", "‘", "’"]);
    }

    #[test]
    fn offsets_point_into_the_text_and_bad_spans_are_clamped() {
        let text = "Türkiye and İsrail";
        let t = tokenize(text, Span::new(9, 999));
        assert_eq!(
            t.iter().map(|t| t.span.slice(text)).collect::<Vec<_>>(),
            ["and", "İsrail"]
        );
        // Start inside "ü" is moved to its boundary.
        let t = tokenize(text, Span::new(2, 5));
        assert!(t
            .iter()
            .all(|t| text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end)));
    }
}
