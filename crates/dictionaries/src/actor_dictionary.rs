//! The compiled actor dictionary: every entry plus one Aho-Corasick automaton over the folded form
//! of every surface form, walked from each place a phrase may start, so a single pass over a
//! document finds every dictionary phrase.

use crate::entries::{Country, Entry, Org, Person, Role};
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use entente_model::Span;
use std::collections::BTreeMap;

/// Which list of a country entry a form came from; it decides the sector of the mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FormKind {
    Name,
    Former,
    Adjective,
    Demonym,
    Metonym,
    Epithet,
    /// A region of the state (Darfur, Crimea): the state, never its government.
    Region,
}

/// What a surface form points at (indices into the [`ActorDictionary`] vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Country { index: usize, form: FormKind },
    Person(usize),
    Org(usize),
    Role(usize),
}

/// How the case of the original text must agree with the form (FORMAT.md, "Matching").
#[derive(Debug, Clone, PartialEq, Eq)]
enum CaseRule {
    /// Case and diacritics ignored.
    Folded,
    /// Short all-caps forms ("US", "OIC") match only in capitals.
    Capitals,
    /// `=Form`: the original text must equal the form exactly.
    Exact(String),
}

/// One dictionary phrase found in a text: its byte span in the original text and every entry it may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictMatch {
    pub span: Span,
    pub targets: Vec<Target>,
}

/// Every actor entry, compiled for matching. Immutable; built once at load.
pub struct ActorDictionary {
    pub countries: Vec<Country>,
    pub people: Vec<Person>,
    pub orgs: Vec<Org>,
    pub roles: Vec<Role>,
    country_index: BTreeMap<String, usize>,
    org_index: BTreeMap<String, usize>,
    role_index: BTreeMap<String, usize>,
    person_index: BTreeMap<String, usize>,
    /// For each role id, the people (indices into `people`, ascending) who hold or held it.
    holders: BTreeMap<String, Vec<usize>>,
    /// People by the last word of their surname, folded (indices into `people`, ascending): a
    /// word that may end a surname is looked up here, not compared with every person.
    surname_ends: BTreeMap<String, Vec<usize>>,
    automaton: Option<NFA>,
    /// For each automaton pattern: the entries it names and the case rule of each.
    pattern_targets: Vec<Vec<(Target, CaseRule)>>,
    /// The folded form of each pattern.
    keys: Vec<String>,
    /// Whether some pattern starts with this byte: a walk from any other byte finds nothing.
    first_bytes: [bool; 256],
}

impl std::fmt::Debug for ActorDictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorDictionary")
            .field("countries", &self.countries.len())
            .field("people", &self.people.len())
            .field("orgs", &self.orgs.len())
            .field("roles", &self.roles.len())
            .field("patterns", &self.pattern_targets.len())
            .finish()
    }
}

/// The matching form of a phrase: folded by the text crate, then hyphens and line breaks as spaces,
/// runs of spaces collapsed. Hyphen-to-space keeps byte lengths, so document offsets still map.
pub fn match_key(phrase: &str) -> String {
    let folded = entente_text::fold(phrase);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        let c = if is_separator(c) { ' ' } else { c };
        if !(c == ' ' && (out.is_empty() || out.ends_with(' '))) {
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '\n' | '\r' | '\t')
}

/// Whether two targets name the same dictionary entry (a country reached through any of its lists).
fn same_entry(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (Target::Country { index: i, .. }, Target::Country { index: j, .. }) => i == j,
        _ => a == b,
    }
}

/// The headline spellings of a two-word name with its first word cut to the initial: "North
/// Korea" → "N Korea", "N.Korea", "N. Korea", "NKorea". Names of one word, of three or more,
/// or not capitalised have none.
fn initialled(name: &str) -> Vec<String> {
    let mut words = name.split(' ');
    let (Some(first), Some(second), None) = (words.next(), words.next(), words.next()) else {
        return Vec::new();
    };
    let capitalised = |word: &str| {
        word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && word.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && word.len() >= 2
    };
    if !capitalised(first) || !capitalised(second) {
        return Vec::new();
    }
    let initial = &first[..1];
    [" ", ".", ". ", ""]
        .iter()
        .map(|between| format!("{initial}{between}{second}"))
        .collect()
}

fn case_rule(form: &str) -> (CaseRule, &str) {
    if let Some(exact) = form.strip_prefix('=') {
        return (CaseRule::Exact(exact.to_string()), exact);
    }
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 3 && form.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
        (CaseRule::Capitals, form)
    } else {
        (CaseRule::Folded, form)
    }
}

