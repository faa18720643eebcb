//! Greedy arc-hybrid dependency parsing (Kuhlmann et al. 2011) with the root at the end of the
//! buffer. One averaged perceptron picks the transition (shift, left-arc, right-arc); a second one
//! labels each arc as it is made, so that later decisions can look at the labels of children.
//! Training follows the dynamic oracle of Goldberg and Nivre (2013), with exploration.

use crate::hash::{feature, Xorshift};
use crate::lexeme::OUTSIDE;
use crate::perceptron::{best, Trainer, Weights};

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
pub(crate) const TRANSITIONS: usize = 3;

/// No word: an empty stack position, a missing child, an unattached word.
const NONE: usize = usize::MAX;
/// The label of a word that has none yet.
const NO_LABEL: u8 = u8::MAX;

/// The words and tags of one sentence as feature values, with the artificial root at index `n`.
pub(crate) struct Sentence {
    pub(crate) words: Vec<u64>,
    pub(crate) tags: Vec<u64>,
    /// The universal part of each tag, a coarser view that generalises across Penn tags.
    pub(crate) coarse: Vec<u64>,
}

impl Sentence {
    /// `coarse_of` gives the universal tag of every tag number.
    pub(crate) fn new(
        words: impl Iterator<Item = u64>,
        tags: &[u16],
        coarse_of: &[u8],
    ) -> Sentence {
        let mut words: Vec<u64> = words.collect();
        words.push(OUTSIDE ^ 2);
        let mut coarse: Vec<u64> = tags
            .iter()
            .map(|&t| {
                coarse_of
                    .get(usize::from(t))
                    .map_or(OUTSIDE, |&c| u64::from(c))
            })
            .collect();
        coarse.push(OUTSIDE ^ 2);
        let mut tags: Vec<u64> = tags.iter().map(|&t| u64::from(t)).collect();
        tags.push(OUTSIDE ^ 2);
        Sentence {
            words,
            tags,
            coarse,
        }
    }

    fn coarse(&self, i: usize) -> u64 {
        self.coarse.get(i).copied().unwrap_or(OUTSIDE)
    }

    fn word(&self, i: usize) -> u64 {
        self.words.get(i).copied().unwrap_or(OUTSIDE)
    }

    fn tag(&self, i: usize) -> u64 {
        self.tags.get(i).copied().unwrap_or(OUTSIDE)
    }
}

