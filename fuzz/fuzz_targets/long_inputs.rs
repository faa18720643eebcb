//! The whole coding pipeline (segmentation, actors, coder) on arbitrary text up to 1 MB, read as
//! UTF-8 lossily: issue 21's inputs were long, actor-dense runs without full stops. Asserts the
//! bounds the pipeline promises: no sentence over the token limit, every sentence, mention and
//! event span inside the text. Run it with libFuzzer's `-max_len=1048576`, `-timeout` and
//! `-rss_limit_mb` (fuzz/README.md), which turn a time or memory blow-up into a failure.
#![no_main]

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

/// Loaded once: loading the dictionaries is far slower than coding a small input.
static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(|| {
        Pipeline::new(Arc::new(
            Dictionaries::builtin().expect("the built-in dictionaries load"),
        ))
    });
    let out = pipeline.process(Document {
        id: "fuzz".into(),
        text: String::from_utf8_lossy(data).into_owned(),
        ..Document::default()
    });
    let text = &out.doc.text;
    let inside = |start: usize, end: usize| {
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    for sentence in &out.sentences {
        assert!(inside(sentence.span.start, sentence.span.end));
        let tokens = entente_pipeline::text::tokenize(text, sentence.span).len();
        assert!(tokens <= entente_pipeline::text::MAX_SENTENCE_TOKENS);
    }
    for mention in &out.mentions {
        assert!(inside(mention.span.start, mention.span.end));
    }
    for event in &out.events {
        assert!(inside(event.sentence_start, event.sentence_end));
        assert!(inside(event.source.start, event.source.end));
        assert!(inside(event.trigger.start, event.trigger.end));
    }
    assert!(out
        .diagnostics
        .iter()
        .all(|d| d.code != "internal"), "a stage failed: {:?}", out.diagnostics);
});
