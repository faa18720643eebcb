//! One sentence prepared for matching: folded tokens, actor mentions mapped onto token ranges, and
//! mentions joined into coordinated groups ("Azerbaijan, Türkiye and Egypt").

use crate::lexicon::{self, COORDINATORS, DETERMINERS};
use entente_model::{Mention, Span, Token, TokenKind, Via};
use std::borrow::Cow;

/// A token with its folded form (borrowed from the text when folding changes nothing, as for most
/// lower-case words, so building a view allocates little).
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    pub token: Token,
    pub norm: Cow<'a, str>,
}

/// Mentions covering the same tokens (one span may name two actors: "the two countries").
#[derive(Debug, Clone)]
pub struct Unit {
    pub first: usize,
    pub last: usize,
    pub mentions: Vec<usize>,
}

/// Coordinated units: the actors of one slot.
#[derive(Debug, Clone)]
pub struct Group {
    pub first: usize,
    pub last: usize,
    pub mentions: Vec<usize>,
}

/// Tokens, mention units and groups of one sentence.
pub struct SentenceView<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    pub mentions: &'a [Mention],
    pub groups: Vec<Group>,
    /// For each token, the group it belongs to.
    pub group_at: Vec<Option<usize>>,
    /// For each token, whether it lies inside parentheses.
    pub in_parens: Vec<bool>,
    /// Whether the sentence is cased like a headline, where capitals mark no names.
    pub headline: bool,
}

/// Folds a token's text the way rule words are folded
/// ([`fold_word`](entente_dictionaries::rules::fold_word)), without copying text folding leaves alone.
pub fn fold_token(text: &str) -> Cow<'_, str> {
    let folded = fold_case(text);
    match joined_prefix(&folded) {
        Some(joined) => Cow::Owned(joined),
        None => folded,
    }
}

/// British spelling hyphenates "co-" and "re-" before a vowel ("co-operate", "re-open",
/// "re-impose"); the rules are written with the joined word, which means the same.
fn joined_prefix(word: &str) -> Option<String> {
    let bytes = word.as_bytes();
    let prefixed = bytes.len() > 4
        && matches!(&bytes[..3], b"co-" | b"re-")
        && matches!(bytes[3], b'a' | b'e' | b'i' | b'o' | b'u');
    prefixed.then(|| format!("{}{}", &word[..2], &word[3..]))
}

fn fold_case(text: &str) -> Cow<'_, str> {
    match entente_text::fold(text) {
        // Borrowed means plain ASCII, with no right single quote to replace.
        Cow::Borrowed(same) => Cow::Borrowed(same),
        // ASCII folds to ASCII: only other text needs looking at for a right single quote.
        Cow::Owned(folded) if text.is_ascii() || !folded.contains('\u{2019}') => Cow::Owned(folded),
        Cow::Owned(_) => Cow::Owned(entente_dictionaries::rules::fold_word(text)),
    }
}

impl<'a> SentenceView<'a> {
    /// `mentions` are this sentence's mentions, in text order.
    pub fn new(text: &'a str, tokens: &[Token], mentions: &'a [Mention]) -> Self {
        let toks: Vec<Tok> = tokens
            .iter()
            .map(|t| Tok {
                token: *t,
                norm: fold_token(t.span.slice(text)),
            })
            .collect();
        let units = units(&toks, mentions);
        let groups = groups(&toks, &units);
        let mut group_at = vec![None; toks.len()];
        for (g, group) in groups.iter().enumerate() {
            for slot in &mut group_at[group.first..=group.last] {
                *slot = Some(g);
            }
        }
        let mut depth = 0i32;
        let in_parens = toks
            .iter()
            .map(|t| match &*t.norm {
                "(" => {
                    depth += 1;
                    true
                }
                ")" => {
                    depth = (depth - 1).max(0);
                    true
                }
                _ => depth > 0,
            })
            .collect();
        let headline = entente_text::is_headline_cased(
            toks.iter()
                .filter(|t| t.token.kind == TokenKind::Word)
                .map(|t| t.token.span.slice(text)),
        );
        Self {
            text,
            toks,
            mentions,
            groups,
            group_at,
            in_parens,
            headline,
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &t.norm)
    }

