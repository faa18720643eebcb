//! PETRARCH-2 and TABARI verb dictionaries converted into layer rules, on tiny fictional snippets.

use entente_dictionaries::rules::{Element, RuleSet};
use entente_dictionaries::{
    import_petrarch_verbs, import_tabari_verbs, Dictionaries, PrunedIds, Pruning, Skipped,
    SourceFile,
};
use std::path::Path;

const PETRARCH: &str = "\
&GADGET
+WIDGET
+SPROCKET_
+FLUX CAPACITOR

####### VERB PATTERNS #######

--- SNARBLE [111] ---
SNARBLE
GLORP {GLORPS GLORPING GLARPED}
+ZING_OFF [121]
- * GADGETRY [---]            # declared a non-event
- * {SHINY &GADGET} (TO +)    [042:043]
- * BLOOP [:054]
- * FOOBAR                    [173]
";

fn rules_of(text: &str) -> RuleSet {
    RuleSet::parse(&[SourceFile {
        name: "converted.rules".into(),
        text: text.into(),
    }])
    .expect("converted rules compile")
}

#[test]
fn petrarch_blocks_become_layer_rules_with_synonyms_irregulars_and_paired_codes() {
    let conv = import_petrarch_verbs("snarble.txt", PETRARCH, Pruning::Keep).unwrap();
    let set = rules_of(&conv.rules);
    assert!(set
        .rules()
        .iter()
        .all(|r| r.layer && r.id.starts_with("petrarch.snarble.")));
    // Every verb of the block, with declared irregular forms, anchors the pattern rules.
    for form in ["snarbled", "glorps", "glarped", "zing"] {
        assert!(set.is_trigger_form(form), "{form}");
    }
    let shiny: Vec<_> = set
        .rules()
        .iter()
        .filter(|r| r.id == "petrarch.snarble.2")
        .collect();
    // (the single-word verbs | the multi-word verb) x (the set's single words as one alternative
    // element | its multi-word member | that member's plural).
    assert_eq!(shiny.len(), 6);
    assert_eq!(
        shiny[0].paired.len(),
        1,
        "[042:043] also codes 043 reversed"
    );
    assert!(shiny[0].paired[0].reversed);
    assert!(shiny[0].pattern.contains(
        "~snarble|~glorp/glorps/glorping/glarped ... shiny sprocket|widget|widgets ... to ... TGT"
    ));
    assert!(shiny
        .iter()
        .any(|r| r.pattern.contains("shiny flux capacitors")));
    // The verb alone keeps the verb's own code: ZING_OFF [121].
    assert!(conv
        .rules
        .contains("121 petrarch.snarble.0: SRC ~zing off ... TGT ; layer ; fallback"));
    assert_eq!(conv.skipped.get(&Skipped::NullCode), Some(&1));
    assert_eq!(conv.skipped.get(&Skipped::ReverseOnly), Some(&1));
}

#[test]
fn the_builtin_pruning_comments_out_bare_verbs_and_statements_with_the_reason() {
    let kept = import_petrarch_verbs("s.txt", PETRARCH, Pruning::Keep).unwrap();
    let pruned = import_petrarch_verbs("s.txt", PETRARCH, Pruning::BuiltinLayer).unwrap();
    assert!(kept.converted > pruned.converted);
    // The built-in layer leaves a set's multi-word members out when it has single words.
    assert!(!pruned.rules.contains("capacitor"));
    assert!(pruned
        .rules
        .contains("# PRUNED bare verb: 111 petrarch.snarble.0"));
    assert!(pruned
        .rules
        .contains("# PRUNED bare verb: 121 petrarch.snarble.0"));
    let set = rules_of(&pruned.rules);
    assert!(set.rules().iter().all(|r| r.id != "petrarch.snarble.0"));
    assert!(set.rules().iter().any(|r| r.id == "petrarch.snarble.4"));
}

#[test]
fn listed_rule_ids_are_commented_out_with_their_reason() {
    let mut conv = import_petrarch_verbs("s.txt", PETRARCH, Pruning::BuiltinLayer).unwrap();
    let before = (conv.converted, conv.pruned);
    let listed = PrunedIds::parse(
        "pruned.tsv",
        "# evidence\npetrarch.snarble.4\twrong on the development sets 3 times\n",
    )
    .unwrap();
    listed.apply(&mut conv);
    let lines = conv
        .rules
        .lines()
        .filter(|l| l.contains("petrarch.snarble.4:"))
        .count();
    assert!(lines > 0);
    assert_eq!(conv.converted, before.0 - lines);
    assert_eq!(conv.pruned, before.1 + lines);
    assert!(conv
        .rules
        .contains("# PRUNED wrong on the development sets 3 times: 173 petrarch.snarble.4"));
    assert!(rules_of(&conv.rules)
        .rules()
        .iter()
        .all(|r| r.id != "petrarch.snarble.4"));
}

