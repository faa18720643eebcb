//! Long, actor-dense texts without full stops, as scraped tables, lists and boilerplate give: the
//! inputs that made coding cost grow with the square of a sentence's length (issue 21). Shared by
//! the property test (`tests/long_inputs.rs`) and the benchmark (`benches/long_inputs.rs`).

/// Words the generator draws from: states, people, groups, roles, verbs, pronouns and
/// connectives, with commas, quotes, brackets and line breaks but no sentence ends.
const VOCABULARY: &[&str] = &[
    "Russia",
    "Ukraine",
    "Israel",
    "Hamas",
    "Turkey",
    "Azerbaijan",
    "Iran",
    "China",
    "the EU",
    "the Egyptian President",
    "Israel's National Security Adviser",
    "the Turkish foreign minister",
    "Tzachi Hanegbi,",
    "John Smith,",
    "the group",
    "the two countries",
    "the government",
    "police",
    "condemned",
    "attacked",
    "praised",
    "met",
    "said",
    "warned",
    "accused",
    "and",
    "while",
    "but",
    "he",
    "she",
    "it",
    "they",
    "his",
    "its",
    "their",
    "we",
    ",",
    "“",
    "”",
    "(",
    ")",
    "\n",
];

/// A text of about `bytes` bytes: the fixed clause of issue 21 when `seed` is 0, else words drawn
/// from [`VOCABULARY`] by a fixed-seed generator, so every run sees the same text.
pub fn dense_text(bytes: usize, seed: u64) -> String {
    const CLAUSE: &str =
        "Russia condemned Ukraine and Israel attacked Hamas while Turkey praised Azerbaijan and ";
    let mut text = String::with_capacity(bytes + 64);
    let mut state = seed;
    while text.len() < bytes {
        if seed == 0 {
            text.push_str(CLAUSE);
            continue;
        }
        // xorshift64: fixed, tiny, and enough to vary the word order.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(VOCABULARY[(state % VOCABULARY.len() as u64) as usize]);
        text.push(' ');
    }
    text
}
