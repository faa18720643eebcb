//! The averaged perceptron: sparse training rows, and the compact table a model scores with.

use crate::bytes::{Reader, Writer};
use crate::ModelError;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already well-mixed hashes, so maps keyed by them use the key as it is.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// One class's weight for one feature while training, with what averaging needs: the running
/// sum of the weight over all steps so far, brought up to date lazily at `stamp`.
struct TrainEntry {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// A feature's weights while training, and how many updates it took part in.
#[derive(Default)]
struct TrainRow {
    updates: u32,
    entries: Vec<TrainEntry>,
}

/// An averaged perceptron being trained. Rows only hold the classes a feature was updated for.
pub(crate) struct Trainer {
    classes: usize,
    rows: KeyMap<TrainRow>,
    step: u32,
}

impl Trainer {
    pub(crate) fn new(classes: usize) -> Trainer {
        Trainer {
            classes,
            rows: KeyMap::default(),
            step: 0,
        }
    }

    /// Current (not averaged) scores of every class.
    pub(crate) fn scores(&self, features: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.classes, 0.0);
        for feature in features {
            if let Some(row) = self.rows.get(feature) {
                for entry in &row.entries {
                    scores[usize::from(entry.class)] += entry.weight;
                }
            }
        }
    }

    /// One training instance: moves weight from `guess` to `gold` when they differ.
    pub(crate) fn learn(&mut self, features: &[u64], gold: usize, guess: usize) {
        self.step += 1;
        if gold == guess {
            return;
        }
        for &feature in features {
            let row = self.rows.entry(feature).or_default();
            row.updates += 1;
            let row = &mut row.entries;
            for (class, delta) in [(gold, 1.0), (guess, -1.0)] {
                let position = match row.iter().position(|e| usize::from(e.class) == class) {
                    Some(position) => position,
                    None => {
                        row.push(TrainEntry {
                            class: class as u16,
                            weight: 0.0,
                            total: 0.0,
                            stamp: self.step,
                        });
                        row.len() - 1
                    }
                };
                let entry = &mut row[position];
                entry.total += f64::from(self.step - entry.stamp) * f64::from(entry.weight);
                entry.stamp = self.step;
                entry.weight += delta;
            }
        }
    }

    /// The averaged weights as the model stores them: features that took part in fewer than
    /// `min_updates` updates are dropped (most features are rare and nearly useless, and a small
    /// table is a fast one), the rest quantised to 16 bits, and keys folded to 32 bits (the few
    /// features that then collide share one row).
    pub(crate) fn averaged(&self, min_updates: u32) -> Weights {
        let steps = f64::from(self.step.max(1));
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut rows: BTreeMap<u32, BTreeMap<u8, f64>> = BTreeMap::new();
        for key in keys {
            let row = &self.rows[&key];
            if row.updates < min_updates {
                continue;
            }
            for e in &row.entries {
                let total = e.total + f64::from(self.step - e.stamp) * f64::from(e.weight);
                let value = total / steps;
                if value != 0.0 {
                    *rows
                        .entry(short_key(key))
                        .or_default()
                        .entry(e.class as u8)
                        .or_default() += value;
                }
            }
        }
        let largest = rows
            .values()
            .flat_map(|row| row.values())
            .fold(0.0f64, |largest, value| largest.max(value.abs()));
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = rows
            .into_iter()
            .map(|(key, row)| {
                let row = row
                    .into_iter()
                    .map(|(class, value)| (class, (value / scale).round() as i16))
                    .filter(|&(_, value)| value != 0)
                    .collect::<Vec<_>>();
                (key, row)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        in_home_order(&mut rows);
        let mut table = TableBuilder::new(self.classes, scale as f32, rows.len());
        for (key, row) in rows {
            table.push(key, row.len(), row.into_iter());
        }
        table.finish()
    }
}

/// The 32-bit key a 64-bit feature hash is stored under; never 0, which marks an empty slot.
fn short_key(feature: u64) -> u32 {
    ((feature ^ (feature >> 32)) as u32).max(1)
}

/// Table slots for `rows` rows: a power of two, at most four fifths full.
fn capacity(rows: usize) -> usize {
    (rows * 5 / 4).next_power_of_two().max(16)
}

/// Slot of a key in a table of `mask + 1` slots.
fn home(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 8) as usize & mask
}

/// Sorts rows in the order of their home slots in a table made for them: the order tables are
/// filled in (so probes can stop early, see [`probe_ends`]) and files store.
fn in_home_order<R>(rows: &mut [(u32, R)]) {
    let mask = capacity(rows.len()) - 1;
    rows.sort_unstable_by_key(|(key, _)| (home(*key, mask), *key));
}

/// Whether a probe for a key whose home is `wanted` can stop at a slot holding `slot_key`.
///
/// Tables are filled in the order of their keys' home slots, so along a probe sequence the homes
/// never decrease (Amble and Knuth's ordered hash table): once a slot's key belongs further on,
/// the key sought is absent. Most features a sentence produces are absent (unseen conjunctions),
/// and without this a miss in a table four fifths full reads about thirteen slots, not three.
/// Keys that wrapped past the table's end sit after the low homes at its start, so a probe that
/// has itself wrapped only stops at an empty slot.
fn probe_ends(slot_key: u32, wanted: usize, index: usize, mask: usize) -> bool {
    slot_key == 0 || (index >= wanted && home(slot_key, mask) > wanted)
}

/// One class's weight; in a row the first entry's `class` is the row's length instead.
#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    value: i16,
}

