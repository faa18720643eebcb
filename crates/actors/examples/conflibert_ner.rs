//! Share of ConfliBERT gold source/target spans (BIO tags S, T, R) that overlap an actor mention with
//! a country or an organisation (from the dictionary, or a group the text names), using the
//! built-in dictionaries. The mention and the gold span must nest, one inside the other.
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

/// A mention counts for a gold span when one lies inside the other: a mention that merely crosses
/// the span's edge ("Iraqi" in "[Iraqi] [police officers]" split differently) touches it by accident.
fn nested(m_start: usize, m_end: usize, g_start: usize, g_end: usize) -> bool {
    let overlap = m_start < g_end && g_start < m_end;
    let inside = g_start <= m_start && m_end <= g_end;
    let around = m_start <= g_start && g_end <= m_end;
    overlap && (inside || around)
}

/// A dictionary organisation, or a group the text names ("the group “X”", "the Green Party").
fn is_organisation(id: &str) -> bool {
    id.starts_with("org:") || id.starts_with("group:")
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
                nested(m.span.start, m.span.end, start, end)
                    && (m.actor.country.is_some() || is_organisation(&m.actor.id))
            });
            let entry = per_tag.entry(tag).or_default();
            entry.0 += 1;
            entry.1 += usize::from(hit);
            if !hit {
                misses.push(format!("{}\t|| {}", &s.text[start..end], s.text));
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
