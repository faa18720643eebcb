//! Matching one rule at one anchor token: the pattern's words, then its actor slots (subject to the
//! left, object to the right, possessor or modifier for nominal triggers, the agent of a passive).

use crate::lexicon::{
    self, ADVERBS, ATTRIBUTIVES, DETERMINERS, FIRST_PERSON, LIGHT_VERBS, PASSIVE_AUXILIARIES,
    POSSESSIVE_PRONOUNS, PREPOSITIONS, SPEECH_VERBS, THIRD_PERSON,
};
use crate::sentence::SentenceView;
use entente_dictionaries::rules::{Element, Rule, RuleSet, Slot};
use entente_model::{Mention, TokenKind, Via};

/// How a slot was filled; each step away from the plain pattern lowers confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Right where the pattern put it.
    Pattern,
    /// A possessor or modifier of a nominal trigger ("Hajiyev's trip", "the Hamas attack").
    Modifier,
    /// The agent of a passive ("by Netanyahu") or of a noun ("attack by X").
    Agent,
    /// The subject of the main clause after a fronted phrase ("During talks with X, Aliyev ...").
    Fronted,
    /// The antecedent of "it"/"they" earlier in the sentence.
    Pronoun,
    /// A first-person pronoun in a quote, resolved to the quote's speaker.
    Speaker,
    /// Where the act happened, standing for its state: the target of last resort.
    Place,
}

/// Actors bound to one slot.
#[derive(Debug, Clone)]
pub struct Binding {
    pub mentions: Vec<Mention>,
    pub found: Found,
    /// Token range of the group, when the binding comes from this sentence.
    pub tokens: Option<(usize, usize)>,
    /// The dependency path from the trigger that gave the role, when the tree gave it.
    pub path: Option<String>,
}

/// A rule whose words matched; its slots may still be empty (the coder then rejects it).
#[derive(Debug, Clone)]
pub struct Match {
    pub rule: usize,
    /// First and last token of the matched words.
    pub trigger: (usize, usize),
    /// The token of the rule's anchor word: the verb or noun the roles hang from.
    pub anchor: usize,
    pub source: Option<Binding>,
    pub target: Option<Binding>,
    pub passive: bool,
    /// A verb rule whose anchor is used as a noun here ("the attack", "a ban"): never fires.
    pub noun_use: bool,
    /// A verb rule read through its anchor used as a noun, its object named with "of" ("the
    /// *killing of* X by Y", "Turkey's *purchase of* missiles"): the roles are the noun's.
    pub nominalized: bool,
    /// A gap stretched beyond the rule's reach ([`try_rule_far`]): the match yields to every
    /// match within reach whose trigger overlaps it.
    pub stretched: bool,
    /// The act is a restriction its source ordered ("ordered the paper to suspend publication"):
    /// giving the order imposed it, so the infinitive states no mere intention.
    pub imposed: bool,
    /// The passive's subject is the pattern's word after the verb ("*sanctions* were imposed"):
    /// the trigger starts there, and the verb group between it and the verb is the act's own.
    pub theme_passive: bool,
}

/// What the matcher knows beyond the sentence: the speaker a first-person quote belongs to.
pub struct Context<'a> {
    pub rules: &'a RuleSet,
    pub speaker: Option<&'a [Mention]>,
    /// Whether the sentence starts inside a quotation carried over from an earlier sentence.
    pub quote_open_at_start: bool,
}

/// Tries `rule` with its anchor on token `at`, a token the anchor word takes (the rule came from
/// [`RuleSet::candidates`] for it). `None` when the other words do not match.
pub fn try_rule(
    view: &SentenceView,
    ctx: &Context,
    rule_index: usize,
    rule: &Rule,
    at: usize,
) -> Option<Match> {
    matched(view, ctx, rule_index, rule, at, State::default())
}

/// [`try_rule`] with the gaps after the anchor stretched to [`FAR_GAP`] words and across names:
/// "returned a sculpture of the Emperor Marcus Aurelius *to* X". Returns the tokens where a gap
/// landed further than the rule allows; the match stands only if the tree puts each of them in
/// the anchor's own phrase.
pub fn try_rule_far(
    view: &SentenceView,
    ctx: &Context,
    rule_index: usize,
    rule: &Rule,
    at: usize,
) -> Option<(Match, Vec<usize>)> {
    // Only a gap after the anchor can stretch: without one this would repeat `try_rule`.
    let after_anchor = rule.elements.get(rule.anchor + 1..).unwrap_or_default();
    if !after_anchor
        .iter()
        .any(|e| matches!(e, Element::Gap { .. }))
    {
        return None;
    }
    let mut landings = Vec::new();
    let state = State {
        far: Some(&mut landings),
        ..State::default()
    };
    let m = matched(view, ctx, rule_index, rule, at, state)?;
    (!landings.is_empty()).then_some((
        Match {
            stretched: true,
            ..m
        },
        landings,
    ))
}

/// How many words a stretched gap may skip.
const FAR_GAP: usize = 16;