impl ActorDictionary {
    /// Compiles the entries (already merged: one per kind and id) into the matcher.
    pub fn compile(entries: Vec<Entry>) -> Self {
        let mut dict = Self {
            countries: Vec::new(),
            people: Vec::new(),
            orgs: Vec::new(),
            roles: Vec::new(),
            country_index: BTreeMap::new(),
            org_index: BTreeMap::new(),
            role_index: BTreeMap::new(),
            person_index: BTreeMap::new(),
            holders: BTreeMap::new(),
            surname_ends: BTreeMap::new(),
            automaton: None,
            pattern_targets: Vec::new(),
            keys: Vec::new(),
            first_bytes: [false; 256],
        };
        for entry in entries {
            match entry {
                Entry::Country(c) => {
                    dict.country_index
                        .insert(c.id.to_string(), dict.countries.len());
                    dict.countries.push(c);
                }
                Entry::Person(p) => {
                    dict.person_index.insert(p.id.clone(), dict.people.len());
                    dict.people.push(p);
                }
                Entry::Org(o) => {
                    dict.org_index.insert(o.id.clone(), dict.orgs.len());
                    dict.orgs.push(o);
                }
                Entry::Role(r) => {
                    dict.role_index.insert(r.id.clone(), dict.roles.len());
                    dict.roles.push(r);
                }
            }
        }
        dict.index_holders();
        dict.index_surnames();
        dict.build_automaton();
        dict
    }

    fn index_holders(&mut self) {
        for (i, person) in self.people.iter().enumerate() {
            for office in &person.offices {
                let people = self.holders.entry(office.role.clone()).or_default();
                if people.last() != Some(&i) {
                    people.push(i);
                }
            }
        }
    }

    fn index_surnames(&mut self) {
        for (i, person) in self.people.iter().enumerate() {
            let last_word = person.surname.as_deref().and_then(|surname| {
                surname
                    .split(|c: char| !c.is_alphanumeric())
                    .rfind(|word| !word.is_empty())
            });
            if let Some(word) = last_word {
                let key = entente_text::fold(word).into_owned();
                self.surname_ends.entry(key).or_default().push(i);
            }
        }
    }

    fn surface_forms(&self) -> Vec<(&str, Target)> {
        let mut forms = Vec::new();
        for (index, c) in self.countries.iter().enumerate() {
            let lists = [
                (&c.names, FormKind::Name),
                (&c.former, FormKind::Former),
                (&c.adjectives, FormKind::Adjective),
                (&c.demonyms, FormKind::Demonym),
                (&c.metonyms, FormKind::Metonym),
                (&c.epithets, FormKind::Epithet),
                (&c.regions, FormKind::Region),
            ];
            for (list, form) in lists {
                forms.extend(
                    list.iter()
                        .map(|f| (f.as_str(), Target::Country { index, form })),
                );
            }
            forms.push((
                c.name.as_str(),
                Target::Country {
                    index,
                    form: FormKind::Name,
                },
            ));
        }
        for (i, p) in self.people.iter().enumerate() {
            forms.extend(
                p.names
                    .iter()
                    .chain([&p.name])
                    .map(|f| (f.as_str(), Target::Person(i))),
            );
        }
        for (i, o) in self.orgs.iter().enumerate() {
            forms.extend(
                o.names
                    .iter()
                    .chain(&o.former)
                    .chain([&o.name])
                    .map(|f| (f.as_str(), Target::Org(i))),
            );
        }
        for (i, r) in self.roles.iter().enumerate() {
            forms.extend(r.names.iter().map(|f| (f.as_str(), Target::Role(i))));
        }
        forms
    }

