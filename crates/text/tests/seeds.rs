//! The text stages on the two example articles (examples/articles/), checked sentence by
//! sentence where the seeds are tricky: citations, quotes, ellipses, bullets, headings, dates.
use entente_model::{EventDate, Sentence, Span, TokenKind};
use entente_text::{dates, normalize, segment, tokenize};

const CPC: &str =
    include_str!("../../../examples/articles/caspian-policy-center-hajiyev-visits-israel.txt");
const EDM: &str =
    include_str!("../../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7.txt");

fn sentence_texts(text: &str) -> Vec<&str> {
    segment(text).iter().map(|s| s.span.slice(text)).collect()
}

fn sentence_containing<'a>(text: &'a str, needle: &str) -> (&'a str, Sentence) {
    let sentences = segment(text);
    let found: Vec<Sentence> = sentences
        .into_iter()
        .filter(|s| s.span.slice(text).contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "{needle:?} is in {} sentences", found.len());
    (found[0].span.slice(text), found[0])
}

#[test]
fn edm_sentences() {
    let sentences = sentence_texts(EDM);
    assert_eq!(sentences.len(), 60);
    assert_eq!(
        sentences[0],
        "Challenges in Azerbaijani-Israeli Strategic Relationship After October 7"
    );
    assert_eq!(sentences[2], "(Source: President of Azerbaijan)");
    assert_eq!(sentences[3], "Executive Summary:");
    // Bullets are their own sentences, without the marker.
    assert!(sentences[5].starts_with("Baku’s position represents a break"));
    for (needle, whole) in [
        (
            "On June 2, members",
            "On June 2, members of the group “A Thousand Youth for Palestine” attacked the office buildings of the State Oil Company of the Republic of Azerbaijan (SOCAR) in Istanbul, throwing red paint on the headquarters’ entrance (Duvar, June 2).",
        ),
        (
            "Just six months",
            "Just six months before the attack, Azerbaijan had opened its embassy in Tel Aviv on March 29, 2023 (see EDM, November 30, 2022; The Times of Israel, March 29, 2023).",
        ),
        ("Aliyev emphasized", "During a joint press conference with Egyptian President Abdel Fattah al-Sisi in Cairo on June 8, Aliyev emphasized, “Azerbaijan’s attitude is clear."),
        ("all problems must", "The tragedy in Gaza must end as soon as possible, the war must be stopped and all problems must be resolved through negotiations” (Anadolu Agency, June, 8)."),
        ("Isaac Herzog", "Despite these challenges, relations between Azerbaijan and Israel continue to develop, with Israeli President Isaac Herzog saying he will participate in the 29th Conference of the Parties on Climate Change to be held in Baku in November (, May 27)."),
    ] {
        assert_eq!(sentence_containing(EDM, needle).0, whole);
    }
}

#[test]
fn edm_paragraphs() {
    let sentences = segment(EDM);
    let paragraph_of = |needle: &str| sentence_containing(EDM, needle).1.paragraph;
    assert_eq!(
        paragraph_of("Azerbaijan has taken a more conservative stance"),
        4
    );
    assert_eq!(paragraph_of("As Israel is the main supplier"), 6);
    assert_eq!(paragraph_of("On June 2, members"), 7);
    assert_eq!(paragraph_of("They demanded"), 7);
    assert_eq!(sentences.last().unwrap().paragraph, 15);
}

#[test]
fn cpc_sentences() {
    let sentences = sentence_texts(CPC);
    assert_eq!(sentences.len(), 36);
    assert_eq!(sentences[0], "CPC - Caspian Policy Center");
    assert!(sentences
        .contains(&"Trans Caspian Trajectory: A New U.S. Strategy for Central Asia and Caucasus"));
    // A quotation of several sentences splits inside the quote; the ellipsis "…." ends one.
    assert!(sentences.contains(
        &"It is one of the signs of confidence and trust between our countries that we are cooperating in such a specific area…."
    ));
    assert!(sentences.contains(&"It is very much inscribed in the memory of Azerbaijani people.”"));
    assert!(sentences.contains(
        &"According to a tweet from the Embassy of Azerbaijan in Israel, Hajiyev and Hanegbi discussed “bilateral relations and exchanged views on regional matters.”"
    ));
}

