//! Golden cases grouped by phenomenon (tests/golden/<phenomenon>.txt), coded with the built-in rules
//! and CAMEO table and a tiny inline actor list (tests/golden/actors.txt).
//!
//! A case is one or more `> sentence` lines (one document, one sentence per line), an optional
//! `@ YYYY-MM-DD` document date, then the expected output lines:
//! `SRC -> TGT CAMEO modality [negated] [date] rule` for events and
//! `rel KIND A -- B [facet] [quantity] [negated] rule` for relations. Cases are separated by blank lines.
//! Re-bless every file with `BLESS=1 cargo test -p entente-coder --test golden`.

use entente_coder::Coder;
use entente_dictionaries::{CameoTable, RuleSet};
use entente_model::{
    Actor, ActorCode, CountryCode, Document, EventDate, Mention, Resolution, Sentence, Span, Via,
};
use std::path::Path;

/// The built-in parser: the coder reads roles from its trees.
fn parser() -> &'static entente_syntax::Model {
    entente_syntax::Model::shared().expect("the built-in parser loads")
}

struct TestActor {
    forms: Vec<String>,
    actor: Actor,
}

fn actors() -> Vec<TestActor> {
    let text = std::fs::read_to_string(Path::new("tests/golden/actors.txt")).unwrap();
    let mut list = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (forms, rest) = line.split_once("=>").unwrap();
        let mut parts = rest.split_whitespace();
        let (id, code) = (parts.next().unwrap(), parts.next().unwrap());
        let country = CountryCode::new(&code[..3])
            .ok()
            .filter(|_| !code.starts_with("IGO") && !code.starts_with("NGO"));
        let actor = Actor {
            id: id.to_string(),
            name: forms.split('|').next().unwrap().trim().to_string(),
            country,
            sector: None,
            code: ActorCode::new(code).unwrap(),
        };
        let mut forms: Vec<String> = forms.split('|').map(|f| f.trim().to_string()).collect();
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        list.push(TestActor { forms, actor });
    }
    list
}

/// Longest case-sensitive match of any form at word boundaries, left to right.
fn find_mentions(text: &str, sentences: &[Sentence], actors: &[TestActor]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for s in sentences {
        let mut i = s.span.start;
        while i < s.span.end {
            let at_word_start = i == 0 || !text[..i].chars().next_back().unwrap().is_alphanumeric();
            let best = actors
                .iter()
                .flat_map(|a| a.forms.iter().map(move |f| (f, a)))
                .filter(|(f, _)| {
                    at_word_start
                        && text[i..s.span.end].starts_with(f.as_str())
                        && !text[i + f.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                })
                .max_by_key(|(f, _)| f.len());
            match best {
                Some((f, a)) => {
                    let span = Span::new(i, i + f.len());
                    for id in a.actor.id.split('+') {
                        let actor = actors
                            .iter()
                            .find(|x| x.actor.id == id)
                            .map_or(a.actor.clone(), |x| x.actor.clone());
                        mentions.push(Mention {
                            sentence_index: s.index,
                            span,
                            actor,
                            via: Via::Dictionary,
                            resolution: Resolution::Dictionary,
                        });
                    }
                    i += f.len();
                }
                None => i += text[i..].chars().next().unwrap().len_utf8(),
            }
        }
    }
    mentions
}

struct Case {
    /// The comment lines above the case, kept when the file is blessed.
    comments: Vec<String>,
    sentences: Vec<String>,
    date: Option<EventDate>,
    expected: Vec<String>,
}

fn parse_cases(text: &str) -> (Vec<String>, Vec<Case>) {
    let mut header = Vec::new();
    let mut cases: Vec<Case> = Vec::new();
    let mut comments = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            open = false;
        } else if let Some(s) = line.strip_prefix("> ") {
            if !open {
                cases.push(Case {
                    comments: std::mem::take(&mut comments),
                    sentences: Vec::new(),
                    date: None,
                    expected: Vec::new(),
                });
                open = true;
            }
            cases.last_mut().unwrap().sentences.push(s.to_string());
        } else if let Some(d) = line.strip_prefix("@ ") {
            cases.last_mut().unwrap().date = Some(EventDate::parse(d.trim()).unwrap());
        } else if open {
            cases.last_mut().unwrap().expected.push(line.to_string());
        } else if cases.is_empty() {
            header.push(line.to_string());
        } else {
            comments.push(line.to_string());
        }
    }
    (header, cases)
}

