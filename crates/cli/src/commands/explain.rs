//! `entente explain`: how one sentence (or a short passage) was coded — tokens, mentions, every rule
//! whose words matched and why it fired or was rejected, and the resulting events and relations.
use crate::Global;
use anyhow::Context as _;
use entente_dictionaries::Dictionaries;
use entente_model::{Document, EventDate};
use entente_pipeline::{actors, coder, eval_peers, text, Pipeline};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The sentence to explain; a passage is split into sentences, each explained in turn.
    pub text: String,
    /// Document date (YYYY, YYYY-MM or YYYY-MM-DD): resolves relative dates and office holders.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Explain with a peer suite's own dictionaries instead of Entente's, as `entente eval --gold`
    /// codes that suite's records: `petrarch-unit:DIR` or `tabari-validate:DIR`.
    #[arg(long, value_name = "SUITE:DIR")]
    pub peer: Option<String>,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let dicts = match &args.peer {
        Some(peer) => {
            let (suite, dir) = peer.split_once(':').context("--peer takes SUITE:DIR")?;
            let suite = crate::commands::eval::peer_suite(suite)
                .with_context(|| format!("--peer: unknown suite `{suite}`"))?;
            eval_peers::load_suite(suite, std::path::Path::new(dir))?
                .dictionaries
                .dictionaries
        }
        None => {
            Dictionaries::load(global.dictionaries.as_deref()).context("loading dictionaries")?
        }
    };
    let date = args
        .date
        .as_deref()
        .map(EventDate::parse)
        .transpose()
        .context("--date")?;
    let doc = Document {
        id: "explain".into(),
        text: entente_pipeline::input::plain_text(args.text),
        date,
        ..Document::default()
    };
    let pipeline = Pipeline::new(Arc::new(dicts));
    let sentences = text::segment(&doc.text);
    let mentions = actors::find_actors(&doc, &sentences, pipeline.dictionaries(), date).mentions;
    let explanations = pipeline
        .coder()
        .explain_document(&doc, &sentences, &mentions);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &explanations)?;
            writeln!(out)?;
        }
        Format::Table => {
            for (i, e) in explanations.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                print_table(&mut out, e)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(out: &mut impl Write, e: &coder::Explanation) -> std::io::Result<()> {
    writeln!(out, "sentence  {}", e.sentence)?;
    let tokens: Vec<String> = e.tokens.iter().map(|t| t.text.clone()).collect();
    writeln!(out, "tokens    {}", tokens.join(" · "))?;
    if e.tokens.iter().any(|t| t.syntax.is_some()) {
        writeln!(out, "tree")?;
        for (i, t) in e.tokens.iter().enumerate() {
            if let Some(s) = &t.syntax {
                let head = s.head.map_or("root".to_string(), |h| {
                    format!(
                        "{} {}",
                        h + 1,
                        e.tokens.get(h).map_or("", |t| t.text.as_str())
                    )
                });
                writeln!(
                    out,
                    "  {:>3} {:<20} {:<6} {:<12} <- {head}",
                    i + 1,
                    t.text,
                    s.upos,
                    s.deprel
                )?;
            }
        }
    }
    writeln!(out, "mentions")?;
    if e.mentions.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for m in &e.mentions {
        writeln!(
            out,
            "  {:<32} {:>5}..{:<5} {:<28} {:<12} via {:?}",
            m.text, m.start, m.end, m.actor, m.code, m.via
        )?;
    }
    writeln!(out, "rules tried")?;
    if e.candidates.is_empty() {
        writeln!(out, "  (no rule's words matched)")?;
    }
    for c in &e.candidates {
        writeln!(
            out,
            "  {:<34} {:<28} {}",
            c.rule,
            format!("\"{}\"", c.trigger),
            c.outcome
        )?;
        writeln!(out, "      pattern  {}   ({})", c.pattern, c.defined_at)?;
        let with_path = |role: &Option<String>, path: &Option<String>| {
            let role = role.as_deref().unwrap_or("-");
            match path {
                Some(path) => format!("{role}  via {path}"),
                None => role.to_string(),
            }
        };
        writeln!(
            out,
            "      source   {}",
            with_path(&c.source, &c.source_path)
        )?;
        writeln!(
            out,
            "      target   {}",
            with_path(&c.target, &c.target_path)
        )?;
        let mut reading = c.modality.clone();
        if c.negated {
            reading.push_str(", negated");
        }
        if c.passive {
            reading.push_str(", passive");
        }
        if !c.cues.is_empty() {
            reading.push_str(&format!(" (cues: {})", c.cues.join(", ")));
        }
        writeln!(out, "      reading  {reading}")?;
    }
    writeln!(out, "events")?;
    if e.events.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for ev in &e.events {
        let target = ev.target.as_ref().map_or("-".to_string(), |t| {
            format!("{} [{}]", t.text, t.actor.code)
        });
        let date = ev.date.map_or("-".to_string(), |d| d.to_string());
        let negated = if ev.negated { " NEGATED" } else { "" };
        writeln!(
            out,
            "  {} [{}] -> {}  {} {:+.1} {}{}  date {}  conf {:.2}  rule {}",
            ev.source.text,
            ev.source.actor.code,
            target,
            ev.cameo,
            ev.goldstein,
            ev.modality.as_str(),
            negated,
            date,
            ev.confidence,
            ev.rule
        )?;
    }
    if !e.relations.is_empty() {
        writeln!(out, "relations")?;
    }
    for r in &e.relations {
        let facet = r
            .facet
            .map_or(String::new(), |f| format!(" {f:?}").to_lowercase());
        let quantity = r
            .quantity
            .as_ref()
            .map_or(String::new(), |q| format!(" \"{q}\""));
        let negated = if r.negated { " NEGATED" } else { "" };
        writeln!(
            out,
            "  {} [{}] {:?} {} [{}]{facet}{quantity}{negated}  rule {}",
            r.a.text, r.a.actor.code, r.relation, r.b.text, r.b.actor.code, r.rule
        )?;
    }
    Ok(())
}
