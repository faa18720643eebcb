//! Event coding: rules over tokens and actor mentions.
//!
//! - [`Coder::code_document`] codes one document: for each sentence it looks every token up in the
//!   compiled [`RuleSet`](entente_dictionaries::RuleSet) index and matches the candidate rules'
//!   words (`matcher`). The rule names the act; when a parser is given, the sentence's dependency
//!   tree names who did it to whom (`roles`), and word order fills only what the tree leaves unsaid.
//!   Then it reads negation and modality (`context`), keeps the longest non-overlapping matches, and
//!   emits [`Event`]s and [`Relation`]s (`emit`) with the rule id, the dependency path of each role,
//!   dates and a confidence. The trees of the sentences that yielded events go out with them
//!   ([`CoderOutput::trees`]), for the places stage.
//! - [`Coder::explain_sentence`] runs the same steps on one sentence and returns an
//!   [`Explanation`]: tokens with their tree, mentions, every rule tried and why it fired or was
//!   rejected.
//! - [`Coder`] holds what coding needs (rules, CAMEO table, dictionary hash, optionally the parser),
//!   so tests can code with a tiny inline rule set.
//!
//! Confidence is 0.9 for a match whose actors sit where the pattern puts them, minus 0.1 for each actor
//! found by a fallback (possessor, passive agent, fronted clause, pronoun, quote speaker), 0.1 for a
//! nominal trigger, 0.1 for a derived event (reverse of a symmetric or paired event, an announcement)
//! and 0.05 for a passive; clamped to 0.3..0.95.

mod context;
mod emit;
mod explain;
mod lexicon;
mod matcher;
mod roles;
mod sentence;

pub use explain::{Candidate, ExplainedMention, ExplainedToken, Explanation, TokenSyntax};

use context::Reading;
use emit::Draft;
use entente_dictionaries::rules::{Element, Rule, RuleKind, RuleSet, SentenceWords, Slot};
use entente_dictionaries::{
    ActorDictionary, CameoTable, Dictionaries, DiscardScope, Discards, FormKind, Target,
};
use entente_model::{
    Actor, Diagnostic, Document, Event, EventActor, Mention, Relation, Resolution, Sentence, Span,
    TokenKind, Trigger, Via,
};
use entente_places::Gazetteer;
use entente_syntax::{Hint, Parse};
use matcher::{Binding, Context, Found, Match};
use roles::Tree;
use sentence::SentenceView;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Events and stated relations coded from one document, plus diagnostics.
#[derive(Debug, Default)]
pub struct CoderOutput {
    pub events: Vec<Event>,
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
    /// The dependency trees of the sentences that yielded events, by sentence index (none without
    /// a parser): later stages read where an event happened from the tree that named its roles
    /// instead of parsing the sentence again.
    pub trees: BTreeMap<usize, Parse>,
}

/// What coding reads: the rules, the CAMEO table and the hash recorded on every event.
#[derive(Clone, Copy)]
pub struct Coder<'a> {
    pub rules: &'a RuleSet,
    pub cameo: &'a CameoTable,
    pub dictionaries_hash: &'a str,
    /// Where rules with the `place` option look up capitals and states named as locations.
    pub places: Option<&'a ActorDictionary>,
    /// Towns and divisions named as locations ("in Mosul"), which stand for their state where an
    /// act lands on its place (with `places`, which names the state).
    pub towns: Option<&'a Gazetteer>,
    /// Phrases that take a sentence or a story out of coding.
    pub discards: Option<&'a Discards>,
    /// The parser whose tree decides source and target; without it roles come from word order.
    pub syntax: Option<&'a entente_syntax::Model>,
}

/// State carried from one sentence to the next.
#[derive(Default)]
struct Carry {
    speaker: Option<Vec<Mention>>,
    quote_open: bool,
}

/// One sentence's results.
struct Coded {
    events: Vec<Event>,
    relations: Vec<Relation>,
    candidates: Vec<Candidate>,
    /// The sentence's tree, when it was parsed.
    tree: Option<Tree>,
}

impl<'a> Coder<'a> {
    pub fn from_dictionaries(dicts: &'a Dictionaries) -> Self {
        Self {
            rules: &dicts.rules,
            cameo: &dicts.cameo,
            dictionaries_hash: dicts.hash(),
            places: Some(&dicts.actors),
            towns: None,
            discards: Some(&dicts.discards),
            syntax: None,
        }
    }

    /// The same coder, reading towns and divisions named as locations from `gazetteer`.
    pub fn with_towns(self, gazetteer: &'a Gazetteer) -> Self {
        Self {
            towns: Some(gazetteer),
            ..self
        }
    }

    /// Whether `actor` is a world region or bloc itself (Africa, the Middle East), not a state.
    fn is_world_region(&self, actor: &entente_model::Actor) -> bool {
        self.places
            .and_then(|actors| actors.country(&actor.id))
            .is_some_and(|country| country.is_region)
    }

    /// The same coder, reading roles from `model`'s dependency trees.
    pub fn with_syntax(self, model: &'a entente_syntax::Model) -> Self {
        Self {
            syntax: Some(model),
            ..self
        }
    }

    pub fn code_document(
        &self,
        doc: &Document,
        sentences: &[Sentence],
        mentions: &[Mention],
    ) -> CoderOutput {
        let mut out = CoderOutput::default();
        let discarded = self.discarded(doc, sentences);
        if discarded.contains(&Some(DiscardScope::Story)) {
            return out;
        }
        if lexicon::is_sports_report(&doc.text) {
            out.diagnostics.push(
                Diagnostic::info(
                    "coder.sports_report",
                    "the story reads as a sports report: its teams' matches are no events",
                )
                .at(doc.id.clone()),
            );
            return out;
        }
        let mut carry = Carry::default();
        let mut unknown = BTreeSet::new();
        for (sentence, discarded) in sentences.iter().zip(&discarded) {
            if discarded.is_some() {
                continue;
            }
            let coded =
                self.code_sentence(doc, sentence, mentions, &mut carry, &mut unknown, false);
            if let Some(tree) = coded.tree.filter(|_| !coded.events.is_empty()) {
                out.trees.insert(sentence.index, tree.parse);
            }
            out.events.extend(coded.events);
            out.relations.extend(coded.relations);
        }
        for code in unknown {
            out.diagnostics.push(
                Diagnostic::warning(
                    "coder.unknown_cameo",
                    format!("CAMEO code {code} is not in the CAMEO table"),
                )
                .at(doc.id.clone()),
            );
        }
        out
    }

