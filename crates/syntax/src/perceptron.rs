//! The averaged perceptron: sparse training rows, and the compact table a model scores with.

use crate::bytes::{Reader, Writer};
use crate::pages::Frozen;
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
    /// features that then collide share one row). A table of at most [`INLINE`] classes is a
    /// bucket table of `buckets` buckets, keeping the rows that fit (see [`fit_buckets`]); other
    /// tables ignore `buckets`.
    pub(crate) fn averaged(&self, min_updates: u32, buckets: usize) -> Weights {
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
        let limit = if self.classes <= INLINE {
            BUCKET_WEIGHT_LIMIT
        } else {
            i16::MAX
        };
        let scale = if largest > 0.0 {
            largest / f64::from(limit)
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
        if self.classes <= INLINE {
            let buckets = buckets.max(1);
            let rows = fit_buckets(rows, buckets);
            return Weights {
                classes: self.classes,
                scale: scale as f32,
                storage: Storage::Buckets(BucketTable::new(bucket_table(&rows, buckets))),
                features: rows.len(),
            };
        }
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

/// Slots of a runs table of `rows` rows: a power of two, at most four fifths full.
fn capacity(rows: usize) -> usize {
    (rows * 5 / 4).next_power_of_two().max(16)
}

/// Slot of a key in a table of `mask + 1` slots.
fn home(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 8) as usize & mask
}

/// Sorts a runs table's rows in the order of their home slots in a table made for them: the
/// order tables are filled in (so probes can stop early, see [`probe_ends`]) and files store.
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

/// Tables with this many classes or fewer (the parser's transitions) are bucket tables: every row
/// sits whole in the bucket its key picks, so a lookup reads one cache line and never branches
/// on what it finds.
const INLINE: usize = 3;

/// Rows per bucket: eight 16-bit tags and their three weights fill a 64-byte cache line.
const BUCKET: usize = 8;

/// Eight rows of a bucket table. A row is its key's 16-bit tag (0 marks an empty place; the
/// bucket number holds the key's other bits) and its weight for each class.
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(64))]
struct Bucket {
    tags: [u16; BUCKET],
    weights: [[i16; BUCKET]; INLINE],
}

const EMPTY_BUCKET: Bucket = Bucket {
    tags: [0; BUCKET],
    weights: [[0; BUCKET]; INLINE],
};

/// A feature's key and its (class, weight) pairs, as tables are built from and files store them.
type Row = (u32, Vec<(u8, i16)>);

/// The largest weight a bucket table is quantised to: four weights of this size add up in 16
/// bits, so scoring sums four features at a time before widening the sums to 32 bits (measured:
/// 4% fewer instructions per tag+parse than widening every feature's weights, and EWT's
/// figures moved by 0.0001; a limit of 4095, eight features at a time, saved 6% but cost 0.0016
/// of test LAS).
const BUCKET_WEIGHT_LIMIT: i16 = 8191;

/// A bucket table, and how many features' weights add up in 16 bits without overflowing.
struct BucketTable {
    buckets: Frozen<Bucket>,
    /// How many of the table's largest weight fit in an `i16` (1 for a table of full 16-bit
    /// weights, as format 2 stored, 4 for one quantised to [`BUCKET_WEIGHT_LIMIT`]).
    group: usize,
}

impl BucketTable {
    fn new(buckets: Vec<Bucket>) -> BucketTable {
        let largest = buckets
            .iter()
            .flat_map(|bucket| bucket.weights.iter().flatten())
            .map(|weight| weight.unsigned_abs())
            .max()
            .unwrap_or(0)
            .max(1);
        let group = (i16::MAX.unsigned_abs() / largest).max(1);
        BucketTable {
            buckets: Frozen::from(buckets),
            group: usize::from(group),
        }
    }
}

