//! Reading documents from paths as a stream, one bad file never stopping the rest.
//!
//! Paths may be files, directories (walked recursively, in sorted order so runs are reproducible) or
//! `-` for standard input. Accepted files:
//! - `.txt`, `.md` (and files without an extension named explicitly): one document, the file's text;
//! - `.html`, `.htm`: one document, the text extracted by [`entente_text::html::extract`];
//! - `.docx`: one document, the paragraphs' text extracted by [`crate::docx::extract`];
//! - `.pdf`: one document, the pages' text laid out into paragraphs by [`crate::pdf::extract`];
//! - `.jsonl`, `.json`: one document per object with `id`, `text` and optional `title`, `date`, `url`,
//!   `source`. JSONL is read a line at a time, so a 200 MB file is streamed in bounded memory.
//!
//! Character references feeds leave in plain text and JSON ("Hamas&#39;s", AG News's "Israel #39;s")
//! are decoded in place by [`plain_text`], so offsets still point into the text as given.
//!
//! A text, HTML, DOCX or PDF file `NAME.EXT` may have a sidecar `NAME.meta.json` with the same optional fields
//! (and `id`); sidecars are never read as documents themselves.
//!
//! The walk always ends and reads each real file once: a directory reached again (a symlink loop)
//! or a file reached again (through a symlink or a hard link) is skipped with an error naming both
//! paths. FIFOs, devices and sockets are refused without being opened (only `-` reads a stream).
//! No document is read into memory beyond [`InputOptions::max_document_bytes`]: a larger file, JSONL
//! line or standard input is reported and skipped, and the next input is still read.

use entente_model::{Document, EventDate};
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
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
    #[error("{path}: a {kind}, not a regular file; not read (only `-` reads a stream)")]
    SpecialFile { path: String, kind: &'static str },
    #[error("{path}: larger than the {limit}-byte document limit (--max-document-size); not read")]
    TooLarge { path: String, limit: u64 },
    #[error("{path}: {reason}; skipped")]
    Skipped { path: String, reason: String },
    /// A `.pdf` file that gave no text: not a PDF, damaged, encrypted, or without a text layer.
    #[error("{path}: {source}; not read")]
    Pdf {
        path: String,
        source: crate::pdf::PdfError,
    },
}

/// The default of [`InputOptions::max_document_bytes`]: 8 MiB, the text of one coding batch, and
/// far beyond any news article.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 8 << 20;

/// Settings that apply to every document read.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Publication date for documents that do not carry one.
    pub default_date: Option<EventDate>,
    /// The largest document read into memory: a whole txt/md/html/json file, one JSONL line, or
    /// standard input read as text. Coding memory grows with a document's size, so this bounds it.
    pub max_document_bytes: u64,
}

impl Default for InputOptions {
    fn default() -> Self {
        Self {
            default_date: None,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
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
        pending: paths.iter().cloned().map(Ok).collect(),
        options,
        open: None,
        seen_dirs: HashMap::new(),
        seen_files: HashMap::new(),
    }
}

/// The iterator returned by [`read_inputs`].
pub struct Inputs {
    /// Paths still to read, and errors met while listing a directory, in walk order.
    pending: VecDeque<Result<PathBuf, InputError>>,
    options: InputOptions,
    open: Option<JsonStream>,
    /// Every directory walked and file read so far, by identity, with the path it was first met by.
    seen_dirs: HashMap<FileId, PathBuf>,
    seen_files: HashMap<FileId, PathBuf>,
}

/// What makes two paths the same file: device and inode on Unix, the canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(_path: &Path, metadata: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _metadata: &std::fs::Metadata) -> Option<FileId> {
    std::fs::canonicalize(path).ok()
}

/// What a path that is neither a directory nor a regular file is, for the refusal.
fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "device";
        }
    }
    let _ = file_type;
    "special file"
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
        /// The longest line kept; a longer one is reported and read past.
        limit: u64,
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
            let path = match self.pending.pop_front()? {
                Ok(path) => path,
                Err(e) => return Some(Err(e)),
            };
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
                if let Some(first) = self.first_seen(true, &path, &metadata) {
                    return Some(Err(InputError::Skipped {
                        path: display(&path),
                        reason: format!("directory already walked as {}", display(&first)),
                    }));
                }
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
            if !metadata.is_file() {
                return Some(Err(InputError::SpecialFile {
                    path: display(&path),
                    kind: special_kind(metadata.file_type()),
                }));
            }
            if let Some(first) = self.first_seen(false, &path, &metadata) {
                return Some(Err(InputError::Skipped {
                    path: display(&path),
                    reason: format!("same file as {}, already read", display(&first)),
                }));
            }
            let limit = self.options.max_document_bytes;
            // JSONL streams a line at a time, so its limit is per line; other files are read whole.
            if !is_json_lines(&path) && metadata.len() > limit {
                return Some(Err(too_large(&display(&path), limit)));
            }
            match kind_of(&path) {
                FileKind::Json => match open_json(&path, limit) {
                    Ok(stream) => self.open = Some(stream),
                    Err(e) => return Some(Err(e)),
                },
                kind => return Some(read_single(&path, kind, &self.options)),
            }
        }
    }
}

