//! Where events happened (issue 20): the seed articles' places, ambiguous names decided by the
//! document, and datelines, through the whole pipeline with the built-in dictionaries and gazetteer.

use entente_dictionaries::Dictionaries;
use entente_model::{Document, Event, LocatedBy, Precision};
use entente_pipeline::{DocOutput, Geocode, Pipeline};
use std::sync::Arc;

fn pipeline() -> Pipeline {
    Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()))
}

fn code(pipeline: &Pipeline, id: &str, text: &str) -> DocOutput {
    pipeline.process(Document {
        id: id.into(),
        text: text.into(),
        ..Document::default()
    })
}

fn seed(name: &str) -> DocOutput {
    let path = format!("../../examples/articles/{name}.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    code(&pipeline(), name, &text)
}

/// The location (name, country, precision) of the first event whose trigger starts with `trigger`
/// in the sentence containing `words`.
fn located<'a>(out: &'a DocOutput, words: &str, trigger: &str) -> &'a Event {
    out.events
        .iter()
        .find(|e| e.sentence.contains(words) && e.trigger.text.starts_with(trigger))
        .unwrap_or_else(|| panic!("no event \"{trigger}\" in the sentence with \"{words}\""))
}

fn place(event: &Event) -> Option<(&str, &str, Precision, LocatedBy)> {
    event
        .location
        .as_ref()
        .map(|l| (l.name.as_str(), l.country.as_str(), l.precision, l.how))
}

#[test]
fn the_seed_events_happen_where_the_articles_say() {
    let jamestown = seed("jamestown-edm-azerbaijan-israel-after-october-7");
    let socar = located(&jamestown, "SOCAR", "attacked");
    assert_eq!(
        place(socar),
        Some(("Istanbul", "TUR", Precision::City, LocatedBy::Locative))
    );
    let oic = located(
        &jamestown,
        "Organization of Islamic Cooperation",
        "participate",
    );
    assert_eq!(place(oic).map(|p| (p.0, p.1)), Some(("Riyadh", "SAU")));
    let turkic = located(&jamestown, "Organization of Turkic States", "condemning");
    assert_eq!(place(turkic).map(|p| p.1), Some("KAZ"));
    let press = located(&jamestown, "press conference", "joint press conference");
    assert_eq!(place(press).map(|p| (p.0, p.1)), Some(("Cairo", "EGY")));
    let cop29 = located(&jamestown, "Conference of the Parties", "participate");
    assert_eq!(place(cop29).map(|p| (p.0, p.1)), Some(("Baku", "AZE")));

    let caspian = seed("caspian-policy-center-hajiyev-visits-israel");
    let meetings: Vec<&Event> = caspian
        .events
        .iter()
        .filter(|e| e.sentence.contains("Tel Aviv") && e.cameo.as_str() == "040")
        .collect();
    assert!(!meetings.is_empty());
    for meeting in meetings {
        assert_eq!(place(meeting).map(|p| p.1), Some("ISR"));
    }
}

#[test]
fn an_ambiguous_name_takes_the_country_the_story_is_about() {
    let p = pipeline();
    let lebanese = code(
        &p,
        "lebanon",
        "Lebanon's army said on Sunday that it had deployed troops in Beirut. \
         Lebanese officials met Hezbollah leaders in Tripoli.",
    );
    let met = located(&lebanese, "Tripoli", "met");
    assert_eq!(place(met).map(|p| (p.0, p.1)), Some(("Tripoli", "LBN")));

    let libyan = code(
        &p,
        "libya",
        "Libyan officials met Turkish diplomats in Tripoli.",
    );
    let met = located(&libyan, "Tripoli", "met");
    assert_eq!(place(met).map(|p| (p.0, p.1)), Some(("Tripoli", "LBY")));

    let caucasus = code(
        &p,
        "caucasus",
        "Russia accused Georgia of provocations. Russian troops clashed with police in Georgia.",
    );
    let clashed = located(&caucasus, "clashed", "clashed");
    assert_eq!(
        place(clashed).map(|p| (p.1, p.2)),
        Some(("GEO", Precision::Country))
    );

    let american = code(
        &p,
        "us",
        "The United States and Canada signed a trade accord. American officials met \
         Canadian negotiators in Georgia.",
    );
    let met = located(&american, "negotiators", "met");
    assert_eq!(
        met.location
            .as_ref()
            .map(|l| (l.country.as_str(), l.adm1.as_deref())),
        Some(("USA", Some("US.GA")))
    );

    // Population alone: Egypt's Alexandria; named with its state, Virginia's.
    let alexandria = code(
        &p,
        "alexandria",
        "Egyptian police arrested protesters in Alexandria.",
    );
    let arrested = located(&alexandria, "Alexandria", "arrested");
    assert_eq!(place(arrested).map(|p| p.1), Some("EGY"));
    let virginia = code(
        &p,
        "virginia",
        "French officials met American diplomats in Alexandria, Virginia.",
    );
    let met = located(&virginia, "Alexandria", "met");
    assert_eq!(
        met.location
            .as_ref()
            .map(|l| (l.country.as_str(), l.adm1.as_deref())),
        Some(("USA", Some("US.VA")))
    );

    // San Jose: California's by population; the Philippines' in a Philippine story.
    let california = code(
        &p,
        "sanjose",
        "Mexican officials met American diplomats in San Jose.",
    );
    let met = located(&california, "San Jose", "met");
    assert_eq!(place(met).map(|p| p.1), Some("USA"));
    let philippine = code(
        &p,
        "philippines",
        "Philippine police arrested protesters in Manila. Philippine troops attacked rebels in San Jose.",
    );
    let attacked = located(&philippine, "San Jose", "attacked");
    assert_eq!(place(attacked).map(|p| p.1), Some("PHL"));
}

