//! Training a [`Model`] from a treebank. Deterministic: the same sentences and options give a
//! byte-identical model file (fixed-seed shuffling, single thread, sorted output).
//!
//! 1. The tagger trains for up to `tagger_epochs` passes; the pass with the best development
//!    UPOS accuracy is kept.
//! 2. The training set is tagged by jack-knifing: `folds` taggers, each trained without one fold,
//!    tag that fold, so the parser learns from tags as wrong as the ones it will see.
//! 3. The parser and labeller train for up to `parser_epochs` passes with the dynamic oracle,
//!    exploring from the second pass; the pass with the best development LAS is kept.

use crate::conllu::Sentence;
use crate::hash::{feature, Xorshift};
use crate::lexeme::{Lexeme, AMBIGUITY_MIN_COUNT};
use crate::parser::{self, Example, ParserTrainer};
use crate::perceptron::{best, KeyMap, Trainer, Weights};
use crate::tagger::Lexicon;
use crate::{lemma, tagger, Deprel, Model, TagClass, Upos};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// The knobs of a training run; the defaults are the ones the shipped model was trained with.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Jack-knifing folds for the parser's training tags; 0 or 1 trains the parser on gold tags.
    pub folds: usize,
    pub seed: u64,
    /// How often the parser follows its own choice once exploring.
    pub explore_probability: f64,
    /// Features updated fewer times than this in training are left out of the model: it shrinks
    /// the file and the tables the parser reads, at little cost in accuracy.
    pub min_updates: u32,
    /// Buckets of the transition table (a power of two; 64 bytes and at most eight features
    /// each): the memory every parser step reads, so its speed, and where the features kept
    /// stop.
    pub transition_buckets: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            tagger_epochs: 10,
            parser_epochs: 20,
            folds: 10,
            seed: 20_260_516,
            explore_probability: 0.9,
            min_updates: 2,
            transition_buckets: 1 << 17,
        }
    }
}

/// A treebank the model cannot be trained on.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("the training treebank has no sentences")]
    Empty,
    #[error("the training treebank has more than {0} distinct {1}")]
    TooMany(usize, &'static str),
}

struct TaggedSentence {
    lexemes: Vec<Lexeme>,
    tags: Vec<u16>,
}