impl Inputs {
    /// Records a directory or file as met; if it was met before (by another path, or the same one
    /// through a symlink loop), returns the path it was first met by.
    fn first_seen(
        &mut self,
        is_dir: bool,
        path: &Path,
        metadata: &std::fs::Metadata,
    ) -> Option<PathBuf> {
        let id = file_id(path, metadata)?;
        let seen = if is_dir {
            &mut self.seen_dirs
        } else {
            &mut self.seen_files
        };
        match seen.entry(id) {
            std::collections::hash_map::Entry::Occupied(first) => Some(first.get().clone()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(path.to_path_buf());
                None
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Text,
    Html,
    Docx,
    Pdf,
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
        Some("docx") => FileKind::Docx,
        Some("pdf") => FileKind::Pdf,
        Some("json" | "jsonl" | "ndjson") => FileKind::Json,
        Some(_) => FileKind::Skip,
    }
}

/// The entries below `dir` to read, sorted by name: directories, and files of the types read
/// (others are passed over). An entry that cannot be listed is an error in its place.
fn list_directory(dir: &Path) -> io::Result<Vec<Result<PathBuf, InputError>>> {
    let mut entries: Vec<Result<PathBuf, InputError>> = std::fs::read_dir(dir)?
        .map(|entry| {
            entry.map(|e| e.path()).map_err(|source| InputError::Io {
                path: display(dir),
                source,
            })
        })
        .filter(|entry| {
            entry.as_ref().map_or(true, |p| {
                p.is_dir() || (p.extension().is_some() && kind_of(p) != FileKind::Skip)
            })
        })
        .collect();
    entries.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.cmp(b),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => std::cmp::Ordering::Equal,
    });
    Ok(entries)
}

/// The files under the directories among `paths` that a walk passes over because entente does not
/// read their type (a `.xlsx`, `.pptx` or `.csv` among articles), sorted, so that a run can say what
/// it left out. Sidecars (`NAME.meta.json`) are not counted; files named directly are never passed
/// over; each real directory is listed once, however many links reach it.
pub fn skipped_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut skipped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut pending: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
    while let Some(dir) = pending.pop() {
        let Ok(real) = dir.canonicalize() else {
            continue;
        };
        if !seen.insert(real) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let is_sidecar = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".meta.json"));
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some() && kind_of(&path) == FileKind::Skip && !is_sidecar
            {
                skipped.push(path);
            }
        }
    }
    skipped.sort();
    skipped
}

fn is_json_lines(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

/// JSONL files stream a line at a time (each line at most `limit` bytes); `.json` files are read
/// whole (at most `limit` bytes).
fn open_json(path: &Path, limit: u64) -> Result<JsonStream, InputError> {
    let shown = display(path);
    let file = File::open(path).map_err(|source| InputError::Io {
        path: shown.clone(),
        source,
    })?;
    if is_json_lines(path) {
        Ok(JsonStream::lines(
            shown,
            Box::new(BufReader::with_capacity(1 << 16, file)),
            limit,
        ))
    } else {
        JsonStream::whole(shown, file, limit)
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads a whole input as UTF-8 text, rejecting binary content and anything over `limit` bytes
/// (read no further than one byte past it, so an endless stream stops there).
fn read_text(path: &str, reader: impl Read, limit: u64) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_string(),
            limit,
        });
    }
    decode(path, bytes)
}

/// What [`read_line_bounded`] found.
enum Line {
    End,
    Read,
    /// The line was longer than the limit; it was read past, not kept.
    TooLong,
}

