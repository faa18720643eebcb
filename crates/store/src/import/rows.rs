//! Validated import rows held in memory, sorted by dyad for loading.
//!
//! Parsing threads turn each line into an [`EventRow`] and pack it into a [`RowBlock`]: its numbers
//! in a fixed-size [`PackedRow`], its strings side by side in the block's bytes. The [`Sorter`]
//! takes the blocks back in input order, numbers the rows it keeps (`seq`, from which event ids
//! come) and sorts them by dyad key, so that a dyad's events sit together in the store and DuckDB's
//! zone maps skip the rest. DuckDB then reads the sorted rows from memory ([`super::feed`]): nothing
//! is written out as text and parsed again.

use entente_model::EventDate;
use foldhash::fast::FixedState;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

/// One validated event, its strings borrowed from the input line. Empty strings are NULL.
#[derive(Debug, Default)]
pub(crate) struct EventRow<'a> {
    pub external_id: u64,
    /// Days since 1970-01-01.
    pub date: i32,
    pub source_code: Cow<'a, str>,
    pub source_country: Cow<'a, str>,
    pub source_name: &'a str,
    pub target_code: Cow<'a, str>,
    pub target_country: Cow<'a, str>,
    pub target_name: &'a str,
    pub cameo: &'a str,
    pub quad_class: u8,
    pub goldstein: f64,
    pub num_reports: i32,
    pub num_sources: i32,
    pub num_mentions: Option<i32>,
    pub num_articles: Option<i32>,
    pub avg_tone: Option<f64>,
    pub outlet: &'a str,
    pub url: &'a str,
}

/// A dataset's event id: a non-negative integer small enough for the store's BIGINT.
pub(crate) fn event_id(text: &str) -> Option<u64> {
    text.parse::<i64>().ok().and_then(|n| u64::try_from(n).ok())
}

/// "20191024" as a date, if it is a real day.
pub(crate) fn yyyymmdd(text: &str) -> Option<EventDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    EventDate::day(
        text[..4].parse().ok()?,
        text[4..6].parse().ok()?,
        text[6..].parse().ok()?,
    )
}

/// A date as the store's DATE: days since 1970-01-01.
pub(crate) fn day_number(date: EventDate) -> Option<i32> {
    i32::try_from(date.days_since_epoch()).ok()
}

/// The string columns packed with a row, in order. (Its actors are numbered instead.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    Cameo,
    Outlet,
    Url,
}

const TEXTS: usize = 3;

/// A row's numbers, and where its strings are in its block: one cache line, since copying a stripe
/// out reads rows in sorted order from anywhere in memory, and each line read is a miss.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
pub(crate) struct PackedRow {
    pub external_id: u64,
    pub goldstein: f64,
    /// The optional numbers, valid where `present` says so ([`PackedRow::avg_tone`] and the like).
    avg_tone: f64,
    num_mentions: i32,
    num_articles: i32,
    present: u8,
    pub num_reports: i32,
    pub num_sources: i32,
    pub date: i32,
    pub quad_class: u8,
    /// The source's and the target's numbers: among its block's actors when packed, among the
    /// import's ([`ImportActors`]) once the sorter has taken the row.
    pub actors: [u32; 2],
    /// Offset of the first string in the block's bytes; the others follow it.
    texts_at: u32,
    text_lengths: [u16; TEXTS],
}

const _: () = assert!(size_of::<PackedRow>() == 64);

/// Bits of [`PackedRow::present`].
const HAS_TONE: u8 = 1;
const HAS_MENTIONS: u8 = 2;
const HAS_ARTICLES: u8 = 4;

impl PackedRow {
    pub fn avg_tone(&self) -> Option<f64> {
        (self.present & HAS_TONE != 0).then_some(self.avg_tone)
    }

    pub fn num_mentions(&self) -> Option<i32> {
        (self.present & HAS_MENTIONS != 0).then_some(self.num_mentions)
    }

    pub fn num_articles(&self) -> Option<i32> {
        (self.present & HAS_ARTICLES != 0).then_some(self.num_articles)
    }
}

