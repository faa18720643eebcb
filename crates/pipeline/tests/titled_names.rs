//! A person named with a title ("Iraqi Prime Minister Adel Abdul Mahdi") is parsed as one name,
//! so the clause around it keeps its subject; through the whole pipeline with the built-in
//! dictionaries, which compose the title and the name.

use entente_dictionaries::Dictionaries;
use entente_model::Document;
use entente_pipeline::Pipeline;
use std::sync::Arc;

#[test]
fn coordinated_titled_people_are_each_others_partners() {
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let out = pipeline.process(Document {
        id: "titled".into(),
        text: "Iraqi Prime Minister Adel Abdul Mahdi and his Jordanian counterpart, Omar \
               al-Razza, signed 14 economic agreements on Monday."
            .into(),
        ..Document::default()
    });
    let pairs: Vec<(&str, &str, &str)> = out
        .events
        .iter()
        .map(|e| {
            (
                e.cameo.as_str(),
                e.source.actor.code.as_str(),
                e.target.as_ref().map_or("-", |t| t.actor.code.as_str()),
            )
        })
        .collect();
    assert!(pairs.contains(&("057", "IRQGOV", "JORGOV")), "{pairs:?}");
    assert!(pairs.contains(&("057", "JORGOV", "IRQGOV")), "{pairs:?}");
}
