//! Sentence segmentation: first the text is cut into blocks (paragraphs, bullet items, headings),
//! then each block is split at terminal punctuation that a following capital confirms.
//!
//! The splitter looks one word back and one word ahead of each candidate: titles ("Gen.",
//! "Mr.") never end a sentence, abbreviations and initials ("U.S.", "Inc.", "W.") end one only
//! before a common sentence starter ("The", "He", "But"), and anything followed by a lower-case
//! word does not. Parenthetical citations stay inside their sentence.
//!
//! No sentence is longer than [`MAX_SENTENCE_TOKENS`] tokens: text without terminal punctuation
//! (scraped tables, lists, boilerplate) is cut into pieces of at most that length, so that every
//! later stage's per-sentence cost is bounded whatever the input.
use crate::tokenize::tokenize;
use entente_model::{Sentence, Span, Token};

/// The longest sentence, in tokens ([`tokenize`]'s), that later stages are given. News sentences
/// are rarely over 80 tokens; a longer run is cut, preferably after a clause boundary (`,` `;` `:`
/// or a line end) in the second half of the window, else at exactly this many tokens.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Sentences, and which of them were cut at [`MAX_SENTENCE_TOKENS`] (the text after each such
/// sentence, up to its terminal punctuation, continues in the next).
#[derive(Debug, Default)]
pub struct Segmentation {
    pub sentences: Vec<Sentence>,
    /// Indices into `sentences` of the pieces that end at a cut rather than a sentence end.
    pub cut: Vec<usize>,
}

/// Splits the document text into sentences with byte spans and paragraph indices.
///
/// Spans are trimmed of surrounding whitespace; a bullet item's span starts after its marker.
/// Sentences longer than [`MAX_SENTENCE_TOKENS`] are cut; [`segment_reporting_cuts`] says where.
pub fn segment(text: &str) -> Vec<Sentence> {
    segment_reporting_cuts(text).sentences
}

/// [`segment`], also returning which sentences were cut at the length limit, for a diagnostic.
pub fn segment_reporting_cuts(text: &str) -> Segmentation {
    let mut out = Segmentation::default();
    for (paragraph, block) in blocks(text).into_iter().enumerate() {
        split_block(text, block, paragraph, &mut out);
    }
    out
}

/// Cuts the text into blocks: blank-line separated paragraphs, each bullet item, each heading line.
/// Returned spans are trimmed and non-empty.
fn blocks(text: &str) -> Vec<Span> {
    let lines: Vec<Span> = lines(text).collect();
    let mut blocks = Vec::new();
    let mut current: Option<Span> = None;
    let close = |current: &mut Option<Span>, blocks: &mut Vec<Span>| {
        if let Some(b) = current.take() {
            blocks.push(b);
        }
    };
    for (i, &line) in lines.iter().enumerate() {
        if line.is_empty() {
            close(&mut current, &mut blocks);
            continue;
        }
        if let Some(content_start) = bullet_content_start(text, line) {
            close(&mut current, &mut blocks);
            current = trim(text, Span::new(content_start, line.end));
            continue;
        }
        let next = lines.get(i + 1).copied().filter(|l| !l.is_empty());
        if current.is_none() && next.is_some_and(|n| is_heading(text, line, n)) {
            blocks.push(line);
            continue;
        }
        current = Some(match current {
            Some(b) => Span::new(b.start, line.end),
            None => line,
        });
    }
    close(&mut current, &mut blocks);
    blocks
}

/// The trimmed content of every line; blank lines are empty spans.
fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > text.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = Span::new(start, end);
        start = end + 1;
        Some(trim(text, line).unwrap_or(Span::new(line.start, line.start)))
    })
}