/// [`PackedRow::present`] for these optional numbers.
fn presence(avg_tone: Option<f64>, num_mentions: Option<i32>, num_articles: Option<i32>) -> u8 {
    (u8::from(avg_tone.is_some()) * HAS_TONE)
        | (u8::from(num_mentions.is_some()) * HAS_MENTIONS)
        | (u8::from(num_articles.is_some()) * HAS_ARTICLES)
}

/// Strings longer than this cannot be packed; no real field comes near it.
const LONGEST_FIELD: usize = u16::MAX as usize;

/// Rows packed by one parsing thread, in input order.
#[derive(Default)]
pub(crate) struct RowBlock {
    bytes: Vec<u8>,
    rows: Vec<PackedRow>,
    /// The actors the rows name: a block's rows name a few thousand, each many times.
    actors: ActorTable,
}

impl RowBlock {
    /// A block for rows parsed from about `input_bytes` of input: their strings take less, and
    /// export lines are over a hundred bytes. (Reserving is free until the memory is written, and
    /// growing a vector copies it.)
    pub fn with_capacity(input_bytes: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(input_bytes / 2),
            rows: Vec::with_capacity(input_bytes / 100),
            ..Self::default()
        }
    }

    /// Packs `row`, or says which field is too long to.
    pub fn push(&mut self, row: &EventRow<'_>) -> Result<(), String> {
        let texts: [&str; TEXTS] = [row.cameo, row.outlet, row.url];
        if let Some(long) = texts.iter().find(|t| t.len() > LONGEST_FIELD) {
            return Err(format!(
                "a field of {} bytes is longer than {LONGEST_FIELD}: {:?}...",
                long.len(),
                long.chars().take(40).collect::<String>()
            ));
        }
        let actors = [
            [&row.source_code, &row.source_country, row.source_name],
            [&row.target_code, &row.target_country, row.target_name],
        ]
        .map(|names| self.actors.number(names));
        let texts_at = self.bytes.len() as u32;
        for text in texts {
            self.bytes.extend_from_slice(text.as_bytes());
        }
        self.rows.push(PackedRow {
            external_id: row.external_id,
            goldstein: row.goldstein,
            avg_tone: row.avg_tone.unwrap_or_default(),
            num_mentions: row.num_mentions.unwrap_or_default(),
            num_articles: row.num_articles.unwrap_or_default(),
            present: presence(row.avg_tone, row.num_mentions, row.num_articles),
            num_reports: row.num_reports,
            num_sources: row.num_sources,
            date: row.date,
            quad_class: row.quad_class,
            actors,
            texts_at,
            text_lengths: texts.map(|t| t.len() as u16),
        });
        Ok(())
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Memory the block's rows take in a run, for bounding what is held before spilling. (The
    /// sorter takes the block's actors away.)
    fn footprint(&self) -> usize {
        self.bytes.len() + self.rows.len() * (size_of::<PackedRow>() + size_of::<RunRow>())
    }

    /// All of a row's strings, side by side.
    fn texts(&self, row: &PackedRow) -> &[u8] {
        let start = row.texts_at as usize;
        let length: usize = row.text_lengths.iter().map(|&n| usize::from(n)).sum();
        &self.bytes[start..start + length]
    }

    fn text(&self, row: &PackedRow, which: Text) -> &[u8] {
        let index = which as usize;
        let start = row.texts_at as usize
            + row.text_lengths[..index]
                .iter()
                .map(|&n| usize::from(n))
                .sum::<usize>();
        &self.bytes[start..start + usize::from(row.text_lengths[index])]
    }
}

/// One stored row as a loader sees it.
pub(crate) struct RowView<'r> {
    pub seq: u64,
    pub row: &'r PackedRow,
    block: &'r RowBlock,
}

impl<'r> RowView<'r> {
    /// A string column; empty means NULL.
    pub fn text(&self, which: Text) -> &'r [u8] {
        self.block.text(self.row, which)
    }
}

/// Sorted rows ready to load: blocks, and the rows' order across them.
#[derive(Default)]
pub(crate) struct Run {
    blocks: Vec<RowBlock>,
    footprint: usize,
    order: Vec<RunRow>,
}

