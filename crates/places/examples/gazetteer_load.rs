//! How long parsing the built-in gazetteer takes (the start-up cost geocoding adds, once per
//! process): the median of nine parses, in milliseconds.
//!
//! `cargo run --release -p entente-places --example gazetteer_load`

use entente_places::Gazetteer;
use std::time::Instant;

fn main() {
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let start = Instant::now();
            let gazetteer = Gazetteer::parse_builtin().expect("the built-in gazetteer parses");
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            assert!(!gazetteer.is_empty());
            elapsed
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("gazetteer_load_ms {:.1}", times[times.len() / 2]);
}