/// A parser configuration: the stack, the front of the buffer and the arcs made so far.
pub(crate) struct State {
    root: usize,
    stack: Vec<usize>,
    front: usize,
    pub(crate) heads: Vec<usize>,
    pub(crate) labels: Vec<u8>,
    /// The two leftmost and two rightmost children, nearest the edge first.
    leftmost: Vec<[usize; 2]>,
    rightmost: Vec<[usize; 2]>,
    left_count: Vec<u8>,
    right_count: Vec<u8>,
    /// The labels of the left and right children, as bit sets.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    pub(crate) fn new(sentence: &Sentence) -> State {
        let size = sentence.words.len();
        State {
            root: size - 1,
            stack: Vec::with_capacity(size),
            front: 0,
            heads: vec![NONE; size],
            labels: vec![NO_LABEL; size],
            leftmost: vec![[NONE; 2]; size],
            rightmost: vec![[NONE; 2]; size],
            left_count: vec![0; size],
            right_count: vec![0; size],
            left_labels: vec![0; size],
            right_labels: vec![0; size],
        }
    }

    pub(crate) fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.front == self.root
    }

    fn stack(&self, depth: usize) -> usize {
        self.stack
            .len()
            .checked_sub(depth + 1)
            .map_or(NONE, |i| self.stack[i])
    }

    fn buffer(&self, offset: usize) -> usize {
        let i = self.front + offset;
        if i <= self.root {
            i
        } else {
            NONE
        }
    }

    /// Only the last word on the stack may attach to the root, so every sentence gets one root.
    fn is_legal(&self, transition: usize) -> bool {
        match transition {
            SHIFT => self.front < self.root,
            LEFT => !self.stack.is_empty() && (self.front < self.root || self.stack.len() == 1),
            _ => self.stack.len() >= 2,
        }
    }

    /// The (dependent, head) of the arc a transition makes.
    fn arc(&self, transition: usize) -> Option<(usize, usize)> {
        match transition {
            LEFT => Some((self.stack(0), self.front)),
            RIGHT => Some((self.stack(0), self.stack(1))),
            _ => None,
        }
    }

    fn apply(&mut self, transition: usize, label: u8) {
        match self.arc(transition) {
            None => {
                self.stack.push(self.front);
                self.front += 1;
            }
            Some((dependent, head)) => {
                self.stack.pop();
                self.heads[dependent] = head;
                self.labels[dependent] = label;
                let bit = 1u64 << (label % 64);
                if dependent < head {
                    insert_child(&mut self.leftmost[head], dependent, |a, b| a < b);
                    self.left_count[head] = self.left_count[head].saturating_add(1);
                    self.left_labels[head] |= bit;
                } else {
                    insert_child(&mut self.rightmost[head], dependent, |a, b| a > b);
                    self.right_count[head] = self.right_count[head].saturating_add(1);
                    self.right_labels[head] |= bit;
                }
            }
        }
    }

    fn label(&self, i: usize) -> u64 {
        if i == NONE {
            u64::from(NO_LABEL) + 1
        } else {
            u64::from(self.labels[i])
        }
    }

    fn left(&self, i: usize, nth: usize) -> usize {
        if i == NONE {
            NONE
        } else {
            self.leftmost[i][nth]
        }
    }

    fn right(&self, i: usize, nth: usize) -> usize {
        if i == NONE {
            NONE
        } else {
            self.rightmost[i][nth]
        }
    }

    fn valency(&self, i: usize) -> (u64, u64) {
        if i == NONE {
            (99, 99)
        } else {
            (
                u64::from(self.left_count[i]),
                u64::from(self.right_count[i]),
            )
        }
    }

    fn label_sets(&self, i: usize) -> (u64, u64) {
        if i == NONE {
            (u64::MAX, u64::MAX)
        } else {
            (self.left_labels[i], self.right_labels[i])
        }
    }
}

/// Keeps the two children nearest the edge `nearer` points to.
fn insert_child(children: &mut [usize; 2], child: usize, nearer: impl Fn(usize, usize) -> bool) {
    if children[0] == NONE || nearer(child, children[0]) {
        children[1] = children[0];
        children[0] = child;
    } else if children[1] == NONE || nearer(child, children[1]) {
        children[1] = child;
    }
}