impl Run {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// The `index`th row in sorted order.
    pub fn row(&self, index: usize) -> RowView<'_> {
        let at = &self.order[index];
        let block = &self.blocks[at.block as usize];
        RowView {
            seq: at.key.seq,
            row: &block.rows[at.index as usize],
            block,
        }
    }

    /// Rows `range` copied out into `stripe` in sorted order. Sorting only reorders references, so
    /// neighbouring rows sit anywhere in memory; copying a stripe out first lets the loader read it
    /// in order.
    pub fn copy_out(&self, range: std::ops::Range<usize>, stripe: &mut Stripe) {
        stripe.seqs.clear();
        stripe.block.rows.clear();
        stripe.block.bytes.clear();
        for index in range {
            let view = self.row(index);
            let texts_at = stripe.block.bytes.len() as u32;
            stripe
                .block
                .bytes
                .extend_from_slice(view.block.texts(view.row));
            stripe.block.rows.push(PackedRow {
                texts_at,
                ..*view.row
            });
            stripe.seqs.push(view.seq);
        }
    }

    fn push_block(&mut self, block: RowBlock) {
        self.footprint += block.footprint();
        self.blocks.push(block);
    }
}

/// A stretch of a run's rows, copied out in order by [`Run::copy_out`].
#[derive(Default)]
pub(crate) struct Stripe {
    seqs: Vec<u64>,
    block: RowBlock,
}

impl Stripe {
    pub fn len(&self) -> usize {
        self.seqs.len()
    }

    pub fn row(&self, index: usize) -> RowView<'_> {
        RowView {
            seq: self.seqs[index],
            row: &self.block.rows[index],
            block: &self.block,
        }
    }
}

#[derive(Clone, Copy)]
struct RunRow {
    key: RowKey,
    /// Which of the run's blocks holds the row, and where.
    block: u32,
    index: u32,
}

/// What a row is sorted by: interned dyad keys, date, and `seq` (input order).
#[derive(Clone, Copy)]
struct RowKey {
    source: u32,
    target: u32,
    date: i32,
    seq: u64,
}

/// Actors numbered in order of first appearance, each by its code, country and name joined by
/// tabs (which no field holds).
#[derive(Default)]
struct ActorTable {
    numbers: HashMap<Box<str>, u32, FixedState>,
    names: Vec<Box<str>>,
    /// Reused for joining the names looked up.
    joined: String,
}

impl ActorTable {
    /// The number of the actor with this code, country and name.
    fn number(&mut self, [code, country, name]: [&str; 3]) -> u32 {
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.extend([code, "\t", country, "\t", name]);
        let number = self.number_joined(&joined).0;
        self.joined = joined;
        number
    }

    /// The number of the actor whose names, joined, are `joined`; and whether it is new.
    fn number_joined(&mut self, joined: &str) -> (u32, bool) {
        if let Some(&number) = self.numbers.get(joined) {
            return (number, false);
        }
        let number = self.names.len() as u32;
        self.names.push(joined.into());
        self.numbers.insert(joined.into(), number);
        (number, true)
    }

    /// The `number`th actor's code, country and name (empty when absent).
    fn names(&self, number: usize) -> [&str; 3] {
        let mut parts = self.names[number].splitn(3, '\t');
        [(); 3].map(|()| parts.next().unwrap_or_default())
    }
}

/// The actors an import names, numbered in order of first appearance (so that rows carry two
/// numbers instead of six strings), each with its dyad key: its country, else its code, as the
/// store computes `source_key` and `target_key`.
#[derive(Default)]
pub(crate) struct ImportActors {
    table: ActorTable,
    /// Each actor's key, as a number in `keys`.
    key_of: Vec<u32>,
    keys: KeyInterner,
}

impl ImportActors {
    /// The import's number for the `local`th of a block's actors.
    fn number(&mut self, block: &ActorTable, local: u32) -> u32 {
        let (number, new) = self.table.number_joined(&block.names[local as usize]);
        if new {
            let [code, country, _] = self.table.names(number as usize);
            let key = if country.is_empty() { code } else { country };
            self.key_of.push(self.keys.id(key.as_bytes()));
        }
        number
    }