/// Reads one line into `bytes` (emptied first), keeping at most `limit` bytes of it.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> io::Result<Line> {
    bytes.clear();
    let read = Read::take(&mut *reader, limit.saturating_add(1)).read_until(b'\n', bytes)?;
    if read == 0 {
        return Ok(Line::End);
    }
    if bytes.len() as u64 <= limit || bytes.ends_with(b"\n") && bytes.len() as u64 == limit + 1 {
        return Ok(Line::Read);
    }
    bytes.clear();
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(Line::TooLong);
        }
        match memchr_newline(buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(Line::TooLong);
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
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
    let (text, found_title) = match kind {
        FileKind::Docx => (read_docx(&shown, file, options.max_document_bytes)?, None),
        FileKind::Pdf => read_pdf(&shown, file, options.max_document_bytes)?,
        FileKind::Html => entente_text::html::extract_with_title(&read_text(
            &shown,
            file,
            options.max_document_bytes,
        )?),
        _ => (
            plain_text(read_text(&shown, file, options.max_document_bytes)?),
            None,
        ),
    };
    let base_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut doc = Document {
        id: base_name,
        text,
        title: found_title,
        ..Document::default()
    };
    apply_sidecar(path, &mut doc, options.max_document_bytes)?;
    if doc.date.is_none() {
        doc.date = options.default_date;
    }
    Ok(doc)
}

/// A plain text as the coder should read it: the HTML character references left in it decoded in
/// place ([`entente_text::decode_plain_text_references`]), every other byte where it was.
pub fn plain_text(text: String) -> String {
    entente_text::decode_plain_text_references(&text).unwrap_or(text)
}

/// The bytes of a file no larger than `limit`.
fn read_capped(shown: &str, file: File, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: shown.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(shown, limit));
    }
    Ok(bytes)
}

fn too_large(shown: &str, limit: u64) -> InputError {
    InputError::TooLarge {
        path: shown.to_string(),
        limit,
    }
}

/// The text of a `.docx` file no larger than `limit` bytes, whose text is within `limit` too.
fn read_docx(shown: &str, file: File, limit: u64) -> Result<String, InputError> {
    let bytes = read_capped(shown, file, limit)?;
    crate::docx::extract(&bytes, limit).map_err(|e| match e {
        crate::docx::DocxError::TooLarge => too_large(shown, limit),
        other => InputError::Skipped {
            path: shown.to_string(),
            reason: other.to_string(),
        },
    })
}

/// The text and metadata title of a `.pdf` file no larger than `limit` bytes, whose text is within
/// `limit` too.
fn read_pdf(shown: &str, file: File, limit: u64) -> Result<(String, Option<String>), InputError> {
    let bytes = read_capped(shown, file, limit)?;
    crate::pdf::extract_with_title(&bytes, limit).map_err(|e| match e {
        crate::pdf::PdfError::TooLarge => too_large(shown, limit),
        source => InputError::Pdf {
            path: shown.to_string(),
            source,
        },
    })
}

/// Applies `NAME.meta.json` beside `NAME.EXT`, when there is one (a regular file within `limit`).
fn apply_sidecar(path: &Path, doc: &mut Document, limit: u64) -> Result<(), InputError> {
    let Some(stem) = path.file_stem() else {
        return Ok(());
    };
    let sidecar = path.with_file_name(format!("{}.meta.json", stem.to_string_lossy()));
    let shown = display(&sidecar);
    let io_error = |source| InputError::Io {
        path: shown.clone(),
        source,
    };
    let metadata = match std::fs::metadata(&sidecar) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(io_error(source)),
    };
    if !metadata.is_file() {
        return Err(InputError::SpecialFile {
            path: shown,
            kind: special_kind(metadata.file_type()),
        });
    }
    if metadata.len() > limit {
        return Err(too_large(&display(&sidecar), limit));
    }
    let raw = std::fs::read(&sidecar).map_err(io_error)?;
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
            options.max_document_bytes,
        )));
    }
    let text = plain_text(read_text("-", reader, options.max_document_bytes)?);
    let doc = Document {
        id: "stdin".into(),
        text,
        date: options.default_date,
        ..Document::default()
    };
    Ok(StdinInput::Text(doc))
}

impl JsonStream {
    fn lines(path: String, reader: Box<dyn BufRead + Send>, limit: u64) -> Self {
        Self {
            path,
            values: JsonValues::Lines {
                reader,
                line_number: 0,
                limit,
            },
        }
    }

