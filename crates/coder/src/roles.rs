//! Roles read from the dependency tree: which actor groups are the source and the target of a
//! trigger, and the dependency path that gave each.
//!
//! The rule's words name the act; the tree says who did it to whom. A verb's source is its subject
//! (`nsubj`), or the agent of a passive (`obl:agent`); a subject left unsaid is inherited along
//! `conj` ("X met Y and signed Z"), `xcomp` ("X agreed to lift"; with an object, "urged X to"
//! controls through it), participial `advcl`/`acl` clauses and relative clauses. The target is the
//! object, or a prepositional object the verb selects, looking through the object's own
//! prepositional modifiers ("eased restrictions on exports to Moldova"). A noun trigger takes its
//! possessor or modifier as source ("Israel's strikes", "the Hamas attack"), or the subject of the
//! light verb it is the object of ("launched an attack"), and a prepositional modifier as target.
//!
//! A role is `Found` (an actor group, with its path), `Name` (a proper name no dictionary knows,
//! taken as a party with CAMEO's unknown code), `NoActor` (the tree has the role, but no actor
//! fills it, so the search goes on below it) or `Unsaid` (no such role, or a pronoun). Where the
//! tree finds no party, the word-order reading stands: it knows pronouns' antecedents and quotes'
//! speakers.

use crate::lexicon::{self, LIGHT_VERBS};
use crate::matcher::{group_binding, Binding, Found, Match};
use crate::sentence::SentenceView;
use entente_dictionaries::rules::{Element, Rule, RuleKind, Slot};
use entente_model::{Actor, ActorCode, Mention, Resolution, TokenKind, Via};
use entente_syntax::{Parse, Upos};

/// CAMEO's code for an actor of unknown kind and country.
const UNKNOWN_CODE: &str = "UNK";

/// Prepositions after which an unknown name is a party rather than a place ("sanctions *on*
/// X", not "a station *at* X", "troops *in* X").
const PARTY_CASES: &[&str] = &[
    "to", "with", "against", "on", "for", "into", "toward", "towards", "over", "upon", "between",
    "among", "by",
];

/// Prepositions of where a crowd gathered ("rallied *in* X", "marched *through* X").
const GATHERING_CASES: &[&str] = &["in", "near", "outside", "across", "through", "throughout"];

/// Prepositions whose object is the target of an act ("sanctions *on* X", "talks *with* X").
const TARGET_CASES: &[&str] = &[
    "to", "with", "against", "on", "for", "from", "between", "at", "toward", "towards", "into",
    "over", "upon", "among", "onto",
];

/// Prepositions inside a verb's object that lead to whom the act concerns when no target
/// preposition does: "opened an investigation *of* X", "arrested an employee *of* X", "killed
/// people *in* X", "condemned an attack *by* X".
const PATIENT_CASES: &[&str] = &["of", "in", "by"];

/// Relations that attach an actor word to the noun a role lands on ("the *Hamas* attack",
/// "*Turkish* officials", "*Israel's* strikes", "the minister, *Ayman Safadi*").
const ACTOR_MODIFIERS: &[&str] = &["compound", "amod", "nmod:poss", "flat", "appos"];

/// How deep a target search follows prepositional modifiers below the object.
const MAX_TARGET_DEPTH: usize = 2;

/// How many clause links a subject search climbs.
const MAX_SUBJECT_HOPS: usize = 3;

/// A sentence's parse with each word's children listed once, for the role searches.
pub struct Tree {
    pub parse: Parse,
    children: Vec<Vec<usize>>,
}

/// One role as the tree reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Actor groups (indices into the view's groups: the one the path reaches, then those
    /// coordinated with it) and the path from the trigger.
    Found { groups: Vec<usize>, path: String },
    /// A proper name no dictionary knows (tokens `first..=last`): a party all the same.
    Name {
        first: usize,
        last: usize,
        path: String,
    },
    /// A role word with no country of its own and the state its phrase places it in ("*soldiers*
    /// from *Gondor*", groups `role` and `state`), ending at token `last`: one actor of both.
    Placed {
        role: usize,
        state: usize,
        last: usize,
        path: String,
    },
    /// Where the act happened, named by words that are no actor of the sentence ("imposed a curfew
    /// *in Bangkok*": the actor layer keeps a capital after "in" out as a location). Word `head`
    /// heads the phrase; the coder may know it as a state's place.
    Place { head: usize, path: String },
    /// A weapon or an armed act as the doer of an act of force ("a roadside *bomb* killed three
    /// soldiers", tokens `first..=last`): someone the text does not name.
    Instrument {
        first: usize,
        last: usize,
        path: String,
    },
    /// A crowd named by its size as the subject of a protest ("*thousands* protested in X",
    /// tokens `first..=last`): civilians of the state where they protested, once the place is read.
    Crowd {
        first: usize,
        last: usize,
        path: String,
    },
    /// People an act of force harmed, named by no country of their own ("killing *three
    /// people*", "killed *17*"; tokens `first..=last`, headed by word `head`): civilians of the
    /// state where it happened, once the place is read.
    Victims {
        head: usize,
        first: usize,
        last: usize,
        path: String,
    },
    /// An object pronoun ("called X to congratulate *him*", word `word`): the nearest person named
    /// before it in the sentence who is not the act's own source, as a pronoun may not name its
    /// clause's subject.
    Pronoun {
        word: usize,
        path: String,
        /// The reading with the pronoun left out, for when no one before it fits.
        otherwise: Box<Role>,
    },
    /// The role is there, filled by words that are no actor.
    NoActor,
    /// The tree has nothing to say (no such dependent, or a pronoun the linear reading resolves).
    Unsaid,
}

impl Role {
    /// Whether the role names a party (known or not).
    fn is_party(&self) -> bool {
        matches!(
            self,
            Role::Found { .. } | Role::Name { .. } | Role::Placed { .. } | Role::Instrument { .. }
        )
    }

    /// The same role reached one step further from the trigger.
    fn behind(self, step: &str) -> Role {
        match self {
            Role::Found { groups, path } => Role::Found {
                groups,
                path: format!("{step}/{path}"),
            },
            Role::Name { first, last, path } => Role::Name {
                first,
                last,
                path: format!("{step}/{path}"),
            },
            Role::Placed {
                role,
                state,
                last,
                path,
            } => Role::Placed {
                role,
                state,
                last,
                path: format!("{step}/{path}"),
            },
            other => other,
        }
    }
}

/// Source and target of one trigger, and whether the tree reads it as a passive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub source: Role,
    pub target: Role,
    pub passive: bool,
    /// The word of the trigger the roles hang from.
    pub predicate: usize,
    /// Where the act took place, when that is an actor or a place phrase ("declared a ceasefire
    /// *in Somalia*"): the caller's target of last resort, for acts that land on their place.
    pub place: Role,
    /// A party an `in` phrase names through a target preposition ("mediating *in talks with*
    /// X"): the target when neither reading finds another, whatever the act.
    pub party_in_scene: Role,
    /// The verb is plainly passive and the rule has no passive reading (`active`, as a layer
    /// pattern with words after its verb): its subject is the patient, and no source is said
    /// ("suspects *are detained* at a prison").
    pub unread_passive: bool,
    /// The verb is plainly passive and says no agent ("a journalist *was arrested* in Niger"):
    /// an authority's act then was done by the state where it happened.
    pub agentless: bool,
    /// The act is a restriction the source ordered of the target ([`restriction_ordered`]).
    pub imposed: bool,
}

impl Tree {
    pub fn new(parse: Parse) -> Self {
        let mut children = vec![Vec::new(); parse.words.len()];
        for (i, word) in parse.words.iter().enumerate() {
            if let Some(head) = word.head.filter(|&h| h < children.len()) {
                children[head].push(i);
            }
        }
        Self { parse, children }
    }

    /// The passive subject of `verb`: labelled so, or a plain subject under a passive auxiliary
    /// (the parser's slip for one).
    pub fn passive_subject(&self, verb: usize) -> Option<usize> {
        self.first(verb, "nsubj:pass").or_else(|| {
            self.first(verb, "aux:pass")
                .and_then(|_| self.first(verb, "nsubj"))
        })
    }

    /// Whether word `i` lies in the phrase `head` heads, not inside a reported or loosely joined
    /// clause of it ("said that ...", "...; X did Y"). Relative, adverbial and participial
    /// clauses are crossed: the parser often hangs the verb's own prepositional object on them
    /// ("returned a pendant engraved with an image *to* X"), and blocking them measured worse.
    pub fn is_within(&self, i: usize, head: usize) -> bool {
        const CLAUSES: &[&str] = &["ccomp", "parataxis"];
        let mut current = i;
        for _ in 0..self.parse.words.len() {
            if current == head {
                return true;
            }
            if CLAUSES.contains(&self.rel(current)) || CLAUSES.contains(&self.universal(current)) {
                return false;
            }
            match self.head(current) {
                Some(up) => current = up,
                None => return false,
            }
        }
        false
    }

    /// Whether word `i` hangs from `head` through another clause: a verb coordinated with it (in
    /// "does not want to disrupt relations ... and hopes to preserve its prestige in the world",
    /// "world" belongs to "hopes", not to "want"), or the subject of another verb ("will take 12
    /// weeks, Prime *Minister* Ariel Sharon said": the minister is the one who speaks, whether
    /// the parser hangs "said" under "take" or "take" under "said").
    pub fn is_in_another_clause(&self, i: usize, head: usize) -> bool {
        let mut current = i;
        let mut joined = false;
        // The speech verb whose subject holds word `i`, if any.
        let mut speaking = None;
        for _ in 0..self.parse.words.len() {
            if current == head {
                return joined;
            }
            joined |= self.is_joined_verb(current);
            if self.universal(current) == "nsubj" {
                if let Some(verb) = self.head(current).filter(|&verb| verb != head) {
                    joined |= self.is_own_clause(verb, head);
                    if lexicon::is_speech_verb(self.lemma(verb)) {
                        speaking = Some(verb);
                    }
                }
            }
            match self.head(current) {
                Some(up) => current = up,
                // Outside the anchor's phrase, the word is the speaker of a verb that reports
                // the anchor's clause.
                None => return speaking.is_some_and(|verb| self.reports(verb, head)),
            }
        }
        false
    }

    /// Whether `verb` governs word `i` through anything but its subject: `i` is in what the
    /// verb says, not in who says it.
    fn reports(&self, verb: usize, i: usize) -> bool {
        let mut current = i;
        for _ in 0..self.parse.words.len() {
            match self.head(current) {
                Some(up) if up == verb => return self.universal(current) != "nsubj",
                Some(up) => current = up,
                None => return false,
            }
        }
        false
    }

    /// Whether `verb` is joined to its head with its conjunction ("and hopes"): a verb the parser
    /// hung by `conj` without one is more often a misread relative clause ("equipment Armenia
    /// has obtained").
    fn is_joined_verb(&self, verb: usize) -> bool {
        self.universal(verb) == "conj"
            && self.upos(verb) == Upos::Verb
            && self.children[verb]
                .iter()
                .any(|&c| self.universal(c) == "cc")
    }

    /// Whether `verb` heads a clause of its own beside `anchor`: one that reports speech, or one
    /// that is neither a complement of the anchor ("allows aid workers *expanded* access", a
    /// misread object) nor hung by `conj` without a conjunction.
    fn is_own_clause(&self, verb: usize, anchor: usize) -> bool {
        let complement =
            self.head(verb) == Some(anchor) && matches!(self.universal(verb), "ccomp" | "xcomp");
        let bare_conj = self.universal(verb) == "conj" && !self.is_joined_verb(verb);
        lexicon::is_speech_verb(self.lemma(verb)) || !(complement || bare_conj)
    }

    /// Whether word `i` is an open complement of `verb`, directly or through other complements
    /// ("agreed to *lift*", "agreed to try to *lift*"): an act its subject commits to.
    pub fn is_complement_of(&self, i: usize, verb: usize) -> bool {
        let mut current = i;
        for _ in 0..self.parse.words.len() {
            if self.universal(current) != "xcomp" {
                return false;
            }
            match self.head(current) {
                Some(up) if up == verb => return true,
                Some(up) => current = up,
                None => return false,
            }
        }
        false
    }

    /// Whether `i` is a past participle describing the noun after it, right after a party's
    /// possessive and its own adverbs ("Tibet's *exiled* leader", "Iraq's most *feared* group"):
    /// an adjective, no act. (The parser's modifier label alone is too weak: it hangs "have
    /// *suspended* flights" so.)
    pub fn is_attributive_participle(&self, view: &SentenceView, i: usize) -> bool {
        if i >= self.children.len() {
            return false;
        }
        let mut before = i;
        while before > 0
            && self.head(before - 1) == Some(i)
            && self.universal(before - 1) == "advmod"
        {
            before -= 1;
        }
        before >= 2
            && view.is_possessive(before - 1)
            && view.group_at[before - 2].is_some()
            && view.norm(i).ends_with("ed")
            && self.universal(i) == "amod"
            && self.head(i).is_some_and(|noun| noun > i)
    }

    /// The word a compound modifier `i` hangs on ("*Gaza City* airstrike" → "airstrike").
    pub fn compound_head(&self, i: usize) -> Option<usize> {
        (i < self.children.len() && self.universal(i) == "compound")
            .then(|| self.head(i))
            .flatten()
    }

    /// The compound modifier before noun `i`, if the tagger took `i` for a noun ("*Mumbai*
    /// attacks").
    pub fn compound_before_noun(&self, i: usize) -> Option<usize> {
        if i >= self.children.len() || self.upos(i) != Upos::Noun {
            return None;
        }
        self.children[i]
            .iter()
            .copied()
            .find(|&c| c < i && self.universal(c) == "compound")
    }

    /// Whether the tree reads word `i` as a noun that is counted, determined, predicated or names
    /// the unit of an amount ("*pounds* 550m", "two *attacks*", "the *strikes*", "costs were
    /// *pounds* 1.30", "costing *pounds* 885m"): a verb form there is no verb, whatever word order
    /// says. A noun tag alone is not enough: the tagger tags too many verbs after plural subjects
    /// so, and capitalised headline words ("Mortar Attack Kills 25"). A gerund still names its act
    /// ("the fighting between X and Y").
    pub fn is_counted_noun(&self, view: &SentenceView, i: usize) -> bool {
        let form = view.norm(i);
        let is_amount = |w: usize| view.norm(w).starts_with(|c: char| c.is_ascii_digit());
        // "pounds 234m", "dollars 5 billion", "pounds 500,000": a number with its magnitude, or in
        // thousands, after the noun. (A small count after a headline's verb the tagger took for a
        // noun is its object: "Army *kills* 24 militants".)
        let magnitude = |w: usize| {
            let number = view.norm(w);
            is_amount(w)
                && (number.ends_with(|c: char| c.is_ascii_alphabetic())
                    || number.contains(',')
                    || number.len() >= 4
                    || matches!(
                        view.norm(w + 1),
                        "million" | "billion" | "trillion" | "m" | "bn"
                    ))
        };
        let unit_of_amount = || {
            magnitude(i + 1)
                || (self.universal(i) == "compound" && self.head(i).is_some_and(is_amount))
        };
        // "after weeks *of* anti-government protests", "softened *their* demands": a preposition
        // (but "to", which the parser may hang on a verb it tagged as a noun) or a possessive
        // pronoun right before the word, or before it and lower-case adjectives only, governs a
        // noun. Anything else between ("after Australian threaten", "in Kenya disperse") is more
        // often a verb the tagger took for a noun.
        let marks_a_noun = |c: usize| match self.rel(c) {
            "case" => view.norm(c) != "to",
            "nmod:poss" => lexicon::contains(lexicon::POSSESSIVE_PRONOUNS, view.norm(c)),
            _ => false,
        };
        // The rest of a multi-word preposition ("due *to*", "because *of*") is no word between.
        let governed = |c: usize| {
            marks_a_noun(c)
                && c < i
                && (c + 1..i).all(|between| {
                    (self.upos(between) == Upos::Adj && !view.is_capitalized(between))
                        || (self.rel(between) == "fixed" && self.head(between) == Some(c))
                })
        };
        i < self.children.len()
            && self.upos(i) == Upos::Noun
            && !form.ends_with("ing")
            && !view.is_capitalized(i)
            && (unit_of_amount()
                || self.children[i].iter().any(|&c| {
                    matches!(self.universal(c), "det" | "nummod" | "cop")
                        || governed(c)
                        || (self.upos(c) == Upos::Num
                            && matches!(self.universal(c), "flat" | "compound" | "appos"))
                }))
    }

    fn rel(&self, i: usize) -> &'static str {
        self.parse.words[i].deprel.as_str()
    }

    fn universal(&self, i: usize) -> &'static str {
        self.parse.words[i].deprel.universal()
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.parse.words[i].head
    }

    fn upos(&self, i: usize) -> Upos {
        self.parse.words[i].upos
    }

    fn lemma(&self, i: usize) -> &str {
        &self.parse.words[i].lemma
    }

    /// Children of `i` whose relation is `rel` or a subtype of it.
    fn with_rel<'a>(&'a self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.rel(c) == rel || self.universal(c) == rel)
    }

    fn first(&self, i: usize, rel: &str) -> Option<usize> {
        self.with_rel(i, rel).next()
    }

    /// The subject of `i`: an active one before a passive one, where the parser gave a verb both
    /// ("the number of Palestinians *Israel* has killed").
    fn subject(&self, i: usize) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == "nsubj")
            .or_else(|| self.first(i, "nsubj"))
    }

    /// The preposition marking `i` (its `case` dependent), folded.
    fn case<'v>(&self, view: &'v SentenceView, i: usize) -> Option<&'v str> {
        // The parser sometimes hangs the preposition on the phrase's first modifier instead ("to
        // *300,000* people", "to the *two* countries"): it still marks the whole phrase.
        let on_modifier = || {
            self.children[i]
                .iter()
                .filter(|&&c| c < i && matches!(self.rel(c), "nummod" | "amod" | "det"))
                .find_map(|&c| self.first(c, "case"))
        };
        self.first(i, "case")
            .or_else(on_modifier)
            .map(|c| view.norm(c))
    }
}

