//! Actor recognition on tiny fictional dictionaries, grouped by phenomenon.

use entente_actors::find_actors_in;
use entente_dictionaries::{ActorDictionary, Dictionaries, SourceFile};
use entente_model::{EventDate, Via};

const MIDDLE_EARTH: &str = "
country GND
  name: Gondor
  names: Gondor | Kingdom of Gondor
  adjectives: Gondorian
  demonyms: Gondorians
  metonyms: Minas Tirith
  epithets: the White City
  regions: Ithilien
country RHN
  name: Rhun
  names: Rhun
  adjectives: Easterling
  metonyms: Rhunost
country MRD
  name: Mordor
  names: Mordor
  adjectives: Mordorian
org orcs
  name: Orc Host
  names: Orc Host | Host of the Orcs (OH) | OH
  type: armed_group
  country: MRD
  sector: REB
  code: MRDREB
org free_folk
  name: Free Folk Party
  names: Free Folk Party
  type: party
  country: GND
  sector: OPP
  code: GNDOPP
org council
  name: White Council
  names: White Council | Council
  type: igo
  country: -
  sector: IGO
  code: IGOWHC
role king
  sector: GOV
  names: king | kings
role steward
  sector: GOV
  names: steward | lord steward
role envoy
  sector: GOV
  holders: many
  names: envoy | envoys | chief envoy
role spokesperson
  sector: GOV
  holders: many
  names: spokesperson
role guards
  sector: COP
  agent: yes
  names: guard | guards
role rioters
  sector: OPP
  agent: yes
  names: rioter | rioters
role press
  sector: MED
  agent: yes
  names: press
role council
  sector: GOV
  names: council
role government
  sector: GOV
  agent: yes
  names: government | authorities | administration | regime
country ARN
  name: Arnor lands
  type: region
  names: Eriador
  adjectives: Eriadorian
person denethor
  name: Denethor
  names: Denethor | Denethor son of Ecthelion
  surname: Denethor
  office: GND | steward | 2990..3019-03-15
person faramir
  name: Faramir
  names: Faramir
  office: GND | steward | 3019-03-15..3019-05-01
person theoden
  name: Theoden Thengelson
  names: Theoden Thengelson
  surname: Thengelson
  office: RHN | king | 2980..3019-03-15
person eomer
  name: Eomer Eadig
  names: Eomer Eadig | Eadig
  surname: Eadig
  office: RHN | king | 3019-03-15..
person aragorn
  name: Aragorn Elessar
  names: Aragorn Elessar | King Elessar | al-Elessar
  surname: Elessar
  office: GND | king | 3019-05-01..
";

fn dict() -> ActorDictionary {
    let file = SourceFile {
        name: "middle-earth.txt".into(),
        text: MIDDLE_EARTH.into(),
    };
    Dictionaries::from_files(vec![file], Vec::new())
        .expect("test dictionary loads")
        .actors
}

/// `(text, via, actor code, actor name)` of every mention.
fn mentions(text: &str, date: &str) -> Vec<(String, Via, String, String)> {
    let date = EventDate::parse(date).ok();
    find_actors_in(text, &[], &dict(), date)
        .mentions
        .into_iter()
        .map(|m| {
            (
                m.span.slice(text).to_string(),
                m.via,
                m.actor.code.to_string(),
                m.actor.name,
            )
        })
        .collect()
}

fn texts_and_codes(text: &str, date: &str) -> Vec<(String, String)> {
    mentions(text, date)
        .into_iter()
        .map(|(t, _, c, _)| (t, c))
        .collect()
}

fn pair(t: &str, c: &str) -> (String, String) {
    (t.to_string(), c.to_string())
}

#[test]
fn dictionary_forms_resolve_with_their_sectors() {
    let got = texts_and_codes(
        "Gondorians cheered as Minas Tirith and the White City thanked Rhun.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Gondorians", "GNDCVL"),
            pair("Minas Tirith", "GNDGOV"),
            pair("the White City", "GND"),
            pair("Rhun", "RHN")
        ]
    );
}

#[test]
fn organisations_match_their_long_form_with_the_acronym() {
    let got = texts_and_codes(
        "The Host of the Orcs (OH) attacked; the OH and the White Council met.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Host of the Orcs (OH)", "MRDREB"),
            pair("OH", "MRDREB"),
            pair("White Council", "IGOWHC")
        ]
    );
}

