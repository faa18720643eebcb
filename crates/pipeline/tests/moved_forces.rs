//! Whose forces act: those a state deploys, sends or withdraws are its own, not the party it acts
//! on; those a reporter calls "its fighters" are the reporter's. Through the whole pipeline with
//! the built-in dictionaries (whose paragraph context gives a bare "troops" a state, and whose
//! roles make "fighters" a bare role word).

#[path = "support/triples.rs"]
mod triples;

use triples::coded;

#[test]
fn troops_the_paragraph_gave_a_neighbours_flag_are_the_movers_own() {
    let events = coded("Kenya, which borders Somalia, has deployed troops along the frontier.");
    let deployed = events
        .iter()
        .find(|e| e.0.starts_with("15"))
        .unwrap_or_else(|| panic!("a deployment: {events:?}"));
    assert_eq!((deployed.1.as_str(), deployed.2.as_str()), ("KEN", "-"));
}

#[test]
fn a_reporters_own_fighters_act_as_the_reporter() {
    let events = coded("Hezbollah said its fighters attacked an Israeli position.");
    assert!(
        events
            .iter()
            .any(|e| (e.0.as_str(), e.1.as_str(), e.2.as_str()) == ("190", "LBNREBHEZ", "ISR")),
        "{events:?}"
    );
}

#[test]
fn troops_that_travel_are_deployed_but_a_commander_visits() {
    let troops = coded("Indian troops arrived in Sri Lanka.");
    assert!(troops.iter().any(|e| e.0 == "074"), "{troops:?}");
    let chief = coded("Pakistan's army chief visited Washington.");
    assert!(
        chief.iter().any(|e| e.0 == "042") && !chief.iter().any(|e| e.0 == "074"),
        "{chief:?}"
    );
}