/// Puts the tree's reading of `m`'s roles in place of the word-order reading wherever the tree
/// finds a party. When the two disagree on voice, the tree's voice stands and only its roles
/// remain. (Measured: also dropping word-order roles the tree cannot place cost more true events
/// than false ones on the development sets, with a parser at UAS 0.84-0.88.)
/// `sentence_index` places the mentions of unknown names.
/// Returns where the act happened when a party names it and neither reading found a target: the
/// caller's target of last resort. `place_at` gives the state's place that the actor layer kept
/// out as a location covering a word.
pub fn apply(
    view: &SentenceView,
    tree: &Tree,
    rule: &Rule,
    sentence_index: usize,
    m: &mut Match,
    place_at: &mut dyn FnMut(usize) -> Option<Binding>,
) -> Option<Binding> {
    // A rule without a passive reading still reads one whose subject is its own word after the
    // verb ("*sanctions* were imposed on X", [`crate::matcher::try_rule_passive_theme`]).
    let reads_passive = rule.passive || m.passive;
    let roles = read(
        view,
        tree,
        rule,
        reads_passive,
        m.nominalized,
        m.anchor,
        m.trigger,
    );
    m.imposed = roles.imposed;
    if roles.passive != m.passive {
        m.source = None;
        m.target = None;
        m.passive = roles.passive;
    }
    // Word order may have reached an agency's credit ("... End Tariffs (AP)").
    for slot in [&mut m.source, &mut m.target] {
        if slot
            .as_ref()
            .is_some_and(|b| b.tokens.is_some_and(|(first, _)| is_credit(view, first)))
        {
            *slot = None;
        }
    }
    // Word order read the passive as active: its subject is no source, and what follows the
    // verb is no object.
    if roles.unread_passive {
        m.source = None;
        m.target = None;
    }
    if m.source.as_ref().is_some_and(|s| {
        matches!(roles.source, Role::NoActor) && reports_the_clause(tree, m.anchor, s)
    }) {
        m.source = None;
    }
    // Where the tree gives the act a subject that names no party, word order may have reached
    // the patient of another verb's passive: a victim, not the doer ("Fifteen civilians were
    // killed ... in an explosion that hit a hotel").
    // Nor is the place where a verb's act happened ("an explosion was set off *outside the
    // Australian Embassy*, killing eight").
    if matches!(roles.source, Role::NoActor)
        && m.source.as_ref().is_some_and(|s| {
            is_patient_elsewhere(tree, m.anchor, s) || lies_behind_a_preposition(view, tree, s)
        })
    {
        m.source = None;
    }
    // Likewise where a passive's subject names no party: word order may have reached a party in a
    // clause on that subject, the object of another verb ("A man suspected of helping *Saddam
    // Hussein* ... has been arrested").
    if roles.passive
        && matches!(roles.target, Role::NoActor)
        && tree.first(m.anchor, "nsubj:pass").is_some()
        && m.target
            .as_ref()
            .is_some_and(|t| belongs_to_another_verb(tree, m.anchor, t))
    {
        m.target = None;
    }
    let word_order_source = m.source.clone();
    // A crowd protests as the civilians of the state where it gathered ("thousands rallied in
    // Belgrade" → SRBCVL).
    if let Role::Crowd { first, last, path } = &roles.source {
        // The place may lie inside the trigger ("marched in Tbilisi on Sunday against"), where
        // the scene is not read.
        let place = match &roles.place {
            Role::Place { head, .. } => place_at(*head),
            other => reading(view, sentence_index, other.clone()),
        }
        .or_else(|| {
            tree.with_rel(m.anchor, "obl")
                .filter(|&o| lexicon::contains(GATHERING_CASES, tree.case(view, o).unwrap_or("")))
                .find_map(|o| {
                    place_at(o)
                        .or_else(|| reading(view, sentence_index, actor_role(view, tree, o, "obl")))
                })
        });
        m.source = place
            .and_then(|p| crowd_of(view, sentence_index, &p, *first, *last))
            .map(|crowd| Binding {
                mentions: vec![crowd],
                found: Found::Pattern,
                tokens: Some((*first, *last)),
                path: Some(path.clone()),
            });
    }
    settle(view, sentence_index, &mut m.source, roles.source);
    // A tree whose subject is the party word order read as the target either misread the clause
    // ("after MPs criticised *X and Y*", parsed with "after MPs" as a phrase) or meets a pattern
    // that puts its target first (TABARI's "TGT ... break in ... SRC"): word order's source stands.
    let misread = m.target.as_ref().is_some_and(|t| {
        same_party(m.source.as_ref(), t)
            && word_order_source
                .as_ref()
                .is_some_and(|w| !same_party(Some(w), t))
    });
    if misread {
        m.source = word_order_source;
    }
    let source = m.source.as_ref();
    // Words of the trigger that read as an actor ("expelled *aid workers*") are the target only
    // when word order found none outside it ("declaring X a *terrorist organization*").
    let trigger = m.trigger;
    let inside_trigger = |t: &Binding| {
        t.tokens
            .is_some_and(|(first, last)| trigger.0 <= first && last <= trigger.1)
    };
    let word_order_found_one = m.target.is_some();
    let victims = match &roles.target {
        Role::Victims {
            head,
            first,
            last,
            path,
        } => Some((*head, *first, *last, path.clone(), roles.place.clone())),
        _ => None,
    };
    let target = match roles.target {
        Role::Pronoun {
            word,
            path,
            otherwise,
        } => antecedent(view, word, source)
            .map(|b| Binding {
                path: Some(path),
                ..b
            })
            .or_else(|| reading(view, sentence_index, *otherwise)),
        // A name the actor layer kept out as a place ("flew *to Kabul*") is no unknown party:
        // where the rule's target may be a place, it is that place's state.
        Role::Name { last, path, .. } if rule.place && place_at(last).is_some() => place_at(last)
            .map(|b| Binding {
                path: Some(path),
                ..b
            }),
        other => reading(view, sentence_index, other),
    };
    // A mutual act whose pattern names its own object ("*swapped prisoners*", "exchanged the
    // *bodies* of soldiers") is between its parties; what they exchange is none of them.
    let object_is_the_patterns = rule.symmetric
        && tree
            .first(m.anchor, "obj")
            .is_some_and(|o| trigger.0 <= o && o <= trigger.1);
    // "accused *Moscow* of deliberately targeting civilians" parsed with Moscow as a compound of
    // "civilians": a compound is never cut off from its noun by other words, so that tree is
    // wrong where word order read the party, and word order's target stands.
    let misparsed_word_order_target = m
        .target
        .as_ref()
        .and_then(|t| t.tokens)
        .is_some_and(|(_, last)| is_detached_compound(view, tree, last));
    // "shot down a *Russian* jet", "intercepted *Iranian* drones heading toward X": a pattern
    // that puts its target between its own words has said where the party is.
    let named_inside_the_pattern = slot_between_words(rule, Slot::Target)
        && m.target.as_ref().is_some_and(|t| {
            // Not a party named by the pattern's own word ("withdrew *peacekeepers* from X").
            inside_trigger(t)
                && t.tokens.is_some_and(|(first, last)| {
                    !(first..=last).any(|i| is_a_pattern_word(rule, view.norm(i)))
                })
        });
    let target = target
        .filter(|t| !same_party(source, t))
        .filter(|t| !(word_order_found_one && inside_trigger(t)))
        .filter(|t| !(object_is_the_patterns && is_the_object_itself(t)))
        .filter(|_| !misparsed_word_order_target && !named_inside_the_pattern);
    if let Some(target) = target {
        m.target = Some(target);
    }
    if object_is_the_patterns
        && m.target
            .as_ref()
            .is_some_and(|t| inside_trigger(t) || is_the_object_itself(t))
    {
        m.target = None;
    }
    if m.target.as_ref().is_some_and(|t| {
        describes_a_noun(view, tree, t)
            || wields_its_own_force(rule, m.source.as_ref(), t)
            || names_a_capacity(view, tree, t)
            || opposed_by_a_cooperative_act(rule, t)
    }) {
        m.target = None;
    }
    if m.target.is_none() {
        m.target = reading(view, sentence_index, roles.party_in_scene)
            .filter(|t| !same_party(m.source.as_ref(), t));
    }
    // Victims word order read with no country ("killed six *civilians*") are placed too.
    let unplaced = m
        .target
        .as_ref()
        .is_none_or(|t| t.mentions.iter().all(|x| x.actor.country.is_none()));
    if let Some((head, first, last, path, place)) = victims.filter(|_| unplaced) {
        let placed = victims_place(view, tree, sentence_index, head, m.anchor, &place, place_at)
            .and_then(|place| crowd_of(view, sentence_index, &place, first, last))
            .map(|civilians| Binding {
                mentions: vec![civilians],
                found: Found::Pattern,
                tokens: Some((first, last)),
                path: Some(path),
            })
            .filter(|t| !same_party(m.source.as_ref(), t));
        if placed.is_some() {
            m.target = placed;
        }
    }
    let needs_place = m.target.is_none() || m.source.is_none() && roles.agentless;
    if !needs_place {
        return None;
    }
    let place = match roles.place {
        Role::Place { head, path } => place_at(head).map(|b| Binding {
            path: Some(path),
            ..b
        }),
        other => reading(view, sentence_index, other),
    };
    if m.source.is_none() && roles.agentless && done_by_its_state(rule) {
        m.source = place.filter(|p| !m.target.as_ref().is_some_and(|t| same_party(Some(p), t)));
        return None;
    }
    if m.target.is_some() {
        return None;
    }
    place.filter(|t| !same_party(m.source.as_ref(), t))
}

/// Whether the nearest verb above `binding`'s last word is another than `predicate`: the party is
/// an argument of another verb's clause.
fn belongs_to_another_verb(tree: &Tree, predicate: usize, binding: &Binding) -> bool {
    binding.tokens.is_some_and(|(_, last)| {
        first_above(tree, last, |up| {
            up == predicate || tree.upos(up) == Upos::Verb
        })
        .is_some_and(|up| up != predicate)
    })
}

/// The nearest word above `word` in the tree that `stop` accepts.
fn first_above(tree: &Tree, word: usize, stop: impl Fn(usize) -> bool) -> Option<usize> {
    let mut current = word;
    for _ in 0..tree.parse.words.len() {
        let up = tree.head(current)?;
        if stop(up) {
            return Some(up);
        }
        current = up;
    }
    None
}

/// Whether the phrase of `binding` says where something happened or stands ("set off early
/// Thursday *outside the Australian Embassy*"): a place, never the clause's subject.
fn lies_behind_a_preposition(view: &SentenceView, tree: &Tree, binding: &Binding) -> bool {
    const LOCATIVE: &[&str] = &[
        "across",
        "at",
        "in",
        "inside",
        "near",
        "outside",
        "throughout",
        "within",
    ];
    let Some((first, last)) = binding.tokens else {
        return false;
    };
    let Some(mut phrase) =
        (first..=last).find(|&i| tree.head(i).is_none_or(|h| h < first || h > last))
    else {
        return false;
    };
    // A party named inside a noun's phrase ("the *Israeli* embassy") stands where that noun does.
    while matches!(tree.rel(phrase), "amod" | "compound" | "nmod:poss" | "flat") {
        match tree.head(phrase) {
            Some(up) => phrase = up,
            None => return false,
        }
    }
    matches!(tree.universal(phrase), "obl" | "nmod")
        && tree
            .case(view, phrase)
            .is_some_and(|c| LOCATIVE.contains(&c))
}

/// Whether a word of `binding` is the passive subject of a verb other than `predicate`.
fn is_patient_elsewhere(tree: &Tree, predicate: usize, binding: &Binding) -> bool {
    binding.tokens.is_some_and(|(first, last)| {
        (first..=last).any(|i| {
            tree.rel(i) == "nsubj:pass" && tree.head(i).is_some_and(|verb| verb != predicate)
        })
    })
}

/// Whether `source` stands before the speech verb that reports the trigger's clause, a clause the
/// tree gives a subject of its own that names no actor ("a correspondent says *opinion polls*
/// suggest ..."): the reporter said it, and did not do the reported act.
fn reports_the_clause(tree: &Tree, verb: usize, source: &Binding) -> bool {
    let Some((_, last)) = source.tokens.filter(|_| verb < tree.parse.words.len()) else {
        return false;
    };
    let mut clause = verb;
    while matches!(tree.universal(clause), "conj" | "xcomp") {
        match tree.head(clause) {
            Some(up) => clause = up,
            None => return false,
        }
    }
    // A pronoun or a possessed noun ("*they* will release", "*his country* will not lift") may
    // stand for the reporter; only a plain noun is a subject of its own.
    let own_subject = tree.first(verb, "nsubj").is_some_and(|subject| {
        tree.upos(subject) == Upos::Noun && tree.first(subject, "nmod:poss").is_none()
    });
    let reporter = tree
        .head(clause)
        .filter(|&r| lexicon::contains(lexicon::SPEECH_VERBS, tree.lemma(r)));
    matches!(tree.universal(clause), "ccomp" | "parataxis")
        && own_subject
        && reporter.is_some_and(|r| last < r)
}

/// Whether the rule's act is one only a state's authorities do, so that said in the passive with
/// no agent it was done by the state it happened in ("a journalist *was arrested* in Niger",
/// "was put under investigation in Italy", "were sentenced in Iraq"): investigation (09),
/// reduced relations (16), coercion (17: arrests, expulsions, bans, curfews) and a court's
/// verdict or suit (115, 116). Hostages *freed* in a country were mostly freed by their captors,
/// not by its state.
fn done_by_its_state(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Event(code)
        if matches!(code.root_number(), 9 | 16 | 17) || matches!(code.as_str(), "115" | "116"))
}

/// The person an object pronoun at `word` stands for: the nearest group before it naming people
/// only, none of them the source.
fn antecedent(view: &SentenceView, word: usize, source: Option<&Binding>) -> Option<Binding> {
    let is_source =
        |m: &Mention| source.is_some_and(|s| s.mentions.iter().any(|x| x.actor.id == m.actor.id));
    (0..view.groups.len())
        .rev()
        .filter(|&g| view.groups[g].last < word)
        .find(|&g| {
            let mentions = || view.groups[g].mentions.iter().map(|&m| &view.mentions[m]);
            mentions().all(|m| m.actor.id.starts_with("person:") && !is_source(m))
        })
        .map(|g| {
            let mut binding = group_binding(view, g, Found::Pronoun);
            binding.tokens = Some((word, word));
            binding
        })
}

/// Whether "call" here gives a name: a nominal complement after its object ("called X *a
/// liar*", "called all women *Betty*"), or a participle on the noun it names ("a group *called*
/// ..."). A phone call's complement is a verb ("called X to congratulate him"); a complement with
/// no object before it is more often the parser's slip on the callee ("called *Russian* Foreign
/// Minister Sergey Lavrov").
fn calls_by_a_name(view: &SentenceView, tree: &Tree, verb: usize) -> bool {
    // After a comma the name is the object's apposition ("called his counterpart, *Michel
    // Aoun*"), whatever the parser made of it.
    let nominal_complement = tree.first(verb, "obj").is_some_and(|o| {
        tree.with_rel(verb, "xcomp").any(|x| {
            x > o
                && matches!(tree.upos(x), Upos::Noun | Upos::Propn | Upos::Adj)
                && !(o..x).any(|between| view.norm(between) == ",")
        })
    });
    let participle_on_a_noun =
        tree.universal(verb) == "acl" && tree.head(verb).is_some_and(|h| h < verb);
    nominal_complement || (participle_on_a_noun && view.norm(verb) == "called")
}

/// Why the words around the trigger show the act is not the rule's, if they do:
/// - force aimed at a problem, not a party ("to fight the Ebola *epidemic*", "combat
///   *corruption*": no use of force, nor a threat of it);
/// - force done by a disaster or an illness ("the *quakes* killed", "a *storm* threatens", "heart
///   *attacks*");
/// - "aid" that hands over words or leave ("sent a *message* to", "gave *evidence* to", "giving X
///   *time* to");
/// - force aimed at a market ("the Asian *assault* on the US market");
/// - a "call" that names someone something ("*called* X a stupid guy") or convenes a meeting;
/// - a protest verb used for showing or gathering something ("is *demonstrating* that it is",
///   "*rallied* support").
pub fn words_void_the_act(
    view: &SentenceView,
    tree: &Tree,
    rule: &Rule,
    verb: usize,
) -> Option<&'static str> {
    let RuleKind::Event(code) = &rule.kind else {
        return None;
    };
    if verb >= tree.parse.words.len() {
        return None;
    }
    let in_list = |word: usize, nouns: &[&str]| lexicon::contains(nouns, view.norm(word));
    let has_object_in =
        |verb: usize, nouns: &[&str]| tree.first(verb, "obj").is_some_and(|o| in_list(o, nouns));
    // A participle or conjunct with no subject of its own acts under its clause's ("blasts rocked
    // the state, *killing* 15"); a participle on a noun, under that noun ("a bus crash *killed*
    // seven", as the roles read it); a relative pronoun stands for the noun its clause is on
    // ("the tidal wave *which* killed 150,000").
    let subject = tree
        .first(verb, "nsubj")
        .map(|s| match tree.head(verb) {
            Some(noun) if tree.rel(verb) == "acl:relcl" && is_relative_pronoun(tree, s) => noun,
            _ => s,
        })
        .or_else(|| match tree.universal(verb) {
            "advcl" | "conj" => tree.head(verb).and_then(|head| tree.first(head, "nsubj")),
            "acl" => tree.head(verb),
            _ => None,
        });
    // "A plane crashed into a mountain, *killing* 25": a clause the participle hangs on, through
    // chained participles and conjuncts ("derailed and dragged cars ..., killing four and
    // injuring 20"), is an accident or has a disaster for its subject.
    let clauses = std::iter::successors(clause_above(tree, verb), |&c| clause_above(tree, c))
        .take(MAX_SUBJECT_HOPS);
    let after_an_accident = || {
        clauses.clone().any(|c| {
            lexicon::contains(lexicon::ACCIDENT_VERBS, tree.lemma(c))
                || tree
                    .first(c, "nsubj")
                    .is_some_and(|s| names_a_disaster(view, tree, s))
        })
    };
    let by_nature = || {
        subject
            .is_some_and(|s| names_a_disaster(view, tree, s) || in_list(s, lexicon::PROBLEM_NOUNS))
            || after_an_accident()
            || tree
                .with_rel(verb, "compound")
                .any(|c| in_list(c, lexicon::ILLNESS_MODIFIERS) || names_a_disaster(view, tree, c))
    };
    // "The Asian assault *on the US market*", "attacked the *euro*". A noun trigger's phrase may
    // hang on the verb it is the object of ("led the assault *on* ...").
    let carrier = (tree.universal(verb) == "obj")
        .then(|| tree.head(verb))
        .flatten();
    let aims_at_a_market = || {
        has_object_in(verb, lexicon::MARKET_NOUNS)
            || tree
                .with_rel(verb, "nmod")
                .chain(tree.with_rel(verb, "obl"))
                .chain(carrier.into_iter().flat_map(|c| tree.with_rel(c, "obl")))
                .any(|m| {
                    tree.case(view, m)
                        .is_some_and(|c| matches!(c, "on" | "against"))
                        && in_list(m, lexicon::MARKET_NOUNS)
                })
    };
    match code.root_number() {
        13 | 18..=20
            if std::iter::once(verb)
                .chain(tree.with_rel(verb, "xcomp"))
                .any(|v| has_object_in(v, lexicon::PROBLEM_NOUNS)) =>
        {
            Some("force aimed at a problem (a disease, poverty, crime), not a party")
        }
        13 | 18..=20 if by_nature() => Some("a disaster or an illness, not a party"),
        18..=20 if aims_at_a_market() => Some("competition for a market, not force"),
        // "Called X a very stupid guy", "a group called ...", "called all women \"Betty\"":
        // naming someone, not calling them; "called an emergency meeting": convening it.
        4 if tree.lemma(verb) == "call" && calls_by_a_name(view, tree, verb) => {
            Some("names someone something, not a call")
        }
        4 if tree.lemma(verb) == "call" && has_object_in(verb, lexicon::CONVENED_EVENTS) => {
            Some("convenes a meeting or a vote, not a call")
        }
        // "met a cool reception", "met the deadline", "met resistance": no one was met, nor
        // will be ("agreed to meet a U.S. request").
        4 if tree.lemma(verb) == "meet" && has_object_in(verb, lexicon::MET_CONDITIONS) => {
            Some("meets a response or a condition, not a party")
        }
        3 if code.as_str().starts_with("036")
            && tree
                .with_rel(verb, "xcomp")
                .any(|v| tree.lemma(v) == "meet" && has_object_in(v, lexicon::MET_CONDITIONS)) =>
        {
            Some("meets a response or a condition, not a party")
        }
        // "received an *invitation* from X", "hosted the *World Cup*": a thing received or
        // hosted, not a visitor (a party, or the rule's own word: "hosted *talks*").
        4 if code.as_str() == "043"
            && matches!(tree.lemma(verb), "receive" | "host")
            && tree.first(verb, "obj").is_some_and(|o| {
                tree.upos(o) == Upos::Noun
                    && view.group_at[o].is_none()
                    && !rule.elements.iter().any(|e| {
                        matches!(e, Element::Word { forms, .. } if lexicon::contains(forms, view.norm(o)))
                    })
            }) =>
        {
            Some("receives or hosts a thing, not a visitor")
        }
        7 if has_object_in(verb, lexicon::DELEGATES) => {
            Some("sends people to talk, not aid")
        }
        7 if has_object_in(verb, lexicon::SPOKEN_OBJECTS) => {
            Some("hands over words or leave, not aid")
        }
        14 if matches!(tree.lemma(verb), "demonstrate" | "rally")
            && (tree.first(verb, "obj").is_some() || tree.first(verb, "ccomp").is_some()) =>
        {
            Some("shows or gathers something, not a protest")
        }
        _ => None,
    }
}

/// The `in` and `near` phrases of the clause `verb` heads, at any depth of its own phrases but
/// not inside another clause (a relative, reported or adverbial one).
fn locatives_within(view: &SentenceView, tree: &Tree, verb: usize) -> Vec<usize> {
    const CLAUSES: &[&str] = &[
        "ccomp",
        "xcomp",
        "parataxis",
        "acl",
        "advcl",
        "csubj",
        "conj",
    ];
    let mut found = Vec::new();
    let mut stack = vec![verb];
    while let Some(at) = stack.pop() {
        for &c in &tree.children[at] {
            if CLAUSES.contains(&tree.universal(c)) {
                continue;
            }
            if matches!(tree.universal(c), "obl" | "nmod")
                && matches!(tree.case(view, c), Some("in" | "near"))
            {
                found.push(c);
            }
            stack.push(c);
        }
    }
    found.sort_unstable();
    found
}

/// The clause a participle or conjunct at `verb` hangs on ("crashed, *killing* 25"), through the
/// noun the parser may have hung it on ("shook an *island* ..., killing six").
fn clause_above(tree: &Tree, verb: usize) -> Option<usize> {
    match tree.universal(verb) {
        "advcl" | "conj" => tree.head(verb),
        "acl" => tree.head(verb).and_then(|noun| verb_above(tree, noun)),
        _ => None,
    }
}

/// The verb whose object, oblique or their modifier the noun at `word` is, a few steps up.
fn verb_above(tree: &Tree, word: usize) -> Option<usize> {
    let mut at = word;
    for _ in 0..MAX_SUBJECT_HOPS {
        if !matches!(tree.universal(at), "obj" | "obl" | "nmod") {
            return None;
        }
        at = tree.head(at)?;
        if matches!(tree.upos(at), Upos::Verb) {
            return Some(at);
        }
    }
    None
}

/// Whether the noun at `word` names a disaster or an accident: a disaster noun ("floods", "the
/// quake"), a blast with an accident's modifier ("a coal *mine* blast", "a *gas* explosion"), or a
/// tidal or heat wave. (Headlines' compounds count: "China *Mine Blast* Kills 56".)
fn names_a_disaster(view: &SentenceView, tree: &Tree, word: usize) -> bool {
    let modified_by = |words: &[&str]| {
        tree.children[word].iter().any(|&c| {
            (matches!(tree.universal(c), "compound" | "amod") || tree.rel(c) == "nmod:poss")
                && lexicon::contains(words, view.norm(c))
        })
    };
    let norm = view.norm(word);
    lexicon::contains(lexicon::DISASTER_NOUNS, norm)
        || (lexicon::contains(lexicon::INSTRUMENTS_OF_FORCE, norm)
            || matches!(norm, "explosion" | "explosions"))
            && modified_by(lexicon::ACCIDENT_MODIFIERS)
        || matches!(norm, "wave" | "waves") && modified_by(&["tidal", "heat"])
}

