//! Fitting's first pass: slices of the training units analysed side by side, each with its
//! own analyzer, then merged into one vocabulary of document frequencies.

use super::bigrams::in_share;
use super::term_index::bigram_key;
use super::{Featurizer, SparseVec, Vectorizer};
use crate::text::{Analyzer, AnalyzerOptions};
use rustc_hash::FxHashMap;

/// One slice of the training units, analysed: its analyzer, every unit's term ids, and the
/// slice's document frequencies in that analyzer's term ids.
pub(super) struct Shard {
    analyzer: Analyzer,
    ids: Vec<u32>,
    ends: Vec<usize>,
    df: Vec<u32>,
}

impl Shard {
    /// Analyses each slice of units on its own thread.
    pub(super) fn analyse_all(options: &AnalyzerOptions, slices: &[&[&str]]) -> Vec<Shard> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = slices
                .iter()
                .map(|slice| {
                    let options = options.clone();
                    scope.spawn(move || Shard::analyse(options, slice))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("analysis thread"))
                .collect()
        })
    }

    /// The rows of every shard's units, in order, each shard on its own thread with the
    /// analyzer its term ids belong to; then the rows of the `extra` texts, a share of them
    /// transformed on each shard's thread after its units.
    pub(super) fn rows_all(
        shards: Vec<Shard>,
        v: &Vectorizer,
        slices: &[&[&str]],
        extra: &[&str],
    ) -> (Vec<SparseVec>, Vec<SparseVec>) {
        let per = extra.len().div_ceil(shards.len().max(1)).max(1);
        let mut extra_slices = extra.chunks(per);
        let rows: Vec<(Vec<SparseVec>, Vec<SparseVec>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = shards
                .into_iter()
                .zip(slices)
                .map(|(shard, slice)| {
                    let extra = extra_slices.next().unwrap_or(&[]);
                    scope.spawn(move || shard.rows(v, slice, extra))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("transform thread"))
                .collect()
        });
        let units = slices.iter().map(|s| s.len()).sum();
        let mut all = (Vec::with_capacity(units), Vec::with_capacity(extra.len()));
        for (units, extra) in rows {
            all.0.extend(units);
            all.1.extend(extra);
        }
        all
    }

    /// Number of units.
    pub(super) fn units(&self) -> usize {
        self.ends.len()
    }

    /// Number of term occurrences.
    pub(super) fn words(&self) -> usize {
        self.ids.len()
    }

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
    pub(super) fn for_each_pair(
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
                    if in_share(key, share) {
                        visit(unit, key);
                    }
                }
            }
            start = end;
        }
    }

    /// The rows of this shard's units (from the term ids found when analysing them), then
    /// those of the `extra` texts.
    fn rows(
        self,
        v: &Vectorizer,
        units: &[&str],
        extra: &[&str],
    ) -> (Vec<SparseVec>, Vec<SparseVec>) {
        let Shard {
            analyzer,
            ids,
            ends,
            ..
        } = self;
        let mut f = Featurizer::new(v, analyzer);
        let mut start = 0;
        let rows = units
            .iter()
            .zip(&ends)
            .map(|(unit, &end)| {
                let mut row = SparseVec::default();
                f.row_from_ids(unit, &ids[start..end], &mut row);
                start = end;
                row
            })
            .collect();
        (rows, extra.iter().map(|t| f.transform(t)).collect())
    }
}

/// The shards' terms under shard-independent (string) identities.
pub(super) struct Vocabulary<'a> {
    /// Term names by global id.
    pub(super) names: Vec<&'a str>,
    /// Document frequency by global id.
    pub(super) df: Vec<u32>,
    /// Per shard: its analyzer's term id → global id.
    pub(super) maps: Vec<Vec<u32>>,
}

impl<'a> Vocabulary<'a> {
    /// Merges the shards' document frequencies.
    pub(super) fn merge(analysed: &'a [Shard]) -> Vocabulary<'a> {
        let mut global: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut global_df: Vec<u32> = Vec::new();
        let mut maps: Vec<Vec<u32>> = Vec::with_capacity(analysed.len());
        for shard in analysed {
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
        Vocabulary {
            names,
            df: global_df,
            maps,
        }
    }

    /// The name of the bigram `key` ([`bigram_key`] of two global ids).
    pub(super) fn bigram_name(&self, key: u64) -> String {
        format!(
            "{} {}",
            self.names[(key >> 32) as usize - 1],
            self.names[(key & 0xFFFF_FFFF) as usize]
        )
    }
}
