//! Turning an accepted match into events or relations: actor pairs, paired and symmetric events,
//! announced acts, the CAMEO table's fields, dates, confidence, facets and quantities.

use crate::lexicon::{self, DETERMINERS};
use crate::matcher::{Binding, Found, Match};
use crate::sentence::SentenceView;
use entente_dictionaries::rules::{Rule, Slot};
use entente_dictionaries::CameoTable;
use entente_model::{
    Actor, CameoCode, EventDate, Mention, Modality, QuadClass, RelationFacet, Span, TokenKind, Via,
};

/// One event before it is dressed with document fields.
#[derive(Debug, Clone)]
pub struct Draft {
    pub source: Mention,
    pub target: Option<Mention>,
    pub code: CameoCode,
    pub modality: Modality,
    pub negated: bool,
    pub rule: String,
    pub confidence: f64,
    /// Target → source: the other side of a mutual or paired act, not the subject's own act.
    pub reversed: bool,
    /// The dependency paths that gave the source and the target, when the tree gave them.
    pub source_path: Option<String>,
    pub target_path: Option<String>,
}

/// What the CAMEO table says about an event's code.
pub struct CameoFields {
    pub goldstein: f64,
    pub quad_class: QuadClass,
    pub plover: String,
    pub plover_mode: Option<String>,
    /// False when the code is missing from the table: the quad class then comes from the root.
    pub known: bool,
}

/// The CAMEO table's fields for a code, or the root's quad class when the table lacks it.
pub fn cameo_fields(cameo: &CameoTable, code: &CameoCode) -> CameoFields {
    match cameo.get(code) {
        Some(info) => CameoFields {
            goldstein: info.goldstein,
            quad_class: info.quad_class,
            plover: info.plover.clone(),
            plover_mode: info.plover_mode.clone(),
            known: true,
        },
        None => CameoFields {
            goldstein: 0.0,
            quad_class: quad_class_of_root(code.root_number()),
            plover: String::new(),
            plover_mode: None,
            known: false,
        },
    }
}

/// GDELT's quad class by CAMEO root.
pub fn quad_class_of_root(root: u8) -> QuadClass {
    match root {
        1..=5 => QuadClass::VerbalCooperation,
        6..=9 => QuadClass::MaterialCooperation,
        10..=14 => QuadClass::VerbalConflict,
        _ => QuadClass::MaterialConflict,
    }
}

/// The CAMEO code of announcing `act`: intent to cooperate (03x) or a threat (13x).
pub fn announcement_code(act: &CameoCode) -> CameoCode {
    let code = match (act.root_number(), act.base()) {
        (_, "161" | "160") => "1313",
        (_, "163") => "1312",
        (_, "162") => "1311",
        (16, _) => "131",
        (17, _) => "132",
        (15 | 18 | 19 | 20, _) => "138",
        (10..=14, _) => "130",
        (4, _) => "036",
        (5, _) => "032",
        (6, _) => "031",
        (7, _) => "033",
        (8, _) => "035",
        _ => "030",
    };
    CameoCode::new(code).unwrap_or_else(|_| act.clone())
}

fn confidence(m: &Match, rule: &Rule, derived: bool) -> f64 {
    let mut c: f64 = 0.9;
    // A role read elsewhere than where the pattern put it is less sure; the place an act
    // happened in is read from the act's own phrase.
    for b in [&m.source, &m.target].into_iter().flatten() {
        if !matches!(b.found, Found::Pattern | Found::Place) {
            c -= 0.1;
        }
    }
    if m.passive {
        c -= 0.05;
    }
    if rule.nominal || m.nominalized {
        c -= 0.1;
    }
    if derived {
        c -= 0.1;
    }
    (c.clamp(0.3, 0.95) * 100.0).round() / 100.0
}

