//! A report saved as DOCX codes to the same events and relations as its plain text: the second
//! seed article (examples/articles/), written here into a Word file one paragraph per line.

use entente_dictionaries::Dictionaries;
use entente_pipeline::input::{read_inputs, InputOptions};
use entente_pipeline::Pipeline;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

const SEED: &str = "../../examples/articles/jamestown-edm-azerbaijan-israel-after-october-7";

/// `text` as a DOCX: each line a paragraph (`w:p`) of one run, spaces kept, XML escaped.
fn write_docx(path: &Path, text: &str) {
    let paragraphs: String = text
        .split('\n')
        .map(|line| {
            let escaped = line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!(r#"<w:p><w:r><w:t xml:space="preserve">{escaped}</w:t></w:r></w:p>"#)
        })
        .collect();
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}<w:sectPr/></w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

#[test]
fn a_docx_report_codes_to_the_same_events_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{SEED}.txt")).unwrap();
    let docx = dir.path().join("edm.docx");
    write_docx(&docx, &text);
    // The same metadata beside both: the publication date.
    std::fs::copy(
        format!("{SEED}.meta.json"),
        dir.path().join("edm.meta.json"),
    )
    .unwrap();
    let txt = Path::new(SEED).with_extension("txt");
    let docs: Vec<_> = read_inputs(&[txt, docx], InputOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs[1].text, docs[0].text);
    let pipeline = Pipeline::new(Arc::new(Dictionaries::builtin().unwrap()));
    let coded: Vec<_> = docs.into_iter().map(|d| pipeline.process(d)).collect();
    let events = |i: usize| serde_json::to_value(&coded[i].events).unwrap();
    let relations = |i: usize| serde_json::to_value(&coded[i].relations).unwrap();
    assert!(coded[0].events.len() > 20);
    assert_eq!(events(1), events(0));
    assert_eq!(relations(1), relations(0));
}
