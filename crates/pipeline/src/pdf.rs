//! PDF documents (`.pdf`): the text a reader sees, laid out again into paragraphs for the segmenter.
//!
//! Think tanks publish reports as PDFs. A PDF has no paragraphs, only glyphs placed on pages, so
//! the text is rebuilt in three steps:
//! 1. **Glyphs.** [`lopdf`] parses the file and each page's content stream; the operators that
//!    place text (`BT`, `Tf`, `Td`, `Tm`, `TJ`, ...; form XObjects too) are followed here with the
//!    fonts' encodings, `ToUnicode` maps and glyph widths, giving each glyph's text, position and size.
//! 2. **Lines.** Glyphs join a line in content-stream order (the order producers write columns in)
//!    while they stay on its baseline; a gap wider than a fraction of the font size is a space.
//! 3. **Paragraphs.** Page numbers (a lone number, "Page 3", "3 of 12" at the top or bottom of a
//!    page) and running headers and footers (the same line at the top or bottom of most pages) are
//!    dropped. A line wrapped inside a paragraph is joined to the next with a space; a word
//!    hyphenated across lines is joined whole ("inter-" + "national"), keeping a hyphen the
//!    document writes elsewhere ("well-known") or that joins capitalised words ("Shia-majority").
//!    A paragraph ends at a vertical gap, a change of font size, a bullet, an indented line after
//!    a full stop, or a line that stops short of the column's right edge; paragraphs are separated
//!    by a blank line. No form feed or control character is kept.
//!
//! The document's title is the file's metadata title (`/Info /Title`), as HTML's is its `<title>`.
//!
//! Like HTML and DOCX, the extracted text is the document's text: every offset entente prints
//! points into it, not into the PDF's bytes. A file that is not a PDF, is damaged beyond repair,
//! needs a password, or has no text layer (a scan) is refused with a [`PdfError`] saying which.

use lopdf::{Dictionary, Document, Encoding, Object};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

/// Why a `.pdf` file gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The file does not start like a PDF (`%PDF-`).
    NotPdf,
    /// lopdf could not read the file's structure, even after repairing its cross-reference table.
    Damaged(String),
    /// The file is encrypted and opens only with a password.
    Encrypted,
    /// The pages carry no text that decodes to letters or digits: a scanned image, or fonts
    /// without a Unicode mapping.
    NoText,
    /// A stream, or the text, is larger than the document limit.
    TooLarge,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotPdf => write!(f, "not a PDF file (no %PDF- header)"),
            Self::Damaged(why) => write!(f, "damaged PDF: {why}"),
            Self::Encrypted => write!(
                f,
                "encrypted PDF that needs a password (remove the password, or export its text)"
            ),
            Self::NoText => write!(
                f,
                "PDF without a text layer (a scanned image?); run OCR on it first"
            ),
            Self::TooLarge => write!(f, "its text unpacks beyond the document limit"),
        }
    }
}

impl std::error::Error for PdfError {}

/// How much larger than the text limit one stream of a PDF may decompress to: fonts, images and
/// the operators around each glyph are many times the text.
const STREAM_FACTOR: u64 = 16;

/// How deeply form XObjects may nest (each `Do` inside a form is a level).
const MAX_FORM_DEPTH: usize = 8;

/// The text of a PDF file's bytes, laid out into paragraphs; `text_limit` bounds each stream's
/// decompressed size (×16) and the text.
pub fn extract(bytes: &[u8], text_limit: u64) -> Result<String, PdfError> {
    extract_with_title(bytes, text_limit).map(|(text, _)| text)
}

/// [`extract`], with the title the file's metadata gives (`/Info /Title`), unless it is empty or
/// only names a file ("Microsoft Word - report.docx").
pub fn extract_with_title(
    bytes: &[u8],
    text_limit: u64,
) -> Result<(String, Option<String>), PdfError> {
    // lopdf is written not to panic, but a damaged file must never stop the rest of a run (the
    // panic's message still goes to stderr, before the error naming the file).
    std::panic::catch_unwind(|| extract_unguarded(bytes, text_limit)).unwrap_or_else(|_| {
        Err(PdfError::Damaged(
            "the PDF reader failed on its structure".into(),
        ))
    })
}

fn extract_unguarded(bytes: &[u8], text_limit: u64) -> Result<(String, Option<String>), PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let stream_limit =
        usize::try_from(text_limit.saturating_mul(STREAM_FACTOR)).unwrap_or(usize::MAX);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(stream_limit),
        ..lopdf::LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => return Err(load_error(bytes, e)),
    };
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let mut glyphs = Glyphs {
        limit: text_limit,
        ..Glyphs::default()
    };
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::Damaged("no pages".into()));
    }
    for (&number, &page_id) in &pages {
        glyphs.page = number;
        read_page(&doc, page_id, stream_limit, &mut glyphs)?;
    }
    let text = layout(&glyphs.lines());
    if text.len() as u64 > text_limit {
        return Err(PdfError::TooLarge);
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(PdfError::NoText);
    }
    Ok((text, title(&doc)))
}

