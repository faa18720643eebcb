//! STUB: `entente eval` (replace with the real command).
use crate::Global;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_global: &Global, _args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente eval` is not implemented yet")
}
