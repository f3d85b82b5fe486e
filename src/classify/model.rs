//! The fitted topic model: a TF-IDF vectorizer and naive Bayes weights (multinomial or
//! complement).
//!
//! Scoring is sparse (only the features a text has are touched) and probabilities go through
//! a max-shifted log-sum-exp, with a temperature fitted on held-out folds at training time.
//! The fitted state is private: a model comes from training or from a checked file (see
//! `file`), always with its lookup tables built.

use super::file::{FormatName, ModelError, RawTopicModel, check_header, write_format_version};
use super::meta::ModelMeta;
use super::naive_bayes::NbParams;
use super::scores::{Scores, argmax, evidence_temperature, has_evidence, softmax};
use super::weighting::Weighting;
use crate::features::{Featurizer, SparseVec, Vectorizer};
use serde::{Deserialize, Serialize};

/// A fitted topic model. Read one with [`TopicModel::load`], [`TopicModel::from_bytes`] or
/// plain serde (which checks it the same way), or fit one with
/// [`ValidTrainParams::fit`](super::ValidTrainParams::fit).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RawTopicModel")]
pub struct TopicModel {
    /// Always written as `FORMAT_NAME`.
    format: FormatName,
    /// File format version it was read from (`FORMAT_VERSION` is always written).
    #[serde(serialize_with = "write_format_version")]
    format_version: u32,
    /// How it was made.
    meta: ModelMeta,
    /// Text → TF-IDF row.
    vectorizer: Vectorizer,
    /// Labels, sorted.
    labels: Vec<String>,
    /// `ln P(label)`.
    log_priors: Vec<f64>,
    /// `ln P(feature | label)`, one row per label (base64 of little-endian f64 in the file).
    #[serde(with = "crate::floats::rows")]
    feature_log_prob: Vec<Vec<f64>>,
    /// Joint log-likelihoods are divided by this before the softmax.
    temperature: f64,
    /// How the weights were fitted (`feature_log_prob` holds TWCNB weights, shifted to at
    /// most 0, for complement weighting).
    weighting: Weighting,
    /// Confidence grows with evidence: scores are multiplied by `n^evidence_exponent`, `n`
    /// the number of distinct known features of the text, before the temperature.
    evidence_exponent: f64,
    /// The label of a text without any known feature (none: the label with most training units).
    catch_all: Option<String>,
    /// Index of the label given to a text with too little evidence.
    #[serde(skip)]
    no_evidence_label: usize,
    /// `feature_log_prob` transposed: feature-major, for sparse scoring.
    #[serde(skip)]
    by_feature: Vec<f64>,
}

/// How a fitted model decides: its weighting and how scores become probabilities.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// How the weights were fitted.
    pub(crate) weighting: Weighting,
    /// Softmax temperature.
    pub(crate) temperature: f64,
    /// Evidence exponent (0: confidence does not depend on the amount of evidence).
    pub(crate) evidence_exponent: f64,
    /// The catch-all label, if any.
    pub(crate) catch_all: Option<String>,
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

