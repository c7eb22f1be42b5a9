//! The decompressed text of a gzip file, kept re-compressed in blocks of whole lines, so that any
//! line can be read again without holding the whole archive in memory (gzip itself can only be
//! read from its start). Recently used blocks are kept decompressed for sequential reading.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

/// Size at which a block is closed (at the next line end).
const BLOCK: usize = 1 << 16;
/// Decompressed blocks kept for reuse (the index workers read lines in order).
const CACHED: usize = 16;

/// Compressed blocks of whole lines; offsets are in the decompressed text.
#[derive(Debug, Default)]
pub struct Chunks {
    /// (decompressed start offset, decompressed length, compressed bytes), in order.
    blocks: Vec<(u64, usize, Vec<u8>)>,
    open: Vec<u8>,
    open_start: u64,
    cache: Mutex<VecDeque<(usize, Arc<Vec<u8>>)>>,
}

impl Chunks {
    /// Append one line (with its newline), at decompressed offset `self.len()`.
    pub fn push_line(&mut self, line: &[u8]) {
        self.open.extend_from_slice(line);
        if self.open.len() >= BLOCK {
            self.close_block();
        }
    }

    /// Total decompressed length so far.
    pub fn len(&self) -> u64 {
        self.open_start + self.open.len() as u64
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Compress what is left; call once all lines are pushed.
    pub fn finish(&mut self) {
        if !self.open.is_empty() {
            self.close_block();
        }
        self.open = Vec::new();
        self.blocks.shrink_to_fit();
    }

    /// Bytes kept in memory (compressed blocks and the open block).
    pub fn kept_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.2.len()).sum::<usize>() + self.open.len()
    }

    fn close_block(&mut self) {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::fast());
        // Writing to a Vec cannot fail.
        let compressed = enc
            .write_all(&self.open)
            .and_then(|_| enc.finish())
            .unwrap_or_default();
        let len = self.open.len();
        self.blocks.push((self.open_start, len, compressed));
        self.open_start += len as u64;
        self.open.clear();
    }

    /// The `len` bytes at decompressed `offset` (a line pushed earlier).
    pub fn get(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        if offset >= self.open_start {
            let start = usize::try_from(offset - self.open_start).ok()?;
            return self
                .open
                .get(start..start.checked_add(len)?)
                .map(<[u8]>::to_vec);
        }
        let b = self
            .blocks
            .partition_point(|(s, _, _)| *s <= offset)
            .checked_sub(1)?;
        let (start, _, _) = self.blocks.get(b)?;
        let text = self.block(b)?;
        let at = usize::try_from(offset - start).ok()?;
        text.get(at..at.checked_add(len)?).map(<[u8]>::to_vec)
    }

    fn block(&self, b: usize) -> Option<Arc<Vec<u8>>> {
        if let Ok(cache) = self.cache.lock()
            && let Some((_, t)) = cache.iter().find(|(i, _)| *i == b)
        {
            return Some(Arc::clone(t));
        }
        let (_, len, compressed) = self.blocks.get(b)?;
        let mut text = Vec::with_capacity(*len);
        DeflateDecoder::new(&compressed[..])
            .read_to_end(&mut text)
            .ok()?;
        let text = Arc::new(text);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHED {
                cache.pop_front();
            }
            cache.push_back((b, Arc::clone(&text)));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_back_across_blocks() {
        let mut c = Chunks::default();
        let mut lines = Vec::new();
        for i in 0..40_000 {
            let line = format!("{{\"id\":{i},\"title\":\"خبر رقم {i}\"}}\n");
            lines.push((c.len(), line.clone()));
            c.push_line(line.as_bytes());
        }
        c.finish();
        assert!(c.blocks.len() > 1, "several blocks");
        assert!(c.kept_bytes() < c.len() as usize / 3, "kept compressed");
        for (offset, line) in lines.iter().rev().step_by(7) {
            assert_eq!(c.get(*offset, line.len()).as_deref(), Some(line.as_bytes()));
        }
        assert_eq!(c.get(c.len(), 1), None);
    }
}