fn title(doc: &Document) -> Option<String> {
    let info = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
        .ok()?;
    let raw = lopdf::decode_text_string(info.get_deref(b"Title", doc).ok()?).ok()?;
    let title = collapse_spaces(&raw.replace(|c: char| c.is_control(), " "));
    let lower = title.to_lowercase();
    let file_name = [".doc", ".docx", ".pdf", ".txt", ".odt", ".indd", ".rtf"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower.starts_with("microsoft word - ");
    (!title.is_empty() && !lower.starts_with("untitled") && !file_name).then_some(title)
}

fn load_error(bytes: &[u8], e: lopdf::Error) -> PdfError {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::TooLarge
        }
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        _ if bytes.windows(8).any(|w| w == b"/Encrypt") => PdfError::Encrypted,
        e => PdfError::Damaged(e.to_string()),
    }
}

fn stream_error(e: lopdf::Error) -> PdfError {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::TooLarge
        }
        e => PdfError::Damaged(e.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Step 1: glyphs, from the content streams.

/// An affine transform `[a b c d e f]` in PDF's row-vector convention.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: apply `m`, then `n`.
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translation(x: f64, y: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

/// What a font needs for text extraction: how to decode its codes and how wide each glyph is.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Bytes per character code: 2 for composite (Type0) fonts, 1 otherwise.
    code_len: usize,
    /// Glyph widths in glyph space (thousandths of the font size for all but Type3 fonts).
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space: 1/1000, or a Type3 font's `FontMatrix`.
    scale: f64,
}

impl<'a> Font<'a> {
    fn new(doc: &'a Document, dict: &'a Dictionary, stream_limit: usize) -> Self {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let encoding = dict.get_font_encoding_with_limit(doc, stream_limit).ok();
        let number = |o: &Object| deref(doc, o).as_float().ok().map(f64::from);
        let mut widths = HashMap::new();
        let mut default_width = 500.0;
        let mut code_len = 1;
        let mut scale = 0.001;
        if subtype == b"Type0" {
            code_len = 2;
            default_width = 1000.0;
            let descendant = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| deref(doc, d).as_dict().ok());
            if let Some(cid_font) = descendant {
                if let Some(dw) = cid_font.get(b"DW").ok().and_then(number) {
                    default_width = dw;
                }
                if let Ok(w) = cid_font.get_deref(b"W", doc).and_then(Object::as_array) {
                    read_cid_widths(doc, w, &mut widths);
                }
            }
        } else {
            let first = dict
                .get(b"FirstChar")
                .ok()
                .and_then(number)
                .unwrap_or(0.0)
                .max(0.0) as u32;
            if let Ok(list) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
                for (i, w) in list.iter().take(65_536).enumerate() {
                    if let Some(w) = number(w) {
                        widths.insert(first + i as u32, w);
                    }
                }
            }
            if let Some(missing) = dict
                .get_deref(b"FontDescriptor", doc)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|fd| fd.get(b"MissingWidth").ok())
                .and_then(number)
            {
                default_width = missing;
            }
            if subtype == b"Type3" {
                scale = dict
                    .get_deref(b"FontMatrix", doc)
                    .and_then(Object::as_array)
                    .ok()
                    .and_then(|m| m.first())
                    .and_then(number)
                    .filter(|s| s.is_finite() && *s != 0.0)
                    .unwrap_or(0.001);
            }
        }
        Self {
            encoding,
            code_len,
            widths,
            default_width,
            scale,
        }
    }

    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            * self.scale
    }

    /// The Unicode text of one character code, without control characters.
    fn decode(&self, bytes: &[u8]) -> String {
        let decoded = match &self.encoding {
            Some(encoding) => Document::decode_text(encoding, bytes).unwrap_or_default(),
            None => String::new(),
        };
        decoded
            .chars()
            .filter_map(|c| match c {
                '\t' | '\u{a0}' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect()
    }
}

/// A CID font's `W` array: `c [w1 w2 ...]` or `c_first c_last w`.
fn read_cid_widths(doc: &Document, w: &[Object], widths: &mut HashMap<u32, f64>) {
    let number = |o: &Object| deref(doc, o).as_float().ok().map(f64::from);
    let mut i = 0;
    while i < w.len() && widths.len() < 65_536 {
        let Some(first) = number(&w[i]) else { break };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().take(65_536).enumerate() {
                    if let Some(width) = number(width) {
                        widths.insert(first + k as u32, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) =
                    (last.as_float().ok(), w.get(i + 2).and_then(number))
                else {
                    break;
                };
                let last = (last.max(0.0) as u32).min(first.saturating_add(65_535));
                for code in first..=last {
                    widths.insert(code, width);
                }
                i += 3;
            }
            None => break,
        }
    }
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

/// The fonts and form XObjects a content stream can name.
#[derive(Default)]
struct Resources<'a> {
    fonts: BTreeMap<Vec<u8>, &'a Dictionary>,
    xobjects: BTreeMap<Vec<u8>, &'a lopdf::Stream>,
}

impl<'a> Resources<'a> {
    fn add(&mut self, doc: &'a Document, resources: &'a Dictionary) {
        let entries = |key: &[u8]| {
            resources
                .get(key)
                .ok()
                .and_then(|o| deref(doc, o).as_dict().ok())
                .into_iter()
                .flat_map(|d| d.iter())
        };
        for (name, font) in entries(b"Font") {
            if let Ok(font) = deref(doc, font).as_dict() {
                self.fonts.entry(name.clone()).or_insert(font);
            }
        }
        for (name, xobject) in entries(b"XObject") {
            if let Ok(stream) = deref(doc, xobject).as_stream() {
                let is_form = stream
                    .dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"Form");
                if is_form {
                    self.xobjects.entry(name.clone()).or_insert(stream);
                }
            }
        }
    }
}

