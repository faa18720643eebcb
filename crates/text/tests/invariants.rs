//! Randomized invariant test: 20,000 generated and mutated inputs (seed excerpts, HTML fragments,
//! tricky Unicode) through every stage. Deterministic: a fixed-seed generator, so a failure
//! reproduces. The same checks run under cargo-fuzz (see fuzz/README.md).
#[path = "support/invariants.rs"]
mod invariants;

const SEEDS: &[&str] = &[
    include_str!("../../../examples/articles/caspian-policy-center-hajiyev-visits-israel.txt"),
    include_str!("../../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7.txt"),
];

/// Pieces that stress the stages: abbreviations, quotes, dashes, combining marks, markup, dates.
const PIECES: &[&str] = &[
    "U.S.",
    " Gen. ",
    "J. R. R. ",
    "3.5",
    "…",
    "....",
    "’s",
    "“",
    "”",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "–",
    "—",
    "-",
    "\n",
    "\n\n",
    "  • ",
    "1. ",
    "* ",
    "İ",
    "ı",
    "ə",
    "Ə",
    "ǅ",
    "ﬁ",
    "\u{0306}",
    "\u{0301}",
    "\u{00A0}",
    "\u{200B}",
    "\u{FEFF}",
    "😀",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "</script>",
    "<nav>",
    "<!--",
    "-->",
    "&amp;",
    "&#8217;",
    " #39;s",
    "  quot;",
    "#151;",
    "&eacute;",
    "&#x",
    "&",
    "<",
    ">",
    "=\"",
    " class=\"menu\"",
    "on June 2",
    " March 29, 2023",
    "(Duvar, June 2).",
    " last week",
    " on Thursday",
    " 2024-06-02",
    " three days ago",
    "Sept. ",
    " a.m. ",
    " The ",
    ". ",
    "? ",
    "! ",
    ",",
    ";",
    ":",
    "\t",
    "\r\n",
    "0",
    "31",
    "2018",
    "May",
    " in November",
];

/// xorshift64*: small, fast and fixed, so the test needs no dependency and never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A random window of a seed with random pieces spliced in and random ranges deleted.
fn mutated_seed(rng: &mut Rng) -> String {
    let seed = SEEDS[rng.below(SEEDS.len())];
    let start = floor_boundary(seed, rng.below(seed.len()));
    let end = floor_boundary(seed, (start + 1 + rng.below(400)).min(seed.len()));
    let mut s = seed[start..end].to_string();
    for _ in 0..rng.below(8) {
        let at = floor_boundary(&s, rng.below(s.len() + 1));
        if rng.below(3) == 0 && at < s.len() {
            let cut = floor_boundary(&s, (at + rng.below(20)).min(s.len()));
            s.replace_range(at..cut, "");
        } else {
            s.insert_str(at, PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

/// A string of random pieces and random scalar values.
fn generated(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(40) {
        if rng.below(4) == 0 {
            let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('\u{FFFD}');
            s.push(c);
        } else {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

#[test]
fn every_stage_keeps_its_invariants_on_20k_inputs() {
    for seed in SEEDS {
        invariants::check_all(seed);
    }
    let mut rng = Rng(0x0005_EED0_FE17_E17E);
    for _ in 0..20_000 {
        let input = if rng.below(2) == 0 {
            mutated_seed(&mut rng)
        } else {
            generated(&mut rng)
        };
        invariants::check_all(&input);
    }
}
