//! TF-IDF: a vocabulary fitted on training units, and sparse, L2-normalised rows.
//!
//! Weights: sublinear term frequency `1 + ln(tf)` (optional), smoothed inverse document
//! frequency `ln((1 + n) / (1 + df)) + 1`, rows scaled to unit length. Feature ids follow the
//! sorted term strings, so fitting is deterministic: the same units give a byte-identical
//! vectorizer.

use super::SparseVec;
use crate::fast::{AHEAD, FlatMap, GOLDEN, XXH_PRIME_2, filled, prefetch};
use crate::text::{Analyzer, AnalyzerOptions, leading_title};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Vocabulary and weighting options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfOptions {
    /// Keep terms found in at least this many units.
    pub min_df: usize,
    /// Drop terms found in more than this fraction of units (0 < max_df ≤ 1).
    pub max_df: f64,
    /// Keep at most this many terms (the most frequent by document frequency).
    pub max_features: Option<usize>,
    /// Add pairs of adjacent terms ("central bank") as features.
    pub bigrams: bool,
    /// Use `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// Weight terms by inverse document frequency (off: plain term frequency).
    #[serde(default = "yes")]
    pub use_idf: bool,
    /// Extra count given to each term of a leading title line (a short first line without a
    /// final period, followed by more text); 0 treats the title like any other line.
    #[serde(default)]
    pub title_boost: f64,
}

fn yes() -> bool {
    true
}

impl Default for TfidfOptions {
    fn default() -> Self {
        TfidfOptions {
            min_df: 1,
            max_df: 1.0,
            max_features: None,
            bigrams: false,
            sublinear_tf: true,
            use_idf: true,
            title_boost: 0.0,
        }
    }
}

/// A fitted TF-IDF vectorizer. Serialisable, and checked when read (see
/// [`VectorizerError`](super::VectorizerError)); call [`Vectorizer::featurizer`] to transform
/// text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "super::RawVectorizer")]
pub struct Vectorizer {
    /// How text becomes terms.
    analyzer: AnalyzerOptions,
    /// The fingerprint of the shipped stop-word list `analyzer` names, if it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_words_fingerprint: Option<String>,
    /// Vocabulary and weighting options it was fitted with.
    options: TfidfOptions,
    /// Feature names in id order: a stem, or two stems joined by a space for a bigram.
    terms: Vec<String>,
    /// Inverse document frequency of each feature (base64 of little-endian f64 in the file).
    #[serde(with = "crate::floats::array")]
    idf: Vec<f64>,
    /// Number of units it was fitted on.
    documents: usize,
    #[serde(skip)]
    index: TermIndex,
}

/// Lookup tables rebuilt from `terms` after loading.
#[derive(Debug, Clone, Default)]
struct TermIndex {
    /// Stem → (unigram feature, bigram part id).
    stems: FxHashMap<String, Entry>,
    /// Bigram features keyed by their parts (see [`bigram_key`]).
    bigrams: FlatMap<u64, u32>,
    /// About 8 bits per bigram, set at each bigram key's [`filter_bit`]: a clear bit proves
    /// a pair is no feature, so most adjacent word pairs are turned away by this table,
    /// small enough to stay in the fastest cache, without touching `bigrams`.
    bigram_filter: Vec<u64>,
    /// `64 - log2(bit count of bigram_filter)`.
    filter_shift: u32,
}

/// The bit of `key` in a filter of `2^(64 - shift)` bits.
#[inline]
fn filter_bit(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> shift) as usize
}

/// The key of the bigram of parts `first` then `second`: never 0, the table's empty key.
#[inline]
fn bigram_key(first: u32, second: u32) -> u64 {
    (first as u64 + 1) << 32 | second as u64
}

impl TermIndex {
    #[cfg(test)]
    fn bigram(&self, first: u32, second: u32) -> Option<u32> {
        let key = bigram_key(first, second);
        if !self.may_have_bigram(key) {
            return None;
        }
        self.bigrams.get(key)
    }