#[test]
fn roles_compose_with_adjectives_possessives_and_of_chains() {
    let got = mentions(
        "The Gondorian steward met Rhun's chief envoy and the Chief Envoy of the Court of Rhun.",
        "3018",
    );
    assert_eq!(got[0].0, "Gondorian steward");
    assert_eq!(
        (got[0].1, got[0].3.as_str()),
        (Via::Role, "Denethor"),
        "the holder on the date"
    );
    assert_eq!(
        (got[1].0.as_str(), got[1].2.as_str()),
        ("Rhun's chief envoy", "RHNGOV")
    );
    assert_eq!(
        (got[2].0.as_str(), got[2].2.as_str()),
        ("Chief Envoy of the Court of Rhun", "RHNGOV")
    );
}

#[test]
fn office_holders_follow_the_date() {
    let name_on = |date| mentions("the Gondorian steward", date)[0].3.clone();
    assert_eq!(name_on("3018"), "Denethor");
    assert_eq!(name_on("3019-04"), "Faramir");
    let former = mentions("the former Gondorian steward", "3019-04");
    assert_eq!(
        former[0].3, "Gondor steward",
        "a former office holder is not the current one"
    );
}

#[test]
fn on_a_handover_day_the_incoming_holder_wins() {
    let got = mentions("the Gondorian steward", "3019-03-15");
    assert_eq!(got[0].3, "Faramir");
}

#[test]
fn a_title_before_a_known_surname_names_the_office_holder() {
    let got = mentions("King Thengelson spoke.", "3019");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str(), got[0].3.as_str()),
        ("King Thengelson", "RHNGOV", "Theoden Thengelson")
    );
    assert!(
        mentions("Steward Thengelson spoke.", "3019").is_empty(),
        "not with an office the person never held"
    );
}

#[test]
fn agent_words_alone_are_generic_actors() {
    let got = texts_and_codes(
        "Rioters stormed the hall. Guards fired on rioters in Gondor. A king spoke.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Rioters", "OPP"),
            pair("Guards", "GNDCOP"),
            pair("rioters in Gondor", "GNDOPP")
        ],
        "placed by a location in their clause, else sector only; an indefinite office names no one"
    );
    let got = texts_and_codes("Guards fired on rioters in Gondor. The king spoke.", "3019");
    assert_eq!(
        got.last(),
        Some(&pair("king", "GNDGOV")),
        "a government office after \"the\" is its holder in the paragraph's state"
    );
    let got = texts_and_codes("Guards who fled to Gondor, and rioters. Then Rhun.", "3019");
    assert_eq!(
        got,
        [
            pair("Guards", "COP"),
            pair("Gondor", "GND"),
            pair("rioters", "OPP"),
            pair("Rhun", "RHN")
        ],
        "a location in another clause does not place the agent"
    );
    let got = texts_and_codes("Rioters arrived in Gondor.", "3019");
    assert_eq!(
        got,
        [pair("Rioters", "OPP"), pair("Gondor", "GND")],
        "where an agent goes is not where it is from"
    );
}

#[test]
fn agents_take_their_seat_from_from_phrases_and_coordination() {
    let got = texts_and_codes(
        "Rioters from the Orc Host met Rhun's envoys and guards.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Rioters from the Orc Host", "MRDREB"),
            pair("Rhun's envoys", "RHNGOV"),
            pair("guards", "RHNCOP")
        ]
    );
}

#[test]
fn regions_name_their_state_but_are_places_after_in() {
    let got = texts_and_codes(
        "Ithilien rioters marched. Fighting in Ithilien spread. Ithilien protested.",
        "3019",
    );
    assert_eq!(
        got,
        [pair("Ithilien rioters", "GNDOPP"), pair("Ithilien", "GND")]
    );
}

#[test]
fn a_new_name_after_a_role_is_bound_for_the_rest_of_the_text() {
    let text =
        "Easterling Chief Envoy Khamul Ulfang arrived. Later Ulfang spoke, and Khamul Ulfang left.";
    let got = mentions(text, "3019");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str(), got[0].3.as_str()),
        (
            "Easterling Chief Envoy Khamul Ulfang",
            "RHNGOV",
            "Khamul Ulfang"
        )
    );
    assert_eq!(
        (got[1].0.as_str(), got[1].1, got[1].3.as_str()),
        ("Ulfang", Via::Context, "Khamul Ulfang")
    );
    assert_eq!(
        (got[2].0.as_str(), got[2].1),
        ("Khamul Ulfang", Via::Context)
    );
}