    pub fn is(&self, i: usize, list: &[&str]) -> bool {
        lexicon::contains(list, self.norm(i))
    }

    /// Clause punctuation, or a hyphen standing alone as a dash ("BAGHDAD (AFP) - At least").
    pub fn is_boundary(&self, i: usize) -> bool {
        self.is(i, lexicon::BOUNDARIES)
            || (self.norm(i) == "-"
                && self.text[..self.toks[i].token.span.start].ends_with(char::is_whitespace))
    }

    pub fn is_quote(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.token.kind == TokenKind::Quote)
    }

    /// The bytes from token `first` to token `last`, both included.
    pub fn span_of(&self, first: usize, last: usize) -> Span {
        Span::new(
            self.toks[first].token.span.start,
            self.toks[last].token.span.end,
        )
    }

    /// A word starting with a capital letter (part of a name or title); none in a headline.
    pub fn is_capitalized(&self, i: usize) -> bool {
        !self.headline
            && self.toks.get(i).is_some_and(|t| {
                t.token.kind == TokenKind::Word
                    && t.token
                        .span
                        .slice(self.text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            })
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.norm(i), "'s" | "'")
    }

    /// The group starting at `i`, after skipping determiners.
    pub fn group_starting_at(&self, mut i: usize) -> Option<usize> {
        if let Some(g) = self.group_at.get(i).copied().flatten() {
            return (self.groups[g].first == i).then_some(g);
        }
        while i < self.len() && self.is(i, DETERMINERS) {
            i += 1;
        }
        let g = self.group_at.get(i).copied().flatten()?;
        (self.groups[g].first == i).then_some(g)
    }

    /// The group ending at `i` (inclusive), allowing a possessive "'s" after it.
    pub fn group_ending_at(&self, i: usize) -> Option<usize> {
        let g = self.group_at.get(i).copied().flatten()?;
        (self.groups[g].last == i).then_some(g)
    }

    /// Whether every actor of a group is a role word with no country ("military", "police").
    pub fn is_bare_role(&self, group: usize) -> bool {
        self.groups[group].mentions.iter().all(|&m| {
            let mention = &self.mentions[m];
            mention.via == Via::Role && mention.actor.country.is_none()
        })
    }

    /// The party group that ends right before the comma before token `pronoun`, when it is "who"
    /// or "which" (not "that", which also opens a reported clause): the relative pronoun's
    /// antecedent ("met Pope X, *who* urged him").
    pub fn antecedent_before_comma(&self, pronoun: usize) -> Option<usize> {
        if pronoun < 2
            || !matches!(self.norm(pronoun), "who" | "which")
            || self.norm(pronoun - 1) != ","
        {
            return None;
        }
        self.group_ending_at(pronoun - 2)
            .filter(|&g| !self.is_bare_role(g))
    }
}

fn units(toks: &[Tok<'_>], mentions: &[Mention]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (m, mention) in mentions.iter().enumerate() {
        let first = toks
            .iter()
            .position(|t| t.token.span.end > mention.span.start);
        let last = toks
            .iter()
            .rposition(|t| t.token.span.start < mention.span.end);
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        if first > last {
            continue;
        }
        match units.last_mut() {
            Some(u) if u.first == first && u.last == last => u.mentions.push(m),
            // A mention nested in or overlapping the previous one adds nothing the slot needs.
            Some(u) if first <= u.last => {}
            _ => units.push(Unit {
                first,
                last,
                mentions: vec![m],
            }),
        }
    }
    units
}

