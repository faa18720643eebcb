//! One module per command family. Each exposes clap `Args` (or a subcommand enum) and `run`.

pub mod actors;
pub mod code;
pub mod dict;
pub mod eval;
pub mod explain;
pub mod relations;
#[cfg(feature = "store")]
pub mod analytics;
#[cfg(feature = "store")]
pub mod store;