    /// Per sentence, the widest discard phrase it holds (`*.discards`): a story discard leaves
    /// the whole document uncoded, a sentence discard that sentence.
    fn discarded(&self, doc: &Document, sentences: &[Sentence]) -> Vec<Option<DiscardScope>> {
        let Some(discards) = self.discards.filter(|d| !d.is_empty()) else {
            return vec![None; sentences.len()];
        };
        sentences
            .iter()
            .map(|sentence| {
                let tokens = entente_text::tokenize(&doc.text, sentence.span);
                let words: Vec<_> = tokens
                    .iter()
                    .map(|t| sentence::fold_token(t.span.slice(&doc.text)).to_lowercase())
                    .collect();
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                discards.scope_in(&words)
            })
            .collect()
    }

    /// Explains one sentence on its own (no speaker carried in from earlier sentences).
    pub fn explain_sentence(
        &self,
        doc: &Document,
        sentence: &Sentence,
        mentions: &[Mention],
    ) -> Explanation {
        self.explain_document(doc, std::slice::from_ref(sentence), mentions)
            .remove(0)
    }

    /// Explains every sentence, carrying quote speakers from one sentence to the next as coding does.
    pub fn explain_document(
        &self,
        doc: &Document,
        sentences: &[Sentence],
        mentions: &[Mention],
    ) -> Vec<Explanation> {
        let mut carry = Carry::default();
        let mut unknown = BTreeSet::new();
        sentences
            .iter()
            .map(|sentence| {
                let tokens = entente_text::tokenize(&doc.text, sentence.span);
                let view =
                    SentenceView::new(&doc.text, &tokens, sentence_mentions(mentions, sentence));
                let coded =
                    self.code_sentence(doc, sentence, mentions, &mut carry, &mut unknown, true);
                explain::build(
                    &view,
                    coded.tree.as_ref().map(|t| &t.parse),
                    sentence,
                    coded.candidates,
                    coded.events,
                    coded.relations,
                )
            })
            .collect()
    }