/// The bucket of a key in a table of `buckets` buckets.
fn bucket_of(key: u32, buckets: usize) -> usize {
    ((u64::from(key.wrapping_mul(0x9e37_79b1)) * buckets as u64) >> 32) as usize
}

/// The tag a key is stored under in its bucket; never 0.
fn tag_of(key: u32) -> u16 {
    (key as u16).max(1)
}

/// How much a row can change a decision: the spread of its weights, absent classes counting 0.
fn strength(row: &[(u8, i16)]) -> i32 {
    let values = row.iter().map(|&(_, value)| i32::from(value));
    values.clone().max().unwrap_or(0).max(0) - values.min().unwrap_or(0).min(0)
}

/// The rows a bucket table of `buckets` buckets keeps, in bucket order: per bucket the
/// [`BUCKET`] strongest rows with distinct tags (ties to the lower key). Sizing the table, not
/// a threshold, bounds the memory the parser reads, and the rows dropped are the weakest of
/// their bucket.
fn fit_buckets(rows: Vec<Row>, buckets: usize) -> Vec<Row> {
    let mut rows: Vec<(usize, i32, Row)> = rows
        .into_iter()
        .map(|(key, row)| (bucket_of(key, buckets), -strength(&row), (key, row)))
        .collect();
    rows.sort_unstable_by_key(|(bucket, weakness, (key, _))| (*bucket, *weakness, *key));
    let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
    let mut start = 0;
    while start < rows.len() {
        let bucket = rows[start].0;
        let end = start + rows[start..].iter().take_while(|r| r.0 == bucket).count();
        let mut chosen: Vec<Row> = Vec::with_capacity(BUCKET);
        for (_, _, (key, row)) in rows[start..end].iter_mut() {
            if chosen.len() == BUCKET {
                break;
            }
            if chosen.iter().all(|(k, _)| tag_of(*k) != tag_of(*key)) {
                chosen.push((*key, std::mem::take(row)));
            }
        }
        chosen.sort_unstable_by_key(|(key, _)| *key);
        kept.extend(chosen);
        start = end;
    }
    kept
}

/// The bucket table of rows [`fit_buckets`] kept.
fn bucket_table(rows: &[Row], buckets: usize) -> Vec<Bucket> {
    let mut table = vec![EMPTY_BUCKET; buckets];
    let mut filled = vec![0usize; buckets];
    for (key, row) in rows {
        let index = bucket_of(*key, buckets);
        let place = filled[index];
        table[index].tags[place] = tag_of(*key);
        for &(class, value) in row {
            table[index].weights[usize::from(class)][place] = value;
        }
        filled[index] += 1;
    }
    table
}

/// Classes of a dense row added together, a multiple of which is the dense rows' width: 32
/// sums fill eight 128-bit registers (measured: 3% fewer instructions than 8 at a time).
const LANES: usize = 32;

/// Features looked up together by `add_scores`.
const BATCH: usize = 32;

/// How rows are laid out: in buckets of whole rows, or as runs in one array that an
/// open-addressing table of keys points into.
enum Storage {
    Buckets(BucketTable),
    Runs(Runs),
}

/// A table of many classes: an open-addressing table of keys, each pointing to its row. A
/// short row is a run of (class, weight) entries; a long one (the bias, common words) is
/// stored dense, one weight per class, so that adding it is a few vector instructions instead
/// of a scattered add per class.
struct Runs {
    slots: Frozen<Slot>,
    entries: Vec<Entry>,
    dense: Frozen<i16>,
    /// The length of a dense row: the class count rounded up to a multiple of [`LANES`].
    width: usize,
}

/// A runs table's slot: a row's key (0: empty) and its start, an index into [`Runs::entries`],
/// or with [`DENSE`] set into [`Runs::dense`].
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Slot {
    key: u32,
    start: u32,
}

/// Marks a row start as an index into [`Runs::dense`].
const DENSE: u32 = 1 << 31;

