//! Generic agents of the built-in roles (many from the Phoenix agents dictionary): a group named
//! by its occupation or standing is an actor of that sector, and takes a state from its adjective.

use entente_actors::find_actors_in;
use entente_dictionaries::Dictionaries;

/// The codes of the actors found in `text`, in order.
fn codes(dicts: &Dictionaries, text: &str) -> Vec<String> {
    let sentences = entente_text::segment(text);
    find_actors_in(text, &sentences, &dicts.actors, None)
        .mentions
        .iter()
        .map(|m| m.actor.code.to_string())
        .collect()
}

/// Asserts that the first actor found in each text has the expected code.
fn assert_first_codes(dicts: &Dictionaries, cases: &[(&str, &str)]) {
    for &(text, expected) in cases {
        let found = codes(dicts, text);
        assert_eq!(
            found.first().map(String::as_str),
            Some(expected),
            "{text:?}: {found:?}"
        );
    }
}

#[test]
fn occupations_and_standing_name_generic_actors_of_their_sector() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let cases = [
        ("Hundreds of employees stopped work on Tuesday.", "LAB"),
        (
            "Political opponents of the mayor clashed with the crowd.",
            "OPP",
        ),
        ("Kenyan environmentalists planted trees.", "KENENV"),
        ("Libyan coast guards intercepted a boat.", "LBYMIL"),
        ("Defence lawyers appealed the verdict.", "JUD"),
        ("Gunmen seized the children in a raid.", "CVL"),
        ("Bandits attacked the village.", "CRM"),
        ("Bloggers criticised the ban.", "MED"),
        (
            "Islamic fundamentalists continued their hunger strike.",
            "RAD",
        ),
        ("Algerian Islamists attacked the police.", "DZARAD"),
        ("An Afghan man died in the blast.", "AFGCVL"),
        ("Two Chinese engineers were kidnapped.", "CHNCVL"),
        ("Canadian regulators approved the deal.", "CANGOV"),
        (
            "The Iranian special rapporteur criticised the trial.",
            "IRNGOV",
        ),
    ];
    for (text, expected) in cases {
        let found = codes(&dicts, text);
        assert!(
            found.iter().any(|code| code == expected),
            "{text:?}: expected {expected}, found {found:?}"
        );
    }
}

#[test]
fn singular_words_that_mostly_modify_a_noun_are_no_actors() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let found = codes(&dicts, "The passenger plane landed safely.");
    assert!(found.is_empty(), "found {found:?}");
}

#[test]
fn hong_kong_names_its_own_institutions() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    for (text, expected) in [
        ("Hong Kong police fired tear gas.", "HKGCOP"),
        ("The Hong Kong government condemned the attack.", "HKGGOV"),
        ("Thousands of Hongkongers marched on Sunday.", "HKGCVL"),
    ] {
        let found = codes(&dicts, text);
        assert!(
            found.iter().any(|code| code == expected),
            "{text:?}: expected {expected}, found {found:?}"
        );
    }
}

#[test]
fn british_party_shorthands_name_their_parties_leaders() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("Tory leader Michael Howard attacked the plan.", "GBR"),
            ("Lib Dem leader Charles Kennedy attacked the plan.", "GBR"),
            (
                "Liberal Democrat leader Charles Kennedy attacked the plan.",
                "GBR",
            ),
        ],
    );
    // Lower-case "liberal" before an American party is no British party.
    let found = codes(
        &dicts,
        "A liberal Democrat senator from Vermont criticised the plan.",
    );
    assert!(!found.iter().any(|code| code == "GBR"), "{found:?}");
    // Nor are democrats in lower case the American Democrats.
    let found = codes(
        &dicts,
        "Hong Kong democrats accused China of breaking its promises.",
    );
    assert!(!found.iter().any(|code| code == "USA"), "{found:?}");
    let found = codes(&dicts, "Irish republicans accused Britain of stalling.");
    assert!(!found.iter().any(|code| code == "USA"), "{found:?}");
    let found = codes(&dicts, "Democrats in Congress criticised the plan.");
    assert_eq!(found.first().map(String::as_str), Some("USA"), "{found:?}");
}

#[test]
fn envoys_take_no_state_from_the_text_alone() {
    // A story about North Korea: its institutions are North Korea's, visiting envoys need not be.
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let text = "North Korea denied the report. North Korea's leader spoke in Pyongyang on Friday. \
                North Korean media said nothing.\n\nEnvoys left for the site. The army waited.";
    let found = codes(&dicts, text);
    assert_eq!(
        found[found.len() - 2..],
        ["GOV".to_string(), "PRKMIL".to_string()],
        "{found:?}"
    );
}

