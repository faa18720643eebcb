//! DuckDB reads sorted import rows straight from memory, through a table function.
//!
//! Loading through a text file cost more than anything else in an import: writing gigabytes, then
//! DuckDB's CSV reader parsing them again. Here `entente_import_rows()` hands DuckDB the packed rows
//! as typed vectors on every core, and one `INSERT ... SELECT` stores them.
//!
//! Each of DuckDB's parallel tasks takes a stripe of [`STRIPE_ROWS`] consecutive sorted rows, the
//! size of one of DuckDB's row groups, and emits it chunk by chunk, so that each row group the task
//! writes holds one stretch of the sort order and zone maps stay tight. Insertion order is not
//! preserved (it would make the insert single-threaded); event ids come from each row's `seq`, not
//! from storage order.
//!
//! Rows carry their strings as numbers ([`super::rows::ImportNames`]). Actors, URLs and dyad keys go
//! into the store as the store's numbers for them; the other strings (CAMEO codes, outlets) are not
//! copied into DuckDB's vectors: each vector entry points at the bytes, which are kept for the whole
//! statement.
//!
//! Writing a vector's typed data needs `unsafe` (the `duckdb` crate gives no safe setter for
//! numbers, and none that points at strings); this module is the only place in the workspace that
//! uses it.
#![allow(unsafe_code)]

use super::rows::{ImportNames, RowView, Run, Sorted, Stripe};
use crate::dimensions::{ACTORS, KEYS, URLS};
use crate::export::quote;
use crate::volume::add_volume_rows;
use crate::StoreError;
use duckdb::core::{DataChunkHandle, LogicalTypeHandle, LogicalTypeId};
use duckdb::ffi;
use duckdb::vtab::{BindInfo, InitInfo, TableFunctionInfo, VTab};
use duckdb::Connection;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The table function's name in SQL.
pub(crate) const FUNCTION: &str = "entente_import_rows";

/// DuckDB's rows per row group.
const STRIPE_ROWS: usize = 122_880;

/// The run the next load statement reads, and how many rows DuckDB has taken so far.
#[derive(Default)]
pub(crate) struct Feed {
    run: Mutex<Option<(Arc<Run>, Arc<StoredNames>)>>,
    delivered: AtomicU64,
}

/// What a row's numbered strings become in the store: for each of the import's actors, its store
/// id (None for a missing target) and its dyad key's (None for an actor with neither country nor
/// code); for each of its URLs, the store id (None for a row without one); its outlets and CAMEO
/// codes as text (an empty outlet is NULL).
pub(crate) struct StoredNames {
    actor_ids: Vec<Option<i32>>,
    key_ids: Vec<Option<i32>>,
    url_ids: Vec<Option<i32>>,
    outlets: Vec<Box<[u8]>>,
    cameos: Vec<Box<[u8]>>,
}

impl StoredNames {
    /// Stores the actors, dyad keys and URLs not yet stored, within the caller's transaction.
    fn store(conn: &Connection, names: &ImportNames) -> Result<Self, StoreError> {
        let actors: Vec<[&str; 3]> = names.actors().collect();
        let keys: Vec<[&str; 1]> = names.keys().map(|key| [key]).collect();
        let urls: Vec<[&str; 1]> = names.urls().map(|url| [url]).collect();
        Ok(Self {
            actor_ids: ACTORS.store_ids(conn, &actors)?,
            key_ids: KEYS.store_ids(conn, &keys)?,
            url_ids: URLS.store_ids(conn, &urls)?,
            outlets: names.outlets().map(|s| s.as_bytes().into()).collect(),
            cameos: names.cameos().map(|s| s.as_bytes().into()).collect(),
        })
    }
}

impl Feed {
    /// Registers the table function on `conn`, reading from the returned feed.
    pub fn register(conn: &Connection) -> Result<Arc<Feed>, StoreError> {
        let feed = Arc::new(Feed::default());
        conn.register_table_function_with_extra_info::<ImportRows, _>(FUNCTION, &feed)?;
        Ok(feed)
    }

    /// Makes `run` what the function returns, until [`Feed::clear`].
    pub fn set(&self, run: Arc<Run>, names: Arc<StoredNames>) {
        *self.run.lock().unwrap_or_else(PoisonError::into_inner) = Some((run, names));
    }

