//! `entente relations`: relations the text states (ally, partner, supplier, ...), with provenance.
use super::{code_inputs, InputArgs};
use crate::Global;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<ExitCode> {
    code_inputs(global, &args.input, |out, writer| {
        out.relations.iter().try_for_each(|r| writer.write(r))
    })
}
