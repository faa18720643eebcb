//! HTML to plain text: a tolerant single-pass scanner, no DOM.
//!
//! Scripts, styles, navigation, headers, footers, forms and elements whose class, id or role mark
//! boilerplate (menus, cookie banners, share bars, related links, adverts) are dropped. Block
//! elements become paragraph breaks so the segmenter sees paragraphs; entities are decoded and
//! whitespace collapsed. The result becomes `Document::text`, so every later offset points into
//! it. Malformed markup (unclosed tags, stray "<", ">" inside quoted attributes) never panics.
use memchr::memchr;

/// Extracts readable text from an HTML page: scripts, styles and navigation boilerplate removed.
/// The result is what becomes `Document::text`, so all later offsets point into it.
pub fn extract(html: &str) -> String {
    extract_with_title(html).0
}

/// Like [`extract`], also returning the page title: `<title>`, else the `og:title` meta tag.
pub fn extract_with_title(html: &str) -> (String, Option<String>) {
    let mut page = Page::default();
    page.scan(html);
    let title = page.title.or(page.og_title);
    (page.out.finish(), title)
}

/// Elements whose whole content is dropped.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "iframe", "head", "button", "select", "canvas", "object", "menu", "dialog",
];

/// Elements whose content is raw text up to their end tag (no markup inside).
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "address",
    "details",
    "summary",
    "fieldset",
    "center",
    "caption",
];

/// Elements implicitly closed by a sibling of the same name ("<li>a<li>b").
const SELF_NESTING: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// Words in class or id values that mark page furniture rather than article text.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "advert",
    "advertisement",
    "ads",
    "promo",
    "newsletter",
    "subscribe",
    "paywall",
];

const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "menu",
    "menubar",
    "search",
];

/// Containers that are never dropped for their class, even if a theme names them oddly.
const NEVER_BOILERPLATE: &[&str] = &["html", "body", "main", "article"];

#[derive(Default)]
struct Page {
    out: Output,
    /// Open elements and whether their content is dropped.
    open: Vec<(String, bool)>,
    title: Option<String>,
    og_title: Option<String>,
}

impl Page {
    fn skipping(&self) -> bool {
        self.open.last().is_some_and(|(_, skip)| *skip)
    }

    fn scan(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some(lt) = memchr(b'<', &bytes[i..]).map(|p| i + p) else {
                self.text(&html[i..]);
                break;
            };
            self.text(&html[i..lt]);
            i = self.markup(html, lt);
        }
    }

    fn text(&mut self, s: &str) {
        if !s.is_empty() && !self.skipping() {
            decode_entities(s, &mut |c| self.out.push(c));
        }
    }

    /// Handles the markup starting at `lt` (a '<'); returns where scanning resumes.
    fn markup(&mut self, html: &str, lt: usize) -> usize {
        let rest = &html[lt..];
        let next = rest.as_bytes().get(1).copied();
        if let Some(comment) = rest.strip_prefix("<!--") {
            return comment.find("-->").map_or(html.len(), |p| lt + 4 + p + 3);
        }
        match next {
            Some(b'/') if rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, _) = tag_name(&rest[2..]);
                self.end_tag(&name);
                memchr(b'>', rest.as_bytes()).map_or(html.len(), |p| lt + p + 1)
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let (name, name_len) = tag_name(&rest[1..]);
                let tag = parse_attributes(&rest[1 + name_len..]);
                let after = lt + 1 + name_len + tag.len;
                self.start_tag(&name, &tag);
                if RAW_TEXT.contains(&name.as_str()) && !tag.self_closing {
                    return self.raw_text(html, after, &name);
                }
                after
            }
            Some(b'!' | b'?') => memchr(b'>', rest.as_bytes()).map_or(html.len(), |p| lt + p + 1),
            _ => {
                self.text("<");
                lt + 1
            }
        }
    }

    /// Skips a raw-text element's content; keeps it when it is the page title.
    fn raw_text(&mut self, html: &str, start: usize, name: &str) -> usize {
        let content_end = find_end_tag(&html[start..], name).map_or(html.len(), |p| start + p);
        // An <svg> carries its own <title> (an icon label), not the page's.
        let in_svg = self.open.iter().any(|(open, _)| open == "svg");
        if name == "title" && self.title.is_none() && !in_svg {
            self.title = clean_title(&html[start..content_end]);
        }
        self.open.pop();
        memchr(b'>', &html.as_bytes()[content_end..]).map_or(html.len(), |p| content_end + p + 1)
    }

    fn start_tag(&mut self, name: &str, tag: &Tag) {
        if name == "body" {
            self.open.clear();
        }
        if name == "meta" && tag.property_is_og_title && self.og_title.is_none() {
            self.og_title = tag.content.as_deref().and_then(clean_title);
        }
        if name == "br" {
            self.out.line_break();
        } else if BLOCKS.contains(&name) || name == "tr" {
            self.out.paragraph_break(if name == "tr" { 1 } else { 2 });
        } else if name == "td" || name == "th" {
            self.out.space();
        }
        if VOID.contains(&name) || (tag.self_closing && !RAW_TEXT.contains(&name)) {
            return;
        }
        if SELF_NESTING.contains(&name) && self.open.last().is_some_and(|(open, _)| open == name) {
            self.open.pop();
        }
        let boilerplate = !NEVER_BOILERPLATE.contains(&name) && tag.boilerplate;
        let skip = self.skipping() || SKIPPED.contains(&name) || boilerplate;
        self.open.push((name.to_string(), skip));
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(depth) = self.open.iter().rposition(|(open, _)| open == name) {
            self.open.truncate(depth);
        }
        if BLOCKS.contains(&name) {
            self.out.paragraph_break(2);
        } else if name == "tr" {
            self.out.paragraph_break(1);
        }
    }
}