/// [`try_rule`] for a passive whose subject is the word the pattern puts after its verb:
/// "*sanctions* were imposed on X by Y" for `~impose ... sanctions on TGT`, "the Iraqi
/// *ambassador* was expelled" for `~expel ... ambassador`. The rest of the pattern follows the
/// verb, the doer is the agent after "by", and the target is the pattern's own (else the party
/// that word names). Returns the match and the token of that word, which the tree must make the
/// verb's passive subject.
pub fn try_rule_passive_theme(
    view: &SentenceView,
    rule_index: usize,
    rule: &Rule,
    at: usize,
) -> Option<(Match, usize)> {
    let inflected = has_inflected_anchor(rule);
    // Only hand-written rules: an imported pattern's loose words ("~hold ... aid") would read
    // "Asia Aid will be *held* in Bangkok" as aid withheld.
    let event = matches!(rule.kind, entente_dictionaries::rules::RuleKind::Event(_));
    if !inflected || !event || rule.layer {
        return None;
    }
    let auxiliary = passive_auxiliary_before(view, at)?;
    // The pattern's first word after the verb, past gaps and an optional party ("expelled two
    // *Russian* diplomats"): the thing the act is done to.
    let (theme_element, forms) = rule.elements[rule.anchor + 1..]
        .iter()
        .enumerate()
        .find(|(_, e)| {
            !matches!(
                e,
                Element::Gap { .. } | Element::Slot { optional: true, .. }
            )
        })
        .and_then(|(i, e)| match e {
            Element::Word {
                forms,
                optional: false,
                ..
            } => Some((rule.anchor + 1 + i, forms)),
            _ => None,
        })?;
    let theme = (auxiliary.saturating_sub(THEME_REACH)..auxiliary)
        .rev()
        .find(|&j| word_matches(view, forms, j))?;
    let mut state = State::default();
    state.word(theme);
    state.word(at);
    // "were imposed *by Y* on X": the agent may come first.
    let agent = agent_after(view, at);
    let next = agent
        .as_ref()
        .and_then(|a| a.tokens)
        .map_or(at + 1, |(_, last)| last + 1);
    let end = match_forward(view, rule, theme_element + 1, next, &mut state)?;
    // Or right after the pattern: "was cancelled after protests *by* X" names no doer.
    let agent = agent.or_else(|| {
        (view.norm(end) == "by")
            .then(|| object_search(view, end + 1, false))
            .flatten()
            .filter(|&g| after_by(view, view.groups[g].first))
            .map(|g| group_binding(view, g, Found::Agent))
    });
    let target = state
        .target
        .or_else(|| view.group_at[theme].map(|g| group_binding(view, g, Found::Pattern)));
    let m = Match {
        rule: rule_index,
        trigger: (theme, state.last_word.unwrap_or(at)),
        anchor: at,
        source: agent,
        target,
        passive: true,
        noun_use: false,
        nominalized: false,
        stretched: false,
        imposed: false,
        theme_passive: true,
    };
    Some((m, theme))
}

/// Whether the rule's anchor is a lemma that takes its inflections (`~impose`): only such a verb
/// has a participle to read as a passive.
fn has_inflected_anchor(rule: &Rule) -> bool {
    matches!(
        &rule.elements[rule.anchor],
        Element::Word {
            inflected: true,
            ..
        }
    )
}

/// How far before a passive's auxiliary its subject's head may stand ("new *sanctions* against
/// the regime were imposed").
const THEME_REACH: usize = 6;

/// The passive auxiliary before participle `at`, adverbs and "not" allowed between ("were
/// *swiftly* imposed").
fn passive_auxiliary_before(view: &SentenceView, at: usize) -> Option<usize> {
    let form = view.norm(at);
    if form.ends_with("ing") || form.ends_with('s') {
        return None;
    }
    (0..at)
        .rev()
        .find(|&i| {
            !(view.is(i, ADVERBS) || view.norm(i) == "not" || is_manner_adverb(view.norm(i)))
        })
        .filter(|&i| view.is(i, PASSIVE_AUXILIARIES))
}

fn matched(
    view: &SentenceView,
    ctx: &Context,
    rule_index: usize,
    rule: &Rule,
    at: usize,
    mut state: State,
) -> Option<Match> {
    // The anchor is a required word known to match `at`: start right after it.
    state.word(at);
    match_forward(view, rule, rule.anchor + 1, at + 1, &mut state)?;
    match_backward(view, ctx, rule, rule.anchor, at, &mut state)?;
    let trigger = (
        state.first_word.unwrap_or(at).min(at),
        state.last_word.unwrap_or(at).max(at),
    );
    let noun_use = !rule.nominal
        && (is_noun_use(view, rule, at)
            || is_inside_name(view, at)
            || is_described_state(view, at));
    let nominalized = noun_use && state.object_after_of;
    let mut m = Match {
        rule: rule_index,
        trigger,
        anchor: at,
        source: state.source,
        target: state.target,
        passive: false,
        noun_use: noun_use && !nominalized,
        nominalized,
        stretched: false,
        imposed: false,
        theme_passive: false,
    };
    if nominalized {
        // The subject found for the verb is not the noun's: its named possessor or modifier, or
        // its "by" phrase, is. A possessive pronoun's antecedent is left to the tree ("sanctions
        // on the Taliban for *its* support of X" is not the sanctioner's support).
        let object_end = m
            .target
            .as_ref()
            .and_then(|t| t.tokens)
            .map_or(trigger.1, |t| t.1);
        m.source = nominal_source_before(view, trigger.0).or_else(|| agent_after(view, object_end));
    } else if rule.nominal && m.source.is_none() {
        // "the expulsion of X *by Y*": the agent may follow the noun's object.
        let object_end = m.target.as_ref().and_then(|t| t.tokens).map(|t| t.1);
        m.source = nominal_source(view, ctx, rule, trigger)
            .or_else(|| object_end.and_then(|end| agent_after(view, end)));
    }
    if rule.symmetric && m.target.is_none() && !view.norm(at).ends_with("ing") {
        m.target = fronted_partner(view, m.source.as_ref());
    }
    if rule.passive
        && matches!(rule.kind, entente_dictionaries::rules::RuleKind::Event(_))
        && is_passive(view, rule, at)
    {
        apply_passive(view, ctx, &mut m);
    }
    Some(m)
}

/// The party named with "by" right after token `end`: a noun's agent after its object.
fn agent_after(view: &SentenceView, end: usize) -> Option<Binding> {
    (view.norm(end + 1) == "by")
        .then(|| view.group_starting_at(end + 2))
        .flatten()
        .map(|g| group_binding(view, g, Found::Agent))
}

#[derive(Default)]
struct State<'l> {
    source: Option<Binding>,
    target: Option<Binding>,
    first_word: Option<usize>,
    last_word: Option<usize>,
    /// With stretched gaps: where each gap landed beyond the rule's own reach.
    far: Option<&'l mut Vec<usize>>,
    /// The object was found after "of" on the anchor used as a noun.
    object_after_of: bool,
}