    /// Codes one sentence; `trace` also collects the [`Candidate`]s `explain` reports (coding alone
    /// skips building them).
    fn code_sentence(
        &self,
        doc: &Document,
        sentence: &Sentence,
        mentions: &[Mention],
        carry: &mut Carry,
        unknown: &mut BTreeSet<String>,
        trace: bool,
    ) -> Coded {
        let tokens = entente_text::tokenize(&doc.text, sentence.span);
        let own = sentence_mentions(mentions, sentence);
        let view = SentenceView::new(&doc.text, &tokens, own);
        let before = Context {
            rules: self.rules,
            speaker: carry.speaker.as_deref(),
            quote_open_at_start: carry.quote_open,
        };
        let (speaker, quote_flips) = next_carry(&view, &before);
        let ctx = Context {
            speaker: speaker.as_deref().or(carry.speaker.as_deref()),
            ..before
        };
        let mut matches: Vec<(Match, Reading)> = Vec::new();
        let mut candidates = Vec::new();
        // The rules each token can anchor, looked up once for both passes.
        let at_tokens: Vec<_> = (0..view.len())
            .map(|at| {
                let own = self.rules.candidates(view.norm(at));
                // A noun derived from a verb that no rule names ("rejection") anchors the verb's
                // rules, read through the noun.
                if !own.all.is_empty() {
                    return own;
                }
                lexicon::verb_of_nominalization(view.norm(at))
                    .map_or(own, |verb| self.rules.candidates(verb))
            })
            .collect();
        let anchored: Vec<&[u32]> = at_tokens.iter().map(|c| c.all).collect();
        let place_anchored: Vec<&[u32]> = at_tokens.iter().map(|c| c.place).collect();
        // A common verb anchors many rules, and most need another word this sentence lacks.
        let words = self.rules.sentence_words(&at_tokens);
        // Every event needs one of the sentence's mentions or the carried speaker: with neither,
        // the rules are tried only to explain them, and fail there as they would in coding (the
        // tree could still make an unknown name a source, but a sentence naming no actor the
        // dictionaries know is not worth its parse).
        // A crowd named by its size may protest as the civilians of the place it gathered in,
        // which the actor layer keeps out as a location ("thousands marched in Tbilisi").
        let names_a_crowd = view
            .toks
            .iter()
            .any(|t| lexicon::contains(lexicon::CROWD_SIZES, &t.norm));
        let can_have_source = !view.mentions.is_empty()
            || ctx.speaker.is_some_and(|s| !s.is_empty())
            || names_a_crowd;
        let tried = if trace || can_have_source {
            &at_tokens[..]
        } else {
            &[]
        };
        // With no mention, only the carried speaker can be a source, and only word order finds
        // it ("we will", inside the speaker's quote): a match without it is not worth a parse.
        let worth_a_parse = |m: &Match| {
            !view.mentions.is_empty()
                || m.source.is_some()
                || names_a_crowd && is_protest(&self.rules.rules()[m.rule])
        };
        // Parsed once, on the first match: most sentences have none.
        let mut tree: Option<Tree> = None;
        // The states' places the actor layer kept out as locations, found once when a role asks.
        let mut places: Option<Vec<Mention>> = None;
        let mut place_at = |word: usize| {
            let found =
                places.get_or_insert_with(|| self.place_mentions(doc, sentence, own, mentions));
            place_binding(&view, found, word)
        };
        let mut matchable = Vec::new();
        for (at, at_token) in tried.iter().enumerate() {
            if view.group_at[at].is_some() {
                continue;
            }
            self.rules.matchable(at_token, &words, &mut matchable);
            for &r in &matchable {
                let rule = &self.rules.rules()[r as usize];
                let mut m = match matcher::try_rule(&view, &ctx, r as usize, rule, at) {
                    Some(m) => m,
                    None => {
                        // A long gap stands when the tree puts the words after it in the anchor's
                        // own phrase; a passive whose subject is the pattern's word after the
                        // verb, when the tree makes that word the verb's passive subject.
                        if let Some((m, landings)) =
                            matcher::try_rule_far(&view, &ctx, r as usize, rule, at)
                                .filter(|(m, _)| worth_a_parse(m))
                        {
                            let Some(tree) = self.tree(&view, &anchored, &mut tree) else {
                                continue;
                            };
                            if !landings.iter().all(|&t| tree.is_within(t, at)) {
                                continue;
                            }
                            m
                        } else if let Some((m, theme)) =
                            matcher::try_rule_passive_theme(&view, r as usize, rule, at)
                                .filter(|(m, _)| worth_a_parse(m))
                        {
                            let Some(tree) = self.tree(&view, &anchored, &mut tree) else {
                                continue;
                            };
                            if tree.passive_subject(at) != Some(theme) {
                                continue;
                            }
                            m
                        } else {
                            continue;
                        }
                    }
                };
                // An imported pattern's words stay in the verb's clause: ", and" or ", but" starts
                // another ("supplies oil, and Tel Aviv is the supplier of Baku's arms").
                if rule.layer && crosses_a_joined_clause(&view, m.trigger) {
                    continue;
                }
                // A verb rule on a noun ("the attack") never fires: no parse for its roles.
                let mut voided_by_its_words = None;
                if !m.noun_use && worth_a_parse(&m) {
                    if let Some(tree) = self.tree(&view, &anchored, &mut tree) {
                        // "the Mumbai attacks": a noun after the town it happened in.
                        let after_its_town = || {
                            tree.compound_before_noun(m.anchor)
                                .and_then(|c| view.group_at[c])
                                .is_some_and(|g| self.names_a_town(&doc.text, &view, g))
                        };
                        if is_verb_event(rule)
                            && !m.nominalized
                            && (tree.is_counted_noun(&view, m.anchor)
                                || after_its_town()
                                || tree.is_attributive_participle(&view, m.anchor))
                        {
                            m.noun_use = true;
                        } else if rule.layer && tree.is_in_another_clause(m.trigger.1, m.anchor) {
                            // An imported pattern's last word under a verb joined to the
                            // anchor, or in another verb's subject, belongs to another act.
                            voided_by_its_words =
                                Some("the pattern's last word belongs to another clause");
                        } else if let Some(reason) =
                            roles::words_void_the_act(&view, tree, rule, m.anchor)
                        {
                            voided_by_its_words = Some(reason);
                        } else {
                            let place = roles::apply(
                                &view,
                                tree,
                                rule,
                                sentence.index,
                                &mut m,
                                &mut place_at,
                            );
                            if self.names_where_it_happened(&doc.text, &view, tree, &m) {
                                m.source = None;
                            }
                            // Two coordinated subjects of a symmetric act are each other's
                            // target ("X and Y fought in Gaza"), not the place.
                            let paired = rule.symmetric
                                && m.source.as_ref().is_some_and(|s| s.mentions.len() > 1);
                            let lands = lands_on_its_place(rule) && !paired;
                            if let Some(place) = place.filter(|_| lands) {
                                m.target = Some(Binding {
                                    found: Found::Place,
                                    ..place
                                });
                            }
                        }
                    }
                }
                // Most matches fail the check; negation and modality are read only for the rest.
                let read = |m: &Match| reading(&view, rule, m);
                let verdict = if let Some(reason) = voided_by_its_words {
                    Err(reason.into())
                } else if can_have_source {
                    self.check(&view, &m)
                } else {
                    Err("no actor the dictionaries know in this sentence".into())
                };
                match verdict {
                    Ok(()) => {
                        let reading = read(&m);
                        matches.push((m, reading))
                    }
                    Err(reason) if trace => {
                        candidates.push(Candidate::new(&view, rule, &m, &read(&m), reason))
                    }
                    Err(_) => {}
                }
            }
        }
        self.match_place_targets(
            doc,
            sentence,
            mentions,
            &view,
            &anchored,
            &place_anchored,
            &words,
            &ctx,
            &mut tree,
            &mut places,
            &mut matches,
        );
        lend_targets(self.rules, &mut matches);
        if let Some(tree) = &tree {
            lend_complement_targets(self.rules, tree, &mut matches);
        }
        // Hand-written rules before layer rules (RULES.md, "Overlaps"), a verb's patterns before
        // the verb alone, matches within a rule's reach before stretched ones, then longest
        // trigger first; a match whose trigger overlaps an accepted one of its kind is dropped.
        matches.sort_by_key(|(m, _)| {
            (
                self.rules.rules()[m.rule].layer,
                self.rules.rules()[m.rule].fallback,
                m.stretched,
                std::cmp::Reverse(m.trigger.1 - m.trigger.0),
                m.trigger.0,
                m.rule,
            )
        });
        let mut accepted: Vec<(bool, (usize, usize), String)> = Vec::new();
        let mut drafts = Vec::new();
        let mut relations = Vec::new();
        // Dates only matter for a match; most sentences have none.
        let dates = if matches.is_empty() {
            Vec::new()
        } else {
            entente_text::dates::find_dates(&doc.text, sentence.span, doc.date)
        };
        let triggers: Vec<Span> = matches
            .iter()
            .map(|(m, _)| view.span_of(m.trigger.0, m.trigger.1))
            .collect();
        for (m, reading) in &matches {
            let rule = &self.rules.rules()[m.rule];
            let is_event = matches!(rule.kind, RuleKind::Event(_));
            let overlap = accepted
                .iter()
                .find(|(ev, t, _)| *ev == is_event && t.0 <= m.trigger.1 && m.trigger.0 <= t.1);
            if let Some((_, _, by)) = overlap {
                if trace {
                    candidates.push(Candidate::new(
                        &view,
                        rule,
                        m,
                        reading,
                        format!("overlaps the longer match of {by}"),
                    ));
                }
                continue;
            }
            accepted.push((is_event, m.trigger, rule.id.clone()));
            let trigger_span = view.span_of(m.trigger.0, m.trigger.1);
            let usable = emit::dates_for(&view, &dates, trigger_span, &triggers);
            let date = emit::choose_date(&view, &usable, trigger_span, doc.date);
            let produced = match &rule.kind {
                RuleKind::Event(code) => {
                    let quad = emit::cameo_fields(self.cameo, code).quad_class;
                    let modality = emit::settle_modality(reading.modality, quad);
                    let mut new =
                        emit::event_drafts(&doc.text, m, rule, code, reading.negated, modality);
                    // A world region hosts and visits no one: the other side of a paired act
                    // ("touring *Africa*", "to host a *Mideast* conference") is no act of its own.
                    new.retain(|d| {
                        !(d.reversed && d.code != *code && self.is_world_region(&d.source.actor))
                    });
                    let derived: Vec<Draft> = new
                        .iter()
                        .filter_map(|d| {
                            emit::announcement(d, reading.commitment)
                                .or_else(|| emit::refusal(d, reading.refusal))
                        })
                        .collect();
                    new.extend(derived);
                    let n = new.len();
                    let said_on = emit::statement_date(&view, &usable, trigger_span, doc.date);
                    drafts.extend(new.into_iter().map(|d| {
                        let date = if d.rule.ends_with("+announced") {
                            said_on
                        } else {
                            date
                        };
                        (d, trigger_span, date)
                    }));
                    n
                }
                RuleKind::Relation(kind) => {
                    let new = self.relations(
                        doc,
                        sentence,
                        &view,
                        m,
                        rule,
                        *kind,
                        reading,
                        trigger_span,
                        date,
                    );
                    let before = relations.len();
                    // One statement of a relation per sentence: a second rule reading the same pair
                    // and kind in the same sentence adds no evidence.
                    for r in new {
                        let seen = relations.iter().any(|o: &Relation| {
                            o.a.actor.id == r.a.actor.id
                                && o.b.actor.id == r.b.actor.id
                                && o.relation == r.relation
                        });
                        if !seen {
                            relations.push(r);
                        }
                    }
                    relations.len() - before
                }
            };
            if trace {
                let outcome = if produced == 0 {
                    "matched, but every actor pair was the same actor".to_string()
                } else {
                    format!("fired: {produced}")
                };
                candidates.push(Candidate::new(&view, rule, m, reading, outcome));
            }
        }
        let text: Arc<str> = Arc::from(sentence.span.slice(&doc.text));
        let mut events: Vec<Event> = drafts
            .into_iter()
            .map(|(d, trigger, date)| self.event(doc, sentence, &text, d, trigger, date, unknown))
            .collect();
        events.sort_by(|a, b| {
            (
                a.trigger.start,
                a.source.start,
                a.target.as_ref().map(|t| t.start),
                a.cameo.as_str(),
                &a.rule,
            )
                .cmp(&(
                    b.trigger.start,
                    b.source.start,
                    b.target.as_ref().map(|t| t.start),
                    b.cameo.as_str(),
                    &b.rule,
                ))
        });
        events.dedup_by(|a, b| {
            a.trigger == b.trigger
                && a.source.actor.id == b.source.actor.id
                && a.cameo == b.cameo
                && a.target.as_ref().map(|t| &t.actor.id) == b.target.as_ref().map(|t| &t.actor.id)
        });
        // "fought pitched *battles*": two words close together that the same rule reads as the same
        // act between the same parties are one event, told once at its first trigger. The same act
        // told again further on (a run-on text repeating it) stays.
        let mut told: BTreeMap<_, usize> = BTreeMap::new();
        events.retain(|e| {
            let key = (
                e.source.actor.id.clone(),
                e.target.as_ref().map(|t| t.actor.id.clone()),
                e.cameo.clone(),
                e.rule.clone(),
                e.modality,
                e.negated,
            );
            let repeated = told
                .get(&key)
                .is_some_and(|&end| e.trigger.start.saturating_sub(end) <= SAME_ACT_REACH);
            told.insert(key, e.trigger.end);
            !repeated
        });
        if speaker.is_some() {
            carry.speaker = speaker;
        }
        carry.quote_open ^= quote_flips;
        Coded {
            events,
            relations,
            candidates,
            tree,
        }
    }

