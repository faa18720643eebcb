//! Universal Dependencies v2 relation names, with the subtypes English treebanks use.

use std::fmt;

/// Every relation a [`Deprel`] can hold: the 37 universal relations, then the language-specific
/// subtypes of UD English (current and recently renamed ones, so older treebanks still read).
const NAMES: [&str; 59] = [
    "root",
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "vocative",
    "xcomp",
    "acl:relcl",
    "advcl:relcl",
    "aux:pass",
    "cc:preconj",
    "compound:prt",
    "csubj:outer",
    "csubj:pass",
    "det:predet",
    "flat:foreign",
    "flat:name",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj:outer",
    "nsubj:pass",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "expl:pv",
];

/// A dependency relation such as `nsubj` or `nsubj:pass`; only names UD v2 defines can be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deprel(u8);

impl Deprel {
    /// The relation of the one word that heads the sentence.
    pub const ROOT: Deprel = Deprel(0);

    /// The relation named `name`, if UD v2 (with the English subtypes) defines it.
    pub fn parse(name: &str) -> Option<Deprel> {
        NAMES
            .iter()
            .position(|known| *known == name)
            .map(|index| Deprel(index as u8))
    }

    /// The full name, subtype included, e.g. `nsubj:pass`.
    pub fn as_str(self) -> &'static str {
        NAMES[usize::from(self.0)]
    }

    /// The universal relation, the part before `:`, e.g. `nsubj` for `nsubj:pass`.
    pub fn universal(self) -> &'static str {
        let name = self.as_str();
        name.split_once(':')
            .map_or(name, |(universal, _)| universal)
    }
}

impl fmt::Display for Deprel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