impl State<'_> {
    fn word(&mut self, i: usize) {
        self.first_word = Some(self.first_word.map_or(i, |f| f.min(i)));
        self.last_word = Some(self.last_word.map_or(i, |l| l.max(i)));
    }
    fn bind(&mut self, slot: Slot, binding: Binding) {
        match slot {
            Slot::Source => self.source = Some(binding),
            Slot::Target => self.target = Some(binding),
        }
    }
}

fn word_matches(view: &SentenceView, forms: &[String], i: usize) -> bool {
    // A scan comparing lengths first beats a binary search here: form lists are short and most
    // forms differ from the token in length, so few comparisons reach the bytes.
    i < view.len() && lexicon::contains(forms, view.norm(i))
}

pub fn group_binding(view: &SentenceView, g: usize, found: Found) -> Binding {
    let group = &view.groups[g];
    Binding {
        mentions: group
            .mentions
            .iter()
            .map(|&m| view.mentions[m].clone())
            .collect(),
        found,
        tokens: Some((group.first, group.last)),
        path: None,
    }
}

/// Matches `rule.elements[ei..]` from token `ti`; returns the token after the match.
fn match_forward(
    view: &SentenceView,
    rule: &Rule,
    ei: usize,
    ti: usize,
    state: &mut State,
) -> Option<usize> {
    let Some(element) = rule.elements.get(ei) else {
        return Some(ti);
    };
    // An adjunct of time or manner may stand between a pattern's words ("asked the court *on
    // Friday* to hear", "met *separately* with"): a gap skips its own words, and a rule's first
    // element is tried where it is.
    let after_an_adjunct = || {
        let after_a_word = ei > 0 && !matches!(rule.elements[ei - 1], Element::Gap { .. });
        after_a_word
            .then(|| adjunct_len(view, ti))
            .flatten()
            .map(|skip| ti + skip)
    };
    if let Element::Word { forms, .. } = element {
        if !word_matches(view, forms, ti) {
            // An optional word is looked for past the adjunct before it is left out.
            if let Some(t) = after_an_adjunct().filter(|&t| word_matches(view, forms, t)) {
                if let Some(end) = match_element_forward(view, rule, ei, t, state) {
                    return Some(end);
                }
            }
        }
    }
    if object_after_of_on_a_noun(view, rule, ei, ti) {
        state.object_after_of = true;
        if let Some(end) = match_element_forward(view, rule, ei, ti + 1, state) {
            return Some(end);
        }
        state.object_after_of = false;
    }
    let matched_here = match_element_forward(view, rule, ei, ti, state);
    if matched_here.is_some() {
        return matched_here;
    }
    if let Some((agent, t)) = noun_agent_before_preposition(view, rule, ei, ti) {
        let saved = state.source.take();
        state.bind(Slot::Source, group_binding(view, agent, Found::Modifier));
        if let Some(end) = match_element_forward(view, rule, ei, t, state) {
            return Some(end);
        }
        state.source = saved;
    }
    match element {
        Element::Slot { .. } if ei + 1 < rule.elements.len() => {
            let t = after_an_adjunct()?;
            match_element_forward(view, rule, ei, t, state)
        }
        _ => None,
    }
}

/// Whether `ti` is an "of" right after a verb rule's anchor used as a noun, with the rule's
/// object slot next: "the killing *of* X", "Turkey's purchase *of* missiles" name the verb's object
/// with "of". A verb followed by "of" ("warned of", "accused of") is never read so.
fn object_after_of_on_a_noun(view: &SentenceView, rule: &Rule, ei: usize, ti: usize) -> bool {
    // The object slot, or the pattern's own word for what the act moves ("the *deployment of*
    // troops to X" for `~deploy ... troops to TGT`).
    let object_next = matches!(
        rule.elements.get(ei),
        Some(
            Element::Slot {
                slot: Slot::Target,
                ..
            } | Element::Gap { .. }
                | Element::Word {
                    optional: false,
                    ..
                }
        )
    );
    object_next
        && !rule.nominal
        && ei == rule.anchor + 1
        && ti >= 1
        && view.norm(ti) == "of"
        && is_noun_use(view, rule, ti - 1)
}

/// A party named with "of" or "from" between a noun trigger and the preposition its rule puts
/// before the target: the noun's agent ("the visit *of the Japanese emperor* to Seoul", "aid *from
/// Japan* to Haiti"). Where the rule itself reads "of", that "of" names the patient and this never
/// applies, and after a possessor "of" names what was moved ("its withdrawal of troops from").
/// Returns the party's group and the token after it, where the preposition must be.
fn noun_agent_before_preposition(
    view: &SentenceView,
    rule: &Rule,
    ei: usize,
    ti: usize,
) -> Option<(usize, usize)> {
    let Element::Word { forms, .. } = rule.elements.get(ei)? else {
        return None;
    };
    let case = view.norm(ti);
    let after_the_noun = rule.nominal
        && ei > 0
        && matches!(rule.elements[ei - 1], Element::Word { .. })
        && forms
            .iter()
            .all(|f| f != case && lexicon::contains(PREPOSITIONS, f));
    if !after_the_noun || !matches!(case, "of" | "from") {
        return None;
    }
    let noun = ti.checked_sub(1)?;
    let possessed = noun > 0
        && (view.is(noun - 1, POSSESSIVE_PRONOUNS) || view.group_ending_at(noun - 1).is_some());
    if case == "of" && possessed {
        return None;
    }
    let group = view.group_starting_at(ti + 1)?;
    let after = view.groups[group].last + 1;
    word_matches(view, forms, after).then_some((group, after))
}

/// The words of adjuncts starting at `i`: at most two, each a time adjunct or an adverb ("again
/// on Monday", "strongly").
fn adjunct_len(view: &SentenceView, i: usize) -> Option<usize> {
    let mut skip = 0;
    for _ in 0..2 {
        let at = i + skip;
        let adverb = at < view.len()
            && !view.is_capitalized(at)
            && (view.is(at, ADVERBS) || is_manner_adverb(view.norm(at)));
        match time_adjunct_len(view, at) {
            Some(n) => skip += n,
            None if adverb => skip += 1,
            None => break,
        }
    }
    (skip > 0).then_some(skip)
}