    pub fn clear(&self) {
        *self.run.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Rows handed to DuckDB since the feed was registered.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }
}

/// Inserts the rows of every run not yet stored for `origin`, within the caller's transaction;
/// returns how many were inserted.
pub(crate) fn load(
    conn: &Connection,
    feed: &Feed,
    origin: &str,
    sorted: &Sorted,
    names: &ImportNames,
) -> Result<u64, StoreError> {
    let (base, known): (i64, bool) = conn.query_row(
        &format!(
            "SELECT coalesce(max(event_id), 0), bool_or(origin = {}) IS TRUE FROM event_store",
            quote(origin)
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The anti-join against stored ids is a hash join over every stored event: skip it when
    // nothing from this dataset is stored yet.
    let not_yet_stored = if known {
        format!(
            "WHERE NOT EXISTS (SELECT 1 FROM event_store e WHERE e.origin = {} AND e.external_id = t.external_id)",
            quote(origin)
        )
    } else {
        String::new()
    };
    let insert = format!(
        "INSERT INTO event_store (event_id, origin, external_id, date, date_precision, cameo, quad_class,
                                  goldstein, modality, num_reports, num_sources, num_mentions, num_articles,
                                  avg_tone, outlet, url_id, source_key_id, target_key_id, source_actor, target_actor)
         SELECT {base} + t.seq, {origin}, t.external_id, t.date, 'day', t.cameo, t.quad_class,
                t.goldstein, 'actual', t.num_reports, t.num_sources, t.num_mentions, t.num_articles,
                t.avg_tone, t.outlet, t.url_id, t.source_key_id, t.target_key_id, t.source_actor, t.target_actor
         FROM {FUNCTION}() t
         {not_yet_stored}",
        origin = quote(origin),
    );
    let stored = Arc::new(StoredNames::store(conn, names)?);
    // Keeping insertion order would make DuckDB insert on one thread; order within the table does
    // not matter (ids come from `seq`), and stripes keep each row group to one stretch of the sort.
    // DuckDB tries every compression method on every column of every row group; run-length
    // encoding rarely wins on these rows (bit packing stores long runs of a sorted key nearly as
    // small: the store is 1.5% larger), and skipping its analysis takes about a tenth off the load.
    conn.execute_batch(
        "SET preserve_insertion_order = false; SET disabled_compression_methods = 'rle'",
    )?;
    let mut inserted = 0;
    let loaded = sorted.runs().try_for_each(|run| {
        let run = run.map_err(|e| StoreError::io(std::env::temp_dir(), e))?;
        let (rows, before) = (run.len() as u64, feed.delivered());
        feed.set(run, stored.clone());
        inserted += conn.execute(&insert, [])? as u64;
        let handed = feed.delivered() - before;
        if handed != rows {
            return Err(StoreError::Invalid(format!(
                "import handed DuckDB {handed} of {rows} rows; nothing was stored"
            )));
        }
        Ok(())
    });
    conn.execute_batch("RESET preserve_insertion_order; RESET disabled_compression_methods")?;
    loaded?;
    store_locations(conn, names, base)?;
    conn.execute(add_volume_rows!("", "event_id > ?"), [base, base])?;
    Ok(inserted)
}

/// Where the events this load inserted happened, as their dataset says: a `location_store` row
/// each. The distinct places and each event's place go to two tables of the load's transaction
/// (two numbers a row, not four strings), then one join fills `location_store`; ids above `base`
/// are this load's, so an event already stored keeps the row it has.
fn store_locations(conn: &Connection, names: &ImportNames, base: i64) -> Result<(), StoreError> {
    if names.located().is_empty() {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE TABLE import_place (place INTEGER, name VARCHAR, country VARCHAR, adm1 VARCHAR,
                                    lat DOUBLE, lon DOUBLE, feature_id VARCHAR, precision VARCHAR);
         CREATE TABLE import_located (event_id BIGINT, place INTEGER);",
    )?;
    let null_if_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut places = conn.appender("import_place")?;
    for (number, [name, country, adm1, lat, lon, feature_id, precision]) in
        names.places().enumerate()
    {
        // Coordinates were checked when the row was parsed.
        let [lat, lon] = [lat, lon].map(|c| c.parse::<f64>().ok());
        places.append_row(duckdb::params![
            number as i64,
            null_if_empty(name),
            null_if_empty(country),
            null_if_empty(adm1),
            lat,
            lon,
            null_if_empty(feature_id),
            precision,
        ])?;
    }
    places.flush()?;
    drop(places);
    let mut located = conn.appender("import_located")?;
    for &(seq, place) in names.located() {
        located.append_row(duckdb::params![base + seq as i64, place as i64])?;
    }
    located.flush()?;
    drop(located);
    conn.execute(
        "INSERT INTO location_store (event_id, name, country, adm1, lat, lon, feature_id, precision)
         SELECT l.event_id, p.name, p.country, p.adm1, p.lat, p.lon, p.feature_id, p.precision
         FROM import_located l JOIN import_place p USING (place)
         WHERE l.event_id IN (SELECT event_id FROM event_store WHERE event_id > ?)",
        [base],
    )?;
    conn.execute_batch("DROP TABLE import_place; DROP TABLE import_located;")?;
    Ok(())
}

/// The columns the function returns, in order, with their DuckDB types. [`fill`] writes each with
/// the Rust type that matches.
const COLUMNS: &[(&str, LogicalTypeId)] = &[
    ("seq", LogicalTypeId::Bigint),
    ("external_id", LogicalTypeId::Bigint),
    ("date", LogicalTypeId::Date),
    ("source_actor", LogicalTypeId::Integer),
    ("target_actor", LogicalTypeId::Integer),
    ("source_key_id", LogicalTypeId::Integer),
    ("target_key_id", LogicalTypeId::Integer),
    ("cameo", LogicalTypeId::Varchar),
    ("quad_class", LogicalTypeId::Tinyint),
    ("goldstein", LogicalTypeId::Double),
    ("num_reports", LogicalTypeId::Integer),
    ("num_sources", LogicalTypeId::Integer),
    ("num_mentions", LogicalTypeId::Integer),
    ("num_articles", LogicalTypeId::Integer),
    ("avg_tone", LogicalTypeId::Double),
    ("outlet", LogicalTypeId::Varchar),
    ("url_id", LogicalTypeId::Integer),
];

struct ImportRows;

/// Which stripes are taken, and what each task holds between two calls.
#[derive(Default)]
struct Stripes {
    next: AtomicUsize,
    parked: Mutex<Vec<(Task, Held)>>,
}

/// Which of DuckDB's tasks is calling: the address of the chunk it asks to fill. A task keeps its
/// chunk for its whole life but may run on a different thread after each pause, so the thread would
/// not do: a task that went on with another thread's stripe would write a row group mixing two
/// stretches of the sort.
type Task = usize;

/// What a task holds between two calls: the stripe it is emitting, and how far it has got.
struct Held {
    stripe: Stripe,
    next: usize,
}

impl Stripes {
    /// What `task` held after its last call, if anything. DuckDB calls every task until it gets no
    /// rows, so a stripe is always finished by the task that took it ([`load`] checks every row was
    /// handed over).
    fn resume(&self, task: Task) -> Option<Held> {
        let mut parked = self.parked.lock().unwrap_or_else(PoisonError::into_inner);
        let at = parked.iter().position(|(owner, _)| *owner == task)?;
        Some(parked.swap_remove(at).1)
    }

    /// A fresh stripe, copied into `done`'s memory when the task has one, or None when every stripe
    /// is taken. (Fresh memory would cost the kernel a page clear per 4 KB: as much again as the
    /// copy.)
    fn take(&self, run: &Run, done: Option<Stripe>) -> Option<Held> {
        let start = self.next.fetch_add(STRIPE_ROWS, Ordering::Relaxed);
        (start < run.len()).then(|| {
            let mut stripe = done.unwrap_or_default();
            run.copy_out(start..run.len().min(start + STRIPE_ROWS), &mut stripe);
            Held { stripe, next: 0 }
        })
    }

    /// Keeps `held` for `task`'s next call.
    fn park(&self, held: Held, task: Task) {
        let mut parked = self.parked.lock().unwrap_or_else(PoisonError::into_inner);
        parked.push((task, held));
    }
}

/// What one statement reads: the run, the store's numbers for its names, and the feed to count
/// delivered rows in.
struct Bound {
    run: Arc<Run>,
    names: Arc<StoredNames>,
    feed: Arc<Feed>,
}

impl VTab for ImportRows {
    type InitData = Stripes;
    type BindData = Bound;

    fn bind(bind: &BindInfo) -> Result<Bound, Box<dyn std::error::Error>> {
        // SAFETY: the extra info is the `Arc<Feed>` passed at registration; DuckDB keeps it alive
        // for as long as the function is registered, that is as long as the connection.
        let feed = unsafe { &*bind.get_extra_info::<Arc<Feed>>() }.clone();
        let (run, names) = feed
            .run
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or("entente_import_rows() has no rows to load")?;
        for (name, type_id) in COLUMNS {
            bind.add_result_column(name, LogicalTypeHandle::from(*type_id));
        }
        bind.set_cardinality(run.len() as u64, true);
        Ok(Bound { run, names, feed })
    }

    fn init(init: &InitInfo) -> Result<Stripes, Box<dyn std::error::Error>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        init.set_max_threads(threads as u64);
        Ok(Stripes::default())
    }

    fn func(
        info: &TableFunctionInfo<Self>,
        output: &mut DataChunkHandle,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let (bound, stripes) = (info.get_bind_data(), info.get_init_data());
        let task = output.get_ptr() as Task;
        let held = match stripes.resume(task) {
            Some(held) if held.next < held.stripe.len() => Some(held),
            done => stripes.take(&bound.run, done.map(|held| held.stripe)),
        };
        let Some(mut held) = held else {
            output.set_len(0);
            return Ok(());
        };
        let capacity = output.flat_vector(0).capacity();
        let chunk = held.next..held.stripe.len().min(held.next + capacity);
        let rows: Vec<RowView<'_>> = chunk.clone().map(|i| held.stripe.row(i)).collect();
        fill(output, &rows, &bound.names);
        output.set_len(rows.len());
        bound
            .feed
            .delivered
            .fetch_add(rows.len() as u64, Ordering::Relaxed);
        drop(rows);
        held.next = chunk.end;
        stripes.park(held, task);
        Ok(())
    }
}

