//! Validated import rows held in memory, sorted by dyad for loading.
//!
//! Parsing threads turn each line into an [`EventRow`] and pack it into a [`RowBlock`]: its numbers
//! in a fixed-size [`PackedRow`], its strings as numbers among the block's. The [`Sorter`] takes
//! the blocks back in input order, drops the rows it does not keep, numbers the rest (`seq`, from
//! which event ids come) and sorts them by dyad key, so that a dyad's events sit together in the
//! store and DuckDB's zone maps skip the rest. Rows stay where the parsing threads wrote them: the
//! sort orders one 16-byte key per row. DuckDB then reads the sorted rows from memory
//! ([`super::feed`]): nothing is written out as text and parsed again.

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
    pub location: Option<ImportLocation<'a>>,
}

/// Where an imported event happened, as its dataset says (GDELT's `ActionGeo_*` columns, ICEWS's
/// City, Province, Country and coordinates), borrowed from the input line. Empty strings are NULL.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct ImportLocation<'a> {
    pub name: &'a str,
    /// ISO 3166-1 alpha-3.
    pub country: &'a str,
    /// The dataset's own code or name of the first-level division.
    pub adm1: &'a str,
    /// Checked to be a latitude and a longitude, kept as written.
    pub lat: &'a str,
    pub lon: &'a str,
    pub feature_id: &'a str,
    /// city | adm1 | country.
    pub precision: &'static str,
}

impl ImportLocation<'_> {
    /// The fields joined by tabs (which no field holds), as one string to number.
    fn join_into(&self, joined: &mut String) {
        joined.clear();
        for (i, field) in [
            self.name,
            self.country,
            self.adm1,
            self.lat,
            self.lon,
            self.feature_id,
            self.precision,
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                joined.push('\t');
            }
            joined.push_str(field);
        }
    }
}

/// A latitude or longitude as written, if it is one: a finite number within `limit` degrees.
pub(crate) fn coordinate(text: &str, limit: f64) -> Option<&str> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && x.abs() <= limit)
        .map(|_| text)
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

/// A row's numbers, its strings numbered among its block's (among the import's once the sorter has
/// taken the row): one cache line, since copying a stripe out reads rows in sorted order from
/// anywhere in memory, and each line read is a miss.
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
    /// The source's and the target's numbers (see [`ImportNames`]).
    pub actors: [u32; 2],
    /// The URL's number ("" when the row has none).
    pub url: u32,
    /// The outlet's number ("" when the row has none).
    pub outlet: u32,
    /// The CAMEO code's number: there are 2,220 well-formed codes.
    pub cameo: u16,
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

/// Rows packed by one parsing thread, in input order, with the strings they name. Each string is
/// numbered once per block: a block's rows name a few thousand actors, each many times, and every
/// article yields several events.
#[derive(Default)]
pub(crate) struct RowBlock {
    rows: Vec<PackedRow>,
    /// Each actor by its code, country and name joined by tabs (which no field holds).
    actors: Interner,
    urls: Interner,
    outlets: Interner,
    cameos: Interner,
    /// Each location by its fields joined by tabs ([`ImportLocation`]).
    places: Interner,
    /// (row's index in the block, its location's number) for the rows that have one.
    located: Vec<(u32, u32)>,
    /// Reused for joining an actor's names.
    joined: String,
}

impl RowBlock {
    /// A block for rows parsed from about `input_bytes` of input: export lines are over a hundred
    /// bytes. (Reserving is free until the memory is written, and growing a vector copies it.)
    pub fn with_capacity(input_bytes: usize) -> Self {
        Self {
            rows: Vec::with_capacity(input_bytes / 100),
            ..Self::default()
        }
    }

