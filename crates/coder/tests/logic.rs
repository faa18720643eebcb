//! The coding logic on tiny fictional rules and actors (Arnor, Gondor, Rohan, Mordor), independent of
//! the built-in dictionaries.

use entente_coder::{Coder, CoderOutput};
use entente_dictionaries::{CameoTable, RuleSet, SourceFile};
use entente_model::{
    Actor, ActorCode, CountryCode, Document, EventDate, Mention, Modality, Resolution, Sector,
    Sentence, Span, Via,
};

/// The built-in parser: the coder reads roles from its trees.
fn parser() -> &'static entente_syntax::Model {
    entente_syntax::Model::shared().expect("the built-in parser loads")
}

const RULES: &str = "
111 condemn.verb: SRC ~condemn TGT
040 meet.verb: SRC ~meet/met [with] TGT? ; sym
042 visit.verb: SRC ~visit TGT ; also 043 rev
043 host.verb: SRC ~host TGT ; also 042 rev
163 embargo.halt: SRC ~halt ... exports to TGT
190 attack.noun: attack on TGT? ; noun
190 attack.verb: SRC ~attack TGT
ally ally.of: SRC ~be/is ... ally of TGT
supplier supplier.verb: SRC ~supply ... of TGT
";

/// A country (`GON`), or a sector of one (`GONPKO`: Gondor's peacekeepers).
fn actor(code: &str) -> Actor {
    Actor {
        id: code.to_string(),
        name: code.to_string(),
        country: CountryCode::new(&code[..3]).ok(),
        sector: code
            .get(3..)
            .filter(|s| !s.is_empty())
            .map(|s| Sector::new(s).unwrap()),
        code: ActorCode::new(code).unwrap(),
    }
}

fn rule_set(text: &str) -> RuleSet {
    RuleSet::parse(&[SourceFile {
        name: "test.rules".into(),
        text: text.into(),
    }])
    .unwrap()
}

/// Codes `text` as one sentence; every `(name, code)` becomes a mention at each occurrence of `name`.
fn code_with(rules: &str, text: &str, names: &[(&str, &str)], date: Option<&str>) -> CoderOutput {
    let actors: Vec<(&str, Actor)> = names.iter().map(|&(n, c)| (n, actor(c))).collect();
    code_with_actors(rules, text, &actors, date)
}

