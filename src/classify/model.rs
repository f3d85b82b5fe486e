//! The fitted topic model: a TF-IDF vectorizer and multinomial naive Bayes parameters.
//!
//! Scoring is sparse (only the features a text has are touched) and probabilities go through
//! a max-shifted log-sum-exp, with a temperature fitted on held-out folds at training time.

use crate::error::{Error, Result};
use crate::features::{Featurizer, SparseVec, Vectorizer};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Identifies a newsdesk model file.
pub const FORMAT_NAME: &str = "newsdesk-topic-model";
/// The model file format this build writes. Version 2 stores float arrays as base64 of their
/// bytes (see `floats`); version 1 files, with arrays of numbers, are read too.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest model file format this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// A model is always written in the current format, whatever version it was read from.
fn write_format_version<S: serde::Serializer>(_: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(FORMAT_VERSION)
}

/// A label and how many training units carried it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelCount {
    /// The label.
    pub label: String,
    /// Training units with it.
    pub count: usize,
}

/// Facts about how a model was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// newsdesk version that trained it.
    pub crate_version: String,
    /// Labels with their training counts, in label order.
    pub labels: Vec<LabelCount>,
    /// Smoothing used.
    pub alpha: f64,
    /// Training unit: "document" or "paragraph".
    pub unit: String,
    /// Number of features.
    pub vocabulary_size: usize,
    /// Expected calibration error on held-out folds before and after the temperature.
    pub calibration: Option<CalibrationInfo>,
}

/// Held-out calibration figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationInfo {
    /// Folds used.
    pub folds: usize,
    /// Expected calibration error with temperature 1.
    pub ece_before: f64,
    /// Expected calibration error with the fitted temperature.
    pub ece_after: f64,
}

/// A fitted topic model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicModel {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// File format version it was read from ([`FORMAT_VERSION`] is always written).
    #[serde(serialize_with = "write_format_version")]
    pub format_version: u32,
    /// How it was made.
    pub meta: ModelMeta,
    /// Text → TF-IDF row.
    pub vectorizer: Vectorizer,
    /// Labels, sorted.
    pub labels: Vec<String>,
    /// `ln P(label)`.
    pub log_priors: Vec<f64>,
    /// `ln P(feature | label)`, one row per label (base64 of little-endian f64 in the file).
    #[serde(with = "crate::floats::rows")]
    pub feature_log_prob: Vec<Vec<f64>>,
    /// Joint log-likelihoods are divided by this before the softmax.
    pub temperature: f64,
    /// `feature_log_prob` transposed: feature-major, for sparse scoring.
    #[serde(skip)]
    by_feature: Vec<f64>,
}

/// Label-major rows (`rows[label][feature]`) as one feature-major table.
fn transpose(rows: &[Vec<f64>], labels: usize) -> Vec<f64> {
    let features = rows.first().map_or(0, Vec::len);
    let mut t = vec![0.0; features * labels];
    for (c, row) in rows.iter().enumerate() {
        for (f, &x) in row.iter().enumerate() {
            t[f * labels + c] = x;
        }
    }
    t
}

/// A text's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Joint log-likelihood per label (before calibration), in label order.
    pub joint_log_likelihood: Vec<f64>,
    /// Calibrated probabilities per label, summing to 1.
    pub probabilities: Vec<f64>,
}

impl Scores {
    /// Index of the most probable label (the first on ties).
    pub fn best(&self) -> usize {
        argmax(&self.joint_log_likelihood)
    }
}

/// Index of the largest value (the first on ties).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// Softmax of `jll / temperature`, with the max shifted out so nothing overflows or underflows to NaN.
pub fn softmax(jll: &[f64], temperature: f64, out: &mut Vec<f64>) {
    out.clear();
    let max = jll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() || jll.iter().any(|v| v.is_nan()) {
        // Every score overflowed, or one is not a number: no label is preferred.
        out.extend(jll.iter().map(|_| 1.0 / jll.len() as f64));
        return;
    }
    let mut sum = 0.0;
    for &v in jll {
        let e = ((v - max) / temperature).exp();
        sum += e;
        out.push(e);
    }
    out.iter_mut().for_each(|p| *p /= sum);
}

