//! A report saved as PDF codes to the same events and relations as its plain text: the second seed
//! article (examples/articles/), printed to PDF by LibreOffice as a plain page (`edm.pdf`) and
//! typeset as a think-tank report (`edm-report.pdf`: justified, hyphenated, a running header and
//! page numbers over three pages). `tests/data/make-pdfs.sh` makes both; `tests/data/README.md`
//! says how. Offsets point into the text extracted from the PDF, so they are checked against it,
//! and everything else is compared with the `.txt`'s events.

use entente_dictionaries::Dictionaries;
use entente_pipeline::input::{read_inputs, InputError, InputOptions};
use entente_pipeline::pdf::PdfError;
use entente_pipeline::{DocOutput, Pipeline};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SEED: &str = "../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7";
const DATA: &str = "tests/data";

/// Codes the seed's `.txt` and the PDF `name` from tests/data, with the seed's metadata beside both.
fn code_seed_and_pdf(name: &str) -> (DocOutput, DocOutput) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("edm.pdf");
    std::fs::copy(Path::new(DATA).join(name), &pdf).unwrap();
    std::fs::copy(
        format!("{SEED}.meta.json"),
        dir.path().join("edm.meta.json"),
    )
    .unwrap();
    let txt = Path::new(SEED).with_extension("txt");
    let docs: Vec<_> = read_inputs(&[txt, pdf], InputOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 2);
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let mut coded = docs.into_iter().map(|d| pipeline.process(d));
    (coded.next().unwrap(), coded.next().unwrap())
}

/// Every `{text, start, end}` and every event's sentence slices the document's text exactly.
fn assert_offsets_slice(text: &str, value: &Value) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(t)), Some(s), Some(e)) =
                (map.get("text"), map.get("start"), map.get("end"))
            {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                assert_eq!(&text[s..e], t, "{map:?}");
            }
            if let (Some(Value::String(t)), Some(s), Some(e)) = (
                map.get("sentence"),
                map.get("sentence_start"),
                map.get("sentence_end"),
            ) {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                assert_eq!(&text[s..e], t);
            }
            map.values().for_each(|v| assert_offsets_slice(text, v));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_offsets_slice(text, v)),
        _ => {}
    }
}