/// Models with this many classes or fewer (the parser's transitions) keep each row inside its
/// table slot: one memory access per feature.
const INLINE: usize = 3;

/// Features looked up together by `add_scores`.
const BATCH: usize = 32;

/// How rows are laid out: inline in the slot, or as runs in one array the slot points into.
enum Storage {
    Inline(Vec<(u32, [i16; INLINE])>),
    Runs {
        slots: Vec<(u32, u32)>,
        entries: Vec<Entry>,
    },
}

/// Trained weights: an open-addressing table from feature key to (class, weight) pairs. Scores
/// are sums of 16-bit weights, so scoring is exact and the same on every machine.
pub(crate) struct Weights {
    classes: usize,
    scale: f32,
    storage: Storage,
    features: usize,
}

/// Fills a weight table one row at a time, so that loading a model makes no copy of its rows.
struct TableBuilder {
    classes: usize,
    scale: f32,
    mask: usize,
    storage: Storage,
    features: usize,
}

impl TableBuilder {
    fn new(classes: usize, scale: f32, rows: usize) -> TableBuilder {
        let capacity = capacity(rows);
        let storage = if classes <= INLINE {
            Storage::Inline(vec![(0, [0; INLINE]); capacity])
        } else {
            Storage::Runs {
                slots: vec![(0, 0); capacity],
                entries: Vec::with_capacity(rows * 4),
            }
        };
        TableBuilder {
            classes,
            scale,
            mask: capacity - 1,
            storage,
            features: 0,
        }
    }

    /// Adds the row of `key` (nonzero, not added before) with its `len` (class, weight) pairs.
    fn push(&mut self, key: u32, len: usize, row: impl Iterator<Item = (u8, i16)>) {
        let mask = self.mask;
        let free_slot = |occupied: &dyn Fn(usize) -> bool| {
            let mut index = home(key, mask);
            while occupied(index) {
                index = (index + 1) & mask;
            }
            index
        };
        match &mut self.storage {
            Storage::Inline(slots) => {
                let index = free_slot(&|i| slots[i].0 != 0);
                slots[index].0 = key;
                for (class, value) in row {
                    slots[index].1[usize::from(class)] = value;
                }
            }
            Storage::Runs { slots, entries } => {
                let index = free_slot(&|i| slots[i].0 != 0);
                slots[index] = (key, entries.len() as u32);
                entries.push(Entry {
                    class: len as u8,
                    value: 0,
                });
                entries.extend(row.map(|(class, value)| Entry { class, value }));
            }
        }
        self.features += 1;
    }

    fn finish(self) -> Weights {
        Weights {
            classes: self.classes,
            scale: self.scale,
            storage: self.storage,
            features: self.features,
        }
    }
}