/// The text state and the transform in force, saved and restored by `q` and `Q`.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling, as a fraction.
    scaling: f64,
    leading: f64,
    rise: f64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// One glyph placed on a page, in page space.
struct Glyph {
    text: String,
    x: f64,
    y: f64,
    /// Where the glyph's advance ends.
    end: f64,
    size: f64,
}

/// The glyphs read so far, grouped into lines as they come.
#[derive(Default)]
struct Glyphs {
    page: u32,
    lines: Vec<Line>,
    current: Option<Line>,
    bytes: u64,
    limit: u64,
}

/// A line of text on a page: its text, horizontal extent, baseline and font size.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    page: u32,
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// Where the last glyph's advance ended (spaces included).
    pen: f64,
}

impl Glyphs {
    fn push(&mut self, glyph: Glyph) -> Result<(), PdfError> {
        self.bytes += glyph.text.len() as u64 + 1;
        if self.bytes > self.limit.saturating_mul(2).saturating_add(1024) {
            return Err(PdfError::TooLarge);
        }
        let blank = glyph.text.trim().is_empty();
        if let Some(line) = &mut self.current {
            let size = line.size.max(glyph.size);
            let gap = glyph.x - line.pen;
            let same_line = line.page == self.page
                && (glyph.y - line.y).abs() < 0.5 * size
                && gap > -0.5 * size
                && gap < 4.0 * size;
            if same_line {
                if blank {
                    if !line.text.ends_with(' ') {
                        line.text.push(' ');
                    }
                } else {
                    if gap > 0.15 * size && !line.text.ends_with(' ') {
                        line.text.push(' ');
                    }
                    line.text.push_str(&glyph.text);
                    line.x1 = line.x1.max(glyph.end);
                }
                line.pen = glyph.end;
                return Ok(());
            }
        }
        if blank {
            // Spaces alone do not start a line.
            return Ok(());
        }
        self.finish_line();
        self.current = Some(Line {
            page: self.page,
            text: glyph.text,
            x0: glyph.x,
            x1: glyph.end,
            y: glyph.y,
            size: glyph.size,
            pen: glyph.end,
        });
        Ok(())
    }

    fn finish_line(&mut self) {
        if let Some(mut line) = self.current.take() {
            let trimmed = line.text.trim_end().len();
            line.text.truncate(trimmed);
            // Justified text sets a line-end hyphen apart from its word: "Is -" + "tanbul".
            for hyphen in [" -", " \u{AD}"] {
                if let Some(word) = line.text.strip_suffix(hyphen) {
                    if word.ends_with(char::is_alphabetic) {
                        let at = word.len();
                        line.text.remove(at);
                        break;
                    }
                }
            }
            self.lines.push(line);
        }
    }

    fn lines(mut self) -> Vec<Line> {
        self.finish_line();
        self.lines
    }
}

fn read_page(
    doc: &Document,
    page_id: lopdf::ObjectId,
    stream_limit: usize,
    glyphs: &mut Glyphs,
) -> Result<(), PdfError> {
    let mut resources = Resources::default();
    if let Ok((direct, referenced)) = doc.get_page_resources(page_id) {
        if let Some(direct) = direct {
            resources.add(doc, direct);
        }
        for id in referenced {
            if let Ok(dict) = doc.get_dictionary(id) {
                resources.add(doc, dict);
            }
        }
    }
    let content = doc
        .get_page_content_with_limit(page_id, stream_limit)
        .map_err(stream_error)?;
    let mut reader = ContentReader {
        doc,
        stream_limit,
        fonts: HashMap::new(),
    };
    reader.run(&content, &resources, State::default(), glyphs, 0)
}