/// The words of a time adjunct starting at `i`: "on Friday", "late Sunday night", "last week",
/// "yesterday", "on March 3", "earlier this month".
fn time_adjunct_len(view: &SentenceView, i: usize) -> Option<usize> {
    use entente_text::dates::{is_calendar_word, WEEKDAYS};
    const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
    const PERIODS: &[&str] = &["week", "weekend", "month", "year"];
    let part_of_day = |j: usize| usize::from(view.is(j, PARTS_OF_DAY));
    let day = |j: usize| -> Option<usize> {
        if view.is(j, WEEKDAYS) {
            return Some(1 + part_of_day(j + 1));
        }
        // "March 3", "3 March": a month name with a day number.
        let number = |k: usize| {
            view.toks
                .get(k)
                .is_some_and(|t| t.token.kind == TokenKind::Number)
        };
        let month = |k: usize| is_calendar_word(view.norm(k)) && view.is_capitalized(k);
        if month(j) && number(j + 1) {
            return Some(2);
        }
        (number(j) && month(j + 1)).then_some(2)
    };
    let word = view.norm(i);
    match word {
        "yesterday" | "today" | "tonight" | "tomorrow" => Some(1 + part_of_day(i + 1)),
        "on" => day(i + 1).map(|n| n + 1),
        "late" | "early" => view.is(i + 1, WEEKDAYS).then(|| 2 + part_of_day(i + 2)),
        "last" | "this" | "next" => {
            (view.is(i + 1, PERIODS) || view.is(i + 1, WEEKDAYS) || view.norm(i + 1) == "night")
                .then_some(2)
        }
        "earlier" | "later" => match view.norm(i + 1) {
            "this" | "last" if view.is(i + 2, PERIODS) => Some(3),
            "today" => Some(2),
            _ => None,
        },
        _ => day(i),
    }
}

/// [`match_forward`] for element `ei` placed exactly at token `ti`.
fn match_element_forward(
    view: &SentenceView,
    rule: &Rule,
    ei: usize,
    ti: usize,
    state: &mut State,
) -> Option<usize> {
    let element = &rule.elements[ei];
    let last = ei + 1 == rule.elements.len();
    match element {
        Element::Word {
            forms, optional, ..
        } => {
            if word_matches(view, forms, ti) {
                let saved = (state.first_word, state.last_word);
                state.word(ti);
                if let Some(end) = match_forward(view, rule, ei + 1, ti + 1, state) {
                    return Some(end);
                }
                (state.first_word, state.last_word) = saved;
            }
            if *optional {
                return match_forward(view, rule, ei + 1, ti, state);
            }
            None
        }
        Element::Gap { max } => {
            // A required word after the gap must be the token the gap lands on: test it here
            // rather than in a call that would fail at once (most landings fail).
            let required_next = match rule.elements.get(ei + 1) {
                Some(Element::Word {
                    forms,
                    optional: false,
                    ..
                }) => Some(forms),
                _ => None,
            };
            let max = usize::from(*max);
            let reach = if state.far.is_some() {
                max.max(FAR_GAP)
            } else {
                max
            };
            // A converted layer's target is the first actor after the verb (TABARI's rule): a gap
            // before its final target reaches past the words that stop the object search
            // ("allowed *that* X is ..."), but not past a comma or into a relative clause, and
            // matches with no target only where none is in reach.
            let final_target = rule.layer
                && ei + 2 == rule.elements.len()
                && matches!(
                    rule.elements[ei + 1],
                    Element::Slot {
                        slot: Slot::Target,
                        optional: false
                    }
                );
            let mut without_target = None;
            let mut crossed_name = false;
            for skip in 0..=reach {
                if skip > 0 {
                    let t = ti + skip - 1;
                    if t >= view.len() || view.is_boundary(t) || view.is_quote(t) {
                        return without_target;
                    }
                    if final_target
                        && matches!(view.norm(t), "," | "which" | "who" | "whom" | "where")
                    {
                        return without_target;
                    }
                    if view.group_at[t].is_some_and(|g| !is_modifying_role(view, g)) {
                        // Within reach a gap never skips a name; stretched, it may.
                        if state.far.is_none() {
                            return without_target;
                        }
                        crossed_name = true;
                    }
                }
                if required_next.is_some_and(|forms| !word_matches(view, forms, ti + skip)) {
                    continue;
                }
                let stretched = skip > max || crossed_name;
                if let (true, Some(far)) = (stretched, state.far.as_mut()) {
                    far.push(ti + skip);
                }
                if let Some(end) = match_forward(view, rule, ei + 1, ti + skip, state) {
                    if !final_target || state.target.is_some() {
                        return Some(end);
                    }
                    without_target.get_or_insert(end);
                }
                if let (true, Some(far)) = (stretched, state.far.as_mut()) {
                    far.pop();
                }
            }
            without_target
        }
        Element::Not { forms } => {
            if word_matches(view, forms, ti) {
                None
            } else {
                match_forward(view, rule, ei + 1, ti, state)
            }
        }
        Element::Slot { slot, optional } => {
            let found = if last {
                object_search(view, ti, false)
            } else {
                view.group_starting_at(ti)
            };
            match found {
                Some(g) => {
                    let last_token = view.groups[g].last;
                    state.bind(*slot, group_binding(view, g, Found::Pattern));
                    match_forward(view, rule, ei + 1, last_token + 1, state).or_else(|| {
                        // "expelled two Russian diplomats": a role mention's head noun is also
                        // the pattern's noun.
                        let head_is_role = view.groups[g].mentions.iter().any(|&m| {
                            view.mentions[m].via == Via::Role
                                && view.mentions[m].span.end == view.toks[last_token].token.span.end
                        });
                        if head_is_role && !last {
                            match_forward(view, rule, ei + 1, last_token, state)
                        } else {
                            None
                        }
                    })
                }
                None if *optional || last => match_forward(view, rule, ei + 1, ti, state),
                None => None,
            }
        }
    }
}