#[test]
fn seed_tokens() {
    let words = |text: &str, needle: &str| -> Vec<String> {
        let start = text.find(needle).unwrap();
        tokenize(text, Span::new(start, start + needle.len()))
            .iter()
            .map(|t| t.span.slice(text).to_string())
            .collect()
    };
    assert_eq!(words(EDM, "Baku’s position"), ["Baku", "’s", "position"]);
    assert_eq!(
        words(EDM, "the Baku–Tbilisi–Ceyhun pipeline"),
        ["the", "Baku", "–", "Tbilisi", "–", "Ceyhun", "pipeline"]
    );
    assert_eq!(
        words(EDM, "Abdel Fattah al-Sisi in"),
        ["Abdel", "Fattah", "al-Sisi", "in"]
    );
    assert_eq!(
        words(EDM, "a 100-percent tariff"),
        ["a", "100", "-", "percent", "tariff"]
    );
    assert_eq!(words(CPC, "area…. Defense"), ["area", "…", ".", "Defense"]);
    let start = EDM.find("a “terror state”").unwrap();
    let kinds: Vec<TokenKind> = tokenize(EDM, Span::new(start, start + "a “terror state”".len()))
        .iter()
        .map(|t| t.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            TokenKind::Word,
            TokenKind::Quote,
            TokenKind::Word,
            TokenKind::Word,
            TokenKind::Quote
        ]
    );
}

#[test]
fn seed_normalization_maps_back() {
    let n = normalize(EDM);
    let mut found = 0;
    let mut from = 0;
    while let Some(i) = n.text[from..].find("turkiye").map(|p| from + p) {
        let (s, e) = n.original_range(i, i + "turkiye".len());
        assert_eq!(&EDM[s..e], "Türkiye");
        found += 1;
        from = i + 1;
    }
    assert_eq!(found, 7);
    let i = n.text.find("israel's oil").unwrap();
    let (s, e) = n.original_range(i, i + "israel's oil".len());
    assert_eq!(&EDM[s..e], "Israel’s oil");
}

#[test]
fn edm_dates() {
    let doc = EventDate::parse("2024-06").ok();
    let dates_in = |needle: &str| -> Vec<(String, String, bool)> {
        let (_, sentence) = sentence_containing(EDM, needle);
        dates::find_dates(EDM, sentence.span, doc)
            .into_iter()
            .map(|m| {
                (
                    m.span.slice(EDM).to_string(),
                    m.date.to_string(),
                    m.in_parentheses,
                )
            })
            .collect()
    };
    let own = |v: &[(&str, &str, bool)]| -> Vec<(String, String, bool)> {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect()
    };
    assert_eq!(
        dates_in("On June 2, members"),
        own(&[
            ("June 2", "2024-06-02", false),
            ("June 2", "2024-06-02", true)
        ])
    );
    assert_eq!(
        dates_in("following the Hamas attack on October 7"),
        own(&[("October 7", "2023-10-07", false)])
    );
    assert_eq!(
        dates_in("Just six months"),
        own(&[
            ("March 29, 2023", "2023-03-29", false),
            ("November 30, 2022", "2022-11-30", true),
            ("March 29, 2023", "2023-03-29", true)
        ])
    );
    assert_eq!(
        dates_in("Symbolically, in 2009"),
        own(&[("2009", "2009", false), ("2018", "2018", false)])
    );
    assert_eq!(
        dates_in("In November 2020, Hamas"),
        own(&[
            ("November 2020", "2020-11", false),
            ("November 10, 2020", "2020-11-10", true)
        ])
    );
    assert_eq!(
        dates_in("Isaac Herzog"),
        own(&[
            ("November", "2024-11", false),
            ("May 27", "2024-05-27", true)
        ])
    );
    assert_eq!(
        dates_in("Tehran has always"),
        own(&[
            ("April 18", "2024-04-18", true),
            ("May 8, 2023", "2023-05-08", true)
        ])
    );
}

#[test]
fn cpc_dates_without_a_day() {
    let doc = Some(EventDate::year(2023));
    let all: Vec<String> = segment(CPC)
        .iter()
        .flat_map(|s| dates::find_dates(CPC, s.span, doc))
        .map(|m| format!("{}={}", m.span.slice(CPC), m.date))
        .collect();
    // "in 2025" is in a related-article title at the end of the page.
    assert_eq!(
        all,
        [
            "March 2023=2023-03",
            "2018=2018",
            "August 2022=2022-08",
            "2025=2025"
        ]
    );
}

#[test]
fn html_version_of_a_seed_extracts_to_its_paragraphs() {
    let paragraphs: Vec<String> = EDM
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let escape = |p: &str| {
        p.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('’', "&rsquo;")
            .replace('“', "&ldquo;")
            .replace('–', "&#8211;")
    };
    let mut html = String::from(
        "<html><head><title>Challenges &amp; More</title><script>var a = '<p>';</script></head><body>\
         <nav><ul><li>Home</li></ul></nav><div class=\"social-share\">Share</div><article>",
    );
    for p in &paragraphs {
        html += &format!("<p>\n  {}\n</p>\n", escape(p));
    }
    html += "</article><footer>© Jamestown</footer></body></html>";
    let (text, title) = entente_text::html::extract_with_title(&html);
    assert_eq!(title.as_deref(), Some("Challenges & More"));
    assert_eq!(text, paragraphs.join("\n\n"));
    assert_eq!(segment(&text).len(), 60);
}