#[test]
fn apposition_binds_names_in_both_orders() {
    let text = "Beregond Hirgon, Gondor's chief envoy, met the Easterling envoy to Minas Tirith, Brodda Vask. \
                Later Hirgon and Vask talked.";
    let got = mentions(text, "3019");
    let find = |t: &str| {
        got.iter()
            .find(|m| m.0 == t)
            .unwrap_or_else(|| panic!("{t} not found in {got:?}"))
    };
    assert_eq!(
        (
            find("Beregond Hirgon").1,
            find("Beregond Hirgon").2.as_str()
        ),
        (Via::Apposition, "GNDGOV")
    );
    assert_eq!(
        (find("Brodda Vask").1, find("Brodda Vask").2.as_str()),
        (Via::Apposition, "RHNGOV")
    );
    assert_eq!(
        (find("Hirgon").1, find("Hirgon").2.as_str()),
        (Via::Context, "GNDGOV")
    );
    assert_eq!(find("Vask").2, "RHNGOV");
}

#[test]
fn places_after_locative_prepositions_are_not_actors() {
    let got = texts_and_codes(
        "Envoys met in Minas Tirith; the summit held in Rhunost ended. Ties to Minas Tirith grew.",
        "3019",
    );
    assert_eq!(got, [pair("Minas Tirith", "GNDGOV")]);
    let got = texts_and_codes("Minas Tirith is the main supplier of Rhunost.", "3019");
    assert_eq!(
        got,
        [pair("Minas Tirith", "GNDGOV"), pair("Rhunost", "RHNGOV")]
    );
}

#[test]
fn a_capital_forming_a_place_adjective_is_no_actor() {
    let got = texts_and_codes(
        "A Rhunost-style blast and a Minas Tirith-based group. Rhunost condemned Minas Tirith.",
        "3019",
    );
    assert_eq!(
        got,
        [pair("Rhunost", "RHNGOV"), pair("Minas Tirith", "GNDGOV")]
    );
}

#[test]
fn hyphen_and_space_variants_match_inside_longer_names() {
    let got = mentions(
        "King Elessar and Lord Aragorn al-Elessar and al Elessar",
        "3019-06",
    );
    assert!(got.iter().all(|m| m.3 == "Aragorn Elessar"), "{got:?}");
    assert_eq!(got.len(), 3);
}

#[test]
fn the_group_and_the_two_countries_resolve_from_context() {
    let text = "Gondor and Rhun signed a pact. The Orc Host refused it. Later the group attacked, \
                and the two countries protested.";
    let got = mentions(text, "3019");
    let group = got.iter().find(|m| m.0 == "the group").expect("the group");
    assert_eq!((group.1, group.2.as_str()), (Via::Context, "MRDREB"));
    let two: Vec<&str> = got
        .iter()
        .filter(|m| m.0 == "the two countries")
        .map(|m| m.2.as_str())
        .collect();
    assert_eq!(
        two,
        ["MRD", "RHN"],
        "the last two distinct states, nearest first"
    );
}

#[test]
fn first_person_inside_a_quote_is_the_speaker() {
    let text =
        "Denethor stated: “We will not bow to Mordor, and our walls stand.” Mordor said nothing.";
    let got = mentions(text, "3018");
    let we: Vec<_> = got.iter().filter(|m| m.0 == "We" || m.0 == "our").collect();
    assert_eq!(we.len(), 2);
    assert!(we.iter().all(|m| m.3 == "Denethor" && m.1 == Via::Context));
}

#[test]
fn subject_pronouns_resolve_conservatively() {
    let got = mentions(
        "Rhun denied the Orc Host any help, though it did condemn Mordor. It is late.",
        "3019",
    );
    let it: Vec<_> = got
        .iter()
        .filter(|m| m.0.eq_ignore_ascii_case("it"))
        .collect();
    assert_eq!(it.len(), 1, "expletive `It is` is left alone: {got:?}");
    assert_eq!(
        it[0].2, "RHN",
        "the sentence subject, not the nearest actor"
    );
}

