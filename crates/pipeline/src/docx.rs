//! Word documents (`.docx`): the text of `word/document.xml`, read from the zip with no XML library.
//!
//! Think tanks and ministries publish reports as DOCX. The text is what Word shows: each paragraph
//! (`w:p`) on a line of its own, runs (`w:t`) joined, tabs (`w:tab`) and line breaks (`w:br`,
//! `w:cr`) kept, entities decoded. Like HTML, the extracted text is the document's text: every
//! offset entente prints points into it. Deleted text in tracked changes (`w:delText`), fields'
//! instructions and the document's other parts (headers, footnotes, comments) are left out.

use std::io::Read;

/// Why a `.docx` file gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip archive, or `word/document.xml` missing or unreadable.
    NotDocx(String),
    /// `word/document.xml` unpacks to more than the limit.
    TooLarge,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotDocx(why) => write!(f, "not a readable DOCX file: {why}"),
            Self::TooLarge => write!(f, "its text unpacks beyond the document limit"),
        }
    }
}

/// How much larger than the text limit `word/document.xml` may unpack: Word's markup around each
/// run is several times the run's text.
const MARKUP_FACTOR: u64 = 16;

/// The text of a DOCX file's bytes; `text_limit` bounds the markup read (×16) and the text.
pub fn extract(bytes: &[u8], text_limit: u64) -> Result<String, DocxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotDocx(e.to_string()))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|e| DocxError::NotDocx(format!("word/document.xml: {e}")))?;
    let markup_limit = text_limit.saturating_mul(MARKUP_FACTOR);
    let mut xml = String::new();
    part.take(markup_limit.saturating_add(1))
        .read_to_string(&mut xml)
        .map_err(|e| DocxError::NotDocx(format!("word/document.xml: {e}")))?;
    if xml.len() as u64 > markup_limit {
        return Err(DocxError::TooLarge);
    }
    let text = text_of(&xml);
    if text.len() as u64 > text_limit {
        return Err(DocxError::TooLarge);
    }
    Ok(text)
}

/// The text of `word/document.xml`: paragraphs on lines of their own, runs joined.
fn text_of(xml: &str) -> String {
    let mut text = String::new();
    let mut paragraphs = 0usize;
    let mut in_text = false;
    // Tab stops (`w:tabs/w:tab`) in paragraph properties are layout, not text.
    let mut in_tab_stops = false;
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        if in_text {
            decode_entities(&rest[..open], &mut text);
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let empty = tag.ends_with('/');
        match name {
            "w:p" if !closing => {
                if paragraphs > 0 {
                    text.push('\n');
                }
                paragraphs += 1;
            }
            "w:t" => in_text = !closing && !empty,
            "w:tabs" => in_tab_stops = !closing && !empty,
            "w:tab" if !closing && !in_tab_stops => text.push('\t'),
            "w:br" | "w:cr" if !closing => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// Appends `raw` with XML's entities and character references decoded; an unknown entity is kept
/// as written.
fn decode_entities(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').and_then(|semi| {
            let entity = &after[..semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal DOCX: the zip with `word/document.xml` holding `body`.
    fn docx(body: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("word/document.xml", options).unwrap();
            write!(
                zip,
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            )
            .unwrap();
            zip.finish().unwrap();
        }
        bytes
    }

    #[test]
    fn paragraphs_runs_tabs_and_entities_become_text() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Ankara &amp; Baku</w:t></w:r><w:r><w:t xml:space="preserve"> met.</w:t></w:r></w:p><w:p/><w:p><w:r><w:tab/><w:t>T&#xFC;rkiye&#8217;s</w:t><w:br/><w:t>end</w:t></w:r><w:r><w:delText>gone</w:delText></w:r></w:p>"#;
        assert_eq!(
            extract(&docx(body), 1000).unwrap(),
            "Ankara & Baku met.\n\n\tTürkiye’s\nend"
        );
    }

    #[test]
    fn other_files_and_oversized_text_are_refused() {
        assert!(matches!(
            extract(b"not a zip", 1000),
            Err(DocxError::NotDocx(_))
        ));
        let long = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "x".repeat(200));
        assert_eq!(extract(&docx(&long), 100), Err(DocxError::TooLarge));
    }
}
