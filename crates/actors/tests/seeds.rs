//! The two seed articles with the built-in dictionaries: every actor the brief names must resolve to
//! the right state or organisation. Reads `examples/articles/` (else `/work/shared/seeds/`); skips
//! when neither is present.

use entente_actors::find_actors_in;
use entente_dictionaries::Dictionaries;
use entente_model::{EventDate, Mention};
use std::path::Path;

/// `(needle, expected country or "org:ID", every occurrence must resolve)`.
type Expectation = (&'static str, &'static str, bool);

const EDM: &[Expectation] = &[
    ("Netanyahu", "ISR", true),
    ("Erdogan", "TUR", true),
    ("Aliyev", "AZE", true),
    ("Bayramov", "AZE", true),
    ("Mammadov", "AZE", true),
    ("Smotrich", "ISR", true),
    ("Herzog", "ISR", true),
    ("al-Sisi", "EGY", true),
    ("Abu Zuhri", "org:hamas", true),
    ("SOCAR", "AZE", true),
    ("OIC", "org:oic", true),
    ("Palestinian Authority", "PSE", true),
    ("Ankara", "TUR", true),
    ("Tehran", "IRN", true),
    ("Baku", "AZE", false),
    ("Tel Aviv is the main supplier", "ISR", true),
];

const CPC: &[Expectation] = &[
    ("Hajiyev", "AZE", true),
    ("Netanyahu", "ISR", true),
    ("Hanegbi", "ISR", true),
    ("Levy", "ISR", true),
];

fn seed_texts() -> Vec<String> {
    let dirs = ["../../examples/articles", "../../../shared/seeds"];
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(Path::new(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !texts.is_empty() {
            return texts;
        }
    }
    Vec::new()
}

/// Whether a mention's actor is the expected state or organisation.
fn is_expected(m: &Mention, expected: &str, dicts: &Dictionaries) -> bool {
    match expected.strip_prefix("org:") {
        Some(org) => {
            dicts
                .actors
                .org(org)
                .is_some_and(|o| o.code == m.actor.code)
                || m.actor.id == expected
        }
        None => m
            .actor
            .country
            .as_ref()
            .is_some_and(|c| c.as_str() == expected),
    }
}

#[test]
fn seed_actors_resolve_to_the_right_state_or_organisation() {
    let texts = seed_texts();
    if texts.is_empty() {
        eprintln!("skipped: no seed articles found");
        return;
    }
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    let mut failures = Vec::new();
    for text in &texts {
        let (expectations, date) = if text.contains("Jeyhun Bayramov") {
            (EDM, EventDate::month(2024, 6))
        } else if text.contains("Hikmet Hajiyev") {
            (CPC, Some(EventDate::year(2023)))
        } else {
            continue;
        };
        let sentences = entente_text::segment(text);
        let mentions = find_actors_in(text, &sentences, &dicts.actors, date).mentions;
        for &(needle, expected, every) in expectations {
            // The first word of the needle is the actor; the rest is context that picks the occurrence.
            let actor_len = if needle.starts_with("Tel Aviv") {
                "Tel Aviv".len()
            } else {
                needle.len()
            };
            let occurrences: Vec<usize> = text.match_indices(needle).map(|(at, _)| at).collect();
            let resolved: Vec<bool> = occurrences
                .iter()
                .map(|&at| {
                    mentions.iter().any(|m| {
                        m.span.start <= at
                            && at + actor_len <= m.span.end
                            && is_expected(m, expected, &dicts)
                    })
                })
                .collect();
            let ok = !resolved.is_empty()
                && if every {
                    resolved.iter().all(|&r| r)
                } else {
                    resolved.iter().any(|&r| r)
                };
            if !ok {
                let seen: Vec<String> = occurrences
                    .iter()
                    .filter_map(|&at| {
                        mentions
                            .iter()
                            .find(|m| m.span.start <= at && at < m.span.end)
                    })
                    .map(|m| {
                        format!(
                            "{:?} -> {} ({})",
                            m.span.slice(text),
                            m.actor.code,
                            m.actor.name
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{needle} should be {expected}; {}/{} resolved; seen {seen:?}",
                    resolved.iter().filter(|&&r| r).count(),
                    resolved.len()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unresolved seed actors:\n{}",
        failures.join("\n")
    );
}