/// The name of the actor context resolution gave `pronoun`, among `mentions`' output.
fn antecedent(got: &[(String, Via, String, String)], pronoun: &str) -> Option<String> {
    got.iter()
        .find(|m| m.0 == pronoun && m.1 == Via::Context)
        .map(|m| m.3.clone())
}

#[test]
fn no_pronoun_stands_for_a_datelines_names() {
    // The dateline says where and by whom the story was filed: "it" is the sentence's subject.
    for text in [
        "MINAS TIRITH (OH) - Rhun denied that it had helped Mordor.",
        "Rhun denies help\n\nMINAS TIRITH (OH) - Rhun denied that it had helped Mordor.",
        "Minas Tirith - Rhun denied that it had helped Mordor.",
    ] {
        let got = mentions(text, "3019");
        assert_eq!(antecedent(&got, "it").as_deref(), Some("Rhun"), "{got:?}");
    }
}

#[test]
fn a_pronoun_opening_a_sentence_is_the_subject_of_the_one_before() {
    let got = mentions(
        "Rhun signed a pact with Gondor. It also condemned Mordor. \
         Denethor received Faramir. He then denounced Mordor.",
        "3019",
    );
    let resolved = |pronoun: &str| antecedent(&got, pronoun);
    assert_eq!(resolved("It").as_deref(), Some("Rhun"), "{got:?}");
    assert_eq!(resolved("He").as_deref(), Some("Denethor"), "{got:?}");
    // News paragraphs are often one sentence: "He" opening the next one is still its subject.
    let across = mentions(
        "Denethor received Faramir in Minas Tirith.\n\nHe then denounced Mordor.",
        "3019",
    );
    let he = across.iter().find(|m| m.0 == "He");
    assert_eq!(he.map(|m| m.3.as_str()), Some("Denethor"), "{across:?}");
}

#[test]
fn he_may_stand_for_an_office_one_person_holds() {
    let he = |text: &str| {
        mentions(text, "3019")
            .into_iter()
            .find(|m| m.0 == "He" && m.1 == Via::Context)
            .map(|m| m.2)
    };
    // A king whose name the text does not give is still one person.
    assert_eq!(
        he("The Mordorian king received Faramir. He then denounced Rhun.").as_deref(),
        Some("MRDGOV")
    );
    // Envoys are many: "he" is the person named.
    assert_eq!(
        he("Mordorian envoys received Faramir. He then denounced Rhun.").as_deref(),
        Some("GNDGOV")
    );
}

#[test]
fn a_pronoun_after_an_opening_phrase_or_a_comma_opens_its_clause() {
    // "However, it": the comma opens the clause, and with no actor named before the pronoun in
    // its sentence, the subject of the sentence before is the antecedent, not the nearest name.
    let got = mentions(
        "On the one hand, Rhun hopes to keep its ties with Gondor. \
         On the other hand, it does not want to anger Mordor. \
         Denethor received Faramir; he then denounced Mordor.",
        "3019",
    );
    let resolved = |pronoun: &str| antecedent(&got, pronoun);
    assert_eq!(resolved("it").as_deref(), Some("Rhun"), "{got:?}");
    assert_eq!(resolved("he").as_deref(), Some("Denethor"), "{got:?}");
    // A short phrase opening the sentence with a preposition and no comma opens it as well.
    let fronted = mentions(
        "Rhun signed a pact with Gondor. In a later statement it condemned Mordor.",
        "3019",
    );
    assert_eq!(
        antecedent(&fronted, "it").as_deref(),
        Some("Rhun"),
        "{fronted:?}"
    );
}