#[test]
fn a_trip_to_a_capital_lands_on_its_state_and_happens_there() {
    let p = pipeline();
    let out = code(
        &p,
        "trip",
        "The Indian foreign minister travelled to Kabul on Monday.",
    );
    for code in ["042", "043"] {
        let visit = out
            .events
            .iter()
            .find(|e| e.cameo.as_str() == code)
            .unwrap_or_else(|| panic!("no {code}"));
        let parties = [&visit.source, visit.target.as_ref().unwrap()]
            .map(|a| a.actor.code.as_str().to_string());
        assert!(parties.contains(&"AFG".to_string()), "{code}: {parties:?}");
        assert_eq!(
            place(visit).map(|p| (p.0, p.2)),
            Some(("Kabul", Precision::City)),
            "{code}"
        );
    }
}

#[test]
fn a_direction_word_may_open_the_name_itself() {
    let p = pipeline();
    let cases = [
        (
            "Rebels attacked troops in South Sudan.",
            "South Sudan",
            "SSD",
        ),
        (
            "Rebels attacked troops in the West Bank.",
            "West Bank",
            "PSE",
        ),
        (
            "Rebels attacked troops in Northern Ireland.",
            "Northern Ireland",
            "GBR",
        ),
        ("Rebels attacked troops in northern Iraq.", "Iraq", "IRQ"),
    ];
    for (text, name, country) in cases {
        let out = code(&p, "direction", text);
        let attacked = located(&out, "attacked", "attacked");
        assert_eq!(
            place(attacked).map(|p| (p.0, p.1)),
            Some((name, country)),
            "{text}"
        );
    }
    let out = code(
        &p,
        "continent",
        "Police arrested protesters in Central Asia.",
    );
    let arrested = located(&out, "arrested", "arrested");
    assert_eq!(place(arrested), None, "no town stands for a continent");
}

#[test]
fn a_town_named_after_its_states_adjective_is_that_town() {
    let p = pipeline();
    for text in [
        "Three US soldiers were killed by a roadside bomb in the Iraqi city of Kirkuk.",
        "Rebels attacked US troops near the Iraqi town of Kirkuk.",
    ] {
        let out = code(&p, "adjective", text);
        let event = out.events.first().expect("an event");
        assert_eq!(
            place(event).map(|p| (p.0, p.1, p.2)),
            Some(("Kirkuk", "IRQ", Precision::City)),
            "{text}"
        );
    }
}

#[test]
fn a_first_level_division_anywhere_is_a_place_and_a_shared_one_is_decided_by_the_story() {
    let p = pipeline();
    let out = code(
        &p,
        "sindh",
        "Police arrested twelve protesters in Sindh on Monday.",
    );
    let arrested = located(&out, "arrested", "arrested");
    let location = arrested.location.as_ref().unwrap();
    assert_eq!(
        (
            location.name.as_str(),
            location.country.as_str(),
            location.adm1.as_deref()
        ),
        ("Sindh", "PAK", Some("PK.05"))
    );
    assert_eq!(location.precision, Precision::Adm1);
    assert!(
        location.lat.is_some(),
        "a division is placed where its people live"
    );

    // Punjab is a province of Pakistan and a state of India.
    let indian = code(
        &p,
        "punjab",
        "Indian troops clashed with militants in Punjab after India accused Pakistan of aiding them.",
    );
    let clashed = located(&indian, "clashed", "clashed");
    assert_eq!(place(clashed).map(|p| (p.0, p.1)), Some(("Punjab", "IND")));
    let alone = code(&p, "punjab", "Gunmen attacked a police post in Punjab.");
    let attacked = located(&alone, "attacked", "attacked");
    assert_eq!(place(attacked), None, "a tie is never guessed");
    assert!(alone.diagnostics.iter().any(|d| d.code == "location.tie"));
}

