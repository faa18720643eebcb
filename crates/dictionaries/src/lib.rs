//! Entente's dictionaries: the actor files (countries, people, organisations, roles), the event and
//! relation rules, and the CAMEO table, loaded once into an immutable value passed to every stage.
//!
//! - [`Dictionaries`] is the whole compiled set: [`ActorDictionary`] (entries plus one Aho-Corasick
//!   automaton over every surface form), the [`RuleSet`] and the [`CameoTable`], and a [`hash`](Dictionaries::hash)
//!   of every file that went into it. [`Dictionaries::load`] reads the built-ins embedded in the
//!   binary, then a folder of overrides.
//! - [`entries`] holds the typed entries ([`Country`], [`Person`] with its [`Office`]s, [`Org`], [`Role`])
//!   parsed from the block format of `dictionaries/FORMAT.md`; every parse error is a [`LoadError`]
//!   naming file and line.
//! - [`check`] lints a loaded set; [`import_petrarch`] converts PETRARCH/Phoenix `.actors` and
//!   `.agents` files into the block format; [`import_petrarch_verbs`] and [`import_tabari_verbs`]
//!   convert PETRARCH-2 and TABARI verb dictionaries into layer rules; [`manifest`] renders and
//!   verifies `MANIFEST.tsv`.

pub mod actor_dictionary;
mod builtin;
pub mod cameo;
mod check;
pub mod discards;
pub mod entries;
pub mod manifest;
mod parse;
mod petrarch;
mod petrarch_verbs;
pub mod rules;
mod tabari;

use std::collections::BTreeMap;
use std::path::Path;

pub use actor_dictionary::{match_key, ActorDictionary, DictMatch, FormKind, Target};
pub use cameo::{CameoInfo, CameoTable};
pub use check::check;
pub use discards::{Discard, DiscardScope, Discards};
pub use entries::{Country, DateRange, Entry, Office, Org, Origin, Person, Role, Seat};
pub use parse::parse_entries;
pub use petrarch::{import_petrarch, PetrarchKind};
pub use petrarch_verbs::{import_petrarch_verbs, PrunedIds, Pruning, Skipped, VerbConversion};
pub use rules::RuleSet;
pub use tabari::import_tabari_verbs;

/// A dictionary file that failed to load: which file, which line, and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// One dictionary file's name (for error messages and the manifest) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Every dictionary, compiled. Immutable after load.
pub struct Dictionaries {
    pub actors: ActorDictionary,
    pub rules: RuleSet,
    pub cameo: CameoTable,
    /// Phrases that take a sentence or a story out of coding (`*.discards`; none built in).
    pub discards: Discards,
    /// Places a user adds to the built-in gazetteer (`places.tsv`, `*.places.tsv`), as files: the
    /// places crate reads them, so that this crate needs no gazetteer format.
    pub gazetteer_additions: Vec<SourceFile>,
    /// Every file that went into the set: the built-ins, then the overrides.
    sources: Vec<Layered>,
    hash: String,
}

/// A source file and whether it came from the override folder.
#[derive(Debug, Clone)]
struct Layered {
    file: SourceFile,
    is_override: bool,
}

impl Dictionaries {
    /// The dictionaries shipped in the binary.
    pub fn builtin() -> Result<Self, LoadError> {
        Self::load(None)
    }

    /// The built-ins, with the files in `overrides` added to them or replacing their entries:
    /// every `*.txt` adds actor entries (same kind and id replaces), every `*.rules` file replaces the
    /// built-in rule file of that name or adds to the rules, every TABARI `*.verbs` file adds layer
    /// rules (converted on load), every `*.discards` file adds discard phrases, and a `cameo.tsv`
    /// replaces the table; a `places.tsv` or `*.places.tsv` file adds places to the gazetteer
    /// (the columns of `dictionaries/gazetteer/places.tsv`).
    pub fn load(overrides: Option<&Path>) -> Result<Self, LoadError> {
        let mut sources: Vec<Layered> = builtin::all_files()
            .into_iter()
            .map(|file| Layered {
                file,
                is_override: false,
            })
            .collect();
        if let Some(dir) = overrides {
            sources.extend(read_override_dir(dir)?.into_iter().map(|file| Layered {
                file,
                is_override: true,
            }));
        }
        Self::from_layers(sources)
    }

    /// Builds a set from explicit files (built-in layer first, then overrides), for tests and tools.
    pub fn from_files(
        builtins: Vec<SourceFile>,
        overrides: Vec<SourceFile>,
    ) -> Result<Self, LoadError> {
        let layers = builtins
            .into_iter()
            .map(|file| Layered {
                file,
                is_override: false,
            })
            .chain(overrides.into_iter().map(|file| Layered {
                file,
                is_override: true,
            }))
            .collect();
        Self::from_layers(layers)
    }