/// Whether the target is the source's own armed force or police, which an act of sending,
/// deploying, withdrawing or mobilising moves rather than acts on ("Britain agreed to redeploy
/// *its troops*", "the US is sending 600 *marines* to X", "China is pulling *troops* from a
/// drill"): intent (03), material cooperation (06), aid (07), yielding other than releasing or
/// handing over (08) and force posture (15), done by a state or its institutions. Rebels who
/// free troops, and fighters who hand weapons to the police, act on them.
/// A force whose state only the paragraph gave counts as the mover's own.
fn wields_its_own_force(rule: &Rule, source: Option<&Binding>, target: &Binding) -> bool {
    let moves_forces = matches!(&rule.kind, RuleKind::Event(code)
        if matches!(code.root_number(), 3 | 6 | 7 | 8 | 15) && !code.as_str().starts_with("084"));
    let Some(source) = source.filter(|_| moves_forces) else {
        return false;
    };
    let of_the_state = |sector: Option<&entente_model::Sector>| {
        sector.is_none_or(|s| matches!(s.as_str(), "GOV" | "MIL" | "COP" | "LEG" | "JUD" | "SPY"))
    };
    let states: Vec<_> = source
        .mentions
        .iter()
        .filter(|m| of_the_state(m.actor.sector.as_ref()))
        .filter_map(|m| m.actor.country.as_ref())
        .collect();
    !states.is_empty()
        && target.mentions.iter().all(|t| {
            let force = t
                .actor
                .sector
                .as_ref()
                .is_some_and(|s| matches!(s.as_str(), "MIL" | "COP"));
            // A bare "troops" took its state from the paragraph, which may be the destination's
            // ("Kenya, which borders Somalia, deployed troops"): moved by a state, they are its own.
            force
                && (t.via == Via::Context
                    || t.actor
                        .country
                        .as_ref()
                        .is_some_and(|c| states.contains(&c)))
        })
}

/// Whether a word-order target is a bare role word the tree shows describing a noun ("joint
/// *military* exercises", "all *official* contact", the latter given a state by context): the
/// kind of thing, not a party.
fn describes_a_noun(view: &SentenceView, tree: &Tree, target: &Binding) -> bool {
    let Some((first, last)) = target.tokens.filter(|_| target.path.is_none()) else {
        return false;
    };
    let bare = target
        .mentions
        .iter()
        .all(|m| m.via == Via::Role && m.actor.country.is_none())
        || first == last && view.group_at[first].is_some_and(|g| is_context_role_word(view, g));
    bare && last < tree.parse.words.len() && matches!(tree.universal(last), "amod" | "compound")
}

/// Whether a word-order target heads, or modifies the head of, an "as" phrase: the capacity the
/// subject acts in ("step down *as a Labour MP*", "as an *Israeli* envoy"), not a party acted on.
fn names_a_capacity(view: &SentenceView, tree: &Tree, target: &Binding) -> bool {
    let Some((first, last)) = target.tokens.filter(|_| target.path.is_none()) else {
        return false;
    };
    let Some(mut head) = (first..=last)
        .filter(|&i| i < tree.parse.words.len())
        .find(|&i| tree.head(i).is_none_or(|h| h < first || h > last))
    else {
        return false;
    };
    for _ in 0..tree.parse.words.len() {
        if tree.case(view, head) == Some("as") {
            return true;
        }
        match tree.head(head) {
            Some(up) if lexicon::contains(ACTOR_MODIFIERS, tree.rel(head)) => head = up,
            _ => return false,
        }
    }
    false
}

/// Whether a target reading names only actors the source already is (by id: two officials of one
/// government stay apart): the tree then misread the sentence ("strikes on government-backed
/// *troops*", with "troops" resolved from context to the striker), and the other reading stands.
fn same_party(source: Option<&Binding>, target: &Binding) -> bool {
    source.is_some_and(|source| {
        target
            .mentions
            .iter()
            .all(|t| source.mentions.iter().any(|s| s.actor.id == t.actor.id))
    })
}

fn settle(view: &SentenceView, sentence_index: usize, slot: &mut Option<Binding>, role: Role) {
    if let Some(binding) = reading(view, sentence_index, role) {
        *slot = Some(binding);
    }
}

/// The binding a role names, if it names a party.
fn reading(view: &SentenceView, sentence_index: usize, role: Role) -> Option<Binding> {
    match role {
        Role::Found { groups, path } => {
            let mut binding = group_binding(view, groups[0], Found::Pattern);
            for &g in &groups[1..] {
                let other = group_binding(view, g, Found::Pattern);
                binding.mentions.extend(other.mentions);
                binding.tokens = binding
                    .tokens
                    .zip(other.tokens)
                    .map(|(a, b)| (a.0.min(b.0), a.1.max(b.1)));
            }
            binding.path = Some(path);
            Some(binding)
        }
        Role::Name { first, last, path } => Some(Binding {
            mentions: vec![unknown_name(view, sentence_index, first, last)],
            found: Found::Pattern,
            tokens: Some((first, last)),
            path: Some(path),
        }),
        Role::Instrument { first, last, path } => Some(Binding {
            mentions: vec![unidentified_perpetrator(view, sentence_index, first, last)],
            found: Found::Pattern,
            tokens: Some((first, last)),
            path: Some(path),
        }),
        Role::Placed {
            role,
            state,
            last,
            path,
        } => {
            let first = view.groups[role].first.min(view.groups[state].first);
            Some(Binding {
                mentions: vec![placed_role(view, sentence_index, role, state, first, last)?],
                found: Found::Pattern,
                tokens: Some((first, last)),
                path: Some(path),
            })
        }
        // Words that are no actor, or nothing: the word-order reading, if any, stands.
        Role::Place { .. }
        | Role::Crowd { .. }
        | Role::Victims { .. }
        | Role::Pronoun { .. }
        | Role::NoActor
        | Role::Unsaid => None,
    }
}

/// The actor of a role word placed in a state: the state's country with the role's sector
/// ("soldiers from Gondor" → GONMIL), inferred.
fn placed_role(
    view: &SentenceView,
    sentence_index: usize,
    role: usize,
    state: usize,
    first: usize,
    last: usize,
) -> Option<Mention> {
    let sector = view.mentions[*view.groups[role].mentions.first()?]
        .actor
        .sector
        .clone()?;
    let country = view.mentions[*view.groups[state].mentions.first()?]
        .actor
        .country
        .clone()?;
    composed_mention(view, sentence_index, country, sector, first, last)
}

/// An inferred actor of `country` and `sector` named by tokens `first..=last` ("soldiers from
/// Gondor" → GONMIL, "thousands" rallying in Belgrade → SRBCVL).
fn composed_mention(
    view: &SentenceView,
    sentence_index: usize,
    country: entente_model::CountryCode,
    sector: entente_model::Sector,
    first: usize,
    last: usize,
) -> Option<Mention> {
    let code = ActorCode::new(&format!("{}{}", country.as_str(), sector.as_str())).ok()?;
    let span = view.span_of(first, last);
    Some(Mention {
        sentence_index,
        span,
        actor: Actor {
            id: code.as_str().to_string(),
            name: span.slice(view.text).to_string(),
            country: Some(country),
            sector: Some(sector),
            code,
        },
        via: Via::Syntax,
        resolution: Resolution::Inferred,
    })
}

/// The actor id of a doer named only by a weapon ([`Role::Instrument`]).
pub const UNIDENTIFIED_PERPETRATOR: &str = "unidentified";

/// The doer of an act of force named only by its weapon (tokens `first..=last`): an actor of
/// unknown kind and country, inferred.
fn unidentified_perpetrator(
    view: &SentenceView,
    sentence_index: usize,
    first: usize,
    last: usize,
) -> Mention {
    Mention {
        sentence_index,
        span: view.span_of(first, last),
        actor: Actor {
            id: UNIDENTIFIED_PERPETRATOR.into(),
            name: "unidentified perpetrator".into(),
            country: None,
            sector: None,
            code: ActorCode::new(UNKNOWN_CODE).expect("UNK is a valid actor code"),
        },
        via: Via::Syntax,
        resolution: Resolution::Inferred,
    }
}

/// A party known only by its name: no country, no sector, CAMEO's unknown code.
fn unknown_name(view: &SentenceView, sentence_index: usize, first: usize, last: usize) -> Mention {
    let span = view.span_of(first, last);
    let name = span.slice(view.text).to_string();
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    Mention {
        sentence_index,
        span,
        actor: Actor {
            id: format!("name:{id}"),
            name,
            country: None,
            sector: None,
            code: ActorCode::new(UNKNOWN_CODE).expect("UNK is a valid actor code"),
        },
        via: Via::Syntax,
        resolution: Resolution::Inferred,
    }
}

/// Reads source and target for a match of `rule` anchored on token `predicate`, whose words span
/// `trigger` (token indices). `reads_passive`: the match may be read as a passive.
#[allow(clippy::too_many_arguments)]
pub fn read(
    view: &SentenceView,
    tree: &Tree,
    rule: &Rule,
    reads_passive: bool,
    nominalized: bool,
    predicate: usize,
    trigger: (usize, usize),
) -> Roles {
    // A verb rule read through its noun names its object with "of".
    let cases = if nominalized {
        vec!["of"]
    } else {
        pattern_cases(rule)
    };
    let nominal = rule.nominal || nominalized;
    let in_trigger = |i: usize| (trigger.0..=trigger.1).contains(&i);
    if nominal {
        return Roles {
            source: noun_source(view, tree, predicate, &cases, &in_trigger),
            target: noun_target(view, tree, predicate, &cases, &in_trigger),
            passive: false,
            predicate,
            place: scene(view, tree, predicate, trigger).1,
            party_in_scene: Role::Unsaid,
            unread_passive: false,
            agentless: false,
            imposed: false,
        };
    }
    let passive_complement_subject = raised_patient(view, tree, predicate);
    let reduced = is_reduced_passive(view, tree, predicate);
    // An auxiliary, an agent or a participle on its patient is plain passive; a passive label
    // alone on a bare verb may be the parser's slip ("Peru's president, X, resigned").
    let marked_passive =
        is_passive(tree, predicate) || is_participle_on_patient(view, tree, predicate);
    let passive =
        reads_passive && (marked_passive || passive_complement_subject.is_some() || reduced);
    let agent = tree
        .first(predicate, "obl:agent")
        .or_else(|| {
            tree.with_rel(predicate, "obl")
                .find(|&o| tree.case(view, o) == Some("by"))
        })
        .map_or_else(
            || agent_hung_on_an_oblique(view, tree, predicate),
            |a| actor_role(view, tree, a, "obl:agent"),
        );
    let unread_passive = marked_passive && !reads_passive;
    let agentless = (passive || unread_passive) && matches!(agent, Role::Unsaid);
    let ordered = (!passive && !agentless)
        .then(|| restriction_ordered(view, tree, rule, predicate))
        .flatten();
    let (source, target) = if passive {
        let patient = recipient_of_a_passive(view, tree, predicate, &cases).unwrap_or_else(|| {
            passive_patient(view, tree, predicate, reduced, passive_complement_subject)
        });
        (agent, patient)
    } else if agentless {
        let patient = passive_patient(view, tree, predicate, false, None);
        (Role::Unsaid, patient)
    } else if let Some((order, object, step)) = &ordered {
        // "ordered the newspaper to suspend publication": who gave the order restricts its object.
        let subject = verb_subject(view, tree, *order, &in_trigger).behind(step);
        (
            subject,
            actor_role(view, tree, *object, &format!("{step}/obj")),
        )
    } else {
        let subject = verb_subject(view, tree, predicate, &in_trigger);
        let owners = countries_of(view, &subject);
        let target = verb_target(view, tree, predicate, &cases, &in_trigger, &owners);
        (subject, target)
    };
    let source = match source {
        Role::NoActor if is_force(rule) && !rule.layer => {
            instrument(view, tree, predicate, passive).unwrap_or(Role::NoActor)
        }
        Role::NoActor if crate::is_protest(rule) && !passive => {
            crowd(view, tree, predicate).unwrap_or(Role::NoActor)
        }
        other => other,
    };
    let target = match target {
        Role::NoActor if is_force(rule) && !rule.layer => {
            victims(view, tree, predicate, passive).unwrap_or(Role::NoActor)
        }
        // "killed six *civilians*": civilians with no country of their own are placed the same
        // way (not "UN *workers*", an organisation's people).
        Role::Found { ref groups, .. }
            if is_force(rule)
                && !rule.layer
                && groups.iter().all(|&g| is_unplaced_civilians(view, g)) =>
        {
            victims(view, tree, predicate, passive).unwrap_or(target)
        }
        Role::NoActor | Role::Unsaid if comments_on_a_clause(rule) => {
            clause_subject(view, tree, predicate).unwrap_or(target)
        }
        other => other,
    };
    let (party_in_scene, place) = scene(view, tree, predicate, trigger);
    let place = match agentless
        .then(|| expelled_from(view, tree, predicate))
        .flatten()
    {
        Some(state) => state,
        None => place,
    };
    Roles {
        source: if unread_passive { Role::Unsaid } else { source },
        target,
        passive,
        predicate,
        place,
        party_in_scene,
        unread_passive,
        agentless,
        imposed: ordered.is_some(),
    }
}

/// Whether the tree reached `target` as the verb's object itself or what it is made of ("swapped
/// *prisoners*", "the *bodies of* soldiers"): in a mutual act, the thing exchanged. A party the
/// object names otherwise ("an accord *with* X", "a deal to supply *X*") is not.
pub(crate) fn is_the_object_itself(target: &Binding) -> bool {
    target
        .path
        .as_deref()
        .is_some_and(|p| p == "obj" || p.starts_with("obj/nmod[of]"))
}

/// Whether `word` is one of the forms the rule's pattern writes.
fn is_a_pattern_word(rule: &Rule, word: &str) -> bool {
    rule.elements
        .iter()
        .any(|e| matches!(e, Element::Word { forms, .. } if lexicon::contains(forms, word)))
}

/// Whether the rule's pattern has `slot` before a required word of its own ("shot down ... TGT?
/// ... jet").
fn slot_between_words(rule: &Rule, slot: Slot) -> bool {
    let at = rule
        .elements
        .iter()
        .position(|e| matches!(e, Element::Slot { slot: s, .. } if *s == slot));
    at.is_some_and(|at| {
        rule.elements[at + 1..].iter().any(|e| {
            matches!(
                e,
                Element::Word {
                    optional: false,
                    ..
                }
            )
        })
    })
}

/// Whether the parser made word `i` a compound of a noun that words of another kind separate from
/// it: a proper name before "of" or a verb, which no compound crosses ("*Moscow* of deliberately
/// targeting civilians").
fn is_detached_compound(view: &SentenceView, tree: &Tree, i: usize) -> bool {
    if tree.rel(i) != "compound" {
        return false;
    }
    let Some(head) = tree.head(i).filter(|&h| h > i + 1) else {
        return false;
    };
    (i + 1..head).any(|between| {
        matches!(
            tree.upos(between),
            Upos::Adp | Upos::Verb | Upos::Sconj | Upos::Punct
        ) || view.norm(between) == "of"
    })
}

/// Whether the tree reached the target of consultation or cooperation (CAMEO 04–07) through
/// "against": that party is opposed, not cooperated with ("defended its sovereignty *against X*",
/// "backed sanctions *against X*"). Yielding (08) is toward it ("lifted sanctions *against X*"),
/// and so is an intent to yield (03).
fn opposed_by_a_cooperative_act(rule: &Rule, target: &Binding) -> bool {
    matches!(&rule.kind, RuleKind::Event(code) if (4..=7).contains(&code.root_number()))
        && target
            .path
            .as_deref()
            .is_some_and(|p| p.contains("[against]"))
}

/// Whether a rule codes an act of force (CAMEO 18–20). Only hand-written rules read a weapon as
/// the doer: an imported pattern's loose words reach too far ("the attack *took* place as the
/// *minister* arrived").
fn is_force(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Event(code) if (18..=20).contains(&code.root_number()))
}

/// The subject of `predicate` when it names a crowd by its size and nothing else ("*Thousands*
/// protested", "*Hundreds of people* marched"): the words from its first to its last.
fn crowd(view: &SentenceView, tree: &Tree, predicate: usize) -> Option<Role> {
    // The parser may read "Thousands protested in X" as a noun with a participle on it.
    let subject = tree.subject(predicate).or_else(|| {
        tree.head(predicate)
            .filter(|_| tree.universal(predicate) == "acl")
    })?;
    let phrase_of = |head: usize| -> Vec<usize> {
        std::iter::once(head)
            .chain(tree.children[head].iter().copied().filter(|&c| {
                matches!(
                    tree.universal(c),
                    "nummod" | "det" | "nmod" | "amod" | "advmod"
                )
            }))
            .collect()
    };
    let names_a_size = |phrase: &[usize]| {
        phrase
            .iter()
            .any(|&w| lexicon::contains(lexicon::CROWD_SIZES, view.norm(w)))
    };
    // "Thousands of people protested", parsed with "people" as the subject under "Thousands".
    let above = tree
        .head(subject)
        .filter(|_| tree.universal(subject) == "nmod");
    let phrase = std::iter::once(subject)
        .chain(above)
        .map(phrase_of)
        .find(|phrase| names_a_size(phrase))?;
    let first = phrase.iter().copied().min()?;
    let last = phrase.iter().copied().max()?;
    Some(Role::Crowd {
        first,
        last,
        path: "nsubj".to_string(),
    })
}

/// The object (or passive subject) of an act of force at `predicate` when it names people by
/// number or kind and by no country ("killing *at least 20 people*", "killed *17*", "*three
/// villagers* were shot").
fn victims(view: &SentenceView, tree: &Tree, predicate: usize, passive: bool) -> Option<Role> {
    let (head, path) = if passive {
        (tree.passive_subject(predicate)?, "nsubj:pass")
    } else {
        (tree.first(predicate, "obj")?, "obj")
    };
    // A number alone counts people ("killing 17"), not a number with a name or a unit ("hit
    // Shrek 2").
    let bare_count = tree.upos(head) == Upos::Num
        && tree.children[head]
            .iter()
            .all(|&c| !matches!(tree.upos(c), Upos::Noun | Upos::Propn));
    let named_people = lexicon::contains(lexicon::VICTIMS, view.norm(head))
        || lexicon::contains(lexicon::CROWD_SIZES, view.norm(head))
        || bare_count;
    if !named_people || view.group_at[head].is_some_and(|g| is_placed_group(view, g)) {
        return None;
    }
    // "at least 20 people": the number and what qualifies it.
    let first = tree.children[head]
        .iter()
        .copied()
        .filter(|&c| c < head && matches!(tree.universal(c), "nummod" | "det"))
        .flat_map(|c| std::iter::once(c).chain(tree.children[c].iter().copied()))
        .min()
        .unwrap_or(head);
    Some(Role::Victims {
        head,
        first,
        last: head,
        path: path.to_string(),
    })
}

/// Whether group `g` names civilians of no country ("six *civilians*", "*workers*").
fn is_unplaced_civilians(view: &SentenceView, g: usize) -> bool {
    view.groups[g].mentions.first().is_some_and(|&m| {
        let actor = &view.mentions[m].actor;
        actor.country.is_none() && actor.sector.as_ref().is_some_and(|s| s.as_str() == "CVL")
    })
}

/// Whether group `g`'s actor has a country: people the dictionaries already place.
fn is_placed_group(view: &SentenceView, g: usize) -> bool {
    view.groups[g]
        .mentions
        .first()
        .is_some_and(|&m| view.mentions[m].actor.country.is_some())
}

/// The state where victims at word `victim` were harmed: named inside their phrase ("people *in
/// Gondor*"), where the act happened, or where the clause it belongs to happened ("a bomb exploded
/// *in Minas Tirith*, killing three").
fn victims_place(
    view: &SentenceView,
    tree: &Tree,
    sentence_index: usize,
    victim: usize,
    predicate: usize,
    place: &Role,
    place_at: &mut dyn FnMut(usize) -> Option<Binding>,
) -> Option<Binding> {
    // "in the northern Gondor city of Minas Tirith": a place noun's own names; "in a crowded
    // Minas Tirith market": a town's name on any noun (a party's, "a US-Iraqi checkpoint", is
    // no place).
    let mut state_at = |o: usize| -> Option<Binding> {
        let names_of_a_place = lexicon::contains(lexicon::PLACE_NOUNS, view.norm(o));
        let modifiers = tree.children[o]
            .iter()
            .copied()
            .filter(|&c| matches!(tree.universal(c), "compound" | "nmod"));
        place_at(o)
            .or_else(|| reading(view, sentence_index, actor_role(view, tree, o, "")))
            .or_else(|| {
                modifiers.clone().find_map(|c| {
                    place_at(c).or_else(|| {
                        names_of_a_place
                            .then(|| reading(view, sentence_index, actor_role(view, tree, c, "")))
                            .flatten()
                    })
                })
            })
            .filter(|b| {
                b.mentions
                    .first()
                    .is_some_and(|m| m.actor.country.is_some())
            })
    };
    // "residents *of* the city of X", "civilians travelling on a road *in* X".
    let within = tree
        .with_rel(victim, "nmod")
        .filter(|&o| matches!(tree.case(view, o), Some("in" | "near" | "of")))
        .chain(
            tree.with_rel(victim, "acl")
                .flat_map(|clause| locatives_within(view, tree, clause)),
        )
        .collect::<Vec<_>>();
    if let Some(place) = within.into_iter().find_map(&mut state_at) {
        return Some(place);
    }
    let at_the_act = match place {
        Role::Place { head, .. } => state_at(*head),
        other => reading(view, sentence_index, other.clone()),
    };
    if at_the_act.is_some() {
        return at_the_act;
    }
    // A place said anywhere in the act's clause ("A mortar attack on a mosque *in* the town of
    // X killed 25"), or in the clauses it hangs on ("a bomb exploded outside the ministry *in*
    // X, killing six"), or the place such a clause struck ("bombed the city of X, killing ten").
    let clauses: Vec<usize> = std::iter::successors(Some(predicate), |&c| clause_above(tree, c))
        .take(MAX_SUBJECT_HOPS + 1)
        .collect();
    if let Some(place) = clauses
        .iter()
        .flat_map(|&c| {
            locatives_within(view, tree, c).into_iter().chain(
                tree.first(c, "obj")
                    .filter(|&o| lexicon::contains(lexicon::PLACE_NOUNS, view.norm(o))),
            )
        })
        .find_map(&mut state_at)
    {
        return Some(place);
    }
    // The parser may hang the participle on the report ("A bomb exploded in X, killing three,
    // police said"): a sentence whose places all lie in one state places them there.
    if !clauses
        .last()
        .is_some_and(|&c| c != predicate && lexicon::is_speech_verb(tree.lemma(c)))
    {
        return None;
    }
    let mut places = (0..tree.parse.words.len())
        .filter(|&w| matches!(tree.case(view, w), Some("in" | "near")))
        .filter_map(state_at);
    let first = places.next()?;
    let country = |b: &Binding| b.mentions.first().and_then(|m| m.actor.country.clone());
    let one_state = places.all(|b| country(&b) == country(&first));
    one_state.then_some(first)
}

