//! Which place an event happened at, by the dependency tree of its sentence (issue 20): grouped
//! by phenomenon, through the whole pipeline with the built-in dictionaries, parser and gazetteer.
//! Each case names a sentence, the trigger of one of its events, and the place expected (`None`:
//! no place the sentence names; the event may still take the document's country).

use entente_dictionaries::Dictionaries;
use entente_model::{Document, LocatedBy};
use entente_pipeline::Pipeline;
use std::sync::{Arc, OnceLock};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Arc::new(Dictionaries::builtin().unwrap())))
}

/// The words of the place a locative or a noun gave the first event of `trigger`, if any.
fn place(text: &str, trigger: &str) -> Option<String> {
    let out = pipeline().process(Document {
        id: "attachment".into(),
        text: text.into(),
        ..Document::default()
    });
    let event = out
        .events
        .iter()
        .find(|e| e.trigger.text.starts_with(trigger))
        .unwrap_or_else(|| panic!("no event \"{trigger}\" in \"{text}\": {:#?}", out.events));
    event
        .location
        .as_ref()
        .filter(|l| l.how == LocatedBy::Locative)
        .map(|l| l.text.clone())
}

fn check(cases: &[(&str, &str, Option<&str>)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(text, trigger, expected)| {
            let found = place(text, trigger);
            (found.as_deref() != expected)
                .then(|| format!("{text} [{trigger}]: expected {expected:?}, found {found:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_place_on_the_predicate_or_its_object_sets_the_act() {
    check(&[
        (
            "Turkish police arrested protesters in Ankara.",
            "arrested",
            Some("Ankara"),
        ),
        (
            "Chadian rebels attacked a convoy in Abeche on Monday.",
            "attacked",
            Some("Abeche"),
        ),
        (
            "Protesters clashed with Egyptian police on a street in Alexandria.",
            "clashed",
            Some("Alexandria"),
        ),
    ]);
}

#[test]
fn a_place_on_an_actor_sets_the_act() {
    check(&[
        (
            "Police in Nairobi fired tear gas at Kenyan protesters.",
            "fired",
            Some("Nairobi"),
        ),
        // The mention is only part of the name the place hangs on.
        (
            "Mr Lavrov who is currently in Cairo at the start of a regional tour, has praised \
             Egypt's mediation.",
            "praised",
            Some("Cairo"),
        ),
    ]);
}

#[test]
fn a_participle_or_a_conjunct_shares_the_setting_of_its_clause() {
    check(&[
        (
            "Israeli troops raided a village near Hebron, arresting three Palestinians.",
            "arresting",
            Some("Hebron"),
        ),
        (
            "Kenyan police raided a market in Mombasa and arrested twenty traders.",
            "arrested",
            Some("Mombasa"),
        ),
        (
            "Egyptian officials met Israeli diplomats and signed an accord in Cairo.",
            "met",
            Some("Cairo"),
        ),
    ]);
}

#[test]
fn a_place_in_another_clause_or_deeper_phrase_sets_something_else() {
    check(&[
        // The talks would be held in Geneva; the urging was not.
        (
            "The French president urged Iranian leaders to hold talks in Geneva.",
            "urged",
            None,
        ),
        (
            "The French president urged Iranian leaders to hold talks in Geneva.",
            "hold talks",
            Some("Geneva"),
        ),
        (
            "Russia condemned the sanctions over killings in Aleppo.",
            "condemned",
            None,
        ),
        (
            "Japan deported a Chinese activist who is wanted in Beijing for fraud.",
            "deported",
            None,
        ),
    ]);
}

#[test]
fn a_place_that_is_a_party_is_no_location() {
    check(&[
        // The bases are the United States'; they stand in Iraq.
        (
            "Iraqi insurgents attacked United States troops across Iraq.",
            "attacked",
            Some("Iraq"),
        ),
        (
            "Syrian officials met prosecutors from Lebanon.",
            "met",
            None,
        ),
        (
            "Pakistani troops fired rockets into Afghanistan.",
            "fired",
            None,
        ),
    ]);
}

#[test]
fn from_names_the_place_a_trigger_of_leaving_leaves() {
    check(&[(
        "Israeli troops withdrew from Jenin.",
        "withdrew",
        Some("Jenin"),
    )]);
}

#[test]
fn a_city_naming_a_noun_trigger_is_where_it_happened() {
    check(&[
        (
            "Malaysian militants carried out the Jakarta bombing.",
            "bombing",
            Some("Jakarta"),
        ),
        // A state's name is the state, never the towns abroad named after it (Costa Rica in
        // Brazil); its own city of that name still is.
        ("Costa Rica and Norway Sign Trade Deal", "Sign", None),
        (
            "Malaysian militants carried out the Kuwait bombing.",
            "bombing",
            Some("Kuwait"),
        ),
    ]);
}

#[test]
fn a_place_a_relative_clause_says_an_actor_is_in_sets_its_act() {
    check(&[
        (
            "The American ambassador, who is in Dublin this week, praised Irish officials.",
            "praised",
            Some("Dublin"),
        ),
        // Where the ambassador was born is not where the praise was given.
        (
            "The American ambassador, who was born in Dublin, praised Irish officials.",
            "praised",
            None,
        ),
    ]);
}

/// A news agency's credit in brackets names who reported the story: it does not vote for the
/// country the document is about (here it would tie Hungary two to two). The electors name no
/// state (voters take none from the text, unlike a state institution), so the document's country
/// is what places the election.
#[test]
fn a_wire_credit_is_not_a_country_of_the_story() {
    let out = pipeline().process(Document {
        id: "credit".into(),
        text: "Hungarian lawmakers elect a premier (AP)\n\n\
               Voters on Wednesday elected Ferenc Gyurcsany, a Hungarian businessman, as prime \
               minister (AP)."
            .into(),
        ..Document::default()
    });
    let elected = out
        .events
        .iter()
        .find(|e| e.trigger.text.starts_with("elected"))
        .expect("an election event");
    let location = elected.location.as_ref().expect("a location");
    assert_eq!(
        (location.country.as_str(), location.how),
        ("HUN", LocatedBy::Document)
    );
}

/// "In the capital" is the capital of the country the sentence last names, else of the one the
/// story is about; a country the act is held to is made finer by a place in it that the act is
/// also held to.
#[test]
fn the_capital_is_the_named_countrys() {
    let name = |text: &str, trigger: &str| {
        let out = pipeline().process(Document {
            id: "capital".into(),
            text: text.into(),
            ..Document::default()
        });
        out.events
            .iter()
            .find(|e| e.trigger.text.starts_with(trigger))
            .and_then(|e| e.location.as_ref())
            .map(|l| (l.name.clone(), l.text.clone(), l.how))
    };
    assert_eq!(
        name(
            "Police in Kenya dispersed protesters in the capital who were seeking land.",
            "dispersed"
        ),
        Some(("Nairobi".into(), "capital".into(), LocatedBy::Locative))
    );
    assert_eq!(
        name(
            "Nepal's army is fighting Maoist rebels.\n\nRebels attacked a police post in the capital on Sunday.",
            "attacked"
        ),
        Some(("Kathmandu".into(), "capital".into(), LocatedBy::Locative))
    );
    // A state's adjective, an "of" phrase or a possessive names whose capital it is.
    assert_eq!(
        name(
            "Police arrested 20 protesters in the Iraqi capital on Monday.",
            "arrested"
        ),
        Some((
            "Baghdad".into(),
            "Iraqi capital".into(),
            LocatedBy::Locative
        ))
    );
    assert_eq!(
        name(
            "Rebels attacked a police station in the capital of Somalia.",
            "attacked"
        )
        .map(|l| l.0),
        Some("Mogadishu".into())
    );
    assert_eq!(
        name(
            "Rebels attacked a police station in Kenya's capital on Monday.",
            "attacked"
        ),
        Some((
            "Nairobi".into(),
            "Kenya's capital".into(),
            LocatedBy::Locative
        ))
    );
}

/// A sentence opening with a place sets the scene of its paragraph: a later act that names no
/// place of its own happened there, but not one in the next paragraph.
#[test]
fn a_place_opening_a_paragraph_sets_its_scene() {
    let text =
        "In London on Thursday, India's finance minister criticised the G7's trade policies. \
                He objected to subsidies on agriculture.\n\n\
                The Indian minister also condemned the IMF.";
    let out = pipeline().process(Document {
        id: "scene".into(),
        text: text.into(),
        ..Document::default()
    });
    let at = |trigger: &str, sentence: &str| {
        out.events
            .iter()
            .find(|e| e.trigger.text.starts_with(trigger) && e.sentence.contains(sentence))
            .unwrap_or_else(|| panic!("no \"{trigger}\": {:#?}", out.events))
            .location
            .as_ref()
            .map(|l| (l.name.clone(), l.how))
    };
    assert_eq!(
        at("objected", "subsidies"),
        Some(("London".into(), LocatedBy::Locative))
    );
    assert_eq!(
        at("condemned", "IMF"),
        Some(("India".into(), LocatedBy::Actor))
    );
}

#[test]
fn a_city_of_a_region_and_a_place_inside_a_during_phrase_set_the_act() {
    check(&[(
        "The Israeli army demolished Palestinian houses during an incursion in the southern \
         Gaza Strip town of Rafah on Thursday.",
        "demolished",
        Some("Rafah"),
    )]);
}

#[test]
fn a_headline_act_happened_where_the_leads_act_of_its_kind_did() {
    check(&[(
        "Israeli army demolishes Palestinian homes\n\nGAZA CITY: The Israeli army demolished \
         Palestinian houses during an incursion in the southern Gaza Strip town of Rafah on \
         Thursday.",
        "demolishes",
        Some("Rafah"),
    )]);
}

#[test]
fn a_lead_act_happened_where_the_headlines_act_of_its_kind_did() {
    check(&[(
        "Spanish leader to host French and German allies in Madrid summit (AFP)\n\nAFP - \
         Spanish Prime Minister Jose Luis Rodriguez Zapatero welcomes French President Jacques \
         Chirac and German Chancellor Gerhard Schroeder to a summit on Monday.",
        "welcomes",
        Some("Madrid"),
    )]);
}

#[test]
fn describing_words_after_the_locatives_article_do_not_hide_the_name() {
    check(&[
        (
            "Sudanese police arrested protesters in the troubled western Darfur region on Sunday.",
            "arrested",
            Some("Darfur"),
        ),
        // A capital far after "in" is the place, not its government; a word between the name and
        // a part of the town does not run the name on.
        (
            "US troops met tribal elders in the restive Baghdad Sunni neighbourhood of Adhamiya \
             on Sunday.",
            "met",
            Some("Baghdad"),
        ),
    ]);
}