    /// Why a match cannot fire, if it cannot.
    fn check(&self, view: &SentenceView, m: &Match) -> Result<(), String> {
        let rule = &self.rules.rules()[m.rule];
        if m.noun_use {
            return Err("a verb rule, but the word is used as a noun here".into());
        }
        let source = m.source.as_ref().map_or(0, |b| b.mentions.len());
        if rule.pairs && !emit::has_slot(rule, Slot::Source) {
            // The compound is the target: its members act on each other.
            let target = m.target.as_ref().map_or(0, |b| b.mentions.len());
            return if target >= 2 {
                Ok(())
            } else {
                Err("a compound act needs two coordinated actors".into())
            };
        }
        if source == 0 {
            return Err("no source actor".into());
        }
        if m.target.is_some() {
            return Ok(());
        }
        let unidentified = m.source.as_ref().is_some_and(|b| {
            b.mentions
                .iter()
                .all(|x| x.actor.id == roles::UNIDENTIFIED_PERPETRATOR)
        });
        if unidentified {
            // "A car bomb killed six people": no party on either side, nothing for a dyad.
            return Err("an unnamed doer and no target".into());
        }
        // "Greece and Turkey resumed talks": a cooperative act on a thing done between parties
        // is done among a coordinated subject's members when no one else is named (as
        // `emit::event_drafts` pairs them). Only the tree says the group is the subject.
        let among_its_subjects = source >= 2
            && m.source.as_ref().is_some_and(|b| b.path.is_some())
            && matches!(&rule.kind, RuleKind::Event(code) if emit::is_cooperation_among(code))
            && view.toks[m.trigger.0..m.trigger.1]
                .iter()
                .any(|t| lexicon::contains(lexicon::RECIPROCAL_NOUNS, &t.norm));
        if rule.pairs {
            if source >= 2 {
                Ok(())
            } else {
                Err("a compound act needs two coordinated actors".into())
            }
        } else if among_its_subjects {
            Ok(())
        } else if emit::target_required(rule) {
            Err("no target actor".into())
        } else if rule.symmetric && source < 2 {
            Err("a symmetric act without a target needs two coordinated actors".into())
        } else if matches!(rule.kind, RuleKind::Relation(_)) && !rule.symmetric {
            Err("a relation needs two actors".into())
        } else {
            Ok(())
        }
    }

    /// Whether the source is a town named before a noun that names the act, the trigger itself
    /// or the verb's subject ("a *Kabul* bombing", "a *Baghdad* car bomb killed"): where the act
    /// happened, not who did it. A
    /// possessive still names the party ("Moscow's offensive"), and so does a country's name ("the
    /// *US* strike").
    fn names_where_it_happened(
        &self,
        text: &str,
        view: &SentenceView,
        tree: &Tree,
        m: &Match,
    ) -> bool {
        let Some((gazetteer, source)) = self.towns.zip(m.source.as_ref()) else {
            return false;
        };
        let through_a_compound = match source.path.as_deref() {
            Some("compound") => true,
            // On a subject noun that names an act itself ("a *Gaza City* airstrike killed"), not
            // on one that names who ("*California* air regulators").
            Some(path) if path.ends_with("/compound") => source
                .tokens
                .and_then(|(_, last)| tree.compound_head(last))
                .is_some_and(|noun| self.rules.is_trigger_form(view.norm(noun))),
            Some(_) => false,
            // Word order alone: a modifier right before the noun, with no possessive between.
            None => {
                source.found == Found::Modifier
                    && source
                        .tokens
                        .is_some_and(|(_, last)| last + 1 == m.trigger.0)
            }
        };
        through_a_compound
            && source.mentions.len() == 1
            && is_town(gazetteer, text, &source.mentions[0])
    }

    /// Whether group `g` is one town's name ("Mumbai"), not a party's. A capital is left out: it
    /// names its government as often ("*Damascus* warns").
    fn names_a_town(&self, text: &str, view: &SentenceView, g: usize) -> bool {
        let mentions = &view.groups[g].mentions;
        self.towns.is_some_and(|gazetteer| {
            mentions.len() == 1 && {
                let mention = &view.mentions[mentions[0]];
                mention.actor.id.len() == 3
                    && entente_places::names_a_settlement(gazetteer, mention.span.slice(text))
            }
        })
    }