/// Every event draft a match yields. `code` is the rule's code; `negated`/`modality` its reading.
pub fn event_drafts(
    text: &str,
    m: &Match,
    rule: &Rule,
    code: &CameoCode,
    negated: bool,
    modality: Modality,
) -> Vec<Draft> {
    let sources = m
        .source
        .as_ref()
        .map_or(&[][..], |b: &Binding| b.mentions.as_slice());
    let targets: Vec<Option<&Mention>> = match &m.target {
        Some(b) => b.mentions.iter().map(Some).collect(),
        None => vec![None],
    };
    let mut pairs: Vec<(&Mention, Option<&Mention>, bool)> = Vec::new();
    // "Arnor and Gondor agreed to share intelligence": a cooperative act of a coordinated subject
    // with no other party is done among its members, as a mutual act is.
    let among_subjects = rule.symmetric || rule.pairs || is_cooperation_among(code);
    // "X and Y agreed to share intelligence on Z": Z is the target of the act agreed on (coded by
    // its own rule), not of the agreement, which is between X and Y.
    let target_of_the_agreed_act = m
        .target
        .as_ref()
        .is_some_and(|b| b.path.as_deref().is_some_and(|p| p.starts_with("xcomp/")));
    // "Russia and Turkey's ministers met ... after clashes in Syria's Idlib": a mutual act of a
    // coordinated subject is among its members when only word order, not the tree, reached a
    // party beyond them.
    let target_by_word_order = m.target.as_ref().is_some_and(|b| b.path.is_none());
    // "Greek and Turkish leaders met *on the sidelines of the NATO summit*": a party the tree
    // reached through where or when a mutual act happened is no party to it.
    let target_in_the_scene = m.target.as_ref().is_some_and(|b| {
        b.path.as_deref().is_some_and(|p| {
            p.strip_prefix("obl[").is_some_and(|rest| {
                ![
                    "with]", "against]", "between]", "among]", "to]", "toward]", "towards]",
                ]
                .iter()
                .any(|case| rest.starts_with(case))
            })
        })
    });
    // A compound target of its own (`pairs` with no source slot): "fighting between X and Y".
    let among_targets = rule.pairs && !has_slot(rule, Slot::Source);
    if among_targets {
        let members = m.target.as_ref().map_or(&[][..], |b| b.mentions.as_slice());
        for (i, a) in members.iter().enumerate() {
            for (j, b) in members.iter().enumerate() {
                if i != j {
                    pairs.push((a, Some(b), false));
                }
            }
        }
    } else if among_subjects
        && (m.target.is_none()
            || target_of_the_agreed_act
            || (rule.symmetric && (target_by_word_order || target_in_the_scene)))
        && sources.len() > 1
    {
        for (i, a) in sources.iter().enumerate() {
            for (j, b) in sources.iter().enumerate() {
                if i != j {
                    pairs.push((a, Some(b), false));
                }
            }
        }
    } else {
        for s in sources {
            for t in &targets {
                pairs.push((s, *t, false));
                if rule.symmetric && modality == Modality::Actual {
                    if let Some(t) = t {
                        pairs.push((t, Some(s), true));
                    }
                }
            }
        }
    }
    // "South Sudan lifted the state of emergency in the country": an actor's act on itself says
    // no other party. It is coded without a target when the rule needs none (and is no mutual act)
    // and the source has no other target; otherwise it is dropped.
    let self_target = |s: &Mention, t: Option<&Mention>| t.is_some_and(|t| same_party(text, s, t));
    let has_other_target = |s: &Mention, pairs: &[(&Mention, Option<&Mention>, bool)]| {
        pairs
            .iter()
            .any(|(x, t, _)| x.span == s.span && t.is_some() && !self_target(x, *t))
    };
    let target_optional = !target_required(rule) && !rule.symmetric && !rule.pairs;
    let mut kept: Vec<(&Mention, Option<&Mention>, bool)> = Vec::with_capacity(pairs.len());
    for &(s, t, reversed) in &pairs {
        let pair = if !self_target(s, t) {
            (s, t, reversed)
        } else if target_optional && !reversed && !has_other_target(s, &pairs) {
            (s, None, false)
        } else {
            continue;
        };
        // Only a self-target turned into none can repeat a pair.
        if pair.1.is_some()
            || !kept
                .iter()
                .any(|k| k.0.span == pair.0.span && k.1.is_none())
        {
            kept.push(pair);
        }
    }
    // The slot a mention filled decides its path, whichever side of a reversed pair it ends on.
    let path_of = |mention: &Mention| {
        let in_source = m
            .source
            .as_ref()
            .is_some_and(|b| b.mentions.iter().any(|x| x.span == mention.span));
        let binding = if in_source { &m.source } else { &m.target };
        binding.as_ref().and_then(|b| b.path.clone())
    };
    let mut drafts = Vec::new();
    for (s, t, reversed) in kept {
        // Only the subject intends, demands or supposes: the reverse of a mutual act is actual only.
        if reversed && modality != Modality::Actual {
            continue;
        }
        let draft =
            |source: &Mention, target: Option<&Mention>, code: &CameoCode, derived: bool| Draft {
                reversed: reversed || source.span != s.span,
                source: source.clone(),
                target: target.cloned(),
                code: code.clone(),
                modality,
                negated,
                rule: rule.id.clone(),
                confidence: confidence(m, rule, derived),
                source_path: path_of(source),
                target_path: target.and_then(path_of),
            };
        // A peacekeeping or military force that travels somewhere is deployed there (074), not
        // visiting: no host receives it.
        let deployed = (code.as_str() == "042"
            && !reversed
            && s.actor
                .sector
                .as_ref()
                .is_some_and(|x| matches!(x.as_str(), "PKO" | "MIL"))
            && names_a_body_of_forces(text, s))
        .then(|| CameoCode::new("074").ok())
        .flatten();
        if let Some(peacekeeping) = &deployed {
            drafts.push(draft(s, t, peacekeeping, reversed));
            continue;
        }
        // "Labour and the Tories clashed over tax": between parties that bear no arms the act is
        // the rule's quarrel.
        let quarrel = rule
            .unarmed
            .as_ref()
            .filter(|_| t.is_some_and(|t| quarrels(&s.actor, &t.actor)));
        if let Some(quarrel) = quarrel {
            drafts.push(draft(s, t, quarrel, reversed));
            continue;
        }
        drafts.push(draft(s, t, code, reversed));
        for paired in &rule.paired {
            match (paired.reversed, t) {
                (true, Some(t)) => drafts.push(draft(t, Some(s), &paired.code, true)),
                (true, None) => {}
                (false, _) => drafts.push(draft(s, t, &paired.code, true)),
            }
        }
    }
    drafts
}

