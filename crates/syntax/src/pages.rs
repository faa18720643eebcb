//! Read-only arrays in memory the kernel may back with 2 MB pages.
//!
//! The parser reads its weight tables (about 17 MB) at random, one cache line here and one there.
//! With 4 KB pages most of those reads also miss the processor's address cache (the TLB) and
//! wait for a page-table walk first; a table in 2 MB pages needs a handful of entries, which
//! stay cached. Measured on distinct news sentences: tag+parse about 8% faster with the largest
//! tables in huge pages. Where the kernel gives none (transparent huge pages set to `never`, or
//! another system), the arrays work the same in ordinary pages.

use bytemuck::Pod;
use memmap2::{Mmap, MmapMut};
use std::marker::PhantomData;
use std::ops::Deref;

/// The size of a huge page on x86-64 and most ARM64 kernels; arrays smaller than one stay on the
/// heap.
const HUGE_PAGE: usize = 1 << 21;

/// An array that, once built, no longer changes: a large one is copied into its own mapping, at
/// a huge page boundary, with the kernel asked for huge pages before the copy touches it.
pub(crate) struct Frozen<T> {
    storage: Storage<T>,
}

enum Storage<T> {
    Heap(Vec<T>),
    /// `map` holds the values' bytes from `start` (a multiple of [`HUGE_PAGE`] from the
    /// mapping's page-aligned base, so aligned for any `T` of this crate) for `len` values.
    Mapped {
        map: Mmap,
        start: usize,
        len: usize,
        values: PhantomData<T>,
    },
}

impl<T: Pod> From<Vec<T>> for Frozen<T> {
    fn from(values: Vec<T>) -> Frozen<T> {
        let bytes: &[u8] = bytemuck::cast_slice(&values);
        let storage = match map_huge(bytes) {
            Some((map, start)) => Storage::Mapped {
                map,
                start,
                len: values.len(),
                values: PhantomData,
            },
            None => Storage::Heap(values),
        };
        Frozen { storage }
    }
}

/// A read-only copy of `bytes` at a huge page boundary of a new anonymous mapping and its offset
/// there, or `None` (keep the heap copy) for a small array or when mapping fails.
fn map_huge(bytes: &[u8]) -> Option<(Mmap, usize)> {
    if bytes.len() < HUGE_PAGE {
        return None;
    }
    let mut map = MmapMut::map_anon(bytes.len() + HUGE_PAGE).ok()?;
    let start = map.as_ptr().align_offset(HUGE_PAGE);
    // Only a hint: a kernel that refuses it maps ordinary pages.
    #[cfg(target_os = "linux")]
    let _ = map.advise_range(memmap2::Advice::HugePage, start, bytes.len());
    map.get_mut(start..start + bytes.len())?
        .copy_from_slice(bytes);
    Some((map.make_read_only().ok()?, start))
}

impl<T: Pod> Deref for Frozen<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.storage {
            Storage::Heap(values) => values,
            Storage::Mapped {
                map, start, len, ..
            } => bytemuck::cast_slice(&map[*start..*start + len * std::mem::size_of::<T>()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_array_reads_back_the_same_from_its_mapping() {
        let values: Vec<u64> = (0..(HUGE_PAGE as u64 / 4)).map(|i| i * 7 + 1).collect();
        let frozen = Frozen::from(values.clone());
        assert!(matches!(frozen.storage, Storage::Mapped { .. }));
        assert_eq!(frozen.as_ptr() as usize % HUGE_PAGE, 0);
        assert_eq!(&frozen[..], &values[..]);
    }

    #[test]
    fn a_small_array_stays_on_the_heap() {
        let frozen = Frozen::from(vec![1u16, 2, 3]);
        assert!(matches!(frozen.storage, Storage::Heap(_)));
        assert_eq!(&frozen[..], &[1, 2, 3]);
    }
}
