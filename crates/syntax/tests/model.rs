//! The embedded model: it loads, never panics, always returns a tree, and gets simple sentences
//! right. The sentences are written for these tests.

use entente_syntax::{Deprel, Hint, Model, Parse, Upos};

fn model() -> Model {
    Model::builtin().expect("the builtin model loads")
}

fn words(sentence: &str) -> Vec<&str> {
    sentence.split(' ').collect()
}

/// Exactly one root, every head in range, and following heads from any word reaches the root.
fn assert_tree(parse: &Parse) {
    let n = parse.words.len();
    let roots: Vec<usize> = (0..n).filter(|&i| parse.words[i].head.is_none()).collect();
    if n > 0 {
        assert_eq!(roots.len(), 1, "one root: {parse:?}");
        assert_eq!(parse.words[roots[0]].deprel, Deprel::ROOT);
    }
    for start in 0..n {
        let mut at = start;
        let mut steps = 0;
        while let Some(head) = parse.words[at].head {
            assert!(head < n, "head in range");
            assert_ne!(parse.words[at].deprel, Deprel::ROOT, "root only at the top");
            at = head;
            steps += 1;
            assert!(steps <= n, "no cycle through word {start}");
        }
    }
}

/// The relation and head of `dependent`, found by form.
fn arc(parse: &Parse, sentence: &[&str], dependent: &str) -> (String, Option<String>) {
    let i = sentence.iter().position(|w| *w == dependent).unwrap();
    let word = &parse.words[i];
    (
        word.deprel.as_str().to_string(),
        word.head.map(|h| sentence[h].to_string()),
    )
}

#[test]
fn odd_input_never_panics_and_always_gives_a_tree() {
    let model = model();
    let long: Vec<String> = (0..1500).map(|i| format!("word{}", i % 37)).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    let inputs: Vec<Vec<&str>> = vec![
        vec![],
        vec![""],
        vec!["."],
        vec!["", "", ""],
        vec![
            "\u{0}",
            "\t",
            "\n",
            "\u{200b}",
            "🙂",
            "ß",
            "İstanbul",
            "\u{feff}",
        ],
        vec!["a"; 300],
        vec![",", ",", ",", "the", "the"],
        long,
    ];
    for input in &inputs {
        let parse = model.parse(input);
        assert_eq!(parse.words.len(), input.len());
        assert_tree(&parse);
        let conllu = parse.to_conllu(input);
        for line in conllu.lines().filter(|l| !l.is_empty()) {
            assert_eq!(line.split('\t').count(), 10, "{line:?}");
        }
        assert!(conllu.ends_with("\n\n") || input.is_empty());
    }
}

/// A sentence and the (dependent, relation, head) arcs it must have.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

#[test]
fn simple_sentences_get_the_expected_arcs() {
    let model = model();
    let cases: [Case; 5] = [
        (
            "The minister arrived in Paris on Monday .",
            &[
                ("minister", "nsubj", "arrived"),
                ("Paris", "obl", "arrived"),
                ("in", "case", "Paris"),
                ("Monday", "obl", "arrived"),
                ("on", "case", "Monday"),
            ],
        ),
        (
            "The embassy was attacked by armed men .",
            &[
                ("embassy", "nsubj:pass", "attacked"),
                ("men", "obl", "attacked"),
            ],
        ),
        (
            "Soldiers and police arrested the protesters .",
            &[
                ("Soldiers", "nsubj", "arrested"),
                ("police", "conj", "Soldiers"),
                ("protesters", "obj", "arrested"),
            ],
        ),
        (
            "The president criticized the decision .",
            &[
                ("president", "nsubj", "criticized"),
                ("decision", "obj", "criticized"),
            ],
        ),
        (
            "She gave the ambassador a letter .",
            &[("She", "nsubj", "gave"), ("letter", "obj", "gave")],
        ),
    ];
    for (sentence, expected) in cases {
        let sentence = words(sentence);
        let parse = model.parse(&sentence);
        assert_tree(&parse);
        for &(dependent, relation, head) in expected {
            let (got_relation, got_head) = arc(&parse, &sentence, dependent);
            let got = (got_relation.as_str(), got_head.as_deref());
            // `obl:agent` is the passive agent's subtype of `obl`.
            let got = (got.0.strip_suffix(":agent").unwrap_or(got.0), got.1);
            assert_eq!(
                got,
                (relation, Some(head)),
                "{dependent} in {sentence:?}:\n{}",
                parse.to_conllu(&sentence)
            );
        }
    }
}

#[test]
fn tags_and_lemmas_of_a_simple_sentence() {
    let model = model();
    let sentence = words("Rebels attacked two villages and killed farmers .");
    let parse = model.parse(&sentence);
    let upos: Vec<Upos> = parse.words.iter().map(|w| w.upos).collect();
    assert_eq!(upos[1], Upos::Verb);
    assert_eq!(upos[3], Upos::Noun);
    assert_eq!(upos[7], Upos::Punct);
    let lemmas: Vec<&str> = parse.words.iter().map(|w| w.lemma.as_str()).collect();
    assert_eq!(&lemmas[1..6], ["attack", "two", "village", "and", "kill"]);
    let children: Vec<usize> = parse.children(1).collect();
    assert!(children.contains(&3), "{children:?}");
}

#[test]
fn the_shared_model_is_decoded_once() {
    let first = Model::shared().unwrap();
    let second = Model::shared().unwrap();
    assert!(std::ptr::eq(first, second));
    assert_eq!(first.parse(&["Hello"]).words.len(), 1);
}

#[test]
fn corrupt_model_bytes_are_an_error() {
    assert!(Model::from_bytes(b"").is_err());
    assert!(Model::from_bytes(b"ENTSYN02").is_err());
    assert!(Model::from_bytes(b"not a model at all").is_err());
}

#[test]
fn verb_lemmas_put_back_a_silent_e() {
    let model = model();
    for (sentence, word, lemma) in [
        ("The ministers were negotiating a deal .", 3, "negotiate"),
        ("She announced a truce .", 1, "announce"),
    ] {
        let parse = model.parse(&words(sentence));
        assert_eq!(parse.words[word].lemma, lemma, "{sentence}");
    }
}

#[test]
fn a_name_hint_keeps_an_unknown_name_from_being_read_as_a_noun() {
    let model = model();
    let sentence = words("Brussels eased restrictions on grain exports .");
    let hints = [Hint::Name];
    let hinted = model.parse_with_hints(&sentence, &hints);
    assert_tree(&hinted);
    assert!(matches!(hinted.words[0].upos, Upos::Propn | Upos::Adj));
    assert_eq!(
        arc(&hinted, &sentence, "Brussels"),
        ("nsubj".to_string(), Some("eased".to_string()))
    );
    assert_eq!(arc(&hinted, &sentence, "eased").0, "root");
    // No hints, or hints of `None`, are the plain parse.
    assert_eq!(
        model.parse_with_hints(&sentence, &[Hint::None; 7]),
        model.parse(&sentence)
    );
}