#[test]
fn abbreviated_titles_introduce_their_office_holders() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("Gov. Tomas Verhoeven vetoed the bill.", "GOV"),
            ("Sen. Tomas Verhoeven criticised the plan.", "LEG"),
            ("Rep. Tomas Verhoeven criticised the plan.", "LEG"),
        ],
    );
}

#[test]
fn northern_irelands_parties_are_british() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("Sinn Fein rejected the proposals.", "GBR"),
            (
                "The Democratic Unionist Party rejected the proposals.",
                "GBR",
            ),
            ("The SDLP rejected the proposals.", "GBR"),
        ],
    );
}

#[test]
fn a_civil_institution_from_a_state_is_that_states_and_forces_from_one_may_be_leaving_it() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_eq!(
        codes(
            &dicts,
            "South Africa cancelled a meeting with prosecutors from Equatorial Guinea."
        ),
        ["ZAF", "GNQJUD", "GNQ"]
    );
    assert_eq!(
        codes(&dicts, "The United States withdrew troops from Iraq."),
        ["USA", "USAMIL", "IRQ"]
    );
}

#[test]
fn a_counterpart_holds_the_same_office_in_the_state_named() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("He met his Jordanian counterpart in Amman.", "JORGOV"),
            ("Their Chinese counterparts arrived on Monday.", "CHNGOV"),
        ],
    );
    // With no state, a counterpart is no one's.
    assert!(codes(&dicts, "He met his counterpart on Monday.").is_empty());
}

#[test]
fn forces_are_a_states_military_unless_the_word_is_the_verb() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("Iraqi forces battled militants in Najaf.", "IRQMIL"),
            ("US forces killed 20 insurgents.", "USAMIL"),
            ("Russia's forces shelled the city.", "RUSMIL"),
        ],
    );
    // After a state's name and before an object, "forces" is the verb.
    assert_eq!(
        codes(&dicts, "Russia forces Ukraine to retreat."),
        ["RUS", "UKR"]
    );
    // Alone, forces are no one's.
    assert!(codes(&dicts, "Market forces pushed prices up.").is_empty());
}

#[test]
fn states_coordinated_before_a_plural_role_each_hold_it() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_eq!(
        codes(&dicts, "US, British and Iraqi forces attacked the town."),
        ["USAMIL", "GBRMIL", "IRQMIL"]
    );
    assert_eq!(
        codes(&dicts, "North Korean and U.S. officials met in New York."),
        ["PRKGOV", "USAGOV"]
    );
    assert_eq!(
        codes(&dicts, "Israeli and Palestinian negotiators met on Monday."),
        ["ISRGOV", "PSEGOV"]
    );
    // A state's name is no modifier of the role: Iran and the Iraqi forces.
    assert_eq!(
        codes(&dicts, "Iran and Iraqi forces clashed."),
        ["IRN", "IRQMIL"]
    );
}

#[test]
fn forces_in_a_state_are_not_that_states_for_being_there() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_eq!(
        codes(
            &dicts,
            "The United States could cut its forces in Afghanistan."
        ),
        ["USA", "AFG"]
    );
    // Other roles are the state's they are in.
    assert_first_codes(&dicts, &[("Officials in Kenya denied it.", "KENGOV")]);
}

#[test]
fn a_role_after_a_stance_towards_a_state_is_not_that_states() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("Pro-Russian separatists attacked the airport.", "SEP"),
            ("Anti-American protesters marched on Sunday.", "OPP"),
        ],
    );
    // Forces named by a stance are a military of no state.
    assert_eq!(
        codes(&dicts, "Pro-Russian forces shelled the port."),
        ["MIL"]
    );
    // Without a role after it the stance keeps its actor: the protests are against the US.
    assert_eq!(
        codes(&dicts, "Thousands joined anti-American protests."),
        ["USA"]
    );
}

#[test]
fn forces_named_by_a_people_no_dictionary_knows_are_a_military_of_no_state() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let sentences = |text: &str| entente_text::segment(text);
    for text in [
        "Serb forces shelled the town.",
        "The town fell to Kurdish forces.",
    ] {
        let found = find_actors_in(text, &sentences(text), &dicts.actors, None);
        let force = found
            .mentions
            .iter()
            .find(|m| m.span.slice(text).ends_with("forces"))
            .unwrap_or_else(|| panic!("{text}: {:?}", found.mentions));
        assert_eq!(force.actor.code.as_str(), "MIL", "{text}");
        assert!(force.span.slice(text).split(' ').count() == 2, "{text}");
    }
    // Not forces of the market.
    assert!(codes(&dicts, "Market forces drove prices up.").is_empty());
}

#[test]
fn a_state_named_by_its_rivals_media_is_that_state() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    assert_first_codes(
        &dicts,
        &[
            ("The Zionist regime's attacks on Gaza continued.", "ISR"),
            ("They said the Zionist entity would pay.", "ISR"),
        ],
    );
}
