//! Whom an act of force harmed, and what did it: people killed with no country of their own are
//! the civilians of the state where it happened; deaths a disaster or an accident caused are no
//! party's act. Through the whole pipeline with the built-in dictionaries (whose gazetteer places
//! the towns, and whose roles give "people" no country alone).

#[path = "support/triples.rs"]
mod triples;

use triples::coded;

/// The acts of force (CAMEO 18–20) among `events`.
fn force(events: &[(String, String, String)]) -> Vec<&(String, String, String)> {
    events
        .iter()
        .filter(|e| e.0.starts_with("18") || e.0.starts_with("19") || e.0.starts_with("20"))
        .collect()
}

#[test]
fn people_killed_where_a_bomb_went_off_are_that_states_civilians() {
    let events =
        coded("A car bomb exploded in the centre of Kandahar on Sunday, killing four people.");
    assert!(force(&events).iter().any(|e| e.2 == "AFGCVL"), "{events:?}");
}

#[test]
fn a_bare_count_of_dead_is_civilians_of_the_place_the_clause_names() {
    let events = coded("Armed men stormed a market in northern Mali on Friday, killing 12.");
    assert!(force(&events).iter().any(|e| e.2 == "MLICVL"), "{events:?}");
}

#[test]
fn a_number_with_a_name_is_no_one_killed() {
    // "hit" as a noun would be a strike on "Toy Story 2": a title, not two people.
    let events = coded("The studio's hit Toy Story 2 took millions in Canada.");
    assert!(force(&events).iter().all(|e| e.2 == "-"), "{events:?}");
}

#[test]
fn deaths_a_disaster_or_an_accident_caused_are_no_event() {
    for text in [
        "Kenya flooding kills 40 people",
        "A passenger plane crashed into a hillside in northern Peru, killing 19 people.",
        "A gas explosion at a chemical plant in China killed nine workers.",
        "An earthquake shook a province in western Iran on Monday, killing 30 people.",
        "Aid reached Aceh, where the tidal wave which killed 2,000 people struck first.",
        "Two buses collided on a highway in Egypt, killing 11 and injuring 20.",
    ] {
        let events = coded(text);
        assert!(force(&events).is_empty(), "{text}: {events:?}");
    }
}

#[test]
fn civilians_of_no_country_are_those_of_the_place_they_belong_to() {
    let events = coded("Russian shelling killed two residents of the city of Kharkiv overnight.");
    assert!(
        force(&events)
            .iter()
            .any(|e| e.1 == "RUS" && e.2 == "UKRCVL"),
        "{events:?}"
    );
}