/// A line is a bullet item when it starts with a bullet glyph, "-", "*" or "1." / "1)" and a space.
/// Returns where the item's text starts.
fn bullet_content_start(text: &str, line: Span) -> Option<usize> {
    let s = line.slice(text);
    let marker_len = match s.chars().next()? {
        '•' | '◦' | '▪' | '‣' | '·' | '●' | '○' | '■' | '-' | '*' | '–' | '—' => {
            s.chars().next()?.len_utf8()
        }
        c if c.is_ascii_digit() => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let delimited = matches!(s.as_bytes().get(digits), Some(b'.' | b')'));
            if digits > 2 || !delimited {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let rest = &s[marker_len..];
    let content = rest.trim_start();
    (content.len() < rest.len() && !content.is_empty()).then(|| line.end - content.len())
}

/// A heading directly followed by a text line: short, capitalised, no final punctuation, and not
/// ending in a word that would continue a hard-wrapped sentence.
fn is_heading(text: &str, line: Span, next: Span) -> bool {
    let s = line.slice(text);
    let starts_upper = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let ends_open = s
        .chars()
        .next_back()
        .is_some_and(|c| !(c.is_alphanumeric() || c == ')'));
    let last_word = s.rsplit(char::is_whitespace).next().unwrap_or("");
    let next_starts_upper = next
        .slice(text)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || is_opening(c));
    // A hard-wrapped line is about as long as the next one; a heading is shorter or in title case.
    let title_case = s
        .split_whitespace()
        .all(|w| w.len() < 4 || !w.starts_with(char::is_lowercase));
    let shorter = s.len() * 4 < next.len() * 3;
    starts_upper
        && !ends_open
        && s.split_whitespace().count() <= 12
        && (title_case || shorter)
        && next_starts_upper
        && !CONTINUATION_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(last_word))
}

/// Words that end a hard-wrapped line far more often than a heading.
const CONTINUATION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "that", "which", "who", "is", "are", "was", "were", "has", "have", "had", "its",
    "their", "his", "her",
];

fn trim(text: &str, span: Span) -> Option<Span> {
    let s = span.slice(text);
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = span.start + (s.len() - s.trim_start().len());
    Some(Span::new(start, start + trimmed.len()))
}