struct ContentReader<'a> {
    doc: &'a Document,
    stream_limit: usize,
    /// Fonts met on this page, by their dictionary's address (names differ between forms).
    fonts: HashMap<*const Dictionary, Rc<Font<'a>>>,
}

impl<'a> ContentReader<'a> {
    fn font(&mut self, dict: &'a Dictionary) -> Rc<Font<'a>> {
        let (doc, limit) = (self.doc, self.stream_limit);
        self.fonts
            .entry(dict as *const Dictionary)
            .or_insert_with(|| Rc::new(Font::new(doc, dict, limit)))
            .clone()
    }

    /// Follows one content stream's text operators, pushing the glyphs it shows.
    fn run(
        &mut self,
        content: &[u8],
        resources: &Resources<'a>,
        start: State,
        glyphs: &mut Glyphs,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut state = start;
        let mut saved: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut font: Option<Rc<Font<'a>>> = None;
        for operation in lopdf::content::Content::decode_iter(content) {
            // What a damaged stream showed before the damage is kept.
            let Ok(operation) = operation else { break };
            let ops = &operation.operands;
            let num = |i: usize| -> f64 {
                ops.get(i)
                    .and_then(|o| o.as_float().ok())
                    .map(f64::from)
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0)
            };
            match operation.operator.as_str() {
                "q" if saved.len() < 256 => saved.push(state.clone()),
                "Q" => {
                    if let Some(s) = saved.pop() {
                        state = s;
                        font = self.current_font(resources, &state);
                    }
                }
                "cm" => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    state.ctm = multiply(&m, &state.ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    state.font = ops
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec);
                    state.size = num(1);
                    font = self.current_font(resources, &state);
                }
                "Tc" => state.char_spacing = num(0),
                "Tw" => state.word_spacing = num(0),
                "Tz" => state.scaling = num(0) / 100.0,
                "TL" => state.leading = num(0),
                "Ts" => state.rise = num(0),
                "Td" | "TD" => {
                    if operation.operator == "TD" {
                        state.leading = -num(1);
                    }
                    tlm = multiply(&translation(num(0), num(1)), &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = multiply(&translation(0.0, -state.leading), &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if operation.operator != "Tj" && operation.operator != "TJ" {
                        tlm = multiply(&translation(0.0, -state.leading), &tlm);
                        tm = tlm;
                    }
                    if operation.operator == "\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    let Some(font) = &font else { continue };
                    let shown: &[Object] = match operation.operator.as_str() {
                        "TJ" => ops
                            .first()
                            .and_then(|o| o.as_array().ok())
                            .map_or(&[], |a| a.as_slice()),
                        "\"" => ops.get(2).map_or(&[], std::slice::from_ref),
                        _ => ops.first().map_or(&[], std::slice::from_ref),
                    };
                    for item in shown {
                        match item {
                            Object::String(bytes, _) => {
                                self.show(bytes, font, &state, &mut tm, glyphs)?;
                            }
                            Object::Integer(_) | Object::Real(_) => {
                                let adjust = item.as_float().map(f64::from).unwrap_or(0.0);
                                let tx = -adjust / 1000.0 * state.size * state.scaling;
                                if tx.is_finite() {
                                    tm = multiply(&translation(tx, 0.0), &tm);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(form) = ops
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| resources.xobjects.get(name))
                    else {
                        continue;
                    };
                    let data = form
                        .decompressed_content_with_limit(self.stream_limit)
                        .or_else(|e| match e {
                            lopdf::Error::Decompress(
                                lopdf::DecompressError::MemoryLimitExceeded { .. },
                            ) => Err(e),
                            _ => Ok(form.content.clone()),
                        })
                        .map_err(stream_error)?;
                    let mut inner = Resources::default();
                    if let Ok(own) = form
                        .dict
                        .get_deref(b"Resources", self.doc)
                        .and_then(Object::as_dict)
                    {
                        inner.add(self.doc, own);
                    }
                    inner
                        .fonts
                        .extend(resources.fonts.iter().map(|(k, v)| (k.clone(), *v)));
                    inner
                        .xobjects
                        .extend(resources.xobjects.iter().map(|(k, v)| (k.clone(), *v)));
                    let mut form_state = state.clone();
                    if let Ok(m) = form
                        .dict
                        .get_deref(b"Matrix", self.doc)
                        .and_then(Object::as_array)
                    {
                        let v: Vec<f64> = m
                            .iter()
                            .filter_map(|o| o.as_float().ok().map(f64::from))
                            .collect();
                        if let [a, b, c, d, e, f] = v[..] {
                            form_state.ctm = multiply(&[a, b, c, d, e, f], &form_state.ctm);
                        }
                    }
                    self.run(&data, &inner, form_state, glyphs, depth + 1)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn current_font(&mut self, resources: &Resources<'a>, state: &State) -> Option<Rc<Font<'a>>> {
        let dict = resources.fonts.get(state.font.as_deref()?)?;
        Some(self.font(dict))
    }

    /// Shows the codes of one string: one glyph per code, each advancing the text matrix.
    fn show(
        &self,
        bytes: &[u8],
        font: &Font<'a>,
        state: &State,
        tm: &mut Matrix,
        glyphs: &mut Glyphs,
    ) -> Result<(), PdfError> {
        for code_bytes in bytes.chunks(font.code_len) {
            let code = code_bytes
                .iter()
                .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
            let trm = multiply(
                &[
                    state.size * state.scaling,
                    0.0,
                    0.0,
                    state.size,
                    0.0,
                    state.rise,
                ],
                &multiply(tm, &state.ctm),
            );
            let mut advance = font.width(code) * state.size + state.char_spacing;
            if font.code_len == 1 && code == 32 {
                advance += state.word_spacing;
            }
            let advance = advance * state.scaling;
            let next = multiply(&translation(advance, 0.0), tm);
            let end = multiply(&next, &state.ctm)[4];
            // The glyph's height on the page: the font size scaled by the transforms.
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            if trm.iter().all(|v| v.is_finite()) && size.is_finite() && size > 0.0 {
                let text = expand_ligatures(&font.decode(code_bytes));
                if !text.is_empty() {
                    glyphs.push(Glyph {
                        text,
                        x: trm[4],
                        y: trm[5],
                        end,
                        size,
                    })?;
                }
            }
            *tm = next;
        }
        Ok(())
    }
}

/// Typographic ligatures as their letters, so that words match the dictionaries.
fn expand_ligatures(text: &str) -> String {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\u{FB00}' => "ff".to_string(),
            '\u{FB01}' => "fi".to_string(),
            '\u{FB02}' => "fl".to_string(),
            '\u{FB03}' => "ffi".to_string(),
            '\u{FB04}' => "ffl".to_string(),
            '\u{FB05}' | '\u{FB06}' => "st".to_string(),
            c => c.to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Steps 2 and 3: lines into paragraphs.

/// Lines in reading order (content-stream order) into text: page furniture dropped, paragraphs
/// rebuilt and separated by a blank line.
fn layout(lines: &[Line]) -> String {
    let lines = drop_page_furniture(lines);
    if lines.is_empty() {
        return String::new();
    }
    let right_edges = right_edges(&lines);
    let spacing = typical_spacing(&lines);
    let words = document_words(&lines);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = collapse_spaces(&line.text);
        if i == 0 || current.is_empty() {
            current.push_str(&text);
            continue;
        }
        let previous = &lines[i - 1];
        if breaks_paragraph(previous, line, right_edges[i - 1], spacing) {
            paragraphs.push(std::mem::take(&mut current));
            current.push_str(&text);
        } else {
            join_line(&mut current, &text, &words);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Drops page numbers and running headers and footers: lines among the two topmost and two
/// bottommost of a page that are a page number, or whose text (digits aside) recurs there on at
/// least half the pages (three at least).
fn drop_page_furniture(lines: &[Line]) -> Vec<Line> {
    let mut by_page: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        by_page.entry(line.page).or_default().push(i);
    }
    let mut margin: HashSet<usize> = HashSet::new();
    for indices in by_page.values() {
        let mut by_height = indices.clone();
        by_height.sort_by(|&a, &b| lines[b].y.total_cmp(&lines[a].y));
        margin.extend(by_height.iter().copied().take(2));
        margin.extend(by_height.iter().rev().copied().take(2));
    }
    let key = |line: &Line| -> String {
        line.text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut recurring: HashMap<String, HashSet<u32>> = HashMap::new();
    for &i in &margin {
        let k = key(&lines[i]);
        if !k.is_empty() {
            recurring.entry(k).or_default().insert(lines[i].page);
        }
    }
    let pages = by_page.len();
    let furniture = |i: usize| {
        let line = &lines[i];
        margin.contains(&i)
            && (is_page_number(&line.text)
                || recurring
                    .get(&key(line))
                    .is_some_and(|on| on.len() >= 3 && on.len() * 2 >= pages))
    };
    lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| !furniture(i))
        .map(|(_, line)| line.clone())
        .collect()
}

/// "7", "- 7 -", "vii", "Page 7", "page 7 of 12", "7 of 12", "7 / 12", "7 | Report title" does
/// not count (the title recurs, and goes as a running footer).
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c == '|' || c.is_whitespace())
        .to_lowercase();
    let t = t.strip_prefix("page").map_or(t.as_str(), str::trim_start);
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit()))
            || (!s.is_empty() && s.len() <= 6 && s.chars().all(|c| "ivxlc".contains(c)))
    };
    if number(t) {
        return true;
    }
    for separator in [" of ", "/"] {
        if let Some((a, b)) = t.split_once(separator) {
            return number(a) && number(b);
        }
    }
    false
}

/// For each line, the right edge of its column: the furthest any line of the page that overlaps
/// it horizontally, in about the same font size, reaches.
fn right_edges(lines: &[Line]) -> Vec<f64> {
    let mut edges = vec![0.0; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = start + lines[start..].iter().take_while(|l| l.page == page).count();
        let page_lines = &lines[start..end];
        let page_max = page_lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        for (k, line) in page_lines.iter().enumerate() {
            edges[start + k] = if page_lines.len() > 2000 {
                page_max
            } else {
                page_lines
                    .iter()
                    .filter(|o| o.x0 < line.x1 && line.x0 < o.x1 && similar_size(o.size, line.size))
                    .map(|o| o.x1)
                    .fold(line.x1, f64::max)
            };
        }
        start = end;
    }
    edges
}

fn similar_size(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.15 * a.max(b)
}

/// The usual distance between baselines of consecutive lines, as a multiple of the font size.
fn typical_spacing(lines: &[Line]) -> f64 {
    let mut ratios: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page && similar_size(w[0].size, w[1].size))
        .map(|w| (w[0].y - w[1].y) / w[0].size)
        .filter(|r| *r > 0.5 && *r < 3.0)
        .collect();
    if ratios.is_empty() {
        return 1.2;
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn is_bullet(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(
        first,
        '•' | '◦' | '▪' | '‣' | '●' | '○' | '■' | '□' | '➢' | '–' | '—'
    ) {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && text.as_bytes().get(digits + 1) == Some(&b' ')
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    t.ends_with(['.', '!', '?', ':'])
}

/// About how wide the first word of `line` and a space before it are, from the line's own
/// average character width, with a margin for wide letters.
fn first_word_width(line: &Line) -> f64 {
    let characters = line.text.chars().count().max(1) as f64;
    let average = (line.x1 - line.x0).max(0.0) / characters;
    let word = line.text.split_whitespace().next().unwrap_or("");
    (word.chars().count() as f64 + 1.0) * average * 1.15 + 0.25 * line.size
}

/// Whether `next` starts a new paragraph after `previous`, whose column ends at `right_edge`.
fn breaks_paragraph(previous: &Line, next: &Line, right_edge: f64, spacing: f64) -> bool {
    let size = previous.size;
    if is_bullet(&next.text) {
        return true;
    }
    // The line stops short of its column's edge by more than the next line's first word needs:
    // the word would have fitted, so the paragraph ended there.
    if right_edge - previous.x1 > first_word_width(next) {
        return true;
    }
    let same_flow = next.page == previous.page && next.y < previous.y;
    if !same_flow {
        // A new page or column: the text goes on unless the line above stopped short.
        return false;
    }
    if !similar_size(previous.size, next.size) {
        return true;
    }
    let drop = previous.y - next.y;
    if drop > spacing * size * 1.3 {
        return true;
    }
    // A first-line indent after a sentence's end.
    next.x0 > previous.x0 + size && ends_sentence(&previous.text) && !is_bullet(&previous.text)
}

/// The words the document writes inside its lines, lower-cased: whole words, and the compounds
/// written with a hyphen ("well-known"). They tell a hyphen a line break made from one the
/// document writes.
#[derive(Default)]
struct Words {
    whole: HashSet<String>,
    hyphenated: HashSet<String>,
    /// Whether the document hyphenates words at line ends: some line ends in a hyphen that cuts
    /// a word it writes whole elsewhere ("Is-" + "rael"). A document that does not (ragged
    /// text) breaks lines only at spaces and at its own hyphens.
    hyphenates: bool,
}

/// The letters before a line-end hyphen and after it on the next line, when `line` ends in one.
fn hyphen_pieces<'a>(line: &'a str, next: &'a str) -> Option<(&'a str, &'a str)> {
    let word = line.strip_suffix(['-', '\u{2010}'])?;
    let start = word
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()?
        .0;
    let end = next
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(next.len(), |(i, _)| i);
    (end > 0).then(|| (&word[start..], &next[..end]))
}

fn document_words(lines: &[Line]) -> Words {
    let mut words = Words::default();
    let mut after_hyphen = false;
    for line in lines {
        let mut tokens: Vec<&str> = line.text.split_whitespace().collect();
        // The words on either side of a line-end hyphen may be pieces of one; they are no evidence.
        let ends_hyphen = line.text.ends_with(['-', '\u{AD}', '\u{2010}']);
        if ends_hyphen {
            tokens.pop();
        }
        let skip = usize::from(after_hyphen);
        after_hyphen = ends_hyphen;
        for token in tokens.into_iter().skip(skip) {
            let token = token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if token.contains('-') {
                words.whole.extend(token.split('-').map(str::to_string));
                words.hyphenated.insert(token);
            } else {
                words.whole.insert(token);
            }
        }
    }
    words.hyphenates = lines.windows(2).any(|pair| {
        hyphen_pieces(&pair[0].text, &pair[1].text).is_some_and(|(prefix, suffix)| {
            words
                .whole
                .contains(&format!("{prefix}{suffix}").to_lowercase())
        })
    });
    words
}

/// Whether a hyphen at a line's end, between `prefix` and `suffix`, belongs to the text (a
/// compound: "Azerbaijani-Israeli", "Shia-majority", "well-known" written so elsewhere) rather
/// than to the line break ("Is-rael", "em-bassy").
fn keeps_hyphen(prefix: &str, suffix: &str, words: &Words) -> bool {
    if suffix.starts_with(char::is_uppercase) {
        return true;
    }
    let joined = format!("{prefix}{suffix}").to_lowercase();
    if words
        .hyphenated
        .contains(&format!("{prefix}-{suffix}").to_lowercase())
    {
        return true;
    }
    if words.whole.contains(&joined) {
        return false;
    }
    if !words.hyphenates {
        return true;
    }
    // A name before a hyphen ("Russia-backed", "Gaza-based") makes a compound when the document
    // also writes the name alone; two lower-case words ("free-trade") when it writes both alone.
    // The pieces a hyphenation dictionary cuts ("em-bassy", "Kaza-khstan") rarely stand alone.
    let alone = |w: &str| w.chars().count() >= 3 && words.whole.contains(&w.to_lowercase());
    if prefix.starts_with(char::is_uppercase) {
        alone(prefix)
    } else {
        alone(prefix) && alone(suffix)
    }
}

/// Appends a wrapped line to its paragraph: with a space, or whole after a hyphen or a dash.
fn join_line(paragraph: &mut String, next: &str, words: &Words) {
    let next_starts_letter = next.chars().next().is_some_and(char::is_alphabetic);
    let mut ending = paragraph.chars().rev();
    let last = ending.next();
    let before_last = ending.next();
    let after_letter = before_last.is_some_and(char::is_alphabetic);
    match last {
        Some('\u{AD}') if next_starts_letter => {
            paragraph.pop();
        }
        Some('-' | '\u{2010}') if after_letter && next_starts_letter => {
            let keep = hyphen_pieces(paragraph, next)
                .is_none_or(|(prefix, suffix)| keeps_hyphen(prefix, suffix, words));
            if !keep {
                // A word the line break hyphenated: joined whole.
                paragraph.pop();
            }
        }
        Some('–' | '—' | '/') if after_letter && next_starts_letter => {}
        _ => paragraph.push(' '),
    }
    paragraph.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, text: &str, x0: f64, x1: f64, y: f64) -> Line {
        Line {
            page,
            text: text.into(),
            x0,
            x1,
            y,
            size: 10.0,
            pen: x1,
        }
    }

    #[test]
    fn wrapped_lines_join_and_paragraph_ends_are_kept() {
        let lines = [
            line(1, "Azerbaijan kept its inter-", 72.0, 500.0, 700.0),
            line(1, "national ties with Israel, a well-", 72.0, 498.0, 688.0),
            line(1, "known Shia-", 72.0, 499.0, 676.0),
            line(1, "majority partner on the Baku–", 72.0, 500.0, 664.0),
            line(1, "Ceyhan line.", 72.0, 150.0, 652.0),
            // A blank line's gap: a new paragraph.
            line(1, "Ankara halted exports.", 72.0, 200.0, 628.0),
            line(1, "• Baku spoke.", 80.0, 160.0, 616.0),
            line(1, "• Tel Aviv replied", 80.0, 500.0, 604.0),
            line(1, "at once.", 90.0, 140.0, 592.0),
            line(1, "12", 290.0, 300.0, 40.0),
            // A paragraph that goes on over the page break.
            line(
                2,
                "Israel, a Shia state's international partner, had begun normalising",
                72.0,
                500.0,
                700.0,
            ),
            line(
                2,
                "relations after years of tension. A well-known case.",
                72.0,
                420.0,
                688.0,
            ),
            line(2, "Page 13 of 20", 280.0, 320.0, 40.0),
        ];
        assert_eq!(
            layout(&lines),
            "Azerbaijan kept its international ties with Israel, a well-known Shia-majority \
             partner on the Baku–Ceyhan line.\n\nAnkara halted exports.\n\n• Baku spoke.\n\n\
             • Tel Aviv replied at once.\n\nIsrael, a Shia state's international partner, had \
             begun normalising relations after years of tension. A well-known case."
        );
    }

    #[test]
    fn a_line_end_hyphen_is_kept_unless_the_document_hyphenates_words() {
        // Ragged text that never cuts a word: a line-end hyphen is the text's own.
        let ragged = [
            line(1, "the Russia-", 72.0, 500.0, 700.0),
            line(1, "backed and well-", 72.0, 500.0, 688.0),
            line(1, "known forces.", 72.0, 150.0, 676.0),
        ];
        assert_eq!(layout(&ragged), "the Russia-backed and well-known forces.");
        // Justified text that cuts "Is-rael", a word it writes whole elsewhere: pieces without
        // evidence are joined, names before a hyphen that the text writes alone are kept.
        let justified = [
            line(1, "Israel, Russia and Is-", 72.0, 500.0, 700.0),
            line(1, "rael met in Kaza-", 72.0, 500.0, 688.0),
            line(1, "khstan with Russia-", 72.0, 500.0, 676.0),
            line(1, "backed em-", 72.0, 500.0, 664.0),
            line(1, "bassies.", 72.0, 150.0, 652.0),
        ];
        assert_eq!(
            layout(&justified),
            "Israel, Russia and Israel met in Kazakhstan with Russia-backed embassies."
        );
    }

    #[test]
    fn running_headers_and_page_numbers_go() {
        let mut lines = Vec::new();
        let body = [
            ["On the pipeline, at length and in public,", "Baku spoke."],
            ["On the tariff, after a week of silence,", "Ankara replied."],
            [
                "On the embassy, through its foreign ministry,",
                "Tehran objected.",
            ],
            ["On all of it, as the talks went on,", "Moscow waited."],
        ];
        for (page, [first, last]) in (1..).zip(body) {
            lines.push(line(
                page,
                "Eurasia Daily Monitor | June 2024",
                72.0,
                300.0,
                760.0,
            ));
            lines.push(line(page, first, 72.0, 500.0, 712.0));
            lines.push(line(page, last, 72.0, 200.0, 700.0));
            lines.push(line(page, &format!("- {page} -"), 290.0, 310.0, 40.0));
        }
        let expected: Vec<String> = body.iter().map(|b| b.join(" ")).collect();
        assert_eq!(layout(&lines), expected.join("\n\n"));
        assert!(
            is_page_number("vii") && is_page_number("3 / 12") && !is_page_number("2024 budget")
        );
    }

    /// A PDF of one page per content stream, in Helvetica (WinAnsi, no widths: 500 each).
    fn pdf(pages: &[&str]) -> Vec<u8> {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let kids: Vec<Object> = pages
            .iter()
            .map(|content| {
                let content =
                    doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
                doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                    "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
                    "Contents" => content,
                })
                .into()
            })
            .collect();
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn text_operators_give_words_lines_and_pages() {
        // Words apart by TJ offsets, not spaces (as TeX writes them), kerning inside words, a
        // line moved with T*, a page number, a paragraph over the page break, a ligature-free
        // WinAnsi curly quote, and a form feed inside a string.
        let first = "BT /F1 10 Tf 12 TL 72 700 Td \
            [(Ankara)-300(de)20(clared)-300(it)-300(would)-300(halt)] TJ \
            T* [(exports)-300(to)-300(Israel)-300(\\222for)-300(the)-300(war)-300(on)-300(Is-)] TJ ET \
            BT /F1 10 Tf 297 40 Td (2) Tj ET";
        let second = "BT /F1 10 Tf 72 700 Td (rael\\014 and Gaza.) Tj ET";
        assert_eq!(
            extract(&pdf(&[first, second]), 1 << 20).unwrap(),
            "Ankara declared it would halt exports to Israel \u{2019}for the war on Israel and Gaza."
        );
    }

    #[test]
    fn the_metadata_title_is_the_documents_unless_it_names_a_file() {
        use lopdf::dictionary;
        let page = "BT /F1 10 Tf 72 700 Td (Baku and Ankara met.) Tj ET";
        let with_title = |title: &str| {
            let mut doc = Document::load_mem(&pdf(&[page])).unwrap();
            let info = doc.add_object(dictionary! {
                "Title" => Object::string_literal(title),
            });
            doc.trailer.set("Info", info);
            let mut bytes = Vec::new();
            doc.save_to(&mut bytes).unwrap();
            extract_with_title(&bytes, 1 << 20).unwrap()
        };
        assert_eq!(
            with_title("Azerbaijan and Israel  after\nOctober 7"),
            (
                "Baku and Ankara met.".to_string(),
                Some("Azerbaijan and Israel after October 7".to_string())
            )
        );
        assert_eq!(with_title("Microsoft Word - EDM 21-90.docx").1, None);
        assert_eq!(extract_with_title(&pdf(&[page]), 1 << 20).unwrap().1, None);
    }

    #[test]
    fn other_files_are_refused_with_their_reason() {
        assert_eq!(extract(b"plain text", 1000), Err(PdfError::NotPdf));
        assert!(matches!(
            extract(b"%PDF-1.7\n garbage garbage", 1000),
            Err(PdfError::Damaged(_))
        ));
    }
}
