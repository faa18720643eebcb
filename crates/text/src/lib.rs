//! Text stages. Every function here takes the document text and returns byte spans into it;
//! nothing here allocates a copy of the text except [`normalize`], [`html::extract`] and
//! [`decode_plain_text_references`].
//!
//! - [`html::extract`] / [`html::extract_with_title`] turn an HTML page into the plain text that
//!   becomes `Document::text`; every later offset points into that extracted string.
//! - [`decode_plain_text_references`] decodes the HTML character references feeds leave in plain
//!   text ("Hamas&#39;s", AG News's "Israel #39;s") in place, without moving the words around them.
//! - [`normalize`] folds case, diacritics, quotes, dashes and spaces into a [`Normalized`] matching
//!   buffer with a byte map back to the original text; [`fold`] folds a dictionary phrase the same way.
//! - [`segment`] splits text into `Sentence`s (abbreviations, initials, quotes, citations, bullets,
//!   headings) with paragraph indices, none longer than [`MAX_SENTENCE_TOKENS`] tokens
//!   ([`segment_reporting_cuts`] also says which were cut).
//! - [`tokenize`] splits a span into `Token`s (words, numbers, punctuation, quotes; possessive "’s"
//!   apart).
//! - [`is_headline_cased`] tells a headline's capitals (every content word) from names'.
//! - [`table_lines`] reads the tab-separated data files (a header line, `#` comments).
//! - [`dates::find_dates`] finds [`dates::DateMention`]s and resolves them against the document date;
//!   [`dates::parse_document_date`] reads a publication date from metadata.
//!
//! Invariant: no function here panics on any input, and every span it returns lies on char
//! boundaries of the text it was given (checked by `tests/invariants.rs` and the `fuzz/` target).

mod casing;
pub mod dates;
pub mod html;
mod normalize;
mod references;
mod segment;
mod table;
mod tokenize;

pub use casing::is_headline_cased;
pub use normalize::{fold, fold_char, fold_starts_with, normalize, Normalized};
pub use references::decode_plain_text_references;
pub use segment::{segment, segment_reporting_cuts, Segmentation, MAX_SENTENCE_TOKENS};
pub use table::{table_lines, TableHeaderError};
pub use tokenize::{is_ascii_word_byte, tokenize};

/// Words that narrow a place down ("in *central* Baghdad", "in *south-eastern* Turkey", "in
/// *restive* Balochistan"): between a locative and a name, they leave the name a place. Lower case.
pub const PLACE_MODIFIERS: &[&str] = &[
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "upper",
    "lower",
    "greater",
    "downtown",
    "rural",
    "coastal",
    "neighbouring",
    "neighboring",
    "occupied",
    "besieged",
    "restive",
    "war-torn",
];

/// Counts written as words (lower case): "*four* Yemeni asylum seekers", "*Twenty* rebels". Counts
/// in digits are recognised by their first character.
pub const COUNT_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "scores",
    "million",
    "millions",
];