    /// The places in `sentence` that no mention covers, as their states: capitals and states the
    /// actor layer kept out as locations, then towns and divisions the gazetteer names after a
    /// locative ("in Mosul" → IRQ, inferred), an ambiguous name decided by the countries of the
    /// document's `mentions` or left out.
    fn place_mentions(
        &self,
        doc: &Document,
        sentence: &Sentence,
        own: &[Mention],
        mentions: &[Mention],
    ) -> Vec<Mention> {
        let Some(actors) = self.places else {
            return Vec::new();
        };
        let mut found = state_places(actors, doc, sentence, own);
        let Some(gazetteer) = self.towns else {
            return found;
        };
        let countries: Vec<&str> = mentions
            .iter()
            .filter_map(|m| Some(m.actor.country.as_ref()?.as_str()))
            .collect();
        let towns =
            entente_places::named_places(gazetteer, &doc.text, sentence.span, own, &countries);
        for (span, place) in towns {
            let taken = own
                .iter()
                .chain(found.iter())
                .any(|m| m.span.overlaps(span));
            let Some(country) = actors.country(&place.country).filter(|_| !taken) else {
                continue;
            };
            found.push(Mention {
                sentence_index: sentence.index,
                span,
                actor: state_actor(country),
                via: Via::Dictionary,
                resolution: Resolution::Inferred,
            });
        }
        found.sort_by_key(|m| (m.span.start, m.span.end));
        found
    }