/// How an actor may take part in a clash or an attack.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arms {
    /// A person with no armed role, a legislature, court, newspaper, school, firm or elite, or an
    /// organisation coded by its country alone (a political party): it quarrels.
    None,
    /// A government institution: it quarrels with the unarmed, but governments (a capital stands
    /// for one) fight each other.
    Government,
    /// States, forces, police, rebels, crowds and groups no one named may fight.
    May,
}

fn arms_of(actor: &Actor) -> Arms {
    const ARMED: &[&str] = &[
        "MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY", "IMG", "PKO", "CRM",
    ];
    const UNARMED: &[&str] = &["LEG", "JUD", "MED", "EDU", "BUS", "ELI"];
    let person = actor.id.starts_with("person:") || actor.id.starts_with("name:");
    let party = actor.id.starts_with("org:") && actor.code.as_str().len() == 3;
    match actor.sector.as_ref().map(|sector| sector.as_str()) {
        Some(sector) if ARMED.contains(&sector) => Arms::May,
        Some(sector) if UNARMED.contains(&sector) => Arms::None,
        _ if person || party => Arms::None,
        // An organisation coded as a government may be an armed movement (the Taliban).
        Some("GOV") if !actor.id.starts_with("org:") => Arms::Government,
        _ => Arms::May,
    }
}