/// Splits one block into sentences, appending them to `out`.
fn split_block(text: &str, block: Span, paragraph: usize, out: &mut Segmentation) {
    let push = |span: Span, out: &mut Segmentation| {
        if let Some(span) = trim(text, span) {
            push_bounded(text, span, paragraph, out);
        }
    };
    // A credit may come before the dateline ("Canadian Press - CANBERRA, Australia (AP) - ").
    let mut sentence_start = block.start;
    for _ in 0..2 {
        let rest = Span::new(sentence_start, block.end);
        let opening = rest.slice(text);
        let Some(end) = dateline_end(opening.trim_start()) else {
            break;
        };
        let end = end + (opening.len() - opening.trim_start().len());
        push(Span::new(sentence_start, sentence_start + end), out);
        sentence_start += end;
    }
    let mut pos = sentence_start;
    let mut paren_depth = 0usize;
    let bytes = text.as_bytes();
    // Byte by byte: the brackets and ASCII terminals are single bytes, and every other terminal
    // starts with 0xE2, which is never a continuation byte, so `pos` is on a char boundary whenever
    // a char is decoded.
    while pos < block.end {
        // Most bytes are none of those matched below: a table skips them in a tight loop.
        pos += bytes[pos..block.end]
            .iter()
            .position(|&b| SPLITTER_STOPS[usize::from(b)])
            .unwrap_or(block.end - pos);
        if pos == block.end {
            break;
        }
        match bytes[pos] {
            b'(' | b'[' => paren_depth += 1,
            b')' | b']' => paren_depth = paren_depth.saturating_sub(1),
            b'.' | b'!' | b'?' | 0xE2 if is_terminal(char_at(text, pos)) => {
                let run_end = skip_while(text, pos, block.end, is_terminal);
                if let Some(end) = boundary_after(text, block, pos, run_end, paren_depth) {
                    push(Span::new(sentence_start, end), out);
                    sentence_start = end;
                    pos = end;
                    paren_depth = 0;
                } else {
                    pos = run_end;
                }
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    push(Span::new(sentence_start, block.end), out);
}

/// The bytes `split_block` looks at: brackets, the ASCII terminals and 0xE2, which starts every
/// other terminal.
const SPLITTER_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    let bytes = b"([)].!?\xE2";
    while i < bytes.len() {
        stops[bytes[i] as usize] = true;
        i += 1;
    }
    stops
};

/// Wire services whose name alone opens a story ("Reuters - Kerry dismissed ..."), in the
/// spelling they use in a credit.
const WIRE_SERVICES: &[&str] = &[
    "Reuters",
    "Xinhua",
    "Bloomberg",
    "Sputnik",
    "Anadolu",
    "Interfax",
    "Kyodo",
    "Yonhap",
    "Bernama",
    "Canadian Press",
    "Associated Press",
    "Press Association",
    "Agence France-Presse",
];

/// The end of a dateline or wire credit that opens a paragraph ("BAGHDAD (Reuters) - ", "KABUL,
/// Afghanistan -- ", "Reuters - ", "UNITED NATIONS: "), dash or colon included: it is a sentence of its own, so that the
/// place and agency it names are never read as the actors of the story's first sentence. A
/// dateline is short and names no act: every word in it is capitalised, a number or inside
/// parentheses, and it has a comma or parentheses, is all in capitals ("MOSCOW", "AFP"), or is a
/// wire service's name. A title-case headline ("US Troops Kill 5 - Officials") is none of these.
fn dateline_end(block: &str) -> Option<usize> {
    const DASHES: [&str; 6] = [" - ", " -- ", " — ", " – ", "-- ", "— "];
    // A dateline's head is short: its separator lies in the block's first bytes, and searching
    // the whole paragraph for one would cost a pass over every paragraph of every story.
    let opening = opening(block);
    // Every dash, the colon and a credit's bracket hold one of these bytes (0xE2 leads "—" and
    // "–"): one scan for them spares most paragraphs the eight searches below.
    if !opening
        .bytes()
        .any(|b| matches!(b, b'-' | b':' | b'(' | 0xE2))
    {
        return None;
    }
    let dash = DASHES
        .iter()
        .filter_map(|d| opening.find(d).map(|at| (at, d.len())))
        .min();
    // "KABUL (Pajhwok): ", "UNITED NATIONS: ": a colon ends a dateline only after a place in
    // capitals or an agency in parentheses, since "Putin: Russia will respond" is a headline.
    let colon = opening
        .find(": ")
        .filter(|&at| dash.is_none_or(|(dash_at, _)| at < dash_at))
        .and_then(|at| dateline_head(block, at, 2, true));
    colon
        .or_else(|| dash.and_then(|(at, len)| dateline_head(block, at, len, false)))
        .or_else(|| credit_end(block))
}

/// The end of a dateline closed by its agency's credit alone, with no dash ("CAIRO (AP) Acting
/// on ...", "United Nations, April 13 (IANS) Under pressure ..."), or with a stray mark a feed
/// left in the dash's place ("WASHINGTON (AP) \" President ..."). The credit is one capitalised
/// word or two joined by a slash; the story goes on with a capitalised word.
fn credit_end(block: &str) -> Option<usize> {
    let opening = opening(block);
    let open = opening.find(" (")? + 1;
    let close = open + opening[open..].find(')')?;
    let credit = &block[open + 1..close];
    let is_credit = !credit.is_empty()
        && credit.len() <= 20
        && credit
            .split('/')
            .all(|w| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphanumeric));
    if !is_credit {
        return None;
    }
    let rest = &block[close + 1..];
    let separator = rest.len()
        - rest
            .trim_start_matches([
                ' ', '"', '\u{201c}', '\u{201d}', '-', '\u{2013}', '\u{2014}', ':',
            ])
            .len();
    rest[separator..]
        .starts_with(char::is_uppercase)
        .then_some(())?;
    // The head before the credit is a place in capitals or a place and date ("CAIRO",
    // "KHARTOUM, March 16"): a title-case name with its acronym is no dateline ("International
    // Atomic Energy Agency (IAEA) Director-General ...").
    let head = &block[..open];
    let in_capitals = head.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    if !in_capitals && !head.contains(',') {
        return None;
    }
    dateline_head(block, close + 1, separator, false)
}

/// The end of the dateline whose head is `block[..at]`, closed by a separator `separator` bytes
/// long, if the head reads as one; after a colon (`strict`) it must be in capitals or name an
/// agency in parentheses.
/// The longest dateline head, in bytes ("ISLAMABAD, Pakistan : Nov 10 (SADA)").
const LONGEST_DATELINE: usize = 60;

/// The start of `block` that can hold a dateline with its separator (a dash of up to 5 bytes
/// with its spaces), cut on a character boundary.
fn opening(block: &str) -> &str {
    let mut end = block.len().min(LONGEST_DATELINE + 8);
    while !block.is_char_boundary(end) {
        end -= 1;
    }
    &block[..end]
}

fn dateline_head(block: &str, at: usize, separator: usize, strict: bool) -> Option<usize> {
    let head = &block[..at];
    if at > LONGEST_DATELINE || head.is_empty() {
        return None;
    }
    let mut depth = 0usize;
    let mut words = Vec::new();
    for piece in head.split_inclusive([' ', ',', ':', '(', ')', '/']) {
        let word = piece.trim_end_matches([' ', ',', ':', '(', ')', '/']);
        if !word.is_empty() && depth == 0 {
            words.push(word);
        }
        depth += piece.matches('(').count();
        depth = depth.saturating_sub(piece.matches(')').count());
    }
    let plain = |w: &&str| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && !w
                .chars()
                .any(|c| !c.is_alphanumeric() && !matches!(c, '.' | '\'' | '-'))
    };
    let in_capitals = |w: &&str| w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    let capitals = words.iter().all(in_capitals);
    // "BAGHDAD, Sept 12: ": a place in capitals and a date.
    let dated = words.len() > 1
        && in_capitals(&words[0])
        && words[1..].iter().all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || crate::dates::is_calendar_word(&w.trim_end_matches('.').to_lowercase())
        });
    let marked = if strict {
        capitals || head.contains('(') || dated
    } else {
        head.contains([',', '(']) || capitals
    };
    let credit =
        (1..=2).contains(&words.len()) && WIRE_SERVICES.contains(&words.join(" ").as_str());
    // "CPC - Caspian Policy Center" is a title: a story goes on in prose.
    let prose_follows = block[at + separator..]
        .split_whitespace()
        .any(|w| w.starts_with(char::is_lowercase));
    (!words.is_empty() && words.iter().all(plain) && (marked || credit) && prose_follows)
        .then_some(at + separator)
}