    /// Headline abbreviations of the states' two-word names, each the first word's initial before
    /// the second ("N.Korea", "N. Korea", "NKorea", "S Leone"), in their exact case. A form two
    /// states would share is left out (and one a dictionary lists, in [`Self::build_automaton`]).
    fn initialled_forms(&self) -> Vec<(String, Target)> {
        let mut by_form: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, country) in self.countries.iter().enumerate() {
            if country.is_region {
                continue;
            }
            let names = country.names.iter().chain([&country.name]);
            let mut forms: Vec<String> = names.flat_map(|name| initialled(name)).collect();
            forms.sort();
            forms.dedup();
            for form in forms {
                by_form.entry(form).or_default().push(index);
            }
        }
        by_form
            .into_iter()
            .filter(|(_, states)| states.len() == 1)
            .map(|(form, states)| {
                let target = Target::Country {
                    index: states[0],
                    form: FormKind::Name,
                };
                (format!("={form}"), target)
            })
            .collect()
    }

    fn build_automaton(&mut self) {
        let mut by_key: BTreeMap<String, Vec<(Target, CaseRule)>> = BTreeMap::new();
        let initialled = self.initialled_forms();
        let surface = self.surface_forms();
        let listed = surface.len();
        let initialled = initialled
            .iter()
            .map(|(form, target)| (form.as_str(), *target));
        for (n, (form, target)) in surface.into_iter().chain(initialled).enumerate() {
            let (rule, bare) = case_rule(form);
            let key = match_key(bare);
            // An initialled form gives way to any spelling a dictionary lists.
            if key.is_empty() || (n >= listed && by_key.contains_key(&key)) {
                continue;
            }
            let targets = by_key.entry(key).or_default();
            // One entry, one case rule per form: a guarded (`=`) spelling is stricter than the same
            // spelling unguarded (for example the entry's `name`), and wins. Two guarded spellings
            // of one form both stand ("=the West", "=The West"): each matches its own case.
            if let Some(slot) = targets.iter_mut().find(|(t, _)| same_entry(t, &target)) {
                match (&slot.1, &rule) {
                    (CaseRule::Exact(_), CaseRule::Exact(_)) => targets.push((target, rule)),
                    (_, CaseRule::Exact(_)) => slot.1 = rule,
                    _ => {}
                }
                continue;
            }
            targets.push((target, rule));
        }
        let (keys, targets): (Vec<String>, Vec<_>) = by_key.into_iter().unzip();
        // A contiguous NFA: its walks from word starts are short, and a DFA, slower to build, walks
        // them no faster (the time goes to cache misses on the deeper states either way).
        self.automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .ok();
        for key in &keys {
            self.first_bytes[usize::from(key.as_bytes()[0])] = true;
        }
        self.pattern_targets = targets;
        self.keys = keys;
    }

    /// Every folded form with the distinct entries it names (a country counted once whatever the list).
    pub fn forms_with_targets(&self) -> Vec<(&str, Vec<Target>)> {
        self.keys
            .iter()
            .zip(&self.pattern_targets)
            .map(|(key, targets)| {
                let mut entries: Vec<Target> = targets
                    .iter()
                    .map(|(t, _)| match *t {
                        Target::Country { index, .. } => Target::Country {
                            index,
                            form: FormKind::Name,
                        },
                        other => other,
                    })
                    .collect();
                entries.sort();
                entries.dedup();
                (key.as_str(), entries)
            })
            .collect()
    }

    /// Every dictionary phrase in `text`, whole tokens only, non-overlapping (leftmost, then longest),
    /// in text order. Every candidate is found, overlapping ones too, so a long candidate that fails its
    /// boundary or case check never hides a shorter one that passes.
    pub fn find(&self, text: &str) -> Vec<DictMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let (folded, to_original) = folded_for_matching(text);
        let to_original = |i: usize| {
            to_original
                .as_ref()
                .map_or(i, |map| map.get(i).copied().unwrap_or(text.len()))
                .min(text.len())
        };
        let mut candidates = phrases_between_boundaries(automaton, &self.first_bytes, &folded);
        candidates.sort_by_key(|&(s, e, p)| (s, std::cmp::Reverse(e), p));
        let mut out: Vec<DictMatch> = Vec::new();
        let mut covered_to = 0;
        for (start, end, pattern) in candidates {
            if start < covered_to {
                continue;
            }
            let span = Span::new(to_original(start), to_original(end));
            let original = span.slice(text);
            let targets: Vec<Target> = self.pattern_targets[pattern]
                .iter()
                .filter(|(_, rule)| case_agrees(rule, original))
                .map(|(t, _)| *t)
                .collect();
            if targets.is_empty() || span.is_empty() {
                continue;
            }
            // "the West Bank", "the West End": a form opening with an article and followed by a
            // capitalised word is the start of a longer name, not "the West".
            let continues_a_name = || {
                text[span.end..]
                    .strip_prefix(' ')
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_uppercase)
            };
            if folded[start..end].starts_with("the ") && continues_a_name() {
                continue;
            }
            covered_to = end;
            out.push(DictMatch { span, targets });
        }
        out
    }

    pub fn country(&self, id: &str) -> Option<&Country> {
        self.country_index.get(id).map(|&i| &self.countries[i])
    }
    pub fn org(&self, id: &str) -> Option<&Org> {
        self.org_index.get(id).map(|&i| &self.orgs[i])
    }
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.role_index.get(id).map(|&i| &self.roles[i])
    }
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_index.get(id).map(|&i| &self.people[i])
    }
    /// The people with an office of role `role` (any seat, any term), in dictionary order: the
    /// only candidates when an office or a title names a person.
    pub fn holders_of(&self, role: &str) -> impl Iterator<Item = &Person> {
        self.people_at(self.holders.get(role))
    }
    /// The people whose surname's last word (a run of letters and digits) folds to `folded_word`,
    /// in dictionary order.
    pub fn people_with_surname_ending(&self, folded_word: &str) -> impl Iterator<Item = &Person> {
        self.people_at(self.surname_ends.get(folded_word))
    }
    /// The people an index list points at, none for no list.
    fn people_at<'a>(
        &'a self,
        indices: Option<&'a Vec<usize>>,
    ) -> impl Iterator<Item = &'a Person> {
        indices.into_iter().flatten().map(|&i| &self.people[i])
    }
    pub fn org_index_of(&self, id: &str) -> Option<usize> {
        self.org_index.get(id).copied()
    }
    pub fn pattern_count(&self) -> usize {
        self.pattern_targets.len()
    }
}