/// Matches `rule.elements[..ei]` backwards, ending just before token `ti`; returns the first token.
fn match_backward(
    view: &SentenceView,
    ctx: &Context,
    rule: &Rule,
    ei: usize,
    ti: usize,
    state: &mut State,
) -> Option<usize> {
    if ei == 0 {
        return Some(ti);
    }
    let element = &rule.elements[ei - 1];
    match element {
        Element::Word {
            forms, optional, ..
        } => {
            if ti > 0 && word_matches(view, forms, ti - 1) {
                let saved = (state.first_word, state.last_word);
                state.word(ti - 1);
                if let Some(start) = match_backward(view, ctx, rule, ei - 1, ti - 1, state) {
                    return Some(start);
                }
                (state.first_word, state.last_word) = saved;
            }
            if *optional {
                return match_backward(view, ctx, rule, ei - 1, ti, state);
            }
            None
        }
        Element::Gap { max } => {
            for skip in 0..=usize::from(*max) {
                if skip > ti {
                    return None;
                }
                if skip > 0 {
                    let t = ti - skip;
                    if view.is_boundary(t) || view.group_at[t].is_some() || view.is_quote(t) {
                        return None;
                    }
                }
                if let Some(start) = match_backward(view, ctx, rule, ei - 1, ti - skip, state) {
                    return Some(start);
                }
            }
            None
        }
        Element::Not { forms } => {
            if ti > 0 && word_matches(view, forms, ti - 1) {
                None
            } else {
                match_backward(view, ctx, rule, ei - 1, ti, state)
            }
        }
        Element::Slot { slot, optional } => {
            if ei - 1 == 0 {
                if rule.nominal {
                    if let Some(b) = nominal_source_before(view, ti) {
                        state.bind(*slot, b);
                        return Some(ti);
                    }
                    return Some(ti);
                }
                if let Some(b) = subject_search(view, ctx, ti) {
                    state.bind(*slot, b);
                }
                return Some(ti);
            }
            let mut end = ti;
            if end > 0 && view.is_possessive(end - 1) {
                end -= 1;
            }
            match end.checked_sub(1).and_then(|t| view.group_ending_at(t)) {
                Some(g) => {
                    state.bind(*slot, group_binding(view, g, Found::Pattern));
                    match_backward(view, ctx, rule, ei - 1, view.groups[g].first, state)
                }
                None if *optional => match_backward(view, ctx, rule, ei - 1, ti, state),
                None => None,
            }
        }
    }
}

/// The object after a trigger: the first group within three skippable words of `from`, or after a
/// run of capitalised title words ("Minister of Foreign Affairs of Jordan Ayman Safadi").
fn object_search(view: &SentenceView, from: usize, allow_by: bool) -> Option<usize> {
    let mut i = from;
    let mut skipped = 0;
    while i < view.len() && skipped <= 3 {
        if let Some(g) = view.group_starting_at(i) {
            return object_head(view, g);
        }
        if view.is_capitalized(i) {
            let mut j = i;
            while j < view.len() && j - i < 12 && view.group_at[j].is_none() {
                let joins = matches!(view.norm(j), "of" | "and" | "the" | "for")
                    && view.is_capitalized(j + 1);
                if !(view.is_capitalized(j) || joins) {
                    break;
                }
                j += 1;
            }
            if let Some(g) = view.group_starting_at(j) {
                return object_head(view, g);
            }
        }
        if let Some(hedge) = count_hedge(view, i) {
            i += hedge;
            continue;
        }
        let stop = view.is_boundary(i)
            || view.is_quote(i)
            || view.norm(i) == ","
            || (view.is(i, PREPOSITIONS) && !(allow_by && view.norm(i) == "by"))
            || matches!(
                view.norm(i),
                "and" | "but" | "that" | "which" | "who" | "while" | "as" | "or"
            );
        if stop {
            return None;
        }
        i += 1;
        skipped += 1;
    }
    None
}

/// The length of a hedge on a count starting at `i` ("at least" in "at least four"), if one does.
fn count_hedge(view: &SentenceView, i: usize) -> Option<usize> {
    lexicon::COUNT_HEDGES.iter().find_map(|hedge| {
        let count = i + hedge.len();
        let hedged = count < view.len()
            && hedge
                .iter()
                .enumerate()
                .all(|(k, w)| view.norm(i + k) == *w)
            && (view.norm(count).starts_with(|c: char| c.is_ascii_digit())
                || view.is(count, entente_text::COUNT_WORDS));
        hedged.then_some(hedge.len())
    })
}

/// The object a group found after a trigger stands for: none when it sits in parentheses or
/// modifies a relation noun ("help Israel-Türkiye relations"); the next group when it is only its
/// possessor ("its European Community partners").
fn object_head(view: &SentenceView, g: usize) -> Option<usize> {
    let group = &view.groups[g];
    if view.in_parens[group.first] || view.is(group.last + 1, lexicon::RELATION_NOUNS) {
        return None;
    }
    let possessor_only = group.first == group.last
        && view.is(group.first, lexicon::POSSESSIVE_PRONOUNS)
        && view.group_starting_at(group.last + 1).is_some();
    if possessor_only {
        return view.group_starting_at(group.last + 1);
    }
    Some(g)
}

