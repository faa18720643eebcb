//! `entente actors`: every actor mention, with how it was resolved.
use super::{code_inputs, InputArgs};
use crate::Global;
use entente_pipeline::output::MentionRow;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<ExitCode> {
    code_inputs(global, &args.input, |out, writer| {
        out.mentions
            .iter()
            .try_for_each(|m| writer.write(&MentionRow::new(&out.doc.id, &out.doc.text, m)))
    })
}
