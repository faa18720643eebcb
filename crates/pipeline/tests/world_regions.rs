//! A world region or bloc named as a party, through the whole pipeline with the built-in
//! dictionaries: a visit to it is coded, but it hosts and visits no one itself.

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use std::sync::Arc;

fn coded(text: &str) -> Vec<(String, String, String)> {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let out = pipeline.process(Document {
        id: "regions".into(),
        text: text.into(),
        ..Document::default()
    });
    out.events
        .iter()
        .map(|e| {
            let target = e.target.as_ref().map(|t| t.actor.code.as_str());
            (
                e.cameo.as_str().to_owned(),
                e.source.actor.code.as_str().to_owned(),
                target.unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_region_is_visited_but_hosts_no_one() {
    let events = coded("Prime Minister Tony Blair is touring Africa. Blair visited Kenya.");
    let has = |cameo: &str, source: &str, target: &str| {
        events.contains(&(cameo.into(), source.into(), target.into()))
    };
    assert!(has("042", "GBRGOV", "AFR"), "{events:?}");
    assert!(
        !events.iter().any(|(_, source, _)| source == "AFR"),
        "{events:?}"
    );
    // A state receives its visitor.
    assert!(has("043", "KEN", "GBRGOV"), "{events:?}");
}
