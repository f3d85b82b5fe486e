//! Text → TF-IDF row over a fitted vocabulary: the hot loop of classification.
//!
//! Each random read (term → feature, bigram → feature, feature → count cell) is asked for a
//! few steps ahead (see `crate::fast`), so the loops below are split into passes.

use super::SparseVec;
use super::Vectorizer;
use super::term_index::{EMPTY, Entry, NONE, bigram_key};
use super::weighting::tfidf_weight;
use crate::fast::{AHEAD, prefetch};
use crate::text::{Analyzer, leading_title};

/// Analyser past this many distinct terms is renewed, keeping memory flat on endless streams.
const TERM_LIMIT: usize = 1 << 21;

/// Transforms texts into TF-IDF rows. Holds caches; make one per thread.
pub struct Featurizer<'v> {
    vectorizer: &'v Vectorizer,
    analyzer: Analyzer,
    /// Analyzer term id → vocabulary entry.
    entries: Vec<Entry>,
    /// Per feature: the text's count so far, and the feature's idf (kept beside the count so
    /// weighting reads the cache line that counting already brought in).
    cells: Vec<[f64; 2]>,
    touched: Vec<u32>,
    /// The features of the current text, one per occurrence, before counting.
    feats: Vec<u32>,
    /// Keys of adjacent word pairs that passed the bigram filter.
    pairs: Vec<u64>,
    /// One bit per feature, all clear between rows.
    bits: Vec<u64>,
    ids: Vec<u32>,
}

impl<'v> Featurizer<'v> {
    pub(super) fn new(vectorizer: &'v Vectorizer, analyzer: Analyzer) -> Self {
        let n = vectorizer.terms().len();
        Featurizer {
            vectorizer,
            analyzer,
            entries: Vec::new(),
            cells: vectorizer.idf().iter().map(|&idf| [0.0, idf]).collect(),
            touched: Vec::new(),
            feats: Vec::new(),
            pairs: Vec::new(),
            bits: vec![0; n.div_ceil(64)],
            ids: Vec::new(),
        }
    }

    /// The TF-IDF row of `text`: sorted feature ids and L2-normalised weights.
    pub fn transform(&mut self, text: &str) -> SparseVec {
        let mut row = SparseVec::default();
        self.transform_into(text, &mut row);
        row
    }

    /// Like [`Featurizer::transform`], reusing `row`'s memory.
    pub fn transform_into(&mut self, text: &str, row: &mut SparseVec) {
        self.count_text(text);
        self.finish_row(row);
    }

    /// Analyses `text` and counts its features (see [`Featurizer::count_ids`]).
    fn count_text(&mut self, text: &str) {
        self.renew_if_full();
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        self.analyzer.for_each_term(text, |id, _| ids.push(id));
        self.count_ids(text, &ids);
        self.ids = ids;
    }

    /// The row of `text` whose body terms (ids of this featurizer's analyzer) are `ids`.
    pub(super) fn row_from_ids(&mut self, text: &str, ids: &[u32], row: &mut SparseVec) {
        self.count_ids(text, ids);
        self.finish_row(row);
    }

    /// Calls `visit(feature, weight)` for each feature of `text` in no particular order, with
    /// the weights before L2 normalisation, and returns their L2 norm (0 when `text` has no
    /// feature): the row of [`Featurizer::transform`] without sorting it or writing it out.
    /// `ahead(feature)` is called a few features before `visit` reaches that feature, so the
    /// caller can start loading what it will read for it.
    pub fn for_each_weight(
        &mut self,
        text: &str,
        ahead: impl Fn(u32),
        mut visit: impl FnMut(u32, f64),
    ) -> f64 {
        self.count_text(text);
        let sublinear_tf = self.vectorizer.options().sublinear_tf;
        let Featurizer { cells, touched, .. } = self;
        let mut norm = 0.0;
        for (k, &f) in touched.iter().enumerate() {
            if let Some(&next) = touched.get(k + AHEAD) {
                ahead(next);
            }
            let [tf, idf] = cells[f as usize];
            cells[f as usize][0] = 0.0;
            let w = tfidf_weight(tf, idf, sublinear_tf);
            norm += w * w;
            visit(f, w);
        }
        touched.clear();
        norm.sqrt()
    }