fn distance(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// The transition classifier's features: words, tags and children around the top of the stack
/// and the front of the buffer, in the manner of Zhang and Nivre (2011).
fn transition_features(sentence: &Sentence, state: &State, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (state.stack(0), state.stack(1), state.stack(2));
    let (b0, b1, b2) = (state.buffer(0), state.buffer(1), state.buffer(2));
    let w = |i: usize| sentence.word(i);
    let t = |i: usize| sentence.tag(i);
    let c = |i: usize| sentence.coarse(i);
    let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
    let (b1w, b1t, b2t, s2t) = (w(b1), t(b1), t(b2), t(s2));
    let s0l1 = state.left(s0, 0);
    let s0l2 = state.left(s0, 1);
    let s0r1 = state.right(s0, 0);
    let s0r2 = state.right(s0, 1);
    let s1l1 = state.left(s1, 0);
    let s1r1 = state.right(s1, 0);
    let b0l1 = state.left(b0, 0);
    let b0l2 = state.left(b0, 1);
    let d = distance(s0, b0);
    let (s0vl, s0vr) = state.valency(s0);
    let (b0vl, _) = state.valency(b0);
    let (s0ll, s0rl) = state.label_sets(s0);
    let (b0ll, _) = state.label_sets(b0);
    let (s1ll, s1rl) = state.label_sets(s1);
    out.extend([
        feature(200, &[]),
        feature(201, &[s0w]),
        feature(202, &[s0t]),
        feature(203, &[s0w, s0t]),
        feature(204, &[s1w]),
        feature(205, &[s1t]),
        feature(206, &[s1w, s1t]),
        feature(207, &[b0w]),
        feature(208, &[b0t]),
        feature(209, &[b0w, b0t]),
        feature(210, &[b1w]),
        feature(211, &[b1t]),
        feature(212, &[b1w, b1t]),
        feature(213, &[w(b2)]),
        feature(214, &[b2t]),
        feature(215, &[s2t]),
        feature(216, &[s0w, s0t, b0w, b0t]),
        feature(217, &[s0w, s0t, b0w]),
        feature(218, &[s0w, b0w, b0t]),
        feature(219, &[s0w, s0t, b0t]),
        feature(220, &[s0t, b0w, b0t]),
        feature(221, &[s0w, b0w]),
        feature(222, &[s0t, b0t]),
        feature(223, &[b0t, b1t]),
        feature(224, &[b0t, b1t, b2t]),
        feature(225, &[s0t, b0t, b1t]),
        feature(226, &[s1t, s0t, b0t]),
        feature(227, &[s0t, t(s0l1), b0t]),
        feature(228, &[s0t, t(s0r1), b0t]),
        feature(229, &[s0t, b0t, t(b0l1)]),
        feature(230, &[s1t, s0t, t(s0l1)]),
        feature(231, &[s1t, s0t, t(s0r1)]),
        feature(232, &[s2t, s1t, s0t]),
        feature(233, &[s1t, t(s1r1), s0t]),
        feature(234, &[s1w, s0w]),
        feature(235, &[s1t, s0w]),
        feature(236, &[s1w, s0t]),
        feature(237, &[s0w, d]),
        feature(238, &[s0t, d]),
        feature(239, &[b0w, d]),
        feature(240, &[b0t, d]),
        feature(241, &[s0w, b0w, d]),
        feature(242, &[s0t, b0t, d]),
        feature(243, &[s0w, s0vr]),
        feature(244, &[s0t, s0vr]),
        feature(245, &[s0w, s0vl]),
        feature(246, &[s0t, s0vl]),
        feature(247, &[b0w, b0vl]),
        feature(248, &[b0t, b0vl]),
        feature(249, &[w(s0l1)]),
        feature(250, &[t(s0l1)]),
        feature(251, &[state.label(s0l1)]),
        feature(252, &[w(s0r1)]),
        feature(253, &[t(s0r1)]),
        feature(254, &[state.label(s0r1)]),
        feature(255, &[w(b0l1)]),
        feature(256, &[t(b0l1)]),
        feature(257, &[state.label(b0l1)]),
        feature(258, &[t(s0l2), state.label(s0l2)]),
        feature(259, &[t(s0r2), state.label(s0r2)]),
        feature(260, &[t(b0l2), state.label(b0l2)]),
        feature(261, &[s0t, t(s0l1), t(s0l2)]),
        feature(262, &[s0t, t(s0r1), t(s0r2)]),
        feature(263, &[b0t, t(b0l1), t(b0l2)]),
        feature(264, &[s0w, s0rl]),
        feature(265, &[s0t, s0rl]),
        feature(266, &[s0w, s0ll]),
        feature(267, &[s0t, s0ll]),
        feature(268, &[b0w, b0ll]),
        feature(269, &[b0t, b0ll]),
        feature(270, &[s1t, s1ll, s1rl]),
        feature(271, &[t(s1l1), state.label(s1l1), s1t]),
        feature(272, &[s0t, state.label(s0l1), state.label(s0r1), b0t]),
        feature(273, &[s0w, b0t, b1t]),
        feature(274, &[s0t, b0w, b1t]),
        // Prepositional attachment: in UD the preposition is the noun's first child, and the
        // choice is between the stack word below (s1) and the buffer front (b0) as the head.
        feature(275, &[w(s0l1), s1w]),
        feature(276, &[w(s0l1), s1t, s0t]),
        feature(277, &[w(s0l1), b0w]),
        feature(278, &[w(s0l1), b0t, s0t]),
        feature(279, &[w(s0l1), s0w]),
        feature(280, &[s1w, b0w]),
        feature(281, &[s1t, b0t, s0w]),
        feature(282, &[s1w, s0t, b0t]),
        // The same contexts in universal tags, which generalise across Penn distinctions.
        feature(290, &[c(s0), c(b0), c(b1)]),
        feature(291, &[c(s1), c(s0), c(b0)]),
        feature(292, &[c(s0), c(s0l1), c(b0)]),
        feature(293, &[c(s2), c(s1), c(s0)]),
        feature(294, &[c(s1), c(s0), c(b0), d]),
        feature(295, &[c(s0), c(s0r1), c(b0)]),
    ]);
}

/// The labeller's features for the arc from `head` to `dependent` about to be made. The
/// dependent is complete (arc-hybrid attaches a word once it has all its children).
fn label_features(
    sentence: &Sentence,
    state: &State,
    dependent: usize,
    head: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = |i: usize| sentence.word(i);
    let t = |i: usize| sentence.tag(i);
    let (hw, ht, dw, dt) = (w(head), t(head), w(dependent), t(dependent));
    let direction = u64::from(dependent < head);
    let d = distance(dependent, head) | direction << 4;
    let before = dependent.checked_sub(1).unwrap_or(NONE);
    let after = dependent + 1;
    let dl1 = state.left(dependent, 0);
    let dr1 = state.right(dependent, 0);
    let hl1 = state.left(head, 0);
    let (dll, drl) = state.label_sets(dependent);
    let (hll, hrl) = state.label_sets(head);
    let (dvl, dvr) = state.valency(dependent);
    let (_, hvr) = state.valency(head);
    out.extend([
        feature(300, &[]),
        feature(301, &[hw]),
        feature(302, &[ht]),
        feature(303, &[dw]),
        feature(304, &[dt]),
        feature(305, &[ht, dt]),
        feature(306, &[hw, dt]),
        feature(307, &[ht, dw]),
        feature(308, &[hw, dw]),
        feature(309, &[ht, dt, d]),
        feature(310, &[dt, dll]),
        feature(311, &[dt, drl]),
        feature(312, &[ht, dt, w(dl1)]),
        feature(313, &[dt, state.label(dl1), w(dl1)]),
        feature(314, &[dt, t(dr1), state.label(dr1)]),
        feature(315, &[ht, hll, direction, dt]),
        feature(316, &[ht, hrl, direction, dt]),
        feature(317, &[dt, w(before)]),
        feature(318, &[dt, t(before), t(after)]),
        feature(319, &[ht, dt, t(before)]),
        feature(320, &[dw, direction]),
        feature(321, &[dt, direction]),
        feature(322, &[ht, dt, w(hl1), state.label(hl1)]),
        feature(323, &[dt, t(dl1), state.label(dl1)]),
        feature(324, &[hw, dt, direction]),
        feature(325, &[dt, dvl, dvr, direction]),
        feature(326, &[ht, dt, hvr, direction]),
        feature(327, &[hw, w(dl1), direction]),
        feature(328, &[dt, t(after), direction]),
    ]);
}

/// Zero-cost moves of the dynamic oracle: how many gold arcs each legal transition would make
/// unreachable (`u32::MAX` when illegal). `gold` holds each word's gold head, the root being `n`.
fn costs(state: &State, gold: &[usize]) -> [u32; TRANSITIONS] {
    let mut costs = [u32::MAX; TRANSITIONS];
    let s0 = state.stack(0);
    let front = state.front;
    let in_buffer = |i: usize| i != NONE && i >= front;
    let dependents_in_buffer =
        |head: usize| (front..state.root).filter(|&d| gold[d] == head).count() as u32;
    if state.is_legal(SHIFT) {
        let stack = &state.stack;
        let dependents_on_stack = stack.iter().filter(|&&d| gold[d] == front).count() as u32;
        let head_below = stack[..stack.len().saturating_sub(1)].contains(&gold[front]);
        costs[SHIFT] = dependents_on_stack + u32::from(head_below);
    }
    if state.is_legal(LEFT) {
        let head = gold[s0];
        let lost_head = head != front && (head == state.stack(1) || in_buffer(head));
        costs[LEFT] = u32::from(lost_head) + dependents_in_buffer(s0);
    }
    if state.is_legal(RIGHT) {
        costs[RIGHT] = u32::from(in_buffer(gold[s0])) + dependents_in_buffer(s0);
    }
    costs
}

/// The label of an arc: `root` for the root's child, never `root` elsewhere.
fn allowed_label(label: usize, head_is_root: bool, root_label: u8) -> bool {
    (label == usize::from(root_label)) == head_is_root
}

/// Parses a tagged sentence; the result gives every word a head (the root is index `n`) and a
/// label number.
pub(crate) fn parse(
    transitions: &Weights,
    labeller: &Weights,
    sentence: &Sentence,
    root_label: u8,
) -> State {
    let mut state = State::new(sentence);
    let mut features = Vec::with_capacity(80);
    let mut scores = [0i32; TRANSITIONS];
    let mut label_scores = vec![0i32; labeller.classes()];
    while !state.is_terminal() {
        // When only one transition is legal (an empty stack, or only the root left in the
        // buffer) there is nothing to score.
        let legal = (0..TRANSITIONS).filter(|&t| state.is_legal(t)).count();
        if legal > 1 {
            transition_features(sentence, &state, &mut features);
            scores.fill(0);
            transitions.add_scores(&features, &mut scores);
        }
        let transition = best(&scores, |t| state.is_legal(t));
        let label = match state.arc(transition) {
            None => NO_LABEL,
            Some((_, head)) if head == state.root => root_label,
            Some((dependent, head)) => {
                label_features(sentence, &state, dependent, head, &mut features);
                label_scores.fill(0);
                labeller.add_scores(&features, &mut label_scores);
                best(&label_scores, |l| allowed_label(l, false, root_label)) as u8
            }
        };
        state.apply(transition, label);
    }
    state
}

/// What the parser trains on: one sentence with its tags, gold heads (root = `n`) and labels.
pub(crate) struct Example {
    pub(crate) sentence: Sentence,
    pub(crate) heads: Vec<usize>,
    pub(crate) labels: Vec<u8>,
}

/// The two perceptrons being trained and the settings of the dynamic oracle.
pub(crate) struct ParserTrainer {
    pub(crate) transitions: Trainer,
    pub(crate) labeller: Trainer,
    pub(crate) root_label: u8,
    /// Follow the model's own (possibly wrong) choice this often once exploring.
    pub(crate) explore_probability: f64,
}

impl ParserTrainer {
    /// One pass over one sentence. With `explore`, the parser follows its own prediction (with
    /// probability `explore_probability`) and so learns to recover from its mistakes.
    pub(crate) fn train_sentence(&mut self, example: &Example, explore: bool, rng: &mut Xorshift) {
        let sentence = &example.sentence;
        let mut state = State::new(sentence);
        let mut features = Vec::with_capacity(80);
        let mut scores = Vec::with_capacity(TRANSITIONS);
        let mut label_scores = Vec::new();
        while !state.is_terminal() {
            transition_features(sentence, &state, &mut features);
            self.transitions.scores(&features, &mut scores);
            let guess = best(&scores, |t| state.is_legal(t));
            let cost = costs(&state, &example.heads);
            let minimum = cost.iter().copied().min().unwrap_or(0);
            let oracle = best(&scores, |t| cost[t] == minimum);
            self.transitions.learn(&features, oracle, guess);
            let follow =
                if cost[guess] == minimum || (explore && rng.unit() < self.explore_probability) {
                    guess
                } else {
                    oracle
                };
            let label = match state.arc(follow) {
                None => NO_LABEL,
                Some((dependent, head)) => {
                    label_features(sentence, &state, dependent, head, &mut features);
                    self.labeller.scores(&features, &mut label_scores);
                    let head_is_root = head == state.root;
                    let root_label = self.root_label;
                    let predicted = best(&label_scores, |l| {
                        allowed_label(l, head_is_root, root_label)
                    });
                    if example.heads[dependent] == head {
                        let gold = usize::from(example.labels[dependent]);
                        self.labeller.learn(&features, gold, predicted);
                    }
                    predicted as u8
                }
            };
            state.apply(follow, label);
        }
    }
}
