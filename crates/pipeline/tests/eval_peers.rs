//! The peer suites' reading and scoring, and the layer priority, on tiny fictional suites.

use entente_dictionaries::{Dictionaries, SourceFile};
use entente_model::Document;
use entente_pipeline::eval_peers::{
    parse_petrarch_records, parse_tabari_records, petrarch_dictionaries, run_suite, score,
    PeerSuite, Suite, Triple,
};
use entente_pipeline::Pipeline;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        text: text.into(),
    }
}

const ACTORS: &str = "QUORLAND_ [QRL]\nZEBRONIA_ [ZEB]\nFLIMSTAN_ [FLM]\n";
const AGENTS: &str = "PRESIDENT [~GOV]\n";
const VERBS: &str = "\
--- BLORT [111] ---
BLORT
- * SPLONK [173]
- * FLORP [903]

--- VISIT [042:043] ---
VISIT
";

const RECORDS: &str = r#"<Validation>
<Environment>
    <Verbfile>suite.verbs.txt</Verbfile>
    <Actorfile>suite.actors.txt</Actorfile>
    <Agentfile>suite.agents.txt</Agentfile>
</Environment>
<Sentences>
<!-- <Sentence date="20010101" id="COMMENTED-01" category="X" sentence="true"> -->
<Sentence date="20010101" id="BASIC-01" category="BASIC" sentence="true">
<EventCoding sourcecode="QRL" targetcode="ZEB" eventcode="111"></EventCoding>
<Text>
Quorland blorted Zebronia on Monday.
</Text>
</Sentence>
<Sentence date="20010101" id="BASIC-02" category="BASIC" sentence="true">
<EventCoding sourcecode="QRLGOV" targetcode="FLM" eventcode="042"></EventCoding>
<EventCoding sourcecode="FLM" targetcode="QRLGOV" eventcode="043"></EventCoding>
<Text>
The Quorland president visited Flimstan.
</Text>
</Sentence>
<Sentence date="20010101" id="NONE-01" category="NONE" sentence="true">
<EventCoding sourcecode="---" targetcode="ZEB" eventcode="010"></EventCoding>
<Text>
Zebronia is a small country.
</Text>
</Sentence>
<Sentence date="20010101" id="PRIVATE-01" category="PRIVATE" sentence="true">
<EventCoding sourcecode="QRL" targetcode="ZEB" eventcode="903"></EventCoding>
<Text>
Quorland blorted florp to Zebronia.
</Text>
</Sentence>
<Sentence date="20010101" id="MISS-01" category="MISS" sentence="true">
<EventCoding sourcecode="ZEB" targetcode="FLM" eventcode="173"></EventCoding>
<Text>
Zebronia quietly thought about Flimstan.
</Text>
</Sentence>
</Sentences>
</Validation>"#;

#[test]
fn petrarch_records_are_read_with_their_environment_and_root_codes() {
    let (records, files) = parse_petrarch_records(&file("suite.xml", RECORDS)).unwrap();
    assert_eq!(files.verbs, "suite.verbs.txt");
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["BASIC-01", "BASIC-02", "NONE-01", "PRIVATE-01", "MISS-01"]
    );
    assert_eq!(records[1].text, "The Quorland president visited Flimstan.");
    let expected: Vec<String> = records[1].expected.iter().map(Triple::to_string).collect();
    assert_eq!(expected, ["FLM/QRL/043", "QRL/FLM/042"]);
    assert!(
        records[2].expected.is_empty(),
        "an event with an actor the dictionaries lack (---) is not expected"
    );
}

#[test]
fn a_tiny_suite_counts_records_exactly_right() {
    let (records, _) = parse_petrarch_records(&file("suite.xml", RECORDS)).unwrap();
    let dictionaries = petrarch_dictionaries(
        &file("suite.actors.txt", ACTORS),
        &file("suite.agents.txt", AGENTS),
        &file("suite.verbs.txt", VERBS),
    )
    .unwrap();
    let report = run_suite(Suite {
        kind: PeerSuite::PetrarchUnit,
        records,
        dictionaries,
    });
    // PRIVATE-01's code 903 is no CAMEO code: it is coded under a private one and named back.
    assert_eq!((report.exactly_right, report.records), (4, 5));
    assert_eq!((report.events_found, report.expected_events), (4, 5));
    assert_eq!(report.false_events, 0);
    assert_eq!(report.wrong.len(), 1);
    assert_eq!(report.wrong[0].id, "MISS-01");
    assert_eq!(report.by_category["BASIC"], (2, 2));
}