    /// Compiles the layers. The actor files and the rule files are independent and each takes
    /// about half of the load, so the actors compile on a second thread.
    fn from_layers(sources: Vec<Layered>) -> Result<Self, LoadError> {
        let mut actor_files: Vec<&SourceFile> = Vec::new();
        let mut rule_files: Vec<SourceFile> = Vec::new();
        let mut cameo_file = None;
        let mut discards = Vec::new();
        let mut gazetteer_additions = Vec::new();
        for layer in &sources {
            let file = &layer.file;
            let base = base_name(&file.name);
            if base.ends_with(".txt") {
                actor_files.push(file);
            } else if base.ends_with(".rules") {
                match rule_files.iter_mut().find(|f| base_name(&f.name) == base) {
                    Some(existing) => *existing = file.clone(),
                    None => rule_files.push(file.clone()),
                }
            } else if base.ends_with(".verbs") {
                // A TABARI verb dictionary a user brought: converted to layer rules on load.
                let converted = tabari::import_tabari_verbs(&file.name, &file.text)?;
                rule_files.push(SourceFile {
                    name: format!("{} (converted)", file.name),
                    text: converted.rules,
                });
            } else if base.ends_with(".discards") {
                discards.extend(Discards::parse(file)?);
            } else if is_places_file(base) {
                gazetteer_additions.push(file.clone());
            } else if base == cameo::BUILTIN_NAME {
                cameo_file = Some(file.clone());
            }
        }
        let (actors, rules) = std::thread::scope(|scope| {
            let actors = scope.spawn(|| compile_actors(&actor_files));
            let rules = RuleSet::parse(&rule_files);
            let actors = actors
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (actors, rules)
        });
        let (actors, rules) = (actors?, rules?);
        let cameo = match &cameo_file {
            Some(f) => CameoTable::parse(f)?,
            None => CameoTable::builtin()?,
        };
        let hash = set_hash(&sources);
        Ok(Self {
            actors,
            rules,
            cameo,
            discards: Discards::new(discards),
            gazetteer_additions,
            sources,
            hash,
        })
    }

    /// Hash of the whole dictionary set; every event records it.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Every file of the set, built-ins first.
    pub fn sources(&self) -> impl Iterator<Item = &SourceFile> {
        self.sources.iter().map(|l| &l.file)
    }

    /// The files of one layer (built-in or override), in load order.
    pub fn layer(&self, overrides: bool) -> Vec<&SourceFile> {
        self.sources
            .iter()
            .filter(|l| l.is_override == overrides)
            .map(|l| &l.file)
            .collect()
    }

    /// The manifest the built-in files should have (source and licence kept from the embedded one).
    pub fn builtin_manifest() -> String {
        manifest::render(&builtin::all_files(), builtin::MANIFEST)
    }
}

/// Parses the actor files in order (a later entry of the same kind and id replaces an earlier
/// one, in its place) and compiles them.
fn compile_actors(files: &[&SourceFile]) -> Result<ActorDictionary, LoadError> {
    let mut merged: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut entries = Vec::new();
    for file in files {
        for entry in parse::parse_entries(file)? {
            match merged.get(&entry.key()) {
                Some(&at) => entries[at] = entry,
                None => {
                    merged.insert(entry.key(), entries.len());
                    entries.push(entry);
                }
            }
        }
    }
    Ok(ActorDictionary::compile(entries))
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// BLAKE3 over the sorted `(layer:name, content)` pairs, hex, first 16 characters.
fn set_hash(sources: &[Layered]) -> String {
    let mut named: Vec<(String, &str)> = sources
        .iter()
        .map(|l| {
            let layer = if l.is_override { "override" } else { "builtin" };
            (
                format!("{layer}:{}", base_name(&l.file.name)),
                l.file.text.as_str(),
            )
        })
        .collect();
    named.sort();
    let mut hasher = blake3::Hasher::new();
    for (name, text) in named {
        for part in [name.as_bytes(), text.as_bytes()] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// Whether a file of the override folder adds places to the gazetteer.
fn is_places_file(name: &str) -> bool {
    name == "places.tsv" || name.ends_with(".places.tsv")
}

/// Reads the `*.txt`, `*.rules`, `*.verbs` (TABARI), `*.discards`, places and `cameo.tsv` files
/// of an override folder, sorted by name.
fn read_override_dir(dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let io_error = |path: &Path, e: std::io::Error| LoadError {
        file: path.display().to_string(),
        line: 0,
        message: e.to_string(),
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file()
                && (name.ends_with(".txt")
                    || name.ends_with(".rules")
                    || name.ends_with(".verbs")
                    || name.ends_with(".discards")
                    || is_places_file(name)
                    || name == cameo::BUILTIN_NAME)
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| io_error(&p, e))?;
            Ok(SourceFile {
                name: p.display().to_string(),
                text,
            })
        })
        .collect()
}
