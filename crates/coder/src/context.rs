//! Negation and modality of a matched trigger, read from the verb group before it ("has refused to",
//! "would", "hopes to") and from the words that govern its clause ("demanded that", "said").

use crate::lexicon::{
    self, DEMAND_CUES, HYPOTHETICAL_CUES, INTENT_CUES, NEGATING_VERBS, NEGATORS, THREAT_CUES,
};
use crate::sentence::SentenceView;
use entente_model::Modality;

/// Negation and modality of one match, with the cue words that decided them (for `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub negated: bool,
    /// The cue modality; the coder turns `Intended` into `Threatened` for conflictual acts.
    pub modality: Modality,
    pub cues: Vec<String>,
    /// The intent is announced: a commitment ("agreed to", "pledged to"), a stated future ("will",
    /// "plans to", "said it would") or a threat, not a hope or wish ("hopes to", "wants to").
    pub commitment: bool,
    /// The act is refused rather than merely not done: "refused to release", "will not lift".
    pub refusal: bool,
}

/// The first demand among `words`: "demanded", "urged", "called" *on*, *upon* or *for*, or
/// "appealed" *for* or *to*. A call with its object and purpose is a telephone call ("called X on
/// Wednesday to congratulate him"), not a demand; an appeal *against* a ruling is no demand either.
fn demand_cue(words: &[&str]) -> Option<String> {
    words.iter().enumerate().find_map(|(k, w)| {
        let next = words.get(k + 1).copied();
        let demand = lexicon::contains(DEMAND_CUES, w)
            && (!w.starts_with("call") || matches!(next, Some("on" | "upon" | "for")))
            && (!w.starts_with("appeal") || matches!(next, Some("for" | "to")));
        demand.then(|| (*w).to_string())
    })
}

/// Reads the words between the subject (ending at `subject_end`, if any) and the trigger start, plus
/// up to four words before the subject.
pub fn read(
    view: &SentenceView,
    subject: Option<(usize, usize)>,
    trigger: (usize, usize),
) -> Reading {
    let trigger_start = trigger.0;
    let verb_group_start = match subject {
        Some((_, last)) if last < trigger_start => last + 1,
        _ => clause_start(view, trigger_start, 6),
    };
    // "agreed to withdraw his bill, *but* urged the government", "cannot act *while* fighting
    // continues": a contrast or a subordinate clause starts a verb group of its own, which the
    // cues before it do not reach.
    let verb_group_start = (verb_group_start..trigger_start)
        .rev()
        .find(|&i| {
            matches!(
                view.norm(i),
                "but" | "yet" | "while" | "whereas" | "although" | "though"
            )
        })
        .map_or(verb_group_start, |i| i + 1);
    let governing_start = match subject {
        Some((first, last)) if last < trigger_start => clause_start(view, first, 4),
        _ => verb_group_start,
    };
    // A party's words are no cue ("told *Associated Press* television he congratulated").
    let word = |i: usize| {
        if view.group_at[i].is_some() {
            ""
        } else {
            view.norm(i)
        }
    };
    let verb_group: Vec<&str> = (verb_group_start..trigger_start).map(word).collect();
    let governing: Vec<&str> = (governing_start..verb_group_start).map(word).collect();
    let mut cues = Vec::new();
    let mut negated = false;
    let mut commitment = false;
    let mut refusal = false;
    for (k, w) in verb_group.iter().enumerate() {
        let not_only = *w == "not" && verb_group.get(k + 1) == Some(&"only");
        if (lexicon::contains(NEGATORS, w) && !not_only) || lexicon::contains(NEGATING_VERBS, w) {
            negated = true;
            cues.push((*w).to_string());
        }
        let will_not = k > 0
            && lexicon::contains(lexicon::REFUSING_MODALS, verb_group[k - 1])
            && matches!(*w, "not" | "n't" | "never");
        refusal |= lexicon::contains(lexicon::REFUSING_VERBS, w) || will_not || *w == "cannot";
    }
    // "prevented these elements from protesting": the negating verb governs the gerund's subject.
    let mut before = trigger_start;
    while before > 0 && view.is(before - 1, lexicon::ADVERBS) {
        before -= 1;
    }
    if before > 0 && view.norm(before - 1) == "from" {
        if let Some(w) = governing
            .iter()
            .find(|w| lexicon::contains(NEGATING_VERBS, w))
        {
            negated = true;
            cues.push((*w).to_string());
        }
    }
    // A negator inside the trigger's own words: "is not an ally of".
    for i in trigger.0 + 1..=trigger.1 {
        if view.is(i, NEGATORS) && view.norm(i + 1) != "only" {
            negated = true;
            cues.push(view.norm(i).to_string());
        }
    }
    let all: Vec<&str> = governing.iter().chain(verb_group.iter()).copied().collect();
    let find = |list: &[&str]| {
        all.iter()
            .find(|w| lexicon::contains(list, w))
            .map(|w| (*w).to_string())
    };
    let reported = all
        .iter()
        .any(|w| lexicon::contains(lexicon::SPEECH_VERBS, w));
    let modality = if let Some(c) = find(HYPOTHETICAL_CUES) {
        cues.push(c);
        Modality::Hypothetical
    } else if let Some(c) = find(THREAT_CUES) {
        // "threatened to impose a curfew": the threat itself was made.
        commitment = true;
        cues.push(c);
        Modality::Threatened
    } else if let Some(c) = demand_cue(&all) {
        cues.push(c);
        Modality::Demanded
    } else if let Some(c) = verb_group
        .iter()
        .find(|w| lexicon::contains(INTENT_CUES, w))
    {
        // A stated intention ("saying he will participate", "Turkey will allow") is itself an act
        // of expressing intent; a hope or a wish ("hopes to maintain ties") is not.
        commitment = reported
            || verb_group.iter().any(|w| {
                lexicon::contains(lexicon::COMMITMENT_CUES, w)
                    || lexicon::contains(lexicon::ANNOUNCING_CUES, w)
            });
        cues.push((*c).to_string());
        Modality::Intended
    } else if !negated
        && verb_group.last() == Some(&"to")
        && !governed_by_aspect(&verb_group)
        && !verb_group
            .first()
            .is_some_and(|w| lexicon::contains(lexicon::CONTACT_VERBS, w))
        && !view.norm(trigger_start).ends_with("ing")
    {
        // A bare infinitive states a purpose ("sent troops to help"), not a completed act; "to"
        // before a gerund is a preposition ("resorted to throwing stones").
        cues.push("to".into());
        Modality::Intended
    } else {
        Modality::Actual
    };
    Reading {
        negated,
        modality,
        cues,
        commitment,
        refusal: refusal && negated,
    }
}

/// "began to", "continued to": the infinitive is the act itself, not its purpose.
fn governed_by_aspect(verb_group: &[&str]) -> bool {
    verb_group.len() >= 2
        && lexicon::contains(lexicon::ASPECT_VERBS, verb_group[verb_group.len() - 2])
}

/// The first token of the stretch of at most `max` tokens before `i` that crosses no boundary or comma.
fn clause_start(view: &SentenceView, i: usize, max: usize) -> usize {
    let mut s = i;
    while s > 0 && i - s < max {
        let prev = s - 1;
        if view.is_boundary(prev)
            || view.norm(prev) == ","
            || view.is_quote(prev)
            || view.group_at[prev].is_some()
        {
            break;
        }
        s = prev;
    }
    s
}