/// [`code_with`] with actors given in full (ids such as `person:` and `org:`, sectors).
fn code_with_actors(
    rules: &str,
    text: &str,
    names: &[(&str, Actor)],
    date: Option<&str>,
) -> CoderOutput {
    let rules = rule_set(rules);
    let cameo = CameoTable::builtin().unwrap();
    let coder = Coder {
        rules: &rules,
        cameo: &cameo,
        dictionaries_hash: "h",
        places: None,
        towns: None,
        discards: None,
        syntax: Some(parser()),
    };
    let mut mentions = Vec::new();
    for (name, named) in names {
        for (start, _) in text.match_indices(name) {
            let span = Span::new(start, start + name.len());
            mentions.push(Mention {
                sentence_index: 0,
                span,
                actor: named.clone(),
                via: Via::Dictionary,
                resolution: Resolution::Dictionary,
            });
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        date: date.map(|d| EventDate::parse(d).unwrap()),
        ..Document::default()
    };
    let sentence = Sentence {
        index: 0,
        span: Span::new(0, text.len()),
        paragraph: 0,
    };
    coder.code_document(&doc, &[sentence], &mentions)
}

const REALM: &[(&str, &str)] = &[
    ("Arnor", "ARN"),
    ("Gondor", "GON"),
    ("Rohan", "ROH"),
    ("Mordor", "MOR"),
];

fn code(text: &str) -> CoderOutput {
    code_with(RULES, text, REALM, None)
}

/// `SRC>TGT:CODE` for each event, with `!` for negated and the modality when not actual.
fn summary(out: &CoderOutput) -> Vec<String> {
    out.events
        .iter()
        .map(|e| {
            let target = e.target.as_ref().map_or("-", |t| t.actor.id.as_str());
            let mut s = format!("{}>{}:{}", e.source.actor.id, target, e.cameo);
            if e.negated {
                s.push('!');
            }
            if e.modality != Modality::Actual {
                s.push_str(&format!(" {}", e.modality.as_str()));
            }
            s
        })
        .collect()
}

#[test]
fn inflected_and_irregular_forms_fire_the_lemma_rule() {
    assert_eq!(summary(&code("Arnor condemns Gondor.")), ["ARN>GON:111"]);
    assert_eq!(
        summary(&code("Arnor met with Gondor.")),
        ["ARN>GON:040", "GON>ARN:040"]
    );
}

#[test]
fn passive_voice_swaps_source_and_target() {
    assert_eq!(
        summary(&code("Gondor was condemned by Arnor.")),
        ["ARN>GON:111"]
    );
    assert!(code("Gondor was condemned.").events.is_empty());
}

#[test]
fn coordinated_subjects_give_one_event_each() {
    assert_eq!(
        summary(&code("Arnor, Rohan and Mordor condemned Gondor.")),
        ["ARN>GON:111", "ROH>GON:111", "MOR>GON:111"]
    );
}

#[test]
fn a_symmetric_act_without_target_pairs_a_coordinated_subject() {
    assert_eq!(
        summary(&code("Arnor and Gondor met in Minas Tirith.")),
        ["ARN>GON:040", "GON>ARN:040"]
    );
    assert!(code("Arnor met in Minas Tirith.").events.is_empty());
}

#[test]
fn paired_events_give_the_hosts_side() {
    assert_eq!(
        summary(&code("Arnor hosted Gondor.")),
        ["ARN>GON:043", "GON>ARN:042"]
    );
}

#[test]
fn refusing_ones_own_act_negates_it() {
    assert_eq!(
        summary(&code("Arnor has refused to condemn Gondor.")),
        ["ARN>GON:111!"]
    );
    assert_eq!(
        summary(&code("Arnor did not condemn Gondor.")),
        ["ARN>GON:111!"]
    );
    assert_eq!(
        summary(&code("Not only did Arnor condemn Gondor.")),
        ["ARN>GON:111"]
    );
}

#[test]
fn an_announced_measure_is_threatened_and_its_announcement_a_threat() {
    let out = code("Arnor said it would halt exports to Gondor.");
    assert_eq!(summary(&out), ["ARN>GON:1312", "ARN>GON:163 threatened"]);
    assert!(out
        .events
        .iter()
        .any(|e| e.rule == "embargo.halt+announced" && e.modality == Modality::Actual));
}

#[test]
fn a_verb_rule_does_not_fire_on_a_noun_use() {
    let rules = "190 attack.verb: SRC ~attack TGT?";
    assert_eq!(
        summary(&code_with(rules, "Arnor attacked.", REALM, None)),
        ["ARN>-:190"]
    );
    assert!(code_with(rules, "Arnor condemned the attack.", REALM, None)
        .events
        .is_empty());
    assert!(code_with(rules, "Arnor spoke of attacks.", REALM, None)
        .events
        .is_empty());
}

#[test]
fn an_attributive_word_or_a_capitalised_name_word_is_no_verb() {
    let rules = "190 attack.verb: SRC ~attack TGT?\n050 work.verb: SRC ~work [with] TGT? ; sym";
    assert!(
        code_with(rules, "Arnor denounced armed attacks.", REALM, None)
            .events
            .is_empty()
    );
    assert!(
        code_with(rules, "Arnor spoke of deadly attacks.", REALM, None)
            .events
            .is_empty()
    );
    assert!(code_with(
        rules,
        "Arnor Public Works said it would rebuild.",
        REALM,
        None
    )
    .events
    .is_empty());
    // A title-case headline keeps its verbs.
    assert_eq!(
        summary(&code_with(rules, "Arnor Attacks Gondor", REALM, None)),
        ["ARN>GON:190"]
    );
}

#[test]
fn refusing_to_yield_is_a_rejection_as_well_as_a_negated_yield() {
    let rules =
        "0841 release.verb: SRC ~release TGT\n085 ease.verb: SRC ~lift ... sanctions on TGT\n\
                 111 condemn.verb: SRC ~condemn TGT";
    let out = code_with(rules, "Arnor refused to release Gondor.", REALM, None);
    assert_eq!(summary(&out), ["ARN>GON:0841!", "ARN>GON:1243"]);
    assert!(out.events.iter().any(|e| e.rule == "release.verb+refused"));
    assert_eq!(
        summary(&code_with(
            rules,
            "Arnor will not lift the sanctions on Gondor.",
            REALM,
            None
        )),
        ["ARN>GON:085! intended", "ARN>GON:1244"]
    );
    // Refusing to meet rejects the meeting; only the subject refuses.
    assert_eq!(
        summary(&code("Arnor refused to meet Gondor.")),
        ["ARN>GON:040!", "ARN>GON:125", "GON>ARN:040!"]
    );
    // Not releasing is no refusal; refusing a non-yielding act is not coded as one.
    assert_eq!(
        summary(&code_with(
            rules,
            "Arnor did not release Gondor.",
            REALM,
            None
        )),
        ["ARN>GON:0841!"]
    );
    assert_eq!(
        summary(&code_with(
            rules,
            "Arnor refused to condemn Gondor.",
            REALM,
            None
        )),
        ["ARN>GON:111!"]
    );
}

#[test]
fn a_nominal_trigger_takes_its_modifier_as_source() {
    assert_eq!(
        summary(&code("The Mordor attack on Gondor failed.")),
        ["MOR>GON:190"]
    );
}

#[test]
fn dates_prefer_the_text_over_citations_and_citations_over_the_document() {
    let rules = RULES;
    let with_both = code_with(
        rules,
        "Arnor condemned Gondor on March 3, 2020 (Herald, April 1, 2020).",
        REALM,
        Some("2024"),
    );
    assert_eq!(with_both.events[0].date.unwrap().to_string(), "2020-03-03");
    let citation = code_with(
        rules,
        "Arnor condemned Gondor (Herald, April 1, 2020).",
        REALM,
        Some("2024"),
    );
    assert_eq!(citation.events[0].date.unwrap().to_string(), "2020-04-01");
    let doc_only = code_with(rules, "Arnor condemned Gondor.", REALM, Some("2024-06"));
    assert_eq!(doc_only.events[0].date.unwrap().to_string(), "2024-06");
}

#[test]
fn relations_carry_negation_facet_and_quantity() {
    let out = code("Arnor is not an ally of Gondor.");
    assert!(out.relations[0].negated);
    let out = code("Rohan supplies about 40 percent of Gondor’s oil.");
    let r = &out.relations[0];
    assert_eq!(
        (r.a.actor.id.as_str(), r.b.actor.id.as_str()),
        ("ROH", "GON")
    );
    assert_eq!(r.quantity.as_deref(), Some("40 percent"));
    assert_eq!(r.facet, Some(entente_model::RelationFacet::Energy));
}

#[test]
fn events_carry_table_fields_rule_and_hash() {
    let e = &code("Arnor condemned Gondor.").events[0];
    assert_eq!(
        (
            e.rule.as_str(),
            e.dictionaries.as_str(),
            e.quad_class.number()
        ),
        ("condemn.verb", "h", 3)
    );
    assert_eq!(e.trigger.text, "condemned");
    assert!(e.confidence > 0.0 && e.confidence <= 1.0);
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        ".",
        "Arnor",
        "“Arnor”",
        "Arnor condemned",
        "condemned Gondor",
        "( ( Arnor ) condemned",
    ] {
        let _ = code(text);
    }
    // A mention outside the sentence is ignored rather than trusted.
    let rules = rule_set(RULES);
    let cameo = CameoTable::builtin().unwrap();
    let coder = Coder {
        rules: &rules,
        cameo: &cameo,
        dictionaries_hash: "h",
        places: None,
        towns: None,
        discards: None,
        syntax: Some(parser()),
    };
    let doc = Document {
        id: "t".into(),
        text: "Arnor condemned Gondor.".into(),
        ..Document::default()
    };
    let far = Mention {
        sentence_index: 0,
        span: Span::new(100, 105),
        actor: actor("ARN"),
        via: Via::Dictionary,
        resolution: Resolution::Dictionary,
    };
    let out = coder.code_document(
        &doc,
        &[Sentence {
            index: 0,
            span: Span::new(0, 23),
            paragraph: 0,
        }],
        &[far],
    );
    assert!(out.events.is_empty());
}

