//! Prints every actor mention of a text file: `cargo run -p entente-actors --example mentions -- FILE [DATE]`.
use entente_dictionaries::Dictionaries;
use entente_model::EventDate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: mentions FILE [YYYY[-MM[-DD]]]")?;
    let date = args.next().map(|d| EventDate::parse(&d)).transpose()?;
    let text = std::fs::read_to_string(&path)?;
    let dicts = Dictionaries::builtin()?;
    let sentences = entente_text::segment(&text);
    let out = entente_actors::find_actors_in(&text, &sentences, &dicts.actors, date);
    for m in &out.mentions {
        println!(
            "{:>5}-{:<5} {:<40} {:<10} {:<12} {:?} {}",
            m.span.start,
            m.span.end,
            format!("{:?}", m.span.slice(&text)),
            format!("{:?}", m.via),
            m.actor.code.as_str(),
            m.actor.country.as_ref().map(|c| c.as_str()),
            m.actor.name
        );
    }
    Ok(())
}
