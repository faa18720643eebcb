//! HTML character references left in plain text, as feeds and AG News carry them ("Hamas&#39;s",
//! "Israel #39;s"), read from a real file through the whole pipeline: the parser sees the
//! apostrophe and the quote they stand for, and every offset still points into the file.

use entente_dictionaries::Dictionaries;
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::Pipeline;
use std::sync::Arc;

const TEXT: &str = "Israel #39;s army attacked Gaza on Monday.\n\n\
    Iran&#39;s foreign minister met Syria #39;s president.\n\n\
    Russia said  quot;the talks failed quot; and Moscow didn #39;t attack Georgia.\n";

#[test]
fn references_in_a_text_file_are_read_as_the_characters_they_stand_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.txt");
    std::fs::write(&path, TEXT).unwrap();
    let doc = read_inputs(&[path], InputOptions::default())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.text.len(), TEXT.len());
    let out = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap())).process(doc);

    let coded: Vec<(String, String, String, bool)> = out
        .events
        .iter()
        .map(|e| {
            let target = e.target.as_ref().map(|t| t.actor.code.as_str());
            (
                e.cameo.as_str().to_owned(),
                e.source.actor.code.as_str().to_owned(),
                target.unwrap_or_default().to_owned(),
                e.negated,
            )
        })
        .collect();
    let expect = |cameo: &str, source: &str, target: &str, negated: bool| {
        let event = (cameo.into(), source.into(), target.into(), negated);
        assert!(coded.contains(&event), "{event:?} not in {coded:?}");
    };
    // The possessive makes the army Israel's and the minister Iran's government.
    expect("190", "ISRMIL", "PSE", false);
    expect("040", "IRNGOV", "SYRGOV", false);
    // "didn #39;t" is a negation again.
    expect("190", "RUSGOV", "GEO", true);

    // Offsets point into the file: a trigger is its bytes there, an actor starts where its name does.
    for event in &out.events {
        assert_eq!(
            &TEXT[event.trigger.start..event.trigger.end],
            event.trigger.text
        );
        let source = &event.source;
        let first_word = source.text.split([' ', '\'']).next().unwrap();
        assert!(
            TEXT[source.start..source.end].starts_with(first_word),
            "{source:?}"
        );
    }
}