#[test]
fn output_is_sorted_and_never_panics_on_odd_input() {
    for text in [
        "",
        "’s",
        "Gondor’",
        "“We",
        "of of of Gondor,",
        "the two countries",
        "\u{feff}Gondorian-\nsteward",
        "the group “",
        "the group “”",
        "a group called",
        "”, a militant group",
        ", a group",
        "Members of",
        "Twenty",
        "Party",
        "- Front",
        "the country",
        "Thengelson administration",
        "’s regime",
    ] {
        let out = find_actors_in(text, &[], &dict(), None);
        assert!(out
            .mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
    }
}

#[test]
fn a_group_noun_introduces_a_named_group_for_the_document() {
    let text = "Members of the group “Friends of Gondor” attacked the gates. \
                The group demanded tribute. They left at dawn.";
    let got = find_actors_in(text, &[], &dict(), None).mentions;
    let named: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|m| {
            (
                m.span.slice(text),
                m.actor.id.as_str(),
                m.actor.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (
                "group “Friends of Gondor”",
                "group:friends_of_gondor",
                "CVL"
            ),
            ("The group", "group:friends_of_gondor", "CVL"),
            ("They", "group:friends_of_gondor", "CVL"),
        ],
        "the state inside the quoted name is part of the name, not a mention"
    );
}

#[test]
fn named_groups_take_sector_and_stated_country_from_their_description() {
    let got = texts_and_codes(
        "Black Arrow, a Gondorian militant group, raided Rhun. A youth movement called \
         Free Ithilien marched.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Black Arrow", "GNDREB"),
            pair("Rhun", "RHN"),
            pair("youth movement called Free Ithilien", "GNDCVL"),
        ]
    );
}

#[test]
fn capitalised_names_headed_by_an_organisation_noun_are_groups() {
    let got = texts_and_codes(
        "The Dol Amroth Liberation Front and the Green Party met the Gondorian Army. \
         The Easterling Party, the Brandy cartel and a Christian group stayed away.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Dol Amroth Liberation Front", "REB"),
            pair("Green Party", "OPP"),
            pair("Gondorian", "GND"),
            pair("Easterling", "RHN"),
            pair("Brandy cartel", "CRM"),
        ],
        "a state's own army or party is no new group, nor is an identity"
    );
}

#[test]
fn a_name_ending_in_a_company_designator_is_a_business() {
    let got = texts_and_codes(
        "Gondorian Steel Holdings and Minas Tirith Mining Corp signed a deal with Palantir LLC.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Gondorian Steel Holdings", "GNDBUS"),
            pair("Minas Tirith Mining Corp", "GNDBUS"),
            pair("Palantir LLC", "BUS"),
        ],
        "the designator names a company; a state or its capital heading the name is its country"
    );
}

#[test]
fn regions_are_actors_but_never_the_country() {
    let got = texts_and_codes(
        "Eriadorian envoys met Gondor. Rhun and Eriador traded, and the two countries gained.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Eriadorian envoys", "ARNGOV"),
            pair("Gondor", "GND"),
            pair("Rhun", "RHN"),
            pair("Eriador", "ARN"),
            pair("the two countries", "RHN"),
            pair("the two countries", "GND"),
        ],
        "a region is named like a state but is not one of the two countries"
    );
}

#[test]
fn a_leaders_name_before_an_agent_names_the_leaders_state() {
    let got = texts_and_codes(
        "The Thengelson administration and Denethor's regime signed.\n\nSmith authorities objected.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Thengelson administration", "RHNGOV"),
            pair("Denethor's regime", "GNDGOV"),
            pair("authorities", "GOV"),
        ],
        "an unknown name gives no state"
    );
}

#[test]
fn institutions_named_alone_take_the_state_of_their_paragraph() {
    let text = "Rioters in Gondor clashed with the authorities. The country mourned.\n\n\
                Rhun said foreign authorities and government cooperation failed. The authorities wept.";
    let got = texts_and_codes(text, "3019");
    assert_eq!(
        got,
        [
            pair("Rioters in Gondor", "GNDOPP"),
            pair("authorities", "GNDGOV"),
            pair("The country", "GND"),
            pair("Rhun", "RHN"),
            pair("authorities", "GOV"),
            pair("government", "GOV"),
            pair("authorities", "RHNGOV"),
        ],
        "another state's or an adjective use keeps no state; a new paragraph starts afresh"
    );
}

#[test]
fn with_no_state_in_its_paragraph_an_institution_takes_the_one_the_text_is_about() {
    let about_gondor = "Gondor voted. Gondor's steward spoke in Gondor.\n\n\
                        The authorities wept.";
    assert_eq!(
        texts_and_codes(about_gondor, "3019").last(),
        Some(&pair("authorities", "GNDGOV"))
    );
    // Two states named as often: the text is about neither.
    let about_both = "Gondor voted. Rhun voted. Gondor and Rhun spoke. Rhun left.\n\n\
                      The authorities wept.";
    assert_eq!(
        texts_and_codes(about_both, "3019").last(),
        Some(&pair("authorities", "GOV"))
    );
}