/// Appends the trimmed sentence `span`, cut into pieces of at most [`MAX_SENTENCE_TOKENS`] tokens.
fn push_bounded(text: &str, span: Span, paragraph: usize, out: &mut Segmentation) {
    let push = |span: Span, sentences: &mut Vec<Sentence>| {
        sentences.push(Sentence {
            index: sentences.len(),
            span,
            paragraph,
        });
    };
    // A token is at least one byte: a span this short cannot be over the limit.
    if span.len() <= MAX_SENTENCE_TOKENS {
        push(span, &mut out.sentences);
        return;
    }
    let tokens = tokenize(text, span);
    let mut first = 0;
    while tokens.len() - first > MAX_SENTENCE_TOKENS {
        let window = &tokens[first..first + MAX_SENTENCE_TOKENS];
        let last = clause_end(text, window).unwrap_or(window.len() - 1);
        out.cut.push(out.sentences.len());
        push(
            Span::new(window[0].span.start, window[last].span.end),
            &mut out.sentences,
        );
        first += last + 1;
    }
    let start = tokens.get(first).map_or(span.start, |t| t.span.start);
    push(Span::new(start, span.end), &mut out.sentences);
}

/// The last token of the window's second half that ends a clause: `,` `;` `:` or a line end.
fn clause_end(text: &str, window: &[Token]) -> Option<usize> {
    let half = window.len() / 2;
    (half..window.len()).rev().find(|&i| {
        let token = window[i].span;
        let ends_line = window
            .get(i + 1)
            .is_some_and(|next| text[token.end..next.span.start].contains('\n'));
        matches!(token.slice(text), "," | ";" | ":") || ends_line
    })
}