    /// Packs `row`, or says why it cannot.
    pub fn push(&mut self, row: &EventRow<'_>) -> Result<(), String> {
        let cameo = u16::try_from(self.cameos.number(row.cameo))
            .map_err(|_| format!("more distinct event codes than {}", u16::MAX))?;
        if let Some(location) = &row.location {
            location.join_into(&mut self.joined);
            let place = self.places.number(&self.joined);
            self.located.push((self.rows.len() as u32, place));
        }
        let actors = [
            [&row.source_code, &row.source_country, row.source_name],
            [&row.target_code, &row.target_country, row.target_name],
        ]
        .map(|[code, country, name]| {
            self.joined.clear();
            self.joined.extend([code, "\t", country, "\t", name]);
            self.actors.number(&self.joined)
        });
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
            url: self.urls.number(row.url),
            outlet: self.outlets.number(row.outlet),
            cameo,
        });
        Ok(())
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Memory the block's rows take in a run, for bounding what is held before spilling. (The
    /// sorter takes the block's strings away.)
    fn footprint(&self) -> usize {
        self.rows.len() * ROW_FOOTPRINT
    }
}

/// One stored row as a loader sees it.
pub(crate) struct RowView<'r> {
    pub seq: u64,
    pub row: &'r PackedRow,
}

/// Sorted rows ready to load: the blocks holding them, and their sorted order.
pub(crate) struct Run {
    /// Only kept rows, in input order: a row's position in the run counts rows across blocks.
    blocks: Vec<RowBlock>,
    /// The position of each block's first row.
    block_starts: Vec<u32>,
    footprint: usize,
    /// Each row's sort key ([`sort_key`]), in sorted order once the run is sorted. Its low 32 bits
    /// are the row's position.
    order: Vec<u128>,
    seqs: Seqs,
}

/// Where a run's rows get their `seq`.
enum Seqs {
    /// From their position: the run holds every row kept after the first `before`.
    Counted { before: u64 },
    /// Read back with a spilled run, by position.
    Stored(Vec<u64>),
}

impl Run {
    /// An empty run whose rows follow the first `before` kept.
    fn after(before: u64) -> Self {
        Self {
            blocks: Vec::new(),
            block_starts: Vec::new(),
            footprint: 0,
            order: Vec::new(),
            seqs: Seqs::Counted { before },
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// The `index`th row in sorted order.
    pub fn row(&self, index: usize) -> RowView<'_> {
        let (seq, [block, at]) = self.locate(index);
        RowView {
            seq,
            row: &self.blocks[block as usize].rows[at as usize],
        }
    }

    /// The `index`th row's `seq`, its block, and its place in that block.
    fn locate(&self, index: usize) -> (u64, [u32; 2]) {
        let position = self.order[index] as u32;
        let block = self.block_of(position);
        let seq = match &self.seqs {
            Seqs::Counted { before } => before + u64::from(position) + 1,
            Seqs::Stored(seqs) => seqs[position as usize],
        };
        (seq, [block as u32, position - self.block_starts[block]])
    }

    /// The block holding the row at `position`: the last one starting at or before it (blocks are
    /// never empty). A binary search whose steps depend only on the number of blocks, choosing each
    /// half without a branch, since mispredictions would be frequent.
    fn block_of(&self, position: u32) -> usize {
        let starts = &self.block_starts;
        let (mut base, mut size) = (0, starts.len());
        while size > 1 {
            let half = size / 2;
            base = if starts[base + half] <= position {
                base + half
            } else {
                base
            };
            size -= half;
        }
        base
    }

    /// Rows `range` copied out into `stripe` in sorted order. Sorting only reorders keys, so
    /// neighbouring rows sit anywhere in memory; copying a stripe out first lets the loader read it
    /// in order.
    ///
    /// Rows are located first and copied in a second pass: the copy is then a short loop of
    /// independent reads, so the processor fetches many rows at once instead of waiting for each
    /// behind the search for the next (one pass took three times as long).
    pub fn copy_out(&self, range: std::ops::Range<usize>, stripe: &mut Stripe) {
        stripe.seqs.clear();
        stripe.rows.clear();
        stripe.locations.clear();
        for index in range {
            let (seq, location) = self.locate(index);
            stripe.seqs.push(seq);
            stripe.locations.push(location);
        }
        stripe.rows.extend(
            stripe
                .locations
                .iter()
                .map(|&[block, at]| self.blocks[block as usize].rows[at as usize]),
        );
    }

    /// Adds a block of kept rows, whose positions start at [`Run::len`]; an empty one is dropped.
    fn push_block(&mut self, block: RowBlock, first_position: usize) {
        if block.rows.is_empty() {
            return;
        }
        self.footprint += block.footprint();
        self.block_starts.push(first_position as u32);
        self.blocks.push(block);
    }
}

/// A row's sort key as one integer, so that sorting compares integers: its source key, target key,
/// date, and position in its run, which follows `seq` (rows arrive in input order) and fits 32 bits
/// (see [`MAX_RUN_ROWS`]). Keys are the import's numbers for them until [`Sorter::sorted_run`] puts
/// their ranks in byte order in their place.
fn sort_key(source: u32, target: u32, date: i32, position: usize) -> u128 {
    u128::from(source) << 96
        | u128::from(target) << 64
        | u128::from((date as u32) ^ (1 << 31)) << 32
        | u128::from(position as u32)
}

/// A stretch of a run's rows, copied out in order by [`Run::copy_out`].
#[derive(Default)]
pub(crate) struct Stripe {
    seqs: Vec<u64>,
    rows: Vec<PackedRow>,
    /// Where each row was found in the run (kept for reuse).
    locations: Vec<[u32; 2]>,
}

impl Stripe {
    pub fn len(&self) -> usize {
        self.seqs.len()
    }