/// Trains a model on `train`, choosing epochs on `dev` (which may be empty: then the last epoch
/// is kept), and returns the model file. `log` receives one line per step.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> Result<Vec<u8>, TrainError> {
    if train.is_empty() {
        return Err(TrainError::Empty);
    }
    let mut rng = Xorshift::new(options.seed);
    let started = Instant::now();

    let tag_classes: BTreeSet<(Upos, &str)> = train
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| (w.upos, w.xpos.as_str()))
        .collect();
    if tag_classes.len() > 256 {
        return Err(TrainError::TooMany(256, "tags"));
    }
    let tag_numbers: BTreeMap<(Upos, &str), u16> = tag_classes
        .iter()
        .enumerate()
        .map(|(i, &class)| (class, i as u16))
        .collect();
    let mut label_set: BTreeSet<Deprel> = train
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| w.deprel)
        .collect();
    label_set.insert(Deprel::ROOT);
    if label_set.len() >= usize::from(u8::MAX) {
        return Err(TrainError::TooMany(usize::from(u8::MAX) - 1, "relations"));
    }
    let labels: Vec<Deprel> = label_set.into_iter().collect();
    let label_number = |deprel: Deprel| labels.iter().position(|&l| l == deprel).unwrap_or(0) as u8;
    let root_label = label_number(Deprel::ROOT);

    let no_dictionary = KeyMap::default();
    let lexemes_of = |sentence: &Sentence, dictionary: &KeyMap<u64>| -> Vec<Lexeme> {
        sentence
            .words
            .iter()
            .map(|w| Lexeme::new(&w.form, dictionary))
            .collect()
    };
    // The tag dictionary: the set of tags of every word seen often enough.
    let mut seen: BTreeMap<u64, (usize, BTreeSet<u16>)> = BTreeMap::new();
    for sentence in train {
        for (lexeme, word) in lexemes_of(sentence, &no_dictionary)
            .iter()
            .zip(&sentence.words)
        {
            let entry = seen.entry(lexeme.word).or_default();
            entry.0 += 1;
            entry
                .1
                .insert(tag_numbers[&(word.upos, word.xpos.as_str())]);
        }
    }
    let tag_dictionary: KeyMap<u64> = seen
        .into_iter()
        .filter(|(_, (count, _))| *count >= AMBIGUITY_MIN_COUNT)
        .map(|(word, (_, tags))| {
            let tags: Vec<u64> = tags.into_iter().map(u64::from).collect();
            (word, feature(2, &tags))
        })
        .collect();
    // The dictionary's words whose lexical features the model sums when it loads: the
    // lowercased forms without digits (a word with digits is known by its shape).
    // Each with how often it was a proper noun, so that a headline's capitals can be told from
    // names' (see `Model::parse_with_hints`).
    let mut lexicon_counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for word in train.iter().flat_map(|s| &s.words) {
        let lexeme = Lexeme::new(&word.form, &no_dictionary);
        if lexeme.word_is_form() && tag_dictionary.contains_key(&lexeme.word) {
            let (count, proper) = lexicon_counts.entry(word.form.to_lowercase()).or_default();
            *count += 1;
            *proper += usize::from(word.upos == Upos::Propn);
        }
    }
    let lexicon_names: Vec<bool> = lexicon_counts
        .values()
        .map(|&(count, proper)| 2 * proper > count)
        .collect();
    let lexicon_forms: Vec<String> = lexicon_counts.into_keys().collect();
    let tagged = |sentences: &[Sentence]| -> Vec<TaggedSentence> {
        sentences
            .iter()
            .map(|s| TaggedSentence {
                lexemes: lexemes_of(s, &tag_dictionary),
                tags: s
                    .words
                    .iter()
                    .map(|w| {
                        tag_numbers
                            .get(&(w.upos, w.xpos.as_str()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect(),
            })
            .collect()
    };
    let train_tagged = tagged(train);
    let dev_tagged = tagged(dev);
    let tags: Vec<TagClass> = tag_classes
        .iter()
        .map(|&(upos, xpos)| TagClass {
            upos,
            xpos: xpos.to_string(),
        })
        .collect();
    let lemmas = lemma_table(train, &tag_numbers);
    let coarse: Vec<u8> = tags.iter().map(|t| t.upos.index()).collect();

    // 1. The tagger.
    let upos_accuracy = |weights: &Weights, sentences: &[TaggedSentence]| {
        let (mut right, mut total) = (0usize, 0usize);
        for sentence in sentences {
            let predicted = tagger::tag(weights, &sentence.lexemes);
            for (p, g) in predicted.iter().zip(&sentence.tags) {
                right += usize::from(tags[usize::from(*p)].upos == tags[usize::from(*g)].upos);
                total += 1;
            }
        }
        right as f64 / total.max(1) as f64
    };
    let all: Vec<usize> = (0..train.len()).collect();
    let mut best_tagger: Option<(f64, usize, Weights)> = None;
    train_tagger(
        &train_tagged,
        &all,
        tags.len(),
        options.tagger_epochs,
        options.min_updates,
        &mut rng,
        |epoch, weights| {
            let accuracy = upos_accuracy(&weights, &dev_tagged);
            log(format!(
                "tagger epoch {epoch}: dev UPOS {accuracy:.4}, {} features, {:.0?}",
                weights.features(),
                started.elapsed()
            ));
            if best_tagger
                .as_ref()
                .is_none_or(|(b, _, _)| accuracy > *b || dev.is_empty())
            {
                best_tagger = Some((accuracy, epoch, weights));
            }
        },
    );
    let Some((_, tagger_epochs, tagger_weights)) = best_tagger else {
        return Err(TrainError::Empty);
    };
    log(format!("tagger: keeping epoch {tagger_epochs}"));

    // 2. Jack-knifed tags for the parser's training data.
    let mut training_tags: Vec<Vec<u16>> = train_tagged.iter().map(|s| s.tags.clone()).collect();
    if options.folds > 1 {
        for fold in 0..options.folds {
            let (held_out, rest): (Vec<usize>, Vec<usize>) =
                all.iter().partition(|&&i| i % options.folds == fold);
            let mut weights = None;
            train_tagger(
                &train_tagged,
                &rest,
                tags.len(),
                tagger_epochs,
                options.min_updates,
                &mut rng,
                |epoch, w| {
                    if epoch == tagger_epochs {
                        weights = Some(w);
                    }
                },
            );
            if let Some(weights) = weights {
                for &i in &held_out {
                    training_tags[i] = tagger::tag(&weights, &train_tagged[i].lexemes);
                }
            }
            log(format!(
                "jack-knife fold {}/{}: {:.0?}",
                fold + 1,
                options.folds,
                started.elapsed()
            ));
        }
    }

    // 3. The parser.
    let example = |sentence: &Sentence, tagged: &TaggedSentence, tags: &[u16]| Example {
        sentence: parser::Sentence::new(tagged.lexemes.iter().map(|l| l.word), tags, &coarse),
        heads: sentence
            .words
            .iter()
            .map(|w| w.head.unwrap_or(sentence.words.len()))
            .collect(),
        labels: sentence
            .words
            .iter()
            .map(|w| label_number(w.deprel))
            .collect(),
    };
    let train_examples: Vec<Example> = train
        .iter()
        .zip(&train_tagged)
        .zip(&training_tags)
        .map(|((s, t), tags)| example(s, t, tags))
        .collect();
    let dev_examples: Vec<Example> = dev
        .iter()
        .zip(&dev_tagged)
        .map(|(s, t)| example(s, t, &tagger::tag(&tagger_weights, &t.lexemes)))
        .collect();
    let mut trainer = ParserTrainer {
        transitions: Trainer::new(parser::TRANSITIONS),
        labeller: Trainer::new(labels.len()),
        root_label,
        explore_probability: options.explore_probability,
    };
    let mut order: Vec<usize> = (0..train_examples.len()).collect();
    let mut best_parser: Option<(f64, Weights, Weights)> = None;
    for epoch in 1..=options.parser_epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            trainer.train_sentence(&train_examples[i], epoch > 1, &mut rng);
        }
        let transitions = trainer
            .transitions
            .averaged(options.min_updates, options.transition_buckets);
        let labeller = trainer.labeller.averaged(options.min_updates, 0);
        let (uas, las) = attachment(&transitions, &labeller, root_label, &labels, &dev_examples);
        log(format!(
            "parser epoch {epoch}: dev UAS {uas:.4} LAS {las:.4}, {} + {} features, {:.0?}",
            transitions.features(),
            labeller.features(),
            started.elapsed()
        ));
        if best_parser
            .as_ref()
            .is_none_or(|(b, _, _)| las > *b || dev.is_empty())
        {
            best_parser = Some((las, transitions, labeller));
        }
    }
    let (transitions, labeller) = match best_parser {
        Some((_, transitions, labeller)) => (transitions, labeller),
        None => (
            trainer
                .transitions
                .averaged(options.min_updates, options.transition_buckets),
            trainer.labeller.averaged(options.min_updates, 0),
        ),
    };
    let lexicon = Lexicon::new(
        lexicon_forms,
        lexicon_names,
        &tagger_weights,
        &tag_dictionary,
    );
    let model = Model {
        coarse,
        tags,
        labels,
        root_label,
        tag_dictionary,
        lemmas,
        tagger: tagger_weights,
        lexicon,
        transitions,
        labeller,
    };
    Ok(model.to_bytes())
}

/// Trains a tagger on the sentences `chosen`, handing the averaged weights of every epoch to
/// `after_epoch`.
fn train_tagger(
    sentences: &[TaggedSentence],
    chosen: &[usize],
    classes: usize,
    epochs: usize,
    min_updates: u32,
    rng: &mut Xorshift,
    mut after_epoch: impl FnMut(usize, Weights),
) {
    let mut trainer = Trainer::new(classes);
    let mut order = chosen.to_vec();
    let mut features = Vec::new();
    let mut scores = Vec::new();
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let sentence = &sentences[i];
            let mut predicted = Vec::with_capacity(sentence.tags.len());
            for (position, &gold) in sentence.tags.iter().enumerate() {
                tagger::features(&sentence.lexemes, &predicted, position, true, &mut features);
                trainer.scores(&features, &mut scores);
                let guess = best(&scores, |_| true);
                trainer.learn(&features, usize::from(gold), guess);
                predicted.push(guess as u16);
            }
        }
        after_epoch(epoch, trainer.averaged(min_updates, 0));
    }
}