/// The text being built: whitespace collapsed, breaks deferred until the next visible character
/// so that runs of empty blocks leave a single paragraph break and nothing trails.
#[derive(Default)]
struct Output {
    text: String,
    pending_break: u8,
    pending_space: bool,
}

impl Output {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        if !self.text.is_empty() {
            if self.pending_break > 0 {
                (0..self.pending_break).for_each(|_| self.text.push('\n'));
            } else if self.pending_space {
                self.text.push(' ');
            }
        }
        self.pending_break = 0;
        self.pending_space = false;
        self.text.push(c);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn line_break(&mut self) {
        self.pending_break = (self.pending_break + 1).min(2);
    }

    fn paragraph_break(&mut self, lines: u8) {
        self.pending_break = self.pending_break.max(lines);
    }

    fn finish(self) -> String {
        self.text
    }
}

/// What the scanner needs from a start tag's attributes.
#[derive(Default)]
struct Tag {
    /// Bytes from the end of the name to just past the closing '>'.
    len: usize,
    self_closing: bool,
    boilerplate: bool,
    property_is_og_title: bool,
    content: Option<String>,
}

/// Reads an ASCII tag name, lower-cased; returns it and its length in bytes.
fn tag_name(s: &str) -> (String, usize) {
    let len = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        .count();
    (s[..len].to_ascii_lowercase(), len)
}

/// Parses attributes up to the unquoted '>' that closes the tag; quoted values may contain '>'.
fn parse_attributes(s: &str) -> Tag {
    let bytes = s.as_bytes();
    let mut tag = Tag::default();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            tag.self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        tag.self_closing = false;
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = &s[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            if name.eq_ignore_ascii_case("hidden") {
                tag.boilerplate = true;
            }
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |p| i + 1 + p);
                let value = &s[i + 1..end];
                i = (end + 1).min(bytes.len());
                value
            }
            _ => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                &s[start..i]
            }
        };
        read_attribute(&mut tag, name, value);
    }
    tag.len = i;
    tag
}

fn read_attribute(tag: &mut Tag, name: &str, value: &str) {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "class" | "id" => {
            tag.boilerplate |= value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| BOILERPLATE_WORDS.iter().any(|b| b.eq_ignore_ascii_case(w)));
        }
        "role" => {
            tag.boilerplate |= BOILERPLATE_ROLES
                .iter()
                .any(|r| r.eq_ignore_ascii_case(value.trim()))
        }
        "aria-hidden" => tag.boilerplate |= value.trim().eq_ignore_ascii_case("true"),
        "style" => {
            let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            tag.boilerplate |= compact.to_ascii_lowercase().contains("display:none");
        }
        "property" | "name" => {
            tag.property_is_og_title |= value.trim().eq_ignore_ascii_case("og:title")
        }
        "content" => tag.content = Some(value.to_string()),
        _ => {}
    }
}

/// Finds the start of `</name` (case-insensitive) in `s`.
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(p) = memchr(b'<', &bytes[from..]).map(|p| from + p) {
        let candidate = &bytes[p + 1..];
        if candidate.first() == Some(&b'/')
            && candidate.len() > name.len()
            && candidate[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

/// A title with entities decoded and whitespace collapsed; `None` when blank.
fn clean_title(raw: &str) -> Option<String> {
    let mut out = Output::default();
    decode_entities(raw, &mut |c| out.push(c));
    let title = out.finish();
    (!title.is_empty()).then_some(title)
}

/// Decodes character references; unknown or unterminated ones are kept literally.
fn decode_entities(s: &str, emit: &mut impl FnMut(char)) {
    let mut rest = s;
    while let Some(amp) = memchr(b'&', rest.as_bytes()) {
        rest[..amp].chars().for_each(&mut *emit);
        let after = &rest[amp + 1..];
        let semi = after.bytes().take(32).position(|b| b == b';');
        match semi.and_then(|p| decode_reference(&after[..p]).map(|c| (c, p))) {
            Some((decoded, p)) => {
                decoded.into_iter().for_each(&mut *emit);
                rest = &after[p + 1..];
            }
            None => {
                emit('&');
                rest = after;
            }
        }
    }
    rest.chars().for_each(emit);
}

/// Decodes the text between '&' and ';'. `Some(None)` means a reference to nothing (soft hyphen).
pub(crate) fn decode_reference(name: &str) -> Option<Option<char>> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return Some(Some(numeric_reference(code)));
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "shy" | "zwj" | "zwnj" | "lrm" | "rlm" => return Some(None),
        "rsquo" => '’',
        "lsquo" => '‘',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "prime" => '′',
        _ => return latin_letter(name).map(Some),
    };
    Some(Some(c))
}