#[test]
fn a_record_is_right_only_when_the_asserted_set_equals_the_expected_set() {
    let (records, _) = parse_petrarch_records(&file("suite.xml", RECORDS)).unwrap();
    let triple = |s: &str, t: &str, c: &str| Triple {
        source: s.into(),
        target: t.into(),
        code: c.into(),
    };
    let asserted = vec![
        // One expected event and one more: wrong, one found, one false.
        BTreeSet::from([triple("QRL", "ZEB", "111"), triple("ZEB", "QRL", "111")]),
        records[1].expected.clone(),
        BTreeSet::new(),
        records[3].expected.clone(),
        BTreeSet::new(),
    ];
    let report = score(PeerSuite::PetrarchUnit, &records, &asserted);
    assert_eq!(report.exactly_right, 3);
    assert_eq!((report.events_found, report.false_events), (4, 1));
}

#[test]
fn tabari_records_read_expected_events_and_leave_out_option_records() {
    let text = "\
# a comment
010101  OPT-01
Setting an option.
/*\\n{ OPTION: SET: WHATEVER = TRUE } */

010102  PLAIN-01
Quorland blorted
Zebronia.
/*\\n[two events, one disabled]
\\n{ QRL / ZEB / 111 } 010102
\\n-{ ZEB / QRL / 111 } */

010103  NOTHING-01
Nothing happens here.
/*\\n{---} */

990101  FINAL-01
The end; later records need other settings.

010104  AFTER-01
Not read.
/*\\n{ QRL / ZEB / 111 } */
";
    let records = parse_tabari_records(&file("Validate.text", text)).unwrap();
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["PLAIN-01", "NOTHING-01"]);
    assert_eq!(records[0].text, "Quorland blorted Zebronia.");
    assert_eq!(records[0].category, "PLAIN");
    let expected: Vec<String> = records[0].expected.iter().map(Triple::to_string).collect();
    assert_eq!(expected, ["QRL/ZEB/111"]);
    assert!(records[1].expected.is_empty());
}

/// What a TABARI suite with these actors and one verb, BLORT (111), asserts for a record.
fn blort_scorer(actors: &str) -> impl Fn(&entente_pipeline::eval_peers::PeerRecord) -> Vec<String> {
    let dictionaries = entente_pipeline::eval_peers::tabari_dictionaries(
        &file("t.actors", actors),
        &file("t.agents", ""),
        &file("t.verbs", "BLORT  [111]\n"),
    )
    .unwrap();
    let pipeline = Pipeline::new(Arc::new(dictionaries.dictionaries));
    let code_names = dictionaries.code_names;
    move |record| {
        entente_pipeline::eval_peers::asserted_events(&pipeline, &code_names, record)
            .iter()
            .map(Triple::to_string)
            .collect()
    }
}

#[test]
fn tabari_default_actors_hold_from_their_option_record_until_switched_off() {
    let text = "\
010101  OPT-01
Defaults on, and sentences this short coded.
/*\\n{ OPTION: DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER }
\\n{ OPTION: SET: MINIMUM WORDS = 3 } */

010102  ON-01
Flimstan blorted Zebronia.
/*\\n{ DEFSRC / ZEB / 111 } */

010103  OPT-02
Defaults off.
/*\\n{ OPTION: DEFAULT: OFF } */

010104  OFF-01
Flimstan blorted Zebronia.
/*\\n{ --- / ZEB / 111 } */
";
    let records = parse_tabari_records(&file("Validate.text", text)).unwrap();
    assert_eq!(
        records[0].unknown_as,
        Some(entente_pipeline::eval_peers::DefaultActors {
            source: "DEFSRC".into(),
            target: "DEFTAR".into()
        })
    );
    assert_eq!(records[1].unknown_as, None);
    // Entente's unknown party is the suite's default actor where the option holds.
    let scored = blort_scorer("ZEBRONIA_  [ZEB]\n");
    assert_eq!(scored(&records[0]), ["DEF/ZEB/111"]);
    assert_eq!(scored(&records[1]), Vec::<String>::new());
}