    pub fn len(&self) -> usize {
        self.table.names.len()
    }

    /// The `number`th actor's code, country and name (empty when absent).
    pub fn names(&self, number: usize) -> [&str; 3] {
        self.table.names(number)
    }

    /// The `number`th actor's dyad key; empty when it has neither country nor code.
    pub fn key(&self, number: usize) -> &[u8] {
        &self.keys.keys[self.key_of[number] as usize]
    }
}

/// Dyad-side keys as dense numbers, in order of first appearance.
#[derive(Default)]
struct KeyInterner {
    ids: HashMap<Vec<u8>, u32, FixedState>,
    keys: Vec<Vec<u8>>,
}

impl KeyInterner {
    fn id(&mut self, key: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.to_vec(), id);
        self.keys.push(key.to_vec());
        id
    }

    /// Each id's position in byte order of the keys seen so far.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.keys[a as usize].cmp(&self.keys[b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in order.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }
}

/// Memory held before a sorted run is spilled to disk. Below it (about 12 million GDELT rows) the
/// input is sorted and loaded from memory; beyond it, each run is sorted, spilled, and later
/// loaded on its own, so a dyad's events sit in one stretch per run.
const RUN_BYTES: usize = 3 << 30;

/// Rows after which a run is spilled however little memory it takes, so that a row's position in
/// its run fits 32 bits, with room for the block that crosses the limit. [`RUN_BYTES`] is reached
/// long before (a row takes over a hundred bytes).
const MAX_RUN_ROWS: usize = (u32::MAX / 2) as usize;

/// Numbers the rows kept in input order and sorts them by (source key, target key, date), ties in
/// input order. Keys are interned to numbers as rows arrive, so sorting compares integers.
pub(crate) struct Sorter {
    run_bytes: usize,
    run: Run,
    actors: ImportActors,
    spilled: Vec<File>,
    rows: u64,
    failed: Option<std::io::Error>,
}

/// Every row, sorted: in memory, or (for input beyond [`RUN_BYTES`]) as runs spilled to files,
/// each sorted on its own.
pub(crate) enum Sorted {
    InMemory(Arc<Run>),
    Spilled(Vec<File>),
}

impl Sorted {
    /// Each run in turn; spilled runs are read back one at a time, as they are reached.
    pub fn runs(&self) -> impl Iterator<Item = std::io::Result<Arc<Run>>> + '_ {
        let (in_memory, spilled) = match self {
            Sorted::InMemory(run) => (Some(run.clone()), &[][..]),
            Sorted::Spilled(files) => (None, &files[..]),
        };
        in_memory
            .map(Ok)
            .into_iter()
            .chain(spilled.iter().map(|file| read_run(file).map(Arc::new)))
    }
}

impl Sorter {
    pub fn new() -> Self {
        Self::with_run_bytes(RUN_BYTES)
    }

    pub(super) fn with_run_bytes(run_bytes: usize) -> Self {
        Self {
            run_bytes,
            run: Run::default(),
            actors: ImportActors::default(),
            spilled: Vec::new(),
            rows: 0,
            failed: None,
        }
    }

    /// Rows kept so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Adds the block's rows whose external id `keep` accepts, in order; each gets the next `seq`,
    /// and its actors their numbers.
    pub fn add(&mut self, mut block: RowBlock, mut keep: impl FnMut(u64) -> bool) {
        if self.failed.is_some() {
            return;
        }
        let block_index = self.run.blocks.len() as u32;
        // The import's number of each of the block's actors, looked up when a kept row first names
        // it: an actor only rejected rows name is not stored.
        let mut numbers = vec![None; block.actors.names.len()];
        let local_actors = std::mem::take(&mut block.actors);
        for (index, row) in block.rows.iter_mut().enumerate() {
            if !keep(row.external_id) {
                continue;
            }
            self.rows += 1;
            row.actors = row.actors.map(|local| {
                *numbers[local as usize]
                    .get_or_insert_with(|| self.actors.number(&local_actors, local))
            });
            let key = RowKey {
                source: self.actors.key_of[row.actors[0] as usize],
                target: self.actors.key_of[row.actors[1] as usize],
                date: row.date,
                seq: self.rows,
            };
            self.run.order.push(RunRow {
                key,
                block: block_index,
                index: index as u32,
            });
        }
        self.run.push_block(block);
        if self.run.footprint >= self.run_bytes || self.run.order.len() >= MAX_RUN_ROWS {
            if let Err(e) = self.spill() {
                self.failed = Some(e);
            }
        }
    }

