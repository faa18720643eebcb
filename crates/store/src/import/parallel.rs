//! Validating a line-oriented export on every core while keeping input order.
//!
//! The calling thread reads the input in large blocks cut at line ends; parsing threads validate
//! and pack each block's lines; the calling thread takes the finished blocks back in input order,
//! so line numbers, "first time this id is seen" and `seq` come out exactly as a one-thread pass
//! would give them.

use super::rows::{EventRow, RowBlock};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;

/// Bytes per block: large enough that handing blocks between threads costs nothing, small enough
/// that the few blocks in flight stay a few tens of MB.
const BLOCK_BYTES: usize = 8 << 20;

/// Room in a new block's buffer beyond [`BLOCK_BYTES`], for the partial line carried over from the
/// block before: export lines are at most a few KB.
const BLOCK_SLACK: usize = 64 << 10;

/// Validates one line (without its line end) and maps it to a row, or says what is wrong.
pub(super) type LineParser<'p> =
    dyn for<'l> Fn(&'l str) -> Result<EventRow<'l>, String> + Sync + 'p;

/// One block's outcome, in the block's input order.
pub(super) struct ParsedBlock {
    /// Lines in the block, empty and malformed ones included.
    pub lines: u64,
    pub rows: RowBlock,
    /// Malformed lines: 1-based line number within the block, and the reason.
    pub malformed: Vec<(u64, String)>,
    /// Input bytes the block covered.
    pub bytes: u64,
}