#[test]
fn a_bad_pruned_ids_line_names_its_file_and_line() {
    let error = |text: &str| {
        PrunedIds::parse("pruned.tsv", text)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("# c\npetrarch.a.1 no tab\n"),
        "pruned.tsv:2: expected `rule id<TAB>reason`"
    );
    assert_eq!(
        error("tabari.a.1\twhy\n"),
        "pruned.tsv:1: `tabari.a.1` is not a PETRARCH-2 layer rule id"
    );
    assert_eq!(
        error("petrarch.a.1\twhy\npetrarch.a.1\tagain\n"),
        "pruned.tsv:2: `petrarch.a.1` is listed twice"
    );
}

/// The shipped layer is the conversion of PETRARCH-2's file with the built-in pruning and the
/// listed ids, never a hand edit (dictionaries/RULES.md). Needs `../shared`; skipped without it.
#[test]
fn the_builtin_layer_is_the_pruned_conversion_of_petrarchs_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let source = root.join("../shared/reference/dictionaries/petrarch2/CAMEO.2.0.txt");
    let Ok(text) = std::fs::read(&source) else {
        eprintln!("{} not found; skipping", source.display());
        return;
    };
    let text = String::from_utf8_lossy(&text);
    let mut conv = import_petrarch_verbs("CAMEO.2.0.txt", &text, Pruning::BuiltinLayer).unwrap();
    let listed = std::fs::read_to_string(root.join("dictionaries/petrarch-pruned.tsv")).unwrap();
    PrunedIds::parse("petrarch-pruned.tsv", &listed)
        .unwrap()
        .apply(&mut conv);
    let shipped =
        std::fs::read_to_string(root.join("dictionaries/rules/petrarch-verbs.rules")).unwrap();
    assert!(
        conv.rules == shipped,
        "dictionaries/rules/petrarch-verbs.rules differs from its regeneration (RULES.md)"
    );
}

#[test]
fn a_bare_verb_reaches_its_object_or_the_first_actor_after_a_preposition() {
    let conv = import_petrarch_verbs("s.txt", PETRARCH, Pruning::Keep).unwrap();
    let set = rules_of(&conv.rules);
    let bare: Vec<_> = set
        .rules()
        .iter()
        .filter(|r| r.id == "petrarch.snarble.0" && r.pattern.contains("~snarble"))
        .collect();
    assert_eq!(bare.len(), 2);
    assert!(matches!(
        bare[0].elements.last(),
        Some(Element::Slot {
            optional: false,
            ..
        })
    ));
    assert!(bare[1]
        .elements
        .iter()
        .any(|e| matches!(e, Element::Gap { max: 6 })));
}

#[test]
fn a_malformed_petrarch_line_names_file_and_line() {
    let err = import_petrarch_verbs(
        "bad.txt",
        "--- X [010] ---\nX\n- * NO CODE\n",
        Pruning::Keep,
    )
    .unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("bad.txt", 3));
    let err = import_petrarch_verbs("bad.txt", "- * Y [010]\n", Pruning::Keep).unwrap_err();
    assert_eq!(err.line, 1);
}

