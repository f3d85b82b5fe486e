//! A fitted TF-IDF vocabulary: fitting (deterministic: feature ids follow the sorted term
//! strings, so the same units give a byte-identical vectorizer), its saved parts, and
//! transforming text through a [`Featurizer`].

use super::bigrams::{BigramCounts, count_bigrams};
use super::shard::{Shard, Vocabulary};
use super::term_index::TermIndex;
use super::weighting::smoothed_idf;
use super::{Featurizer, SparseVec, TfidfOptions};
use crate::text::{Analyzer, AnalyzerOptions};
use serde::{Deserialize, Serialize};

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
        let (v, rows, _) = Self::fit_transform_extra(analyzer, options, units, &[]);
        (v, rows)
    }

    /// [`Vectorizer::fit_transform`], also returning the rows of `extra` texts, which are
    /// transformed (not fitted on) side by side by the analysers that fitting warmed up, so
    /// their words are mostly stemmed already. The rows are those [`Vectorizer::transform`]
    /// gives.
    pub(crate) fn fit_transform_extra(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        units: &[&str],
        extra: &[&str],
    ) -> (Vectorizer, Vec<SparseVec>, Vec<SparseVec>) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let shards = if units.len() >= 512 { threads } else { 1 };
        Self::fit_transform_in(analyzer, options, units, extra, shards)
    }

    /// [`Vectorizer::fit_transform_extra`] with the units split into `shards` slices.
    fn fit_transform_in(
        analyzer: AnalyzerOptions,
        options: TfidfOptions,
        units: &[&str],
        extra: &[&str],
        shards: usize,
    ) -> (Vectorizer, Vec<SparseVec>, Vec<SparseVec>) {
        let slices = slices_by_bytes(units, shards);
        let analysed = Shard::analyse_all(&analyzer, &slices);
        let vocab = Vocabulary::merge(&analysed);
        let bigram_df = if options.bigrams {
            count_bigrams(&analysed, &vocab, options.min_df)
        } else {
            Vec::new()
        };
        let n = units.len() as u32;
        let (terms, idf) = choose_terms(&vocab, &bigram_df, &options, n);
        let v = Vectorizer::from_parts(analyzer, options, terms, idf, n as usize);
        let (rows, extra_rows) = Shard::rows_all(analysed, &v, &slices, extra);
        (v, rows, extra_rows)
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
        v.index = TermIndex::of(&v.terms);
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

    /// The lookup tables.
    pub(super) fn index(&self) -> &TermIndex {
        &self.index
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
    pub(super) fn new_analyzer(&self) -> Analyzer {
        Analyzer::new(self.analyzer.clone())
    }

    /// Transforms one text (convenience; use a [`Featurizer`] for many).
    pub fn transform(&self, text: &str) -> SparseVec {
        self.featurizer().transform(text)
    }
}

/// `units` cut into at most `parts` runs, none empty, of about equal bytes, so that the threads
/// that analyse them finish together (cut by count, the second half of the BBC news set had
/// 19% more text than the first, and its thread ran that much longer).
fn slices_by_bytes<'u, 's>(units: &'u [&'s str], parts: usize) -> Vec<&'u [&'s str]> {
    let total: usize = units.iter().map(|u| u.len()).sum();
    let mut slices = Vec::with_capacity(parts);
    let (mut start, mut bytes) = (0, 0);
    for (i, unit) in units.iter().enumerate() {
        bytes += unit.len();
        let closing = slices.len() + 1;
        if closing < parts && bytes * parts >= total * closing && i + 1 < units.len() {
            slices.push(&units[start..=i]);
            start = i + 1;
        }
    }
    if start < units.len() {
        slices.push(&units[start..]);
    }
    slices
}