/// The civilians of the state `place` names, as the crowd at tokens `first..=last`, inferred.
fn crowd_of(
    view: &SentenceView,
    sentence_index: usize,
    place: &Binding,
    first: usize,
    last: usize,
) -> Option<Mention> {
    let country = place.mentions.first()?.actor.country.clone()?;
    let civilians = entente_model::Sector::new("CVL").ok()?;
    composed_mention(view, sentence_index, country, civilians, first, last)
}

/// The weapon or armed act that does `predicate`'s act of force, as its subject (or, for a
/// participle or conjunct with none, its clause's: "blasts rocked the city, *killing* 15"; for a
/// participle with an object, the noun it hangs on) or as a passive's agent ("were killed by a
/// roadside bomb"), with the words before it in its phrase.
fn instrument(view: &SentenceView, tree: &Tree, predicate: usize, passive: bool) -> Option<Role> {
    let (word, path) = if passive {
        let agent = tree.first(predicate, "obl:agent").or_else(|| {
            tree.with_rel(predicate, "obl")
                .find(|&o| tree.case(view, o) == Some("by"))
        })?;
        (agent, "obl:agent".to_string())
    } else {
        match tree.subject(predicate) {
            Some(subject) => (subject, "nsubj".to_string()),
            None if matches!(tree.universal(predicate), "advcl" | "conj") => {
                let head = tree.head(predicate)?;
                let link = tree.universal(predicate);
                (tree.subject(head)?, format!("^{link}/nsubj"))
            }
            // "A roadside bomb killed three soldiers" read as a participle on "bomb": one with
            // an object is the noun's act.
            None if tree.universal(predicate) == "acl"
                && tree.first(predicate, "obj").is_some() =>
            {
                (tree.head(predicate)?, "^acl".to_string())
            }
            None => return None,
        }
    };
    let modifiers = |c: usize| matches!(tree.universal(c), "det" | "amod" | "compound" | "nummod");
    let accidental = tree
        .children
        .get(word)?
        .iter()
        .any(|&c| modifiers(c) && lexicon::contains(lexicon::ACCIDENT_MODIFIERS, view.norm(c)));
    if accidental || !lexicon::contains(lexicon::INSTRUMENTS_OF_FORCE, view.norm(word)) {
        return None;
    }
    let first = tree
        .children
        .get(word)?
        .iter()
        .copied()
        .filter(|&c| c < word && modifiers(c))
        .min()
        .unwrap_or(word);
    Some(Role::Instrument {
        first,
        last: word,
        path,
    })
}

/// The verb of ordering or forcing and its object where `predicate` is a restriction or a cut in
/// relations (CAMEO 16, 17) imposed through that object ("*ordered* the newspaper to suspend
/// publication", "*forced* the agency to close its offices"): an act of the order's giver, not of
/// the one who obeys.
/// Returns the ordering verb, its object and the path from the predicate up to the order. The
/// parser may hang the infinitive on the object ("the newspaper *to suspend*", `acl`).
fn restriction_ordered(
    view: &SentenceView,
    tree: &Tree,
    rule: &Rule,
    predicate: usize,
) -> Option<(usize, usize, String)> {
    let RuleKind::Event(code) = &rule.kind else {
        return None;
    };
    if !matches!(code.root_number(), 16 | 17) {
        return None;
    }
    let head = tree.head(predicate)?;
    let infinitive = tree
        .with_rel(predicate, "mark")
        .any(|m| view.norm(m) == "to");
    let (order, step) = match tree.rel(predicate) {
        "xcomp" => (head, "^xcomp".to_string()),
        "advcl" if infinitive => (head, "^advcl".to_string()),
        "acl" if infinitive && tree.rel(head) == "obj" => {
            (tree.head(head)?, "^acl/^obj".to_string())
        }
        _ => return None,
    };
    if !lexicon::contains(lexicon::ORDERING_VERBS, tree.lemma(order)) {
        return None;
    }
    let object = tree.first(order, "obj").filter(|&o| o < predicate)?;
    Some((order, object, step))
}

/// The patient of a passive verb: its passive subject ("*the journalist* was arrested"), the
/// subject of the passive verb above it ("*troops* were reported killed"), or the noun a
/// participle modifies ("*regions* occupied by Armenia").
fn passive_patient(
    view: &SentenceView,
    tree: &Tree,
    predicate: usize,
    reduced: bool,
    complement_subject: Option<usize>,
) -> Role {
    // A reduced passive has no auxiliary: its plain subject is the patient too.
    let subject = tree
        .passive_subject(predicate)
        .or_else(|| tree.first(predicate, "nsubj").filter(|_| reduced));
    match (subject, complement_subject) {
        (Some(s), _) => actor_role(view, tree, s, tree.rel(s)),
        (None, Some(s)) => actor_role(view, tree, s, "^xcomp/nsubj:pass"),
        (None, None) if tree.universal(predicate) == "acl" => tree
            .head(predicate)
            .map_or(Role::Unsaid, |h| actor_role(view, tree, h, "^acl")),
        (None, None) => Role::Unsaid,
    }
}

/// The agent of a passive that the parser hung on the verb's prepositional phrase instead of on
/// the verb ("sanctions were imposed on Iraq *by Iran*", read as "Iraq by Iran"): under a passive
/// auxiliary, a "by" phrase there names who did it. Not under a phrase of time or cause: "was
/// cancelled *after protests by* X" names who protested.
fn agent_hung_on_an_oblique(view: &SentenceView, tree: &Tree, predicate: usize) -> Role {
    const TIME_OR_CAUSE: &[&str] = &[
        "after",
        "amid",
        "amidst",
        "before",
        "despite",
        "during",
        "following",
        "over",
        "since",
        "until",
    ];
    if tree.first(predicate, "aux:pass").is_none() {
        return Role::Unsaid;
    }
    tree.with_rel(predicate, "obl")
        .filter(|&o| {
            !tree
                .case(view, o)
                .is_some_and(|c| TIME_OR_CAUSE.contains(&c))
        })
        .flat_map(|o| tree.with_rel(o, "nmod").map(move |n| (o, n)))
        .find(|&(_, n)| tree.case(view, n) == Some("by"))
        .map_or(Role::Unsaid, |(o, n)| {
            actor_role(
                view,
                tree,
                n,
                &format!("{}/nmod[by]", case_step(view, tree, o)),
            )
        })
}

/// Where the rule puts its target behind a preposition ("sent aid *to* TGT"), a passive keeps it
/// there: "aid was sent *to Iraq* by Iran" is aid to Iraq; the passive subject is what was sent.
fn recipient_of_a_passive(
    view: &SentenceView,
    tree: &Tree,
    predicate: usize,
    cases: &[&str],
) -> Option<Role> {
    if cases.is_empty() {
        return None;
    }
    tree.with_rel(predicate, "obl")
        .filter(|&o| tree.case(view, o).is_some_and(|c| cases.contains(&c)))
        .map(|o| actor_role(view, tree, o, &case_step(view, tree, o)))
        .find(Role::is_party)
}

/// Whether the rule codes a pessimistic or optimistic comment (012, 013), a demand (10x) or a
/// warning (13x): those concern whoever their complement clause is about ("Israel fears *Iran*
/// will build a bomb", "Egypt warned that *Israel's* offensive would spread", "demanded that *the
/// minister* resign"). What someone tells or says is addressed to its object, not to the
/// clause's subject.
fn comments_on_a_clause(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Event(code)
        if matches!(code.root(), "10" | "13") || matches!(code.as_str(), "012" | "013"))
}

/// The actor subject of the verb's complement clause.
fn clause_subject(view: &SentenceView, tree: &Tree, verb: usize) -> Option<Role> {
    let clause = tree.first(verb, "ccomp")?;
    let subject = tree.first(clause, "nsubj")?;
    Some(actor_role(view, tree, subject, "ccomp/nsubj")).filter(Role::is_party)
}

/// The `in` and `near` phrases on the trigger's head, on one of its words or on its object
/// ("imposed a curfew in parts of X", "a suspension of aid in X", "mediating in talks with X",
/// "stormed a camp in X", "seized oil fields near X"). Not "outside": "a trip outside the
/// capital" is not in it.
fn in_phrases(
    view: &SentenceView,
    tree: &Tree,
    predicate: usize,
    trigger: (usize, usize),
) -> Vec<usize> {
    let in_trigger = |i: usize| (trigger.0..=trigger.1).contains(&i);
    // "arrested on Monday in Niger": the parser often hangs the place on the day; "stormed a
    // camp in X": on the object.
    let days_and_objects = tree
        .children
        .get(predicate)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&o| {
            (tree.universal(o) == "obl" && entente_text::dates::is_calendar_word(view.norm(o)))
                || tree.rel(o) == "obj"
        });
    std::iter::once(predicate)
        .chain(trigger.0..=trigger.1)
        .chain(days_and_objects)
        .filter(|&head| head < tree.children.len())
        .flat_map(|head| tree.children[head].iter().copied())
        .filter(|&o| matches!(tree.universal(o), "obl" | "nmod") && !in_trigger(o))
        .filter(|&o| matches!(tree.case(view, o), Some("in" | "near")))
        .collect()
}

/// The party a passive expulsion names as the one it was from ("diplomats *were expelled from
/// Britain*", "deported from Iran"): the state that expelled them, where no agent is said.
fn expelled_from(view: &SentenceView, tree: &Tree, predicate: usize) -> Option<Role> {
    // By the word's form, as the rules inflect their lemmas: the lemmatiser misreads some
    // ("expelled" → "expell").
    static FORMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        lexicon::EXPULSION_LEMMAS
            .iter()
            .flat_map(|lemma| entente_dictionaries::rules::inflections(lemma))
            .collect()
    });
    if !lexicon::contains(forms, view.norm(predicate)) {
        return None;
    }
    tree.with_rel(predicate, "obl")
        .filter(|&o| tree.case(view, o) == Some("from"))
        .map(|o| actor_role(view, tree, o, "obl[from]"))
        .find(Role::is_party)
}

/// What the trigger's `in` phrases say: a party one names through a target preposition ("in
/// talks *with* X"), and where the act happened, as an actor ("in X", "in parts of X") or as a
/// place phrase no actor names.
fn scene(
    view: &SentenceView,
    tree: &Tree,
    predicate: usize,
    trigger: (usize, usize),
) -> (Role, Role) {
    let (mut party, mut place) = (Role::Unsaid, Role::Unsaid);
    for o in in_phrases(view, tree, predicate, trigger) {
        let step = case_step(view, tree, o);
        let found = match actor_role(view, tree, o, &step) {
            Role::NoActor => {
                let named = modifier_target(view, tree, o, &[], &[], 1).behind(&step);
                if named.is_party() {
                    if !party.is_party() {
                        party = named;
                    }
                    continue;
                }
                match modifier_target(view, tree, o, &[], PATIENT_CASES, 1) {
                    within if within.is_party() => within.behind(&step),
                    _ => Role::Place {
                        head: o,
                        path: step,
                    },
                }
            }
            other => other,
        };
        let better = found.is_party() && !place.is_party()
            || matches!(found, Role::Place { .. }) && matches!(place, Role::Unsaid);
        if better {
            place = found;
        }
    }
    if !party.is_party() && !place.is_party() {
        if let Some(destination) = purpose_destination(view, tree, predicate) {
            party = destination;
        }
    }
    (party, place)
}

/// The party a purpose clause's act happens at: where the verb of motion it serves sent someone
/// ("sent experts *to Saudi Arabia* to investigate", "will travel *to Afghanistan* to ..."), or
/// whom the call or meeting it serves was with. After
/// other verbs the party reached is the one to act ("issued a deadline *to the rebels* to end
/// fighting").
fn purpose_destination(view: &SentenceView, tree: &Tree, predicate: usize) -> Option<Role> {
    let purpose = matches!(tree.universal(predicate), "advcl" | "xcomp")
        && tree
            .with_rel(predicate, "mark")
            .any(|mark| view.norm(mark) == "to");
    let head = tree.head(predicate).filter(|_| purpose)?;
    // "called *X* on Saturday to apologise": a call or a meeting is with the party contacted.
    if lexicon::contains(lexicon::CONTACT_LEMMAS, tree.lemma(head)) {
        return tree
            .with_rel(head, "obj")
            .map(|o| actor_role(view, tree, o, "obj"))
            .find(Role::is_party)
            .map(|role| role.behind(&format!("^{}", tree.rel(predicate))));
    }
    if !lexicon::contains(lexicon::SENDING_VERBS, tree.lemma(head)) {
        return None;
    }
    // The parser may hang the destination on what was sent ("experts *to X*", "a team of
    // experts *to X*").
    let below = |noun: usize| tree.with_rel(noun, "nmod");
    let on_the_object = tree.with_rel(head, "obj").flat_map(|o| {
        below(o)
            .chain(below(o).flat_map(below))
            .map(move |m| (Some(o), m))
    });
    let on_the_verb = tree.with_rel(head, "obl").map(|o| (None, o));
    on_the_verb
        .chain(on_the_object)
        .filter(|&(_, o)| matches!(tree.case(view, o), Some("to" | "into")))
        .map(|(object, o)| {
            let mut role = actor_role(view, tree, o, &case_step(view, tree, o));
            if let Some(object) = object {
                // The steps from the object down: "obj/nmod[of]/nmod[to]".
                let mut up = tree.head(o);
                while let Some(step) = up.filter(|&u| u != object) {
                    role = role.behind(&case_step(view, tree, step));
                    up = tree.head(step);
                }
                role = role.behind(tree.rel(object));
            }
            role
        })
        .find(Role::is_party)
        .map(|role| role.behind(&format!("^{}", tree.rel(predicate))))
}

