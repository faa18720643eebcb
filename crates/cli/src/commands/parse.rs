//! `entente parse`: the tags, lemmas and dependency tree of every sentence, as CoNLL-U.
//!
//! Documents are read like `entente code` reads them, cut into sentences and tokens by the text
//! crate, and parsed by the embedded syntax model. No dictionary is loaded.

use super::EXIT_UNREADABLE_INPUT;
use anyhow::Context;
use entente_model::Document;
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::text::{segment, tokenize};
use entente_syntax::Model;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input: .txt .md .html .docx .pdf .json .jsonl
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = Model::builtin().context("loading the syntax model")?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut unreadable = 0usize;
    for input in read_inputs(&args.paths, InputOptions::default()) {
        let written = match input {
            Ok(document) => write_document(&model, &document, &mut out),
            Err(e) => {
                unreadable += 1;
                eprintln!("entente: cannot read {e}");
                Ok(())
            }
        };
        match written {
            Ok(()) => {}
            // A closed pipe (`entente parse ... | head`) is the reader's choice, not an error.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(e).context("writing output"),
        }
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        result => result.context("writing output")?,
    }
    Ok(if unreadable > 0 {
        ExitCode::from(EXIT_UNREADABLE_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

/// One CoNLL-U block per sentence, each opened by its document id, sentence id and text.
fn write_document(model: &Model, document: &Document, out: &mut impl Write) -> io::Result<()> {
    let text = &document.text;
    let id = one_line(&document.id);
    for sentence in segment(text) {
        let words: Vec<&str> = tokenize(text, sentence.span)
            .iter()
            .map(|token| &text[token.span.start..token.span.end])
            .collect();
        if words.is_empty() {
            continue;
        }
        let parse = model.parse(&words);
        writeln!(out, "# doc_id = {id}")?;
        writeln!(out, "# sent_id = {id}-{}", sentence.index + 1)?;
        let sentence_text = &text[sentence.span.start..sentence.span.end];
        writeln!(out, "# text = {}", one_line(sentence_text))?;
        out.write_all(parse.to_conllu(&words).as_bytes())?;
    }
    Ok(())
}

/// Text for a comment line: every run of whitespace (line breaks included) becomes one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