    pub fn row(&self, index: usize) -> RowView<'_> {
        RowView {
            seq: self.seqs[index],
            row: &self.rows[index],
        }
    }
}

/// Strings numbered in order of first appearance, each stored once.
#[derive(Default)]
struct Interner {
    numbers: HashMap<Arc<str>, u32, FixedState>,
    strings: Vec<Arc<str>>,
}

impl Interner {
    /// The number of `string`: a new one takes the next.
    fn number(&mut self, string: &str) -> u32 {
        if let Some(&number) = self.numbers.get(string) {
            return number;
        }
        let number = self.strings.len() as u32;
        let string: Arc<str> = string.into();
        self.strings.push(string.clone());
        self.numbers.insert(string, number);
        number
    }

    fn get(&self, number: usize) -> &str {
        &self.strings[number]
    }

    fn len(&self) -> usize {
        self.strings.len()
    }

    /// Every string, in number order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.strings.iter().map(|s| &**s)
    }

    /// Each number's position in the byte order of the strings.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.strings.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.strings[a as usize].cmp(&self.strings[b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, number) in order.into_iter().enumerate() {
            ranks[number as usize] = rank as u32;
        }
        ranks
    }
}

/// An actor's code, country and name (empty when absent), from their tab-joined form.
fn split_names(joined: &str) -> [&str; 3] {
    let mut parts = joined.splitn(3, '\t');
    [(); 3].map(|()| parts.next().unwrap_or_default())
}

/// The strings an import's rows name, numbered in order of first appearance, so that a row carries
/// five numbers instead of nine strings. Each actor also has its dyad key: its country, else its
/// code, as the store keys dyads (`dyad_key_store`).
#[derive(Default)]
pub(crate) struct ImportNames {
    actors: Interner,
    /// Each actor's key, as a number in `keys`.
    key_of: Vec<u32>,
    keys: Interner,
    urls: Interner,
    outlets: Interner,
    cameos: Interner,
    /// Each location, by its fields joined by tabs.
    places: Interner,
    /// (seq, location's number) of the rows kept that have a location, in seq order.
    located: Vec<(u64, u32)>,
}

/// A block's numbers for one kind of its strings, mapped to the import's when a kept row first
/// names each: a string only rejected rows name is not stored.
struct Renumbering {
    numbers: Vec<Option<u32>>,
    block: Interner,
}

impl Renumbering {
    fn new(block: Interner) -> Self {
        Self {
            numbers: vec![None; block.len()],
            block,
        }
    }

    /// The import's number, in `import`, for the block's `local`th string.
    fn number(&mut self, local: u32, import: &mut Interner) -> u32 {
        let block = &self.block;
        *self.numbers[local as usize]
            .get_or_insert_with(|| import.number(block.get(local as usize)))
    }
}