/// The prepositions a rule writes right before its target slot (`~visit to TGT` → "to").
/// A consultation (04) whose pattern names none has its partner after "with": "discussed Libya
/// *with* X" is talks with X about Libya.
fn pattern_cases(rule: &Rule) -> Vec<&str> {
    let written: Vec<&str> = rule
        .elements
        .windows(2)
        .filter_map(|pair| match pair {
            [Element::Word { forms, .. }, Element::Slot {
                slot: Slot::Target, ..
            }] => Some(forms.iter().map(String::as_str).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .filter(|form| lexicon::contains(lexicon::PREPOSITIONS, form))
        .collect();
    let consultation = matches!(&rule.kind, RuleKind::Event(code) if code.root() == "04");
    if written.is_empty() && consultation {
        vec!["with"]
    } else {
        written
    }
}

/// A passive needs its auxiliary ("was hosted by") or, reduced, its agent ("regions occupied by
/// X"): a subject labelled passive alone is too weak a sign to turn the roles around.
fn is_passive(tree: &Tree, verb: usize) -> bool {
    tree.first(verb, "aux:pass").is_some()
        || (tree.universal(verb) == "acl" && tree.first(verb, "obl:agent").is_some())
}

/// A past participle (`VBN`) describing the noun it hangs from, with no object, subject or
/// infinitive marker: that noun is its patient ("Two US workers *seized* in Baghdad", "the release
/// of aid workers *held* since May"). A present participle acts ("troops *attacking* the town").
/// In prose, a participle in a clause's subject phrase, on the sentence's root noun or after a
/// comma is the parser's misreading of the main verb ("Thousands of Kurds *demonstrated* in X,
/// witnesses said", "X, the envoy of Y, *called* on Z"); only a headline drops the auxiliary.
fn is_participle_on_patient(view: &SentenceView, tree: &Tree, verb: usize) -> bool {
    let participle = tree.rel(verb) == "acl"
        && tree.upos(verb) == Upos::Verb
        && tree.parse.words[verb].xpos == "VBN"
        && (verb == 0 || view.norm(verb - 1) != ",")
        && ["obj", "nsubj", "mark", "ccomp", "xcomp"]
            .iter()
            .all(|rel| tree.first(verb, rel).is_none());
    if !participle {
        return false;
    }
    let mut phrase = tree.head(verb);
    while let Some(noun) =
        phrase.filter(|&n| matches!(tree.universal(n), "nmod" | "compound" | "appos" | "conj"))
    {
        phrase = tree.head(noun);
    }
    let in_subject_or_root =
        phrase.is_none_or(|noun| tree.head(noun).is_none() || tree.universal(noun) == "nsubj");
    !in_subject_or_root || is_headline(view)
}

/// A participle with a subject and no auxiliary or object, read as a passive: the tree's own
/// passive subject ("Three Iraqis *killed* in attack", labelled `nsubj:pass`), or a headline's
/// "Hamas official killed in blast", where news drops the auxiliary. In prose such a verb has its
/// object or its auxiliary.
fn is_reduced_passive(view: &SentenceView, tree: &Tree, verb: usize) -> bool {
    let Some(subject) = tree.first(verb, "nsubj") else {
        return false;
    };
    let bare = tree.first(verb, "aux").is_none()
        && ["obj", "iobj", "ccomp", "xcomp"]
            .iter()
            .all(|rel| tree.first(verb, rel).is_none());
    let form = view.norm(verb);
    let participle =
        tree.upos(verb) == Upos::Verb && (form.ends_with("ed") || form.ends_with("en"));
    let labelled = tree.rel(subject) == "nsubj:pass";
    bare && participle && (labelled || (!is_under_a_verb(tree, verb) && is_headline(view)))
}

/// Whether a verb hangs, however deep, from another: a headline's main verb does not, even where
/// the parser made a number its root ("3 UN staff *kidnapped* in Afghan capital").
fn is_under_a_verb(tree: &Tree, verb: usize) -> bool {
    first_above(tree, verb, |up| tree.upos(up) == Upos::Verb).is_some()
}

/// Whether the sentence is a headline: no terminal punctuation, bar a closing credit ("(AFP)").
fn is_headline(view: &SentenceView) -> bool {
    let mut words = view
        .toks
        .iter()
        .rev()
        .map(|t| t.token.span.slice(view.text));
    let mut last = words.next();
    if last == Some(")") {
        last = words.find(|w| *w == "(").and_then(|_| words.next());
    }
    !last.is_some_and(|w| matches!(w, "." | "!" | "?" | "…" | "\"" | "”" | "'"))
}

/// The passive subject a bare participle complement shares ("five troops were reported
/// *killed*", "were found *wounded*"): the patient of the participle, not its agent, unlike the
/// subject of an infinitive or gerund complement ("was said *to have attacked*", "was seen
/// *attacking*").
fn raised_patient(view: &SentenceView, tree: &Tree, verb: usize) -> Option<usize> {
    let head = tree.head(verb).filter(|_| tree.rel(verb) == "xcomp")?;
    let participle = tree.first(verb, "mark").is_none()
        && tree.upos(verb) == Upos::Verb
        && !view.norm(verb).ends_with("ing");
    (participle && tree.first(head, "aux:pass").is_some())
        .then(|| tree.first(head, "nsubj:pass"))
        .flatten()
}

/// The actor at word `i`: its own group, or a group among its actor modifiers ("the *Hamas*
/// attack"). A pronoun is left to the linear reading, which knows antecedents and speakers.
fn actor_role(view: &SentenceView, tree: &Tree, i: usize, path: &str) -> Role {
    if is_credit(view, i) {
        return Role::NoActor;
    }
    if let Some(group) = view.group_at.get(i).copied().flatten() {
        // "Syrian government-backed troops": a name on the noun outweighs what earlier
        // sentences suggested the bare noun stood for. When context gave the noun that name's
        // own state ("Nepalese peacekeeping troops"), the noun says more: the state's troops.
        if is_from_context(view, group) {
            if let Some(named) = named_modifier(view, tree, i, path) {
                if !names_the_same_state(view, &named, group) {
                    return named;
                }
            }
        }
        // "French *paper* workers": a state modifying a bare role word across another modifier,
        // which the actor layer's adjacent composition does not reach, places it (FRALAB).
        if view.is_bare_role(group) {
            if let Some(placed) = state_modifier(view, tree, i, group, path) {
                return placed;
            }
        }
        return Role::Found {
            groups: with_conjuncts(view, tree, i, group),
            path: path.to_string(),
        };
    }
    // "help Israel-Türkiye relations": the states modifying a relation noun are not its object.
    let relation_noun = lexicon::contains(lexicon::RELATION_NOUNS, view.norm(i));
    // "two *opposition* members", "*student* leaders": on a noun for people of a group, a bare role
    // word names the group they belong to.
    let members = lexicon::is_part_of_head(view.norm(i));
    for &c in tree.children[i].iter().filter(|_| !relation_noun) {
        let rel = tree.rel(c);
        if (ACTOR_MODIFIERS.contains(&rel) || ACTOR_MODIFIERS.contains(&tree.universal(c)))
            && !is_credit(view, c)
        {
            // "joint *military* exercises": a bare role word describes the noun, it is no party.
            let party = view
                .group_at
                .get(c)
                .copied()
                .flatten()
                .filter(|&g| members || !view.is_bare_role(g));
            if let Some(group) = party {
                return Role::Found {
                    groups: vec![group],
                    path: format!("{path}/{rel}"),
                };
            }
        }
    }
    // "dozens of demonstrators", "members of the group": a quantity or part stands for its whole.
    let partitive = tree.upos(i) == Upos::Num || lexicon::is_part_of_head(view.norm(i));
    if let Some(whole) = tree
        .with_rel(i, "nmod")
        .find(|&m| partitive && tree.case(view, m) == Some("of"))
    {
        let role = actor_role(view, tree, whole, &format!("{path}/nmod[of]"));
        if role.is_party() {
            return role;
        }
    }
    // "partners *like Saudi Arabia*", "countries such as Iran": the examples of a plural noun are
    // the parties it means.
    let plural = tree.upos(i) == Upos::Noun && view.norm(i).ends_with('s');
    if let Some(example) = tree
        .with_rel(i, "nmod")
        .find(|&m| plural && matches!(tree.case(view, m), Some("like" | "such")))
    {
        let role = actor_role(view, tree, example, &format!("{path}/nmod[like]"));
        if role.is_party() {
            return role;
        }
    }
    match tree.upos(i) {
        Upos::Pron => Role::Unsaid,
        Upos::Propn => unknown_party(view, tree, i, path),
        _ => Role::NoActor,
    }
}

/// Whether word `i` is in parentheses that open or close the sentence: an agency's credit ("(AP)",
/// "(CBS/AP) As US forces ..."), which is no party to anything the sentence reports.
fn is_credit(view: &SentenceView, i: usize) -> bool {
    if !view.in_parens.get(i).copied().unwrap_or(false) {
        return false;
    }
    let inside = |j: &usize| view.in_parens[*j];
    let first = (0..i).rev().take_while(inside).last().unwrap_or(i);
    let last = (i..view.len()).take_while(inside).last().unwrap_or(i);
    let no_words = |mut range: std::ops::Range<usize>| {
        range.all(|j| view.toks[j].token.kind != TokenKind::Word)
    };
    no_words(0..first) || no_words(last + 1..view.len())
}

/// An actor named by a modifier of word `i` ("*Syrian* troops"), found in this sentence rather
/// than resolved from context.
fn named_modifier(view: &SentenceView, tree: &Tree, i: usize, path: &str) -> Option<Role> {
    tree.children[i]
        .iter()
        .filter(|&&c| {
            (ACTOR_MODIFIERS.contains(&tree.rel(c)) || ACTOR_MODIFIERS.contains(&tree.universal(c)))
                && !is_credit(view, c)
        })
        .find_map(|&c| {
            let group = view.group_at.get(c).copied().flatten()?;
            (!is_from_context(view, group) && !view.is_bare_role(group)).then(|| Role::Found {
                groups: vec![group],
                path: format!("{path}/{}", tree.rel(c)),
            })
        })
}

/// A state named by a modifier of bare role word `i` (group `role`), as the role placed in it:
/// the state's country with the role's sector.
fn state_modifier(
    view: &SentenceView,
    tree: &Tree,
    i: usize,
    role: usize,
    path: &str,
) -> Option<Role> {
    let own = tree.children[i]
        .iter()
        .filter(|&&c| matches!(tree.rel(c), "amod" | "compound" | "nmod:poss"));
    // The parser hangs "French" in "French paper workers" on "paper", the compound before the
    // head: an adjective there still describes the workers.
    let on_compounds = tree.children[i]
        .iter()
        .filter(|&&c| tree.rel(c) == "compound")
        .flat_map(|&c| tree.children[c].iter())
        .filter(|&&c| tree.rel(c) == "amod");
    own.chain(on_compounds)
        .copied()
        .filter(|&c| c < i)
        .find_map(|c| {
            let state = view.group_at.get(c).copied().flatten()?;
            let is_state = view.groups[state].mentions.iter().all(|&m| {
                let actor = &view.mentions[m].actor;
                actor.country.is_some() && actor.sector.is_none()
            });
            (is_state && !is_from_context(view, state) && state != role).then(|| Role::Placed {
                role,
                state,
                last: i,
                path: format!("{path}/{}", tree.rel(c)),
            })
        })
}

/// Whether a modifier's actor is the state the context resolution gave `group`.
fn names_the_same_state(view: &SentenceView, modifier: &Role, group: usize) -> bool {
    let state = |g: usize| {
        view.groups[g]
            .mentions
            .iter()
            .map(|&m| view.mentions[m].actor.country.as_ref())
            .collect::<Vec<_>>()
    };
    let Role::Found { groups, .. } = modifier else {
        return false;
    };
    let named = state(groups[0]);
    named.iter().all(Option::is_some) && named == state(group)
}

/// Whether every actor of a group was resolved from earlier sentences ("the troops", a surname).
fn is_from_context(view: &SentenceView, group: usize) -> bool {
    view.groups[group]
        .mentions
        .iter()
        .all(|&m| view.mentions[m].via == Via::Context)
}

/// Whether a group is one lower-case word that context alone gave a state ("all *official*
/// contact"; a surname is capitalised): a role word that names no one by itself.
fn is_context_role_word(view: &SentenceView, group: usize) -> bool {
    let g = &view.groups[group];
    g.first == g.last
        && view.toks[g.first]
            .token
            .span
            .slice(view.text)
            .starts_with(|c: char| c.is_lowercase())
        && g.mentions
            .iter()
            .all(|&m| view.mentions[m].via == Via::Context)
}

/// Whether the sentence is written in title case, as a headline is ("Greek School Bus Crash
/// Kills Seven"), where the tagger takes every word for a name: fewer than one word in four
/// after the first starts in lower case. Prose full of names ("The ACLU filed a lawsuit in the
/// United States District Court against Thom") still has its verbs and function words in lower
/// case.
fn is_title_case(view: &SentenceView) -> bool {
    let words = view
        .toks
        .iter()
        .filter(|t| t.token.kind == TokenKind::Word)
        .skip(1)
        .filter_map(|t| t.token.span.slice(view.text).chars().next())
        .filter(|c| c.is_alphabetic());
    let (mut lower, mut total) = (0, 0);
    for first in words {
        total += 1;
        lower += usize::from(first.is_lowercase());
    }
    lower * 4 < total
}

/// `group` (at word `head`) and the groups of the words coordinated with it that word order did
/// not join ("Fornost and the evil awful Gondor").
fn with_conjuncts(view: &SentenceView, tree: &Tree, head: usize, group: usize) -> Vec<usize> {
    let mut groups = vec![group];
    let mut pending: Vec<usize> = tree.with_rel(head, "conj").collect();
    while let Some(conjunct) = pending.pop() {
        if let Some(g) = view.group_at.get(conjunct).copied().flatten() {
            if !groups.contains(&g) && !view.is_bare_role(g) {
                groups.push(g);
            }
        }
        pending.extend(tree.with_rel(conjunct, "conj"));
    }
    groups.sort_unstable();
    groups
}

/// A proper name in a role, as a party of its own: the name's words (`flat`, `compound` proper
/// nouns around its head), unless it names a time ("on Thursday") or follows a preposition of
/// place ("at Digha").
fn unknown_party(view: &SentenceView, tree: &Tree, head: usize, path: &str) -> Role {
    let temporal =
        tree.rel(head).ends_with(":tmod") || entente_text::dates::is_calendar_word(view.norm(head));
    let placed = tree
        .case(view, head)
        .is_some_and(|case| !lexicon::contains(PARTY_CASES, case));
    if temporal || placed || is_title_case(view) {
        return Role::NoActor;
    }
    match name_at(view, tree, head, path) {
        Role::Name { first, last, .. } if names_a_storm(view, first, last) => Role::NoActor,
        name => name,
    }
}

/// Whether the name at words `first..=last` is a storm's ("Hurricane Ivan", "Tropical Storm
/// Jeanne", or "Ivan" alone once the story has titled it so): weather, not a party, whatever it
/// "kills" or "threatens".
fn names_a_storm(view: &SentenceView, first: usize, last: usize) -> bool {
    if (first.saturating_sub(2)..=first)
        .any(|i| lexicon::contains(lexicon::STORM_TITLES, view.norm(i)))
    {
        return true;
    }
    let (Some(start), Some(name)) = (view.toks.get(first), view.toks.get(last)) else {
        return false;
    };
    let before = &view.text[..start.token.span.start];
    let name = name.token.span.slice(view.text);
    // Each earlier mention of the name, and the word before it.
    before.match_indices(name).any(|(at, _)| {
        let preceding = &before[..at];
        let spaced = preceding.trim_end();
        let word_start = spaced
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        spaced.len() < preceding.len()
            && lexicon::STORM_TITLES
                .iter()
                .any(|title| spaced[word_start..].eq_ignore_ascii_case(title))
    })
}

/// The unknown name headed by word `head`: its `flat` and `compound` proper nouns around it.
fn name_at(view: &SentenceView, tree: &Tree, head: usize, path: &str) -> Role {
    let name_part = |c: usize| {
        matches!(tree.universal(c), "flat" | "compound")
            && tree.upos(c) == Upos::Propn
            && view.group_at.get(c).is_some_and(Option::is_none)
    };
    let mut first = head;
    let mut last = head;
    for c in tree.children[head]
        .iter()
        .copied()
        .filter(|&c| name_part(c))
    {
        first = first.min(c);
        last = last.max(c);
    }
    // Only a run of words: "Bank" and "Grameen" with nothing of another phrase between them.
    let contiguous = (first..=last).all(|t| t == head || name_part(t));
    if !contiguous {
        first = head;
        last = head;
    }
    Role::Name {
        first,
        last,
        path: path.to_string(),
    }
}

/// The subject of a verb, inherited along clause links when the verb has none of its own.
fn verb_subject(
    view: &SentenceView,
    tree: &Tree,
    verb: usize,
    in_trigger: &dyn Fn(usize) -> bool,
) -> Role {
    let mut current = verb;
    let mut path = String::new();
    for _ in 0..=MAX_SUBJECT_HOPS {
        if let Some(s) = tree.subject(current).filter(|&s| !in_trigger(s)) {
            let relative = tree.rel(current) == "acl:relcl" && is_relative_pronoun(tree, s);
            return match (relative, tree.head(current)) {
                // "Iran, which attacked X": the relative pronoun stands for its antecedent.
                (true, Some(antecedent)) => {
                    subject_role(view, tree, antecedent, &format!("{path}^acl:relcl"))
                }
                // The same clause hung elsewhere by the parser ("met Pope X, *who urged* him",
                // read as parataxis): "who" or "which" after a comma stands for the party the
                // comma closes.
                _ => match party_before_comma(view, tree, s) {
                    Some(group) => Role::Found {
                        groups: vec![group],
                        path: format!("{path}nsubj/{}(antecedent)", view.norm(s)),
                    },
                    None => reporting_speaker(view, tree, current, s, &format!("{path}nsubj"))
                        .or_else(|| reporters_own(view, tree, current, s, &format!("{path}nsubj")))
                        .unwrap_or_else(|| subject_role(view, tree, s, &format!("{path}nsubj"))),
                },
            };
        }
        let Some(head) = tree.head(current) else {
            return Role::Unsaid;
        };
        let link = tree.rel(current);
        // "blamed X *for attacking* Y", "accused X *of shelling* Y": a gerund after "for" or "of"
        // on a verb with an object is the object's act.
        let gerund_mark = (link == "advcl" && view.norm(current).ends_with("ing"))
            .then(|| {
                tree.with_rel(current, "mark")
                    .find(|&m| matches!(view.norm(m), "for" | "of"))
            })
            .flatten();
        if let Some(object) = gerund_mark.and_then(|_| tree.first(head, "obj")) {
            return actor_role(view, tree, object, &format!("{path}^advcl/obj"));
        }
        // "called for cutting all ties": what is called for is someone else's act.
        let demanded = link == "advcl"
            && tree
                .with_rel(current, "mark")
                .any(|m| view.norm(m) == "for");
        // "A bomb exploded, *killing* three, police said": a participle before a speech verb
        // that trails another clause, where the parser hung it, reports the speaker's news; the
        // speaker did not do it. ("*Speaking* to reporters, X said" opens the speaker's own clause.)
        let reported = link == "advcl"
            && current < head
            && view.is(head, lexicon::SPEECH_VERBS)
            && (tree.universal(head) == "parataxis"
                || tree.with_rel(head, "ccomp").any(|clause| clause < current));
        match link {
            _ if demanded || reported => return Role::Unsaid,
            "conj" | "advcl" | "xcomp" => {
                // "urged Iran to release": an object controls the infinitive, also where the
                // parser took it for a purpose clause.
                let controlled = link == "xcomp"
                    || (link == "advcl"
                        && lexicon::contains(lexicon::OBJECT_CONTROL_VERBS, tree.lemma(head))
                        && tree.with_rel(current, "mark").any(|m| view.norm(m) == "to")
                        && tree.first(head, "obj").is_some_and(|o| o < current));
                if controlled {
                    let object = ["obj", "iobj"]
                        .into_iter()
                        .find_map(|rel| tree.first(head, rel).map(|o| (o, rel)));
                    if let Some((o, rel)) = object {
                        return actor_role(view, tree, o, &format!("{path}^xcomp/{rel}"));
                    }
                }
                // "called on Israel to release", "appealed to Pakistan to free", "relied on
                // Russia to supply": so does the party a verb of appeal or reliance is on.
                let appealed_to = |case: &str| match tree.lemma(head) {
                    "call" | "prevail" | "rely" | "count" | "depend" => {
                        matches!(case, "on" | "upon")
                    }
                    "appeal" => case == "to",
                    "plead" => case == "with",
                    _ => false,
                };
                if link != "conj" && tree.first(current, "mark").is_some() {
                    let called_on = tree
                        .with_rel(head, "obl")
                        .find(|&o| o < current && tree.case(view, o).is_some_and(appealed_to));
                    if let Some(o) = called_on {
                        let step = case_step(view, tree, o);
                        return actor_role(view, tree, o, &format!("{path}^{link}/{step}"));
                    }
                }
                path.push_str(&format!("^{link}/"));
                current = head;
            }
            // "troops attacking X", "the country that attacked X" without a pronoun.
            "acl" | "acl:relcl" => {
                return subject_role(view, tree, head, &format!("{path}^{link}"))
            }
            _ => return Role::Unsaid,
        }
    }
    Role::Unsaid
}

/// A third-person pronoun subject of a reported clause is its speaker ("kidnappers of the
/// employees of a Kuwaiti company said *they* would release the captives"), where the speaker can
/// be it: a person for "he" and "she", no person for "it", not one person for "they". Not after a
/// verb of telling, whose addressee the pronoun may be, nor in a quotation. `path` is the
/// pronoun's own relation ("nsubj", "obj"), which an object pronoun or possessive shares ("Iraq
/// said Iran had attacked *it*", "... shelled *its* villages").
fn reporting_speaker(
    view: &SentenceView,
    tree: &Tree,
    clause: usize,
    pronoun: usize,
    path: &str,
) -> Option<Role> {
    let form = view.norm(pronoun);
    let word = match form {
        "them" | "their" => "they",
        "its" => "it",
        "him" | "his" => "he",
        "her" => "she",
        other => other,
    };
    if tree.upos(pronoun) != Upos::Pron || !lexicon::contains(lexicon::THIRD_PERSON, word) {
        return None;
    }
    let mut reported = clause;
    while tree.rel(reported) == "conj" {
        reported = tree.head(reported)?;
    }
    let verb = tree
        .head(reported)
        .filter(|_| tree.rel(reported) == "ccomp")?;
    let verb_word = view.norm(verb);
    // In a quotation the speaker is "I": "he" there is someone else.
    let quoted = (verb.min(pronoun)..verb.max(pronoun)).any(|t| view.is_quote(t));
    if quoted
        || !lexicon::is_speech_verb(verb_word)
        || lexicon::contains(lexicon::ADDRESSING_SPEECH_VERBS, verb_word)
    {
        return None;
    }
    // The subject nearest the verb: a dateline before it may be parsed as a second one.
    let speaker = tree.with_rel(verb, "nsubj").filter(|&s| s < verb).last()?;
    let role = subject_role(view, tree, speaker, &format!("{path}({form})/^ccomp/nsubj"));
    let Role::Found { groups, .. } = &role else {
        return None;
    };
    let actors = || {
        groups
            .iter()
            .flat_map(|&g| &view.groups[g].mentions)
            .map(|&m| &view.mentions[m].actor)
    };
    let named_person = |a: &entente_model::Actor| a.id.starts_with("person:");
    // An organisation or a state by its name is no "he"; an office holder may be.
    let no_person = |a: &entente_model::Actor| {
        a.id.starts_with("org:") || (a.sector.is_none() && a.id.len() == 3)
    };
    let agrees = match word {
        "he" | "she" => actors().all(|a| !no_person(a)),
        "it" => actors().all(|a| !named_person(a)),
        _ => !(groups.len() == 1 && actors().all(named_person)),
    };
    agrees.then_some(role)
}

/// The actor a subject names: a placed role word, else its actor as anywhere else.
fn subject_role(view: &SentenceView, tree: &Tree, subject: usize, path: &str) -> Role {
    if let Some(placed) = placed_subject(view, tree, subject, path) {
        return placed;
    }
    match actor_role(view, tree, subject, path) {
        Role::NoActor => located_subject(view, tree, subject, path)
            .or_else(|| agent_of_subject(view, tree, subject, path))
            .unwrap_or(Role::NoActor),
        role => role,
    }
}

/// A common-noun subject that someone did or made, who is then the source: "an attack *by X*
/// killed", "the missiles *fired by X* struck", "a report *by X* accused".
fn agent_of_subject(view: &SentenceView, tree: &Tree, subject: usize, path: &str) -> Option<Role> {
    if tree.upos(subject) != Upos::Noun {
        return None;
    }
    let by_phrase = tree
        .with_rel(subject, "nmod")
        .find(|&m| tree.case(view, m) == Some("by"))
        .map(|m| (m, format!("{path}/nmod[by]")));
    let participle_agent = tree
        .with_rel(subject, "acl")
        .find_map(|participle| tree.first(participle, "obl:agent"))
        .map(|agent| (agent, format!("{path}/acl/obl:agent")));
    [by_phrase, participle_agent]
        .into_iter()
        .flatten()
        .map(|(agent, path)| actor_role(view, tree, agent, &path))
        .find(Role::is_party)
}

/// The phrases of a subject that place it among actors ("lawmakers *in X*", "soldiers *from
/// Gondor*"): each modifier's word, the actor group it is in, and its preposition.
fn placing_phrases<'v>(
    view: &'v SentenceView,
    tree: &'v Tree,
    subject: usize,
) -> impl Iterator<Item = (usize, usize, &'v str)> + 'v {
    tree.with_rel(subject, "nmod").filter_map(move |m| {
        let case = tree.case(view, m).filter(|c| matches!(*c, "from" | "in"))?;
        let group = view.group_at.get(m).copied().flatten()?;
        Some((m, group, case))
    })
}

/// A common-noun subject no dictionary names, placed by its own phrase in actors that are then
/// its source, as PETRARCH reads the subject's noun phrase: "*lawmakers in X and Y* welcomed".
fn located_subject(view: &SentenceView, tree: &Tree, subject: usize, path: &str) -> Option<Role> {
    if tree.upos(subject) != Upos::Noun {
        return None;
    }
    let (m, group, case) = placing_phrases(view, tree, subject).next()?;
    Some(Role::Found {
        groups: with_conjuncts(view, tree, m, group),
        path: format!("{path}/nmod[{case}]"),
    })
}

/// A subject that is a role word with no country, placed in a state by its own phrase
/// ("*Soldiers from Gondor* cordoned off the roads", "*officials in Cairo* said"). Only a subject:
/// after a verb, "from" says where someone moves ("withdrew troops from X").
fn placed_subject(view: &SentenceView, tree: &Tree, subject: usize, path: &str) -> Option<Role> {
    let role = view.group_at.get(subject).copied().flatten()?;
    if !view.is_bare_role(role) {
        return None;
    }
    placing_phrases(view, tree, subject).find_map(|(_, state, case)| {
        let has_country = view.groups[state]
            .mentions
            .iter()
            .any(|&k| view.mentions[k].actor.country.is_some());
        has_country.then(|| Role::Placed {
            role,
            state,
            last: view.groups[state].last,
            path: format!("{path}/nmod[{case}]"),
        })
    })
}

/// The antecedent of "who" or "which" after a comma ([`SentenceView::antecedent_before_comma`])
/// when its verb follows it: "X, who they threatened" has a subject of its own and X is the object.
fn party_before_comma(view: &SentenceView, tree: &Tree, pronoun: usize) -> Option<usize> {
    let verb_next = pronoun + 1 < tree.parse.words.len()
        && matches!(
            tree.upos(pronoun + 1),
            Upos::Verb | Upos::Aux | Upos::Adv | Upos::Part
        );
    verb_next
        .then(|| view.antecedent_before_comma(pronoun))
        .flatten()
}

fn is_relative_pronoun(tree: &Tree, i: usize) -> bool {
    matches!(tree.lemma(i), "who" | "which" | "that" | "whom")
}

/// The countries of the actors a role names: whose own people an object may be.
fn countries_of<'v>(view: &'v SentenceView, role: &Role) -> Vec<&'v str> {
    let groups: &[usize] = match role {
        Role::Found { groups, .. } => groups,
        Role::Placed { state, .. } => std::slice::from_ref(state),
        _ => &[],
    };
    groups
        .iter()
        .flat_map(|&g| &view.groups[g].mentions)
        .filter_map(|&m| view.mentions[m].actor.country.as_ref().map(|c| c.as_str()))
        .collect()
}

/// The target of a verb: a prepositional object the rule names, the indirect or direct object
/// (or an actor in the object's prepositional modifiers), then a selected prepositional object.
/// A verb with none takes the target of its open complement: "agreed to lift sanctions on X" is
/// an agreement toward X.
/// `owners`: the countries of the verb's subject, whose own people are no target.
fn verb_target(
    view: &SentenceView,
    tree: &Tree,
    verb: usize,
    cases: &[&str],
    in_trigger: &dyn Fn(usize) -> bool,
    owners: &[&str],
) -> Role {
    let reading = verb_target_reading(view, tree, verb, cases, in_trigger, owners);
    let pronoun = ["obj", "iobj"].into_iter().find_map(|rel| {
        tree.with_rel(verb, rel)
            .find(|&o| tree.upos(o) == Upos::Pron && matches!(view.norm(o), "him" | "her"))
            .map(|o| (o, rel))
    });
    match pronoun {
        Some((word, rel)) => Role::Pronoun {
            word,
            path: rel.to_string(),
            otherwise: Box::new(reading),
        },
        None if !reading.is_party() => reported_object(view, tree, verb).unwrap_or(reading),
        None => reading,
    }
}

/// The reporter whose own a reported clause's subject is, when that subject is a bare role word
/// no state places ("Hezbollah said *its fighters* attacked"): the reporter's fighters act as the
/// reporter, as "Hezbollah fighters" do.
fn reporters_own(
    view: &SentenceView,
    tree: &Tree,
    clause: usize,
    subject: usize,
    path: &str,
) -> Option<Role> {
    let group = view.group_at.get(subject).copied().flatten()?;
    if !view.is_bare_role(group) {
        return None;
    }
    let owner = tree
        .first(subject, "nmod:poss")
        .filter(|&o| matches!(view.norm(o), "its" | "their"))?;
    reporting_speaker(view, tree, clause, owner, &format!("{path}/nmod:poss"))
}

/// The party a reported clause's object's possessive stands for: the one who reports it ("Iraq
/// said Iranian troops had shelled *its* villages"), not the clause's subject, whose own would be
/// "its own". (An object pronoun, "requested *it*", names a thing as often.)
fn reported_object(view: &SentenceView, tree: &Tree, verb: usize) -> Option<Role> {
    let object = tree.first(verb, "obj")?;
    let owner = tree
        .first(object, "nmod:poss")
        .filter(|&o| matches!(view.norm(o), "its" | "their") && view.norm(o + 1) != "own")?;
    reporting_speaker(view, tree, verb, owner, "obj/nmod:poss")
}

/// [`verb_target`] without object pronouns, which the linear reading leaves unresolved.
fn verb_target_reading(
    view: &SentenceView,
    tree: &Tree,
    verb: usize,
    cases: &[&str],
    in_trigger: &dyn Fn(usize) -> bool,
    owners: &[&str],
) -> Role {
    // A prepositional object that names no actor may lead to one it belongs to or is in, or to
    // one behind a preposition the rule names: "provided aid *to* 300,000 people *in* northern
    // Armenia", "*to* the villages *of* X"; or to the party to a relation ("reneged *on* an
    // accord *with* X", "withdrew *from* talks *between* X and Y").
    let oblique = |wanted: &dyn Fn(&str) -> bool| {
        tree.with_rel(verb, "obl")
            .filter(|&o| !in_trigger(o) && tree.rel(o) != "obl:agent")
            .find(|&o| tree.case(view, o).is_some_and(wanted))
            .map(|o| {
                let step = case_step(view, tree, o);
                match actor_role(view, tree, o, &step) {
                    Role::NoActor => tree
                        .with_rel(o, "nmod")
                        .filter(|&m| {
                            tree.case(view, m).is_some_and(|c| {
                                matches!(c, "in" | "of" | "with" | "between") || cases.contains(&c)
                            })
                        })
                        .map(|m| actor_role(view, tree, m, &case_step(view, tree, m)))
                        .find(Role::is_party)
                        .map_or(Role::NoActor, |role| role.behind(&step)),
                    other => other,
                }
            })
    };
    // "of", "in" and "by" in a rule's list (imported rules list "in" among every preposition a
    // target may follow) come after the target prepositions, as they do when no rule names them.
    let (chosen, fallback): (Vec<&str>, Vec<&str>) = cases
        .iter()
        .partition(|case| !lexicon::contains(PATIENT_CASES, case));
    if let Some(named) = oblique(&|case| chosen.contains(&case)).filter(Role::is_party) {
        return named;
    }
    let mut verdict = Role::Unsaid;
    let objects: Vec<(&str, usize)> = ["iobj", "obj"]
        .into_iter()
        .flat_map(|rel| tree.with_rel(verb, rel).map(move |o| (rel, o)))
        .collect();
    // The rule's preposition outranks the object it hangs on, when the parser hung it there
    // rather than on the verb: "discussed Libya *with X*", "sent troops *to X*".
    let named_on_object = objects
        .iter()
        .filter(|(_, o)| !in_trigger(*o))
        .flat_map(|&(rel, o)| tree.with_rel(o, "nmod").map(move |m| (rel, m)))
        .filter(|&(_, m)| tree.case(view, m).is_some_and(|c| chosen.contains(&c)))
        .map(|(rel, m)| actor_role(view, tree, m, &case_step(view, tree, m)).behind(rel))
        .find(Role::is_party);
    if let Some(named) = named_on_object {
        return named;
    }
    // The objects are read twice: first through target prepositions only, then, after the
    // verb's own target prepositions, through "of", "in" and "by" as well, so that "filed a
    // lawsuit in a Paris court *against X*" and "held talks in Amman *with X*" reach X.
    for last_resort in [&[][..], PATIENT_CASES] {
        for &(rel, o) in &objects {
            let role = if in_trigger(o) {
                trigger_object_target(view, tree, o, rel, cases, &chosen, last_resort, owners)
            } else {
                match actor_role(view, tree, o, rel) {
                    Role::NoActor => {
                        modifier_target(view, tree, o, &chosen, last_resort, MAX_TARGET_DEPTH)
                            .behind(rel)
                    }
                    Role::Found { groups, .. } if own_forces(tree, view, o, &groups, owners) => {
                        modifier_target(view, tree, o, &chosen, last_resort, MAX_TARGET_DEPTH)
                            .behind(rel)
                    }
                    other => other,
                }
            };
            if role.is_party() {
                return role;
            }
            if role == Role::NoActor {
                verdict = Role::NoActor;
            }
        }
        if last_resort.is_empty() {
            if let Some(selected) =
                oblique(&|case| lexicon::contains(TARGET_CASES, case) || fallback.contains(&case))
                    .filter(Role::is_party)
            {
                return selected;
            }
        }
    }
    let has_object = tree.first(verb, "obj").is_some();
    if let Some(complement) = tree
        .first(verb, "xcomp")
        .filter(|&x| !in_trigger(x) && !has_object)
    {
        let inherited = verb_target(view, tree, complement, &[], in_trigger, owners);
        if inherited.is_party() && !owned_by_subject(tree, complement) {
            return inherited.behind("xcomp");
        }
    }
    if !has_object {
        if let Some(shared) = shared_object(view, tree, verb) {
            return shared;
        }
    }
    verdict
}

/// The object a verb shares with the verb joined after it ("troops *attacked* and captured *the
/// town*"): the parser hangs it on the nearer verb, but both acts land on it. Only where the
/// second verb follows the first with nothing but the conjunction between them: a verb with
/// words of its own before the conjunction ("condemned the raid *and* demanded ...") or a second
/// verb with its own subject is another act.
fn shared_object(view: &SentenceView, tree: &Tree, verb: usize) -> Option<Role> {
    tree.with_rel(verb, "conj")
        .filter(|&c| {
            c == verb + 2
                && tree.first(c, "cc") == Some(verb + 1)
                && matches!(view.norm(verb + 1), "and" | "or")
                && tree.first(c, "nsubj").is_none()
                && tree.first(c, "nsubj:pass").is_none()
        })
        .find_map(|c| tree.first(c, "obj").filter(|&o| o > c))
        .map(|o| actor_role(view, tree, o, "conj/obj"))
        .filter(Role::is_party)
}

/// The target an object that is part of the trigger leads to: "denied entry *to X*", "rejected an
/// *Armenian* proposal", "opened an investigation *of X*". A target preposition on the noun
/// outranks its own actor modifier ("imposed Western sanctions *on X*"), which outranks "of" on
/// the noun, which outranks what lies deeper ("an Armenian proposal on a change to the format *of
/// X*"). `rule_cases` are all the rule's prepositions, `cases` those that outrank the others.
#[allow(clippy::too_many_arguments)]
fn trigger_object_target(
    view: &SentenceView,
    tree: &Tree,
    object: usize,
    rel: &str,
    rule_cases: &[&str],
    cases: &[&str],
    last_resort: &[&str],
    owners: &[&str],
) -> Role {
    // "opened its embassy in Tel Aviv": where the rule's preposition follows the noun, the
    // target lies behind it, never in the trigger's own words.
    let names_its_target = tree
        .with_rel(object, "nmod")
        .any(|m| tree.case(view, m).is_some_and(|c| rule_cases.contains(&c)));
    let own = match actor_role(view, tree, object, rel) {
        _ if names_its_target => Role::NoActor,
        Role::Found { groups, .. } if own_forces(tree, view, object, &groups, owners) => {
            Role::NoActor
        }
        other => other,
    };
    // "summoned a senior *Indian diplomat* to its foreign ministry": a trigger word that is
    // itself another state's actor is the one acted on, wherever it is sent.
    if names_a_state(view, object) && own.is_party() {
        return own;
    }
    let marked = modifier_target(view, tree, object, cases, &[], 1).behind(rel);
    if marked.is_party() {
        return marked;
    }
    if own != Role::NoActor {
        return own;
    }
    // "of" right on the act's noun names whom the act concerns ("opened an investigation *of
    // X* based on his ties with Y") before anything deeper does, known or not ("an
    // investigation *of Flynn*": a name after "of" elsewhere is more often a place).
    let patient = modifier_target(view, tree, object, &[], &["of"], 1).behind(rel);
    if patient.is_party() {
        return patient;
    }
    let unnamed_patient = tree.with_rel(object, "nmod").find(|&m| {
        tree.case(view, m) == Some("of")
            && tree.upos(m) == Upos::Propn
            && view.group_at.get(m).is_some_and(Option::is_none)
            && !entente_text::dates::is_calendar_word(view.norm(m))
    });
    if let Some(m) = unnamed_patient.filter(|_| !is_title_case(view)) {
        return name_at(view, tree, m, &case_step(view, tree, m)).behind(rel);
    }
    modifier_target(view, tree, object, cases, last_resort, MAX_TARGET_DEPTH).behind(rel)
}

/// Whether word `i` is covered by a group of its own whose actors all have a state.
fn names_a_state(view: &SentenceView, i: usize) -> bool {
    view.group_at.get(i).copied().flatten().is_some_and(|g| {
        view.groups[g]
            .mentions
            .iter()
            .all(|&m| view.mentions[m].actor.country.is_some())
    })
}

/// Whether an object is the subject's own people, a role word that a pronoun possesses, of the
/// subject's country or of none ("withdrew *its troops* from X", "recalled *its ambassador* from
/// X", "extend *their peacekeeping mission* in X"): no one the act is toward, so the target lies
/// behind the object, if anywhere. "Russia accused Kyiv of shelling *its troops*" keeps its
/// target: they are not Kyiv's.
fn own_forces(
    tree: &Tree,
    view: &SentenceView,
    object: usize,
    groups: &[usize],
    owners: &[&str],
) -> bool {
    let subjects_own = |g: usize| {
        view.groups[g].mentions.iter().all(|&m| {
            let mention = &view.mentions[m];
            matches!(mention.via, Via::Role | Via::Context)
                && mention
                    .actor
                    .country
                    .as_ref()
                    .is_none_or(|c| owners.contains(&c.as_str()))
        })
    };
    groups.iter().all(|&g| subjects_own(g)) && possessed_by_pronoun(tree, object)
}

/// Whether a pronoun possesses the noun ("*its* troops").
fn possessed_by_pronoun(tree: &Tree, noun: usize) -> bool {
    tree.with_rel(noun, "nmod:poss")
        .any(|p| tree.upos(p) == Upos::Pron)
}

/// Whether a complement's object belongs to the subject ("is willing to withdraw *its* troops"):
/// the subject's own forces are no one it acts toward.
fn owned_by_subject(tree: &Tree, complement: usize) -> bool {
    tree.with_rel(complement, "obj")
        .any(|o| possessed_by_pronoun(tree, o))
}

/// A dependent's relation with the preposition that marks it: "obl[against]".
fn case_step(view: &SentenceView, tree: &Tree, i: usize) -> String {
    format!("{}[{}]", tree.rel(i), tree.case(view, i).unwrap_or(""))
}

/// An actor among the prepositional modifiers of a noun (`nmod` with a target preposition, those
/// the rule names first, `last_resort` prepositions last), followed down `depth` levels. The path
/// starts below the noun.
fn modifier_target(
    view: &SentenceView,
    tree: &Tree,
    noun: usize,
    cases: &[&str],
    last_resort: &[&str],
    depth: usize,
) -> Role {
    if depth == 0 {
        return Role::NoActor;
    }
    // Modifiers behind any other preposition are only passed through, last: "filed a lawsuit
    // in a Paris court *against X*" when the parser hangs "against" on "court".
    const PASSED_THROUGH: u8 = 3;
    let rank = |m: usize| {
        let case = tree.case(view, m)?;
        Some(if cases.contains(&case) {
            0
        } else if lexicon::contains(TARGET_CASES, case) {
            1
        } else if lexicon::contains(last_resort, case) {
            2
        } else {
            PASSED_THROUGH
        })
    };
    let mut modifiers: Vec<(u8, usize, String)> = tree
        .with_rel(noun, "nmod")
        .filter(|&m| tree.rel(m) != "nmod:poss")
        .filter_map(|m| Some((rank(m)?, m, case_step(view, tree, m))))
        .collect();
    // A participle or relative clause on the noun can name whom it concerns: "restrictions
    // *imposed on X*", "the ban that they imposed *on X*". Only its target prepositions count,
    // and not in an infinitive, which is an act of its own ("a decision to bring troops home
    // *from X*").
    let infinitive = |clause: usize| tree.with_rel(clause, "mark").next().is_some();
    // "an investigation of X *based on* his ties with Y": a participle that only relates the noun
    // to something names no one it concerns.
    let relating =
        |clause: usize| lexicon::contains(lexicon::RELATING_PARTICIPLES, view.norm(clause));
    for clause in tree
        .with_rel(noun, "acl")
        .filter(|&c| !infinitive(c) && !relating(c))
    {
        for o in tree.with_rel(clause, "obl") {
            // Its agent too, where "by" may name the patient: "condemned the threats *made by X*".
            let targeted = tree.case(view, o).is_some_and(|case| {
                lexicon::contains(TARGET_CASES, case)
                    || (tree.rel(o) == "obl:agent" && lexicon::contains(last_resort, case))
            });
            if let Some(r) = rank(o).filter(|_| targeted) {
                let step = format!("{}/{}", tree.rel(clause), case_step(view, tree, o));
                modifiers.push((r, o, step));
            }
        }
    }
    // "signed a deal *to supply X* with missiles": an agreement's infinitive names what it
    // binds its parties to, and the party it is with, when a party is its object or follows a
    // target preposition on it (not deeper: "to strengthen ties *between* the two countries").
    let agreement = lexicon::contains(lexicon::AGREEMENT_NOUNS, view.norm(noun));
    for clause in tree
        .with_rel(noun, "acl")
        .filter(|&c| agreement && infinitive(c))
    {
        let objects = ["iobj", "obj"].into_iter().flat_map(|rel| {
            tree.with_rel(clause, rel)
                .map(move |o| (o, rel.to_string()))
        });
        let obliques = tree.with_rel(clause, "obl").filter_map(|o| {
            let case = tree.case(view, o)?;
            lexicon::contains(TARGET_CASES, case).then(|| (o, case_step(view, tree, o)))
        });
        for (o, step) in objects.chain(obliques) {
            let step = format!("acl/{step}");
            if actor_role(view, tree, o, &step).is_party() {
                modifiers.push((1, o, step));
            }
        }
    }
    modifiers.sort_unstable();
    for (rank, m, step) in modifiers {
        let own = if rank == PASSED_THROUGH {
            Role::NoActor
        } else {
            actor_role(view, tree, m, &step)
        };
        let role = match own {
            Role::NoActor => {
                modifier_target(view, tree, m, cases, last_resort, depth - 1).behind(&step)
            }
            other => other,
        };
        if role.is_party() {
            return role;
        }
    }
    Role::NoActor
}

/// The agent of a noun trigger: its possessor or actor modifier, an agent after "by", or the
/// subject of the light verb it is the object of ("launched an attack").
fn noun_source(
    view: &SentenceView,
    tree: &Tree,
    noun: usize,
    cases: &[&str],
    in_trigger: &dyn Fn(usize) -> bool,
) -> Role {
    for rel in ["nmod:poss", "amod", "compound"] {
        for m in tree.with_rel(noun, rel).filter(|&m| !in_trigger(m)) {
            // An adjective is a party only when it is an actor's ("Israeli strikes"); a bare role
            // word says what kind of act it is ("a *military* assault").
            let role = match view.group_at.get(m).copied().flatten() {
                Some(group) if view.is_bare_role(group) => continue,
                Some(group) => Role::Found {
                    groups: vec![group],
                    path: rel.to_string(),
                },
                None if rel == "amod" => continue,
                None => actor_role(view, tree, m, rel),
            };
            // A name no dictionary knows before the noun is as often where or what it hit ("the
            // *World Trade Centre* attacks", "*Pacific* Assault"); a possessor is the agent.
            if matches!(role, Role::Name { .. }) && rel == "compound" {
                continue;
            }
            if role.is_party() {
                return role;
            }
        }
    }
    if let Some(by) = tree
        .with_rel(noun, "nmod")
        .find(|&m| tree.case(view, m) == Some("by"))
    {
        return actor_role(view, tree, by, "nmod[by]");
    }
    // Where the rule names the target's preposition and it is not "of", "of" names the agent:
    // "the visit *of the emperor* to Seoul"; after a possessor, what was moved ("its withdrawal
    // *of troops* from"). "From" names where the act came from where the rule's target is not
    // behind it: "condemnation *from Paris*", "aid *from Japan* to Haiti".
    let possessed = tree.first(noun, "nmod:poss").is_some();
    let of_agent = !possessed && !cases.is_empty() && !cases.contains(&"of");
    let from_agent = !cases.contains(&"from");
    // "not from terrorists but from this government": a party denied is none.
    let denied = |m: usize| {
        tree.with_rel(m, "advmod")
            .any(|a| view.is(a, lexicon::NEGATORS))
    };
    for (case, agentive) in [("of", of_agent), ("from", from_agent)] {
        let agent = tree
            .with_rel(noun, "nmod")
            .filter(|&m| agentive && !in_trigger(m) && tree.case(view, m) == Some(case))
            .filter(|&m| !denied(m))
            .map(|m| actor_role(view, tree, m, &format!("nmod[{case}]")))
            .find(Role::is_party);
        if let Some(agent) = agent {
            return agent;
        }
    }
    if let Some(role) = attributed_source(view, tree, noun, in_trigger) {
        return role;
    }
    match light_verb_of(tree, noun) {
        Some(verb) => verb_subject(view, tree, verb, in_trigger).behind("^obj"),
        None => Role::Unsaid,
    }
}

/// The party an act is laid to: the subject of "was *behind* the bombing", "was *responsible for*
/// the killing", "claimed *responsibility for* the attack".
fn attributed_source(
    view: &SentenceView,
    tree: &Tree,
    noun: usize,
    in_trigger: &dyn Fn(usize) -> bool,
) -> Option<Role> {
    // "X was behind the attack": the noun is the predicate, with a subject of its own.
    if tree.case(view, noun) == Some("behind") && tree.first(noun, "cop").is_some() {
        return Some(verb_subject(view, tree, noun, in_trigger));
    }
    let head = tree
        .head(noun)
        .filter(|_| tree.case(view, noun) == Some("for"))?;
    match tree.lemma(head) {
        // Its own subject only: one "held responsible" is the object of someone else's verb.
        "responsible" => tree
            .first(head, "nsubj")
            .map(|subject| actor_role(view, tree, subject, "^obl/nsubj")),
        "responsibility" | "blame" | "credit" => {
            let verb = tree.head(head).filter(|_| tree.universal(head) == "obj")?;
            Some(verb_subject(view, tree, verb, in_trigger).behind("^obl/^obj"))
        }
        _ => None,
    }
}

/// The verb a noun trigger is the object of, when that verb only carries it ("launched an
/// attack", "held talks").
fn light_verb_of(tree: &Tree, noun: usize) -> Option<usize> {
    tree.head(noun).filter(|&verb| {
        tree.universal(noun) == "obj" && lexicon::contains(LIGHT_VERBS, tree.lemma(verb))
    })
}

/// The target of a noun trigger: an actor among its prepositional modifiers, or in a
/// prepositional object of its light verb ("held talks with X").
fn noun_target(
    view: &SentenceView,
    tree: &Tree,
    noun: usize,
    cases: &[&str],
    in_trigger: &dyn Fn(usize) -> bool,
) -> Role {
    // "the visit of X": after a noun trigger, "of" names its agent as often as its patient.
    let own = modifier_target(view, tree, noun, cases, &[], MAX_TARGET_DEPTH);
    if own.is_party() {
        return own;
    }
    let Some(verb) = light_verb_of(tree, noun) else {
        return own;
    };
    tree.with_rel(verb, "obl")
        .filter(|&o| !in_trigger(o))
        .find(|&o| {
            tree.case(view, o)
                .is_some_and(|c| cases.contains(&c) || lexicon::contains(TARGET_CASES, c))
        })
        .map_or(own, |o| {
            actor_role(view, tree, o, &case_step(view, tree, o)).behind("^obj")
        })
}

#[cfg(test)]
mod tests {
    //! Roles on hand-written trees, so each reading is tested apart from the parser's accuracy.
    use super::*;
    use crate::matcher::Found;
    use entente_dictionaries::{RuleSet, SourceFile};
    use entente_model::{CountryCode, Span};
    use entente_syntax::{Deprel, Word};

    /// A sentence as `word/UPOS/head/deprel` items (heads 1-based, 0 for the root), its actors
    /// (words naming one, by code; a code after `~` is a role word's, one after `@` a state's
    /// place that the actor layer kept out as a location) and one rule.
    struct Case {
        text: String,
        parse: Parse,
        mentions: Vec<Mention>,
        places: Vec<Mention>,
        rules: RuleSet,
    }

    fn case(conll: &str, actors: &[(&str, &str)], rule: &str) -> Case {
        let mut text = String::new();
        let mut words = Vec::new();
        for item in conll.split_whitespace() {
            let parts: Vec<&str> = item.split('/').collect();
            let [form, upos, head, deprel] = parts[..] else {
                panic!("bad item {item}");
            };
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(form);
            let head: usize = head.parse().unwrap();
            words.push(Word {
                upos: Upos::parse(upos).unwrap(),
                xpos: String::new(),
                lemma: form.to_lowercase(),
                head: head.checked_sub(1),
                deprel: Deprel::parse(deprel).unwrap(),
            });
        }
        let (mut mentions, mut places) = (Vec::new(), Vec::new());
        for (name, code) in actors {
            let (code, via) = match code.strip_prefix('~') {
                Some(role) => (role, Via::Role),
                None => (*code, Via::Dictionary),
            };
            let (code, list) = match code.strip_prefix('@') {
                Some(state) => (state, &mut places),
                None => (code, &mut mentions),
            };
            let start = text.find(name).unwrap();
            list.push(Mention {
                sentence_index: 0,
                span: Span::new(start, start + name.len()),
                actor: Actor {
                    id: code.to_string(),
                    name: code.to_string(),
                    country: CountryCode::new(code).ok(),
                    sector: None,
                    code: ActorCode::new(code).unwrap(),
                },
                via,
                resolution: Resolution::Dictionary,
            });
        }
        mentions.sort_by_key(|m| m.span.start);
        let rules = RuleSet::parse(&[SourceFile {
            name: "test.rules".into(),
            text: rule.into(),
        }])
        .unwrap();
        Case {
            text,
            parse: Parse { words },
            mentions,
            places,
            rules,
        }
    }

    /// The source and target codes and paths the tree gives the rule anchored at the first word
    /// of `trigger` (one word, or the first and last words of a longer trigger).
    fn roles_of(case: &Case, trigger: &str) -> (String, String) {
        roles_after_word_order(case, trigger, None)
    }

    /// [`roles_of`] when word order had read the group at word `word_order_target` as the target.
    fn roles_after_word_order(
        case: &Case,
        trigger: &str,
        word_order_target: Option<&str>,
    ) -> (String, String) {
        let tokens = entente_text::tokenize(&case.text, Span::new(0, case.text.len()));
        assert_eq!(tokens.len(), case.parse.words.len(), "one word per token");
        let view = SentenceView::new(&case.text, &tokens, &case.mentions);
        let tree = Tree::new(case.parse.clone());
        let (first, last) = trigger.split_once(' ').unwrap_or((trigger, trigger));
        let at = (0..view.len()).find(|&i| view.norm(i) == first).unwrap();
        let end = (at..view.len()).find(|&i| view.norm(i) == last).unwrap();
        let rule = &case.rules.rules()[0];
        let mut m = Match {
            rule: 0,
            trigger: (at, end),
            anchor: at,
            source: None,
            target: word_order_target.map(|word| {
                let at = (0..view.len()).find(|&i| view.norm(i) == word).unwrap();
                group_binding(&view, view.group_at[at].unwrap(), Found::Pattern)
            }),
            passive: false,
            noun_use: false,
            nominalized: false,
            stretched: false,
            imposed: false,
            theme_passive: false,
        };
        let mut place_at = |word: usize| crate::place_binding(&view, &case.places, word);
        // The caller takes where the act happened as the target of last resort.
        let place = apply(&view, &tree, rule, 0, &mut m, &mut place_at);
        m.target = m.target.or(place);
        let show = |b: &Option<Binding>| {
            b.as_ref().map_or("-".to_string(), |b| {
                let codes: Vec<&str> = b.mentions.iter().map(|m| m.actor.code.as_str()).collect();
                format!(
                    "{} via {}",
                    codes.join("+"),
                    b.path.as_deref().unwrap_or("?")
                )
            })
        };
        assert!(m.source.as_ref().is_none_or(|b| b.found == Found::Pattern));
        (show(&m.source), show(&m.target))
    }

    #[test]
    fn subject_and_object() {
        let c = case(
            "Arnor/PROPN/2/nsubj condemned/VERB/0/root Gondor/PROPN/2/obj ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "111 condemn: SRC ~condemn TGT",
        );
        assert_eq!(
            roles_of(&c, "condemned"),
            ("ARN via nsubj".into(), "GON via obj".into())
        );
    }

    #[test]
    fn a_target_the_pattern_places_between_its_words_stands() {
        let c = case(
            "Arnor/PROPN/2/nsubj intercepted/VERB/0/root Gondorian/ADJ/4/amod drones/NOUN/2/obj \
             heading/VERB/4/acl toward/ADP/7/case Rohan/PROPN/5/obl ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Gondorian", "GON"), ("Rohan", "ROH")],
            "190 intercept: SRC ~intercept ...2 TGT? ...2 drones",
        );
        assert_eq!(
            roles_after_word_order(&c, "intercepted drones", Some("gondorian")),
            ("ARN via nsubj".into(), "GON via ?".into())
        );
    }

    #[test]
    fn a_compound_cut_off_from_its_noun_leaves_word_orders_target() {
        // The parser's slip: "Gondor" as a compound of "civilians" across "of ... targeting".
        let c = case(
            "Arnor/PROPN/2/nsubj accused/VERB/0/root Gondor/PROPN/7/compound of/ADP/6/mark \
             deliberately/ADV/6/advmod targeting/VERB/7/amod civilians/NOUN/2/obj ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Gondor", "GON"), ("civilians", "ELF")],
            "112 accuse: SRC ~accuse TGT",
        );
        assert_eq!(
            roles_after_word_order(&c, "accused", Some("gondor")),
            ("ARN via nsubj".into(), "GON via ?".into())
        );
    }

    #[test]
    fn the_subjects_own_people_are_no_target() {
        let c = case(
            "Arnor/PROPN/2/nsubj recalled/VERB/0/root its/PRON/4/nmod:poss envoy/NOUN/2/obj \
             from/ADP/6/case Gondor/PROPN/2/obl ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("envoy", "~ARN"), ("Gondor", "GON")],
            "161 recall: SRC ~recall TGT",
        );
        assert_eq!(
            roles_of(&c, "recalled"),
            ("ARN via nsubj".into(), "GON via obl[from]".into())
        );
        // Another country's people stay the target, whatever the pronoun.
        let c = case(
            "Arnor/PROPN/2/nsubj expelled/VERB/0/root its/PRON/4/nmod:poss envoy/NOUN/2/obj \
             ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("envoy", "~GON")],
            "174 expel: SRC ~expel TGT",
        );
        assert_eq!(
            roles_of(&c, "expelled"),
            ("ARN via nsubj".into(), "GON via obj".into())
        );
    }

    #[test]
    fn passive_agent_is_the_source_and_subject_the_target() {
        let c = case(
            "Gondor/PROPN/3/nsubj:pass was/AUX/3/aux:pass attacked/VERB/0/root by/ADP/5/case \
             Arnor/PROPN/3/obl:agent",
            &[("Gondor", "GON"), ("Arnor", "ARN")],
            "190 attack: SRC ~attack TGT",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            ("ARN via obl:agent".into(), "GON via nsubj:pass".into())
        );
    }

    #[test]
    fn a_passive_agent_hung_on_the_verbs_prepositional_phrase_is_the_source() {
        // Rohan was attacked in Ithilien by Arnor ("by Arnor" parsed under "Ithilien")
        let c = case(
            "Rohan/PROPN/3/nsubj:pass was/AUX/3/aux:pass attacked/VERB/0/root in/ADP/5/case \
             Ithilien/PROPN/3/obl by/ADP/7/case Arnor/PROPN/5/nmod",
            &[("Rohan", "ROH"), ("Arnor", "ARN")],
            "190 attack: SRC ~attack TGT",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            (
                "ARN via obl[in]/nmod[by]".into(),
                "ROH via nsubj:pass".into()
            )
        );
        // Without the passive auxiliary a noun's "by" phrase is the noun's own ("a raid by Arnor").
        let c = case(
            "Rohan/PROPN/2/nsubj condemned/VERB/0/root raids/NOUN/2/obj in/ADP/5/case \
             Ithilien/PROPN/3/nmod by/ADP/7/case Arnor/PROPN/5/nmod",
            &[("Rohan", "ROH"), ("Arnor", "ARN")],
            "111 condemn: SRC ~condemn TGT",
        );
        assert_eq!(roles_of(&c, "condemned").0, "ROH via nsubj");
    }

    #[test]
    fn a_passive_keeps_a_target_the_rule_puts_behind_a_preposition() {
        // Aid was sent to Gondor by Arnor: the aid was sent, Gondor received it
        let c = case(
            "Aid/NOUN/3/nsubj:pass was/AUX/3/aux:pass sent/VERB/0/root to/ADP/5/case \
             Gondor/PROPN/3/obl by/ADP/7/case Arnor/PROPN/3/obl:agent",
            &[("Gondor", "GON"), ("Arnor", "ARN")],
            "070 send: SRC ~send/sent ... to TGT",
        );
        assert_eq!(
            roles_of(&c, "sent"),
            ("ARN via obl:agent".into(), "GON via obl[to]".into())
        );
    }

    #[test]
    fn coordinated_verbs_share_the_object_after_the_second() {
        // Arnor attacked and captured Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj attacked/VERB/0/root and/CCONJ/4/cc captured/VERB/2/conj \
             Gondor/PROPN/4/obj ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "190 attack: SRC ~attack TGT?",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            ("ARN via nsubj".into(), "GON via conj/obj".into())
        );
        // The second verb with a subject of its own is another clause.
        let c = case(
            "Arnor/PROPN/2/nsubj attacked/VERB/0/root and/CCONJ/5/cc Rohan/PROPN/5/nsubj \
             captured/VERB/2/conj Gondor/PROPN/5/obj ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Rohan", "ROH"), ("Gondor", "GON")],
            "190 attack: SRC ~attack TGT?",
        );
        assert_ne!(roles_of(&c, "attacked").1, "GON via conj/obj");
    }

    #[test]
    fn target_below_the_object_through_prepositional_modifiers() {
        // Arnor eased restrictions on exports to Gondor and Rohan
        let c = case(
            "Arnor/PROPN/2/nsubj eased/VERB/0/root restrictions/NOUN/2/obj on/ADP/5/case \
             exports/NOUN/3/nmod to/ADP/7/case Gondor/PROPN/5/nmod and/CCONJ/9/cc \
             Rohan/PROPN/7/conj",
            &[("Arnor", "ARN"), ("Gondor", "GON"), ("Rohan", "ROH")],
            "081 ease: SRC ~ease ... restrictions [on] TGT?",
        );
        assert_eq!(
            roles_of(&c, "eased"),
            (
                "ARN via nsubj".into(),
                "GON+ROH via obj/nmod[on]/nmod[to]".into()
            )
        );
    }

    #[test]
    fn an_object_inside_the_trigger_leads_to_the_target() {
        // Arnor denied entry to Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj denied/VERB/0/root entry/NOUN/2/obj to/ADP/5/case \
             Gondor/PROPN/3/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "120 deny: SRC ~deny entry",
        );
        assert_eq!(
            roles_of(&c, "denied entry"),
            ("ARN via nsubj".into(), "GON via obj/nmod[to]".into())
        );
    }

    #[test]
    fn a_trigger_objects_preposition_outranks_its_actor_modifier() {
        // Arnor rejected a Rohirric proposal; Arnor imposed Rohirric sanctions on Gondor
        let proposal = case(
            "Arnor/PROPN/2/nsubj rejected/VERB/0/root a/DET/5/det Rohirric/ADJ/5/amod \
             proposal/NOUN/2/obj",
            &[("Arnor", "ARN"), ("Rohirric", "ROH")],
            "120 reject: SRC ~reject ... proposal",
        );
        assert_eq!(
            roles_of(&proposal, "rejected proposal"),
            ("ARN via nsubj".into(), "ROH via obj/amod".into())
        );
        let sanctions = case(
            "Arnor/PROPN/2/nsubj imposed/VERB/0/root Rohirric/ADJ/4/amod sanctions/NOUN/2/obj \
             on/ADP/6/case Gondor/PROPN/4/nmod",
            &[("Arnor", "ARN"), ("Rohirric", "ROH"), ("Gondor", "GON")],
            "163 sanction: SRC ~impose ... sanctions",
        );
        assert_eq!(
            roles_of(&sanctions, "imposed sanctions"),
            ("ARN via nsubj".into(), "GON via obj/nmod[on]".into())
        );
    }

    #[test]
    fn of_inside_a_verbs_object_names_whom_the_act_concerns() {
        // Arnor opened an investigation of Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj opened/VERB/0/root an/DET/4/det investigation/NOUN/2/obj \
             of/ADP/6/case Gondor/PROPN/4/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "090 investigate: SRC ~open ... investigation",
        );
        assert_eq!(
            roles_of(&c, "opened investigation"),
            ("ARN via nsubj".into(), "GON via obj/nmod[of]".into())
        );
    }

    #[test]
    fn condemning_an_act_targets_its_agent() {
        // Arnor condemned an attack by Gondorian soldiers
        let c = case(
            "Arnor/PROPN/2/nsubj condemned/VERB/0/root an/DET/4/det attack/NOUN/2/obj \
             by/ADP/7/case Gondorian/ADJ/7/amod soldiers/NOUN/4/nmod",
            &[("Arnor", "ARN"), ("Gondorian soldiers", "GONMIL")],
            "111 condemn: SRC ~condemn TGT?",
        );
        assert_eq!(
            roles_of(&c, "condemned"),
            ("ARN via nsubj".into(), "GONMIL via obj/nmod[by]".into())
        );
    }

    #[test]
    fn the_subject_of_a_passive_verb_is_the_patient_of_its_participle() {
        // Gondorian troops were reported killed; Arnor was reported to have attacked Gondor
        let killed = case(
            "Gondorian/ADJ/2/amod troops/NOUN/4/nsubj:pass were/AUX/4/aux:pass \
             reported/VERB/0/root killed/VERB/4/xcomp",
            &[("Gondorian troops", "GONMIL")],
            "190 kill: SRC ~kill TGT?",
        );
        assert_eq!(
            roles_of(&killed, "killed"),
            ("-".into(), "GONMIL via ^xcomp/nsubj:pass".into())
        );
        let attacked = case(
            "Arnor/PROPN/3/nsubj:pass was/AUX/3/aux:pass reported/VERB/0/root to/PART/6/mark \
             have/AUX/6/aux attacked/VERB/3/xcomp Gondor/PROPN/6/obj",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "190 attack: SRC ~attack TGT",
        );
        assert_eq!(
            roles_of(&attacked, "attacked"),
            ("ARN via ^xcomp/nsubj".into(), "GON via obj".into())
        );
    }

    #[test]
    fn a_headline_drops_the_passive_auxiliary() {
        // Arnor official killed in blast
        let c = case(
            "Arnor/PROPN/2/compound official/NOUN/3/nsubj killed/VERB/0/root in/ADP/5/case \
             blast/NOUN/3/obl",
            &[("Arnor official", "ARNGOV")],
            "190 kill: SRC ~kill TGT?",
        );
        assert_eq!(
            roles_of(&c, "killed"),
            ("-".into(), "ARNGOV via nsubj".into())
        );
        // The same words with a full stop are prose: an active verb that lost its object.
        let prose = case(
            "Arnor/PROPN/2/compound official/NOUN/3/nsubj killed/VERB/0/root in/ADP/5/case \
             blast/NOUN/3/obl ./PUNCT/3/punct",
            &[("Arnor official", "ARNGOV")],
            "190 kill: SRC ~kill TGT?",
        );
        assert_eq!(
            roles_of(&prose, "killed"),
            ("ARNGOV via nsubj".into(), "-".into())
        );
    }

    #[test]
    fn a_role_word_describing_a_noun_is_no_target() {
        // Arnor agreed to hold joint military exercises
        let mut c = case(
            "Arnor/PROPN/2/nsubj agreed/VERB/0/root to/PART/4/mark hold/VERB/2/xcomp \
             joint/ADJ/7/amod military/ADJ/7/amod exercises/NOUN/4/obj",
            &[("Arnor", "ARN"), ("military", "MIL")],
            "030 agree: SRC ~agree to TGT?",
        );
        c.mentions[1].via = Via::Role;
        c.mentions[1].actor.country = None;
        assert_eq!(
            roles_after_word_order(&c, "agreed to", Some("military")),
            ("ARN via nsubj".into(), "-".into())
        );
        // Arnor will boycott all official contact (context made "official" Arnor itself)
        let mut c = case(
            "Arnor/PROPN/3/nsubj will/AUX/3/aux boycott/VERB/0/root all/DET/6/det \
             official/ADJ/6/amod contact/NOUN/3/obj",
            &[("Arnor", "ARN"), ("official", "ARN")],
            "143 boycott: SRC ~boycott TGT?",
        );
        c.mentions[1].via = Via::Context;
        assert_eq!(
            roles_after_word_order(&c, "boycott", Some("official")),
            ("ARN via nsubj".into(), "-".into())
        );
    }

    #[test]
    fn a_state_moving_its_own_forces_does_not_act_on_them() {
        let forces = |source: &str, sector: &str| {
            let mut c = case(
                "Arnor/PROPN/2/nsubj withdrew/VERB/0/root its/PRON/4/nmod:poss troops/NOUN/2/obj",
                &[("Arnor", source), ("troops", "ARNMIL")],
                "087 withdraw: SRC ~withdraw TGT?",
            );
            let arnor = CountryCode::new("ARN").ok();
            c.mentions[0].actor.country = arnor.clone();
            c.mentions[0].actor.sector = entente_model::Sector::new(sector).ok();
            c.mentions[1].actor.country = arnor;
            c.mentions[1].actor.sector = entente_model::Sector::new("MIL").ok();
            roles_of(&c, "withdrew")
        };
        // Arnor withdrew its troops: what it moved, not whom it acted on
        assert_eq!(
            forces("ARNGOV", "GOV"),
            ("ARNGOV via nsubj".into(), "-".into())
        );
        // Arnor's rebels are not its state: the state's troops are another party
        assert_eq!(
            forces("ARNREB", "REB"),
            ("ARNREB via nsubj".into(), "ARNMIL via obj".into())
        );
    }

    #[test]
    fn a_trigger_word_naming_another_state_is_the_target() {
        // Arnor summoned a Rohan diplomat to its ministry (context made "ministry" Gondor's)
        let c = case(
            "Arnor/PROPN/2/nsubj summoned/VERB/0/root a/DET/5/det Rohan/PROPN/5/compound \
             diplomat/NOUN/2/obj to/ADP/8/case its/PRON/8/nmod:poss ministry/NOUN/5/nmod",
            &[
                ("Arnor", "ARN"),
                ("Rohan diplomat", "ROH"),
                ("ministry", "GON"),
            ],
            "114 summon: SRC ~summon ...3 TGT? ...2 diplomat ; active",
        );
        assert_eq!(
            roles_of(&c, "summoned diplomat"),
            ("ARN via nsubj".into(), "ROH via obj".into())
        );
    }

    #[test]
    fn a_role_word_on_members_names_their_group() {
        // Arnor arrested two opposition members
        let mut c = case(
            "Arnor/PROPN/2/nsubj arrested/VERB/0/root two/NUM/5/nummod \
             opposition/NOUN/5/compound members/NOUN/2/obj",
            &[("Arnor", "ARN"), ("opposition", "OPP")],
            "173 arrest: SRC ~arrest TGT?",
        );
        c.mentions[1].via = Via::Role;
        c.mentions[1].actor.country = None;
        assert_eq!(
            roles_after_word_order(&c, "arrested", None),
            ("ARN via nsubj".into(), "OPP via obj/compound".into())
        );
    }

    #[test]
    fn a_rules_locative_comes_after_a_target_preposition_deeper_in() {
        // Arnor filed a lawsuit in a Gondor court against Rohan
        let c = case(
            "Arnor/PROPN/2/nsubj filed/VERB/0/root a/DET/4/det lawsuit/NOUN/2/obj in/ADP/8/case \
             a/DET/8/det Gondor/PROPN/8/compound court/NOUN/4/nmod against/ADP/10/case \
             Rohan/PROPN/8/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON"), ("Rohan", "ROH")],
            "115 sue: SRC ~file ... lawsuit [in|against] TGT",
        );
        assert_eq!(
            roles_after_word_order(&c, "filed lawsuit", None),
            (
                "ARN via nsubj".into(),
                "ROH via obj/nmod[in]/nmod[against]".into()
            )
        );
    }

    #[test]
    fn a_subject_role_word_takes_its_state_from_its_phrase() {
        // Soldiers from Gondor blockaded Arnor
        let mut c = case(
            "Soldiers/NOUN/4/nsubj from/ADP/3/case Gondor/PROPN/1/nmod blockaded/VERB/0/root \
             Arnor/PROPN/4/obj",
            &[("Soldiers", "MIL"), ("Gondor", "GON"), ("Arnor", "ARN")],
            "191 blockade: SRC ~blockade TGT",
        );
        c.mentions[0].via = Via::Role;
        c.mentions[0].actor.country = None;
        c.mentions[0].actor.sector = Some(entente_model::Sector::new("MIL").unwrap());
        assert_eq!(
            roles_of(&c, "blockaded"),
            ("GONMIL via nsubj/nmod[from]".into(), "ARN via obj".into())
        );
    }

    #[test]
    fn a_participle_in_the_reported_news_is_not_the_speakers_act() {
        // Bombs exploded , killing Gondorians , Arnor said : "killing" hung on "said".
        let news = case(
            "Bombs/NOUN/2/nsubj exploded/VERB/8/ccomp ,/PUNCT/4/punct killing/VERB/8/advcl \
             Gondorians/PROPN/4/obj ,/PUNCT/7/punct Arnor/PROPN/8/nsubj said/VERB/0/root",
            &[("Gondorians", "GON"), ("Arnor", "ARN")],
            "190 kill: SRC ~kill TGT",
        );
        assert_eq!(roles_of(&news, "killing").0, "-");
        // Speaking to Gondor , Arnor said : the speaker's own act opens the sentence.
        let own = case(
            "Speaking/VERB/6/advcl to/ADP/3/case Gondor/PROPN/1/obl ,/PUNCT/1/punct \
             Arnor/PROPN/6/nsubj said/VERB/0/root",
            &[("Gondor", "GON"), ("Arnor", "ARN")],
            "040 speak: SRC ~speak to TGT",
        );
        assert_eq!(roles_of(&own, "speaking").0, "ARN via ^advcl/nsubj");
    }

    #[test]
    fn a_role_word_takes_the_state_an_adjective_names_across_a_compound() {
        // Gondorian paper workers blockaded Arnor: "Gondorian" hangs on "paper".
        let mut c = case(
            "Gondorian/ADJ/2/amod paper/NOUN/3/compound workers/NOUN/4/nsubj \
             blockaded/VERB/0/root Arnor/PROPN/4/obj",
            &[("workers", "LAB"), ("Gondorian", "GON"), ("Arnor", "ARN")],
            "191 blockade: SRC ~blockade TGT",
        );
        let workers = c.mentions.iter_mut().find(|m| m.actor.id == "LAB").unwrap();
        workers.via = Via::Role;
        workers.actor.country = None;
        workers.actor.sector = Some(entente_model::Sector::new("LAB").unwrap());
        assert_eq!(
            roles_of(&c, "blockaded"),
            ("GONLAB via nsubj/amod".into(), "ARN via obj".into())
        );
    }

    #[test]
    fn a_fear_concerns_the_subject_of_what_is_feared() {
        // Arnor fears Gondor will attack
        let c = case(
            "Arnor/PROPN/2/nsubj fears/VERB/0/root Gondor/PROPN/5/nsubj will/AUX/5/aux \
             attack/VERB/2/ccomp",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "012 fear: SRC ~fear TGT?",
        );
        assert_eq!(
            roles_of(&c, "fears"),
            ("ARN via nsubj".into(), "GON via ccomp/nsubj".into())
        );
        // What someone tells is addressed to its object, not to the clause's subject.
        let told = case(
            "Arnor/PROPN/2/nsubj told/VERB/0/root reporters/NOUN/2/obj Gondor/PROPN/6/nsubj \
             will/AUX/6/aux attack/VERB/2/ccomp",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "010 tell: SRC ~tell TGT?",
        );
        assert_eq!(
            roles_of(&told, "told"),
            ("ARN via nsubj".into(), "-".into())
        );
    }

    #[test]
    fn where_the_act_happened_is_the_target_of_last_resort() {
        // (sentence, actors, rule, trigger, target): a place the act happened in, as an actor, as
        // a capital the actor layer kept out as a location (`@`), or carried by a noun trigger's
        // own words; and a party an "in" phrase names, which any act takes.
        type PlaceCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str, &'a str);
        let cases: [PlaceCase; 4] = [
            (
                "Arnor/PROPN/2/nsubj declared/VERB/0/root a/DET/4/det ceasefire/NOUN/2/obj \
                 in/ADP/6/case Gondor/PROPN/2/obl",
                &[("Arnor", "ARN"), ("Gondor", "GON")],
                "0871 ceasefire: SRC ~declare ... ceasefire",
                "declared ceasefire",
                "GON via obl[in]",
            ),
            (
                "Arnor/PROPN/2/nsubj imposed/VERB/0/root a/DET/4/det curfew/NOUN/2/obj \
                 in/ADP/6/case Minas/PROPN/4/nmod",
                &[("Arnor", "ARN"), ("Minas", "@GON")],
                "1723 curfew: SRC ~impose a curfew",
                "imposed curfew",
                "GON via nmod[in]",
            ),
            (
                "Arnor/PROPN/2/nsubj announced/VERB/0/root a/DET/4/det suspension/NOUN/2/obj \
                 of/ADP/6/case aid/NOUN/4/nmod in/ADP/8/case Gondor/PROPN/6/nmod",
                &[("Arnor", "ARN"), ("Gondor", "GON")],
                "162 aid-noun: SRC suspension of aid ; noun",
                "suspension aid",
                "GON via nmod[in]",
            ),
            (
                "Arnor/PROPN/2/nsubj mediated/VERB/0/root in/ADP/4/case talks/NOUN/2/obl \
                 with/ADP/6/case Gondor/PROPN/4/nmod ./PUNCT/2/punct",
                &[("Arnor", "ARN"), ("Gondor", "GON")],
                "045 mediate: SRC ~mediate TGT?",
                "mediated",
                "GON via obl[in]/nmod[with]",
            ),
        ];
        for (conll, actors, rule, trigger, target) in cases {
            let (source, got) = roles_of(&case(conll, actors, rule), trigger);
            assert!(source.starts_with("ARN via"), "{conll}: source {source}");
            assert_eq!(got, target, "{conll}");
        }
    }

    #[test]
    fn the_rules_preposition_outranks_the_object_it_hangs_on() {
        // Arnor sent troops to Gondor (the parser hung "to Gondor" on "troops")
        let c = case(
            "Arnor/PROPN/2/nsubj sent/VERB/0/root troops/NOUN/2/obj to/ADP/5/case \
             Gondor/PROPN/3/nmod ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("troops", "~MIL"), ("Gondor", "GON")],
            "074 send: SRC ~send ... to TGT",
        );
        assert_eq!(
            roles_of(&c, "sent"),
            ("ARN via nsubj".into(), "GON via obj/nmod[to]".into())
        );
        // Arnor discussed Rohan with Gondor: a consultation's partner comes after "with".
        let c = case(
            "Arnor/PROPN/2/nsubj discussed/VERB/0/root Rohan/PROPN/2/obj with/ADP/5/case \
             Gondor/PROPN/3/nmod ./PUNCT/2/punct",
            &[("Arnor", "ARN"), ("Rohan", "ROH"), ("Gondor", "GON")],
            "040 discuss: SRC ~discuss ; sym",
        );
        assert_eq!(
            roles_of(&c, "discussed"),
            ("ARN via nsubj".into(), "GON via obj/nmod[with]".into())
        );
    }

    #[test]
    fn a_plain_passive_the_rule_cannot_read_says_no_source() {
        // Suspects are detained in a prison (a pattern with words after its verb reads no passive)
        let c = case(
            "Suspects/NOUN/3/nsubj:pass are/AUX/3/aux:pass detained/VERB/0/root in/ADP/6/case \
             a/DET/6/det prison/NOUN/3/obl",
            &[("Suspects", "~CRM")],
            "173 confine: SRC ~detain ... prison ; active",
        );
        assert_eq!(
            roles_of(&c, "detained prison"),
            ("-".into(), "CRM via nsubj:pass".into())
        );
        // Gondorian hostages freed in Arnor (a headline's participle on its patient)
        let mut c = case(
            "Gondorian/ADJ/2/amod hostages/NOUN/0/root freed/VERB/2/acl in/ADP/5/case \
             Arnor/PROPN/3/obl",
            &[("Gondorian hostages", "GON")],
            "0841 release: SRC ~free TGT",
        );
        c.parse.words[2].xpos = "VBN".into();
        assert_eq!(roles_of(&c, "freed"), ("-".into(), "GON via ^acl".into()));
    }

    #[test]
    fn an_authority_act_with_no_agent_was_done_by_the_state_it_happened_in() {
        // Rohirrim were arrested on Monday in Arnor (the place hung on the day)
        let c = case(
            "Rohirrim/PROPN/3/nsubj:pass were/AUX/3/aux:pass arrested/VERB/0/root on/ADP/5/case \
             Monday/PROPN/3/obl in/ADP/7/case Arnor/PROPN/5/nmod ./PUNCT/3/punct",
            &[("Rohirrim", "ROHCVL"), ("Arnor", "ARN")],
            "173 arrest: SRC ~arrest TGT?",
        );
        assert_eq!(
            roles_of(&c, "arrested"),
            ("ARN via nmod[in]".into(), "ROHCVL via nsubj:pass".into())
        );
        // Rohirrim were attacked in Arnor: unnamed hands, no source
        let c = case(
            "Rohirrim/PROPN/3/nsubj:pass were/AUX/3/aux:pass attacked/VERB/0/root in/ADP/5/case \
             Arnor/PROPN/3/obl ./PUNCT/3/punct",
            &[("Rohirrim", "ROHCVL"), ("Arnor", "ARN")],
            "190 attack: SRC ~attack TGT?",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            ("-".into(), "ROHCVL via nsubj:pass".into())
        );
    }

    #[test]
    fn a_capital_kept_out_as_a_place_is_the_state_a_visit_lands_on() {
        // Arnor flew to Minas (the actor layer kept the capital out as a place, not a party)
        let c = case(
            "Arnor/PROPN/2/nsubj flew/VERB/0/root to/ADP/4/case Minas/PROPN/2/obl",
            &[("Arnor", "ARN"), ("Minas", "@GON")],
            "042 visit: SRC ~fly/flew to TGT ; place",
        );
        assert_eq!(
            roles_of(&c, "flew"),
            ("ARN via nsubj".into(), "GON via obl[to]".into())
        );
        // Without `place`, the rule takes no place for its target, and the name is no party it knows.
        let c = case(
            "Arnor/PROPN/2/nsubj wrote/VERB/0/root to/ADP/4/case Minas/PROPN/2/obl",
            &[("Arnor", "ARN"), ("Minas", "@GON")],
            "020 write: SRC ~write to TGT",
        );
        assert_ne!(roles_of(&c, "wrote").1, "GON via obl[to]");
    }

    #[test]
    fn a_name_on_the_noun_outweighs_what_context_made_of_it() {
        // Arnor struck Gondorian troops ("troops" resolved from earlier sentences to Rohan's)
        let mut c = case(
            "Arnor/PROPN/2/nsubj struck/VERB/0/root Gondorian/ADJ/4/amod troops/NOUN/2/obj",
            &[("Arnor", "ARN"), ("Gondorian", "GON"), ("troops", "ROH")],
            "190 strike: SRC ~strike TGT",
        );
        c.mentions[2].via = Via::Context;
        assert_eq!(
            roles_of(&c, "struck"),
            ("ARN via nsubj".into(), "GON via obj/amod".into())
        );
        // Arnor struck Gondorian border troops ("troops" given Gondor's army by that very name)
        let mut c = case(
            "Arnor/PROPN/2/nsubj struck/VERB/0/root Gondorian/ADJ/5/amod border/NOUN/5/compound \
             troops/NOUN/2/obj",
            &[("Arnor", "ARN"), ("Gondorian", "GON"), ("troops", "GONMIL")],
            "190 strike: SRC ~strike TGT",
        );
        c.mentions[2].via = Via::Context;
        c.mentions[2].actor.country = CountryCode::new("GON").ok();
        assert_eq!(
            roles_of(&c, "struck"),
            ("ARN via nsubj".into(), "GONMIL via obj".into())
        );
    }

    #[test]
    fn a_target_that_is_the_source_again_is_a_misreading() {
        // Arnor struck troops ("troops" resolved to Arnor's own)
        let c = case(
            "Arnor/PROPN/2/nsubj struck/VERB/0/root troops/NOUN/2/obj",
            &[("Arnor", "ARN"), ("troops", "ARN")],
            "190 strike: SRC ~strike TGT",
        );
        assert_eq!(roles_of(&c, "struck"), ("ARN via nsubj".into(), "-".into()));
    }

    #[test]
    fn control_passes_the_subject_and_the_complement_passes_its_target() {
        // Arnor agreed to lift sanctions on Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj agreed/VERB/0/root to/PART/4/mark lift/VERB/2/xcomp \
             sanctions/NOUN/4/obj on/ADP/7/case Gondor/PROPN/5/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "081 lift: SRC ~lift sanctions [on] TGT?\n030 agree: SRC ~agree to",
        );
        assert_eq!(
            roles_of(&c, "lift"),
            ("ARN via ^xcomp/nsubj".into(), "GON via obj/nmod[on]".into())
        );
        let agree = Case {
            rules: RuleSet::parse(&[SourceFile {
                name: "t".into(),
                text: "030 agree: SRC ~agree to".into(),
            }])
            .unwrap(),
            ..c
        };
        assert_eq!(
            roles_of(&agree, "agreed"),
            ("ARN via nsubj".into(), "GON via xcomp/obj/nmod[on]".into())
        );
    }

    #[test]
    fn reported_speech_gives_the_embedded_act_its_own_subject() {
        // Arnor said Gondor attacked Rohan
        let c = case(
            "Arnor/PROPN/2/nsubj said/VERB/0/root Gondor/PROPN/4/nsubj attacked/VERB/2/ccomp \
             Rohan/PROPN/4/obj",
            &[("Arnor", "ARN"), ("Gondor", "GON"), ("Rohan", "ROH")],
            "190 attack: SRC ~attack TGT",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            ("GON via nsubj".into(), "ROH via obj".into())
        );
    }

    #[test]
    fn relative_pronoun_stands_for_its_antecedent() {
        // Arnor , which attacked Gondor , ...
        let c = case(
            "Arnor/PROPN/0/root ,/PUNCT/4/punct which/PRON/4/nsubj attacked/VERB/1/acl:relcl \
             Gondor/PROPN/4/obj",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "190 attack: SRC ~attack TGT",
        );
        assert_eq!(
            roles_of(&c, "attacked"),
            ("ARN via ^acl:relcl".into(), "GON via obj".into())
        );
    }

    #[test]
    fn nominal_trigger_takes_possessor_and_prepositional_target() {
        // Arnor 's attack on Gondor
        let c = case(
            "Arnor/PROPN/3/nmod:poss 's/PART/1/case attack/NOUN/0/root on/ADP/5/case \
             Gondor/PROPN/3/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "190 attack.noun: attack on TGT? ; noun",
        );
        assert_eq!(
            roles_of(&c, "attack"),
            ("ARN via nmod:poss".into(), "GON via nmod[on]".into())
        );
    }

    #[test]
    fn light_verb_subject_is_the_agent_of_its_noun() {
        // Arnor launched an attack on Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj launched/VERB/0/root an/DET/4/det attack/NOUN/2/obj \
             on/ADP/6/case Gondor/PROPN/4/nmod",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "190 attack.noun: attack on TGT? ; noun",
        );
        assert_eq!(
            roles_of(&c, "attack"),
            ("ARN via ^obj/nsubj".into(), "GON via nmod[on]".into())
        );
        // Arnor launched a military attack on Gondor: "military" is the kind of attack.
        let mut kind = case(
            "Arnor/PROPN/2/nsubj launched/VERB/0/root a/DET/5/det military/ADJ/5/amod \
             attack/NOUN/2/obj on/ADP/7/case Gondor/PROPN/5/nmod",
            &[("Arnor", "ARN"), ("military", "MIL"), ("Gondor", "GON")],
            "190 attack.noun: attack on TGT? ; noun",
        );
        kind.mentions[1].via = Via::Role;
        kind.mentions[1].actor.country = None;
        assert_eq!(
            roles_of(&kind, "attack"),
            ("ARN via ^obj/nsubj".into(), "GON via nmod[on]".into())
        );
    }

    #[test]
    fn unknown_name_in_a_role_is_a_party_but_a_date_is_not() {
        // Arnor opened an investigation into Gondor Bank on Monday
        let c = case(
            "Arnor/PROPN/2/nsubj opened/VERB/0/root an/DET/4/det investigation/NOUN/2/obj \
             into/ADP/7/case Grey/PROPN/7/compound Bank/PROPN/4/nmod on/ADP/9/case \
             Monday/PROPN/2/obl",
            &[("Arnor", "ARN")],
            "090 investigate: SRC ~open ... investigation [into] TGT?",
        );
        let (source, target) = roles_of(&c, "opened");
        assert_eq!(source, "ARN via nsubj");
        assert_eq!(target, "UNK via obj/nmod[into]");
    }

    #[test]
    fn states_modifying_a_relation_noun_are_not_its_object() {
        // Arnor could help Gondor-Rohan relations
        let c = case(
            "Arnor/PROPN/3/nsubj could/AUX/3/aux help/VERB/0/root Gondor-Rohan/PROPN/5/compound \
             relations/NOUN/3/obj",
            &[("Arnor", "ARN"), ("Gondor-Rohan", "GON")],
            "070 help: SRC ~help TGT",
        );
        assert_eq!(roles_of(&c, "help"), ("ARN via nsubj".into(), "-".into()));
    }

    #[test]
    fn a_demanded_gerund_has_no_subject_in_the_text() {
        // Arnor called for cutting ties with Gondor
        let c = case(
            "Arnor/PROPN/2/nsubj called/VERB/0/root for/SCONJ/4/mark cutting/VERB/2/advcl \
             ties/NOUN/4/obj with/ADP/7/case Gondor/PROPN/4/obl",
            &[("Arnor", "ARN"), ("Gondor", "GON")],
            "161 cut: SRC ~cut ties with TGT",
        );
        assert_eq!(
            roles_of(&c, "cutting"),
            ("-".into(), "GON via obl[with]".into())
        );
    }

    #[test]
    fn coordination_joins_conjuncts_word_order_kept_apart() {
        // Arnor condemned Gondor and the evil Rohan
        let c = case(
            "Arnor/PROPN/2/nsubj condemned/VERB/0/root Gondor/PROPN/2/obj and/CCONJ/7/cc \
             the/DET/7/det evil/ADJ/7/amod Rohan/PROPN/3/conj",
            &[("Arnor", "ARN"), ("Gondor", "GON"), ("Rohan", "ROH")],
            "111 condemn: SRC ~condemn TGT",
        );
        assert_eq!(
            roles_of(&c, "condemned"),
            ("ARN via nsubj".into(), "GON+ROH via obj".into())
        );
    }

    #[test]
    fn prose_full_of_names_is_no_headline() {
        // The Arnor Council filed a lawsuit in the Grey Havens Court against Thom
        let c = case(
            "The/DET/3/det Arnor/PROPN/3/compound Council/PROPN/4/nsubj filed/VERB/0/root \
             a/DET/6/det lawsuit/NOUN/4/obj in/ADP/11/case the/DET/11/det Grey/PROPN/10/compound \
             Havens/PROPN/11/compound Court/PROPN/6/nmod against/ADP/13/case Thom/PROPN/6/nmod",
            &[("Thom", "THM")],
            "112 sue: SRC ~file ... lawsuit against TGT",
        );
        assert_eq!(
            roles_of(&c, "filed"),
            ("UNK via nsubj".into(), "THM via obj/nmod[against]".into())
        );
    }

    #[test]
    fn a_headline_capitalises_every_word_so_it_names_no_unknown_party() {
        let c = case(
            "Arnor/PROPN/2/nsubj Condemns/VERB/0/root Grey/PROPN/4/compound Havens/PROPN/2/obj",
            &[("Arnor", "ARN")],
            "111 condemn: SRC ~condemn TGT",
        );
        assert_eq!(
            roles_of(&c, "condemns"),
            ("ARN via nsubj".into(), "-".into())
        );
    }
}