/// Whether a group is the subject of a clause rather than the object of a preposition or verb.
fn is_subject_position(view: &SentenceView, ctx: &Context, first: usize) -> bool {
    let mut i = first;
    while i > 0 && (view.is(i - 1, DETERMINERS) || view.is(i - 1, entente_text::PLACE_MODIFIERS)) {
        i -= 1;
    }
    if i == 0 {
        return true;
    }
    let before = view.norm(i - 1);
    // "Thousands of Iranian students", "members of the group", "a spokesman for the Taliban": the
    // actor heads the subject.
    if (before == "of" || before == "for") && i >= 2 && lexicon::is_part_of_head(view.norm(i - 2)) {
        return !view.in_parens[first] && (i == 2 || !view.is(i - 3, PREPOSITIONS));
    }
    // "after Israel ended its assault": "after" and "before" also open a clause, whose subject a
    // group followed by its verb is.
    let opens_a_clause =
        matches!(before, "after" | "before") && is_followed_by_a_verb(view, ctx, first);
    if view.in_parens[first] || (lexicon::contains(PREPOSITIONS, before) && !opens_a_clause) {
        return false;
    }
    if lexicon::contains(SPEECH_VERBS, before) || before == "that" {
        return true;
    }
    let verb_like = (before.ends_with("ed") && before != "hundred")
        || before.ends_with("ing")
        || ctx.rules.is_lemma_form(before);
    // "Newly appointed Prime Minister X": a participle opening the clause is an adjective.
    let opens_clause = |k: usize| {
        k == 0 || view.is_boundary(k - 1) || view.norm(k - 1) == "," || view.is_quote(k - 1)
    };
    let adjective = before.ends_with("ed")
        && (opens_clause(i - 1)
            || (i >= 2 && view.norm(i - 2).ends_with("ly") && opens_clause(i - 2)));
    !verb_like || adjective
}

/// Whether the group at token `first` is followed by a verb: a past form, an auxiliary, or a form
/// of a rule's verb.
fn is_followed_by_a_verb(view: &SentenceView, ctx: &Context, first: usize) -> bool {
    let Some(g) = view.group_at.get(first).copied().flatten() else {
        return false;
    };
    let next = view.norm(view.groups[g].last + 1);
    (next.ends_with("ed") && next != "hundred")
        || lexicon::contains(lexicon::AUXILIARIES, next)
        || ctx.rules.is_lemma_form(next)
}

/// The subject of the clause a trigger at `ti` is in: the nearest group to the left in subject position.
fn subject_search(view: &SentenceView, ctx: &Context, ti: usize) -> Option<Binding> {
    // "prevented these elements from protesting": the gerund's subject is the object before "from".
    let mut before = ti;
    while before > 0 && view.is(before - 1, ADVERBS) {
        before -= 1;
    }
    if before >= 2 && view.norm(before - 1) == "from" && view.norm(ti).ends_with("ing") {
        if let Some(g) = view.group_ending_at(before - 2) {
            return Some(group_binding(view, g, Found::Pattern));
        }
        // "refrained from attacking" keeps the clause subject; "prevented these elements from
        // protesting" has a subject that is no actor.
        let verb = view.norm(before - 2);
        let intransitive = verb.ends_with("ed") || ctx.rules.is_lemma_form(verb);
        if !intransitive {
            return None;
        }
    }
    // "called for cutting all ties": the demanded act's own subject is left unsaid.
    let demanded_gerund = view.norm(ti).ends_with("ing")
        && before >= 1
        && (view.is(before - 1, lexicon::DEMAND_CUES)
            || (before >= 2
                && view.norm(before - 1) == "for"
                && view.is(before - 2, lexicon::DEMAND_CUES)));
    if demanded_gerund {
        return None;
    }
    let mut i = ti;
    let mut via_pronoun = false;
    let mut personal_pronoun = false;
    let mut steps = 0;
    while i > 0 && steps < 40 {
        i -= 1;
        steps += 1;
        // A quotation that ends on its own punctuation before the trigger: what it says is no
        // subject of a verb after it ("'... the dollar will be stronger,' the chief executive
        // told X"). Quotation marks around a word or two ("'strongly condemned'") end no quote.
        let quotation_ends =
            view.is_quote(i) && i > 0 && matches!(view.norm(i - 1), "," | "." | "?" | "!");
        if (view.is_boundary(i) && !view.in_parens[i]) || quotation_ends {
            break;
        }
        if let Some(g) = view.group_at[i] {
            let group = &view.groups[g];
            // "with Herzog saying he will ...": a pronoun's antecedent is the speaker of the verb before it.
            let speaker_of_pronoun = via_pronoun && view.is(group.last + 1, SPEECH_VERBS);
            if !speaker_of_pronoun && !is_subject_position(view, ctx, group.first) {
                if let Some(b) = subject_after_fronted_phrase(view, g) {
                    return Some(b);
                }
            }
            // "he" and "she" stand for a person, never for an organisation or a state ("X told
            // BBC Radio he hoped").
            let no_person = personal_pronoun && names_no_person(view, g);
            if no_person {
                i = group.first;
                continue;
            }
            if speaker_of_pronoun || is_subject_position(view, ctx, group.first) {
                let found = if via_pronoun {
                    Found::Pronoun
                } else {
                    Found::Pattern
                };
                return Some(group_binding(view, g, found));
            }
            i = group.first;
            continue;
        }
        if view.is(i, FIRST_PERSON) && inside_quote(view, ctx, i) {
            return ctx.speaker.map(|s| Binding {
                mentions: s.to_vec(),
                found: Found::Speaker,
                tokens: None,
                path: None,
            });
        }
        // "leader X, who this week criticised": a relative pronoun after a comma stands for the
        // party the comma closes, even as the object of a preposition ("an address from X,
        // who"); not after a subject of its own ("X, who they threatened").
        if !via_pronoun {
            if let Some(g) = view.antecedent_before_comma(i) {
                return Some(group_binding(view, g, Found::Pattern));
            }
        }
        if view.is(i, THIRD_PERSON) {
            via_pronoun = true;
            personal_pronoun = view.is(i, lexicon::PERSONAL_PRONOUNS);
        }
        // "worried that the war may ... threaten X": the clause has a subject of its own, no actor.
        let opens_subject = i > 0
            && view.is(i, lexicon::NOUN_PHRASE_OPENERS)
            && (view.norm(i - 1) == "that" || view.is(i - 1, SPEECH_VERBS));
        if opens_subject && !via_pronoun {
            return None;
        }
    }
    None
}