/// The text folded for matching (`entente_text::normalize`, separators as spaces) and the map from
/// its bytes to the original's, if it is not the identity: ASCII text (most news) folds byte for
/// byte, so it needs no map, and building one costs eight bytes per byte of text.
fn folded_for_matching(text: &str) -> (String, Option<Vec<usize>>) {
    let (bytes, to_original) = if text.is_ascii() {
        let bytes = text
            .bytes()
            .map(|b| match b {
                b'`' => b'\'',
                b if is_separator(char::from(b)) => b' ',
                b => b.to_ascii_lowercase(),
            })
            .collect();
        (bytes, None)
    } else {
        let normalized = entente_text::normalize(text);
        let mut bytes = normalized.text.into_bytes();
        for b in &mut bytes {
            if is_separator(char::from(*b)) {
                *b = b' ';
            }
        }
        (bytes, Some(normalized.to_original))
    };
    // Only ASCII bytes were replaced by ASCII bytes, so the buffer is still valid UTF-8.
    let folded = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (folded, to_original)
}

/// Every `(start, end, pattern)` where a pattern occurs in `folded` with a word boundary at both
/// ends. An anchored walk from each boundary ends as soon as no pattern continues, instead of
/// feeding every byte of every word to the automaton and discarding the matches inside words; a
/// boundary whose byte starts no pattern (a space, most punctuation) starts no walk.
fn phrases_between_boundaries(
    automaton: &NFA,
    first_bytes: &[bool; 256],
    folded: &str,
) -> Vec<(usize, usize, usize)> {
    let bytes = folded.as_bytes();
    let Ok(start_state) = automaton.start_state(Anchored::Yes) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut after_word_char = false;
    let mut start = 0;
    while start < bytes.len() {
        let first = bytes[start];
        let (in_word, width) = if first.is_ascii() {
            (entente_text::is_ascii_word_byte(first), 1)
        } else {
            let c = folded[start..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        let boundary = !(after_word_char && in_word);
        after_word_char = in_word;
        let walk_from = start;
        start += width;
        if in_word {
            // The rest of a word's ASCII run holds no boundary.
            start += bytes[start..]
                .iter()
                .take_while(|&&b| entente_text::is_ascii_word_byte(b))
                .count();
        }
        if !boundary || !first_bytes[usize::from(first)] {
            continue;
        }
        let mut state = start_state;
        for (offset, &byte) in bytes[walk_from..].iter().enumerate() {
            let end = walk_from + offset + 1;
            state = automaton.next_state(Anchored::Yes, state, byte);
            if automaton.is_dead(state) {
                break;
            }
            if !automaton.is_match(state) || !is_word_boundary(folded, end) {
                continue;
            }
            // A match state also holds the patterns that are only suffixes of the walk.
            for index in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, index);
                if automaton.pattern_len(pattern) == end - walk_from {
                    found.push((walk_from, end, pattern.as_usize()));
                }
            }
        }
    }
    found
}

/// True when `at` is not inside a word: the characters on either side are not both alphanumeric.
fn is_word_boundary(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|s| s.chars().next_back());
    let after = text.get(at..).and_then(|s| s.chars().next());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    // A phrase may itself end in punctuation ("U.S."), so only letter-to-letter joins are rejected.
    !(word(before) && word(after))
}