    /// Sorts the rows in memory and writes them to a new run file.
    fn spill(&mut self) -> std::io::Result<()> {
        let run = self.sorted_run();
        let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
        for index in 0..run.len() {
            write_row(&mut file, &run.row(index))?;
        }
        let file = file.into_inner().map_err(|e| e.into_error())?;
        self.spilled.push(file);
        Ok(())
    }

    fn sorted_run(&mut self) -> Run {
        let mut run = std::mem::take(&mut self.run);
        let ranks = self.actors.keys.ranks();
        // A row's whole sort key as one integer, so that sorting compares integers without looking
        // ranks up: source rank, target rank, date, and the row's position in the run, which
        // follows `seq` (rows arrive in input order) and fits 32 bits (see `MAX_RUN_ROWS`).
        let mut keys: Vec<u128> = run
            .order
            .par_iter()
            .enumerate()
            .map(|(position, row)| {
                let key = &row.key;
                u128::from(ranks[key.source as usize]) << 96
                    | u128::from(ranks[key.target as usize]) << 64
                    | u128::from((key.date as u32) ^ (1 << 31)) << 32
                    | position as u128
            })
            .collect();
        keys.par_sort_unstable();
        run.order = keys
            .par_iter()
            .map(|&key| run.order[key as u32 as usize])
            .collect();
        run
    }

    /// Every row kept, sorted; the actors they name; and how many rows there are.
    pub fn finish(mut self) -> std::io::Result<(Sorted, ImportActors, u64)> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let sorted = if self.spilled.is_empty() {
            Sorted::InMemory(Arc::new(self.sorted_run()))
        } else {
            if !self.run.order.is_empty() {
                self.spill()?;
            }
            Sorted::Spilled(std::mem::take(&mut self.spilled))
        };
        Ok((sorted, self.actors, self.rows))
    }
}

/// Bytes before a spilled row's strings: seq, id, goldstein, tone (8 bytes each), seven 4-byte
/// numbers (the last two the actors'), quad class, presence bits, three 2-byte lengths. [`write_row`]
/// and [`read_run`] go through them in the same order.
const SPILLED_FIXED: usize = 8 * 4 + 4 * 7 + 2 + 2 * TEXTS;