fn code_case(coder: &Coder, actors: &[TestActor], case: &Case) -> Vec<String> {
    let mut text = String::new();
    let mut sentences = Vec::new();
    for (index, s) in case.sentences.iter().enumerate() {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(s);
        sentences.push(Sentence {
            index,
            span: Span::new(start, text.len()),
            paragraph: 0,
        });
    }
    let mentions = find_mentions(&text, &sentences, actors);
    let doc = Document {
        id: "case".into(),
        text,
        date: case.date,
        ..Document::default()
    };
    let out = coder.code_document(&doc, &sentences, &mentions);
    if std::env::var_os("GOLDEN_DEBUG").is_some() {
        for s in &sentences {
            let ex = coder.explain_sentence(&doc, s, &mentions);
            eprintln!(
                "{}\n  mentions: {:?}",
                ex.sentence,
                ex.mentions
                    .iter()
                    .map(|m| (&m.text, &m.code))
                    .collect::<Vec<_>>()
            );
            for c in &ex.candidates {
                eprintln!(
                    "  {} [{}] src={:?} tgt={:?} cues={:?} -> {} {:?} {:?}",
                    c.rule,
                    c.trigger,
                    c.source,
                    c.target,
                    c.cues,
                    c.outcome,
                    c.source_path,
                    c.target_path
                );
            }
        }
    }
    let mut lines = Vec::new();
    for e in &out.events {
        let target = e
            .target
            .as_ref()
            .map_or("-".to_string(), |t| t.actor.code.to_string());
        let mut line = format!(
            "{} -> {} {} {}",
            e.source.actor.code,
            target,
            e.cameo,
            e.modality.as_str()
        );
        if e.negated {
            line.push_str(" negated");
        }
        if let Some(d) = e.date {
            line.push_str(&format!(" {d}"));
        }
        line.push_str(&format!(" {}", e.rule));
        lines.push(line);
    }
    for r in &out.relations {
        let kind = format!("{:?}", r.relation).to_lowercase();
        let mut line = format!("rel {kind} {} -- {}", r.a.actor.code, r.b.actor.code);
        if let Some(f) = r.facet {
            line.push_str(&format!(" {f:?}").to_lowercase());
        }
        if let Some(q) = &r.quantity {
            line.push_str(&format!(" \"{q}\""));
        }
        if r.negated {
            line.push_str(" negated");
        }
        line.push_str(&format!(" {}", r.rule));
        lines.push(line);
    }
    lines
}

#[test]
fn golden_cases_by_phenomenon() {
    let rules = RuleSet::parse(&RuleSet::builtin_files()).unwrap();
    let cameo = CameoTable::builtin().unwrap();
    let coder = Coder {
        rules: &rules,
        cameo: &cameo,
        dictionaries_hash: "test",
        places: None,
        towns: None,
        discards: None,
        syntax: Some(parser()),
    };
    let actors = actors();
    let bless = std::env::var_os("BLESS").is_some();
    let dir = Path::new("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in files
        .iter()
        .filter(|p| p.file_name().unwrap() != "actors.txt")
    {
        let text = std::fs::read_to_string(path).unwrap();
        let (header, cases) = parse_cases(&text);
        let mut blessed = header.join("\n");
        for case in &cases {
            let actual = code_case(&coder, &actors, case);
            if actual != case.expected {
                failures.push(format!(
                    "{}: {}\n  expected: {:#?}\n  actual:   {:#?}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.sentences.join(" "),
                    case.expected,
                    actual
                ));
            }
            if !blessed.is_empty() {
                blessed.push_str("\n\n");
            }
            for comment in &case.comments {
                blessed.push_str(comment);
                blessed.push('\n');
            }
            for s in &case.sentences {
                blessed.push_str(&format!("> {s}\n"));
            }
            if let Some(d) = case.date {
                blessed.push_str(&format!("@ {d}\n"));
            }
            for line in &actual {
                blessed.push_str(line);
                blessed.push('\n');
            }
            blessed = blessed.trim_end().to_string();
        }
        blessed.push('\n');
        if bless {
            std::fs::write(path, blessed).unwrap();
        }
    }
    if !bless {
        assert!(
            failures.is_empty(),
            "{} golden case(s) differ (re-bless with BLESS=1):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
