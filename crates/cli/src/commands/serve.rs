//! `entente serve`: the workbench in a browser and its JSON API (crates/server). This module only
//! reads the options and the token; the server refuses an unsafe bind itself.
use crate::Global;
use anyhow::Context;
use entente_server::{Limits, ServeError, ServeOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Exit status when the server refuses to listen where it was told (a non-loopback address
/// without a token).
const EXIT_UNSAFE_BIND: u8 = 2;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on. Anything but loopback needs a token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    addr: SocketAddr,
    /// File holding the bearer token that write endpoints (ingest) require. The token may also
    /// come from ENTENTE_TOKEN; without either, the server takes no writes.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Largest request body: bytes, or a number with K, M or G.
    #[arg(long, default_value = "8M", value_name = "SIZE", value_parser = super::parse_size)]
    max_body: u64,
    /// Most rows one page or query returns.
    #[arg(long, default_value_t = Limits::default().max_rows, value_name = "N")]
    max_rows: usize,
    /// Seconds a store read may run before it is stopped.
    #[arg(long, default_value_t = Limits::default().timeout.as_secs_f64(), value_name = "SECONDS")]
    timeout: f64,
    /// Requests that read the store or code text at once [default: the number of cores].
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// Open the workbench in the desktop's browser.
    #[arg(long)]
    open: bool,
}

pub fn run(global: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the token file {}", path.display()))?
                .trim()
                .to_string(),
        ),
        // Not a flag: a token on the command line is visible to every user in `ps`.
        None => std::env::var("ENTENTE_TOKEN").ok(),
    }
    .filter(|t| !t.is_empty());
    let timeout = super::timeout_flag(args.timeout)?;
    let defaults = Limits::default();
    let options = ServeOptions {
        addr: args.addr,
        store: global.store.clone(),
        dictionaries: global.dictionaries.clone(),
        token,
        limits: Limits {
            max_body: usize::try_from(args.max_body).context("--max-body")?,
            max_rows: args.max_rows.max(1),
            timeout,
            max_concurrent: args
                .max_concurrent
                .unwrap_or(defaults.max_concurrent)
                .max(1),
            ..defaults
        },
        log: Arc::new(Mutex::new(std::io::stderr())),
        open_browser: args.open,
    };
    match entente_server::run(options) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e @ ServeError::UnsafeBind(_)) => {
            eprintln!("entente: error: {e}");
            Ok(ExitCode::from(EXIT_UNSAFE_BIND))
        }
        Err(e) => Err(e.into()),
    }
}
