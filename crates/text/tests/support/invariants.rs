//! Invariants every text stage keeps on any input. Shared by the randomized test
//! (`tests/invariants.rs`) and the cargo-fuzz target (`fuzz/fuzz_targets/text_stages.rs`).
use entente_model::{EventDate, Span};
use entente_text::{
    dates, decode_plain_text_references, fold, html, normalize, segment, tokenize,
    MAX_SENTENCE_TOKENS,
};

/// Runs every stage on `input` (as HTML, and as plain text) and panics on a broken invariant.
pub fn check_all(input: &str) {
    let (extracted, title) = html::extract_with_title(input);
    assert_eq!(extracted, html::extract(input));
    if let Some(title) = title {
        assert!(!title.is_empty());
    }
    for text in [input, extracted.as_str()] {
        check_text(text);
    }
    // Decoded references take exactly their own bytes, so every offset still points into `input`.
    if let Some(decoded) = decode_plain_text_references(input) {
        assert_eq!(
            decoded.len(),
            input.len(),
            "decoding moved the text: {input:?}"
        );
        check_text(&decoded);
    }
}

/// Checks normalisation, segmentation, tokenisation and dates on one plain text.
pub fn check_text(text: &str) {
    check_normalize(text);
    let sentences = segment(text);
    let mut previous_end = 0;
    let mut previous_paragraph = 0;
    for (i, sentence) in sentences.iter().enumerate() {
        let span = sentence.span;
        assert_eq!(sentence.index, i);
        assert_on_boundaries(text, span, "sentence");
        assert!(span.start < span.end, "empty sentence {span:?}");
        assert!(
            span.start >= previous_end,
            "sentences overlap or go backwards at {span:?}"
        );
        assert!(
            sentence.paragraph >= previous_paragraph,
            "paragraphs go backwards at {span:?}"
        );
        let s = span.slice(text);
        assert_eq!(s.trim(), s, "sentence not trimmed: {s:?}");
        previous_end = span.end;
        previous_paragraph = sentence.paragraph;
        check_tokens(text, span);
        assert!(
            tokenize(text, span).len() <= MAX_SENTENCE_TOKENS,
            "sentence {span:?} longer than the token limit"
        );
        for doc in [None, EventDate::parse("2024-06-02").ok()] {
            for mention in dates::find_dates(text, span, doc) {
                assert_on_boundaries(text, mention.span, "date");
                assert!(
                    span.contains(mention.span),
                    "date {:?} outside sentence {span:?}",
                    mention.span
                );
            }
        }
    }
    // Spans that run off the text or split a character are clamped, not trusted.
    let wild = Span {
        start: text.len() / 3,
        end: text.len() + 7,
    };
    check_tokens(text, wild);
    let _ = dates::find_dates(text, wild, EventDate::parse("2024-06-02").ok());
    let _ = dates::parse_document_date(text);
}

fn check_normalize(text: &str) {
    let n = normalize(text);
    assert_eq!(n.to_original.len(), n.text.len() + 1);
    assert_eq!(n.to_original.last(), Some(&text.len()));
    assert!(
        n.to_original.windows(2).all(|w| w[0] <= w[1]),
        "to_original not monotonic"
    );
    assert!(
        n.to_original.iter().all(|&o| text.is_char_boundary(o)),
        "to_original off a char boundary"
    );
    assert_eq!(fold(text), n.text.as_str());
}

fn check_tokens(text: &str, span: Span) {
    let mut previous_end = 0;
    for token in tokenize(text, span) {
        let t = token.span;
        assert_on_boundaries(text, t, "token");
        assert!(t.start < t.end, "empty token {t:?}");
        assert!(t.start >= previous_end, "tokens overlap at {t:?}");
        assert!(
            t.end <= text.len().min(span.end),
            "token {t:?} past its span {span:?}"
        );
        assert!(
            !t.slice(text).chars().all(char::is_whitespace),
            "whitespace token {t:?}"
        );
        previous_end = t.end;
    }
}

fn assert_on_boundaries(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} out of bounds ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} off a char boundary"
    );
}
