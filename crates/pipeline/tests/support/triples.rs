//! The events of one text as (CAMEO, source code, target code), coded through the whole pipeline
//! with the built-in dictionaries: what the pipeline tests of who acted on whom compare.

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use std::sync::Arc;

/// (CAMEO, source code, target code) of each event; "-" for no target.
pub fn coded(text: &str) -> Vec<(String, String, String)> {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let out = pipeline.process(Document {
        id: "triples".into(),
        text: text.into(),
        ..Document::default()
    });
    out.events
        .iter()
        .map(|e| {
            (
                e.cameo.as_str().to_owned(),
                e.source.actor.code.as_str().to_owned(),
                e.target
                    .as_ref()
                    .map_or("-", |t| t.actor.code.as_str())
                    .to_owned(),
            )
        })
        .collect()
}