#[test]
fn an_institution_behind_its_belongs_to_a_state_named_as_such() {
    let got = texts_and_codes("Rhun summoned a Gondorian envoy to its government.", "3019");
    assert_eq!(
        got.last(),
        Some(&pair("government", "RHNGOV")),
        "the adjective on someone else's office is not the owner of its ministry: {got:?}"
    );
}

#[test]
fn an_office_alone_is_the_organisation_its_words_also_name() {
    let got = texts_and_codes("The Council met. Gondor's Council met.", "3019");
    assert_eq!(
        got,
        [
            pair("Council", "IGOWHC"),
            pair("Gondor's Council", "GNDGOV")
        ],
        "\"the Security Council\" alone is the UN's; a state's own composes with the state"
    );
}

#[test]
fn it_never_refers_to_a_world_region() {
    let got = texts_and_codes(
        "Unlike Eriador, Gondor waited, though it did protest.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Eriador", "ARN"),
            pair("Gondor", "GND"),
            pair("it", "GND")
        ]
    );
}

#[test]
fn a_group_name_states_its_country_at_its_head_or_after_of() {
    let got = texts_and_codes(
        "Members of the Rhun Liberation Army attacked. The Communist Party of Gondor and \
         the Gondorian Shia movement protested.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Rhun Liberation Army", "RHNREB"),
            pair("Communist Party of Gondor", "GNDOPP"),
            pair("Gondorian", "GND"),
        ],
        "a sentence-initial noun is not part of the name; an identity names no group"
    );
}

#[test]
fn a_known_party_stays_itself_beside_unknown_capitalised_words() {
    let got = texts_and_codes(
        "The Free Folk Party's Pelargir leader spoke. Hurin Talion of the Free Folk Party \
         protested.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("Free Folk Party", "GNDOPP"),
            pair("Free Folk Party", "GNDOPP"),
        ],
        "a possessive after the head noun ends a name; a person of a known party names no group"
    );
}

#[test]
fn a_namesake_introduced_by_another_given_name_takes_the_surname_for_the_document() {
    let got = texts_and_codes(
        "Eomer Eadig spoke in Gondor. Eadig left. Theodred Eadig protested. Mr Eadig left.",
        "3019-04",
    );
    assert_eq!(
        got,
        [
            pair("Eomer Eadig", "RHNGOV"),
            pair("Gondor", "GND"),
            pair("Eadig", "RHNGOV"),
        ],
        "the dictionary's person until a namesake is introduced, no one after"
    );
}

#[test]
fn a_namesake_the_text_introduces_with_an_office_keeps_the_surname() {
    let got = texts_and_codes(
        "Rioter envoy Theodred Eadig protested. Mr Eadig left.",
        "3019-04",
    );
    assert_eq!(
        got,
        [
            pair("Rioter envoy Theodred Eadig", "OPP"),
            pair("Eadig", "OPP"),
        ],
        "the surname is the rioters' envoy's once the text has introduced him"
    );
}

#[test]
fn a_headline_surname_is_whoever_the_story_names_first_in_full() {
    let found = |text: &str| -> Vec<String> {
        let sentences = entente_text::segment(text);
        find_actors_in(text, &sentences, &dict(), EventDate::parse("3019").ok())
            .mentions
            .iter()
            .map(|m| format!("{} {}", m.span.slice(text), m.actor.code))
            .collect()
    };
    assert_eq!(
        found("Eadig in protest row\n\nTheodred Eadig protested in Gondor."),
        ["Gondor GND"],
        "a namesake first: the dictionary's Eomer Eadig is in neither"
    );
    assert_eq!(
        found("Eadig in protest row\n\nEomer Eadig spoke. Theodred Eadig protested."),
        ["Eadig RHNGOV", "Eomer Eadig RHNGOV"],
        "the dictionary's person first: the headline is his"
    );
}

#[test]
fn an_abbreviated_title_before_a_surname_is_no_given_name() {
    // British style writes "Gen", "Col", "Sen" without a full stop: still the dictionary's person.
    for text in ["Gen Eadig spoke in Gondor.", "Col Eadig spoke in Gondor."] {
        assert_eq!(
            texts_and_codes(text, "3019-04").first(),
            Some(&pair("Eadig", "RHNGOV")),
            "{text}"
        );
    }
}