/// "According to a tweet from the Embassy in Israel, Hajiyev and Hanegbi discussed": a sentence
/// that opens with a prepositional phrase ends it with a comma, so the actors after that comma are
/// the subject, not more objects of the preposition.
fn subject_after_fronted_phrase(view: &SentenceView, g: usize) -> Option<Binding> {
    let fronted =
        view.is(0, PREPOSITIONS) || matches!(view.norm(0), "according" | "also" | "while");
    if !fronted {
        return None;
    }
    let group = &view.groups[g];
    let comma = (group.first..group.last).find(|&i| view.norm(i) == ",")?;
    let start = view.toks[comma + 1].token.span.start;
    let mentions: Vec<Mention> = group
        .mentions
        .iter()
        .map(|&m| &view.mentions[m])
        .filter(|m| m.span.start >= start)
        .cloned()
        .collect();
    (!mentions.is_empty()).then_some(Binding {
        mentions,
        found: Found::Pattern,
        tokens: Some((comma + 1, group.last)),
        path: None,
    })
}

/// Whether token `i` lies inside a quotation (counting quote marks from the sentence start).
pub fn inside_quote(view: &SentenceView, ctx: &Context, i: usize) -> bool {
    let marks = (0..i).filter(|&t| view.is_quote(t)).count();
    (marks % 2 == 1) != ctx.quote_open_at_start
}

/// A possessor or modifier right before a nominal trigger: "Hajiyev's trip", "the Hamas attack".
fn nominal_source_before(view: &SentenceView, ti: usize) -> Option<Binding> {
    let mut end = ti;
    if end > 0 && view.is_possessive(end - 1) {
        end -= 1;
    }
    let g = view.group_ending_at(end.checked_sub(1)?)?;
    Some(group_binding(view, g, Found::Modifier))
}

/// The source of a nominal trigger with no possessor: "attack by X", or the subject of the main
/// clause after a fronted phrase ("During a press conference with X, Aliyev said").
fn nominal_source(
    view: &SentenceView,
    ctx: &Context,
    rule: &Rule,
    trigger: (usize, usize),
) -> Option<Binding> {
    if let Some(b) = nominal_source_before(view, trigger.0) {
        return Some(b);
    }
    // "launched an attack", "held talks", "their assault": the noun's agent is the clause subject.
    let mut i = trigger.0;
    let mut steps = 0;
    while i > 0 && steps < 5 {
        i -= 1;
        steps += 1;
        if view.is(i, LIGHT_VERBS) || view.is(i, POSSESSIVE_PRONOUNS) {
            return subject_search(view, ctx, i);
        }
        if view.is_boundary(i)
            || view.group_at[i].is_some()
            || view.norm(i) == ","
            || view.is(i, PREPOSITIONS)
        {
            break;
        }
    }
    let after = trigger.1 + 1;
    if view.norm(after) == "by" {
        if let Some(g) = view.group_starting_at(after + 1) {
            return Some(group_binding(view, g, Found::Agent));
        }
    }
    // Only a mutual act (talks, a press conference) includes the main clause's subject.
    let fronted = rule.symmetric
        && (0..trigger.0)
            .all(|i| view.group_at[i].is_none() && !view.is_boundary(i) && view.norm(i) != ",");
    if fronted {
        let comma = (after..view.len()).find(|&i| view.norm(i) == "," || view.is_boundary(i))?;
        if view.norm(comma) == "," {
            let g = view.group_starting_at(comma + 1)?;
            return Some(group_binding(view, g, Found::Fronted));
        }
    }
    None
}

/// The partner of a mutual act named in a sentence-opening "With X," ("With Ronen Levy, Hajiyev also
/// discussed ..."), when the subject is a single actor.
fn fronted_partner(view: &SentenceView, source: Option<&Binding>) -> Option<Binding> {
    if view.norm(0) != "with" || source.is_none_or(|b| b.mentions.len() != 1) {
        return None;
    }
    let g = view.group_starting_at(1)?;
    (view.norm(view.groups[g].last + 1) == ",").then(|| group_binding(view, g, Found::Fronted))
}

/// Whether an inflected anchor in its base or plural form is used as a noun: after a determiner, a
/// possessive, a number or a preposition ("the attack", "Russia's ban", "for talks").
fn is_noun_use(view: &SentenceView, rule: &Rule, at: usize) -> bool {
    let Element::Word {
        forms,
        inflected: true,
        ..
    } = &rule.elements[rule.anchor]
    else {
        return false;
    };
    // "the *rejection* of": a noun derived from the verb is never its verb.
    if lexicon::verb_of_nominalization(view.norm(at)).is_some() {
        return true;
    }
    if at == 0 {
        return false;
    }
    let form = view.norm(at);
    // An irregular past ("held", "met", "fought") is no base or plural form: after a date's
    // number it is the verb ("Putin on June 13 *held* talks"). Read only after a number.
    let irregular_past = || {
        let has = |f: &str| forms.iter().any(|x| x == f);
        let base_or_plural = has(&format!("{form}s"))
            || has(&format!("{form}es"))
            || form.strip_suffix('s').is_some_and(has)
            || form.strip_suffix("es").is_some_and(has)
            || form
                .strip_suffix("ies")
                .is_some_and(|stem| has(&format!("{stem}y")));
        !base_or_plural && !form.ends_with("ed") && !form.ends_with("ing")
    };
    let before = view.norm(at - 1);
    if form.ends_with("ed") || form.ends_with("ing") {
        // "the occupied territory": a participle after a determiner is an adjective; "the killing
        // of an Israeli man": a gerund between a determiner and "of" is a noun.
        let gerund_noun = form.ends_with("ing") && view.norm(at + 1) == "of";
        return (form.ends_with("ed") || gerund_noun) && view.is(at - 1, DETERMINERS);
    }
    // "tortured by prison guards": a plural after a noun that follows a preposition heads a compound.
    let compound_head = form.ends_with('s')
        && at >= 2
        && view.group_at[at - 1].is_none()
        && view.toks[at - 1].token.kind == TokenKind::Word
        && starts_lowercase(view, at - 1)
        && !view.is(at - 1, THIRD_PERSON)
        && !view.is(at - 1, FIRST_PERSON)
        && !matches!(view.norm(at - 1), "who" | "which" | "that" | "you")
        && lexicon::contains(PREPOSITIONS, view.norm(at - 2))
        && view.norm(at - 2) != "to"
        && !view.is(at + 1, DETERMINERS)
        && view.group_starting_at(at + 1).is_none();
    if compound_head {
        return true;
    }
    // "armed attacks", "deadly raids": a base or plural form after an attributive word is a noun.
    let attributive = view.group_at[at - 1].is_none()
        && (view.is(at - 1, ATTRIBUTIVES)
            || (before.ends_with("ed") && starts_lowercase(view, at - 1)));
    attributive
        || view.is_possessive(at - 1)
        || (view.toks[at - 1].token.kind == TokenKind::Number && !irregular_past())
        || matches!(
            before,
            "the"
                | "a"
                | "an"
                | "its"
                | "their"
                | "his"
                | "her"
                | "this"
                | "these"
                | "those"
                | "our"
                | "my"
                | "your"
        )
        || (lexicon::contains(PREPOSITIONS, before) && before != "to")
}

