//! Property: on any long actor-dense text without full stops, coding stays within its bounds. No
//! sentence is longer than the token limit, every span lies in the text, and what a document's
//! output holds (mentions, events, the sentence text of each event) grows in proportion to
//! the input, never with its square. Time and memory growth are measured in `benches/long_inputs.rs`.
#[path = "support/long_inputs.rs"]
mod long_inputs;

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::{DocOutput, Pipeline};
use long_inputs::dense_text;
use std::sync::Arc;

fn code(pipeline: &Pipeline, text: String) -> DocOutput {
    pipeline.process(Document {
        id: "dense".into(),
        text,
        ..Document::default()
    })
}

/// Bytes of output a document holds beyond its text, counting each event's sentence (shared by the
/// events of one sentence, so this bounds what is held from above).
fn held_bytes(out: &DocOutput) -> usize {
    out.events.iter().map(|e| e.sentence.len()).sum::<usize>()
        + out
            .relations
            .iter()
            .map(|r| r.sentence.len())
            .sum::<usize>()
        + out.mentions.len() * std::mem::size_of::<entente_model::Mention>()
}

fn assert_bounded(out: &DocOutput) {
    let text = &out.doc.text;
    for sentence in &out.sentences {
        let tokens = entente_text::tokenize(text, sentence.span).len();
        assert!(
            tokens <= entente_text::MAX_SENTENCE_TOKENS,
            "{tokens} tokens"
        );
    }
    for m in &out.mentions {
        assert!(m.span.end <= text.len() && text.is_char_boundary(m.span.start));
    }
    for e in &out.events {
        assert!(e.sentence_end <= text.len() && e.sentence_start <= e.sentence_end);
        assert_eq!(&text[e.sentence_start..e.sentence_end], &*e.sentence);
    }
}

#[test]
fn output_grows_in_proportion_to_long_actor_dense_input() {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    for seed in [0, 1, 7, 42] {
        let small = code(&pipeline, dense_text(32 << 10, seed));
        let large = code(&pipeline, dense_text(128 << 10, seed));
        assert_bounded(&small);
        assert_bounded(&large);
        assert!(!large.mentions.is_empty(), "seed {seed}");
        // Four times the text: about four times the output, with room for edge effects.
        let ratio = |a: usize, b: usize| b as f64 / a.max(1) as f64;
        let grown = ratio(held_bytes(&small), held_bytes(&large));
        assert!(
            grown < 5.0,
            "seed {seed}: output grew {grown:.1}x for 4x the input"
        );
        let mentions = ratio(small.mentions.len(), large.mentions.len());
        assert!(mentions < 5.0, "seed {seed}: mentions grew {mentions:.1}x");
    }
}
