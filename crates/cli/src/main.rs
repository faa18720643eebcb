//! `entente`: political event data from news text. Each subcommand lives in its own module under
//! `commands/`; this file only parses arguments and maps outcomes to exit codes.

mod commands;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (mimalloc.h of libmimalloc-sys 0.1.49,
/// pinned by Cargo.lock); the Rust bindings name only some options.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed pages to the system at once rather than a second later (v3's default). Coding one
/// long document frees and reallocates its working set stage by stage; with the delay, the pages
/// of finished stages still count when the next stage peaks (1 MB of actor-dense text: 265-310 MB
/// peak resident, 230 MB without). Throughput on the BBC corpus is unchanged.
#[allow(unsafe_code)]
fn purge_freed_memory_at_once() {
    // SAFETY: sets a process-wide allocator option; mimalloc reads it on each purge, and any value
    // is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit status:
  0  everything was read and coded
  1  usage error (bad arguments, unreadable dictionaries, store errors)
  2  some input could not be read; it was reported on stderr and the rest was still processed
     (serve: refused to listen beyond loopback without a token)";

#[derive(Parser)]
#[command(name = "entente", version, about = "Code international-relations events from news text, store them, and analyse the relations they show.", after_help = EXIT_CODES)]
struct Cli {
    /// Extra dictionary directory: its files add to or override the built-in dictionaries.
    #[arg(long, global = true, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    /// The event store (one DuckDB file).
    #[arg(
        long,
        global = true,
        env = "ENTENTE_STORE",
        default_value = "entente.duckdb",
        value_name = "PATH"
    )]
    store: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code events from articles and print them (jsonl, csv or table).
    Code(commands::code::Args),
    /// Print every actor mention with how it was resolved.
    Actors(commands::actors::Args),
    /// Print stated relations (ally, partner, rival, adversary, supplier, dependent).
    Relations(commands::relations::Args),
    /// Show tokens, mentions, the rules tried and the one that fired for one sentence.
    Explain(commands::explain::Args),
    /// Score the coder against gold data (conflibert, plover-gsr, entente jsonl).
    Eval(commands::eval::Args),
    /// Print the tags, lemmas and dependency tree of every sentence as CoNLL-U.
    Parse(commands::parse::Args),
    /// Dictionary tools: import PETRARCH/Phoenix files, lint the dictionaries.
    #[command(subcommand)]
    Dict(commands::dict::DictCommand),
    #[cfg(feature = "store")]
    #[command(flatten)]
    Store(commands::store::StoreCommand),
    #[cfg(feature = "store")]
    #[command(flatten)]
    Analytics(commands::analytics::AnalyticsCommand),
    /// Serve the workbench (network, dyads, actors, events, coding pad, alerts) and its JSON API.
    #[cfg(feature = "store")]
    Serve(commands::serve::Args),
}

/// Options every command may read.
pub struct Global {
    pub dictionaries: Option<PathBuf>,
    pub store: PathBuf,
}

fn main() -> ExitCode {
    purge_freed_memory_at_once();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let global = Global {
        dictionaries: cli.dictionaries,
        store: cli.store,
    };
    let outcome = match cli.command {
        Command::Code(args) => commands::code::run(&global, args),
        Command::Actors(args) => commands::actors::run(&global, args),
        Command::Relations(args) => commands::relations::run(&global, args),
        Command::Explain(args) => commands::explain::run(&global, args),
        Command::Eval(args) => commands::eval::run(&global, args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Dict(cmd) => commands::dict::run(&global, cmd),
        #[cfg(feature = "store")]
        Command::Store(cmd) => commands::store::run(&global, cmd),
        #[cfg(feature = "store")]
        Command::Analytics(cmd) => commands::analytics::run(&global, cmd),
        #[cfg(feature = "store")]
        Command::Serve(args) => commands::serve::run(&global, args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("entente: error: {}", error_chain(&e));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes, each said once: errors that already print their source ("path: reason")
/// would otherwise repeat it, and DuckDB's innermost cause only says "Unknown error code".
fn error_chain(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || message.contains(&text) || text.ends_with("Unknown error code") {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that prints its source in its own message, as `StoreError::Io` does.
    #[derive(Debug)]
    struct Read(std::io::Error);

    impl std::fmt::Display for Read {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "events.tsv: {}", self.0)
        }
    }

    impl std::error::Error for Read {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        let e = anyhow::Error::new(Read(io)).context("importing");
        assert_eq!(
            error_chain(&e),
            "importing: events.tsv: No such file or directory"
        );
    }
}
