//! Reading documents from paths as a stream, one bad file never stopping the rest.
//!
//! Paths may be files, directories (walked recursively, in sorted order so runs are reproducible) or
//! `-` for standard input. Accepted files:
//! - `.txt`, `.md` (and files without an extension named explicitly): one document, the file's text;
//! - `.html`, `.htm`: one document, the text extracted by [`entente_text::html::extract`];
//! - `.jsonl`, `.json`: one document per object with `id`, `text` and optional `title`, `date`, `url`,
//!   `source`. JSONL is read a line at a time, so a 200 MB file is streamed in bounded memory.
//!
//! A text or HTML file `NAME.EXT` may have a sidecar `NAME.meta.json` with the same optional fields
//! (and `id`); sidecars are never read as documents themselves.

use entente_model::{Document, EventDate};
use serde::Deserialize;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Why one input (a file, a line of a file, or standard input) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: binary file (NUL byte at offset {offset})")]
    Binary { path: String, offset: usize },
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { path: String, offset: usize },
    #[error("{path}:{line}: {message}")]
    Json {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: not found")]
    NotFound { path: String },
}

/// Settings that apply to every document read.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Publication date for documents that do not carry one.
    pub default_date: Option<EventDate>,
}

/// The JSON shape of one document (and of a `.meta.json` sidecar, where `text` is absent).
#[derive(Deserialize)]
struct JsonDocument {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// A lazy stream of documents from `paths`, in a deterministic order.
pub fn read_inputs(paths: &[PathBuf], options: InputOptions) -> Inputs {
    Inputs {
        pending: paths.iter().cloned().collect(),
        options,
        open: None,
    }
}

/// The iterator returned by [`read_inputs`].
pub struct Inputs {
    pending: VecDeque<PathBuf>,
    options: InputOptions,
    open: Option<JsonStream>,
}

/// A JSON or JSONL source being read one document at a time.
struct JsonStream {
    path: String,
    values: JsonValues,
}

enum JsonValues {
    /// JSONL: one object per line, so a bad line is reported and the next line still read.
    Lines {
        reader: Box<dyn BufRead + Send>,
        line_number: usize,
    },
    /// A `.json` file: one object, several concatenated objects, or an array, read as JSON values.
    Values(std::vec::IntoIter<(usize, Result<JsonDocument, String>)>),
}

impl Iterator for Inputs {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(stream) = &mut self.open {
                match stream.next_document(&self.options) {
                    Some(item) => return Some(item),
                    None => self.open = None,
                }
            }
            let path = self.pending.pop_front()?;
            if path.as_os_str() == "-" {
                match read_stdin(&self.options) {
                    Ok(StdinInput::Text(doc)) => return Some(Ok(doc)),
                    Ok(StdinInput::Json(stream)) => self.open = Some(stream),
                    Err(e) => return Some(Err(e)),
                }
                continue;
            }
            let metadata = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Some(Err(InputError::NotFound {
                        path: display(&path),
                    }))
                }
                Err(source) => {
                    return Some(Err(InputError::Io {
                        path: display(&path),
                        source,
                    }))
                }
            };
            if metadata.is_dir() {
                match list_directory(&path) {
                    Ok(children) => children
                        .into_iter()
                        .rev()
                        .for_each(|c| self.pending.push_front(c)),
                    Err(source) => {
                        return Some(Err(InputError::Io {
                            path: display(&path),
                            source,
                        }))
                    }
                }
                continue;
            }
            match kind_of(&path) {
                FileKind::Json => match open_json(&path) {
                    Ok(stream) => self.open = Some(stream),
                    Err(e) => return Some(Err(e)),
                },
                kind => return Some(read_single(&path, kind, &self.options)),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Text,
    Html,
    Json,
    /// Sidecars and files of other types found while walking a directory.
    Skip,
}

fn kind_of(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".meta.json") {
        return FileKind::Skip;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("txt" | "md" | "text") | None => FileKind::Text,
        Some("html" | "htm" | "xhtml") => FileKind::Html,
        Some("json" | "jsonl" | "ndjson") => FileKind::Json,
        Some(_) => FileKind::Skip,
    }
}

/// The readable files below `dir`, sorted by name; files of unknown types are passed over.
fn list_directory(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() || !matches!(kind_of(p), FileKind::Skip))
        .filter(|p| p.extension().is_some() || p.is_dir())
        .collect();
    entries.sort();
    Ok(entries)
}

/// JSONL files stream a line at a time; `.json` files are read whole.
fn open_json(path: &Path) -> Result<JsonStream, InputError> {
    let shown = display(path);
    let file = File::open(path).map_err(|source| InputError::Io {
        path: shown.clone(),
        source,
    })?;
    let is_lines = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson")
    );
    if is_lines {
        Ok(JsonStream::lines(
            shown,
            Box::new(BufReader::with_capacity(1 << 16, file)),
        ))
    } else {
        JsonStream::whole(shown, file)
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads a whole file as UTF-8 text, rejecting binary content.
fn read_text(path: &str, mut reader: impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_string(),
            source,
        })?;
    decode(path, bytes)
}