/// Writes `rows` into the chunk's vectors, column by column, in [`COLUMNS`] order.
fn fill<'r>(output: &mut DataChunkHandle, rows: &[RowView<'r>], names: &'r StoredNames) {
    let mut columns = 0..;
    let mut next = || columns.next().unwrap_or_default();
    numbers(output, next(), rows, |r| Some(r.seq as i64));
    // Parsing keeps ids within BIGINT (`rows::event_id`).
    numbers(output, next(), rows, |r| Some(r.row.external_id as i64));
    numbers(output, next(), rows, |r| Some(r.row.date));
    for side in [0, 1] {
        numbers(output, next(), rows, |r| {
            names.actor_ids[r.row.actors[side] as usize]
        });
    }
    for side in [0, 1] {
        numbers(output, next(), rows, |r| {
            names.key_ids[r.row.actors[side] as usize]
        });
    }
    texts(output, next(), rows, |r| {
        &names.cameos[usize::from(r.row.cameo)]
    });
    numbers(output, next(), rows, |r| Some(r.row.quad_class as i8));
    numbers(output, next(), rows, |r| Some(r.row.goldstein));
    numbers(output, next(), rows, |r| Some(r.row.num_reports));
    numbers(output, next(), rows, |r| Some(r.row.num_sources));
    numbers(output, next(), rows, |r| r.row.num_mentions());
    numbers(output, next(), rows, |r| r.row.num_articles());
    numbers(output, next(), rows, |r| r.row.avg_tone());
    texts(output, next(), rows, |r| {
        &names.outlets[r.row.outlet as usize]
    });
    numbers(output, next(), rows, |r| names.url_ids[r.row.url as usize]);
}

