//! Two office holders of one state that no dictionary names are two parties, as two named ones
//! are; a state and its own description, a body and its people, or a pronoun are one party.
//! Through the whole pipeline with the built-in dictionaries, which compose these mentions.

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use std::sync::Arc;

/// (CAMEO, source text, target text) of each event.
fn coded(text: &str) -> Vec<(String, String, String)> {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let out = pipeline.process(Document {
        id: "offices".into(),
        text: text.into(),
        ..Document::default()
    });
    out.events
        .iter()
        .map(|e| {
            let target = e.target.as_ref().map_or("-", |t| t.text.as_str());
            (
                e.cameo.as_str().to_owned(),
                e.source.text.clone(),
                target.to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_president_and_a_prime_minister_of_one_state_are_two_parties() {
    let events = coded("Iceland's president refused a request from the prime minister.");
    assert!(
        events.iter().any(|e| e.0.starts_with("12")
            && e.1 == "Iceland's president"
            && e.2 == "prime minister"),
        "{events:?}"
    );
}

#[test]
fn an_official_and_his_government_are_one_party() {
    let events = coded("An Icelandic official criticised the Icelandic government.");
    assert!(
        events.iter().all(|e| e.2 == "-"),
        "an act on one's own government names no other party: {events:?}"
    );
}