#[test]
fn tabari_codes_no_sentence_shorter_than_its_minimum_words() {
    let text = "\
010101  SHORT-01
Quorland blorted Zebronia on Friday night.
/*\\n{---} */

010102  OPT-01
Setting the minimum, its closing brace forgotten as in TABARI's own suite.
/*\\n{ OPTION: SET: MINIMUM WORDS = 4  */

010103  SHORT-02
Quorland blorted Zebronia on Friday night.
/*\\n{ QRL / ZEB / 111 } */
";
    let records = parse_tabari_records(&file("Validate.text", text)).unwrap();
    // Eight words by default, as TABARI has it.
    let minimums: Vec<Option<usize>> = records.iter().map(|r| r.min_words).collect();
    assert_eq!(minimums, [Some(8), Some(4)]);
    let scored = blort_scorer("QUORLAND_  [QRL]\nZEBRONIA_  [ZEB]\n");
    assert_eq!(scored(&records[0]), Vec::<String>::new());
    assert_eq!(scored(&records[1]), ["QRL/ZEB/111"]);
}

#[test]
fn under_tabari_forwarding_a_storys_records_are_one_document() {
    let text = "\
010101  OPT-01
Forwarding on, and sentences this short coded.
/*\\n{ OPTION: FORWARD: ^^*****NNN*SSS }
\\n{ OPTION: SET: MINIMUM WORDS = 3 } */

010102  FRWD-001-001
Quorland blorted Zebronia.
/*\\n{ QRL / ZEB / 111 } */

010102  FRWD-001-002
However, it blorted Flimstan.
/*\\n{ QRL / FLM / 111 } */

010102  FRWD-002-001
It blorted Zebronia.
/*\\n{---} */

010103  OPT-02
Forwarding off.
/*\\n{ OPTION: FORWARD: ^^*****NNN*SSS OFF } */

010104  ALONE-001-002
However, it blorted Flimstan.
/*\\n{---} */
";
    let records = parse_tabari_records(&file("Validate.text", text)).unwrap();
    let stories: Vec<Option<&str>> = records.iter().map(|r| r.story.as_deref()).collect();
    assert_eq!(
        stories,
        [
            Some("FRWD-001-"),
            Some("FRWD-001-"),
            Some("FRWD-002-"),
            None
        ]
    );
    let dictionaries = entente_pipeline::eval_peers::tabari_dictionaries(
        &file(
            "t.actors",
            "QUORLAND_  [QRL]\nZEBRONIA_  [ZEB]\nFLIMSTAN_  [FLM]\n",
        ),
        &file("t.agents", ""),
        &file("t.verbs", "BLORT  [111]\n"),
    )
    .unwrap();
    let report = run_suite(Suite {
        kind: PeerSuite::TabariValidate,
        records,
        dictionaries,
    });
    // "it" finds Quorland in the sentence before, within its story only.
    assert_eq!(report.exactly_right, 4, "{:?}", report.wrong);
}