/// Whether two parties quarrel rather than fight: neither may bear arms, and at least one is no
/// government ("X attacked the government over Iraq"; "Moscow attacked Kyiv" stays force).
fn quarrels(a: &Actor, b: &Actor) -> bool {
    matches!(
        (arms_of(a), arms_of(b)),
        (Arms::None, Arms::None) | (Arms::None, Arms::Government) | (Arms::Government, Arms::None)
    )
}

/// Whether a mention names forces rather than one of their commanders: "troops", "the army",
/// "peacekeepers" travel as a body; "Pakistan's army chief" visits.
fn names_a_body_of_forces(text: &str, m: &Mention) -> bool {
    if m.actor.id.starts_with("person:") {
        return false;
    }
    let word = last_word(text, m);
    word.ends_with('s') || lexicon::contains(lexicon::BODIES_OF_FORCES, &word)
}

/// The mention's last word, lower-cased: the head of a composed or described mention.
fn last_word(text: &str, m: &Mention) -> String {
    m.span
        .slice(text)
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// Whether two mentions name one party: the same actor, unless they are two of a government's
/// office holders that no dictionary names ("Iceland's *president* refused a request from the
/// *prime minister*"), who are two people, as two named ones are.
fn same_party(text: &str, a: &Mention, b: &Mention) -> bool {
    a.actor.id == b.actor.id
        && match (office_holder(text, a), office_holder(text, b)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// The office word heading a government mention composed from a role or read as a definite
/// description ("Iceland's president", "the prime minister"): one person, so never a plural, a
/// body ("the government") or a pronoun, which names someone already named.
fn office_holder(text: &str, m: &Mention) -> Option<String> {
    let described = matches!(m.via, Via::Role | Via::Context);
    let government = m.actor.sector.as_ref().is_some_and(|s| s.as_str() == "GOV");
    if !described || !government {
        return None;
    }
    let word = last_word(text, m);
    let one_person = word.len() > 3
        && !word.ends_with('s')
        && !word.ends_with("self")
        && !lexicon::contains(lexicon::GOVERNING_BODIES, &word);
    one_person.then_some(word)
}

/// Codes whose act a coordinated subject does with each other when no one else is named: intent
/// to cooperate (03), consultation (04), diplomatic (05) and material (06) cooperation.
pub(crate) fn is_cooperation_among(code: &CameoCode) -> bool {
    (3..=6).contains(&code.root_number())
}

/// The announced act's speech event: "would impose a tariff" is also a threat made now, so it is
/// coded as an actual 13x (03x for cooperative acts) beside the act itself.
pub fn announcement(draft: &Draft, commitment: bool) -> Option<Draft> {
    // Only an announced intention is an event in itself: "Baku hopes to maintain ties" reports an
    // attitude, "Ankara declared it would halt exports" a threat made. The other side of a paired
    // act announced nothing: in "Straw will visit Sri Lanka" only Straw said he would come.
    if draft.negated
        || draft.reversed
        || !commitment
        || !matches!(draft.modality, Modality::Intended | Modality::Threatened)
    {
        return None;
    }
    Some(Draft {
        code: announcement_code(&draft.code),
        modality: Modality::Actual,
        rule: format!("{}+announced", draft.rule),
        confidence: ((draft.confidence - 0.1).max(0.3) * 100.0).round() / 100.0,
        ..draft.clone()
    })
}

/// The CAMEO code of refusing to do `act` toward someone who wanted it: to meet (125), mediate
/// (126), sign (127), cooperate (121), give aid (122) or yield (124x). `None` for acts whose refusal
/// is no event of its own ("refused to condemn").
pub fn refusal_code(act: &CameoCode) -> Option<CameoCode> {
    let code = match act.as_str() {
        c if c.starts_with("045") => "126",
        c if c.starts_with("04") => "125",
        c if c.starts_with("057") => "127",
        c if c.starts_with("06") => "121",
        c if c.starts_with("07") => "122",
        c if c.starts_with("081") => "1241",
        "082" => "1242",
        c if c.starts_with("084") => "1243",
        "085" => "1244",
        c if c.starts_with("086") => "1245",
        c if c.starts_with("087") => "1246",
        c if c.starts_with("08") => "124",
        _ => return None,
    };
    CameoCode::new(code).ok()
}

/// The refusal event beside a refused act: "refused to release the hostages" is a 0841 that did not
/// happen and an actual 1243 that did, read from the same words with the same confidence.
pub fn refusal(draft: &Draft, refused: bool) -> Option<Draft> {
    if !refused || !draft.negated || draft.reversed {
        return None;
    }
    Some(Draft {
        code: refusal_code(&draft.code)?,
        modality: Modality::Actual,
        negated: false,
        rule: format!("{}+refused", draft.rule),
        ..draft.clone()
    })
}

/// Intended acts against someone are threats.
pub fn settle_modality(modality: Modality, quad: QuadClass) -> Modality {
    match modality {
        Modality::Intended if !quad.is_cooperation() => Modality::Threatened,
        Modality::Threatened if quad.is_cooperation() => Modality::Intended,
        other => other,
    }
}

/// The event date: the nearest date outside parentheses, else one inside (a source citation), else
/// the document date.
pub fn choose_date(
    view: &SentenceView,
    dates: &[entente_text::dates::DateMention],
    trigger: Span,
    doc_date: Option<EventDate>,
) -> Option<EventDate> {
    let in_parens = |span: Span| {
        view.toks
            .iter()
            .position(|t| t.token.span.start >= span.start)
            .is_some_and(|i| view.in_parens[i])
    };
    let distance = |span: Span| {
        if span.start >= trigger.end {
            span.start - trigger.end
        } else {
            trigger.start.saturating_sub(span.end)
        }
    };
    // "since 2018", "until May" and "following October 7" bound a period or place the event after
    // another; they do not date the event.
    let bounds_a_period = |span: Span| {
        view.toks
            .iter()
            .position(|t| t.token.span.start >= span.start)
            .and_then(|i| i.checked_sub(1))
            .is_some_and(|i| {
                matches!(
                    view.norm(i),
                    "since" | "until" | "till" | "following" | "after" | "before"
                )
            })
    };
    let nearest = |want_parens: bool| {
        dates
            .iter()
            .filter(|d| in_parens(d.span) == want_parens && !bounds_a_period(d.span))
            .min_by_key(|d| distance(d.span))
            .map(|d| d.date)
    };
    nearest(false).or_else(|| nearest(true)).or(doc_date)
}

/// The dates `trigger` may take: not those that date another trigger of the sentence by following
/// it directly ("called for cutting ties ... following the Hamas attack on October 7": October 7 is
/// the attack's date, not the call's).
pub fn dates_for(
    view: &SentenceView,
    dates: &[entente_text::dates::DateMention],
    trigger: Span,
    triggers: &[Span],
) -> Vec<entente_text::dates::DateMention> {
    let owned_by_other = |date: Span| {
        triggers.iter().any(|&other| {
            !other.overlaps(trigger) && other.end <= date.start && {
                let between: Vec<&str> = view
                    .toks
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| {
                        t.token.span.start >= other.end && t.token.span.end <= date.start
                    })
                    .map(|(i, _)| view.norm(i))
                    .collect();
                matches!(between.as_slice(), ["on"] | ["of"] | ["in"])
            }
        })
    };
    // "condemn the October 7 attack": a date between a determiner and a noun dates that noun only.
    let attributive_elsewhere = |date: Span| {
        let Some(first) = view
            .toks
            .iter()
            .position(|t| t.token.span.start >= date.start)
        else {
            return false;
        };
        let after = view
            .toks
            .iter()
            .position(|t| t.token.span.start >= date.end);
        first > 0
            && view.is(first - 1, DETERMINERS)
            && after.is_some_and(|a| {
                let near = view.toks[a..].iter().take(3).map(|t| t.token.span);
                !near.clone().any(|span| span.overlaps(trigger))
            })
    };
    dates
        .iter()
        .filter(|d| !owned_by_other(d.span) && !attributive_elsewhere(d.span))
        .cloned()
        .collect()
}

/// The date of an announcement made about a later act: as [`choose_date`], but never a date after
/// the document's ("said he will participate in the conference in November" was said before
/// November).
pub fn statement_date(
    view: &SentenceView,
    dates: &[entente_text::dates::DateMention],
    trigger: Span,
    doc_date: Option<EventDate>,
) -> Option<EventDate> {
    let Some(published) = doc_date else {
        return choose_date(view, dates, trigger, doc_date);
    };
    let past: Vec<_> = dates
        .iter()
        .filter(|d| !is_after(d.date, published))
        .cloned()
        .collect();
    choose_date(view, &past, trigger, doc_date)
}

/// Whether every day `date` may stand for comes after every day `reference` may stand for.
fn is_after(date: EventDate, reference: EventDate) -> bool {
    if date.year != reference.year {
        return date.year > reference.year;
    }
    match (date.month, reference.month) {
        (Some(a), Some(b)) if a != b => a > b,
        (Some(_), Some(_)) => matches!((date.day, reference.day), (Some(a), Some(b)) if a > b),
        _ => false,
    }
}

/// The facet of a relation, from the words of its clause.
pub fn infer_facet(view: &SentenceView, from: usize) -> Option<RelationFacet> {
    for i in from..view.len() {
        if view.is_boundary(i) {
            break;
        }
        let facet = match view.norm(i) {
            "weapon" | "weapons" | "arms" | "military" | "defense" | "defence" | "missiles"
            | "drones" | "security" | "equipment" | "ammunition" => RelationFacet::Military,
            "oil" | "gas" | "energy" | "pipeline" | "fuel" | "electricity" | "lng" => {
                RelationFacet::Energy
            }
            "trade" | "exports" | "imports" | "goods" | "economic" | "commercial"
            | "investment" => RelationFacet::Trade,
            "diplomatic" | "political" => RelationFacet::Diplomatic,
            _ => continue,
        };
        return Some(facet);
    }
    None
}

/// A stated amount between `from` and `to` ("approximately 40 percent"), verbatim from the text.
pub fn quantity(view: &SentenceView, from: usize, to: usize) -> Option<String> {
    let i = (from..to.min(view.len())).find(|&i| view.toks[i].token.kind == TokenKind::Number)?;
    let mut end = view.toks[i].token.span.end;
    if matches!(
        view.norm(i + 1),
        "percent" | "%" | "per" | "billion" | "million" | "tons" | "barrels"
    ) {
        end = view.toks[i + 1].token.span.end;
        if view.norm(i + 1) == "per" && view.norm(i + 2) == "cent" {
            end = view.toks[i + 2].token.span.end;
        }
    }
    Some(view.text[view.toks[i].token.span.start..end].to_string())
}

/// Whether the rule requires a target actor.
pub fn target_required(rule: &Rule) -> bool {
    rule.elements.iter().any(|e| {
        matches!(
            e,
            entente_dictionaries::rules::Element::Slot {
                slot: Slot::Target,
                optional: false
            }
        )
    })
}

/// Whether the rule's pattern has this slot at all.
pub fn has_slot(rule: &Rule, slot: Slot) -> bool {
    rule.elements.iter().any(
        |e| matches!(e, entente_dictionaries::rules::Element::Slot { slot: s, .. } if *s == slot),
    )
}