    /// False when the filter proves `key` is no bigram feature.
    #[inline]
    fn may_have_bigram(&self, key: u64) -> bool {
        let bit = filter_bit(key, self.filter_shift);
        self.bigram_filter
            .get(bit / 64)
            .is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn build_filter(&mut self) {
        let bits = (self.bigrams.len() * 8).next_power_of_two().max(64);
        self.filter_shift = 64 - bits.trailing_zeros();
        self.bigram_filter = vec![0; bits / 64];
        for (key, _) in self.bigrams.iter() {
            let bit = filter_bit(key, self.filter_shift);
            self.bigram_filter[bit / 64] |= 1 << (bit % 64);
        }
    }
}

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    feature: u32,
    part: u32,
}

const EMPTY: Entry = Entry {
    feature: NONE,
    part: NONE,
};

impl Vectorizer {
    /// Fits a vocabulary on `units` (paragraphs or documents).
    pub fn fit<'a>(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        units: impl IntoIterator<Item = &'a str>,
    ) -> Vectorizer {
        let units: Vec<&str> = units.into_iter().collect();
        Self::fit_transform(analyzer, options, &units).0
    }

    /// Fits a vocabulary on `units` and returns their rows too. Each unit is analysed once;
    /// large inputs are split into shards analysed on all cores, and the result does not depend
    /// on how many there are.
    pub fn fit_transform(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        units: &[&str],
    ) -> (Vectorizer, Vec<SparseVec>) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let shards = if units.len() >= 512 { threads } else { 1 };
        Self::fit_transform_in(analyzer, options, units, shards)
    }

    /// [`Vectorizer::fit_transform`] with the units split into `shards` slices.
    fn fit_transform_in(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        units: &[&str],
        shards: usize,
    ) -> (Vectorizer, Vec<SparseVec>) {
        let per = units.len().div_ceil(shards.max(1)).max(1);
        let slices: Vec<&[&str]> = units.chunks(per).collect();
        let analysed: Vec<Shard> = std::thread::scope(|scope| {
            let handles: Vec<_> = slices
                .iter()
                .map(|slice| {
                    let analyzer = analyzer.clone();
                    scope.spawn(move || Shard::analyse(analyzer, slice))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("analysis thread"))
                .collect()
        });
        // Merge document frequencies under shard-independent (string) term identities.
        let mut global: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut global_df: Vec<u32> = Vec::new();
        let mut maps: Vec<Vec<u32>> = Vec::with_capacity(analysed.len());
        for shard in &analysed {
            let map: Vec<u32> = (0..shard.analyzer.term_count() as u32)
                .map(|t| {
                    let name = shard.analyzer.term(t);
                    *global.entry(name).or_insert_with(|| {
                        names.push(name);
                        names.len() as u32 - 1
                    })
                })
                .collect();
            global_df.resize(names.len(), 0);
            for (t, &d) in shard.df.iter().enumerate() {
                global_df[map[t] as usize] += d;
            }
            maps.push(map);
        }
        // Bigrams: a pair is in no more units than either of its words, so only pairs of words
        // that reach min_df are counted. Each thread counts one share of the pairs (split by
        // hash) over every shard, so the counts need no merging.
        let mut bigram_df: Vec<FlatMap<u64, (u32, u32)>> = Vec::new();
        if options.bigrams {
            let frequent: Vec<bool> = global_df
                .iter()
                .map(|&d| d as usize >= options.min_df)
                .collect();
            let mut first_units = Vec::with_capacity(analysed.len());
            let mut next = 0u32;
            for shard in &analysed {
                first_units.push(next);
                next += shard.ends.len() as u32;
            }
            let parts = analysed.len();
            bigram_df = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..parts)
                    .map(|part| {
                        let (analysed, maps) = (&analysed, &maps);
                        let (frequent, first_units) = (&frequent, &first_units);
                        scope.spawn(move || {
                            let share = (part, parts);
                            let shards = || analysed.iter().zip(maps).zip(first_units);
                            let words: usize = analysed.iter().map(|s| s.ids.len()).sum();
                            // Most pairs occur once and cannot reach min_df: a first pass counts
                            // occurrences in a small sketch (an over-estimate of each pair's
                            // document frequency), and only pairs that may reach min_df enter
                            // the exact table, which stays several times smaller.
                            let sketch = (2..=255).contains(&options.min_df).then(|| {
                                let mut sketch = PairSketch::new(words / parts);
                                for ((shard, map), &first) in shards() {
                                    shard.for_each_pair(map, frequent, first, share, |_, key| {
                                        sketch.add(key)
                                    });
                                }
                                sketch
                            });
                            let mut counts = FlatMap::with_capacity(words / 16 / parts);
                            for ((shard, map), &first) in shards() {
                                shard.for_each_pair(map, frequent, first, share, |unit, key| {
                                    if sketch
                                        .as_ref()
                                        .is_some_and(|s| s.estimate(key) < options.min_df)
                                    {
                                        return;
                                    }
                                    let e = counts.get_or_insert(key, (0, 0));
                                    if e.1 != unit {
                                        e.1 = unit;
                                        e.0 += 1;
                                    }
                                });
                            }
                            counts
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("bigram thread"))
                    .collect()
            });
        }
        let n = units.len() as u32;
        let max_df = (options.max_df * n as f64).floor() as u32;
        let keep = |d: u32| d as usize >= options.min_df && d <= max_df.max(1);
        let mut chosen: Vec<(String, u32)> = global_df
            .iter()
            .enumerate()
            .filter(|&(_, &d)| keep(d))
            .map(|(i, &d)| (names[i].to_string(), d))
            .collect();
        chosen.extend(
            bigram_df
                .iter()
                .flat_map(|counts| counts.iter())
                .filter(|(_, (d, _))| keep(*d))
                .map(|(k, (d, _))| {
                    (
                        format!(
                            "{} {}",
                            names[(k >> 32) as usize - 1],
                            names[(k & 0xFFFF_FFFF) as usize]
                        ),
                        d,
                    )
                }),
        );
        if let Some(max) = options.max_features {
            chosen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            chosen.truncate(max);
        }
        chosen.sort_by(|a, b| a.0.cmp(&b.0));
        let idf = chosen
            .iter()
            .map(|(_, d)| {
                if options.use_idf {
                    ((1.0 + n as f64) / (1.0 + *d as f64)).ln() + 1.0
                } else {
                    1.0
                }
            })
            .collect();
        let terms = chosen.into_iter().map(|(t, _)| t).collect();
        let v = Vectorizer::from_parts(analyzer, options, terms, idf, n as usize);
        // Rows, shard by shard, each with the analyzer its term ids belong to.
        let rows: Vec<Vec<SparseVec>> = std::thread::scope(|scope| {
            let v = &v;
            let handles: Vec<_> = analysed
                .into_iter()
                .zip(&slices)
                .map(|(shard, slice)| scope.spawn(move || shard.rows(v, slice)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("transform thread"))
                .collect()
        });
        (v, rows.into_iter().flatten().collect())
    }

    /// Builds a vectorizer and its lookup tables from parts of matching lengths (`idf` has
    /// one weight per term; see [`super::RawVectorizer`] for the checked way in).
    pub(crate) fn from_parts(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        terms: Vec<String>,
        idf: Vec<f64>,
        documents: usize,
    ) -> Vectorizer {
        let mut v = Vectorizer {
            stop_words_fingerprint: super::stop_words::fingerprint(&analyzer.stop_words)
                .map(str::to_string),
            analyzer,
            options,
            terms,
            idf,
            documents,
            index: TermIndex::default(),
        };
        v.index = v.term_index();
        v
    }

    /// How text becomes terms.
    pub fn analyzer(&self) -> &AnalyzerOptions {
        &self.analyzer
    }

    /// Vocabulary and weighting options it was fitted with.
    pub fn options(&self) -> &TfidfOptions {
        &self.options
    }

    /// Feature names in id order: a stem, or two stems joined by a space for a bigram.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Inverse document frequency of each feature, in id order.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Number of units it was fitted on.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The lookup tables of `terms`.
    fn term_index(&self) -> TermIndex {
        let mut index = TermIndex {
            stems: FxHashMap::with_capacity_and_hasher(self.terms.len(), Default::default()),
            ..TermIndex::default()
        };
        let mut next_part = 0u32;
        let mut part_of = |stems: &mut FxHashMap<String, Entry>, s: &str| -> u32 {
            let e = stems.entry(s.to_string()).or_insert(EMPTY);
            if e.part == NONE {
                e.part = next_part;
                next_part += 1;
            }
            e.part
        };
        let bigrams = self.terms.iter().filter(|t| t.contains(' ')).count();
        index.bigrams = FlatMap::with_capacity(bigrams);
        for (id, term) in self.terms.iter().enumerate() {
            match term.split_once(' ') {
                None => index.stems.entry(term.clone()).or_insert(EMPTY).feature = id as u32,
                Some((a, b)) => {
                    let pa = part_of(&mut index.stems, a);
                    let pb = part_of(&mut index.stems, b);
                    index.bigrams.insert(bigram_key(pa, pb), id as u32);
                }
            }
        }
        index.build_filter();
        index
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// A per-thread transformer with its own word caches.
    pub fn featurizer(&self) -> Featurizer<'_> {
        Featurizer::new(self, self.new_analyzer())
    }

    /// An analyzer with this vectorizer's options.
    fn new_analyzer(&self) -> Analyzer {
        Analyzer::new(self.analyzer.clone())
    }

    /// Transforms one text (convenience; use a [`Featurizer`] for many).
    pub fn transform(&self, text: &str) -> SparseVec {
        self.featurizer().transform(text)
    }
}

/// One slice of the training units, analysed: its analyzer, every unit's term ids, and the
/// slice's document frequencies in that analyzer's term ids.
struct Shard {
    analyzer: Analyzer,
    ids: Vec<u32>,
    ends: Vec<usize>,
    df: Vec<u32>,
}

impl Shard {
    fn analyse(options: AnalyzerOptions, units: &[&str]) -> Shard {
        let mut an = Analyzer::new(options);
        // News text has about one term per 10 bytes.
        let bytes: usize = units.iter().map(|u| u.len()).sum();
        let (mut ids, mut ends) = (
            Vec::with_capacity(bytes / 10),
            Vec::with_capacity(units.len()),
        );
        let mut df: Vec<u32> = Vec::new();
        let mut last_seen: Vec<u32> = Vec::new();
        for (k, unit) in units.iter().enumerate() {
            let n = k as u32 + 1;
            let start = ids.len();
            an.for_each_term(unit, |id, _| ids.push(id));
            ends.push(ids.len());
            for &id in &ids[start..] {
                let i = id as usize;
                if i >= df.len() {
                    df.resize(i + 1, 0);
                    last_seen.resize(i + 1, 0);
                }
                if last_seen[i] != n {
                    last_seen[i] = n;
                    df[i] += 1;
                }
            }
        }
        df.resize(an.term_count(), 0);
        Shard {
            analyzer: an,
            ids,
            ends,
            df,
        }
    }

    /// Calls `visit(unit, key)` for each adjacent pair of frequent words ([`bigram_key`] of
    /// their global ids) in share `share.0` of `share.1` (pairs are split by hash); units are
    /// numbered from `first_unit + 1`.
    fn for_each_pair(
        &self,
        map: &[u32],
        frequent: &[bool],
        first_unit: u32,
        share: (usize, usize),
        mut visit: impl FnMut(u32, u64),
    ) {
        let mut start = 0;
        for (k, &end) in self.ends.iter().enumerate() {
            let unit = first_unit + k as u32 + 1;
            for w in self.ids[start..end].windows(2) {
                let (a, b) = (map[w[0] as usize], map[w[1] as usize]);
                if frequent[a as usize] && frequent[b as usize] {
                    let key = bigram_key(a, b);
                    if share.1 > 1 && (key.wrapping_mul(GOLDEN) >> 40) as usize % share.1 != share.0
                    {
                        continue;
                    }
                    visit(unit, key);
                }
            }
            start = end;
        }
    }

    fn rows(self, v: &Vectorizer, units: &[&str]) -> Vec<SparseVec> {
        let Shard {
            analyzer,
            ids,
            ends,
            ..
        } = self;
        let mut f = Featurizer::new(v, analyzer);
        let mut start = 0;
        units
            .iter()
            .zip(&ends)
            .map(|(unit, &end)| {
                let mut row = SparseVec::default();
                f.row_from_ids(unit, &ids[start..end], &mut row);
                start = end;
                row
            })
            .collect()
    }
}

/// A count-min sketch of pair occurrences: two rows of saturating byte counters. Its estimate
/// is never below a pair's true count (up to 255, where the counters stop).
struct PairSketch {
    rows: [Vec<u8>; 2],
    shift: u32,
}

impl PairSketch {
    /// A sketch for about `n` occurrences.
    fn new(n: usize) -> Self {
        let size = n.next_power_of_two().clamp(1 << 12, 1 << 24);
        PairSketch {
            rows: [filled(size, 0), filled(size, 0)],
            shift: 64 - size.trailing_zeros(),
        }
    }

    fn slots(&self, key: u64) -> [usize; 2] {
        [
            (key.wrapping_mul(GOLDEN) >> self.shift) as usize,
            (key.wrapping_mul(XXH_PRIME_2) >> self.shift) as usize,
        ]
    }

    fn add(&mut self, key: u64) {
        let [i, j] = self.slots(key);
        self.rows[0][i] = self.rows[0][i].saturating_add(1);
        self.rows[1][j] = self.rows[1][j].saturating_add(1);
    }

    fn estimate(&self, key: u64) -> usize {
        let [i, j] = self.slots(key);
        self.rows[0][i].min(self.rows[1][j]) as usize
    }
}

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
    fn new(vectorizer: &'v Vectorizer, analyzer: Analyzer) -> Self {
        let n = vectorizer.terms.len();
        Featurizer {
            vectorizer,
            analyzer,
            entries: Vec::new(),
            cells: vectorizer.idf.iter().map(|&idf| [0.0, idf]).collect(),
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
    fn row_from_ids(&mut self, text: &str, ids: &[u32], row: &mut SparseVec) {
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
        let sublinear_tf = self.vectorizer.options.sublinear_tf;
        let Featurizer { cells, touched, .. } = self;
        let mut norm = 0.0;
        for (k, &f) in touched.iter().enumerate() {
            if let Some(&next) = touched.get(k + AHEAD) {
                ahead(next);
            }
            let [tf, idf] = cells[f as usize];
            cells[f as usize][0] = 0.0;
            let w = if sublinear_tf { sublinear(tf) } else { tf } * idf;
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
        if v.options.title_boost > 0.0
            && let Some(title) = leading_title(text)
        {
            self.analyzer
                .for_each_term(title, |id, _| title_ids.push(id));
        }
        let bigrams = v.options.bigrams;
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
                    v.index
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
                    if v.index.may_have_bigram(key) {
                        pairs.push(key);
                    }
                }
                prev_part = e.part;
            }
        }
        for (k, &key) in pairs.iter().enumerate() {
            if let Some(&next) = pairs.get(k + AHEAD) {
                v.index.bigrams.prefetch(next);
            }
            if let Some(f) = v.index.bigrams.get(key) {
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
                add(cells, touched, e.feature, v.options.title_boost);
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
            let w = if v.options.sublinear_tf {
                sublinear(tf)
            } else {
                tf
            } * idf;
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

/// `1 + ln(tf)`, from a table for the small whole counts that make up most terms.
#[inline]
fn sublinear(tf: f64) -> f64 {
    static TABLE: std::sync::LazyLock<[f64; 32]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| if i == 0 { 0.0 } else { 1.0 + (i as f64).ln() })
    });
    let i = tf as usize;
    if i as f64 == tf && i < 32 {
        TABLE[i]
    } else {
        1.0 + tf.ln()
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

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [&str; 4] = [
        "The central bank raised interest rates.",
        "The central bank held rates steady.",
        "Troops shelled the border town.",
        "Border troops clashed again.",
    ];

    fn fit(options: TfidfOptions) -> Vectorizer {
        Vectorizer::fit(AnalyzerOptions::default(), options, UNITS)
    }

    #[test]
    fn vocabulary_is_sorted_stems_with_smoothed_idf() {
        let v = fit(TfidfOptions::default());
        assert!(v.terms.windows(2).all(|w| w[0] < w[1]));
        let bank = v.terms.iter().position(|t| t == "bank").unwrap();
        let rais = v.terms.iter().position(|t| t == "rais").unwrap();
        // bank: df 2 of 4; rais: df 1 of 4.
        assert!((v.idf[bank] - ((5.0f64 / 3.0).ln() + 1.0)).abs() < 1e-12);
        assert!((v.idf[rais] - ((5.0f64 / 2.0).ln() + 1.0)).abs() < 1e-12);
    }

    #[test]
    fn rows_are_unit_length_and_weighted() {
        let v = fit(TfidfOptions::default());
        let row = v.transform("Bank bank rates rose, troops said");
        let norm: f64 = row.values.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
        let bank = v.terms.iter().position(|t| t == "bank").unwrap() as u32;
        let rate = v.terms.iter().position(|t| t == "rate").unwrap() as u32;
        let w = |f| row.values[row.indices.iter().position(|&i| i == f).unwrap()];
        // Same idf, tf 2 vs 1: ratio is 1 + ln 2 under sublinear tf.
        assert!((w(bank) / w(rate) - (1.0 + 2f64.ln())).abs() < 1e-12);
        assert!(v.transform("nothing known here").indices.is_empty());
    }

    #[test]
    fn min_df_max_df_and_max_features() {
        let v = fit(TfidfOptions {
            min_df: 2,
            ..Default::default()
        });
        assert_eq!(v.terms, ["bank", "border", "central", "rate", "troop"]);
        let v = fit(TfidfOptions {
            max_df: 0.3,
            ..Default::default()
        });
        assert!(!v.terms.contains(&"bank".to_string()) && v.terms.contains(&"rais".to_string()));
        let v = fit(TfidfOptions {
            max_features: Some(3),
            ..Default::default()
        });
        assert_eq!(v.terms.len(), 3);
    }

    #[test]
    fn bigrams_are_features() {
        let v = fit(TfidfOptions {
            bigrams: true,
            min_df: 2,
            ..Default::default()
        });
        assert!(v.terms.contains(&"central bank".to_string()));
        let row = v.transform("central bank");
        let cb = v.terms.iter().position(|t| t == "central bank").unwrap() as u32;
        assert!(row.indices.contains(&cb));
        assert_eq!(row.indices.len(), 3);
    }

    #[test]
    fn bigrams_equal_a_brute_force_count_whatever_min_df() {
        // Thousands of pairs, most seen once, some many times: the sketch that screens pairs
        // must never drop one that reaches min_df.
        let units: Vec<String> = (0..3000)
            .map(|i| {
                format!(
                    "w{} x{} w{} y{} z{}",
                    i % 97,
                    (i * 7) % 89,
                    i % 13,
                    i % 5,
                    i
                )
            })
            .collect();
        let refs: Vec<&str> = units.iter().map(String::as_str).collect();
        for min_df in [1, 2, 3, 40] {
            let options = TfidfOptions {
                bigrams: true,
                min_df,
                ..Default::default()
            };
            let (v, _) = Vectorizer::fit_transform(AnalyzerOptions::default(), options, &refs);
            let mut an = Analyzer::new(AnalyzerOptions::default());
            let terms: Vec<Vec<String>> = refs.iter().map(|u| an.terms_of(u)).collect();
            let mut df: FxHashMap<String, usize> = FxHashMap::default();
            let mut pair_df: FxHashMap<(String, String), usize> = FxHashMap::default();
            for t in &terms {
                let words: std::collections::BTreeSet<&String> = t.iter().collect();
                words
                    .into_iter()
                    .for_each(|w| *df.entry(w.clone()).or_default() += 1);
                let pairs: std::collections::BTreeSet<(String, String)> =
                    t.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
                pairs
                    .into_iter()
                    .for_each(|p| *pair_df.entry(p).or_default() += 1);
            }
            let mut want: Vec<String> = pair_df
                .iter()
                .filter(|((a, b), d)| **d >= min_df && df[a] >= min_df && df[b] >= min_df)
                .map(|((a, b), _)| format!("{a} {b}"))
                .collect();
            want.sort();
            let got: Vec<String> = v
                .terms
                .iter()
                .filter(|t| t.contains(' '))
                .cloned()
                .collect();
            assert_eq!(got, want, "min_df {min_df}");
        }
    }

    #[test]
    fn every_bigram_passes_the_filter_and_most_other_pairs_do_not() {
        let terms: Vec<String> = (0..3000)
            .map(|i| format!("w{i}"))
            .chain((0..2000).map(|i| format!("w{} w{}", i, (i * 7 + 1) % 3000)))
            .collect();
        let mut sorted = terms.clone();
        sorted.sort();
        let v = Vectorizer::from_parts(
            AnalyzerOptions::default(),
            TfidfOptions::default(),
            sorted.clone(),
            vec![1.0; sorted.len()],
            1,
        );
        let part = |s: &str| v.index.stems[s].part;
        for (id, t) in sorted.iter().enumerate() {
            if let Some((a, b)) = t.split_once(' ') {
                assert_eq!(v.index.bigram(part(a), part(b)), Some(id as u32), "{t}");
            }
        }
        let mut passed = 0;
        for a in 0..200u32 {
            for b in 0..200u32 {
                let key = bigram_key(a, b);
                let bit = filter_bit(key, v.index.filter_shift);
                passed += (v.index.bigram_filter[bit / 64] >> (bit % 64) & 1) as usize;
            }
        }
        assert!(
            passed < 40_000 / 5,
            "filter lets {passed} of 40000 pairs through"
        );
    }

    #[test]
    fn fit_transform_equals_fit_then_transform() {
        for options in [
            TfidfOptions::default(),
            TfidfOptions {
                bigrams: true,
                title_boost: 2.0,
                ..Default::default()
            },
        ] {
            let (v, rows) = Vectorizer::fit_transform(AnalyzerOptions::default(), options, &UNITS);
            for (u, r) in UNITS.iter().zip(&rows) {
                assert_eq!(&v.transform(u), r);
            }
        }
    }

    #[test]
    fn deterministic_and_survives_serialisation() {
        let a = serde_json::to_string(&fit(TfidfOptions {
            bigrams: true,
            ..Default::default()
        }))
        .unwrap();
        let b = serde_json::to_string(&fit(TfidfOptions {
            bigrams: true,
            ..Default::default()
        }))
        .unwrap();
        assert_eq!(a, b);
        let back: Vectorizer = serde_json::from_str(&a).unwrap();
        let orig = fit(TfidfOptions {
            bigrams: true,
            ..Default::default()
        });
        assert_eq!(back.transform(UNITS[0]), orig.transform(UNITS[0]));
    }

    #[test]
    fn the_result_does_not_depend_on_the_shard_count() {
        let words = [
            "bank",
            "rates",
            "troops",
            "border",
            "talks",
            "Talks",
            "minister",
            "ministers",
            "inflation",
            "shelling",
            "the",
            "of",
            "2024",
            "a",
            "negotiations",
            "ceasefire",
        ];
        let units: Vec<String> = (0..120)
            .map(|i| {
                (0..9)
                    .map(|k| words[(i * 7 + k * k + i / 5) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let units: Vec<&str> = units.iter().map(String::as_str).collect();
        let options = TfidfOptions {
            bigrams: true,
            min_df: 2,
            ..Default::default()
        };
        let fit = |shards| {
            let (v, rows) = Vectorizer::fit_transform_in(
                AnalyzerOptions::default(),
                options.clone(),
                &units,
                shards,
            );
            (serde_json::to_string(&v).unwrap(), rows)
        };
        let one = fit(1);
        assert!(one.0.contains("\"talk minist\""), "{}", one.0);
        for shards in [2, 3, 7] {
            assert_eq!(fit(shards), one, "{shards} shards");
        }
    }
}