/// Decides whether the terminal run `[run_start, run_end)` ends a sentence; if so returns the
/// sentence end (after any closing quotes or brackets).
fn boundary_after(
    text: &str,
    block: Span,
    run_start: usize,
    run_end: usize,
    paren_depth: usize,
) -> Option<usize> {
    let close_end = skip_while(text, run_end, block.end, is_closing);
    let closed_parens = text[run_end..close_end]
        .chars()
        .filter(|&c| c == ')' || c == ']')
        .count();
    let next_start = skip_while(text, close_end, block.end, char::is_whitespace);
    if next_start == close_end || next_start >= block.end {
        return None;
    }
    // Inside a parenthesis that closes soon: a citation like "(see EDM, Nov. 30, 2022)".
    if paren_depth > closed_parens {
        let window = &text.as_bytes()[next_start..block.end.min(next_start + 250)];
        if memchr::memchr2(b')', b']', window).is_some() {
            return None;
        }
    }
    let word_start = skip_while(text, next_start, block.end, is_opening);
    let next_char = char_at(text, word_start);
    if next_char.is_lowercase() {
        return None;
    }
    let single_period = &text[run_start..run_end] == ".";
    if single_period && run_end == close_end {
        let previous = previous_word(text, block.start, run_start);
        match abbreviation_kind(previous) {
            Some(Abbreviation::Title) => return None,
            Some(Abbreviation::Ambiguous) => {
                let next_word = word_at(text, word_start, block.end);
                if next_char.is_ascii_digit() || !SENTENCE_STARTERS.contains(&next_word) {
                    return None;
                }
            }
            None => {}
        }
    }
    Some(close_end)
}

/// How a word followed by a period behaves at a possible sentence end.
enum Abbreviation {
    /// Never ends a sentence: "Gen. Hulusi Akar", "e.g. Iran".
    Title,
    /// Ends a sentence only before a sentence starter: "in the U.S. The", "Inc. But".
    Ambiguous,
}

fn abbreviation_kind(word: &str) -> Option<Abbreviation> {
    let eq = |list: &[&str]| list.iter().any(|a| a.eq_ignore_ascii_case(word));
    if eq(TITLES) {
        return Some(Abbreviation::Title);
    }
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let is_dotted = word.contains('.') && word.split('.').all(|seg| seg.chars().count() == 1);
    (is_initial || is_dotted || eq(AMBIGUOUS)).then_some(Abbreviation::Ambiguous)
}

const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "gens", "col", "lt", "sen", "sens", "rep", "reps",
    "gov", "pres", "capt", "cpt", "maj", "sgt", "adm", "cmdr", "brig", "rev", "hon", "amb",
    "messrs", "e.g", "i.e", "vs", "cf", "approx", "esp", "viz",
];

const AMBIGUOUS: &[&str] = &[
    "inc", "ltd", "co", "corp", "jr", "sr", "st", "etc", "no", "nos", "mt", "ft", "bros", "dept",
    "univ", "vol", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
];