/// The JSON of events or relations without byte offsets and document ids, which differ by design.
fn without_offsets(mut value: Value) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for key in ["start", "end", "sentence_start", "sentence_end", "doc"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

fn compared(out: &DocOutput) -> (Value, Value) {
    let events = serde_json::to_value(&out.events).unwrap();
    let relations = serde_json::to_value(&out.relations).unwrap();
    assert_offsets_slice(&out.doc.text, &events);
    assert_offsets_slice(&out.doc.text, &relations);
    (without_offsets(events), without_offsets(relations))
}

#[test]
fn the_seed_printed_to_pdf_codes_to_the_same_events_as_its_text() {
    let (txt, pdf) = code_seed_and_pdf("edm.pdf");
    assert_eq!(pdf.doc.id, txt.doc.id);
    assert!(txt.events.len() > 20);
    assert_eq!(pdf.events.len(), txt.events.len());
    assert_eq!(compared(&pdf), compared(&txt));
    assert_eq!(pdf.sentences.len(), txt.sentences.len());
    // Wrapped lines joined, no page furniture: the text's own words, paragraph for paragraph.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&pdf.doc.text), words(&txt.doc.text));
    assert!(pdf.doc.text.contains("a Shia-majority Muslim country"));
}

#[test]
fn the_seed_typeset_as_a_report_codes_to_the_same_events_as_its_text() {
    let (txt, pdf) = code_seed_and_pdf("edm-report.pdf");
    let text = &pdf.doc.text;
    // The running header and the page numbers are gone; hyphenated words are whole again.
    assert!(!text.contains("Volume 21 ·"), "{text}");
    assert!(!text.lines().any(|l| l.trim().parse::<u32>().is_ok()));
    assert!(!text.contains('\u{c}') && !text.contains('\u{ad}'));
    for word in [
        "Israel, March 29",
        "September 23",
        "Kazakhstan",
        "Shia-majority",
        "embassy",
    ] {
        assert!(text.contains(word), "{word}");
    }
    // One difference, explained: the line break fell on "free-trade", and neither "free" nor
    // "trade" stands alone in the article, so the hyphen is taken for the layout's and dropped.
    assert!(text.contains("its freetrade agreement"));
    let (mut txt_events, txt_relations) = compared(&txt);
    let (pdf_events, pdf_relations) = compared(&pdf);
    fn dehyphenate(value: &mut Value) {
        match value {
            Value::String(s) => *s = s.replace("free-trade", "freetrade"),
            Value::Object(map) => map.values_mut().for_each(dehyphenate),
            Value::Array(items) => items.iter_mut().for_each(dehyphenate),
            _ => {}
        }
    }
    dehyphenate(&mut txt_events);
    assert_eq!(pdf.events.len(), txt.events.len());
    assert_eq!(pdf_events, txt_events);
    assert_eq!(pdf_relations, txt_relations);
}

/// A one-page PDF whose page only draws a rectangle: what a scan without OCR looks like to text
/// extraction.
fn textless_pdf() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"0.5 g 72 72 400 600 re f".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn broken_encrypted_and_textless_pdfs_are_refused_by_name_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("a-good.txt"), "Azerbaijan condemned the attack.").unwrap();
    let seed_pdf = std::fs::read(Path::new(DATA).join("edm.pdf")).unwrap();
    std::fs::write(path("b-truncated.pdf"), &seed_pdf[..seed_pdf.len() / 3]).unwrap();
    std::fs::copy(
        Path::new(DATA).join("encrypted.pdf"),
        path("c-encrypted.pdf"),
    )
    .unwrap();
    std::fs::write(path("d-scan.pdf"), textless_pdf()).unwrap();
    std::fs::write(path("e-misnamed.pdf"), "Just text, named .pdf").unwrap();
    std::fs::copy(Path::new(DATA).join("edm.pdf"), path("f-good.pdf")).unwrap();
    let mut documents = Vec::new();
    let mut refused: Vec<(PathBuf, PdfError, String)> = Vec::new();
    for item in read_inputs(&[dir.path().to_path_buf()], InputOptions::default()) {
        match item {
            Ok(doc) => documents.push(doc.id),
            Err(e @ InputError::Pdf { .. }) => {
                let message = e.to_string();
                let InputError::Pdf { path, source } = e else {
                    unreachable!()
                };
                refused.push((PathBuf::from(path), source, message));
            }
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(documents, ["a-good.txt", "f-good.pdf"]);
    let kinds: Vec<_> = refused
        .iter()
        .map(|(p, kind, _)| (p.file_name().unwrap().to_str().unwrap(), kind.clone()))
        .collect();
    assert_eq!(
        kinds[1..],
        [
            ("c-encrypted.pdf", PdfError::Encrypted),
            ("d-scan.pdf", PdfError::NoText),
            ("e-misnamed.pdf", PdfError::NotPdf),
        ]
    );
    assert_eq!(kinds[0].0, "b-truncated.pdf");
    assert!(matches!(kinds[0].1, PdfError::Damaged(_)), "{:?}", kinds[0]);
    // Each message names the file and says why.
    let messages: Vec<&str> = refused.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(messages[0].starts_with(&path("b-truncated.pdf").display().to_string()));
    assert!(messages[0].contains("damaged PDF"), "{messages:?}");
    assert!(messages[1].contains("c-encrypted.pdf: encrypted PDF that needs a password"));
    assert!(messages[2].contains("d-scan.pdf: PDF without a text layer"));
    assert!(messages[3].contains("e-misnamed.pdf: not a PDF file"));
}

#[test]
fn a_pdf_whose_text_exceeds_the_document_limit_is_refused_as_too_large() {
    let bytes = std::fs::read(Path::new(DATA).join("edm.pdf")).unwrap();
    // The seed's text is about 8.4 KB.
    assert_eq!(
        entente_pipeline::pdf::extract(&bytes, 4000),
        Err(PdfError::TooLarge)
    );
    assert!(entente_pipeline::pdf::extract(&bytes, 1 << 20).is_ok());
}
