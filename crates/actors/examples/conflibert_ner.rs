//! Share of ConfliBERT gold source/target spans (BIO tags S, T, R) that overlap an actor mention with
//! a country or an organisation, using the built-in dictionaries.
//!
//! `cargo run --release -p entente-actors --example conflibert_ner -- cameo_ner_train.txt [--misses N]`
//!
//! The file holds one `TOKEN TAG` per line and a blank line between sentences; sentences are rebuilt
//! by joining tokens with single spaces, so spans are exact.
use entente_dictionaries::Dictionaries;
use std::collections::BTreeMap;

struct Sentence {
    text: String,
    /// (tag, start, end) of each gold span.
    gold: Vec<(char, usize, usize)>,
}

fn read(path: &str) -> std::io::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut current = Sentence {
        text: String::new(),
        gold: Vec::new(),
    };
    for line in std::fs::read_to_string(path)?.lines().chain([""]) {
        let Some((token, tag)) = line.rsplit_once(' ') else {
            if !current.text.is_empty() {
                out.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        text: String::new(),
                        gold: Vec::new(),
                    },
                ));
            }
            continue;
        };
        if !current.text.is_empty() {
            current.text.push(' ');
        }
        let start = current.text.len();
        current.text.push_str(token);
        let end = current.text.len();
        match tag.split_once('-') {
            Some(("B", t)) => current
                .gold
                .push((t.chars().next().unwrap_or('?'), start, end)),
            Some(("I", _)) => {
                if let Some(last) = current.gold.last_mut() {
                    last.2 = end;
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: conflibert_ner FILE [--misses N]")?;
    let misses_to_show: usize = match (args.next().as_deref(), args.next()) {
        (Some("--misses"), Some(n)) => n.parse()?,
        _ => 0,
    };
    let sentences = read(&path)?;
    let dicts = Dictionaries::builtin()?;
    let mut per_tag: BTreeMap<char, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for s in &sentences {
        let mentions = entente_actors::find_actors_in(&s.text, &[], &dicts.actors, None).mentions;
        for &(tag, start, end) in &s.gold {
            let hit = mentions.iter().any(|m| {
                m.span.start < end
                    && start < m.span.end
                    && (m.actor.country.is_some() || m.actor.id.starts_with("org:"))
            });
            let entry = per_tag.entry(tag).or_default();
            entry.0 += 1;
            entry.1 += usize::from(hit);
            if !hit {
                misses.push(s.text[start..end].to_string());
            }
        }
    }
    let (total, hits) = per_tag
        .values()
        .fold((0, 0), |(t, h), &(a, b)| (t + a, h + b));
    println!("sentences: {}", sentences.len());
    for (tag, (n, h)) in &per_tag {
        println!("{tag}: {h}/{n} = {:.3}", *h as f64 / (*n).max(1) as f64);
    }
    println!(
        "all: {hits}/{total} = {:.3}",
        hits as f64 / total.max(1) as f64
    );
    for m in misses.iter().take(misses_to_show) {
        println!("missed: {m}");
    }
    Ok(())
}