#[test]
fn output_is_deterministic() {
    let text = "Arnor, Rohan and Mordor condemned Gondor and Arnor met with Gondor.";
    let a = format!("{:?}", code(text).events);
    let b = format!("{:?}", code(text).events);
    assert_eq!(a, b);
}

/// A capital named as a location is not an actor, but a `place` rule may take it as its target state.
#[test]
fn a_place_rule_takes_a_capital_named_as_a_location_as_its_target_state() {
    let actors = SourceFile {
        name: "middle-earth.txt".into(),
        text: "country ARN\n  name: Arnor\n  metonyms: Annuminas\ncountry GON\n  name: Gondor\n  metonyms: Minas Tirith\n".into(),
    };
    let rules = SourceFile {
        name: "embassy.rules".into(),
        text: "050 embassy.open: SRC ~open its embassy in TGT ; place\n111 condemn.verb: SRC ~condemn TGT\n".into(),
    };
    let dicts = entente_dictionaries::Dictionaries::from_files(
        vec![actors, rules, CameoTable::builtin_source()],
        Vec::new(),
    )
    .unwrap();
    let text = "Arnor opened its embassy in Minas Tirith. Arnor condemned Minas Tirith.";
    let doc = Document {
        id: "d".into(),
        text: text.into(),
        ..Document::default()
    };
    let first = Sentence {
        index: 0,
        span: Span::new(0, 41),
        paragraph: 0,
    };
    let second = Sentence {
        index: 1,
        span: Span::new(42, text.len()),
        paragraph: 0,
    };
    let arnor = |start: usize| Mention {
        sentence_index: usize::from(start > 41),
        span: Span::new(start, start + 5),
        actor: actor("ARN"),
        via: Via::Dictionary,
        resolution: Resolution::Dictionary,
    };
    // The actor layer kept "Minas Tirith" out of the first sentence (a location) but not the second.
    let mut mentions = vec![arnor(0), arnor(42)];
    mentions.push(Mention {
        sentence_index: 1,
        span: Span::new(58, 70),
        actor: actor("GON"),
        via: Via::Dictionary,
        resolution: Resolution::Dictionary,
    });
    let out = Coder::from_dictionaries(&dicts).code_document(&doc, &[first, second], &mentions);
    let coded: Vec<(String, String, String)> = out
        .events
        .iter()
        .map(|e| {
            (
                e.cameo.to_string(),
                e.source.actor.code.to_string(),
                e.target
                    .as_ref()
                    .map(|t| t.text.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        coded.contains(&("050".into(), "ARN".into(), "Minas Tirith".into())),
        "{coded:?}"
    );
    assert_eq!(
        out.events
            .iter()
            .filter(|e| e.cameo.as_str() == "111")
            .count(),
        1
    );
    let place_target = out
        .events
        .iter()
        .find(|e| e.cameo.as_str() == "050")
        .unwrap()
        .target
        .as_ref()
        .unwrap();
    assert_eq!(
        place_target.actor.country.as_ref().map(|c| c.as_str()),
        Some("GON")
    );
}

#[test]
fn a_tree_subject_that_the_pattern_reads_as_target_leaves_word_orders_roles() {
    // A pattern with its target before the verb (as TABARI's reversed patterns are written): the
    // tree's subject is that target, and word order's source stands rather than no event at all.
    let rules = "075 parade.break: TGT ... ~break in ... SRC";
    assert_eq!(
        summary(&code_with(
            rules,
            "Arnor was seen to break in an anti- Gondor parade on Friday.",
            REALM,
            None
        )),
        ["GON>ARN:075 intended"]
    );
}

#[test]
fn a_peacekeeping_or_military_force_that_arrives_is_deployed_not_visiting() {
    let rules = "042 visit.travel: SRC ~arrive in TGT ; also 043 rev";
    let names = [
        ("Gondorian peacekeepers", "GONPKO"),
        ("Gondorian troops", "GONMIL"),
        ("Gondor", "GON"),
        ("Rohan", "ROH"),
    ];
    assert_eq!(
        summary(&code_with(
            rules,
            "Gondorian troops arrived in Rohan.",
            &names,
            None
        )),
        ["GONMIL>ROH:074"]
    );
    assert_eq!(
        summary(&code_with(
            rules,
            "Gondorian peacekeepers arrived in Rohan.",
            &names,
            None
        )),
        ["GONPKO>ROH:074"]
    );
    assert_eq!(
        summary(&code_with(rules, "Gondor arrived in Rohan.", &names, None)),
        ["GON>ROH:042", "ROH>GON:043"]
    );
}

#[test]
fn an_intent_is_toward_the_target_of_the_act_it_commits_to() {
    let rules = "030 intent.agree: SRC ~agree|~pledge to TGT?\n\
                 081 ease.ban: SRC ~lift ... ban on TGT";
    let out = code_with(
        rules,
        "Arnor has agreed to lift its long-running ban on Gondor.",
        REALM,
        None,
    );
    let agreed = summary(&out);
    assert!(agreed.contains(&"ARN>GON:030".to_string()), "{agreed:?}");
    assert!(
        agreed.contains(&"ARN>GON:081 intended".to_string()),
        "{agreed:?}"
    );
    let agree = out
        .events
        .iter()
        .find(|e| e.cameo.as_str() == "030")
        .unwrap();
    assert!(agree
        .target_path
        .as_deref()
        .is_some_and(|p| p.starts_with("xcomp/")));
    // A complement with a subject of its own is not the intent's act: Gondor lifts, not Arnor.
    let out = code_with(
        rules,
        "Arnor has pledged to let Gondor lift its long-running ban on Rohan.",
        REALM,
        None,
    );
    let pledged = summary(&out);
    assert!(pledged.iter().all(|s| s != "ARN>ROH:030"), "{pledged:?}");
}

#[test]
fn an_act_on_the_actor_itself_has_no_target() {
    let rules = "081 ease.emergency: SRC ~lift ... emergency [in] TGT?\n\
                 111 condemn.verb: SRC ~condemn TGT";
    assert_eq!(
        summary(&code_with(
            rules,
            "Arnor lifted the state of emergency in Arnor.",
            REALM,
            None
        )),
        ["ARN>-:081"]
    );
    // A rule that needs a target codes nothing when the only one is the source.
    assert!(code_with(rules, "Arnor condemned Arnor.", REALM, None)
        .events
        .is_empty());
}

#[test]
fn an_imported_pattern_ends_in_its_own_verb_not_in_one_coordinated_with_it() {
    let rules = "053 rally.layer: SRC ~want ... TGT ... world ; layer";
    // "world" belongs to "hopes", the verb joined by "and": the pattern does not reach it.
    let joined = code_with(
        rules,
        "Arnor wants to keep ties with Gondor and hopes to preserve its standing in the world.",
        REALM,
        None,
    );
    assert!(joined.events.is_empty(), "{:?}", summary(&joined));
    // Within the verb's own phrase, the same pattern fires.
    let own = code_with(
        rules,
        "Arnor wants Gondor to rejoin the world.",
        REALM,
        None,
    );
    assert_eq!(summary(&own), ["ARN>GON:053"]);
}

#[test]
fn an_imported_pattern_word_in_another_verbs_subject_belongs_to_that_verb() {
    let rules = "181 seize.layer: SRC ~take/takes/taking/took/taken ... minister ... TGT ; layer";
    // The minister is the one who says it, not the one taken.
    let speaker = code_with(
        rules,
        "Arnor's withdrawal will begin next summer and will take twelve weeks, Prime Minister Faramir said Wednesday.",
        &[("Arnor", "ARN"), ("Faramir", "GONGOV")],
        None,
    );
    assert!(speaker.events.is_empty(), "{:?}", summary(&speaker));
    // In the verb's own object, the same pattern fires.
    let own = code_with(
        rules,
        "Arnor took the trade minister of Gondor.",
        REALM,
        None,
    );
    assert_eq!(summary(&own), ["ARN>GON:181"]);
}

#[test]
fn an_attack_between_parties_that_bear_no_arms_is_their_quarrel() {
    let rules = "190 fight.attack: SRC ~attack TGT? ; unarmed 111";
    let with_id = |id: &str, code: &str| Actor {
        id: id.to_string(),
        ..actor(code)
    };
    let movement = Actor {
        id: "org:taliban".into(),
        name: "Taliban".into(),
        country: CountryCode::new("AFG").ok(),
        sector: Sector::new("GOV").ok(),
        code: ActorCode::new("AFGGOVTAL").unwrap(),
    };
    let government = with_id("GOV", "ARNGOV");
    let minister = with_id("person:boromir", "ARNGOV");
    let cases = [
        // A person and a government quarrel.
        (
            "Faramir",
            with_id("person:faramir", "GONGOV"),
            government.clone(),
            "111",
        ),
        // Two governments fight.
        (
            "Minas Tirith",
            with_id("GONGOV", "GONGOV"),
            government.clone(),
            "190",
        ),
        // A movement coded as a government is no government that only quarrels.
        ("the Taliban", movement, minister, "190"),
    ];
    for (name, attacker, attacked, code) in cases {
        let text = format!("{name} attacked the minister of Arnor.");
        let out = code_with_actors(
            rules,
            &text,
            &[(name, attacker), ("the minister of Arnor", attacked)],
            None,
        );
        let codes: Vec<&str> = out.events.iter().map(|e| e.cameo.as_str()).collect();
        assert_eq!(codes, [code], "{text}");
    }
}