    /// Starts a new analyzer when this one has met too many distinct terms.
    fn renew_if_full(&mut self) {
        if self.analyzer.term_count() > TERM_LIMIT {
            self.analyzer = self.vectorizer.new_analyzer();
            self.entries.clear();
        }
    }

    /// Counts the features of `text` (body term ids `ids`) into `cells`; each feature
    /// counted is listed once in `touched`.
    fn count_ids(&mut self, text: &str, ids: &[u32]) {
        let v = self.vectorizer;
        let mut title_ids = Vec::new();
        if v.options().title_boost > 0.0
            && let Some(title) = leading_title(text)
        {
            self.analyzer
                .for_each_term(title, |id, _| title_ids.push(id));
        }
        let bigrams = v.options().bigrams;
        let Featurizer {
            analyzer,
            entries,
            cells,
            touched,
            feats,
            pairs,
            ..
        } = self;
        let max_id = ids.iter().chain(&title_ids).copied().max();
        if let Some(max_id) = max_id {
            let i = max_id as usize;
            if i >= entries.len() {
                let start = entries.len();
                entries.extend((start..=i).map(|t| {
                    v.index()
                        .stems
                        .get(analyzer.term(t as u32))
                        .copied()
                        .unwrap_or(EMPTY)
                }));
            }
        }
        // Three passes, so that each random read can be asked for a few steps ahead: words →
        // features and bigram candidates; bigram candidates → features; features → counts.
        feats.clear();
        pairs.clear();
        let mut prev_part = NONE;
        for &id in ids {
            let e = entries[id as usize];
            if e.feature != NONE {
                feats.push(e.feature);
            }
            if bigrams {
                if prev_part != NONE && e.part != NONE {
                    let key = bigram_key(prev_part, e.part);
                    if v.index().may_have_bigram(key) {
                        pairs.push(key);
                    }
                }
                prev_part = e.part;
            }
        }
        for (k, &key) in pairs.iter().enumerate() {
            if let Some(&next) = pairs.get(k + AHEAD) {
                v.index().bigrams.prefetch(next);
            }
            if let Some(f) = v.index().bigrams.get(key) {
                feats.push(f);
            }
        }
        for (k, &f) in feats.iter().enumerate() {
            if let Some(&next) = feats.get(k + AHEAD) {
                prefetch(&cells[next as usize]);
            }
            add(cells, touched, f, 1.0);
        }
        for &id in &title_ids {
            let e = entries[id as usize];
            if e.feature != NONE {
                add(cells, touched, e.feature, v.options().title_boost);
            }
        }
    }

    /// Writes the counted features out as a sorted, L2-normalised row and clears the counts.
    fn finish_row(&mut self, row: &mut SparseVec) {
        let v = self.vectorizer;
        let Featurizer {
            cells,
            touched,
            bits,
            ..
        } = self;
        row.indices.clear();
        row.values.clear();
        // Feature ids in increasing order: sort the touched list, or for long texts that touch
        // a good share of the vocabulary, collect them through a bitset instead.
        if touched.len() * 8 > bits.len() {
            for &f in touched.iter() {
                bits[f as usize / 64] |= 1 << (f % 64);
            }
            touched.clear();
            for (w, word) in bits.iter_mut().enumerate() {
                let mut b = std::mem::take(word);
                while b != 0 {
                    touched.push((w * 64) as u32 + b.trailing_zeros());
                    b &= b - 1;
                }
            }
        } else {
            touched.sort_unstable();
        }
        let mut norm = 0.0;
        for &f in touched.iter() {
            let [tf, idf] = cells[f as usize];
            cells[f as usize][0] = 0.0;
            let w = tfidf_weight(tf, idf, v.options().sublinear_tf);
            norm += w * w;
            row.indices.push(f);
            row.values.push(w);
        }
        touched.clear();
        if norm > 0.0 {
            let inv = 1.0 / norm.sqrt();
            row.values.iter_mut().for_each(|x| *x *= inv);
        }
    }
}

#[inline]
fn add(cells: &mut [[f64; 2]], touched: &mut Vec<u32>, f: u32, weight: f64) {
    let slot = &mut cells[f as usize][0];
    if *slot == 0.0 {
        touched.push(f);
    }
    *slot += weight;
}