impl TopicModel {
    /// Assembles a model and its scoring tables.
    pub fn new(
        meta: ModelMeta,
        vectorizer: Vectorizer,
        labels: Vec<String>,
        log_priors: Vec<f64>,
        feature_log_prob: Vec<Vec<f64>>,
        temperature: f64,
    ) -> TopicModel {
        let mut m = TopicModel {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            meta,
            vectorizer,
            labels,
            log_priors,
            feature_log_prob,
            temperature,
            by_feature: Vec::new(),
        };
        m.build_tables();
        m
    }

    fn build_tables(&mut self) {
        self.by_feature = transpose(&self.feature_log_prob, self.labels.len());
    }

    /// Reads a model from JSON bytes; `source` names it in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<TopicModel> {
        Self::parse(bytes, source)?.ready(source)
    }

    /// Parses a model without checking or indexing it (see [`TopicModel::ready`]).
    fn parse(bytes: &[u8], source: &str) -> Result<TopicModel> {
        let bad = |message: String| Error::Model {
            path: source.to_string(),
            message,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(bad("the file is empty".into()));
        }
        // The header decides the message for a foreign, newer or damaged file.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            format_version: Option<u32>,
        }
        let check_header = |header: Header| -> Result<()> {
            if header.format.as_deref() != Some(FORMAT_NAME) {
                return Err(bad(format!("it does not say it is a {FORMAT_NAME}")));
            }
            match header.format_version {
                Some(v) if (OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&v) => Ok(()),
                Some(v) if v > FORMAT_VERSION => Err(bad(format!(
                    "it has format version {v}, newer than this newsdesk reads ({FORMAT_VERSION}); upgrade newsdesk"
                ))),
                other => Err(bad(format!("unsupported format version {other:?}"))),
            }
        };
        // Parse in one pass; only when that fails is the file read again for its header.
        let m: TopicModel = match serde_json::from_slice(bytes) {
            Ok(m) => m,
            Err(full) => {
                let header: Header = serde_json::from_slice(bytes).map_err(|e| {
                    bad(format!("not valid model JSON ({e}); was it truncated? Retrain it with `newsdesk train`"))
                })?;
                check_header(header)?;
                return Err(bad(format!("damaged model: {full}")));
            }
        };
        check_header(Header {
            format: Some(m.format.clone()),
            format_version: Some(m.format_version),
        })?;
        Ok(m)
    }

    /// Checks a parsed model and builds its lookup tables.
    fn ready(mut self, source: &str) -> Result<TopicModel> {
        self.validate().map_err(|message| Error::Model {
            path: source.to_string(),
            message,
        })?;
        self.vectorizer.rebuild_index();
        self.build_tables();
        Ok(self)
    }

    /// Reads a model file.
    ///
    /// ```
    /// use newsdesk::classify::{builtin_model, TopicModel};
    /// let path = std::env::temp_dir().join(format!("newsdesk-doc-{}.json", std::process::id()));
    /// builtin_model()?.save(&path)?;
    /// let model = TopicModel::load(&path)?;
    /// let topics = model.classifier().classify_text("The central bank cut interest rates.", 0.5);
    /// assert_eq!(topics.label, "economics");
    /// assert_eq!(topics.tags, ["economics"]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), newsdesk::error::Error>(())
    /// ```
    pub fn load(path: &Path) -> Result<TopicModel> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read model", e))?;
        let source = path.display().to_string();
        let model = TopicModel::parse(&bytes, &source)?;
        // The file's memory is given back before the tables are built, which can reuse it.
        drop(bytes);
        model.ready(&source)
    }

    /// The model as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Sized for ~11 bytes a number (base64), so the buffer does not grow by copying.
        let numbers = self.vectorizer.terms.len() * (self.labels.len() + 1);
        let words: usize = self.vectorizer.terms.iter().map(|t| t.len() + 3).sum();
        let mut out = Vec::with_capacity(numbers * 11 + words + 4096);
        serde_json::to_writer(&mut out, self).expect("a model always serialises");
        out.push(b'\n');
        out
    }

    /// Writes the model atomically: a temporary file in the same folder, then a rename, so a
    /// failed write never destroys an existing model.
    pub fn save(&self, path: &Path) -> Result<()> {
        crate::io::write_atomically(path, &self.to_bytes())
    }

    fn validate(&self) -> std::result::Result<(), String> {
        let l = self.labels.len();
        let v = self.vectorizer.terms.len();
        if l < 2 {
            return Err("a model needs at least two labels".into());
        }
        if self.log_priors.len() != l || self.feature_log_prob.len() != l {
            return Err("label tables do not match the label list".into());
        }
        if self.vectorizer.idf.len() != v || self.feature_log_prob.iter().any(|r| r.len() != v) {
            return Err("feature tables do not match the vocabulary".into());
        }
        // Log-probabilities are at most 0, and no real model has one below -1e6; anything else
        // would overflow in scoring. IDF weights are positive.
        let log_prob = |x: &f64| (-1e6..=1e-9).contains(x);
        let positive = |x: &f64| (1e-6..1e6).contains(x);
        let in_range = self.log_priors.iter().all(log_prob)
            && self.feature_log_prob.iter().flatten().all(log_prob)
            && self.vectorizer.idf.iter().all(positive)
            && positive(&self.temperature);
        if !in_range {
            return Err(
                "numbers out of range (log-probabilities must be finite, at most 0 and above -1e6)"
                    .into(),
            );
        }
        Ok(())
    }

    /// Joint log-likelihood of a TF-IDF row for each label: `ln P(label) + Σ x_f ln P(f | label)`.
    pub fn joint_log_likelihood(&self, row: &SparseVec, out: &mut Vec<f64>) {
        let l = self.labels.len();
        out.clear();
        out.extend_from_slice(&self.log_priors);
        for (k, (f, x)) in row.iter().enumerate() {
            // Each feature's weights are one random read from a table that may not fit in
            // cache: ask for them a few features ahead.
            if let Some(&next) = row.indices.get(k + crate::fast::AHEAD)
                && let Some(w) = self.by_feature.get(next as usize * l)
            {
                crate::fast::prefetch(w);
            }
            let w = &self.by_feature[f * l..f * l + l];
            for c in 0..l {
                out[c] += x * w[c];
            }
        }
    }

    /// Scores of a TF-IDF row.
    pub fn score_row(&self, row: &SparseVec) -> Scores {
        let mut jll = Vec::with_capacity(self.labels.len());
        self.joint_log_likelihood(row, &mut jll);
        self.scores_of(jll)
    }

    /// Scores from joint log-likelihoods: the calibrated softmax beside them.
    fn scores_of(&self, jll: Vec<f64>) -> Scores {
        let mut probabilities = Vec::with_capacity(jll.len());
        softmax(&jll, self.temperature, &mut probabilities);
        Scores {
            joint_log_likelihood: jll,
            probabilities,
        }
    }

    /// A per-thread classifier holding the text caches.
    pub fn classifier(&self) -> Classifier<'_> {
        Classifier {
            model: self,
            featurizer: self.vectorizer.featurizer(),
            row: SparseVec::default(),
            terms: 5,
        }
    }

    /// The `n` terms of `row` that most favour `label` over the other labels.
    pub fn driving_terms(&self, row: &SparseVec, label: usize, n: usize) -> Vec<String> {
        let l = self.labels.len();
        if n == 0 {
            return Vec::new();
        }
        let mut contrib: Vec<(f64, usize)> = row
            .iter()
            .map(|(f, x)| {
                let w = &self.by_feature[f * l..f * l + l];
                let others = (w.iter().sum::<f64>() - w[label]) / (l - 1) as f64;
                (x * (w[label] - others), f)
            })
            .filter(|(c, _)| *c > 0.0)
            .collect();
        contrib.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        contrib
            .into_iter()
            .take(n)
            .map(|(_, f)| self.vectorizer.terms[f].clone())
            .collect()
    }

    /// The `n` most indicative terms of each label (by log-probability ratio to the other labels).
    pub fn top_terms(&self, n: usize) -> Vec<Vec<(String, f64)>> {
        let l = self.labels.len();
        (0..l)
            .map(|c| {
                let mut v: Vec<(f64, usize)> = (0..self.vectorizer.len())
                    .map(|f| {
                        let w = &self.by_feature[f * l..f * l + l];
                        let others = (w.iter().sum::<f64>() - w[c]) / (l - 1) as f64;
                        (w[c] - others, f)
                    })
                    .collect();
                v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                v.into_iter()
                    .take(n)
                    .map(|(s, f)| (self.vectorizer.terms[f].clone(), s))
                    .collect()
            })
            .collect()
    }
}