#[test]
fn a_hand_written_rule_wins_over_an_overlapping_longer_layer_rule() {
    let actors = "country QRL\n  names: Quorland\n\ncountry ZEB\n  names: Zebronia\n";
    let rules = "111 hand.blort: SRC ~blort TGT\n\
                 190 layer.blort-with-vigour: SRC ~blort TGT with vigour ; layer\n";
    let code = |rules: &str| {
        let dicts = Dictionaries::from_files(
            vec![file("actors.txt", actors), file("test.rules", rules)],
            Vec::new(),
        )
        .unwrap();
        let doc = Document {
            id: "d".into(),
            text: "Quorland blorted Zebronia with vigour.".into(),
            ..Document::default()
        };
        let out = Pipeline::new(Arc::new(dicts)).process(doc);
        out.events
            .iter()
            .map(|e| e.rule.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(code(rules), ["hand.blort"]);
    // Without the option the longer trigger wins, as between hand-written rules.
    assert_eq!(
        code(&rules.replace(" ; layer", "")),
        ["layer.blort-with-vigour"]
    );
}

#[test]
fn an_event_with_a_party_no_dictionary_names_is_the_peers_unknown_actor_and_not_counted() {
    let dictionaries = petrarch_dictionaries(
        &file("suite.actors.txt", ACTORS),
        &file("suite.agents.txt", AGENTS),
        &file("suite.verbs.txt", VERBS),
    )
    .unwrap();
    let text = "Quorland blorted Snorvania on Monday.";
    // Entente codes the unknown name as a party (UNK) ...
    let pipeline = Pipeline::new(Arc::new(
        petrarch_dictionaries(
            &file("suite.actors.txt", ACTORS),
            &file("suite.agents.txt", AGENTS),
            &file("suite.verbs.txt", VERBS),
        )
        .unwrap()
        .dictionaries,
    ));
    let events = pipeline
        .process(Document {
            id: "u".into(),
            text: text.into(),
            ..Document::default()
        })
        .events;
    assert!(events.iter().any(|e| e
        .target
        .as_ref()
        .is_some_and(|t| t.actor.code.as_str() == "UNK")));
    // ... which the peers leave uncoded (`---`): a record expecting nothing is right.
    let records = vec![entente_pipeline::eval_peers::PeerRecord {
        id: "UNKNOWN-01".into(),
        category: "UNKNOWN".into(),
        date: None,
        text: text.into(),
        expected: BTreeSet::new(),
        unknown_as: None,
        story: None,
        min_words: None,
    }];
    let report = run_suite(Suite {
        kind: PeerSuite::PetrarchUnit,
        records,
        dictionaries,
    });
    assert_eq!((report.exactly_right, report.false_events), (1, 0));
}

/// The (source, target, code) triples a tiny suite's dictionaries code in one sentence.
fn suite_triples(verbs: &str, text: &str) -> Vec<String> {
    let dictionaries = petrarch_dictionaries(
        &file("suite.actors.txt", ACTORS),
        &file("suite.agents.txt", AGENTS),
        &file("suite.verbs.txt", verbs),
    )
    .unwrap();
    let pipeline = Pipeline::new(Arc::new(dictionaries.dictionaries));
    triples(&pipeline, &dictionaries.code_names, text)
}

/// The triples `pipeline` codes in one record's text, as a suite scores them.
fn triples(pipeline: &Pipeline, code_names: &BTreeMap<String, String>, text: &str) -> Vec<String> {
    let record = entente_pipeline::eval_peers::PeerRecord {
        id: "r".into(),
        category: "R".into(),
        date: None,
        text: text.into(),
        expected: BTreeSet::new(),
        unknown_as: None,
        story: None,
        min_words: None,
    };
    entente_pipeline::eval_peers::asserted_events(pipeline, code_names, &record)
        .iter()
        .map(Triple::to_string)
        .collect()
}

#[test]
fn a_verbs_pattern_beats_the_verb_alone_however_far_the_verb_alone_reaches() {
    // The verb alone reaches "at Zebronia" through a longer trigger; the pattern still wins.
    assert_eq!(
        suite_triples(VERBS, "Quorland blorted a big splonk at Zebronia."),
        ["QRL/ZEB/173"]
    );
}

#[test]
fn a_patterns_target_is_the_first_actor_after_the_verb() {
    // Between the verb and the pattern's words, behind "that".
    assert_eq!(
        suite_triples(VERBS, "Quorland blorted that Zebronia is a splonk."),
        ["QRL/ZEB/173"]
    );
    // The verb alone: the subject of the clause it governs.
    assert_eq!(
        suite_triples(VERBS, "Quorland blorted that Zebronia is small."),
        ["QRL/ZEB/111"]
    );
    // Not past a comma.
    assert_eq!(
        suite_triples(VERBS, "Quorland blorted loudly, Zebronia said."),
        Vec::<String>::new()
    );
}

#[test]
fn a_compound_marker_codes_its_members_acts_on_each_other() {
    let verbs = "--- GLARB [120] ---\nGLARB\n- % HAVE * [191]\n- * BETWEEN % [223]\n";
    // `%` before the verb: the subject's members, with no target.
    assert_eq!(
        suite_triples(verbs, "Quorland and Zebronia have glarbed."),
        ["QRL/ZEB/191", "ZEB/QRL/191"]
    );
    // `%` after it: the target's members, whoever the subject is.
    assert_eq!(
        suite_triples(verbs, "Flimstan glarbed between Quorland and Zebronia."),
        ["QRL/ZEB/223", "ZEB/QRL/223"]
    );
    // A lone actor is no compound.
    assert_eq!(
        suite_triples(verbs, "Quorland has glarbed."),
        Vec::<String>::new()
    );
}

#[test]
fn a_tabari_actor_stem_codes_the_words_it_begins_and_an_exact_name_itself_and_its_plural() {
    let dictionaries = entente_pipeline::eval_peers::tabari_dictionaries(
        &file("t.actors", "QUORL  [QRL]\nZEBRONIA_  [ZEB]\n"),
        &file("t.agents", "PRESIDENT [~GOV]\n"),
        &file("t.verbs", "BLORT  [111]\n"),
    )
    .unwrap();
    let pipeline = Pipeline::new(Arc::new(dictionaries.dictionaries));
    let code = |text: &str| triples(&pipeline, &dictionaries.code_names, text);
    assert_eq!(code("Quorlians blorted Zebronia."), ["QRL/ZEB/111"]);
    // TABARI's noun ending "-s" holds for a whole name too; other continuations do not.
    assert_eq!(code("Zebronias blorted Quorl."), ["ZEB/QRL/111"]);
    assert_eq!(code("Zebronians blorted Quorl."), Vec::<String>::new());
}

#[test]
fn a_tabari_agent_codes_its_plural_and_alone_is_written_after_a_tilde() {
    let dictionaries = entente_pipeline::eval_peers::tabari_dictionaries(
        &file("t.actors", "QUORL  [QRL]\nZEBRONIA_  [ZEB]\n"),
        &file(
            "t.agents",
            "GUERRILLA_ [~REB]\nSECURITY_FORCE_ [~MIL]\nRIGHTS_ACTIVIST_ [NGM~]\n",
        ),
        &file("t.verbs", "BLORT  [111]\n"),
    )
    .unwrap();
    let pipeline = Pipeline::new(Arc::new(dictionaries.dictionaries));
    let code = |text: &str| triples(&pipeline, &dictionaries.code_names, text);
    // The plural is the agent's; with a state it composes, alone it is TABARI's `~REB`.
    assert_eq!(code("Quorl guerrillas blorted Zebronia."), ["QRL/ZEB/111"]);
    assert_eq!(code("Guerrillas blorted Zebronia."), ["~RE/ZEB/111"]);
    assert_eq!(code("Security forces blorted Zebronia."), ["~MI/ZEB/111"]);
    // An agent written before its actor's code (`NGM~`) prefixes an actor; it names none alone.
    assert_eq!(
        code("Rights activists blorted Zebronia."),
        Vec::<String>::new()
    );
}

#[test]
fn a_discard_phrase_takes_its_sentence_or_its_story_out_of_coding() {
    let actors = "country QRL\n  names: Quorland\n\ncountry ZEB\n  names: Zebronia\n";
    let rules = "111 hand.blort: SRC ~blort TGT\n";
    let discards = "# sport\nsnarball cup\n+HURRICANE\n";
    let dicts = Dictionaries::from_files(
        vec![file("actors.txt", actors), file("test.rules", rules)],
        vec![file("sport.discards", discards)],
    )
    .unwrap();
    let pipeline = Pipeline::new(Arc::new(dicts));
    let count = |text: &str| {
        pipeline
            .process(Document {
                id: "d".into(),
                text: text.into(),
                ..Document::default()
            })
            .events
            .len()
    };
    assert_eq!(
        count("Quorland blorted Zebronia. Zebronia blorted Quorland."),
        2
    );
    // A sentence discard drops its own sentence only.
    assert_eq!(
        count("Quorland blorted Zebronia in the Snarball Cup. Zebronia blorted Quorland."),
        1
    );
    // A story discard drops every sentence.
    assert_eq!(
        count("Quorland blorted Zebronia. A hurricane hit Zebronia blorted Quorland."),
        0
    );
}
