//! Training is deterministic: the same treebank and options give the same model file, and the
//! model it gives parses. The treebank is a few sentences written for this test.

use entente_syntax::train::{train, TrainOptions};
use entente_syntax::{conllu, Model};

const TREEBANK: &str = "# sent_id = 1
1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tchase\tchase\tVERB\tVBP\t_\t0\troot\t_\t_
3\tcats\tcat\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = 2
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tfarmer\tfarmer\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsold\tsell\tVERB\tVBD\t_\t0\troot\t_\t_
4\tapples\tapple\tNOUN\tNNS\t_\t3\tobj\t_\t_
5-6\tat the\t_\t_\t_\t_\t_\t_\t_\t_
5\tat\tat\tADP\tIN\t_\t7\tcase\t_\t_
6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_
7\tmarket\tmarket\tNOUN\tNN\t_\t3\tobl\t_\t_
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = 3
1\tBirds\tbird\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\tseen\tsee\tVERB\tVBN\t_\t0\troot\t_\t_
3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

#[test]
fn the_reader_skips_multiword_tokens_and_empty_nodes() {
    let sentences = conllu::parse_str(TREEBANK, "test.conllu").unwrap();
    assert_eq!(sentences.len(), 3);
    assert_eq!(sentences[1].words.len(), 8);
    assert_eq!(sentences[1].words[4].form, "at");
    assert_eq!(sentences[1].words[4].head, Some(6));
    assert_eq!(sentences[2].words.len(), 4);
    assert_eq!(sentences[0].id.as_deref(), Some("1"));
}

#[test]
fn reader_errors_name_the_file_and_line() {
    let error = conllu::parse_str(
        "1\tA\ta\tNOUN\tNN\t_\t0\tnot-a-relation\t_\t_\n",
        "x.conllu",
    )
    .unwrap_err();
    assert!(error.to_string().starts_with("x.conllu:1: "), "{error}");
    let error =
        conllu::parse_str("1\tA\ta\tNOUN\tNN\t_\t5\troot\t_\t_\n\n", "y.conllu").unwrap_err();
    assert!(error.to_string().starts_with("y.conllu:1: "), "{error}");
}

#[test]
fn training_twice_gives_the_same_bytes() {
    let sentences = conllu::parse_str(TREEBANK, "test.conllu").unwrap();
    let options = TrainOptions {
        tagger_epochs: 3,
        parser_epochs: 3,
        folds: 2,
        ..TrainOptions::default()
    };
    let first = train(&sentences, &sentences, &options, &mut |_| {}).unwrap();
    let second = train(&sentences, &sentences, &options, &mut |_| {}).unwrap();
    assert!(first == second, "two runs differ");
    let model = Model::from_bytes(&first).unwrap();
    let parse = model.parse(&["Dogs", "chase", "cats", "."]);
    assert_eq!(parse.words.len(), 4);
    assert_eq!(parse.words.iter().filter(|w| w.head.is_none()).count(), 1);
}
