//! The structured trace `entente explain` prints: tokens, mentions, every rule tried and its outcome.

use crate::context::Reading;
use crate::matcher::{Binding, Match};
use crate::sentence::SentenceView;
use entente_dictionaries::rules::Rule;
use entente_model::{Event, Relation, Sentence, TokenKind, Via};
use entente_syntax::Parse;
use serde::Serialize;

/// Everything the coder did with one sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub sentence: String,
    pub sentence_start: usize,
    pub tokens: Vec<ExplainedToken>,
    pub mentions: Vec<ExplainedMention>,
    /// Every rule whose words matched, in the order they were judged.
    pub candidates: Vec<Candidate>,
    pub events: Vec<Event>,
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExplainedToken {
    pub text: String,
    /// The folded form rules are matched against.
    pub norm: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The token's place in the dependency tree the roles were read from, when the sentence was
    /// parsed (it is parsed when a rule's words match).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syntax: Option<TokenSyntax>,
}

/// A token's part of speech, lemma and dependency (UD v2).
#[derive(Debug, Clone, Serialize)]
pub struct TokenSyntax {
    pub upos: &'static str,
    pub lemma: String,
    /// Index of the head token in `tokens`; null for the root.
    pub head: Option<usize>,
    pub deprel: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExplainedMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub actor: String,
    pub code: String,
    pub via: Via,
}

/// One rule whose words matched, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub rule: String,
    pub pattern: String,
    /// `file:line` of the rule.
    pub defined_at: String,
    pub trigger: String,
    pub source: Option<String>,
    pub target: Option<String>,
    /// The dependency paths that gave the source and target; null where word order gave them.
    pub source_path: Option<String>,
    pub target_path: Option<String>,
    pub passive: bool,
    pub negated: bool,
    pub modality: String,
    /// The words that decided negation and modality.
    pub cues: Vec<String>,
    /// "fired: N" or the reason it was rejected.
    pub outcome: String,
}

fn describe(view: &SentenceView, b: &Option<Binding>) -> Option<String> {
    let b = b.as_ref()?;
    let names: Vec<String> = b
        .mentions
        .iter()
        .map(|m| format!("{} [{}]", m.span.slice(view.text), m.actor.code.as_str()))
        .collect();
    Some(format!("{} (found: {:?})", names.join(" + "), b.found))
}

impl Candidate {
    pub(crate) fn new(
        view: &SentenceView,
        rule: &Rule,
        m: &Match,
        reading: &Reading,
        outcome: String,
    ) -> Self {
        let start = view.toks[m.trigger.0].token.span.start;
        let end = view.toks[m.trigger.1].token.span.end;
        Self {
            rule: rule.id.clone(),
            pattern: rule.pattern.clone(),
            defined_at: format!("{}:{}", rule.file, rule.line),
            trigger: view.text[start..end].to_string(),
            source: describe(view, &m.source),
            target: describe(view, &m.target),
            source_path: m.source.as_ref().and_then(|b| b.path.clone()),
            target_path: m.target.as_ref().and_then(|b| b.path.clone()),
            passive: m.passive,
            negated: reading.negated,
            modality: reading.modality.as_str().to_string(),
            cues: reading.cues.clone(),
            outcome,
        }
    }
}

pub(crate) fn build(
    view: &SentenceView,
    parse: Option<&Parse>,
    sentence: &Sentence,
    candidates: Vec<Candidate>,
    events: Vec<Event>,
    relations: Vec<Relation>,
) -> Explanation {
    Explanation {
        sentence: sentence.span.slice(view.text).to_string(),
        sentence_start: sentence.span.start,
        tokens: view
            .toks
            .iter()
            .enumerate()
            .map(|(i, t)| ExplainedToken {
                text: t.token.span.slice(view.text).to_string(),
                norm: t.norm.to_string(),
                start: t.token.span.start,
                end: t.token.span.end,
                kind: t.token.kind,
                syntax: parse.and_then(|p| p.words.get(i)).map(|w| TokenSyntax {
                    upos: w.upos.as_str(),
                    lemma: w.lemma.clone(),
                    head: w.head,
                    deprel: w.deprel.as_str(),
                }),
            })
            .collect(),
        mentions: view
            .mentions
            .iter()
            .map(|m| ExplainedMention {
                text: m.span.slice(view.text).to_string(),
                start: m.span.start,
                end: m.span.end,
                actor: m.actor.id.clone(),
                code: m.actor.code.as_str().to_string(),
                via: m.via,
            })
            .collect(),
        candidates,
        events,
        relations,
    }
}