/// A spilled row: its fixed part, then its strings.
fn write_row(out: &mut impl Write, view: &RowView<'_>) -> std::io::Result<()> {
    let row = view.row;
    let mut fixed = [0u8; SPILLED_FIXED];
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        fixed[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(&view.seq.to_le_bytes());
    put(&row.external_id.to_le_bytes());
    put(&row.goldstein.to_le_bytes());
    put(&row.avg_tone.to_le_bytes());
    for number in [
        row.num_mentions,
        row.num_articles,
        row.num_reports,
        row.num_sources,
        row.date,
    ] {
        put(&number.to_le_bytes());
    }
    for actor in row.actors {
        put(&actor.to_le_bytes());
    }
    put(&[row.quad_class, row.present]);
    for length in row.text_lengths {
        put(&length.to_le_bytes());
    }
    out.write_all(&fixed)?;
    out.write_all(view.block.texts(row))
}

/// Reads a spilled run back into memory, in its sorted order.
fn read_run(mut file: &File) -> std::io::Result<Run> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut run = Run::default();
    let mut block = RowBlock::default();
    let mut fixed = [0u8; SPILLED_FIXED];
    loop {
        match reader.read_exact(&mut fixed) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        let mut rest = &fixed[..];
        let mut take = |n: usize| {
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head
        };
        let seq = u64::from_le_bytes(take(8).try_into().unwrap_or_default());
        let external_id = u64::from_le_bytes(take(8).try_into().unwrap_or_default());
        let goldstein = f64::from_le_bytes(take(8).try_into().unwrap_or_default());
        let avg_tone = f64::from_le_bytes(take(8).try_into().unwrap_or_default());
        let [num_mentions, num_articles, num_reports, num_sources, date] =
            [(); 5].map(|()| i32::from_le_bytes(take(4).try_into().unwrap_or_default()));
        let actors = [(); 2].map(|()| u32::from_le_bytes(take(4).try_into().unwrap_or_default()));
        let [quad_class, present] = [take(1)[0], take(1)[0]];
        let text_lengths =
            [(); TEXTS].map(|()| u16::from_le_bytes(take(2).try_into().unwrap_or_default()));
        let texts_at = block.bytes.len();
        let length: usize = text_lengths.iter().map(|&n| usize::from(n)).sum();
        block.bytes.resize(texts_at + length, 0);
        reader.read_exact(&mut block.bytes[texts_at..])?;
        run.order.push(RunRow {
            key: RowKey {
                source: 0,
                target: 0,
                date: 0,
                seq,
            },
            block: run.blocks.len() as u32,
            index: block.rows.len() as u32,
        });
        block.rows.push(PackedRow {
            external_id,
            goldstein,
            avg_tone,
            num_mentions,
            num_articles,
            present,
            num_reports,
            num_sources,
            date,
            quad_class,
            actors,
            texts_at: texts_at as u32,
            text_lengths,
        });
        if block.bytes.len() >= 8 << 20 {
            run.push_block(std::mem::take(&mut block));
        }
    }
    run.push_block(block);
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(id: u64, source: &'a str, target: &'a str, date: i32) -> EventRow<'a> {
        EventRow {
            external_id: id,
            date,
            source_country: Cow::Borrowed(source),
            target_code: Cow::Borrowed(target),
            cameo: "042",
            quad_class: 1,
            goldstein: 2.5,
            num_reports: 3,
            num_sources: 2,
            num_articles: Some(3),
            avg_tone: (id & 1 == 0).then_some(-1.25),
            url: "https://example.org/a",
            ..EventRow::default()
        }
    }

    /// Each run's rows as (seq, external id), from one-row blocks, spilling once a run holds
    /// `rows_per_run` rows.
    fn sorted(
        rows: &[EventRow<'_>],
        rows_per_run: usize,
        keep: impl Fn(u64) -> bool,
    ) -> Vec<Vec<(u64, u64)>> {
        let mut sorter = Sorter::with_run_bytes(usize::MAX);
        let mut blocks = Vec::new();
        for r in rows {
            let mut block = RowBlock::default();
            block.push(r).unwrap();
            blocks.push(block);
        }
        let row_bytes = blocks.iter().map(RowBlock::footprint).min().unwrap_or(1);
        sorter.run_bytes = row_bytes * rows_per_run;
        for block in blocks {
            sorter.add(block, &keep);
        }
        let (sorted, _, _) = sorter.finish().unwrap();
        sorted
            .runs()
            .map(|run| {
                let run = run.unwrap();
                (0..run.len())
                    .map(|i| (run.row(i).seq, run.row(i).row.external_id))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rows_come_out_sorted_by_dyad_then_date_with_ties_in_input_order() {
        let rows = [
            row(1, "USA", "CHN", 2),
            row(2, "AZE", "ISR", 9),
            row(3, "USA", "CHN", 1),
            row(4, "", "ISR", 5),
            row(5, "AZE", "ISR", 9),
            row(6, "USAGOV", "", 1),
        ];
        // (seq, external id): the row without a source first, then AZE's two in input order, USA's
        // by date, and "USAGOV" after every "USA" row.
        assert_eq!(
            sorted(&rows, 100, |_| true),
            [vec![(4, 4), (2, 2), (5, 5), (3, 3), (1, 1), (6, 6)]]
        );
        // Spilled in runs of two rows, each sorted on its own.
        assert_eq!(
            sorted(&rows, 2, |_| true),
            [
                vec![(2, 2), (1, 1)],
                vec![(4, 4), (3, 3)],
                vec![(5, 5), (6, 6)]
            ]
        );
    }

    #[test]
    fn actors_are_numbered_across_blocks_by_the_first_kept_row_naming_them() {
        let rows = [
            row(1, "USA", "CHN", 0),
            row(2, "AZE", "ISR", 0),
            row(3, "RUS", "UKR", 0),
            row(4, "AZE", "CHN", 0),
        ];
        let mut sorter = Sorter::new();
        for pair in rows.chunks(2) {
            let mut block = RowBlock::default();
            for r in pair {
                block.push(r).unwrap();
            }
            sorter.add(block, |id| id != 3);
        }
        let (Sorted::InMemory(run), actors, 3) = sorter.finish().unwrap() else {
            panic!("expected three rows in memory");
        };
        // RUS and UKR are named only by the rejected row.
        let keys: Vec<&[u8]> = (0..actors.len()).map(|n| actors.key(n)).collect();
        assert_eq!(keys, [&b"USA"[..], b"CHN", b"AZE", b"ISR"]);
        assert_eq!(actors.names(1), ["CHN", "", ""]);
        // Sorted by source key, then target key.
        let numbered: Vec<(u64, [u32; 2])> = (0..run.len())
            .map(|i| (run.row(i).row.external_id, run.row(i).row.actors))
            .collect();
        assert_eq!(numbered, [(4, [2, 1]), (2, [2, 3]), (1, [0, 1])]);
    }

    #[test]
    fn rejected_rows_take_no_seq() {
        let rows = [
            row(10, "USA", "CHN", 2),
            row(11, "AZE", "ISR", 9),
            row(12, "AZE", "ISR", 8),
        ];
        assert_eq!(sorted(&rows, 100, |id| id != 11), [vec![(2, 12), (1, 10)]]);
    }

    #[test]
    fn spilled_rows_read_back_whole() {
        let mut rows: Vec<EventRow<'_>> = (0..5).map(|i| row(i, "RUS", "UKR", i as i32)).collect();
        rows[3].source_name = "Вооружённые силы";
        rows[3].num_mentions = Some(7);
        rows[3].outlet = "Interfax";
        let mut block = RowBlock::default();
        for r in &rows {
            block.push(r).unwrap();
        }
        let mut sorter = Sorter::with_run_bytes(1);
        sorter.add(block, |_| true);
        let (Sorted::Spilled(files), actors, 5) = sorter.finish().unwrap() else {
            panic!("expected one spilled run of five rows");
        };
        let run = read_run(&files[0]).unwrap();
        assert_eq!(run.len(), 5);
        for (i, original) in rows.iter().enumerate() {
            let view = run.row(i);
            let got = view.row;
            assert_eq!(view.seq, i as u64 + 1);
            assert_eq!(
                (
                    got.external_id,
                    got.date,
                    got.quad_class,
                    got.goldstein,
                    got.avg_tone()
                ),
                (
                    original.external_id,
                    original.date,
                    1,
                    2.5,
                    original.avg_tone
                )
            );
            assert_eq!(
                (
                    got.num_reports,
                    got.num_sources,
                    got.num_mentions(),
                    got.num_articles()
                ),
                (3, 2, original.num_mentions, Some(3))
            );
            // Actors come back as the import's numbers for them.
            let [source, target] = got.actors.map(|n| actors.names(n as usize));
            assert_eq!(source, ["", "RUS", original.source_name]);
            assert_eq!(target, ["UKR", "", ""]);
            assert_eq!(view.text(Text::Outlet), original.outlet.as_bytes());
            assert_eq!(view.text(Text::Url), b"https://example.org/a");
        }
    }

    #[test]
    fn a_field_too_long_to_pack_is_refused() {
        let long = "x".repeat(LONGEST_FIELD + 1);
        let mut too_long = row(1, "USA", "CHN", 0);
        too_long.url = &long;
        let mut block = RowBlock::default();
        assert!(block
            .push(&too_long)
            .unwrap_err()
            .contains("longer than 65535"));
        assert_eq!(block.len(), 0);
    }
}
