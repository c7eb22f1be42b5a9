//! The trained model: per-feature weights for each tag, tag-transition weights, and Viterbi
//! decoding. Stored in a compact binary file (quantised 16-bit weights, only non-zero ones).

#![allow(clippy::needless_range_loop)] // index loops over parallel arrays read clearer here

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::dict::{Dict, DictEntry};
use super::features::FeatureSet;
use super::tags::{N_TAGS, allowed};

/// Hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Map from feature hash to a row of weights.
pub type FeatureMap = HashMap<u64, u32, BuildHasherDefault<IdHasher>>;

/// A linear sequence model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Feature groups the model was trained with.
    pub features: FeatureSet,
    /// Feature hash → row index into `weights` (rows of [`N_TAGS`]).
    pub index: FeatureMap,
    /// Emission weights, `N_TAGS` per row.
    pub weights: Vec<f32>,
    /// Transition weights: row `from` (0..N_TAGS, N_TAGS = start), column `to`.
    pub trans: Vec<f32>,
    /// Dictionary of the training data's names (empty when the `dict` features are off).
    pub dict: Dict,
    /// Second-stage model that also sees document context (see `tag_document_with`).
    pub stage2: Option<Box<Model>>,
}

const MAGIC: &[u8; 6] = b"KNER02";

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("bad NER model file: {0}")]
pub struct ModelError(&'static str);

impl Model {
    /// An empty model with the given feature groups.
    pub fn new(features: FeatureSet) -> Model {
        Model {
            features,
            index: FeatureMap::default(),
            weights: Vec::new(),
            trans: vec![0.0; (N_TAGS + 1) * N_TAGS],
            dict: Dict::default(),
            stage2: None,
        }
    }

    /// Shift the recall/precision balance: lower the score of the outside tag `O` by `delta`
    /// on every token (through the always-present bias feature), so that more names are tagged
    /// when `delta` is positive. Also applied to a second stage.
    pub fn bias_outside(&mut self, delta: f32) {
        let bias = super::features::bias_feature();
        if let Some(&row) = self.index.get(&bias) {
            self.weights[row as usize * N_TAGS] -= delta;
        }
        if let Some(m2) = &mut self.stage2 {
            m2.bias_outside(delta);
        }
    }

    /// Emission scores of one token (sum of its features' rows).
    pub fn emissions(&self, feats: &[u64], out: &mut [f32; N_TAGS]) {
        *out = [0.0; N_TAGS];
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let r = row as usize * N_TAGS;
                for (o, w) in out.iter_mut().zip(&self.weights[r..r + N_TAGS]) {
                    *o += w;
                }
            }
        }
    }

    /// Best tag sequence (Viterbi) for a sentence's token features.
    pub fn decode(&self, sent: &[Vec<u64>]) -> Vec<usize> {
        let ems: Vec<[f32; N_TAGS]> = sent
            .iter()
            .map(|feats| {
                let mut em = [0.0f32; N_TAGS];
                self.emissions(feats, &mut em);
                em
            })
            .collect();
        self.viterbi(&ems)
    }

    /// Best tag sequence (Viterbi) given each token's emission scores.
    pub fn viterbi(&self, ems: &[[f32; N_TAGS]]) -> Vec<usize> {
        let n = ems.len();
        if n == 0 {
            return Vec::new();
        }
        // Transition scores with the disallowed ones (I- after another type) left out.
        let mut trans = [[f32::NEG_INFINITY; N_TAGS]; N_TAGS + 1];
        for from in 0..=N_TAGS {
            let prev = (from < N_TAGS).then_some(from);
            for to in 0..N_TAGS {
                if allowed(prev, to) {
                    trans[from][to] = self.trans[from * N_TAGS + to];
                }
            }
        }
        // Each tag's allowed predecessors, in index order.
        let mut preds = [[0u8; N_TAGS]; N_TAGS];
        let mut n_preds = [0usize; N_TAGS];
        for y in 0..N_TAGS {
            for p in 0..N_TAGS {
                if trans[p][y] > f32::NEG_INFINITY {
                    preds[y][n_preds[y]] = p as u8;
                    n_preds[y] += 1;
                }
            }
        }
        let mut back = vec![[0u8; N_TAGS]; n];
        let mut score = [f32::NEG_INFINITY; N_TAGS];
        for y in 0..N_TAGS {
            if trans[N_TAGS][y] > f32::NEG_INFINITY {
                score[y] = ems[0][y] + trans[N_TAGS][y];
            }
        }
        for t in 1..n {
            let mut next = [f32::NEG_INFINITY; N_TAGS];
            for y in 0..N_TAGS {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0u8;
                for &p in &preds[y][..n_preds[y]] {
                    let p = usize::from(p);
                    let s = score[p] + trans[p][y];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                next[y] = best + ems[t][y];
                back[t][y] = arg;
            }
            score = next;
        }
        let mut y = 0;
        let mut best = f32::NEG_INFINITY;
        for (k, &s) in score.iter().enumerate() {
            if s > best {
                best = s;
                y = k;
            }
        }
        let mut out = vec![0; n];
        for t in (0..n).rev() {
            out[t] = y;
            y = back[t][y] as usize;
        }
        out
    }

    /// Serialise: weights quantised to i16 with one scale; rows whose largest weight is below
    /// `prune` (absolute) are dropped.
    pub fn to_bytes(&self, prune: f32) -> Vec<u8> {
        let max = self
            .weights
            .iter()
            .chain(&self.trans)
            .fold(0.0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let q = |w: f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
        let mut rows: Vec<(u64, u32)> = self
            .index
            .iter()
            .map(|(&k, &r)| (k, r))
            .filter(|&(_, r)| {
                let r = r as usize * N_TAGS;
                self.weights[r..r + N_TAGS]
                    .iter()
                    .any(|w| w.abs() >= prune && q(*w) != 0)
            })
            .collect();
        rows.sort_unstable();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(N_TAGS as u8);
        out.extend_from_slice(&self.features.bits().to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for &t in &self.trans {
            out.extend_from_slice(&q(t).to_le_bytes());
        }
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, r) in rows {
            let r = r as usize * N_TAGS;
            let ws = &self.weights[r..r + N_TAGS];
            let mut mask: u16 = 0;
            for (i, w) in ws.iter().enumerate() {
                if q(*w) != 0 {
                    mask |= 1 << i;
                }
            }
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for w in ws {
                if q(*w) != 0 {
                    out.extend_from_slice(&q(*w).to_le_bytes());
                }
            }
        }
        let mut entries: Vec<(&String, &DictEntry)> = self.dict.entries.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (k, e) in entries {
            let kb = k.as_bytes();
            out.push(kb.len().min(255) as u8);
            out.extend_from_slice(&kb[..kb.len().min(255)]);
            out.push(e.tag);
            out.push(e.share);
            out.extend_from_slice(&e.count.to_le_bytes());
        }
        match &self.stage2 {
            Some(m2) => {
                out.push(1);
                out.extend(m2.to_bytes(prune));
            }
            None => out.push(0),
        }
        out
    }

    /// Read a model written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b, pos: 0 };
        if r.take(6)? != MAGIC {
            return Err(ModelError("wrong magic"));
        }
        if r.take(1)?[0] as usize != N_TAGS {
            return Err(ModelError("tag count"));
        }
        let features = FeatureSet::from_bits(u16::from_le_bytes(r.arr()?));
        let scale = f32::from_le_bytes(r.arr()?);
        let mut m = Model::new(features);
        for t in m.trans.iter_mut() {
            *t = f32::from(i16::from_le_bytes(r.arr()?)) * scale;
        }
        let n = u32::from_le_bytes(r.arr()?) as usize;
        m.index.reserve(n);
        m.weights = Vec::with_capacity(n * N_TAGS);
        for row in 0..n {
            let key = u64::from_le_bytes(r.arr()?);
            let mask = u16::from_le_bytes(r.arr()?);
            for i in 0..N_TAGS {
                let w = if mask & (1 << i) != 0 {
                    f32::from(i16::from_le_bytes(r.arr()?)) * scale
                } else {
                    0.0
                };
                m.weights.push(w);
            }
            m.index.insert(key, row as u32);
        }
        let nd = u32::from_le_bytes(r.arr()?) as usize;
        m.dict.entries.reserve(nd);
        for _ in 0..nd {
            let len = usize::from(r.take(1)?[0]);
            let key = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError("dict key"))?;
            let [tag, share] = r.arr()?;
            let count = u16::from_le_bytes(r.arr()?);
            if usize::from(tag) >= N_TAGS {
                return Err(ModelError("dict tag"));
            }
            m.dict
                .entries
                .insert(key.to_string(), DictEntry { tag, share, count });
        }
        m.dict.index_phrases();
        if r.take(1)?[0] == 1 {
            m.stage2 = Some(Box::new(Model::from_bytes(&r.b[r.pos..])?));
        }
        Ok(m)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self
            .b
            .get(self.pos..self.pos + n)
            .ok_or(ModelError("truncated"))?;
        self.pos += n;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_round_trips_and_bad_bytes_are_errors() {
        let bytes = include_bytes!("../../../assets/ner/model.bin");
        let m = Model::from_bytes(bytes).expect("shipped model decodes");
        assert!(!m.index.is_empty());
        assert_eq!(m.to_bytes(0.0).len(), bytes.len());
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(Model::from_bytes(b"KNER02\x09\x0f\x00 garbage").is_err());
    }
}
