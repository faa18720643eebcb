//! Prints the sentences of a text file, one per line with its paragraph index, to check
//! segmentation by eye: `cargo run -p entente-text --example sentences -- FILE`.
use std::{env, fs, process};

fn main() {
    let Some(path) = env::args().nth(1) else {
        eprintln!("usage: sentences FILE");
        process::exit(2);
    };
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{path}: {err}");
            process::exit(1);
        }
    };
    for s in entente_text::segment(&text) {
        println!(
            "[{} p{}] {}",
            s.index,
            s.paragraph,
            s.span.slice(&text).replace('\n', "⏎")
        );
    }
}
