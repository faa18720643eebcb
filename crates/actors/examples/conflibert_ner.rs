//! Share of ConfliBERT gold source/target spans (BIO tags S, T, R) that overlap an actor mention with
//! a country or an organisation (from the dictionary, or a group the text names), using the
//! built-in dictionaries. The mention and the gold span must nest, one inside the other.
//!
//! `cargo run --release -p entente-actors --example conflibert_ner -- cameo_ner_train.txt [--misses N] [--spaced]`
//!
//! The file holds one `TOKEN TAG` per line and a blank line between sentences. Sentences are rebuilt
//! as running text, the way articles arrive: no space before closing punctuation and possessives,
//! none inside hyphenated words or after an opening bracket ("U.K.", "Kim Jong-un's", "(PAC)").
//! `--spaced` joins every token with a single space instead, as in the file. Spans are exact
//! either way.
use entente_dictionaries::Dictionaries;
use std::collections::BTreeMap;

struct Sentence {
    text: String,
    /// (tag, start, end) of each gold span.
    gold: Vec<(char, usize, usize)>,
}

/// Whether running text puts a space between `previous` and `token`.
fn space_between(previous: &str, token: &str, before_previous: &str) -> bool {
    let closing = [
        ".", ",", ";", ":", "?", "!", ")", "%", "'s", "’s", "'", "’", "n't",
    ];
    let word_char = |s: &str, last: bool| {
        let c = if last {
            s.chars().last()
        } else {
            s.chars().next()
        };
        c.is_some_and(char::is_alphanumeric)
    };
    let hyphen_inside = (token == "-" && word_char(previous, true))
        || (previous == "-" && word_char(token, false) && word_char(before_previous, true));
    let possessive = token == "s" && matches!(previous, "'" | "’");
    let initials = |s: &str| s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase());
    let abbreviation = previous == "." && initials(before_previous) && initials(token);
    !(closing.contains(&token)
        || matches!(previous, "(" | "$")
        || hyphen_inside
        || possessive
        || abbreviation)
}

fn read(path: &str, spaced: bool) -> std::io::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut current = Sentence {
        text: String::new(),
        gold: Vec::new(),
    };
    let (mut previous, mut before_previous) = (String::new(), String::new());
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
        if !current.text.is_empty() && (spaced || space_between(&previous, token, &before_previous))
        {
            current.text.push(' ');
        }
        before_previous = std::mem::replace(&mut previous, token.to_string());
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
    let (mut misses_to_show, mut spaced) = (0, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => misses_to_show = args.next().ok_or("--misses needs N")?.parse()?,
            "--spaced" => spaced = true,
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let sentences = read(&path, spaced)?;
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