/// A participle after "as" describes a state, it reports no act: "presented the regions as occupied
/// by Armenia", "seen as weakened".
fn is_described_state(view: &SentenceView, at: usize) -> bool {
    at > 0 && view.norm(at - 1) == "as" && view.norm(at).ends_with("ed")
}

/// A bare role word modifying the noun after it ("joint *military* exercises", "*police* officers"):
/// no party to the act, so a gap may cross it.
fn is_modifying_role(view: &SentenceView, g: usize) -> bool {
    let group = &view.groups[g];
    let next = group.last + 1;
    group.first == group.last
        && group.mentions.iter().all(|&m| {
            let mention = &view.mentions[m];
            mention.via == Via::Role && mention.actor.country.is_none()
        })
        && next < view.len()
        && view.group_at[next].is_none()
        && view.toks[next].token.kind == TokenKind::Word
        && starts_lowercase(view, next)
        && !view.is_boundary(next)
        && !view.is(next, PREPOSITIONS)
        && !view.is(next, DETERMINERS)
        && !matches!(view.norm(next), "and" | "or" | "to")
}

/// Whether the token's original text starts with a lower-case letter.
fn starts_lowercase(view: &SentenceView, i: usize) -> bool {
    let text = view.toks[i].token.span.slice(view.text);
    text.chars().next().is_some_and(char::is_lowercase)
}

/// A capitalised verb inside a running sentence is part of a name ("Public Works Department"), unless
/// the sentence is a title-case headline.
fn is_inside_name(view: &SentenceView, at: usize) -> bool {
    at > 0 && view.is_capitalized(at) && !view.is_quote(at - 1) && view.norm(at - 1) != ":"
}

/// A passive verb group: a form of "be" (adverbs allowed between) right before a participle anchor.
fn is_passive(view: &SentenceView, rule: &Rule, at: usize) -> bool {
    let inflected = has_inflected_anchor(rule);
    let form = view.norm(at);
    if !inflected || form.ends_with("ing") || form.ends_with('s') {
        return false;
    }
    // A reduced passive: "a region occupied by X".
    if view.norm(at + 1) == "by" && view.group_starting_at(at + 2).is_some() {
        return true;
    }
    passive_auxiliary_before(view, at).is_some()
}

/// An adverb in "-ly" between an auxiliary and its participle ("was *unfairly* vilified", "were
/// *brutally* killed"); not the nouns and verbs that end so.
fn is_manner_adverb(word: &str) -> bool {
    word.len() > 4
        && word.ends_with("ly")
        && !matches!(
            word,
            "ally" | "rally" | "supply" | "reply" | "family" | "assembly"
        )
}

/// Whether the group starting at `first` follows "by", determiners allowed ("by the U.N. court").
fn after_by(view: &SentenceView, first: usize) -> bool {
    let mut i = first;
    while i > 0 && view.is(i - 1, DETERMINERS) {
        i -= 1;
    }
    i > 0 && view.norm(i - 1) == "by"
}

/// Passive: the subject is the target; the agent after "by" is the source.
fn apply_passive(view: &SentenceView, ctx: &Context, m: &mut Match) {
    m.passive = true;
    let patient = subject_search(view, ctx, m.trigger.0);
    let agent = object_search(view, m.trigger.1 + 1, true)
        .filter(|&g| after_by(view, view.groups[g].first))
        .map(|g| group_binding(view, g, Found::Agent));
    m.source = agent;
    m.target = patient;
}

/// The speaker of a speech verb at `i`: its subject, or the actor right after it ("said Hajiyev").
/// Whether every mention of group `g` is an organisation or a state, which "he" or "she" cannot
/// stand for. A state's word before a common noun describes that noun, which may be a person's
/// ("a *Japanese* virus expert says he").
fn names_no_person(view: &SentenceView, g: usize) -> bool {
    let describes_a_noun = view.toks.get(view.groups[g].last + 1).is_some_and(|t| {
        t.token.kind == TokenKind::Word
            && view.text[t.token.span.start..].starts_with(char::is_lowercase)
    });
    view.groups[g].mentions.iter().all(|&m| {
        let actor = &view.mentions[m].actor;
        let state = actor.sector.is_none() && actor.id.len() == 3;
        actor.id.starts_with("org:") || (state && !describes_a_noun)
    })
}

pub fn speaker_of(view: &SentenceView, ctx: &Context, i: usize) -> Option<Vec<Mention>> {
    if let Some(b) = subject_search(view, ctx, i).filter(|b| b.found != Found::Speaker) {
        return Some(b.mentions);
    }
    // "..., said X": the speaker after the verb. After "told" stands who was told.
    if view.is(i, lexicon::ADDRESSING_SPEECH_VERBS) {
        return None;
    }
    let g = view.group_starting_at(i + 1)?;
    Some(group_binding(view, g, Found::Pattern).mentions)
}