impl RawTopicModel {
    /// Checks a model file's fields without building its lookup tables: every reason
    /// [`TopicModel::try_from`] refuses a file, found here.
    pub(super) fn check(&self) -> Result<(), ModelError> {
        check_header(Some(&self.format), Some(self.format_version))?;
        let l = self.labels.len();
        if l < 2 {
            return Err(ModelError::TooFewLabels);
        }
        if self.log_priors.len() != l || self.feature_log_prob.len() != l {
            return Err(ModelError::LabelTables);
        }
        for label in &self.labels {
            if let Some(problem) = super::data::label_problem(label) {
                return Err(ModelError::BadLabel(label.clone(), problem));
            }
        }
        if let Some(label) = crate::features::first_duplicate(&self.labels) {
            return Err(ModelError::DuplicateLabel(label.to_string()));
        }
        if self.format_version >= 3 && self.vectorizer.lacks_stop_word_fingerprint() {
            return Err(ModelError::MissingStopWords);
        }
        self.vectorizer.check()?;
        if self
            .feature_log_prob
            .iter()
            .any(|r| r.len() != self.vectorizer.len())
        {
            return Err(ModelError::FeatureTables);
        }
        // Log-probabilities are at most 0, and no real model has one below -1e6; anything else
        // would overflow in scoring.
        let log_prob = |x: &f64| (-1e6..=1e-9).contains(x);
        const LOG_PROB: &str = "log-probabilities must be finite, at most 0 and above -1e6";
        let checks = [
            ("log_priors", self.log_priors.iter().all(log_prob), LOG_PROB),
            (
                "feature_log_prob",
                self.feature_log_prob.iter().flatten().all(log_prob),
                LOG_PROB,
            ),
            (
                "temperature",
                (1e-6..1e6).contains(&self.temperature),
                "above 1e-6 and below 1e6",
            ),
            (
                "evidence_exponent",
                (0.0..=4.0).contains(&self.evidence_exponent),
                "from 0 to 4",
            ),
        ];
        if let Some(&(field, _, rule)) = checks.iter().find(|(_, ok, _)| !ok) {
            return Err(ModelError::OutOfRange { field, rule });
        }
        if let Some(c) = &self.catch_all
            && !self.labels.contains(c)
        {
            return Err(ModelError::CatchAll(c.clone()));
        }
        Ok(())
    }
}

impl TryFrom<RawTopicModel> for TopicModel {
    type Error = ModelError;

    /// Checks a model file's fields and builds its lookup tables.
    fn try_from(raw: RawTopicModel) -> Result<TopicModel, ModelError> {
        raw.check()?;
        let vectorizer = Vectorizer::try_from(raw.vectorizer)?;
        let nb = NbParams {
            log_priors: raw.log_priors,
            feature_log_prob: raw.feature_log_prob,
        };
        let decision = Decision {
            weighting: raw.weighting,
            temperature: raw.temperature,
            evidence_exponent: raw.evidence_exponent,
            catch_all: raw.catch_all,
        };
        let mut m = TopicModel::new(raw.meta, vectorizer, raw.labels, nb, decision);
        m.format_version = raw.format_version;
        Ok(m)
    }
}

impl TopicModel {
    /// Assembles a freshly fitted model and its scoring tables.
    pub(crate) fn new(
        meta: ModelMeta,
        vectorizer: Vectorizer,
        labels: Vec<String>,
        nb: NbParams,
        decision: Decision,
    ) -> TopicModel {
        let by_feature = transpose(&nb.feature_log_prob, labels.len());
        let no_evidence_label = match &decision.catch_all {
            Some(c) => labels.iter().position(|l| l == c).unwrap_or(0),
            // The label with most training units (the first of ties).
            None => {
                let counts: Vec<f64> = labels
                    .iter()
                    .map(|l| {
                        meta.labels
                            .iter()
                            .find(|c| &c.label == l)
                            .map_or(0.0, |c| c.count as f64)
                    })
                    .collect();
                argmax(&counts)
            }
        };
        TopicModel {
            format: FormatName,
            format_version: super::file::FORMAT_VERSION,
            meta,
            vectorizer,
            labels,
            log_priors: nb.log_priors,
            feature_log_prob: nb.feature_log_prob,
            temperature: decision.temperature,
            weighting: decision.weighting,
            evidence_exponent: decision.evidence_exponent,
            catch_all: decision.catch_all,
            no_evidence_label,
            by_feature,
        }
    }

    /// The file format version the model was read from (the current one for a fitted model;
    /// saving always writes the current one).
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// How the model was made.
    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// Text → TF-IDF row.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// The labels, sorted; scores are in this order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// `ln P(label)`, in label order.
    pub fn log_priors(&self) -> &[f64] {
        &self.log_priors
    }

    /// `ln P(feature | label)`, one row per label.
    pub fn feature_log_prob(&self) -> &[Vec<f64>] {
        &self.feature_log_prob
    }

    /// Joint log-likelihoods are divided by this before the softmax.
    pub fn temperature(&self) -> f64 {
        self.temperature
    }