fn case_agrees(rule: &CaseRule, original: &str) -> bool {
    match rule {
        CaseRule::Folded => true,
        CaseRule::Capitals => original
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase()),
        CaseRule::Exact(form) => original == form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_entries;
    use crate::SourceFile;

    fn dict(text: &str) -> ActorDictionary {
        ActorDictionary::compile(
            parse_entries(&SourceFile {
                name: "t.txt".into(),
                text: text.into(),
            })
            .unwrap(),
        )
    }

    fn found(d: &ActorDictionary, text: &str) -> Vec<String> {
        d.find(text)
            .iter()
            .map(|m| m.span.slice(text).to_string())
            .collect()
    }

    const MIDDLE_EARTH: &str = "country GND\n  names: Gondor | Kingdom of Gondor\n  adjectives: Gondorian\n\
        country FEL\n  names: =Chad | Fellowship\n\
        org ent\n  names: Ent Council | EC\n  type: igo\n  sector: IGO\n  code: IGOENT\n\
        person denethor\n  names: Denethor | Lord al-Denethor\n  office: GND | steward | 2990..3019\n\
        person denethor_ii\n  names: Denethor\n  office: GND | steward | 3019..\n";

    #[test]
    fn holders_of_a_role_in_dictionary_order() {
        let d = dict(MIDDLE_EARTH);
        let ids: Vec<&str> = d.holders_of("steward").map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["denethor", "denethor_ii"]);
        assert_eq!(d.holders_of("king").count(), 0);
    }

    #[test]
    fn guarded_spellings_each_match_their_own_case_and_an_article_form_yields_to_a_longer_name() {
        let d = dict(
            "country WST\n  name: the West\n  type: region\n  names: =the West | =The West\n\
             country PSE\n  names: West Bank\n",
        );
        assert_eq!(found(&d, "Gondor accused the West of lying."), ["the West"]);
        assert_eq!(found(&d, "The West condemned Gondor."), ["The West"]);
        assert!(found(&d, "Gondor accused THE WEST.").is_empty());
        assert_eq!(found(&d, "Gondor left the West Bank."), ["West Bank"]);
        assert_eq!(found(&d, "The West Bank is calm."), ["West Bank"]);
        assert!(found(&d, "They launched the West End show.").is_empty());
    }

    #[test]
    fn matches_whole_tokens_longest_first() {
        let d = dict(MIDDLE_EARTH);
        assert_eq!(
            found(
                &d,
                "The Kingdom of Gondor and Gondorian envoys met Gondorians."
            ),
            ["Kingdom of Gondor", "Gondorian"]
        );
    }

    #[test]
    fn short_capitals_and_exact_forms_respect_case() {
        let d = dict(MIDDLE_EARTH);
        assert_eq!(
            found(&d, "The EC met; ec is not it. Chad met a chad."),
            ["EC", "Chad"]
        );
    }

    #[test]
    fn hyphen_and_space_are_the_same() {
        let d = dict(MIDDLE_EARTH);
        assert_eq!(
            found(&d, "Lord al Denethor spoke, then Lord al-Denethor."),
            ["Lord al Denethor", "Lord al-Denethor"]
        );
    }

    #[test]
    fn a_two_word_state_is_also_its_headline_initial() {
        let d = dict(
            "country NGD\n  names: North Gondor\ncountry SGD\n  names: South Gondor\n\
             country SRH\n  names: South Rhun\ncountry SAR\n  names: Sea Rhun\n\
             country NHA\n  names: North Harad | N Harad\n",
        );
        assert_eq!(
            found(
                &d,
                "N.Gondor, N. Gondor, SGondor and S Gondor met; the n gondor ford."
            ),
            ["N.Gondor", "N. Gondor", "SGondor", "S Gondor"]
        );
        let state = |text: &str| d.find(text).first().map(|m| m.targets.clone());
        assert_eq!(
            state("SGondor"),
            Some(vec![Target::Country {
                index: 1,
                form: FormKind::Name
            }])
        );
        // "S Rhun" could be South Rhun or Sea Rhun: neither.
        assert_eq!(found(&d, "S Rhun and S.Rhun"), Vec::<String>::new());
        // A spelling a dictionary lists is kept as listed.
        assert_eq!(state("N Harad").map(|t| t.len()), Some(1));
    }

    #[test]
    fn ambiguous_forms_keep_every_entry() {
        let d = dict(MIDDLE_EARTH);
        let m = &d.find("Denethor")[0];
        assert_eq!(m.targets, [Target::Person(0), Target::Person(1)]);
    }
}
