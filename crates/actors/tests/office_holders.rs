//! Office holders by date with the built-in dictionaries ("the Israeli prime minister" in 2019, 2021, ...).

use entente_actors::find_actors_in;
use entente_dictionaries::Dictionaries;
use entente_model::EventDate;

fn holder(dicts: &Dictionaries, phrase: &str, date: &str) -> String {
    let date = EventDate::parse(date).expect("test date");
    let mentions = find_actors_in(phrase, &[], &dicts.actors, Some(date)).mentions;
    mentions
        .first()
        .map_or_else(|| "(no mention)".to_string(), |m| m.actor.name.clone())
}

#[test]
fn composed_offices_resolve_to_the_holder_on_the_date() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let cases = [
        ("the Israeli prime minister", "2019-06-01", "Netanyahu"),
        ("the Israeli prime minister", "2021-07-15", "Bennett"),
        ("the Israeli prime minister", "2022-08-15", "Lapid"),
        ("the Israeli prime minister", "2023-03-01", "Netanyahu"),
        ("the US president", "2023-05-01", "Biden"),
        ("the US president", "2025-05-01", "Trump"),
        ("the British prime minister", "2022-03-01", "Johnson"),
        ("the British prime minister", "2022-10-01", "Truss"),
        ("the British prime minister", "2022-12-01", "Sunak"),
        ("the Iranian president", "2023-05-01", "Raisi"),
        ("the Iranian president", "2024-08-15", "Pezeshkian"),
        ("the Turkish prime minister", "2015-06-01", "Davutoğlu"),
        ("the Turkish prime minister", "2017-06-01", "Yıldırım"),
        ("Prime Minister of Israel", "2021-07-15", "Bennett"),
        ("Israel's prime minister", "2022-08-15", "Lapid"),
    ];
    let fold = |s: &str| entente_text::fold(s).into_owned();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(phrase, date, expected)| {
            let got = holder(&dicts, phrase, date);
            (!fold(&got).contains(&fold(expected)))
                .then(|| format!("{phrase} on {date}: expected {expected}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_popes_are_the_holy_sees_heads_of_state() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    for (phrase, date, expected) in [
        ("Pope John Paul II", "2004-06-01", "John Paul II"),
        ("Pope Benedict XVI", "2010-06-01", "Benedict XVI"),
        ("Pope Francis", "2020-06-01", "Francis"),
    ] {
        let date = EventDate::parse(date).expect("test date");
        let mentions = find_actors_in(phrase, &[], &dicts.actors, Some(date)).mentions;
        let got = mentions
            .first()
            .map(|m| (m.actor.name.as_str(), m.actor.code.as_str()));
        assert_eq!(got, Some((expected, "VATGOV")), "{phrase}");
    }
}

#[test]
fn the_pope_unnamed_is_the_holy_sees_head_whoever_holds_it() {
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    for phrase in [
        "The Pope met them.",
        "They met the Pope.",
        "They thanked the pontiff.",
    ] {
        let mentions = find_actors_in(phrase, &[], &dicts.actors, None).mentions;
        let codes: Vec<&str> = mentions.iter().map(|m| m.actor.code.as_str()).collect();
        assert_eq!(codes, ["VATGOV"], "{phrase}");
    }
    // A named pope is the person.
    let mentions = find_actors_in("The Pope Francis visit", &[], &dicts.actors, None).mentions;
    assert_eq!(
        mentions.first().map(|m| m.actor.id.as_str()),
        Some("person:pope_francis")
    );
}