    /// How the weights were fitted.
    pub fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// Scores are multiplied by `n^evidence_exponent` (`n`: distinct known features) before
    /// the temperature: with a positive exponent, short texts get less confident scores.
    pub fn evidence_exponent(&self) -> f64 {
        self.evidence_exponent
    }

    /// The catch-all label given to text with too little evidence, if the model names one.
    pub fn catch_all(&self) -> Option<&str> {
        self.catch_all.as_deref()
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
        self.scores_of(jll, row.indices.len())
    }

    /// Scores from joint log-likelihoods and the number of distinct known features: the
    /// calibrated softmax beside them. With too little evidence (fewer than
    /// [`MIN_EVIDENCE`](super::scores::MIN_EVIDENCE) known features), every label is equally
    /// likely and the label is the catch-all (never a tie broken by the priors).
    fn scores_of(&self, jll: Vec<f64>, evidence: usize) -> Scores {
        let mut probabilities = Vec::with_capacity(jll.len());
        if !has_evidence(evidence) {
            let l = jll.len() as f64;
            probabilities.extend(jll.iter().map(|_| 1.0 / l));
            return Scores {
                joint_log_likelihood: jll,
                probabilities,
                evidence,
                best: self.no_evidence_label,
            };
        }
        let t = evidence_temperature(self.temperature, self.evidence_exponent, evidence);
        softmax(&jll, t, &mut probabilities);
        Scores {
            best: argmax(&jll),
            joint_log_likelihood: jll,
            probabilities,
            evidence,
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
            .map(|(_, f)| self.vectorizer.terms()[f].clone())
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
                    .map(|(s, f)| (self.vectorizer.terms()[f].clone(), s))
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
        let mut evidence = 0usize;
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
                evidence += 1;
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
        let scores = model.scores_of(jll, evidence);
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
    /// A text whose only known term leans one way ("text": treaty drafts) gets the catch-all
    /// label, equal probabilities and no tags, however often the term is repeated; a second
    /// known term gives it a label of its own.
    #[test]
    fn a_single_known_term_gets_the_catch_all_and_no_tags() {
        let model = crate::classify::builtin_model().unwrap();
        let mut classifier = model.classifier();
        for text in ["The text", "text, text and TEXT", "Zyxw plugh text"] {
            let scores = classifier.score(text);
            assert_eq!(scores.evidence, 1, "{text:?}");
            assert!(!scores.has_evidence());
            assert_eq!(model.labels()[scores.best()], "general", "{text:?}");
            assert!(
                scores.probabilities.iter().all(|&p| p == 0.25),
                "{scores:?}"
            );
            let topics = classifier.classify_text(text, 0.2);
            assert!(topics.tags.is_empty(), "{text:?}: {topics:?}");
        }
        // Without the rule the lone term would decide: diplomacy scores highest.
        let scores = classifier.score("The text");
        assert_eq!(
            model.labels()[argmax_of(&scores.joint_log_likelihood)],
            "diplomacy"
        );
        let two = classifier.classify_text("The treaty text", 0.5);
        assert_eq!(two.label, "diplomacy");
        assert_eq!(two.tags, ["diplomacy"]);
    }

    fn argmax_of(values: &[f64]) -> usize {
        super::super::scores::argmax(values)
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
            let row = model.vectorizer().transform(text);
            let mut want = Vec::new();
            model.joint_log_likelihood(&row, &mut want);
            let (got, terms) = classifier.score_explained(text, 4);
            for (g, w) in got.joint_log_likelihood.iter().zip(&want) {
                assert!((g - w).abs() < 1e-9, "{text:?}: {g} vs {w}");
            }
            assert_eq!(got.best(), super::super::scores::argmax(&want), "{text:?}");
            assert_eq!(terms, model.driving_terms(&row, got.best(), 4), "{text:?}");
            assert_eq!(
                classifier.score(text).joint_log_likelihood,
                got.joint_log_likelihood
            );
        }
    }
}