    /// The sentence's tree, parsed into `slot` on first use; `None` without a parser.
    fn tree<'t>(
        &self,
        view: &SentenceView,
        anchored: &[&[u32]],
        slot: &'t mut Option<Tree>,
    ) -> Option<&'t Tree> {
        let model = self.syntax?;
        Some(slot.get_or_insert_with(|| {
            let words: Vec<&str> = view
                .toks
                .iter()
                .map(|t| t.token.span.slice(view.text))
                .collect();
            let mut hints = name_hints(view);
            for (at, hint) in hints.iter_mut().enumerate() {
                if *hint == Hint::None && self.heads_its_clause(view, anchored, at) {
                    *hint = Hint::FiniteVerb;
                }
            }
            Tree::new(parse_with_titled_names_as_words(
                model, view, &words, &hints,
            ))
        }))
    }

    /// Whether token `at` is a verb the lexicon knows, in past form, right between an actor and a
    /// noun phrase ("police *detained* dozens", "Rebels *attacked* the town"): the finite verb of
    /// its clause. A participle describing the actor takes no object ("the men detained in
    /// Iraq", "the journalists detained on Monday").
    fn heads_its_clause(&self, view: &SentenceView, anchored: &[&[u32]], at: usize) -> bool {
        // Asked of every token of every parsed sentence: the cheap tests first, and the rules a
        // word anchors (hundreds for a common verb) and the words after it only for the few
        // past forms right after an actor.
        let rules = self.rules.rules();
        let verb_anchor = || {
            anchored
                .get(at)
                .is_some_and(|list| list.iter().any(|&r| is_verb_event(&rules[r as usize])))
        };
        let after_an_actor = at > 0 && view.group_at[at - 1].is_some();
        let next = at + 1;
        let opens_a_noun_phrase = || {
            view.is(next, lexicon::DETERMINERS)
                || view
                    .toks
                    .get(next)
                    .is_some_and(|t| t.token.kind == TokenKind::Number)
                || view.group_starting_at(next).is_some()
                || lexicon::is_part_of_head(view.norm(next))
                || view.is(next, entente_text::COUNT_WORDS)
                || (view.is_capitalized(next)
                    && !view.is(next, lexicon::RELATIVE_TIMES)
                    && !entente_text::dates::is_calendar_word(view.norm(next)))
        };
        view.group_at[at].is_none()
            && after_an_actor
            && view.norm(at).ends_with("ed")
            && verb_anchor()
            && opens_a_noun_phrase()
    }

    /// Second pass for rules with the `place` option: capitals and states that the actor layer kept
    /// out as locations ("opened its embassy in Tel Aviv") may fill their target slot, as the state.
    /// `anchored` holds the rules each token of `own_view` can anchor, `place_anchored` those of
    /// them with the option, `words` the required words its tokens hold; `places` caches those
    /// locations, found once per sentence.
    #[allow(clippy::too_many_arguments)]
    fn match_place_targets(
        &self,
        doc: &Document,
        sentence: &Sentence,
        doc_mentions: &[Mention],
        own_view: &SentenceView,
        anchored: &[&[u32]],
        place_anchored: &[&[u32]],
        words: &SentenceWords,
        ctx: &Context,
        tree: &mut Option<Tree>,
        places: &mut Option<Vec<Mention>>,
        matches: &mut Vec<(Match, Reading)>,
    ) {
        // Only a place rule that may match here, and whose match at that word found no party
        // as its target, wants the places: finding them costs a second dictionary pass.
        let wanted: Vec<(usize, u32)> = place_anchored
            .iter()
            .enumerate()
            .flat_map(|(at, rules)| rules.iter().map(move |&r| (at, r)))
            .filter(|&(_, r)| self.rules.may_match(r as usize, words))
            .filter(|&(at, r)| {
                !matches
                    .iter()
                    .any(|(m, _)| m.rule == r as usize && m.anchor == at && m.target.is_some())
            })
            .collect();
        if wanted.is_empty() {
            return;
        }
        let own = own_view.mentions;
        let places =
            places.get_or_insert_with(|| self.place_mentions(doc, sentence, own, doc_mentions));
        if places.is_empty() {
            return;
        }
        let mut merged: Vec<Mention> = own.iter().chain(places.iter()).cloned().collect();
        merged.sort_by_key(|m| (m.span.start, m.span.end));
        let tokens: Vec<entente_model::Token> = own_view.toks.iter().map(|t| t.token).collect();
        let view = SentenceView::new(&doc.text, &tokens, &merged);
        // The same tokens as `own_view`, so the same anchors.
        for (at, r) in wanted {
            if view.group_at[at].is_some() {
                continue;
            }
            let rule = &self.rules.rules()[r as usize];
            let Some(mut m) = matcher::try_rule(&view, ctx, r as usize, rule, at) else {
                continue;
            };
            if let Some(tree) = self.tree(&view, anchored, tree) {
                // The places are in this view's own mentions already; a `place` rule's target
                // slot takes them, so no place of last resort is wanted.
                roles::apply(&view, tree, rule, sentence.index, &mut m, &mut |_| None);
            }
            if m.target.is_some() && self.check(&view, &m).is_ok() {
                let reading = reading(&view, rule, &m);
                matches.push((m, reading));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn relations(
        &self,
        doc: &Document,
        sentence: &Sentence,
        view: &SentenceView,
        m: &Match,
        rule: &entente_dictionaries::rules::Rule,
        kind: entente_model::RelationKind,
        reading: &Reading,
        trigger: Span,
        date: Option<entente_model::EventDate>,
    ) -> Vec<Relation> {
        let sources = m
            .source
            .as_ref()
            .map(|b| b.mentions.clone())
            .unwrap_or_default();
        let pairs: Vec<(Mention, Mention)> = match &m.target {
            Some(t) => sources
                .iter()
                .flat_map(|s| t.mentions.iter().map(move |t| (s.clone(), t.clone())))
                .collect(),
            None => {
                let mut v = Vec::new();
                for (i, a) in sources.iter().enumerate() {
                    for b in &sources[i + 1..] {
                        v.push((a.clone(), b.clone()));
                    }
                }
                v
            }
        };
        let facet = rule.facet.or_else(|| emit::infer_facet(view, m.trigger.0));
        let quantity_end = m
            .target
            .as_ref()
            .and_then(|t| t.tokens)
            .map_or(m.trigger.1 + 6, |t| t.0);
        let quantity = emit::quantity(view, m.trigger.0, quantity_end);
        pairs
            .into_iter()
            .filter(|(a, b)| a.actor.id != b.actor.id)
            .map(|(a, b)| Relation {
                doc: doc.id.clone(),
                sentence_index: sentence.index,
                sentence: sentence.span.slice(&doc.text).to_string(),
                sentence_start: sentence.span.start,
                sentence_end: sentence.span.end,
                a: EventActor::from_mention(&a, &doc.text),
                b: EventActor::from_mention(&b, &doc.text),
                relation: kind,
                facet,
                quantity: quantity.clone(),
                negated: reading.negated,
                date,
                trigger: trigger_of(&doc.text, trigger),
                rule: rule.id.clone(),
                dictionaries: self.dictionaries_hash.to_string(),
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        doc: &Document,
        sentence: &Sentence,
        text: &Arc<str>,
        d: Draft,
        trigger: Span,
        date: Option<entente_model::EventDate>,
        unknown: &mut BTreeSet<String>,
    ) -> Event {
        let fields = emit::cameo_fields(self.cameo, &d.code);
        if !fields.known {
            unknown.insert(d.code.to_string());
        }
        Event {
            doc: doc.id.clone(),
            sentence_index: sentence.index,
            sentence: Arc::clone(text),
            sentence_start: sentence.span.start,
            sentence_end: sentence.span.end,
            date,
            source: EventActor::from_mention(&d.source, &doc.text),
            target: d
                .target
                .as_ref()
                .map(|t| EventActor::from_mention(t, &doc.text)),
            cameo: d.code,
            plover: fields.plover,
            plover_mode: fields.plover_mode,
            goldstein: fields.goldstein,
            quad_class: fields.quad_class,
            negated: d.negated,
            modality: d.modality,
            trigger: trigger_of(&doc.text, trigger),
            rule: d.rule,
            source_path: d.source_path,
            target_path: d.target_path,
            confidence: d.confidence,
            dictionaries: self.dictionaries_hash.to_string(),
            location: None,
        }
    }
}

/// The last speaker (subject of a speech verb) this sentence names, and whether it leaves a quote's
/// open/closed state flipped.
fn next_carry(view: &SentenceView, ctx: &Context) -> (Option<Vec<Mention>>, bool) {
    let mut speaker = None;
    for i in 0..view.len() {
        if lexicon::is_speech_verb(view.norm(i)) && !matcher::inside_quote(view, ctx, i) {
            if let Some(b) = matcher::speaker_of(view, ctx, i) {
                speaker = Some(b);
            }
        }
    }
    let marks = (0..view.len()).filter(|&i| view.is_quote(i)).count();
    (speaker, marks % 2 == 1)
}

fn sentence_mentions<'m>(mentions: &'m [Mention], sentence: &Sentence) -> &'m [Mention] {
    let start = mentions.partition_point(|m| m.span.start < sentence.span.start);
    let end = mentions.partition_point(|m| m.span.start < sentence.span.end);
    &mentions[start..end.max(start)]
}

/// "Freed 37 prisoners": a phrasing that found no target takes the target a phrasing of the same
/// kind of act (CAMEO root), anchored on the same word, found, so that the longer phrasing wins
/// the overlap without losing the party the shorter one saw.
fn lend_targets(rules: &RuleSet, matches: &mut [(Match, Reading)]) {
    let root = |m: &Match| match &rules.rules()[m.rule].kind {
        RuleKind::Event(code) => Some(code.root()),
        RuleKind::Relation(_) => None,
    };
    for i in 0..matches.len() {
        if matches[i].0.target.is_some() {
            continue;
        }
        // A mutual act's other party is never the verb's object in another pattern's reading:
        // that is the thing exchanged ("swapped *prisoners*").
        let mutual = rules.rules()[matches[i].0.rule].symmetric;
        let Some(kind) = root(&matches[i].0) else {
            continue;
        };
        // A place stands in for a target only where its own match found no party.
        let lender = matches.iter().find(|(other, _)| {
            other.anchor == matches[i].0.anchor
                && other.target.as_ref().is_some_and(|t| {
                    t.found != Found::Place && !(mutual && roles::is_the_object_itself(t))
                })
                && root(other) == Some(kind)
        });
        if let Some((other, _)) = lender {
            let target = other.target.clone();
            matches[i].0.target = target;
        }
    }
}

/// "X agreed to lift sanctions on Y": an intent (CAMEO 03) that found no target is toward the
/// target of the act it commits to, an open complement of its verb with the same source. The
/// target's path says it came through the complement.
fn lend_complement_targets(rules: &RuleSet, tree: &Tree, matches: &mut Vec<(Match, Reading)>) {
    let code_of = |m: &Match| match &rules.rules()[m.rule].kind {
        RuleKind::Event(code) => Some(code.root_number()),
        RuleKind::Relation(_) => None,
    };
    let source_of = |m: &Match| {
        m.source
            .as_ref()
            .map(|b| b.mentions.iter().map(|x| x.span).collect::<Vec<_>>())
    };
    let mut agreed_to_conflict = Vec::new();
    for i in 0..matches.len() {
        let intent = &matches[i].0;
        // The tree may already have given the intent its complement's target.
        let through_complement = intent
            .target
            .as_ref()
            .is_some_and(|t| t.path.as_deref().is_some_and(|p| p.starts_with("xcomp/")));
        if (intent.target.is_some() && !through_complement)
            || code_of(intent) != Some(3)
            || source_of(intent).is_none()
        {
            continue;
        }
        let lender = matches.iter().find(|(act, _)| {
            act.target.is_some()
                && source_of(act) == source_of(intent)
                && tree.is_complement_of(act.anchor, intent.anchor)
        });
        let Some((act, _)) = lender else { continue };
        if code_of(act).is_some_and(|root| root >= FIRST_CONFLICT_ROOT) {
            agreed_to_conflict.push(i);
            continue;
        }
        if through_complement {
            continue;
        }
        let mut target = act.target.clone();
        if let Some(binding) = target.as_mut() {
            binding.path = binding.path.as_ref().map(|path| format!("xcomp/{path}"));
        }
        matches[i].0.target = target;
    }
    // "EU leaders agreed to impose sanctions on Belarus": agreeing to a hostile act is no intent
    // to cooperate with anyone; the act (and its announcement, a threat) is coded by its own rule.
    for i in agreed_to_conflict.into_iter().rev() {
        matches.remove(i);
    }
}

/// Whether a rule codes a protest (CAMEO 14).
fn is_protest(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Event(code) if code.root_number() == 14)
}

/// The first CAMEO root of conflict (10, demand): below it, acts of cooperation or neutral ones.
const FIRST_CONFLICT_ROOT: u8 = 10;

/// Negation and modality of a match. A rule whose own words name the negation ("found *no*
/// evidence", PETRARCH's "&NEGATVAUXVRB * OVER EFFORTS") codes the negated act itself: its event is
/// not negated again, nor read as a refusal.
/// Words of the trigger after a target inside it belong to the target's own clause ("allowed that
/// *X* isn't a pleasant place"): their negation is not the act's.
fn reading(view: &SentenceView, rule: &Rule, m: &Match) -> Reading {
    let trigger = match m.target.as_ref().and_then(|t| t.tokens) {
        // The verb group between a passive's subject and its verb is the act's ("the agreement
        // *must still be* ratified").
        _ if m.theme_passive => (m.anchor, m.trigger.1),
        Some((first, _)) if m.trigger.0 < first && first <= m.trigger.1 => (m.trigger.0, first - 1),
        _ => m.trigger,
    };
    let mut reading = context::read(view, subject_tokens(view, m), trigger);
    if m.imposed && reading.modality == entente_model::Modality::Intended {
        // Giving the order imposed the restriction; its infinitive is no intention.
        reading.modality = entente_model::Modality::Actual;
        reading.cues.retain(|c| c != "to");
    }
    let names_negation = rule.elements.iter().any(|e| {
        matches!(e, Element::Word { forms, optional: false, .. }
            if forms.iter().any(|f| lexicon::contains(lexicon::NEGATORS, f)))
    });
    // "Moscow rejected the visit of the Ukrainian president", "Armenia warned of Azerbaijani
    // attacks": the words before a noun whose agent is inside its own phrase are another party's,
    // which may undo or foresee the act but neither refuse nor announce it for the agent.
    // The tree's path to such an agent stays below the noun; word order marks it as a modifier
    // or an agent.
    let agent_in_the_phrase = m.source.as_ref().is_some_and(|s| match &s.path {
        Some(path) => !path.starts_with('^'),
        None => matches!(s.found, Found::Modifier | Found::Agent),
    });
    if (rule.nominal || m.nominalized) && agent_in_the_phrase {
        reading.refusal = false;
        reading.commitment = false;
    }
    if names_negation {
        reading.negated = false;
        reading.refusal = false;
        reading
            .cues
            .retain(|c| !lexicon::contains(lexicon::NEGATORS, c));
    }
    reading
}

/// Where the trigger's subject stands. A pronoun's antecedent may stand in an earlier clause ("X
/// urged Y to talk and then *it* asked Z"), whose words are no cue for this act: the subject is
/// then the pronoun nearest before the trigger.
fn subject_tokens(view: &SentenceView, m: &Match) -> Option<(usize, usize)> {
    if m.theme_passive {
        // The trigger's first word, the pattern's own, is the subject.
        return Some((m.trigger.0, m.trigger.0));
    }
    let b = if m.passive {
        m.target.as_ref()
    } else {
        m.source.as_ref()
    }?;
    let (first, last) = b.tokens.filter(|t| t.1 < m.trigger.0)?;
    if b.found != Found::Pronoun {
        return Some((first, last));
    }
    let pronoun = (last + 1..m.trigger.0)
        .rev()
        .find(|&i| view.is(i, lexicon::THIRD_PERSON));
    Some(pronoun.map_or((first, last), |p| (p, p)))
}

fn trigger_of(text: &str, span: Span) -> Trigger {
    Trigger {
        text: span.slice(text).to_string(),
        start: span.start,
        end: span.end,
    }
}

/// A state itself, as an actor (no sector).
fn state_actor(country: &entente_dictionaries::Country) -> Actor {
    Actor {
        id: country.code.to_string(),
        name: country.name.clone(),
        country: Some(country.id.clone()),
        sector: None,
        code: country.code.clone(),
    }
}

/// Capitals and state names in `sentence` that no mention covers, as their states: the candidates
/// for a `place` target.
fn state_places(
    actors: &ActorDictionary,
    doc: &Document,
    sentence: &Sentence,
    own: &[Mention],
) -> Vec<Mention> {
    let text = sentence.span.slice(&doc.text);
    actors
        .find(text)
        .into_iter()
        .filter_map(|found| {
            let span = Span::new(
                sentence.span.start + found.span.start,
                sentence.span.start + found.span.end,
            );
            if own.iter().any(|m| m.span.overlaps(span)) {
                return None;
            }
            let country = found.targets.iter().find_map(|t| match t {
                Target::Country {
                    index,
                    form: FormKind::Metonym | FormKind::Name | FormKind::Former,
                } => actors.countries.get(*index),
                _ => None,
            })?;
            Some(Mention {
                sentence_index: sentence.index,
                span,
                actor: state_actor(country),
                via: Via::Dictionary,
                resolution: Resolution::Dictionary,
            })
        })
        .collect()
}

/// Whether `mention` names a town, division or region: a state's region or city ("Gaza City",
/// PSE), or a capital standing for its government ("Kabul", AFGGOV). A named organisation or person
/// is a party wherever it stands ("the *Hamas* attack"), and so is a seat of power ("the *White
/// House*").
fn is_town(gazetteer: &Gazetteer, text: &str, mention: &Mention) -> bool {
    let name = mention.span.slice(text);
    let id = &mention.actor.id;
    if id.len() == 3 {
        return entente_places::names_a_settlement(gazetteer, name);
    }
    !id.contains(':')
        && mention.actor.country.as_ref().is_some_and(|country| {
            entente_places::names_the_capital(gazetteer, name, country.as_str())
        })
}

/// How far apart (in bytes) two triggers of one rule, actors and code may be to tell one act
/// ("fought pitched *battles*").
const SAME_ACT_REACH: usize = 40;

/// Whether the rule's act lands on the territory it happens in, which is its target when no party
/// is named ("declared a ceasefire in X", "suspended aid in X", "imposed a curfew in X", "shelled
/// villages in X", "students demonstrated in X"): a visit (042), aid (07), yielding (08),
/// investigation (09), protest (14), force posture (15), reduced relations (16), coercion (17)
/// and force (18–20). Talks or a statement in a capital are not with its state.
fn lands_on_its_place(rule: &entente_dictionaries::rules::Rule) -> bool {
    matches!(&rule.kind, RuleKind::Event(code)
        if matches!(code.root_number(), 7..=9 | 14..=20) || code.as_str() == "042")
}

/// The place among `places` that covers token `word` of the view, as a binding of its tokens.
fn place_binding(view: &SentenceView, places: &[Mention], word: usize) -> Option<Binding> {
    let span = view.toks.get(word)?.token.span;
    let place = places
        .iter()
        .find(|p| p.span.start <= span.start && span.end <= p.span.end)?;
    let within = |t: &sentence::Tok| {
        place.span.start <= t.token.span.start && t.token.span.end <= place.span.end
    };
    let first = view.toks.iter().position(within)?;
    let last = view.toks.iter().rposition(within)?;
    Some(Binding {
        mentions: vec![place.clone()],
        found: Found::Pattern,
        tokens: Some((first, last)),
        path: None,
    })
}

/// Whether the words from `first` to `last` run over a comma followed by a coordinator, where a
/// new clause begins.
fn crosses_a_joined_clause(view: &SentenceView, (first, last): (usize, usize)) -> bool {
    (first..last)
        .any(|i| view.norm(i) == "," && matches!(view.norm(i + 1), "and" | "but" | "while"))
}

/// Whether a rule codes an event on a verb (not a noun, not a relation).
fn is_verb_event(rule: &Rule) -> bool {
    !rule.nominal && matches!(rule.kind, RuleKind::Event(_))
}

/// Parses a sentence with each titled name ("Iraqi Prime Minister Adel Abdul Mahdi") read as its
/// last word alone, then hangs the name's other words on that one (`flat`). Web text has few
/// titled names, and a parser trained on it reads such a run of capitalised adjectives and nouns
/// as a clause of its own, which derails the sentence around it ("*Iraqi* … signed" with
/// "Iraqi" as the root); "Mahdi … signed" it parses well.
fn parse_with_titled_names_as_words(
    model: &entente_syntax::Model,
    view: &SentenceView,
    words: &[&str],
    hints: &[Hint],
) -> Parse {
    let names = titled_names(view);
    if names.is_empty() {
        return model.parse_with_hints(words, hints);
    }
    // The name's last word that an inner word of a name hangs on.
    let inner_of = |i: usize| {
        names
            .iter()
            .find(|&&(first, last)| first <= i && i < last)
            .map(|&(_, last)| last)
    };
    let kept: Vec<usize> = (0..words.len())
        .filter(|&i| inner_of(i).is_none())
        .collect();
    let kept_words: Vec<&str> = kept.iter().map(|&i| words[i]).collect();
    let kept_hints: Vec<Hint> = kept.iter().map(|&i| hints[i]).collect();
    let mut parsed = model
        .parse_with_hints(&kept_words, &kept_hints)
        .words
        .into_iter();
    let flat = entente_syntax::Deprel::parse("flat").unwrap_or(entente_syntax::Deprel::ROOT);
    let words = (0..words.len())
        .filter_map(|i| match inner_of(i) {
            Some(last) => Some(entente_syntax::Word {
                upos: entente_syntax::Upos::Propn,
                xpos: "NNP".into(),
                lemma: view.norm(i).to_owned(),
                head: Some(last),
                deprel: flat,
            }),
            None => parsed.next().map(|word| entente_syntax::Word {
                head: word.head.map(|h| kept[h]),
                ..word
            }),
        })
        .collect();
    Parse { words }
}

/// The names that the actor layer composed from a title and a person ("Iraqi Prime Minister Adel
/// Abdul Mahdi"), capitalised throughout (not in a headline, whose capitals mark no name), as
/// (first, last) token ranges in order.
fn titled_names(view: &SentenceView) -> Vec<(usize, usize)> {
    let mut names: Vec<(usize, usize)> = view
        .mentions
        .iter()
        .filter(|m| m.via == Via::Role && m.actor.id.starts_with("person:"))
        .filter_map(|m| {
            let within = |t: &sentence::Tok| {
                m.span.start <= t.token.span.start && t.token.span.end <= m.span.end
            };
            let first = view.toks.iter().position(within)?;
            let last = view.toks.iter().rposition(within)?;
            (first < last && (first..=last).all(|i| view.is_capitalized(i)))
                .then_some((first, last))
        })
        .collect();
    names.sort_unstable();
    names.dedup_by(|b, a| b.0 <= a.1);
    names
}

/// The capitalised words of names the dictionaries know, for the tagger: a name it has never seen
/// ("Brussels") is otherwise easily a plural noun, and a tree built on that is wrong throughout.
fn name_hints(view: &SentenceView) -> Vec<Hint> {
    let function_word = |norm: &str| matches!(norm, "the" | "a" | "an" | "of" | "and" | "for");
    view.toks
        .iter()
        .map(|tok| {
            let span = tok.token.span;
            let named = view.mentions.iter().any(|m| {
                m.via == Via::Dictionary && m.span.start <= span.start && span.end <= m.span.end
            });
            let capitalised = span.slice(view.text).starts_with(char::is_uppercase);
            if named && capitalised && !function_word(&tok.norm) {
                Hint::Name
            } else {
                Hint::None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_dictionaries::SourceFile;
    use entente_model::{ActorCode, Modality};
    use matcher::{Binding, Found};

    fn matched(rule: usize, trigger: (usize, usize), target: Option<&str>) -> (Match, Reading) {
        let target = target.map(|code| Binding {
            mentions: vec![Mention {
                sentence_index: 0,
                span: Span::new(0, 1),
                actor: Actor {
                    id: code.into(),
                    name: code.into(),
                    country: None,
                    sector: None,
                    code: ActorCode::new(code).unwrap(),
                },
                via: Via::Dictionary,
                resolution: Resolution::Dictionary,
            }],
            found: Found::Pattern,
            tokens: Some((4, 4)),
            path: None,
        });
        let m = Match {
            rule,
            trigger,
            anchor: 1,
            source: None,
            target,
            passive: false,
            noun_use: false,
            nominalized: false,
            stretched: false,
            imposed: false,
            theme_passive: false,
        };
        let reading = Reading {
            negated: false,
            modality: Modality::Actual,
            cues: Vec::new(),
            commitment: false,
            refusal: false,
        };
        (m, reading)
    }

    #[test]
    fn a_phrasing_without_a_target_borrows_one_of_its_kind_on_the_same_word() {
        let rules = RuleSet::parse(&[SourceFile {
            name: "t.rules".into(),
            text: "0841 free.persons: SRC ~free ... prisoners\n084 free.bare: SRC ~free TGT\n\
                   111 condemn.free: SRC ~free ... condemn TGT"
                .into(),
        }])
        .unwrap();
        // The longer phrasing (rule 0) found no target; the bare verb (rule 1, same root 08) did.
        let mut matches = vec![matched(0, (1, 3), None), matched(1, (1, 1), Some("GON"))];
        lend_targets(&rules, &mut matches);
        let target =
            |m: &(Match, Reading)| m.0.target.as_ref().map(|t| t.mentions[0].actor.id.clone());
        assert_eq!(target(&matches[0]).as_deref(), Some("GON"));
        // A match of another root lends nothing.
        let mut other = vec![matched(0, (1, 3), None), matched(2, (1, 2), Some("GON"))];
        lend_targets(&rules, &mut other);
        assert_eq!(target(&other[0]), None);
    }
}