/// Fills a numeric vector; None is NULL. `T` must be the Rust type of the column's DuckDB type.
fn numbers<T: Copy + Default>(
    output: &DataChunkHandle,
    column: usize,
    rows: &[RowView<'_>],
    value: impl Fn(&RowView<'_>) -> Option<T>,
) {
    let mut vector = output.flat_vector(column);
    let mut nulls = Vec::new();
    // SAFETY: `T` is the physical type of the column as declared in COLUMNS (BIGINT i64, DATE i32
    // days, TINYINT i8, INTEGER i32, DOUBLE f64), the vector holds its capacity of
    // them, `rows` is no longer than that capacity, and no other reference to its data exists.
    let slots = unsafe { vector.as_mut_slice::<T>() };
    for ((slot, row), index) in slots.iter_mut().zip(rows).zip(0..) {
        match value(row) {
            Some(v) => *slot = v,
            None => {
                *slot = T::default();
                nulls.push(index);
            }
        }
    }
    for index in nulls {
        vector.set_null(index);
    }
}

/// Fills a VARCHAR vector with each row's `text`; an empty string is NULL.
///
/// Each entry is a DuckDB `string_t` that points at the bytes (in the import's names) instead of a
/// copy: copying every string into the vector was a tenth of the load. Strings of up to twelve
/// bytes are stored inside the entry, zero-padded, as DuckDB requires of short strings.
fn texts<'r>(
    output: &DataChunkHandle,
    column: usize,
    rows: &[RowView<'r>],
    text: impl Fn(&RowView<'r>) -> &'r [u8],
) {
    const INLINE: usize = 12;
    let mut vector = output.flat_vector(column);
    // SAFETY: the column is VARCHAR, whose vector data is an array of `duckdb_string_t` (the C
    // API's `string_t`) as long as the vector's capacity; `rows` is no longer than that, and no
    // other reference to the data exists.
    let slots = unsafe { vector.as_mut_slice::<ffi::duckdb_string_t>() };
    let mut nulls = Vec::new();
    for ((slot, row), index) in slots.iter_mut().zip(rows).zip(0..) {
        let text = text(row);
        // No field of an input line comes near 4 GB; a longer one would be cut, never over-read.
        let length = text.len().min(u32::MAX as usize) as u32;
        let byte = |i: usize| text.get(i).map_or(0, |&b| b as std::ffi::c_char);
        let value = if text.len() <= INLINE {
            ffi::duckdb_string_t__bindgen_ty_1 {
                inlined: ffi::duckdb_string_t__bindgen_ty_1__bindgen_ty_2 {
                    length,
                    inlined: std::array::from_fn(byte),
                },
            }
        } else {
            ffi::duckdb_string_t__bindgen_ty_1 {
                pointer: ffi::duckdb_string_t__bindgen_ty_1__bindgen_ty_1 {
                    length,
                    prefix: std::array::from_fn(byte),
                    // DuckDB only reads through the pointer. The bytes are valid UTF-8 (they come
                    // from `&str`s), and the names holding them are kept for the whole statement;
                    // DuckDB copies strings it keeps into storage.
                    ptr: text.as_ptr().cast_mut().cast(),
                },
            }
        };
        *slot = ffi::duckdb_string_t { value };
        if text.is_empty() {
            nulls.push(index);
        }
    }
    for index in nulls {
        vector.set_null(index);
    }
}

#[cfg(test)]
mod tests {
    use super::super::rows::{EventRow, RowBlock, Sorter};
    use super::*;
    use std::borrow::Cow;

    /// Source names on either side of the length DuckDB stores inside a vector entry (12 bytes).
    const NAMES: [&str; 5] = [
        "",
        "ABCDEFGHIJK",
        "ABCDEFGHIJKL",
        "ABCDEFGHIJKLM",
        "Вооружённые силы Украины",
    ];

    /// Articles the events come from, one of them none.
    const URLS: [&str; 3] = ["https://a.example/1", "", "https://b.example/2"];

    /// `n` events of four dyads, as one-row blocks sorted by a sorter that spills a run once it
    /// holds `run_bytes`; and their names.
    fn sorted(n: u64, run_bytes: usize) -> (Sorted, ImportNames) {
        let countries = ["USA", "CHN", "AZE", "ISR"];
        let mut sorter = Sorter::with_run_bytes(run_bytes);
        for i in 0..n {
            let mut block = RowBlock::default();
            block
                .push(&EventRow {
                    external_id: 100 + i,
                    date: 18_000 + (i % 30) as i32,
                    source_country: Cow::Borrowed(countries[(i % 4) as usize]),
                    target_country: Cow::Borrowed(countries[((i + 1) % 4) as usize]),
                    source_name: NAMES[(i % 5) as usize],
                    url: URLS[(i % 3) as usize],
                    cameo: "042",
                    quad_class: 1,
                    num_reports: 1,
                    num_sources: 1 + (i % 3) as i32,
                    ..EventRow::default()
                })
                .unwrap();
            sorter.add(block, |_| true);
        }
        let (sorted, names, _) = sorter.finish().unwrap();
        (sorted, names)
    }

    #[test]
    fn spilled_runs_load_one_after_another_with_ids_from_input_order() {
        let conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&conn, std::path::Path::new("memory")).unwrap();
        let feed = Feed::register(&conn).unwrap();
        let (spilled, names) = sorted(1000, 20_000);
        let Sorted::Spilled(files) = &spilled else {
            panic!("expected spilled runs");
        };
        assert!(files.len() > 2, "{} runs", files.len());
        assert_eq!(load(&conn, &feed, "gdelt", &spilled, &names).unwrap(), 1000);
        let (rows, wrong_ids, volume): (i64, i64, f64) = conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE external_id <> event_id + 99),
                        (SELECT CAST(sum(weight) AS DOUBLE) FROM actor_volume)
                 FROM event_store",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((rows, wrong_ids), (1000, 0));
        // Each event counts for both sides: 2 × Σ ln(1 + num_sources).
        let expected: f64 = (0..1000).map(|i| 2.0 * (2.0 + (i % 3) as f64).ln()).sum();
        assert!((volume - expected).abs() < 1e-6, "{volume} vs {expected}");
        // Every actor is stored once, whatever the length of its name, and each event gets its
        // own back; the keys are numbered once.
        let actors_stored: (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(DISTINCT (code, country, name)) FROM actor_store",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(actors_stored, (20, 20));
        let keys: Vec<(String, i64)> = conn
            .prepare(
                "SELECT k.key, count(*) FROM event_store e JOIN dyad_key_store k ON k.key_id = e.source_key_id
                 GROUP BY ALL ORDER BY 1",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            keys,
            ["AZE", "CHN", "ISR", "USA"].map(|k| (k.to_string(), 250))
        );
        let source_names: Vec<(Option<String>, i64)> = conn
            .prepare(
                "SELECT source_name, count(*) FROM events
                 GROUP BY source_name ORDER BY source_name NULLS FIRST",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let expected: Vec<(Option<String>, i64)> = NAMES
            .iter()
            .map(|name| (Some(name.to_string()).filter(|n| !n.is_empty()), 200))
            .collect();
        assert_eq!(source_names, expected);
        let mut stmt = conn
            .prepare("SELECT external_id, coalesce(source_name, ''), coalesce(url, '') FROM events")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (id, name, url) = row.unwrap();
            assert_eq!(name, NAMES[((id - 100) % 5) as usize], "event {id}");
            assert_eq!(url, URLS[((id - 100) % 3) as usize], "event {id}");
        }
        // Each URL is stored once; an event without one refers to none.
        let urls: (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM url_store), count(*) FILTER (WHERE url_id IS NULL)
                 FROM event_store",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(urls, (2, 333));
        // Loading the same rows again adds nothing.
        assert_eq!(load(&conn, &feed, "gdelt", &spilled, &names).unwrap(), 0);
        let stored_after: (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM actor_store), (SELECT count(*) FROM url_store),
                        (SELECT count(*) FROM dyad_key_store)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(stored_after, (20, 2, 4));
    }

    #[test]
    fn rows_in_memory_load_with_their_values_and_nulls() {
        let conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&conn, std::path::Path::new("memory")).unwrap();
        let feed = Feed::register(&conn).unwrap();
        let (in_memory, names) = sorted(3, usize::MAX);
        assert_eq!(load(&conn, &feed, "icews", &in_memory, &names).unwrap(), 3);
        let row: (
            i64,
            String,
            Option<String>,
            Option<i32>,
            Option<f64>,
            String,
            String,
        ) = conn
            .query_row(
                "SELECT external_id, source_country, source_code, num_mentions, avg_tone,
                        CAST(date AS VARCHAR), date_precision
                 FROM events WHERE external_id = '101'",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap();
        // 18,001 days after 1970-01-01 is 2019-04-15.
        assert_eq!(
            row,
            (
                101,
                "CHN".into(),
                None,
                None,
                None,
                "2019-04-15".into(),
                "day".into()
            )
        );
    }
}