/// Parses every line of `reader` with `parse_line` on `threads` threads and hands each block to
/// `deliver` in input order.
pub(super) fn parse_lines(
    reader: &mut dyn Read,
    parse_line: &LineParser<'_>,
    threads: usize,
    mut deliver: impl FnMut(ParsedBlock),
) -> std::io::Result<()> {
    let (work_tx, work_rx) = crossbeam_channel::bounded::<(u64, Vec<u8>)>(threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<(u64, ParsedBlock)>();
    // Parsed blocks' buffers come back to be read into again: fresh memory costs the kernel a page
    // clear per 4 KB, which for a multi-GB input is more than reading it.
    let (free_tx, free_rx) = crossbeam_channel::unbounded::<Vec<u8>>();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let (work_rx, done_tx, free_tx) = (work_rx.clone(), done_tx.clone(), free_tx.clone());
            scope.spawn(move || {
                for (index, block) in work_rx {
                    let parsed = parse_block(&block, parse_line);
                    let _ = free_tx.send(block);
                    if done_tx.send((index, parsed)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((done_tx, free_tx));
        let mut in_order = InOrder::default();
        let mut carry = Vec::new();
        let mut sent = 0;
        let read = loop {
            // A new buffer is sized for a whole block at once: grown by doubling as it is read
            // into, it would be copied, and its fresh memory cleared, twice over.
            let buffer = free_rx
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(BLOCK_BYTES + BLOCK_SLACK));
            match next_block(reader, &mut carry, buffer) {
                Ok(Some(block)) => {
                    if work_tx.send((sent, block)).is_err() {
                        break Ok(());
                    }
                    sent += 1;
                    while let Ok((index, parsed)) = done_rx.try_recv() {
                        in_order.arrive(index, parsed, &mut deliver);
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        drop(work_tx);
        for (index, parsed) in done_rx {
            in_order.arrive(index, parsed, &mut deliver);
        }
        read
    })
}

/// Holds blocks that finished early until every block before them has been delivered.
#[derive(Default)]
struct InOrder {
    next: u64,
    waiting: BTreeMap<u64, ParsedBlock>,
}

impl InOrder {
    fn arrive(&mut self, index: u64, parsed: ParsedBlock, deliver: &mut impl FnMut(ParsedBlock)) {
        self.waiting.insert(index, parsed);
        while let Some(parsed) = self.waiting.remove(&self.next) {
            deliver(parsed);
            self.next += 1;
        }
    }
}

/// The next block of whole lines, read into `block` (the last line may lack its line end at end of
/// input), or None at end of input. Bytes after the block's last line end are kept in `carry` for
/// the next block.
fn next_block(
    reader: &mut dyn Read,
    carry: &mut Vec<u8>,
    mut block: Vec<u8>,
) -> std::io::Result<Option<Vec<u8>>> {
    block.clear();
    block.extend_from_slice(carry);
    carry.clear();
    loop {
        let filled = block.len();
        if Read::take(&mut *reader, BLOCK_BYTES as u64).read_to_end(&mut block)? == 0 {
            return Ok((!block.is_empty()).then_some(block));
        }
        if let Some(end) = memchr::memrchr(b'\n', &block[filled..]) {
            carry.extend_from_slice(&block[filled + end + 1..]);
            block.truncate(filled + end + 1);
            return Ok(Some(block));
        }
        // No line end yet: a line longer than a block; keep reading it.
    }
}

fn parse_block(block: &[u8], parse_line: &LineParser<'_>) -> ParsedBlock {
    let mut parsed = ParsedBlock {
        lines: 0,
        rows: RowBlock::with_capacity(block.len()),
        malformed: Vec::new(),
        bytes: block.len() as u64,
    };
    let body = block.strip_suffix(b"\n").unwrap_or(block);
    // Checking the whole block at once is much faster than line by line; only a block with a bad
    // byte somewhere is checked (and repaired) per line.
    let valid = std::str::from_utf8(body).ok();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', body).chain([body.len()]) {
        parsed.lines += 1;
        let (bytes, line_start) = (&body[start..end], start);
        start = end + 1;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.is_empty() {
            continue;
        }
        let text = match valid {
            Some(body) => Cow::Borrowed(&body[line_start..line_start + bytes.len()]),
            None => String::from_utf8_lossy(bytes),
        };
        if let Err(reason) = parse_line(&text).and_then(|row| parsed.rows.push(&row)) {
            parsed.malformed.push((parsed.lines, reason));
        }
    }
    parsed
}

/// A line's fields as [`split_tabs`] found them: where its first `N` tabs are, how many fields it
/// has, and where its last field starts.
pub(super) struct Tabs<'l, const N: usize> {
    line: &'l str,
    /// Offsets of the line's first tabs, as many as it has up to `N`.
    at: [usize; N],
    /// Tabs in the line: one fewer than its fields.
    found: usize,
    last_start: usize,
}

impl<'l, const N: usize> Tabs<'l, N> {
    /// Fields in the line.
    pub fn count(&self) -> usize {
        self.found + 1
    }

    /// Field `i`, for `i` below `N`; empty when the line has fewer fields.
    pub fn field(&self, i: usize) -> &'l str {
        let start = match i.checked_sub(1) {
            None => 0,
            Some(tab) if tab < self.found.min(N) => self.at[tab] + 1,
            Some(_) => return "",
        };
        let end = if i < self.found.min(N) {
            self.at[i]
        } else {
            self.line.len()
        };
        // Tabs are ASCII, so both ends are character boundaries.
        self.line.get(start..end).unwrap_or_default()
    }

    /// The line's last field.
    pub fn last(&self) -> &'l str {
        self.line.get(self.last_start..).unwrap_or_default()
    }
}

/// Finds `line`'s tabs: the offsets of the first `N`, and past them only how many there are and
/// where the last one is.
///
/// Export lines have about sixty short fields, too short for a vectorised search to pay off per
/// field: this tests eight bytes at a time for tabs, with plain integer arithmetic, and past the
/// fields wanted only counts them, in a counter per byte that is summed now and then (counting
/// bits would take a dozen instructions per word, since the build targets CPUs without `popcnt`).
/// Offsets are recorded, not slices, because a parser reads only some of the fields.
pub(super) fn split_tabs<const N: usize>(line: &str) -> Tabs<'_, N> {
    let bytes = line.as_bytes();
    let mut at = [0; N];
    let mut found = 0;
    // The offset of the word being read, and of the last tab seen.
    let mut offset = 0;
    let mut last_tab = None;
    let mut words = bytes.chunks_exact(8);
    while found < N {
        let Some(word) = words.next() else { break };
        let mut tabs = tab_bits(word);
        while tabs != 0 {
            let tab = offset + tabs.trailing_zeros() as usize / 8;
            if let Some(slot) = at.get_mut(found) {
                *slot = tab;
            }
            found += 1;
            last_tab = Some(tab);
            tabs &= tabs - 1;
        }
        offset += 8;
    }
    // Past the tabs wanted: each byte of `per_byte` counts the tabs at that position of a word,
    // so it is summed before any byte can reach 256.
    let (mut per_byte, mut words_counted) = (0u64, 0u32);
    let mut last_word_tabs = None;
    for word in &mut words {
        let tabs = tab_bits(word);
        per_byte += tabs >> 7;
        if tabs != 0 {
            last_word_tabs = Some((offset, tabs));
        }
        offset += 8;
        words_counted += 1;
        if words_counted == 255 {
            found += byte_sum(per_byte);
            (per_byte, words_counted) = (0, 0);
        }
    }
    found += byte_sum(per_byte);
    if let Some((word_at, tabs)) = last_word_tabs {
        last_tab = Some(word_at + (63 - tabs.leading_zeros() as usize) / 8);
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b'\t' {
            if let Some(slot) = at.get_mut(found) {
                *slot = offset + i;
            }
            found += 1;
            last_tab = Some(offset + i);
        }
    }
    Tabs {
        line,
        at,
        found,
        last_start: last_tab.map_or(0, |tab| tab + 1),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `word` that is a tab, and no other bit (exact per byte: no carry
/// crosses bytes).
fn tab_bits(word: &[u8]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ (ONES * u64::from(b'\t'));
    !(((x & LOW7) + LOW7) | x) & (ONES << 7)
}

/// The sum of the eight bytes of `x`, summed pairwise into 16-bit lanes first so no lane overflows.
fn byte_sum(x: u64) -> usize {
    const PAIRS: u64 = 0x00ff_00ff_00ff_00ff;
    let lanes = (x & PAIRS) + ((x >> 8) & PAIRS);
    (lanes.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(line: &str) -> Result<EventRow<'_>, String> {
        let external_id = line
            .parse()
            .map_err(|_| format!("{line:?} is not a number"))?;
        Ok(EventRow {
            external_id,
            date: 19_723,
            cameo: "042",
            ..EventRow::default()
        })
    }

    /// (lines, rows, malformed) summed over blocks delivered, and the malformed lines numbered
    /// across the whole input.
    fn run(input: &[u8], threads: usize) -> (u64, usize, Vec<(u64, String)>) {
        let (mut lines, mut rows, mut malformed) = (0, 0, Vec::new());
        parse_lines(&mut &input[..], &numbers, threads, |block| {
            malformed.extend(block.malformed.into_iter().map(|(l, r)| (lines + l, r)));
            lines += block.lines;
            rows += block.rows.len();
        })
        .unwrap();
        (lines, rows, malformed)
    }

    #[test]
    fn line_numbers_count_every_line_across_blocks_and_threads() {
        let mut input = String::new();
        for n in 1..=300_000u64 {
            match n % 100_000 {
                0 => input.push_str("oops\r\n"),
                1 => input.push('\n'),
                _ => input.push_str(&format!("{n}\n")),
            }
        }
        input.push_str("42"); // no final line end
        let (lines, rows, malformed) = run(input.as_bytes(), 2);
        assert_eq!((lines, rows), (300_001, 300_001 - 3 - 3));
        let at: Vec<u64> = malformed.iter().map(|(l, _)| *l).collect();
        assert_eq!(at, [100_000, 200_000, 300_000]);
        assert!(malformed[0].1.contains("\"oops\""));
        assert_eq!(run(input.as_bytes(), 1), (lines, rows, malformed));
    }

    #[test]
    fn a_line_longer_than_a_block_is_read_whole() {
        let long = "7".repeat(BLOCK_BYTES + 10);
        let input = format!("1\n{long}\n2\n");
        let (lines, rows, malformed) = run(input.as_bytes(), 2);
        assert_eq!((lines, rows, malformed.len()), (3, 2, 1));
        assert_eq!(malformed[0].0, 2);
    }

    #[test]
    fn tabs_split_fields_wherever_they_fall_in_a_word() {
        // Past 255 words the per-byte tab counters are summed and restarted.
        let (many_tabs, many_fields) = ("\t".repeat(3000), "ab\tc".repeat(700));
        for line in [
            "",
            "\t",
            "a",
            "a\tb",
            "\t\t\t\t\t\t\t\t\t",
            "12345678\t1234567\t\t€uro\té\t\u{1}\u{9}x",
            "no tabs in this rather long line at all",
            &many_tabs,
            &many_fields,
        ] {
            let expected: Vec<&str> = line.split('\t').collect();
            fn check<const N: usize>(line: &str, expected: &[&str]) {
                let tabs = split_tabs::<N>(line);
                assert_eq!(tabs.count(), expected.len(), "{line:?}, {N} tabs");
                assert_eq!(Some(&tabs.last()), expected.last(), "{line:?}, {N} tabs");
                let fields: Vec<&str> = (0..N).map(|i| tabs.field(i)).collect();
                let kept = expected.len().min(N);
                assert_eq!(fields[..kept], expected[..kept], "{line:?}, {N} tabs");
                assert!(fields[kept..].iter().all(|f| f.is_empty()), "{line:?}");
            }
            check::<0>(line, &expected);
            check::<1>(line, &expected);
            check::<4>(line, &expected);
            check::<40>(line, &expected);
        }
    }

    #[test]
    fn a_block_with_a_bad_byte_is_read_line_by_line() {
        let input = b"1\n2\xff\n3\n";
        let (lines, rows, malformed) = run(input, 1);
        assert_eq!((lines, rows), (3, 2));
        assert_eq!(malformed[0].0, 2);
        assert!(malformed[0].1.contains('\u{fffd}'), "{malformed:?}");
    }

    #[test]
    fn empty_input_delivers_nothing() {
        assert_eq!(run(b"", 2), (0, 0, Vec::new()));
    }
}