/// Capitalised words that usually open a sentence rather than continue a name.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "Also",
    "If",
    "When",
    "While",
    "Although",
    "Though",
    "Since",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "Not",
    "For",
    "From",
    "With",
    "According",
    "Under",
    "During",
    "Despite",
    "Such",
    "Other",
    "Both",
    "Each",
    "All",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Instead",
    "Still",
    "Moreover",
    "Furthermore",
    "Nevertheless",
    "Earlier",
    "Later",
    "Last",
];

/// The word ending just before `end` (letters, digits, periods, hyphens, apostrophes).
fn previous_word(text: &str, floor: usize, end: usize) -> &str {
    let head = &text[floor..end];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '\''))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// The run of letters starting at `start`.
fn word_at(text: &str, start: usize, end: usize) -> &str {
    &text[start..skip_while(text, start, end, char::is_alphabetic)]
}

fn skip_while(text: &str, mut pos: usize, end: usize, pred: impl Fn(char) -> bool) -> usize {
    while pos < end {
        let c = char_at(text, pos);
        if !pred(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

fn char_at(text: &str, pos: usize) -> char {
    match text.as_bytes().get(pos) {
        // An ASCII byte is a whole character: no decoding for most of any English text.
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[pos..].chars().next().unwrap_or('\0'),
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '(' | '[')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).iter().map(|s| s.span.slice(text)).collect()
    }

    #[test]
    fn a_dateline_or_wire_credit_is_a_sentence_of_its_own() {
        assert_eq!(
            sentences("BAGHDAD (Reuters) - Gunmen killed the governor."),
            ["BAGHDAD (Reuters) -", "Gunmen killed the governor."]
        );
        assert_eq!(
            sentences("KABUL, Afghanistan -- A fighter wounded seven."),
            ["KABUL, Afghanistan --", "A fighter wounded seven."]
        );
        // A credit with no dash after it, or a stray quote where a feed lost the dash.
        assert_eq!(
            sentences("CAIRO (AP) Acting on a judge's order, police detained two men."),
            [
                "CAIRO (AP)",
                "Acting on a judge's order, police detained two men."
            ]
        );
        assert_eq!(
            sentences("WASHINGTON (AP) \" President Carter granted a pardon."),
            ["WASHINGTON (AP) \"", "President Carter granted a pardon."]
        );
        assert_eq!(
            sentences("United Nations, April 13 (IANS) Under pressure, the court dropped it."),
            [
                "United Nations, April 13 (IANS)",
                "Under pressure, the court dropped it."
            ]
        );
        // A title-case headline with its credit is no dateline when no prose follows it, and a
        // parenthesis in prose is no credit.
        assert_eq!(
            sentences("Senate Panel Gives NASA Extra Money (AP)"),
            ["Senate Panel Gives NASA Extra Money (AP)"]
        );
        assert_eq!(
            sentences("Iran (the Islamic Republic) Rejected the offer on Monday."),
            ["Iran (the Islamic Republic) Rejected the offer on Monday."]
        );
        assert_eq!(
            sentences(
                "International Atomic Energy Agency (IAEA) Director-General Yukiya Amano spoke."
            ),
            ["International Atomic Energy Agency (IAEA) Director-General Yukiya Amano spoke."]
        );
        assert_eq!(
            sentences("Reuters - Kerry dismissed the plan.\n\nAFP - Rebels attacked."),
            [
                "Reuters -",
                "Kerry dismissed the plan.",
                "AFP -",
                "Rebels attacked."
            ]
        );
        assert_eq!(
            sentences("Canadian Press - CANBERRA, Australia (AP) - Diplomats met on Tuesday."),
            [
                "Canadian Press -",
                "CANBERRA, Australia (AP) -",
                "Diplomats met on Tuesday."
            ]
        );
        assert_eq!(
            sentences("ISLAMABAD, Pakistan : Nov 10 (SADA) - Musharraf hoped for talks."),
            [
                "ISLAMABAD, Pakistan : Nov 10 (SADA) -",
                "Musharraf hoped for talks."
            ]
        );
        assert_eq!(
            sentences("TEL AVIV-- Netanyahu ordered strikes."),
            ["TEL AVIV--", "Netanyahu ordered strikes."]
        );
        assert_eq!(
            sentences("NEW DELHI, October 21, 2024 — Modi met Xi."),
            ["NEW DELHI, October 21, 2024 —", "Modi met Xi."]
        );
        assert_eq!(
            sentences("KABUL (Pajhwok): The president met elders."),
            ["KABUL (Pajhwok):", "The president met elders."]
        );
        assert_eq!(
            sentences("UNITED NATIONS: Russia vetoed the draft."),
            ["UNITED NATIONS:", "Russia vetoed the draft."]
        );
        assert_eq!(
            sentences("MOSUL, Sept 12: At least nine people died in a bombing."),
            ["MOSUL, Sept 12:", "At least nine people died in a bombing."]
        );
        // A speaker's colon in a headline is not a dateline.
        assert_eq!(
            sentences("Putin: Russia will respond to the sanctions."),
            ["Putin: Russia will respond to the sanctions."]
        );
        // A headline or a sentence with a dash is not a dateline.
        assert_eq!(
            sentences("US Troops Kill 5 - Officials"),
            ["US Troops Kill 5 - Officials"]
        );
        assert_eq!(
            sentences("CPC - Caspian Policy Center"),
            ["CPC - Caspian Policy Center"]
        );
        assert_eq!(
            sentences("Israel - Gaza talks resumed."),
            ["Israel - Gaza talks resumed."]
        );
        assert_eq!(
            sentences("The talks - held in Cairo - failed."),
            ["The talks - held in Cairo - failed."]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("U.S. officials met. Gen. Ali came."),
            ["U.S. officials met.", "Gen. Ali came."]
        );
        assert_eq!(
            sentences("The U.S. President spoke."),
            ["The U.S. President spoke."]
        );
        assert_eq!(
            sentences("He lives in the U.S. The rest stayed."),
            ["He lives in the U.S.", "The rest stayed."]
        );
        assert_eq!(
            sentences("Mr. Smith and Dr. Jones met Sen. Graham."),
            ["Mr. Smith and Dr. Jones met Sen. Graham."]
        );
        assert_eq!(
            sentences(
                "Oil, gas, etc. were discussed, e.g. Iran. It was Sept. 5 at 9 a.m. local time."
            ),
            [
                "Oil, gas, etc. were discussed, e.g. Iran.",
                "It was Sept. 5 at 9 a.m. local time."
            ]
        );
        assert_eq!(
            sentences("Acme Inc. But no one came."),
            ["Acme Inc.", "But no one came."]
        );
        assert_eq!(sentences("See No. 5 now."), ["See No. 5 now."]);
    }

    #[test]
    fn initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences("George W. Bush met J. R. R. Tolkien."),
            ["George W. Bush met J. R. R. Tolkien."]
        );
        assert_eq!(
            sentences("Growth was 3.5 percent. Then it fell."),
            ["Growth was 3.5 percent.", "Then it fell."]
        );
    }

    #[test]
    fn quotes_close_their_sentence() {
        assert_eq!(
            sentences("’He left.” She said so."),
            ["’He left.”", "She said so."]
        );
        assert_eq!(
            sentences("“Stop!” he said. “Why?” She asked."),
            ["“Stop!” he said.", "“Why?”", "She asked."]
        );
        assert_eq!(
            sentences("He said: \"We won.\" Then he left."),
            ["He said: \"We won.\"", "Then he left."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("a specific area…. Defense ties grew."),
            ["a specific area….", "Defense ties grew."]
        );
        assert_eq!(
            sentences("Wait... then go. Now stop."),
            ["Wait... then go.", "Now stop."]
        );
    }

    #[test]
    fn citations_stay_inside() {
        let text = "They met on March 29, 2023 (see EDM, Nov. 30, 2022; The Times of Israel, March 29, 2023). In addition, more.";
        assert_eq!(
            sentences(text),
            [
                "They met on March 29, 2023 (see EDM, Nov. 30, 2022; The Times of Israel, March 29, 2023).",
                "In addition, more."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "Azerbaijan and Israel have enjoyed a strong\npartnership for some time. Baku opened\nits embassy.\nIt grew.";
        assert_eq!(
            sentences(text),
            [
                "Azerbaijan and Israel have enjoyed a strong\npartnership for some time.",
                "Baku opened\nits embassy.",
                "It grew."
            ]
        );
        assert!(segment(text).iter().all(|s| s.paragraph == 0));
    }

    #[test]
    fn paragraphs_bullets_and_headings() {
        let text = "Executive Summary:\n\n  • Azerbaijan kept ties.\n  • Baku’s position differs.\n- A dash item\n1. First point\n\nA Heading Here\nBody text starts. Body ends.\n\nLast para";
        let s = segment(text);
        let got: Vec<(&str, usize)> = s
            .iter()
            .map(|s| (s.span.slice(text), s.paragraph))
            .collect();
        assert_eq!(
            got,
            [
                ("Executive Summary:", 0),
                ("Azerbaijan kept ties.", 1),
                ("Baku’s position differs.", 2),
                ("A dash item", 3),
                ("First point", 4),
                ("A Heading Here", 5),
                ("Body text starts.", 6),
                ("Body ends.", 6),
                ("Last para", 7)
            ]
        );
        assert!(s.iter().enumerate().all(|(i, s)| s.index == i));
    }

    #[test]
    fn a_run_without_full_stops_is_cut_at_the_token_limit_after_a_clause() {
        let text = "Russia condemned Ukraine, and Israel attacked Hamas ".repeat(100);
        let segmentation = segment_reporting_cuts(&text);
        let pieces = &segmentation.sentences;
        assert!(pieces.len() > 1);
        let token_counts: Vec<usize> = pieces
            .iter()
            .map(|s| tokenize(&text, s.span).len())
            .collect();
        assert!(
            token_counts.iter().all(|&n| n <= MAX_SENTENCE_TOKENS),
            "{token_counts:?}"
        );
        // Every piece but the last ends at a cut, after the comma nearest the limit.
        assert_eq!(segmentation.cut, (0..pieces.len() - 1).collect::<Vec<_>>());
        assert!(pieces[..pieces.len() - 1]
            .iter()
            .all(|s| s.span.slice(&text).ends_with("Ukraine,")));
        // Nothing is lost: the pieces cover every token of the text.
        let covered: usize = token_counts.iter().sum();
        assert_eq!(covered, tokenize(&text, Span::new(0, text.len())).len());
        assert!(pieces.iter().enumerate().all(|(i, s)| s.index == i));
    }

    #[test]
    fn a_run_with_no_clause_boundary_is_cut_at_exactly_the_limit() {
        let text = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 3);
        let pieces = segment(&text);
        let token_counts: Vec<usize> = pieces
            .iter()
            .map(|s| tokenize(&text, s.span).len())
            .collect();
        assert_eq!(token_counts, [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 3]);
    }

    #[test]
    fn sentences_within_the_limit_are_not_cut() {
        let sentence = format!("Start {}end.", "word ".repeat(MAX_SENTENCE_TOKENS - 3));
        let text = format!("{sentence} {sentence}");
        let segmentation = segment_reporting_cuts(&text);
        assert_eq!(segmentation.sentences.len(), 2);
        assert!(segmentation.cut.is_empty());
    }

    #[test]
    fn degenerate_inputs() {
        assert!(segment("").is_empty());
        assert!(segment(" \n\n\t ").is_empty());
        assert_eq!(sentences("..."), ["..."]);
        assert_eq!(sentences("•"), ["•"]);
        assert_eq!(
            sentences("(unclosed. Still. Goes"),
            ["(unclosed.", "Still.", "Goes"]
        );
    }
}