/// The features kept (terms and bigrams within the document-frequency bounds, at most
/// `max_features` of the most frequent), sorted, with their IDF weights.
fn choose_terms(
    vocab: &Vocabulary<'_>,
    bigram_df: &[BigramCounts],
    options: &TfidfOptions,
    n: u32,
) -> (Vec<String>, Vec<f64>) {
    let max_df = (options.max_df * n as f64).floor() as u32;
    let keep = |d: u32| d as usize >= options.min_df && d <= max_df.max(1);
    let mut chosen: Vec<(String, u32)> = vocab
        .df
        .iter()
        .enumerate()
        .filter(|&(_, &d)| keep(d))
        .map(|(i, &d)| (vocab.names[i].to_string(), d))
        .collect();
    chosen.extend(
        bigram_df
            .iter()
            .flat_map(|counts| counts.iter())
            .filter(|(_, (d, _))| keep(*d))
            .map(|(k, (d, _))| (vocab.bigram_name(k), d)),
    );
    // Names are distinct (a stem has no space; a bigram's has one), so an unstable sort
    // gives the one order there is, without a stable sort's buffer.
    if let Some(max) = options.max_features {
        chosen.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        chosen.truncate(max);
    }
    let mut terms = Vec::with_capacity(chosen.len());
    let mut idf = Vec::with_capacity(chosen.len());
    for i in by_name(&chosen) {
        let (term, d) = std::mem::take(&mut chosen[i]);
        terms.push(term);
        idf.push(if options.use_idf {
            smoothed_idf(n as f64, d as f64)
        } else {
            1.0
        });
    }
    (terms, idf)
}

/// The positions of `named` in the order of their (distinct) names.
///
/// Names are compared by their first eight bytes, read as one big-endian number (the same
/// order as the bytes), and only on a tie by the strings themselves, so most comparisons read
/// no string from the heap (choosing the BBC set's 30,000 features: 4.3 -> 3.6 ms).
fn by_name<T>(named: &[(String, T)]) -> Vec<usize> {
    let prefix = |s: &str| {
        let mut bytes = [0u8; 8];
        let n = s.len().min(8);
        bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
        u64::from_be_bytes(bytes)
    };
    let mut order: Vec<(u64, usize)> = named
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (prefix(name), i))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| named[a.1].0.cmp(&named[b.1].0)));
    order.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

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
    fn slices_cover_every_unit_in_order_with_about_equal_bytes() {
        let units = ["aaaa", "b", "cc", "dddd", "e", "ffffffff"];
        for parts in 1..=8 {
            let slices = slices_by_bytes(&units, parts);
            assert!(slices.len() <= parts && slices.iter().all(|s| !s.is_empty()));
            assert_eq!(slices.concat(), units, "{parts} parts");
        }
        let halves = slices_by_bytes(&units, 2);
        assert_eq!(halves, [&units[..4], &units[4..]]);
        assert!(slices_by_bytes(&[], 3).is_empty());
    }

    #[test]
    fn names_are_ordered_as_their_bytes() {
        let names = [
            "presid",
            "a",
            "abcdefgh",
            "abcdefgh b",
            "abcdefg",
            "abcdefgha",
            "ab",
            "presid putin",
            "b",
            "abcdefgh a",
        ];
        let named: Vec<(String, ())> = names.iter().map(|n| (n.to_string(), ())).collect();
        let got: Vec<&str> = by_name(&named).into_iter().map(|i| names[i]).collect();
        let mut want = names.to_vec();
        want.sort();
        assert_eq!(got, want);
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
        let extra = [
            "talks with the minister",
            "",
            "ceasefire ceasefire talks resumed",
        ];
        let fit = |shards| {
            let (v, rows, extra_rows) = Vectorizer::fit_transform_in(
                AnalyzerOptions::default(),
                options.clone(),
                &units,
                &extra,
                shards,
            );
            (serde_json::to_string(&v).unwrap(), rows, extra_rows)
        };
        let one = fit(1);
        assert!(one.0.contains("\"talk minist\""), "{}", one.0);
        let v: Vectorizer = serde_json::from_str(&one.0).unwrap();
        let transformed: Vec<SparseVec> = extra.iter().map(|t| v.transform(t)).collect();
        assert_eq!(one.2, transformed);
        assert!(!one.2[2].indices.is_empty());
        for shards in [2, 3, 7] {
            assert_eq!(fit(shards), one, "{shards} shards");
        }
    }
}