    /// A whole `.json` file: an array of objects, or one or more objects one after another.
    fn whole(path: String, reader: impl Read, limit: u64) -> Result<Self, InputError> {
        let text = read_text(&path, reader, limit)?;
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
                limit,
            } => loop {
                let mut bytes = Vec::new();
                let read = read_line_bounded(reader.as_mut(), *limit, &mut bytes);
                *line_number += 1;
                let line = *line_number;
                match read {
                    Ok(Line::End) => return None,
                    Ok(Line::Read) => {}
                    Ok(Line::TooLong) => {
                        return Some(Err(InputError::TooLarge {
                            path: format!("{}:{}", self.path, line),
                            limit: *limit,
                        }))
                    }
                    Err(source) => {
                        return Some(Err(InputError::Io {
                            path: self.path.clone(),
                            source,
                        }))
                    }
                }
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
            text: plain_text(text),
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

    #[test]
    fn files_of_other_types_in_a_folder_are_listed_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("reports");
        std::fs::create_dir(&nested).unwrap();
        for name in [
            "a.txt",
            "a.meta.json",
            "b.pdf",
            "e.pptx",
            "reports/c.xlsx",
            "reports/d.csv",
            "README",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let skipped: Vec<String> = skipped_files(&[dir.path().to_path_buf()])
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(skipped, ["e.pptx", "reports/c.xlsx", "reports/d.csv"]);
        // A file named on the command line is read, whatever its type.
        assert!(skipped_files(&[dir.path().join("e.pptx")]).is_empty());
    }
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
            ..InputOptions::default()
        };
        let docs: Vec<_> = read_inputs(&[empty], options)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "");
        assert_eq!(docs[0].date.unwrap().to_string(), "2020-01-01");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once_with_each_file_read_once_and_the_loops_reported() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("d");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        write(&root, "top.txt", b"Top.");
        write(&root.join("sub"), "inner.txt", b"Inner.");
        symlink("..", root.join("sub/a")).unwrap();
        symlink("..", root.join("sub/b")).unwrap();
        symlink("inner.txt", root.join("sub/same.txt")).unwrap();
        let (docs, errors) = read_all(std::slice::from_ref(&root));
        assert_eq!(
            docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["inner.txt", "top.txt"]
        );
        let shown = |p: &str| root.join(p).display().to_string();
        assert_eq!(
            errors,
            [
                format!(
                    "{}: directory already walked as {}; skipped",
                    shown("sub/a"),
                    root.display()
                ),
                format!(
                    "{}: directory already walked as {}; skipped",
                    shown("sub/b"),
                    root.display()
                ),
                format!(
                    "{}: same file as {}, already read; skipped",
                    shown("sub/same.txt"),
                    shown("sub/inner.txt")
                ),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_being_opened_and_the_next_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let good = write(dir.path(), "good.txt", b"Good.");
        // Opening a FIFO with no writer would block this test forever.
        let (docs, errors) = read_all(&[fifo.clone(), dir.path().to_path_buf(), good]);
        assert_eq!(docs.len(), 1);
        let refused = format!(
            "{}: a FIFO, not a regular file; not read (only `-` reads a stream)",
            fifo.display()
        );
        assert_eq!(errors[..2], [refused.clone(), refused]);
        assert!(errors[2].contains("same file as"), "{errors:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused() {
        let (docs, errors) = read_all(&[PathBuf::from("/dev/zero")]);
        assert!(docs.is_empty());
        assert_eq!(
            errors,
            ["/dev/zero: a device, not a regular file; not read (only `-` reads a stream)"]
        );
    }

    #[test]
    fn documents_over_the_size_limit_are_refused_and_the_rest_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = write(dir.path(), "big.txt", &[b'a'; 101]);
        let fits = write(dir.path(), "fits.txt", &[b'a'; 100]);
        let lines = write(
            dir.path(),
            "docs.jsonl",
            format!(
                "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
                "x".repeat(200)
            )
            .as_bytes(),
        );
        let options = InputOptions {
            max_document_bytes: 100,
            ..InputOptions::default()
        };
        let mut docs = Vec::new();
        let mut errors = Vec::new();
        for item in read_inputs(&[big.clone(), fits, lines.clone()], options) {
            match item {
                Ok(d) => docs.push(d.id),
                Err(e) => errors.push(e.to_string()),
            }
        }
        assert_eq!(docs, ["fits.txt", "docs.jsonl:2"]);
        let refused = |path: String| {
            format!(
                "{path}: larger than the 100-byte document limit (--max-document-size); not read"
            )
        };
        assert_eq!(
            errors,
            [
                refused(big.display().to_string()),
                refused(format!("{}:1", lines.display()))
            ]
        );
    }

    #[test]
    fn an_endless_stream_stops_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'a');
        let err = read_text("-", endless, 1000).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { limit: 1000, .. }));
        let mut lines = BufReader::new(std::io::repeat(b'x').take(10_000)).chain(&b"\nnext\n"[..]);
        let mut bytes = Vec::new();
        assert!(matches!(
            read_line_bounded(&mut lines, 100, &mut bytes).unwrap(),
            Line::TooLong
        ));
        assert!(matches!(
            read_line_bounded(&mut lines, 100, &mut bytes).unwrap(),
            Line::Read
        ));
        assert_eq!(bytes, b"next\n");
    }

    #[test]
    fn a_missing_path_is_an_error_not_a_panic() {
        let (docs, errors) = read_all(&[PathBuf::from("/definitely/not/here.txt")]);
        assert!(docs.is_empty());
        assert!(errors[0].contains("not found"));
    }
}