#[test]
fn a_dateline_places_the_events_the_sentence_does_not() {
    let p = pipeline();
    let beirut = code(
        &p,
        "beirut",
        "BEIRUT — Israel accused Hezbollah of firing rockets on Sunday.",
    );
    let accused = located(&beirut, "Israel", "accused");
    assert_eq!(
        place(accused),
        Some(("Beirut", "LBN", Precision::City, LocatedBy::Dateline))
    );
    let kabul = code(
        &p,
        "kabul",
        "Kabul, May 3 (Reuters) - Pakistan condemned the attack on its embassy.",
    );
    let condemned = located(&kabul, "Pakistan", "condemned");
    assert_eq!(
        place(condemned).map(|p| (p.0, p.3)),
        Some(("Kabul", LocatedBy::Dateline))
    );
    // A dateline whose dash was lost, as in AG News.
    let dashless = code(
        &p,
        "dashless",
        "Pakistan condemns attack\n\nKABUL Pakistan condemned the attack on its embassy.",
    );
    let condemned = located(&dashless, "embassy", "condemned");
    assert_eq!(
        place(condemned).map(|p| (p.0, p.3)),
        Some(("Kabul", LocatedBy::Dateline))
    );
    // A wire credit before the dateline, each a sentence of its own.
    let credited = code(
        &p,
        "credited",
        "Pakistan condemns attack\n\nCanadian Press - KABUL, Afghanistan (AP) - Pakistan condemned the attack on its embassy.",
    );
    let condemned = located(&credited, "embassy", "condemned");
    assert_eq!(
        place(condemned).map(|p| (p.0, p.3)),
        Some(("Kabul", LocatedBy::Dateline))
    );
}

/// "Tel Aviv condemned" names Israel's government, not the city: the statement is Israel's, made at
/// home as far as the sentence says, never at Tel Aviv.
#[test]
fn a_city_that_names_an_actor_is_no_location() {
    let p = pipeline();
    let out = code(&p, "metonym", "Tel Aviv condemned the attack by Hamas.");
    let condemned = located(&out, "Tel Aviv", "condemned");
    assert_eq!(
        place(condemned),
        Some(("Israel", "ISR", Precision::Country, LocatedBy::Actor))
    );
}

#[test]
fn material_only_locates_only_material_events() {
    let p = pipeline().with_geocode(Geocode::MaterialOnly);
    let out = code(
        &p,
        "material",
        "Israel condemned Hamas in Cairo. Israeli troops attacked Hamas in Gaza.",
    );
    assert_eq!(located(&out, "condemned", "condemned").location, None);
    assert_eq!(
        place(located(&out, "attacked", "attacked")).map(|p| p.1),
        Some("PSE")
    );
    let off = pipeline().with_geocode(Geocode::Off);
    let out = code(&off, "off", "Israeli troops attacked Hamas in Gaza.");
    assert!(out.events.iter().all(|e| e.location.is_none()));
}

/// Ties are reported, never guessed silently: with a tiny gazetteer of its own (two towns of one
/// name in two fictional states), nothing in the document decides between them.
#[test]
fn a_tie_leaves_the_event_unlocated_and_says_so() {
    use entente_places::{locate_events, Gazetteer};
    let gazetteer = |second_population: u64| {
        let text = format!(
            "geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames\n\
             1\tcountry\tArnor\tARN\t\t1\t1\t1000\t\n\
             2\tcountry\tGondor\tGON\t\t2\t2\t1000\t\n\
             3\tcity\tOsgiliath\tARN\t\t1\t1\t100\t\n\
             4\tcity\tOsgiliath\tGON\t\t2\t2\t{second_population}\t\n"
        );
        Gazetteer::from_files(&[("test.tsv", &text)]).unwrap()
    };
    let p = pipeline().with_geocode(Geocode::Off);
    let mut out = code(&p, "tie", "Israeli troops attacked Hamas in Osgiliath.");
    assert!(!out.events.is_empty());

    let tied = gazetteer(100);
    let diagnostics = locate_events(
        &tied,
        &out.doc,
        &out.sentences,
        &out.mentions,
        &mut out.events,
        &Default::default(),
        Geocode::On,
    );
    assert!(out.events.iter().all(|e| e.location.is_none()));
    assert!(
        diagnostics.iter().any(|d| d.code == "location.tie"),
        "{diagnostics:?}"
    );

    let close = gazetteer(60);
    let diagnostics = locate_events(
        &close,
        &out.doc,
        &out.sentences,
        &out.mentions,
        &mut out.events,
        &Default::default(),
        Geocode::On,
    );
    let attacked = located(&out, "Osgiliath", "attacked");
    assert_eq!(
        attacked.location.as_ref().map(|l| l.country.as_str()),
        Some("ARN")
    );
    assert!(
        diagnostics.iter().any(|d| d.code == "location.ambiguous"),
        "{diagnostics:?}"
    );
}

