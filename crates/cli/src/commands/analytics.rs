//! STUB: analytics commands (`dyad`, `network`, `balance`, `alerts`).
use crate::Global;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum AnalyticsCommand {
    /// Dyad timeline.
    Dyad { a: String, b: String },
}

pub fn run(_global: &Global, _cmd: AnalyticsCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("analytics commands are not implemented yet")
}
