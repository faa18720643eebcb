//! `entente code`: articles in, one coded event per row out.
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
        out.events.iter().try_for_each(|event| writer.write(event))
    })
}