/// `(text, code, resolution)` of every mention.
fn resolutions(text: &str) -> Vec<(String, String, entente_model::Resolution)> {
    find_actors_in(text, &[], &dict(), EventDate::parse("3019").ok())
        .mentions
        .into_iter()
        .map(|m| {
            (
                m.span.slice(text).to_string(),
                m.actor.code.to_string(),
                m.resolution,
            )
        })
        .collect()
}

#[test]
fn a_title_before_an_unknown_name_introduces_a_person_of_its_sector() {
    use entente_model::Resolution::{Dictionary, Inferred};
    let got = resolutions("Chief Envoy Hama Beorning thanked Gondor. Beorning left.");
    assert_eq!(
        got,
        [
            (
                "Chief Envoy Hama Beorning".to_string(),
                "GOV".to_string(),
                Inferred
            ),
            ("Gondor".to_string(), "GND".to_string(), Dictionary),
            ("Beorning".to_string(), "GOV".to_string(), Inferred),
        ]
    );
    // One capitalised word after a title is as often a headline word as a name.
    assert!(resolutions("Envoy Speaks").is_empty());
}

#[test]
fn one_word_after_an_office_title_is_a_name_in_running_text() {
    use entente_model::Resolution::Inferred;
    let got = resolutions("Chief Envoy Beorning has thanked Rhun.");
    assert_eq!(
        got[0],
        (
            "Chief Envoy Beorning".to_string(),
            "GOV".to_string(),
            Inferred
        )
    );
    // Not across a line break, nor at the end of a clause, where a capitalised word may be
    // anything.
    for text in [
        "Chief Envoy\n\nBeorning has thanked Rhun.",
        "Rhun thanked Chief Envoy Beorning.",
    ] {
        assert!(
            !resolutions(text)
                .iter()
                .any(|(t, _, _)| t.contains("Beorning")),
            "{text:?}"
        );
    }
}

#[test]
fn an_apposition_may_open_with_an_article_and_modifiers() {
    let got = texts_and_codes(
        "Hama Beorning, a senior Gondorian envoy, thanked Rhun.",
        "3019",
    );
    assert_eq!(got[0], pair("Hama Beorning", "GNDGOV"));
}

#[test]
fn an_agent_word_before_a_title_says_whose_leader_a_stranger_is() {
    let codes = |text: &str| -> Vec<(String, String)> {
        resolutions(text)
            .into_iter()
            .map(|(text, code, _)| (text, code))
            .collect()
    };
    assert_eq!(
        codes("Rioter envoy Hama Beorning thanked Rhun.")[0],
        ("Rioter envoy Hama Beorning".to_string(), "OPP".to_string())
    );
    assert_eq!(
        codes("Gondorian rioter envoy Hama Beorning thanked Rhun.")[0],
        (
            "Gondorian rioter envoy Hama Beorning".to_string(),
            "GNDOPP".to_string()
        )
    );
    // A singular agent word titles a stranger too; a plural one titles no one.
    assert_eq!(
        codes("Rioter Hama Beorning thanked Rhun.")[0],
        ("Rioter Hama Beorning".to_string(), "OPP".to_string())
    );
    assert_ne!(
        codes("Rioters Hama Beorning thanked Rhun.")[0].0,
        "Rioters Hama Beorning"
    );
    // A press envoy runs an office's press relations and is no journalist.
    assert_eq!(
        codes("Press envoy Hama Beorning thanked Rhun.")
            .iter()
            .find(|(text, _)| text.contains("Beorning"))
            .map(|(_, code)| code.as_str()),
        Some("GOV")
    );
}

#[test]
fn a_titled_stranger_holds_office_in_the_state_the_paragraph_is_about() {
    let got = resolutions("Gondor mourned. Chief Envoy Hama Beorning thanked Rhun. Beorning left.");
    let codes: Vec<(&str, &str)> = got
        .iter()
        .map(|(text, code, _)| (text.as_str(), code.as_str()))
        .collect();
    assert!(
        codes.contains(&("Chief Envoy Hama Beorning", "GNDGOV")),
        "{codes:?}"
    );
    assert!(codes.contains(&("Beorning", "GNDGOV")), "{codes:?}");
}