/// With no place named and no dateline, the parties place the act as a reader does: a statement
/// or a domestic act at home (a wire credit read as the target is no party; a state speaking as
/// itself speaks at home however often the story names others), a host's reception
/// at home however often the guests' countries are named, force where it lands (at the city the
/// target is named by, even the source's own), and nowhere for acts between states or an international body's
/// demands, whatever the document's country.
#[test]
fn a_place_no_sentence_names_comes_from_the_parties() {
    let p = pipeline();
    let cases: &[(&str, &str, Option<(&str, &str, Precision)>)] = &[
        (
            "China warned Singapore against further official visits to Taiwan.",
            "warned",
            Some(("China", "CHN", Precision::Country)),
        ),
        (
            "The Japanese government rejected the proposal on Tuesday.",
            "rejected",
            Some(("Japan", "JPN", Precision::Country)),
        ),
        (
            "Israeli troops killed two Palestinians on Friday.",
            "killed",
            Some(("Palestinian Territory", "PSE", Precision::Country)),
        ),
        (
            "Rebels took control of Freetown on Sunday.",
            "took control",
            Some(("Freetown", "SLE", Precision::City)),
        ),
        (
            "Sierra Leone took control of Freetown on Sunday.",
            "took control",
            Some(("Freetown", "SLE", Precision::City)),
        ),
        (
            "German Chancellor Gerhard Schroeder hosted French President Jacques Chirac and \
             British Prime Minister Tony Blair. Chirac and Blair praised France and Britain.",
            "hosted",
            Some(("Germany", "DEU", Precision::Country)),
        ),
        (
            "Hungarian Parliament Elects Viktor Orban Prime Minister (AP)",
            "Elects",
            Some(("Hungary", "HUN", Precision::Country)),
        ),
        (
            "The UK has welcomed the decision by India and Pakistan to reopen a rail link. India \
             and Pakistan fought three wars. India said the line would open in March.",
            "welcomed",
            Some(("United Kingdom", "GBR", Precision::Country)),
        ),
        (
            "Pakistani President Pervez Musharraf met Indian Prime Minister Manmohan Singh.",
            "met",
            None,
        ),
        (
            "The European Union demanded that Washington explain how it subsidizes Boeing.",
            "demanded",
            None,
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(text, trigger, expected)| {
            let out = code(&p, "parties", text);
            let found = place(located(&out, "", trigger));
            let found_place = found.map(|(name, country, precision, _)| (name, country, precision));
            let by_parties = found.is_none_or(|(.., how)| how == LocatedBy::Actor);
            (found_place != expected || !by_parties)
                .then(|| format!("{text}: {trigger} at {found:?}, expected {expected:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The story's country places the acts whose parties tell nothing: the one its headline names,
/// once the story names it at least twice and as often as any other, also short of two thirds of
/// all its mentions of a country. A wire credit opening the story ("AP - ") names no country of
/// it, and the story's country is no guess for what another country's actor says.
#[test]
fn the_story_is_about_the_country_its_headline_names_not_its_credit() {
    let p = pipeline();
    let body = "The number of people out of work in the UK rose again in December. Jobless \
                totals also rose in Germany, France and Spain. The UK figure is the highest since \
                2001.\n\nProtesters criticised the forecasts on Tuesday.";
    let country = |text: &str, words: &str, trigger: &str| {
        let out = code(&p, "story", text);
        place(located(&out, words, trigger)).map(|(_, country, _, how)| (country.to_string(), how))
    };
    let headlined = format!("Jobless total rises again in UK\n\n{body}");
    assert_eq!(
        country(&headlined, "Protesters", "criticised"),
        Some(("GBR".to_string(), LocatedBy::Document))
    );
    assert_eq!(
        country(
            &format!("Jobless total rises again\n\n{body}"),
            "Protesters",
            "criticised"
        ),
        None,
        "no headline country: the UK has half the story's mentions"
    );
    assert_eq!(
        country(
            &format!("{headlined} French unions criticised the figures."),
            "French unions",
            "criticised"
        ),
        None,
        "French unions criticise in no British place"
    );
    assert_eq!(
        country(
            "Armed gangs roam storm-hit Haiti (AP)\n\nAP - Armed gangs attacked aid convoys on \
             Tuesday, residents said.",
            "",
            "attacked"
        ),
        Some(("HTI".to_string(), LocatedBy::Document))
    );
}
