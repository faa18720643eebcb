//! Reading CoNLL-U treebanks for training and evaluation.
//!
//! Multiword-token lines (`1-2`) and empty nodes (`8.1`) are skipped: the syntactic words are the
//! tokens. Errors name the file and line.

use crate::{Deprel, Upos};
use std::path::Path;

/// One sentence of a treebank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The `# sent_id = ...` comment, if present.
    pub id: Option<String>,
    pub words: Vec<Word>,
}

/// One syntactic word with its gold annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    /// The language-specific tag (Penn Treebank tags for English); `_` when absent.
    pub xpos: String,
    /// Index of the head in [`Sentence::words`]; `None` for the root.
    pub head: Option<usize>,
    pub deprel: Deprel,
}

/// A file that could not be read or a line that is not valid CoNLL-U.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConlluError::Io {
        file: file.clone(),
        source,
    })?;
    parse_str(&text, &file)
}

/// Reads every sentence of CoNLL-U text; `file` names it in errors.
pub fn parse_str(text: &str, file: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = Sentence {
        id: None,
        words: Vec::new(),
    };
    // Heads as written (1-based, 0 for the root), checked once the sentence is complete.
    let mut heads: Vec<(usize, usize)> = Vec::new();
    let invalid = |line: usize, message: String| ConlluError::Invalid {
        file: file.to_string(),
        line,
        message,
    };
    let mut finish = |current: &mut Sentence, heads: &mut Vec<(usize, usize)>| {
        let count = current.words.len();
        for (word, &(head, line)) in current.words.iter_mut().zip(heads.iter()) {
            if head > count {
                return Err(invalid(
                    line,
                    format!("head {head} is beyond the sentence's {count} words"),
                ));
            }
            word.head = head.checked_sub(1);
        }
        heads.clear();
        if !current.words.is_empty() {
            sentences.push(std::mem::replace(
                current,
                Sentence {
                    id: None,
                    words: Vec::new(),
                },
            ));
        }
        current.id = None;
        Ok(())
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            finish(&mut current, &mut heads)?;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(id) = comment.trim().strip_prefix("sent_id") {
                current.id = Some(id.trim_start_matches([' ', '=']).trim().to_string());
            }
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(invalid(
                number,
                format!("expected 10 tab-separated columns, found {}", columns.len()),
            ));
        }
        if columns[0].contains(['-', '.']) {
            continue;
        }
        let id: usize = columns[0]
            .parse()
            .map_err(|_| invalid(number, format!("bad word id {:?}", columns[0])))?;
        if id != current.words.len() + 1 {
            return Err(invalid(
                number,
                format!(
                    "word id {id} out of sequence (expected {})",
                    current.words.len() + 1
                ),
            ));
        }
        let upos = Upos::parse(columns[3])
            .ok_or_else(|| invalid(number, format!("unknown UPOS {:?}", columns[3])))?;
        let head: usize = columns[6]
            .parse()
            .map_err(|_| invalid(number, format!("bad head {:?}", columns[6])))?;
        let deprel = Deprel::parse(columns[7])
            .ok_or_else(|| invalid(number, format!("unknown relation {:?}", columns[7])))?;
        heads.push((head, number));
        current.words.push(Word {
            form: columns[1].to_string(),
            lemma: columns[2].to_string(),
            upos,
            xpos: columns[4].to_string(),
            head: None,
            deprel,
        });
    }
    finish(&mut current, &mut heads)?;
    Ok(sentences)
}