#[test]
fn a_state_named_after_a_titled_stranger_is_theirs() {
    use entente_model::Resolution::Inferred;
    // One word of name is enough when "of" and a state follow it.
    let got =
        resolutions("Mordor thanked King Brand of Rhun. Chief Envoy Hama Beorning of Gondor left.");
    let codes: Vec<(&str, &str)> = got
        .iter()
        .map(|(text, code, _)| (text.as_str(), code.as_str()))
        .collect();
    assert!(
        codes.contains(&("King Brand of Rhun", "RHNGOV")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("Chief Envoy Hama Beorning of Gondor", "GNDGOV")),
        "{codes:?}"
    );
    assert!(
        got.iter().skip(1).all(|(_, _, r)| *r == Inferred),
        "{got:?}"
    );
}

#[test]
fn an_apposition_places_a_titled_stranger_in_its_state() {
    use entente_model::Resolution::Inferred;
    let got =
        resolutions("Chief Envoy Hama Beorning, the Gondorian envoy, thanked Rhun. Beorning left.");
    let codes: Vec<(&str, &str)> = got
        .iter()
        .map(|(text, code, _)| (text.as_str(), code.as_str()))
        .collect();
    assert_eq!(codes[0], ("Chief Envoy Hama Beorning", "GNDGOV"));
    assert!(
        codes.contains(&("Beorning", "GNDGOV")),
        "the surname keeps the state: {codes:?}"
    );
    assert_eq!(got[0].2, Inferred);
}

#[test]
fn dictionary_people_and_states_are_not_inferred_but_composed_offices_are() {
    use entente_model::Resolution::{Dictionary, Inferred};
    let got = resolutions("Denethor met a Gondorian envoy.");
    assert_eq!(got[0].2, Dictionary);
    assert_eq!(
        got[1],
        (
            "Gondorian envoy".to_string(),
            "GNDGOV".to_string(),
            Inferred
        )
    );
}

#[test]
fn in_a_headline_capitals_name_no_one() {
    // Running text: a title before capitalised words introduces a person.
    assert_eq!(
        resolutions("Chief Envoy Hama Beorning thanked Gondor.")[0].0,
        "Chief Envoy Hama Beorning"
    );
    // A headline capitalises its verb and objects too: no one is named "Condemns Raids".
    let got = resolutions("Chief Envoy Condemns Raids by Easterling Riders");
    assert!(
        got.iter().all(|(text, _, _)| !text.contains("Condemns")),
        "{got:?}"
    );
    assert!(got
        .iter()
        .any(|(text, code, _)| text == "Easterling" && code == "RHN"));
}

#[test]
fn post_and_non_make_a_word_that_names_no_actor() {
    let got = texts_and_codes(
        "The post-Gondor order and non-Rhun states angered anti-Mordor crowds.",
        "3019",
    );
    assert_eq!(
        got,
        [pair("Mordor", "MRD")],
        "the stance keeps its actor: {got:?}"
    );
}

#[test]
fn a_plural_role_of_coordinated_states_is_each_states() {
    let got = texts_and_codes(
        "The envoys of Gondor, Mordor and Rhun met the king of Gondor.",
        "3019",
    );
    assert_eq!(
        got,
        [
            pair("envoys of Gondor", "GNDGOV"),
            pair("Mordor", "MRDGOV"),
            pair("Rhun", "RHNGOV"),
            pair("king of Gondor", "GNDGOV"),
        ],
        "{got:?}"
    );
    // A singular role names one state's: the state after "and" is a party of its own.
    let one = texts_and_codes("The king of Gondor and Rhun met.", "3019");
    assert_eq!(one.last(), Some(&pair("Rhun", "RHN")), "{one:?}");
    // Each state's holder, where the dictionary knows them.
    let kings: Vec<String> = mentions("The kings of Rhun and Gondor met.", "3019-06")
        .into_iter()
        .map(|m| m.3)
        .collect();
    assert_eq!(kings, ["Eomer Eadig", "Aragorn Elessar"]);
}

#[test]
fn it_after_a_subject_that_names_a_thing_stands_for_that_thing() {
    let got = mentions(
        "Rhun met Gondor on Monday. The storm forced thousands from their homes on Thursday as \
         it slammed into Mordor.",
        "3019",
    );
    assert_eq!(antecedent(&got, "it"), None, "{got:?}");
}