fn decode(path: &str, mut bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(InputError::Binary {
            path: path.to_string(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| InputError::InvalidUtf8 {
        path: path.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn read_single(
    path: &Path,
    kind: FileKind,
    options: &InputOptions,
) -> Result<Document, InputError> {
    let shown = display(path);
    let file = File::open(path).map_err(|source| InputError::Io {
        path: shown.clone(),
        source,
    })?;
    let raw = read_text(&shown, file)?;
    let (text, html_title) = match kind {
        FileKind::Html => entente_text::html::extract_with_title(&raw),
        _ => (raw, None),
    };
    let base_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut doc = Document {
        id: base_name,
        text,
        title: html_title,
        ..Document::default()
    };
    apply_sidecar(path, &mut doc)?;
    if doc.date.is_none() {
        doc.date = options.default_date;
    }
    Ok(doc)
}

/// Applies `NAME.meta.json` beside `NAME.EXT`, when there is one.
fn apply_sidecar(path: &Path, doc: &mut Document) -> Result<(), InputError> {
    let Some(stem) = path.file_stem() else {
        return Ok(());
    };
    let sidecar = path.with_file_name(format!("{}.meta.json", stem.to_string_lossy()));
    let shown = display(&sidecar);
    let raw = match std::fs::read(&sidecar) {
        Ok(raw) => raw,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(InputError::Io {
                path: shown,
                source,
            })
        }
    };
    let meta: JsonDocument = serde_json::from_slice(&raw).map_err(|e| InputError::Json {
        path: shown.clone(),
        line: e.line(),
        message: e.to_string(),
    })?;
    if let Some(id) = meta.id.as_ref().and_then(id_string) {
        doc.id = id;
    }
    doc.title = meta.title.or(doc.title.take());
    doc.url = meta.url;
    doc.source = meta.source;
    if let Some(date) = meta.date {
        doc.date = Some(parse_date(&date).ok_or_else(|| InputError::Json {
            path: shown,
            line: 1,
            message: format!("unreadable date {date:?}"),
        })?);
    }
    Ok(())
}

fn id_string(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Dates in inputs: ISO forms, RFC 3339/2822 and "June 2, 2024"-style forms.
fn parse_date(s: &str) -> Option<EventDate> {
    EventDate::parse(s.trim())
        .ok()
        .or_else(|| entente_text::dates::parse_document_date(s))
}

enum StdinInput {
    Text(Document),
    Json(JsonStream),
}

/// Standard input is JSONL when it starts with `{`, otherwise one text document with id "stdin".
fn read_stdin(options: &InputOptions) -> Result<StdinInput, InputError> {
    let mut reader = BufReader::new(io::stdin());
    let starts_with_brace = loop {
        let buf = reader.fill_buf().map_err(|source| InputError::Io {
            path: "-".into(),
            source,
        })?;
        match buf.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(&b) => break b == b'{',
            None if buf.is_empty() => break false,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    if starts_with_brace {
        return Ok(StdinInput::Json(JsonStream::lines(
            "-".into(),
            Box::new(reader),
        )));
    }
    let text = read_text("-", reader)?;
    let doc = Document {
        id: "stdin".into(),
        text,
        date: options.default_date,
        ..Document::default()
    };
    Ok(StdinInput::Text(doc))
}

impl JsonStream {
    fn lines(path: String, reader: Box<dyn BufRead + Send>) -> Self {
        Self {
            path,
            values: JsonValues::Lines {
                reader,
                line_number: 0,
            },
        }
    }

    /// A whole `.json` file: an array of objects, or one or more objects one after another.
    fn whole(path: String, reader: impl Read) -> Result<Self, InputError> {
        let text = read_text(&path, reader)?;
        let mut values = Vec::new();
        if text.trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<serde_json::Value>>(&text) {
                Ok(items) => values.extend(items.into_iter().map(|v| {
                    (
                        1,
                        serde_json::from_value::<JsonDocument>(v).map_err(|e| e.to_string()),
                    )
                })),
                Err(e) => values.push((e.line(), Err(e.to_string()))),
            }
        } else {
            let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<JsonDocument>();
            loop {
                let line = 1 + text[..stream.byte_offset()].matches('\n').count();
                match stream.next() {
                    None => break,
                    Some(Ok(doc)) => values.push((line, Ok(doc))),
                    Some(Err(e)) => {
                        values.push((e.line(), Err(e.to_string())));
                        break;
                    }
                }
            }
        }
        Ok(Self {
            path,
            values: JsonValues::Values(values.into_iter()),
        })
    }

    fn next_document(&mut self, options: &InputOptions) -> Option<Result<Document, InputError>> {
        match &mut self.values {
            JsonValues::Values(items) => {
                let (line, parsed) = items.next()?;
                Some(self.document(parsed, line, options))
            }
            JsonValues::Lines {
                reader,
                line_number,
            } => loop {
                let mut bytes = Vec::new();
                match reader.read_until(b'\n', &mut bytes) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(source) => {
                        return Some(Err(InputError::Io {
                            path: self.path.clone(),
                            source,
                        }))
                    }
                }
                *line_number += 1;
                let line = *line_number;
                let text = match decode(&format!("{}:{}", self.path, line), bytes) {
                    Ok(text) => text,
                    Err(e) => return Some(Err(e)),
                };
                if text.trim().is_empty() {
                    continue;
                }
                let parsed = serde_json::from_str::<JsonDocument>(&text).map_err(|e| e.to_string());
                return Some(self.document(parsed, line, options));
            },
        }
    }

    fn document(
        &self,
        parsed: Result<JsonDocument, String>,
        line: usize,
        options: &InputOptions,
    ) -> Result<Document, InputError> {
        let err = |message: String| InputError::Json {
            path: self.path.clone(),
            line,
            message,
        };
        let parsed = parsed.map_err(err)?;
        let text = parsed.text.ok_or_else(|| err("missing \"text\"".into()))?;
        let id = match parsed.id.as_ref() {
            Some(v) => {
                id_string(v).ok_or_else(|| err("\"id\" must be a string or number".into()))?
            }
            None => format!("{}:{}", file_name(&self.path), line),
        };
        let date = match parsed.date.as_deref() {
            Some(d) if !d.trim().is_empty() => {
                Some(parse_date(d).ok_or_else(|| err(format!("unreadable date {d:?}")))?)
            }
            _ => options.default_date,
        };
        Ok(Document {
            id,
            text,
            title: parsed.title,
            date,
            url: parsed.url,
            source: parsed.source,
        })
    }
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        path
    }

    fn read_all(paths: &[PathBuf]) -> (Vec<Document>, Vec<String>) {
        let mut docs = Vec::new();
        let mut errors = Vec::new();
        for item in read_inputs(paths, InputOptions::default()) {
            match item {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (docs, errors)
    }

    #[test]
    fn a_binary_file_is_reported_and_the_good_file_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.txt", b"Azerbaijan condemned the attack.");
        let bad = write(dir.path(), "bad.txt", b"\x7fELF\x00\x01\x02");
        let (docs, errors) = read_all(&[bad, good]);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "good.txt");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("bad.txt") && errors[0].contains("binary"),
            "{errors:?}"
        );
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let bad = write(dir.path(), "latin1.txt", b"Caf\xe9 talks");
        let (_, errors) = read_all(&[bad]);
        assert!(errors[0].contains("invalid UTF-8 at byte 3"), "{errors:?}");
    }

    #[test]
    fn jsonl_documents_keep_their_id_and_date_and_bad_lines_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "docs.jsonl",
            b"{\"id\": \"a1\", \"text\": \"One.\", \"date\": \"2024-06-02\"}\n\nnot json\n{\"id\": 7, \"text\": \"Two.\"}\n",
        );
        let (docs, errors) = read_all(&[file]);
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["a1", "7"]
        );
        assert_eq!(docs[0].date.unwrap().to_string(), "2024-06-02");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("docs.jsonl:3:"), "{errors:?}");
    }

    #[test]
    fn a_json_array_file_yields_each_object() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "docs.json",
            b"[\n  {\"id\": \"x\", \"text\": \"A.\"},\n  {\"id\": \"y\", \"text\": \"B.\"}\n]\n",
        );
        let (docs, errors) = read_all(&[file]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["x", "y"]
        );
    }

    #[test]
    fn directories_are_walked_in_order_with_sidecars_applied_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write(dir.path(), "b.txt", b"B");
        write(dir.path(), "a.txt", b"A");
        write(
            dir.path(),
            "a.meta.json",
            b"{\"id\": \"article-a\", \"date\": \"2024-06\"}",
        );
        write(dir.path(), "image.png", b"\x89PNG");
        write(&dir.path().join("sub"), "c.md", b"C");
        let (docs, errors) = read_all(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["article-a", "b.txt", "c.md"]
        );
        assert_eq!(docs[0].date.unwrap().to_string(), "2024-06");
    }

    #[test]
    fn default_date_fills_only_missing_dates_and_empty_files_are_documents() {
        let dir = tempfile::tempdir().unwrap();
        let empty = write(dir.path(), "empty.txt", b"");
        let options = InputOptions {
            default_date: Some(EventDate::parse("2020-01-01").unwrap()),
        };
        let docs: Vec<_> = read_inputs(&[empty], options)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "");
        assert_eq!(docs[0].date.unwrap().to_string(), "2020-01-01");
    }

    #[test]
    fn a_missing_path_is_an_error_not_a_panic() {
        let (docs, errors) = read_all(&[PathBuf::from("/definitely/not/here.txt")]);
        assert!(docs.is_empty());
        assert!(errors[0].contains("not found"));
    }
}