impl ImportNames {
    /// The import's number for a block's `local`th actor.
    fn actor_number(&mut self, block: &mut Renumbering, local: u32) -> u32 {
        let known = self.actors.len();
        let number = block.number(local, &mut self.actors);
        // A new actor takes the next number.
        if number as usize == known {
            let [code, country, _] = split_names(self.actors.get(known));
            let key = crate::nodes::dyad_key(code, country);
            let key = self.keys.number(key);
            self.key_of.push(key);
        }
        number
    }

    /// Every actor's code, country and name (empty when absent), by number.
    pub fn actors(&self) -> impl Iterator<Item = [&str; 3]> {
        self.actors.iter().map(split_names)
    }

    /// Every actor's dyad key (empty when it has neither country nor code), by actor number.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.key_of.iter().map(|&key| self.keys.get(key as usize))
    }

    /// Every URL, by number; empty for rows without one.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.urls.iter()
    }

    /// Every outlet, by number; empty for rows without one.
    pub fn outlets(&self) -> impl Iterator<Item = &str> {
        self.outlets.iter()
    }

    /// Every CAMEO code, by number.
    pub fn cameos(&self) -> impl Iterator<Item = &str> {
        self.cameos.iter()
    }

    /// Every location's name, country, adm1, latitude, longitude, feature id and precision (empty
    /// when absent; coordinates as written), by number.
    pub fn places(&self) -> impl Iterator<Item = [&str; 7]> {
        self.places.iter().map(|joined| {
            let mut fields = joined.split('\t');
            [(); 7].map(|()| fields.next().unwrap_or_default())
        })
    }

    /// (seq, location's number) of every row kept that has a location, in seq order.
    pub fn located(&self) -> &[(u64, u32)] {
        &self.located
    }
}

/// Memory held before a sorted run is spilled to disk. Below it (about 40 million rows, at 80 bytes
/// a row; the import's strings, needed until the load ends, come on top) the input is sorted and
/// loaded from memory; beyond it, each run is sorted, spilled, and later
/// loaded on its own, so a dyad's events sit in one stretch per run.
const RUN_BYTES: usize = 3 << 30;

/// Room for rows to come below which [`Sorter::expect_rows`] estimates again: more than a block's.
const EXPECT_AHEAD_ROWS: usize = 1 << 18;

/// Memory a row takes in a run: the packed row and its sort key.
const ROW_FOOTPRINT: usize = size_of::<PackedRow>() + size_of::<u128>();

/// Rows after which a run is spilled however little memory it takes, so that a row's position in
/// its run fits 32 bits, with room for the block that crosses the limit. [`RUN_BYTES`] is reached
/// long before.
const MAX_RUN_ROWS: usize = (u32::MAX / 2) as usize;

