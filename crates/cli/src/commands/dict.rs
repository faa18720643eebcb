//! STUB: `entente dict ...` (replace with the real commands).
use crate::Global;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum DictCommand {
    /// Lint the dictionaries for duplicates, bad codes and overlapping date ranges.
    Check,
}

pub fn run(_global: &Global, _cmd: DictCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`entente dict` is not implemented yet")
}
