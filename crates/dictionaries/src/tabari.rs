//! Converts TABARI `.verbs` files into Entente rules at load time, so users can bring their own
//! (TABARI's dictionaries are GPL: Entente ships none).
//!
//! The format: `;` starts a comment; `<SYNSETS>` holds `&NAME` sets of `+WORD` lines; `<TIME>`,
//! `<NOUN>`, `<ADJECTIVE>` and other tagged sections are skipped. Every other line is a verb entry
//! `VERB [CODE]` (a word without a closing `_` is a stem, read as its likely completions; words
//! after the first follow the verb), an
//! irregular-forms line `{ FORM FORM }` for the entry above, or a pattern `- BEFORE * AFTER [CODE]`
//! with `$` source, `+` target, `^` skip, `_` joining consecutive words, `{ A | B }` alternatives and
//! `&NAME` sets. The patterns become rules through the PETRARCH converter's renderer, ids
//! `tabari.<verb>.<n>`, each with `layer`.

use crate::petrarch_verbs::{
    clean_lines, clean_word, error, lemma_element, split_code, Block, Converter, RawPattern,
    RawSynsets, VerbConversion, VerbPhrase,
};
use crate::LoadError;

/// Converts one TABARI `.verbs` file; `name` labels errors (`file:line`).
pub fn import_tabari_verbs(name: &str, text: &str) -> Result<VerbConversion, LoadError> {
    let mut converter = Converter::new(name, "tabari");
    converter.tabari = true;
    let mut synsets = RawSynsets::default();
    let mut section: Option<String> = None;
    let mut synset: Option<String> = None;
    let mut block: Option<Block> = None;
    for (line_no, line) in clean_lines(text, &[';']) {
        let trimmed = line.trim();
        if trimmed.starts_with("~~") {
            // `~~FINISH ...`: the end of the dictionary.
            break;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(tag) = trimmed.strip_prefix("</") {
            let tag = tag.trim_end_matches('>');
            if section.as_deref() != Some(tag) {
                return Err(error(
                    name,
                    line_no,
                    format!("`</{tag}>` closes no open section"),
                ));
            }
            section = None;
            synset = None;
            continue;
        }
        if let Some(tag) = trimmed.strip_prefix('<') {
            let tag = tag.split('>').next().unwrap_or("").trim();
            section = Some(tag.to_string());
            continue;
        }
        match section.as_deref() {
            Some("SYNSETS") => {
                if let Some(label) = trimmed.strip_prefix('&') {
                    let label = label.split_whitespace().next().unwrap_or("");
                    synset = Some(label.trim_end_matches('_').to_string());
                    synsets.declare(synset.as_deref().unwrap_or_default());
                } else if let Some(member) = trimmed.strip_prefix('+') {
                    let Some(label) = &synset else {
                        return Err(error(name, line_no, "a `+` member before any `&NAME`"));
                    };
                    synsets.add(label, member, true);
                } else {
                    return Err(error(
                        name,
                        line_no,
                        "expected `&NAME` or `+MEMBER` inside <SYNSETS>",
                    ));
                }
            }
            Some(_) => {}
            None => {
                if let Some(pattern) = trimmed.strip_prefix('-') {
                    let Some(b) = block.as_mut() else {
                        return Err(error(name, line_no, "a pattern before any verb"));
                    };
                    let (body, code) = split_code(name, line_no, pattern)?;
                    b.patterns.push(RawPattern {
                        line: line_no,
                        body: body.to_string(),
                        code,
                        written_for: None,
                    });
                } else if let Some(forms) = trimmed.strip_prefix('{') {
                    let Some(verb) = block.as_mut().and_then(|b| b.verbs.last_mut()) else {
                        return Err(error(name, line_no, "irregular forms before any verb"));
                    };
                    let forms = forms
                        .strip_suffix('}')
                        .ok_or_else(|| error(name, line_no, "unclosed `{`"))?;
                    add_irregular(verb, forms);
                } else {
                    if let Some(b) = block.take() {
                        converter.finish_block(b)?;
                    }
                    block = Some(tabari_verb(name, line_no, trimmed)?);
                }
            }
        }
    }
    if let Some(open) = section {
        return Err(error(name, 0, format!("section <{open}> is never closed")));
    }
    if let Some(b) = block.take() {
        converter.finish_block(b)?;
    }
    converter.synsets = synsets.resolve();
    converter.render_all()
}

/// `BURN DOWN [222]`: the first word is the verb (a stem unless it ends in `_`), the rest follow it.
fn tabari_verb(file: &str, line: usize, text: &str) -> Result<Block, LoadError> {
    let (body, code) = split_code(file, line, text)
        .map_err(|_| error(file, line, "a verb entry needs a code: `VERB [CODE]`"))?;
    let first = body.split_whitespace().next().unwrap_or("");
    let stem = !first.ends_with('_') && !first.contains('_');
    let mut words = body.split(|c: char| c.is_whitespace() || c == '_');
    let verb = clean_word(words.next().unwrap_or(""));
    if verb.is_empty() {
        return Err(error(file, line, "expected a verb before the code"));
    }
    let after: Vec<String> = words.map(clean_word).filter(|w| !w.is_empty()).collect();
    let completions = if stem {
        stem_completions(&verb)
    } else {
        regular_endings(&verb)
    };
    let mut block = Block::new(&body.replace(' ', "_"), code);
    block.verbs.push(VerbPhrase {
        before: Vec::new(),
        lemma: lemma_element(&verb, &completions),
        after,
        code: None,
    });
    Ok(block)
}

/// The words a TABARI verb stem most often begins: TABARI matches a stem as a prefix ("RESTOR"
/// codes "restore", "restored"), Entente matches whole words.
/// A stem ending in `e` is taken to be the whole verb: its regular inflections cover it.
fn stem_completions(stem: &str) -> Vec<String> {
    if stem.ends_with('e') {
        return Vec::new();
    }
    const ENDINGS: [&str; 16] = [
        "e", "es", "ed", "ing", "ize", "izes", "ized", "izing", "ise", "ises", "ised", "ising",
        "y", "ies", "ied", "ying",
    ];
    let mut completions: Vec<String> = ENDINGS.iter().map(|e| format!("{stem}{e}")).collect();
    for form in regular_endings(stem) {
        if !completions.contains(&form) {
            completions.push(form);
        }
    }
    completions
}

/// The endings TABARI gives every verb beyond English's regular inflections, which Entente adds
/// itself: "-es" and "-en" ("departes", "departen").
fn regular_endings(verb: &str) -> Vec<String> {
    ["es", "en"].iter().map(|e| format!("{verb}{e}")).collect()
}

/// `{ BROKE_ BROKEN_ }`: single-word forms join the verb's lemma element.
fn add_irregular(verb: &mut VerbPhrase, forms: &str) {
    let (lemma, declared) = verb.lemma.split_once('/').unwrap_or((&verb.lemma, ""));
    let mut irregular: Vec<String> = declared.split('/').map(str::to_string).collect();
    irregular.extend(
        forms
            .split_whitespace()
            .filter(|f| !f.trim_end_matches('_').contains('_'))
            .map(clean_word)
            .filter(|f| !f.is_empty()),
    );
    irregular.retain(|f| !f.is_empty());
    verb.lemma = lemma_element(lemma.trim_start_matches('~'), &irregular);
}