const TABARI: &str = "\
<SYNSETS>
&BAUBLE
+TRINKET
+GEWGAW_
</SYNSETS>
<NOUN>
QUUX
</NOUN>
FROBNICATE  [193] ;pas 1 Jan 2000
{ FROBNACKED_ }
- * { BAUBLE_ | &BAUBLE } TO_ +  [0874] ; disjunction and a set
- + * BY $  [194]
ZONK_ [---]
RESTOMP [194]
~~FINISH
THIS LINE IS NOT READ [
";

#[test]
fn tabari_verbs_become_layer_rules() {
    let conv = import_tabari_verbs("demo.verbs", TABARI).unwrap();
    let set = rules_of(&conv.rules);
    assert!(set
        .rules()
        .iter()
        .all(|r| r.layer && r.id.starts_with("tabari.")));
    assert!(set.is_trigger_form("frobnacked"));
    // A stem stands for the words it begins, as TABARI matches it: RESTOMP codes "restomped" and
    // "restompes" alike, and TABARI's own "-en" ending ("restompen").
    assert!(set.is_trigger_form("restomped") && set.is_trigger_form("restompes"));
    assert!(set.is_trigger_form("restompen"));
    let disjunction = set
        .rules()
        .iter()
        .find(|r| r.id == "tabari.frobnicate.1")
        .expect("the pattern is converted");
    assert_eq!(
        disjunction.pattern,
        "SRC ~frobnicate/frobnacked ... bauble|gewgaw|trinket|trinkets ... to ... TGT"
    );
    // "+ * BY $": the target is the subject and the agent after "by" the source.
    assert!(conv
        .rules
        .contains("194 tabari.frobnicate.2: TGT ... ~frobnicate/frobnacked ... by ... SRC"));
    assert!(
        !conv.rules.contains("quux"),
        "the <NOUN> section is no verb"
    );
    assert_eq!(conv.skipped.get(&Skipped::NullCode), Some(&1));
    // TABARI's codebook may not be CAMEO: its 19x is no use of force to read as words.
    assert!(!conv.rules.contains("unarmed"));
}

#[test]
fn petrarchs_force_between_unarmed_parties_is_criticism() {
    let text = "--- KERBLAM [190] ---\nKERBLAM\n- * AT +  [190]\n\n--- BLOOP [173] ---\nBLOOP\n- * AT +  [173]\n";
    let conv = import_petrarch_verbs("force.txt", text, Pruning::Keep).unwrap();
    let set = rules_of(&conv.rules);
    let unarmed = |id: &str| {
        let rule = set.rules().iter().find(|r| r.id == id).expect(id);
        rule.unarmed.as_ref().map(|code| code.as_str().to_owned())
    };
    assert_eq!(unarmed("petrarch.kerblam.1").as_deref(), Some("111"));
    // Arrests and other coercion are what courts and governments do: no quarrel reading.
    assert_eq!(unarmed("petrarch.bloop.1"), None);
}

#[test]
fn a_tabari_tilde_stem_takes_the_words_that_continue_it() {
    let text = "GRUMBLE  [111]\n- * REAL~_ANGRY  [112]\n";
    let conv = import_tabari_verbs("stems.verbs", text).unwrap();
    let pattern = conv
        .rules
        .lines()
        .find(|l| l.starts_with("112 tabari.grumble.1:"))
        .expect("the pattern is converted");
    // "REAL~" is "real", "really", "realest"..., directly before "angry".
    assert!(
        pattern.contains("|realest|") && pattern.contains("|really|"),
        "{pattern}"
    );
    assert!(pattern.contains("|reals angries|angry "), "{pattern}");
    let set = rules_of(&conv.rules);
    assert!(set.rules().iter().any(|r| r.id == "tabari.grumble.1"));
}

#[test]
fn a_target_with_words_before_the_verb_takes_the_subject_before_them_as_source() {
    let text = "PARADE  [017]\n- ANTI- + *  [111]\n- + * DEAD  [190]\n";
    let conv = import_tabari_verbs("targets.verbs", text).unwrap();
    // "an anti- X parade": the source is the clause's subject, before the pattern's words.
    let pattern = conv
        .rules
        .lines()
        .find(|l| l.starts_with("111 tabari.parade.1:"))
        .expect("the pattern is converted");
    assert!(
        pattern.contains("SRC ... anti|antis ... TGT ... ~parade"),
        "{pattern}"
    );
    // A target that is the verb's subject leaves no place for a source: skipped.
    assert!(!conv.rules.contains("190 tabari.parade"));
    assert_eq!(conv.skipped.get(&Skipped::RolesNotLinear), Some(&1));
    let set = rules_of(&conv.rules);
    assert!(set.rules().iter().any(|r| r.id == "tabari.parade.1"));
}

#[test]
fn a_malformed_tabari_line_names_file_and_line() {
    let err = import_tabari_verbs("bad.verbs", "GLORP [010]\n- * WIDGET\n").unwrap_err();
    assert_eq!((err.file.as_str(), err.line), ("bad.verbs", 2));
    let err = import_tabari_verbs("bad.verbs", "<SYNSETS>\nWIDGET\n</SYNSETS>\n").unwrap_err();
    assert_eq!(err.line, 2);
}

#[test]
fn a_tabari_file_in_the_override_folder_loads_as_layer_rules() {
    let dicts = Dictionaries::from_files(
        Vec::new(),
        vec![SourceFile {
            name: "mine/demo.verbs".into(),
            text: TABARI.into(),
        }],
    )
    .unwrap();
    let rules = dicts.rules.rules();
    assert!(!rules.is_empty() && rules.iter().all(|r| r.layer));
    assert!(rules[0].file.contains("demo.verbs"));
    let broken = Dictionaries::from_files(
        Vec::new(),
        vec![SourceFile {
            name: "mine/broken.verbs".into(),
            text: "GLORP [010]\n- * WIDGET\n".into(),
        }],
    );
    let err = broken.err().expect("a malformed line fails the load");
    assert_eq!((err.file.as_str(), err.line), ("mine/broken.verbs", 2));
}

#[test]
fn an_unplaced_target_after_the_patterns_words_may_follow_of() {
    let conv = import_petrarch_verbs("s.txt", PETRARCH, Pruning::Keep).unwrap();
    // "snarbled over the foobar *of* X": whose foobar it is names the target.
    let foobar = conv
        .rules
        .lines()
        .find(|l| l.starts_with("173 petrarch.snarble.4:"))
        .expect("the FOOBAR pattern");
    assert!(foobar.contains("foobar [to|"), "{foobar}");
    assert!(foobar.contains("|between|of] TGT"), "{foobar}");
}

#[test]
fn synonym_sets_naming_other_sets_are_expanded_and_an_empty_set_matches_nothing() {
    let text = "\
&GADGET
+WIDGET_
+SPROCKET_
&GADGETRY
+&GADGET_MEMOS
&NOTHING

--- SNARBLE [111] ---
SNARBLE
- * &GADGETRY [173]
- * &NOTHING [042]
";
    let conv = import_petrarch_verbs("s.txt", text, Pruning::Keep).unwrap();
    let memos: Vec<&str> = conv
        .rules
        .lines()
        .filter(|l| l.starts_with("173 "))
        .collect();
    assert!(
        memos.iter().any(|l| l.contains("widget memos")),
        "{memos:?}"
    );
    assert!(
        memos.iter().any(|l| l.contains("sprocket memos")),
        "{memos:?}"
    );
    assert!(!conv.rules.contains("042 "));
    assert_eq!(conv.skipped.get(&Skipped::UndefinedSynset), Some(&1));
}

#[test]
fn a_contracted_negation_in_a_synonym_set_is_split_as_the_tokeniser_splits_it() {
    let text = "<SYNSETS>\n&NEGAUX\n+DIDN'T\n+WON'T\n</SYNSETS>\nSNARBLE  [111]\n- &NEGAUX * FOOBAR  [173]\n";
    let conv = import_tabari_verbs("t.verbs", text).unwrap();
    assert!(
        conv.rules.contains("SRC did n't ... ~snarble"),
        "{}",
        conv.rules
    );
    assert!(
        conv.rules.contains("SRC wo n't ... ~snarble"),
        "{}",
        conv.rules
    );
}

#[test]
fn a_bare_preposition_pattern_keeps_the_verb_its_comment_names() {
    const IDIOMS: &str = "\
--- STEER [060] ---
STEER
GUIDE
- * TO                        [030]         # STEER
- * GRANT (TO)                [070]         # GUIDE
- * FOR                       [040]         # tb 25 Ja 2007
";
    let conv = import_petrarch_verbs("idioms.txt", IDIOMS, Pruning::Keep).unwrap();
    let lines_of = |id: &str| -> Vec<&str> {
        conv.rules
            .lines()
            .filter(|l| l.contains(&format!(" {id}: ")))
            .collect()
    };
    let every = |id: &str, wanted: &dyn Fn(&str) -> bool| {
        let lines = lines_of(id);
        !lines.is_empty() && lines.iter().all(|l| wanted(l))
    };
    // "steer to" is that verb's idiom, not the class's.
    assert!(every("petrarch.steer.1", &|l| l.contains("SRC ~steer ...")
        && !l.contains("guide")));
    // A content word means the same for every verb of the class.
    assert!(every("petrarch.steer.2", &|l| l.contains("~steer|~guide")));
    // A comment that names no verb of the block leaves the pattern class-wide.
    assert!(every("petrarch.steer.3", &|l| l.contains("~steer|~guide")));
}