/// Numbers the rows kept in input order and sorts them by (source key, target key, date), ties in
/// input order. Keys are interned to numbers as rows arrive, so sorting compares integers.
pub(crate) struct Sorter {
    run_bytes: usize,
    run: Run,
    names: ImportNames,
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
            run: Run::after(0),
            names: ImportNames::default(),
            spilled: Vec::new(),
            rows: 0,
            failed: None,
        }
    }

    /// Makes room for the rows still to come whenever the room left runs short, estimated from the
    /// rows kept so far in `bytes_read` of `bytes_total` input bytes: growing the sort keys by
    /// doubling alone would copy them, and clear fresh memory for them, a few times over.
    pub fn expect_rows(&mut self, bytes_read: u64, bytes_total: u64) {
        let order = &mut self.run.order;
        if bytes_read == 0 || order.capacity() - order.len() > EXPECT_AHEAD_ROWS {
            return;
        }
        let estimate = (self.rows as f64 * bytes_total as f64 / bytes_read as f64 * 1.05) as usize;
        let rows = (estimate.max(order.len() + order.len() / 2) + EXPECT_AHEAD_ROWS)
            .min(MAX_RUN_ROWS)
            .min(self.run_bytes / ROW_FOOTPRINT);
        order.reserve_exact(rows.saturating_sub(order.len()));
    }

    /// Rows kept so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Adds the block's rows whose external id `keep` accepts, in order; each gets the next `seq`,
    /// and its strings their numbers. Rejected rows are dropped from the block.
    pub fn add(&mut self, mut block: RowBlock, mut keep: impl FnMut(u64) -> bool) {
        if self.failed.is_some() {
            return;
        }
        let names = &mut self.names;
        let mut actors = Renumbering::new(std::mem::take(&mut block.actors));
        let mut urls = Renumbering::new(std::mem::take(&mut block.urls));
        let mut outlets = Renumbering::new(std::mem::take(&mut block.outlets));
        let mut cameos = Renumbering::new(std::mem::take(&mut block.cameos));
        let mut places = Renumbering::new(std::mem::take(&mut block.places));
        let located = std::mem::take(&mut block.located);
        let mut located = located.iter().peekable();
        let first_position = self.run.len();
        let order = &mut self.run.order;
        order.reserve(block.rows.len());
        let mut kept = 0;
        for index in 0..block.rows.len() {
            let mut row = block.rows[index];
            let place = located
                .next_if(|&&(at, _)| at as usize == index)
                .map(|&(_, place)| place);
            if !keep(row.external_id) {
                continue;
            }
            if let Some(place) = place {
                // The row's seq: one after the rows kept before it ([`Run::locate`]).
                let seq = self.rows + kept as u64 + 1;
                let number = places.number(place, &mut names.places);
                names.located.push((seq, number));
            }
            row.actors = row
                .actors
                .map(|local| names.actor_number(&mut actors, local));
            row.url = urls.number(row.url, &mut names.urls);
            row.outlet = outlets.number(row.outlet, &mut names.outlets);
            // Parsers keep only well-formed codes, of which there are 2,220: the number fits.
            row.cameo = cameos.number(u32::from(row.cameo), &mut names.cameos) as u16;
            let [source, target] = row.actors.map(|actor| names.key_of[actor as usize]);
            order.push(sort_key(source, target, row.date, first_position + kept));
            block.rows[kept] = row;
            kept += 1;
        }
        block.rows.truncate(kept);
        self.rows += kept as u64;
        self.run.push_block(block, first_position);
        if self.run.footprint >= self.run_bytes || self.run.len() >= MAX_RUN_ROWS {
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

    /// The rows held so far, sorted; later rows start a new run.
    fn sorted_run(&mut self) -> Run {
        let mut run = std::mem::replace(&mut self.run, Run::after(self.rows));
        let ranks = self.names.keys.ranks();
        let rank = |key: u128| u128::from(ranks[key as u32 as usize]);
        run.order.par_iter_mut().for_each(|key| {
            *key = rank(*key >> 96) << 96 | rank(*key >> 64) << 64 | (*key & u128::from(u64::MAX));
        });
        run.order.par_sort_unstable();
        run
    }

    /// Every row kept, sorted; the strings they name; and how many rows there are.
    pub fn finish(mut self) -> std::io::Result<(Sorted, ImportNames, u64)> {
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
        Ok((sorted, self.names, self.rows))
    }
}

/// Bytes of a spilled row: seq, id, goldstein, tone (8 bytes each), nine 4-byte numbers (the last
/// four the actors', the URL's and the outlet's), the CAMEO code's 2-byte number, quad class and
/// presence bits. [`write_row`] and [`read_run`] go through them in the same order.
const SPILLED_ROW: usize = 8 * 4 + 4 * 9 + 2 + 2;

/// Rows read back into one block of a spilled run.
const SPILLED_BLOCK_ROWS: usize = 1 << 17;

fn write_row(out: &mut impl Write, view: &RowView<'_>) -> std::io::Result<()> {
    let row = view.row;
    let mut fixed = [0u8; SPILLED_ROW];
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
    for name in [row.actors[0], row.actors[1], row.url, row.outlet] {
        put(&name.to_le_bytes());
    }
    put(&row.cameo.to_le_bytes());
    put(&[row.quad_class, row.present]);
    out.write_all(&fixed)
}

/// Reads a spilled run back into memory, in its sorted order: each row's position is its place in
/// that order.
fn read_run(mut file: &File) -> std::io::Result<Run> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut run = Run::after(0);
    let mut seqs = Vec::new();
    let mut block = RowBlock::default();
    let mut fixed = [0u8; SPILLED_ROW];
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
        let [source, target, url, outlet] =
            [(); 4].map(|()| u32::from_le_bytes(take(4).try_into().unwrap_or_default()));
        let cameo = u16::from_le_bytes(take(2).try_into().unwrap_or_default());
        let [quad_class, present] = [take(1)[0], take(1)[0]];
        run.order.push(sort_key(0, 0, 0, seqs.len()));
        seqs.push(seq);
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
            actors: [source, target],
            url,
            outlet,
            cameo,
        });
        if block.rows.len() >= SPILLED_BLOCK_ROWS {
            let first_position = seqs.len() - block.rows.len();
            run.push_block(std::mem::take(&mut block), first_position);
        }
    }
    let first_position = seqs.len() - block.rows.len();
    run.push_block(block, first_position);
    run.seqs = Seqs::Stored(seqs);
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
    fn actors_and_urls_are_numbered_across_blocks_by_the_first_kept_row_naming_them() {
        let with_url = |r: EventRow<'static>, url| EventRow { url, ..r };
        let rows = [
            with_url(row(1, "USA", "CHN", 0), "https://a.example/1"),
            with_url(row(2, "AZE", "ISR", 0), ""),
            with_url(row(3, "RUS", "UKR", 0), "https://c.example/3"),
            with_url(row(4, "AZE", "CHN", 0), "https://a.example/1"),
        ];
        let mut sorter = Sorter::new();
        for pair in rows.chunks(2) {
            let mut block = RowBlock::default();
            for r in pair {
                block.push(r).unwrap();
            }
            sorter.add(block, |id| id != 3);
        }
        let (Sorted::InMemory(run), names, 3) = sorter.finish().unwrap() else {
            panic!("expected three rows in memory");
        };
        // RUS and UKR are named only by the rejected row.
        let keys: Vec<&str> = names.keys().collect();
        assert_eq!(keys, ["USA", "CHN", "AZE", "ISR"]);
        assert_eq!(names.actors().nth(1), Some(["CHN", "", ""]));
        // Sorted by source key, then target key.
        let numbered: Vec<(u64, [u32; 2])> = (0..run.len())
            .map(|i| (run.row(i).row.external_id, run.row(i).row.actors))
            .collect();
        assert_eq!(numbered, [(4, [2, 1]), (2, [2, 3]), (1, [0, 1])]);
        // The rejected row's URL is not numbered; a URL named in two blocks is numbered once.
        let urls: Vec<&str> = names.urls().collect();
        assert_eq!(urls, ["https://a.example/1", ""]);
        let url_of: Vec<(u64, u32)> = (0..run.len())
            .map(|i| (run.row(i).row.external_id, run.row(i).row.url))
            .collect();
        assert_eq!(url_of, [(4, 0), (2, 1), (1, 0)]);
    }

    #[test]
    fn sort_keys_are_reserved_for_the_input_still_to_come_within_a_run() {
        let mut sorter = Sorter::new();
        let mut block = RowBlock::default();
        for id in 0..1000 {
            block.push(&row(id, "USA", "CHN", 1)).unwrap();
        }
        sorter.add(block, |_| true);
        // A tenth of the input read: room for about ten times the rows kept so far.
        sorter.expect_rows(100, 1000);
        assert!(sorter.run.order.capacity() >= 10_000);
        // Never more than a run holds.
        let mut small = Sorter::with_run_bytes(2000 * ROW_FOOTPRINT);
        small.rows = 1000;
        small.expect_rows(1, 1_000_000);
        assert!(small.run.order.capacity() <= 2000 + EXPECT_AHEAD_ROWS);
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
        let (Sorted::Spilled(files), names, 5) = sorter.finish().unwrap() else {
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
            let [source, target] = got.actors.map(|n| names.actors().nth(n as usize));
            assert_eq!(source, Some(["", "RUS", original.source_name]));
            assert_eq!(target, Some(["UKR", "", ""]));
            assert_eq!(
                names.outlets().nth(got.outlet as usize),
                Some(original.outlet)
            );
            assert_eq!(names.cameos().nth(got.cameo as usize), Some("042"));
            assert_eq!(names.urls().nth(got.url as usize), Some(original.url));
        }
    }
}