/// Unlabelled and (universal) labelled attachment scores on parser examples.
fn attachment(
    transitions: &Weights,
    labeller: &Weights,
    root_label: u8,
    labels: &[Deprel],
    examples: &[Example],
) -> (f64, f64) {
    let (mut total, mut unlabelled, mut labelled) = (0usize, 0usize, 0usize);
    for example in examples {
        let state = parser::parse(transitions, labeller, &example.sentence, root_label);
        for (i, &gold_head) in example.heads.iter().enumerate() {
            total += 1;
            if state.heads[i] == gold_head {
                unlabelled += 1;
                let universal = |label: u8| labels.get(usize::from(label)).map(|l| l.universal());
                labelled += usize::from(universal(state.labels[i]) == universal(example.labels[i]));
            }
        }
    }
    let total = total.max(1) as f64;
    (unlabelled as f64 / total, labelled as f64 / total)
}

/// Lemmas for (lowercased form, tag) pairs where the treebank's most frequent lemma is not the one
/// the suffix rules give.
fn lemma_table(train: &[Sentence], tag_numbers: &BTreeMap<(Upos, &str), u16>) -> KeyMap<String> {
    // Per key: how often the rules were right, and how often each other lemma was seen.
    let mut outcomes: BTreeMap<u64, BTreeMap<Option<&str>, usize>> = BTreeMap::new();
    for word in train.iter().flat_map(|s| &s.words) {
        let tag = tag_numbers[&(word.upos, word.xpos.as_str())];
        let key = lemma::key(&word.form.to_lowercase(), tag);
        let by_rule = lemma::by_rule(&word.form, &word.xpos) == word.lemma;
        let outcome = (!by_rule).then_some(word.lemma.as_str());
        *outcomes.entry(key).or_default().entry(outcome).or_default() += 1;
    }
    outcomes
        .into_iter()
        .filter_map(|(key, counts)| {
            let mut best: Option<(Option<&str>, usize)> = None;
            for (outcome, count) in counts {
                if best.is_none_or(|(_, b)| count > b) {
                    best = Some((outcome, count));
                }
            }
            best.and_then(|(outcome, _)| outcome)
                .map(|lemma| (key, lemma.to_string()))
        })
        .collect()
}