/// Named references for accented Latin letters: "eacute" → 'é', "Uuml" → 'Ü', "szlig" → 'ß'.
fn latin_letter(name: &str) -> Option<char> {
    const ACCENTS: &[(&str, &str, &str)] = &[
        ("acute", "aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ"),
        ("grave", "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ("circ", "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ("uml", "aeiouyAEIOU", "äëïöüÿÄËÏÖÜ"),
        ("tilde", "anoANO", "ãñõÃÑÕ"),
        ("cedil", "cC", "çÇ"),
        ("ring", "aA", "åÅ"),
        ("slash", "oO", "øØ"),
    ];
    match name {
        "szlig" => return Some('ß'),
        "aelig" => return Some('æ'),
        "AElig" => return Some('Æ'),
        _ => {}
    }
    let mut chars = name.chars();
    let base = chars.next()?;
    let accent = chars.as_str();
    let (_, bases, letters) = ACCENTS.iter().find(|(a, _, _)| *a == accent)?;
    bases
        .chars()
        .position(|b| b == base)
        .and_then(|i| letters.chars().nth(i))
}

/// A numeric reference; the C1 range is read as Windows-1252, as browsers do.
fn numeric_reference(code: u32) -> char {
    let windows_1252 = match code {
        0x80 => Some('€'),
        0x85 => Some('…'),
        0x91 => Some('‘'),
        0x92 => Some('’'),
        0x93 => Some('“'),
        0x94 => Some('”'),
        0x95 => Some('•'),
        0x96 => Some('–'),
        0x97 => Some('—'),
        _ => None,
    };
    windows_1252
        .or_else(|| char::from_u32(code).filter(|&c| c != '\0'))
        .unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_boilerplate_and_keeps_paragraphs() {
        let html = r#"<!DOCTYPE html><html><head><title>Baku &amp; Tel Aviv</title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><nav><a href="/">Home</a></nav><header>Site</header>
            <div class="share-bar">Share this</div><div id="cookie-banner">Cookies!</div>
            <article><h1>Title here</h1><p>First   paragraph
            wraps.</p><p>Second&nbsp;one &ldquo;quoted&rdquo; &#8217;s &#x2019;s.</p>
            <ul><li>One</li><li>Two</li></ul><!-- a comment <p>hidden</p> -->
            <p>Line<br>break</p></article><aside>Related</aside><footer>(c)</footer></body></html>"#;
        let (text, title) = extract_with_title(html);
        assert_eq!(title.as_deref(), Some("Baku & Tel Aviv"));
        assert_eq!(
            text,
            "Title here\n\nFirst paragraph wraps.\n\nSecond one “quoted” ’s ’s.\n\nOne\n\nTwo\n\nLine\nbreak"
        );
    }

    #[test]
    fn malformed_markup_does_not_panic() {
        for html in [
            "<p>a < b and c > d</p>",
            "<p class=\"x>y\">quoted > inside</p>",
            "<div><p>unclosed",
            "<",
            "<a",
            "<a href='",
            "</",
            "<!--",
            "<script>never closed",
            "&",
            "&#xFFFFFFFF; &#0; &#55296; &bogus; &amp",
            "<p>Türkiye’s <b>bold</b></p>",
            "<title>",
        ] {
            let _ = extract_with_title(html);
        }
        assert_eq!(extract("<p>a < b and c > d</p>"), "a < b and c > d");
        assert_eq!(
            extract("<p class=\"x>y\">quoted > inside</p>"),
            "quoted > inside"
        );
        assert_eq!(extract("<div><p>unclosed"), "unclosed");
        assert_eq!(
            extract("&#xFFFFFFFF; &bogus; &amp"),
            "\u{FFFD} &bogus; &amp"
        );
    }

    #[test]
    fn unclosed_head_or_nav_does_not_swallow_the_body() {
        assert_eq!(
            extract("<html><head><meta charset=utf-8><body><p>Text</p>"),
            "Text"
        );
        assert_eq!(extract("<div><nav>menu</div><p>Text</p>"), "Text");
    }

    #[test]
    fn svg_titles_are_not_the_page_title() {
        let html = "<body><svg><title>Close icon</title></svg><p>Text</p>";
        assert_eq!(extract_with_title(html), ("Text".to_string(), None));
    }

    #[test]
    fn og_title_is_the_fallback_title() {
        let html = r#"<meta property="og:title" content="Aliyev &amp; Herzog"><p>x</p>"#;
        assert_eq!(
            extract_with_title(html).1.as_deref(),
            Some("Aliyev & Herzog")
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            extract("caf&eacute; &Uuml;ber &mdash; &ndash; &hellip; &#146;"),
            "café Über — – … ’"
        );
    }
}