/// Classifies texts with one model; holds per-thread caches.
pub struct Classifier<'m> {
    model: &'m TopicModel,
    featurizer: Featurizer<'m>,
    row: SparseVec,
    terms: usize,
}

impl<'m> Classifier<'m> {
    /// The model.
    pub fn model(&self) -> &'m TopicModel {
        self.model
    }

    /// Sets how many driving terms [`Classifier::classify_text`] and
    /// [`Classifier::classify_article`] report (default 5; 0 skips that work).
    pub fn with_terms(mut self, n: usize) -> Self {
        self.terms = n;
        self
    }

    /// How many driving terms are reported.
    pub fn terms(&self) -> usize {
        self.terms
    }

    /// Scores of `text` as one unit.
    pub fn score(&mut self, text: &str) -> Scores {
        self.score_explained(text, 0).0
    }

    /// Scores of `text` and the `n` terms that drove the top label.
    ///
    /// The text's weights go straight into the label sums as the featurizer produces them
    /// (no sorted row is built); the joint log-likelihoods equal
    /// [`TopicModel::joint_log_likelihood`] of the text's row up to rounding.
    pub fn score_explained(&mut self, text: &str, n: usize) -> (Scores, Vec<String>) {
        let model = self.model;
        let l = model.labels.len();
        let by_feature = &model.by_feature;
        let mut sums = vec![0.0; l];
        let keep = n > 0;
        let row = &mut self.row;
        row.indices.clear();
        row.values.clear();
        let norm = self.featurizer.for_each_weight(
            text,
            |f| {
                if let Some(w) = by_feature.get(f as usize * l) {
                    crate::fast::prefetch(w);
                }
            },
            |f, x| {
                let w = &by_feature[f as usize * l..f as usize * l + l];
                for c in 0..l {
                    sums[c] += x * w[c];
                }
                if keep {
                    row.indices.push(f);
                    row.values.push(x);
                }
            },
        );
        let inv = if norm > 0.0 { 1.0 / norm } else { 0.0 };
        let jll: Vec<f64> = model
            .log_priors
            .iter()
            .zip(&sums)
            .map(|(prior, sum)| prior + sum * inv)
            .collect();
        let scores = model.scores_of(jll);
        let terms = if keep {
            row.values.iter_mut().for_each(|x| *x *= inv);
            model.driving_terms(row, scores.best(), n)
        } else {
            Vec::new()
        };
        (scores, terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_is_stable_on_huge_log_likelihoods() {
        let mut p = Vec::new();
        softmax(&[-12000.0, -12001.0, -50000.0], 1.0, &mut p);
        assert!(p.iter().all(|x| x.is_finite()));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((p[0] / p[1] - std::f64::consts::E).abs() < 1e-9);
        softmax(&[0.0, 1.0], 0.5, &mut p);
        assert!((p[1] / p[0] - 2f64.exp()).abs() < 1e-9);
    }

    #[test]
    fn softmax_of_overflowed_scores_is_uniform_not_nan() {
        let mut p = Vec::new();
        softmax(&[f64::NEG_INFINITY, f64::NEG_INFINITY], 1.0, &mut p);
        assert_eq!(p, [0.5, 0.5]);
        softmax(&[f64::NAN, 1.0], 1.0, &mut p);
        assert!(p.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn loading_rejects_bad_files_with_reasons() {
        let err = |b: &[u8]| TopicModel::from_bytes(b, "m.json").unwrap_err().to_string();
        assert!(err(b"").contains("empty"));
        assert!(err(b"{\"format\": \"newsdesk-topic-model\", \"format_ver").contains("truncated"));
        assert!(err(b"[1,2,3]").contains("m.json"));
        assert!(err(b"{\"hello\": 1}").contains("does not say"));
        assert!(
            err(b"{\"format\": \"newsdesk-topic-model\", \"format_version\": 99}")
                .contains("upgrade")
        );
    }

    #[test]
    fn streamed_scores_equal_scores_of_the_sorted_row() {
        let model = crate::classify::builtin_model().unwrap();
        let mut classifier = model.classifier();
        let texts = [
            "The central bank raised interest rates as inflation climbed for a third month.",
            "Troops shelled border villages overnight; the ministry said four soldiers died.",
            "Envoys met in Geneva to resume talks on a ceasefire and an exchange of prisoners.",
            "",
            "zzz qqq",
            "Rates, rates, rates: the bank's bank raised RATES again and again.",
        ];
        for text in texts {
            let row = model.vectorizer.transform(text);
            let mut want = Vec::new();
            model.joint_log_likelihood(&row, &mut want);
            let (got, terms) = classifier.score_explained(text, 4);
            for (g, w) in got.joint_log_likelihood.iter().zip(&want) {
                assert!((g - w).abs() < 1e-9, "{text:?}: {g} vs {w}");
            }
            assert_eq!(got.best(), argmax(&want), "{text:?}");
            assert_eq!(terms, model.driving_terms(&row, got.best(), 4), "{text:?}");
            assert_eq!(
                classifier.score(text).joint_log_likelihood,
                got.joint_log_likelihood
            );
        }
    }

    #[test]
    fn saved_models_keep_every_bit_and_version_1_files_still_load() {
        let model = crate::classify::builtin_model().unwrap();
        let bytes = model.to_bytes();
        let back = TopicModel::from_bytes(&bytes, "m.json").unwrap();
        assert_eq!(back.format_version, FORMAT_VERSION);
        let bits = |rows: &[Vec<f64>]| -> Vec<u64> {
            rows.iter().flatten().map(|x| x.to_bits()).collect()
        };
        assert_eq!(bits(&back.feature_log_prob), bits(&model.feature_log_prob));
        assert_eq!(
            bits(std::slice::from_ref(&back.vectorizer.idf)),
            bits(std::slice::from_ref(&model.vectorizer.idf))
        );
        // The same model as a version 1 file: numbers written out as JSON numbers.
        let mut v1: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v1["format_version"] = 1.into();
        v1["vectorizer"]["idf"] = serde_json::json!(model.vectorizer.idf);
        v1["feature_log_prob"] = serde_json::json!(model.feature_log_prob);
        let old = TopicModel::from_bytes(&serde_json::to_vec(&v1).unwrap(), "old.json").unwrap();
        assert_eq!(old.format_version, 1);
        for (a, b) in old
            .feature_log_prob
            .iter()
            .flatten()
            .zip(model.feature_log_prob.iter().flatten())
        {
            assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} vs {b}");
        }
        let text = "Envoys resumed ceasefire talks as the central bank cut rates.";
        let (p, q) = (old.classifier().score(text), model.classifier().score(text));
        assert_eq!(p.best(), q.best());
        // Saving an old model writes the current format.
        let resaved: serde_json::Value = serde_json::from_slice(&old.to_bytes()).unwrap();
        assert_eq!(resaved["format_version"], FORMAT_VERSION);
        assert!(resaved["feature_log_prob"][0].is_string());
    }
}
