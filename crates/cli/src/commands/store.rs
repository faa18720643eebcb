//! STUB: store commands (`ingest`, `import`, `events`, `export`, `sql`).
use crate::Global;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Code documents and store them, with every piece of provenance.
    Ingest { paths: Vec<std::path::PathBuf> },
}

pub fn run(_global: &Global, _cmd: StoreCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("store commands are not implemented yet")
}