impl Weights {
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Adds every feature's weights to `scores`, which must hold one number per class.
    ///
    /// Lookups miss the cache, so each batch of features is looked up in passes: first every home
    /// slot (and then every row) is read once without branching on it, which lets the processor
    /// wait for all those loads at once; the passes that use them then find them in the cache.
    pub(crate) fn add_scores(&self, features: &[u64], scores: &mut [i32]) {
        for batch in features.chunks(BATCH) {
            match &self.storage {
                Storage::Inline(slots) => {
                    let mask = slots.len() - 1;
                    let mut homes = [(0u32, 0usize); BATCH];
                    let mut touched = 0u32;
                    for (home_slot, &feature) in homes.iter_mut().zip(batch) {
                        let key = short_key(feature);
                        *home_slot = (key, home(key, mask));
                        touched ^= slots[home_slot.1].0;
                    }
                    std::hint::black_box(touched);
                    for &(key, wanted) in &homes[..batch.len()] {
                        let mut index = wanted;
                        loop {
                            let (slot_key, values) = &slots[index];
                            if *slot_key == key {
                                for (score, &value) in scores.iter_mut().zip(values) {
                                    *score += i32::from(value);
                                }
                                break;
                            }
                            if probe_ends(*slot_key, wanted, index, mask) {
                                break;
                            }
                            index = (index + 1) & mask;
                        }
                    }
                }
                Storage::Runs { slots, entries } => {
                    let mask = slots.len() - 1;
                    let mut homes = [(0u32, 0usize); BATCH];
                    let mut touched = 0u32;
                    for (home_slot, &feature) in homes.iter_mut().zip(batch) {
                        let key = short_key(feature);
                        *home_slot = (key, home(key, mask));
                        touched ^= slots[home_slot.1].0;
                    }
                    let mut starts = [0usize; BATCH];
                    let mut found = 0;
                    for &(key, wanted) in &homes[..batch.len()] {
                        let mut index = wanted;
                        loop {
                            let (slot_key, start) = slots[index];
                            if slot_key == key {
                                starts[found] = start as usize;
                                touched ^= u32::from(entries[start as usize].class);
                                found += 1;
                                break;
                            }
                            if probe_ends(slot_key, wanted, index, mask) {
                                break;
                            }
                            index = (index + 1) & mask;
                        }
                    }
                    std::hint::black_box(touched);
                    for &start in &starts[..found] {
                        let len = usize::from(entries[start].class);
                        for entry in &entries[start + 1..start + 1 + len] {
                            if let Some(score) = scores.get_mut(usize::from(entry.class)) {
                                *score += i32::from(entry.value);
                            }
                        }
                    }
                }
            }
        }
    }

    /// The rows as the file stores them: in the order of their home slots, so that loading
    /// fills the table front to back instead of jumping around it.
    fn rows(&self) -> Vec<(u32, Vec<(u8, i16)>)> {
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = match &self.storage {
            Storage::Inline(slots) => slots
                .iter()
                .filter(|(key, _)| *key != 0)
                .map(|(key, values)| {
                    let row = (0..self.classes.min(INLINE))
                        .filter(|&c| values[c] != 0)
                        .map(|c| (c as u8, values[c]))
                        .collect();
                    (*key, row)
                })
                .collect(),
            Storage::Runs { slots, entries } => slots
                .iter()
                .filter(|(key, _)| *key != 0)
                .map(|&(key, start)| {
                    let start = start as usize;
                    let len = usize::from(entries[start].class);
                    let row = entries[start + 1..start + 1 + len]
                        .iter()
                        .map(|e| (e.class, e.value))
                        .collect();
                    (key, row)
                })
                .collect(),
        };
        in_home_order(&mut rows);
        rows
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        let rows = self.rows();
        out.u32(self.classes as u32);
        out.f32(self.scale);
        out.u32(rows.len() as u32);
        for (key, row) in &rows {
            out.u32(*key);
            out.u8(row.len() as u8);
            for &(class, value) in row {
                out.u8(class);
                out.i16(value);
            }
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Weights, ModelError> {
        let classes = input.u32()? as usize;
        if classes == 0 || classes > 256 {
            return Err(ModelError::Corrupt("class count"));
        }
        let scale = input.f32()?;
        let count = input.count(8)?;
        let mut table = TableBuilder::new(classes, scale, count);
        let mask = capacity(count) - 1;
        let mut previous = None;
        for _ in 0..count {
            let key = input.u32()?;
            let order = (home(key, mask), key);
            if key == 0 || previous.is_some_and(|previous| order <= previous) {
                return Err(ModelError::Corrupt("weight keys out of order"));
            }
            previous = Some(order);
            let len = usize::from(input.u8()?);
            if len == 0 || len > classes {
                return Err(ModelError::Corrupt("bad weight row length"));
            }
            let row = input.take(len * 3)?;
            if row
                .chunks_exact(3)
                .any(|entry| usize::from(entry[0]) >= classes)
            {
                return Err(ModelError::Corrupt("weight class out of range"));
            }
            let entries = row
                .chunks_exact(3)
                .map(|entry| (entry[0], i16::from_le_bytes([entry[1], entry[2]])));
            table.push(key, len, entries);
        }
        Ok(table.finish())
    }

    /// How many features carry weights, for the training log.
    pub(crate) fn features(&self) -> usize {
        self.features
    }
}

/// The best class among those `allowed`, ties to the lowest index.
pub(crate) fn best<S: PartialOrd + Copy>(scores: &[S], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best: Option<usize> = None;
    for (class, &score) in scores.iter().enumerate() {
        if allowed(class) && best.is_none_or(|b| score > scores[b]) {
            best = Some(class);
        }
    }
    best.unwrap_or(0)
}