impl Runs {
    /// A row's (class, weight) pairs in class order, as the file stores them.
    fn row(&self, start: u32) -> Vec<(u8, i16)> {
        if start & DENSE != 0 {
            let at = (start & !DENSE) as usize;
            self.dense[at..at + self.width]
                .iter()
                .enumerate()
                .filter(|&(_, &value)| value != 0)
                .map(|(class, &value)| (class as u8, value))
                .collect()
        } else {
            let start = start as usize;
            let len = usize::from(self.entries[start].class);
            self.entries[start + 1..start + 1 + len]
                .iter()
                .map(|e| (e.class, e.value))
                .collect()
        }
    }
}

/// One class's weight; in a row the first entry's `class` is the row's length instead.
#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    value: i16,
}

/// Trained weights: a table from feature key to (class, weight) pairs. Scores are sums of 16-bit
/// weights, so scoring is exact and the same on every machine.
pub(crate) struct Weights {
    classes: usize,
    scale: f32,
    storage: Storage,
    features: usize,
}

/// Fills a runs table one row at a time, so that loading a model makes no copy of its rows.
struct TableBuilder {
    classes: usize,
    scale: f32,
    mask: usize,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    dense: Vec<i16>,
    width: usize,
}

impl TableBuilder {
    fn new(classes: usize, scale: f32, rows: usize) -> TableBuilder {
        let capacity = capacity(rows);
        TableBuilder {
            classes,
            scale,
            mask: capacity - 1,
            slots: vec![Slot { key: 0, start: 0 }; capacity],
            entries: Vec::with_capacity(rows * 4),
            dense: Vec::new(),
            width: classes.next_multiple_of(LANES),
        }
    }

    /// Adds the row of `key` (nonzero, not added before) with its `len` (class, weight) pairs.
    /// A row of an eighth of the classes or more is stored dense: adding it densely is then
    /// faster (measured: an eighth beat a quarter by a few per cent of tag+parse time, and
    /// a sixteenth or a thirty-second gained nothing more), and such rows are few.
    fn push(&mut self, key: u32, len: usize, row: impl Iterator<Item = (u8, i16)>) {
        let mut index = home(key, self.mask);
        while self.slots[index].key != 0 {
            index = (index + 1) & self.mask;
        }
        if len * 8 >= self.classes {
            let at = self.dense.len();
            self.slots[index] = Slot {
                key,
                start: at as u32 | DENSE,
            };
            self.dense.resize(at + self.width, 0);
            for (class, value) in row {
                self.dense[at + usize::from(class)] = value;
            }
        } else {
            self.slots[index] = Slot {
                key,
                start: self.entries.len() as u32,
            };
            self.entries.push(Entry {
                class: len as u8,
                value: 0,
            });
            self.entries
                .extend(row.map(|(class, value)| Entry { class, value }));
        }
    }

    fn finish(self) -> Weights {
        let features = self.slots.iter().filter(|slot| slot.key != 0).count();
        Weights {
            classes: self.classes,
            scale: self.scale,
            storage: Storage::Runs(Runs {
                slots: Frozen::from(self.slots),
                entries: self.entries,
                dense: Frozen::from(self.dense),
                width: self.width,
            }),
            features,
        }
    }
}

impl Weights {
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Adds every feature's weights to `scores`, which must hold one number per class.
    pub(crate) fn add_scores(&self, features: &[u64], scores: &mut [i32]) {
        match &self.storage {
            Storage::Buckets(table) => add_bucket_scores(table, features, scores),
            Storage::Runs(runs) => {
                let slots: &[Slot] = &runs.slots;
                let mask = slots.len() - 1;
                for &feature in features {
                    prefetch(&slots[home(short_key(feature), mask)]);
                }
                for batch in features.chunks(BATCH) {
                    add_run_scores(runs, batch, scores);
                }
            }
        }
    }