/// A conjunction, then up to two words describing the next actor: "and the *evil awful* X",
/// ", and *good* X", "and *his* X". A describing word is lower case and no participle, plural, preposition or
/// clause word ("and *attacked* X" joins nothing).
fn modified_conjunct(between: &[&str]) -> bool {
    let words = between
        .iter()
        .rev()
        .take_while(|w| describes_an_actor(w))
        .count()
        .min(2);
    let coordinator = &between[..between.len() - words];
    words > 0
        && coordinator.iter().any(|w| matches!(*w, "and" | "or"))
        && COORDINATORS.contains(&coordinator)
}

fn describes_an_actor(word: &str) -> bool {
    // "and *his* Turkish counterpart": the possessive belongs to the next actor's phrase.
    if lexicon::contains(lexicon::POSSESSIVE_PRONOUNS, word) {
        return true;
    }
    word.chars().all(|c| c.is_lowercase())
        && !word.ends_with("ed")
        && !word.ends_with("ing")
        && !word.ends_with('s')
        && !lexicon::contains(lexicon::PREPOSITIONS, word)
        && !lexicon::contains(lexicon::DETERMINERS, word)
        && !matches!(
            word,
            "and"
                | "or"
                | "but"
                | "nor"
                | "that"
                | "which"
                | "who"
                | "to"
                | "not"
                | "then"
                | "also"
        )
}

fn groups(toks: &[Tok<'_>], units: &[Unit]) -> Vec<Group> {
    // Each group with the units it joined and whether a conjunction joined them: commas alone
    // make an apposition ("ally of Azerbaijan, Türkiye,"), not a list.
    let mut built: Vec<(Group, Vec<&Unit>, bool)> = Vec::new();
    for unit in units {
        if let Some((g, members, conjoined)) = built.last_mut() {
            let between: Vec<&str> = toks[g.last + 1..unit.first]
                .iter()
                .map(|t| &*t.norm)
                .collect();
            // "the government and *its* foes": a possessive describes the next noun, whose owner
            // it names; the noun, not the owner, is the conjunct.
            let possessive = unit.first == unit.last
                && lexicon::contains(lexicon::POSSESSIVE_PRONOUNS, &toks[unit.first].norm);
            let joined = COORDINATORS.contains(&between.as_slice()) || modified_conjunct(&between);
            if joined && !possessive {
                g.last = unit.last;
                g.mentions.extend(&unit.mentions);
                members.push(unit);
                *conjoined |= between.iter().any(|w| *w != "," && *w != "the");
                continue;
            }
        }
        let group = Group {
            first: unit.first,
            last: unit.last,
            mentions: unit.mentions.clone(),
        };
        built.push((group, vec![unit], false));
    }
    // A headline lists its opening parties with commas alone ("Iran, Iraq Sign Deal"): no
    // terminal punctuation, the list first, and no comma after it (which would close an
    // apposition).
    let headline = !toks
        .last()
        .is_some_and(|t| matches!(&*t.norm, "." | "!" | "?" | "\"" | "”"));
    let opens_a_headline = |g: &Group| {
        headline
            && toks[..g.first].iter().all(|t| t.norm == "the")
            && toks.get(g.last + 1).is_some_and(|t| t.norm != ",")
    };
    let mut groups = Vec::new();
    for (group, members, conjoined) in built {
        if conjoined || members.len() == 1 || opens_a_headline(&group) {
            groups.push(group);
        } else {
            groups.extend(members.iter().map(|u| Group {
                first: u.first,
                last: u.last,
                mentions: u.mentions.clone(),
            }));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::fold_token;

    #[test]
    fn a_hyphenated_prefix_before_a_vowel_is_joined_and_others_kept() {
        assert_eq!(fold_token("Co-operate"), "cooperate");
        assert_eq!(fold_token("re-impose"), "reimpose");
        // "re-sign" is signing again, not resigning; "co-host" keeps its hyphen as written.
        assert_eq!(fold_token("re-sign"), "re-sign");
        assert_eq!(fold_token("co-host"), "co-host");
        assert_eq!(fold_token("re-"), "re-");
    }
}