    /// A runs table's rows as the file stores them: in the order of their home slots, so that
    /// loading fills the table front to back instead of jumping around it.
    fn runs_rows(runs: &Runs) -> Vec<(u32, Vec<(u8, i16)>)> {
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = runs
            .slots
            .iter()
            .filter(|slot| slot.key != 0)
            .map(|slot| (slot.key, runs.row(slot.start)))
            .collect();
        in_home_order(&mut rows);
        rows
    }

    /// A bucket table is stored as it lies in memory, bucket after bucket; a runs table as its
    /// rows.
    pub(crate) fn write(&self, out: &mut Writer) {
        out.u32(self.classes as u32);
        out.f32(self.scale);
        match &self.storage {
            Storage::Buckets(table) => {
                out.u32(table.buckets.len() as u32);
                for bucket in table.buckets.iter() {
                    for &tag in &bucket.tags {
                        out.u16(tag);
                    }
                    for &value in bucket.weights.iter().flatten() {
                        out.i16(value);
                    }
                }
            }
            Storage::Runs(runs) => {
                let rows = Weights::runs_rows(runs);
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
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Weights, ModelError> {
        let classes = input.u32()? as usize;
        if classes == 0 || classes > 256 {
            return Err(ModelError::Corrupt("class count"));
        }
        let scale = input.f32()?;
        if classes <= INLINE {
            let count = input.count(std::mem::size_of::<Bucket>())?;
            if count == 0 {
                return Err(ModelError::Corrupt("bucket count"));
            }
            let mut buckets = vec![EMPTY_BUCKET; count];
            let mut features = 0;
            for bucket in &mut buckets {
                let bytes = input.take(std::mem::size_of::<Bucket>())?;
                let mut values = bytes
                    .chunks_exact(2)
                    .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
                for tag in &mut bucket.tags {
                    *tag = values.next().unwrap_or(0);
                }
                for value in bucket.weights.iter_mut().flatten() {
                    *value = values.next().unwrap_or(0) as i16;
                }
                let tags = bucket.tags.iter().filter(|&&tag| tag != 0);
                if tags
                    .clone()
                    .enumerate()
                    .any(|(i, tag)| bucket.tags[i + 1..].contains(tag))
                {
                    return Err(ModelError::Corrupt("a tag twice in one bucket"));
                }
                features += tags.count();
            }
            return Ok(Weights {
                classes,
                scale,
                storage: Storage::Buckets(BucketTable::new(buckets)),
                features,
            });
        }
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

/// Adds the weights of `features` from a bucket table. Every feature costs the same few
/// instructions whether its row is there or not, so nothing waits on a mispredicted branch, and
/// the buckets of all the features are requested before any is used.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn add_bucket_scores(table: &BucketTable, features: &[u64], scores: &mut [i32]) {
    let buckets: &[Bucket] = &table.buckets;
    // One sum per class and place, added up at the end: the same operation on every lane, which
    // the compiler turns into vector instructions.
    let mut sums = [[0i32; BUCKET]; INLINE];
    for &feature in features {
        prefetch(&buckets[bucket_of(short_key(feature), buckets.len())]);
    }
    for batch in features.chunks(BATCH) {
        let mut wanted = [(0usize, 0u16); BATCH];
        for (want, &feature) in wanted.iter_mut().zip(batch) {
            let key = short_key(feature);
            *want = (bucket_of(key, buckets.len()), tag_of(key));
        }
        for group in wanted[..batch.len()].chunks(table.group) {
            // A feature matches at most one place of its bucket, so a place's 16-bit sum over
            // the group never exceeds `group` of the table's largest weight.
            let mut group_sums = [[0i16; BUCKET]; INLINE];
            for &(index, tag) in group {
                let bucket = &buckets[index];
                let mut mask = [0i16; BUCKET];
                for (mask, &place_tag) in mask.iter_mut().zip(&bucket.tags) {
                    *mask = -i16::from(place_tag == tag);
                }
                for (sums, weights) in group_sums.iter_mut().zip(&bucket.weights) {
                    for ((sum, &weight), &mask) in sums.iter_mut().zip(weights).zip(&mask) {
                        *sum += weight & mask;
                    }
                }
            }
            for (sums, group_sums) in sums.iter_mut().zip(group_sums) {
                for (sum, group_sum) in sums.iter_mut().zip(group_sums) {
                    *sum += i32::from(group_sum);
                }
            }
        }
    }
    for (score, sums) in scores.iter_mut().zip(sums) {
        *score += sums.iter().sum::<i32>();
    }
}

/// Adds the weights of one batch of features from a runs table. Lookups miss the cache, so the
/// batch is looked up in passes: the caller has requested every home slot, the probes then request
/// every row they find, and the pass that adds the rows finds them in the cache.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn add_run_scores(runs: &Runs, batch: &[u64], scores: &mut [i32]) {
    let (slots, entries, dense): (&[Slot], &[Entry], &[i16]) =
        (&runs.slots, &runs.entries, &runs.dense);
    let mask = slots.len() - 1;
    let mut homes = [(0u32, 0usize); BATCH];
    for (home_slot, &feature) in homes.iter_mut().zip(batch) {
        let key = short_key(feature);
        *home_slot = (key, home(key, mask));
    }
    let mut sparse_starts = [0usize; BATCH];
    let mut sparse_found = 0;
    let mut dense_rows = [&dense[..0]; BATCH];
    let mut dense_found = 0;
    for &(key, wanted) in &homes[..batch.len()] {
        let mut index = wanted;
        loop {
            let Slot {
                key: slot_key,
                start,
            } = slots[index];
            if slot_key == key {
                if start & DENSE != 0 {
                    let at = (start & !DENSE) as usize;
                    let row = &dense[at..at + runs.width];
                    prefetch_all(row);
                    dense_rows[dense_found] = row;
                    dense_found += 1;
                } else {
                    sparse_starts[sparse_found] = start as usize;
                    prefetch(&entries[start as usize]);
                    sparse_found += 1;
                }
                break;
            }
            if probe_ends(slot_key, wanted, index, mask) {
                break;
            }
            index = (index + 1) & mask;
        }
    }
    // Indexed by a `u8`, this array needs no bounds check in the loop.
    let mut sums = [0i32; 256];
    for &start in &sparse_starts[..sparse_found] {
        let len = usize::from(entries[start].class);
        for entry in &entries[start + 1..start + 1 + len] {
            sums[usize::from(entry.class)] += i32::from(entry.value);
        }
    }
    // Dense rows are added [`LANES`] classes at a time across all the rows, so that the running
    // sums stay in registers instead of going to memory and back once per row.
    let dense_rows = &dense_rows[..dense_found];
    for (chunk, sums) in sums[..runs.width].chunks_exact_mut(LANES).enumerate() {
        let mut lanes = [0i32; LANES];
        for row in dense_rows {
            for (lane, &value) in lanes.iter_mut().zip(&row[chunk * LANES..][..LANES]) {
                *lane += i32::from(value);
            }
        }
        for (sum, lane) in sums.iter_mut().zip(lanes) {
            *sum += lane;
        }
    }
    for (score, sum) in scores.iter_mut().zip(sums) {
        *score += sum;
    }
}

/// Bytes in a cache line, the unit [`prefetch`] requests.
const CACHE_LINE: usize = 64;

/// Asks the processor for the cache line holding `value` without waiting for it. A load would
/// also start the fetch, but it holds its place in the reorder buffer until the data arrives, so
/// only a dozen or so of a step's ninety misses overlapped; a prefetch retires at once and lets
/// them all be in flight together.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: a prefetch is a hint: it changes no memory or register and cannot fault, whatever
    // the address (here a live reference).
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Prefetches every cache line of `values`.
fn prefetch_all<T>(values: &[T]) {
    for line in values.chunks(CACHE_LINE / std::mem::size_of::<T>().max(1)) {
        prefetch(&line[0]);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys whose bucket in a table of `buckets` is `bucket`, in increasing order.
    fn keys_in(bucket: usize, buckets: usize) -> impl Iterator<Item = u32> {
        (1u32..).filter(move |&key| bucket_of(key, buckets) == bucket)
    }

    #[test]
    fn a_full_bucket_keeps_its_strongest_rows() {
        let keys: Vec<u32> = keys_in(0, 4)
            .scan(Vec::new(), |tags: &mut Vec<u16>, key| {
                let fresh = !tags.contains(&tag_of(key));
                tags.push(tag_of(key));
                Some(fresh.then_some(key))
            })
            .flatten()
            .take(BUCKET + 2)
            .collect();
        // Strength grows with the position, so the first two rows are the weakest.
        let rows: Vec<(u32, Vec<(u8, i16)>)> = keys
            .iter()
            .enumerate()
            .map(|(i, &key)| (key, vec![(0, 10 * i as i16 + 10), (2, -5)]))
            .collect();
        let kept = fit_buckets(rows, 4);
        let mut kept_keys: Vec<u32> = kept.iter().map(|(key, _)| *key).collect();
        kept_keys.sort_unstable();
        assert_eq!(kept_keys, keys[2..].to_vec());
    }

    #[test]
    fn two_keys_with_one_tag_in_one_bucket_keep_the_stronger() {
        let buckets = 2;
        let first = keys_in(1, buckets).next().unwrap();
        let twin = keys_in(1, buckets)
            .skip(1)
            .find(|&key| tag_of(key) == tag_of(first))
            .unwrap();
        let rows = vec![(first, vec![(1, 3)]), (twin, vec![(1, -300)])];
        assert_eq!(fit_buckets(rows, buckets), vec![(twin, vec![(1, -300)])]);
    }

    /// Weights of full 16 bits (format 2) are widened feature by feature, smaller ones a group
    /// at a time: both sum exactly.
    #[test]
    fn bucket_sums_never_overflow_16_bits() {
        for (weight, group) in [(30_000i16, 1), (BUCKET_WEIGHT_LIMIT, 4)] {
            let keys: Vec<u32> = (1u32..=6).map(|key| key * 0x0101_0101).collect();
            let rows: Vec<Row> = keys.iter().map(|&key| (key, vec![(1, weight)])).collect();
            let table = BucketTable::new(bucket_table(&fit_buckets(rows, 64), 64));
            assert_eq!(table.group, group);
            let features: Vec<u64> = keys.iter().map(|&key| u64::from(key)).collect();
            let mut scores = [0i32; 3];
            add_bucket_scores(&table, &features, &mut scores);
            assert_eq!(scores, [0, 6 * i32::from(weight), 0]);
        }
    }

    #[test]
    fn a_bucket_table_scores_its_rows_and_round_trips() {
        let mut trainer = Trainer::new(3);
        let (seen, other, unseen) = (11u64 << 40, 12u64 << 40, 13u64 << 40);
        for _ in 0..3 {
            trainer.learn(&[seen], 2, 0);
            trainer.learn(&[other], 1, 2);
        }
        let weights = trainer.averaged(1, 16);
        assert_eq!(weights.features(), 2);
        let mut scores = [0i32; 3];
        weights.add_scores(&[seen, unseen], &mut scores);
        assert!(
            scores[2] > 0 && scores[0] < 0 && scores[1] == 0,
            "{scores:?}"
        );
        let mut out = Writer::default();
        weights.write(&mut out);
        let read = Weights::read(&mut Reader::new(&out.bytes)).unwrap();
        let mut again = Writer::default();
        read.write(&mut again);
        assert!(out.bytes == again.bytes);
        let mut read_scores = [0i32; 3];
        read.add_scores(&[seen, unseen], &mut read_scores);
        assert_eq!(read_scores, scores);
    }
}
