//! The model file: JSON naming its format and version, float tables as base64.
//!
//! Reading goes through [`RawTopicModel`], the file's fields as written, which
//! `TopicModel::try_from` checks and indexes; `serde_json::from_str::<TopicModel>` takes the
//! same path, so no model exists without its lookup tables.

use super::meta::ModelMeta;
use super::model::TopicModel;
use crate::error::{Error, Result};
use crate::features::RawVectorizer;
use crate::io::AtomicFile;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// Identifies a newsdesk model file.
pub const FORMAT_NAME: &str = "newsdesk-topic-model";
/// The model file format this build writes. Version 4 adds the weighting (`multinomial` or
/// `complement`), the evidence exponent and the catch-all label (files before it are
/// multinomial, with neither). Version 3 saves the fingerprint of the shipped
/// stop-word list a model applies; version 2 stores float arrays as base64 of their bytes (see
/// `floats`); version 1 files, with arrays of numbers, are read too. Files before version 3
/// carry no stop-word fingerprint, so they are read without that check.
pub const FORMAT_VERSION: u32 = 4;
/// The oldest model file format this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// Writes [`FORMAT_NAME`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FormatName;

impl Serialize for FormatName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(FORMAT_NAME)
    }
}

/// A model is always written in the current format, whatever version it was read from.
pub(super) fn write_format_version<S: serde::Serializer>(_: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(FORMAT_VERSION)
}

/// Why a model file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file does not name the newsdesk model format.
    #[error("it does not say it is a {FORMAT_NAME}")]
    NotAModel,
    /// A summary style given where a model belongs.
    #[error("it is a newsdesk summary style (for --style), not a topic model")]
    SummaryStyle,
    /// A format version newer than this build reads.
    #[error(
        "it has format version {0}, newer than this newsdesk reads ({FORMAT_VERSION}); upgrade newsdesk"
    )]
    Newer(u32),
    /// A missing or unknown format version.
    #[error("unsupported format version {0:?}")]
    UnsupportedVersion(Option<u32>),
    /// Fewer than two labels.
    #[error("a model needs at least two labels")]
    TooFewLabels,
    /// A label listed twice: scores for it would be split between two entries.
    #[error("the label {0:?} is listed twice")]
    DuplicateLabel(String),
    /// A label that training refuses (empty, a control or invisible character).
    #[error("label {0:?}: {1}")]
    BadLabel(String, String),
    /// Per-label tables of another length than the label list.
    #[error("label tables do not match the label list")]
    LabelTables,
    /// Per-feature tables of another length than the vocabulary.
    #[error("feature tables do not match the vocabulary")]
    FeatureTables,
    /// A number no trained model has, in the named field.
    #[error("field {field:?} is out of range ({rule})")]
    OutOfRange {
        /// The field.
        field: &'static str,
        /// What its values must be.
        rule: &'static str,
    },
    /// A catch-all label that is not one of the model's labels.
    #[error("its catch-all label {0:?} is not one of its labels")]
    CatchAll(String),
    /// A version 3 file naming the shipped stop-word list without its fingerprint.
    #[error(
        "it names the shipped stop-word list but not its fingerprint (`stop_words_fingerprint`); retrain it with `newsdesk train`"
    )]
    MissingStopWords,
    /// The vectorizer's own check failed.
    #[error(transparent)]
    Vectorizer(#[from] crate::features::VectorizerError),
}

/// A model file's fields as written, before they are checked and indexed.
#[derive(Deserialize)]
pub(super) struct RawTopicModel {
    pub(super) format: String,
    pub(super) format_version: u32,
    pub(super) meta: ModelMeta,
    pub(super) vectorizer: RawVectorizer,
    pub(super) labels: Vec<String>,
    pub(super) log_priors: Vec<f64>,
    #[serde(with = "crate::floats::rows")]
    pub(super) feature_log_prob: Vec<Vec<f64>>,
    pub(super) temperature: f64,
    #[serde(default)]
    pub(super) weighting: super::weighting::Weighting,
    #[serde(default)]
    pub(super) evidence_exponent: f64,
    #[serde(default)]
    pub(super) catch_all: Option<String>,
}

/// Checks a file's format name and version.
pub(super) fn check_header(
    format: Option<&str>,
    version: Option<u32>,
) -> std::result::Result<(), ModelError> {
    if format == Some(crate::summarize::STYLE_FORMAT_NAME) {
        return Err(ModelError::SummaryStyle);
    }
    if format != Some(FORMAT_NAME) {
        return Err(ModelError::NotAModel);
    }
    match version {
        Some(v) if (OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&v) => Ok(()),
        Some(v) if v > FORMAT_VERSION => Err(ModelError::Newer(v)),
        other => Err(ModelError::UnsupportedVersion(other)),
    }
}

/// Parses a model file without checking or indexing it; `source` names it in errors.
fn parse(bytes: &[u8], source: &str) -> Result<RawTopicModel> {
    let bad = |message: String| Error::Model {
        path: source.to_string(),
        message,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("the file is empty".into()));
    }
    // Parse in one pass; only when that fails is the file read again for its header, which
    // decides the message for a foreign, newer or damaged file.
    match serde_json::from_slice(bytes) {
        Ok(raw) => Ok(raw),
        Err(full) => {
            #[derive(Deserialize)]
            struct Header {
                format: Option<String>,
                format_version: Option<u32>,
            }
            let header: Header = serde_json::from_slice(bytes).map_err(|e| {
                bad(format!(
                    "not valid model JSON ({e}); was it truncated? Retrain it with `newsdesk train`"
                ))
            })?;
            check_header(header.format.as_deref(), header.format_version)
                .map_err(|e| bad(e.to_string()))?;
            Err(bad(format!("damaged model: {full}")))
        }
    }
}

/// Parses and checks a model file without building its lookup tables: `Ok` exactly when
/// [`TopicModel::from_bytes`] would load it.
fn check_bytes(bytes: &[u8], source: &str) -> Result<()> {
    parse(bytes, source)?.check().map_err(|e| Error::Model {
        path: source.to_string(),
        message: e.to_string(),
    })
}

/// Checks and indexes a parsed model.
fn ready(raw: RawTopicModel, source: &str) -> Result<TopicModel> {
    TopicModel::try_from(raw).map_err(|e| Error::Model {
        path: source.to_string(),
        message: e.to_string(),
    })
}

impl TopicModel {
    /// Reads a model from JSON bytes; `source` names it in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<TopicModel> {
        ready(parse(bytes, source)?, source)
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
        let raw = parse(&bytes, &source)?;
        // The file's memory is given back before the tables are built, which can reuse it.
        drop(bytes);
        ready(raw, &source)
    }

    /// The model as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Sized for ~11 bytes a number (base64), so the buffer does not grow by copying.
        let terms = self.vectorizer().terms();
        let numbers = terms.len() * (self.labels().len() + 1);
        let words: usize = terms.iter().map(|t| t.len() + 3).sum();
        let mut out = Vec::with_capacity(numbers * 11 + words + 4096);
        serde_json::to_writer(&mut out, self).expect("a model always serialises");
        out.push(b'\n');
        out
    }

    /// Writes the model atomically: a temporary file in the same folder, then a rename, so a
    /// failed write never destroys an existing model. The bytes are parsed and checked as
    /// loading does (without building the lookup tables), beside the write and sync of the
    /// temporary file: a model that would not load (a NaN option, say) is refused and
    /// replaces nothing.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes();
        let source = path.display().to_string();
        std::thread::scope(|scope| {
            let check = scope.spawn(|| check_bytes(&bytes, &source));
            let mut check = Some(check);
            // Joins the check (once); a refusal comes before any error of the write.
            let mut checked = || match check.take().map(|c| c.join()) {
                Some(Ok(Err(e))) => Err(refused(e, path)),
                Some(Err(_)) => Err(Error::Model {
                    path: path.display().to_string(),
                    message: "not written: the check that it loads back failed".into(),
                }),
                Some(Ok(Ok(()))) | None => Ok(()),
            };
            let written = AtomicFile::create(path).and_then(|mut file| {
                if !file.replaces() {
                    // A device or FIFO keeps what it is sent: check before sending.
                    checked()?;
                }
                file.write_all(&bytes)
                    .map_err(|e| Error::write_failed_to(path, e))?;
                Ok(file)
            });
            let done = written.and_then(|file| file.commit_when(&mut checked));
            checked()?;
            done
        })
    }
}

/// The error of saving a model that [`check_bytes`] refused.
fn refused(e: Error, path: &Path) -> Error {
    let message = match e {
        Error::Model { message, .. } => message,
        other => other.to_string(),
    };
    Error::Model {
        path: path.display().to_string(),
        message: format!("not written, as it would not load back: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_rejects_bad_files_with_reasons() {
        let err = |b: &[u8]| TopicModel::from_bytes(b, "m.json").unwrap_err().to_string();
        assert!(err(b"").contains("empty"));
        assert!(err(b"{\"format\": \"newsdesk-topic-model\", \"format_ver").contains("truncated"));
        assert!(err(b"[1,2,3]").contains("m.json"));
        assert!(err(b"{\"hello\": 1}").contains("does not say"));
        assert!(
            err(b"{\"format\": \"newsdesk-summary-style\", \"format_version\": 1}")
                .contains("it is a newsdesk summary style (for --style), not a topic model")
        );
        assert!(
            err(b"{\"format\": \"newsdesk-topic-model\", \"format_version\": 99}")
                .contains("upgrade")
        );
    }

    #[test]
    fn a_model_that_would_not_load_back_replaces_nothing() {
        let good = crate::classify::builtin_model().unwrap();
        let bad = TopicModel::new(
            good.meta().clone(),
            good.vectorizer().clone(),
            good.labels().to_vec(),
            crate::classify::naive_bayes::NbParams {
                log_priors: good.log_priors().to_vec(),
                feature_log_prob: good.feature_log_prob().to_vec(),
            },
            crate::classify::model::Decision {
                weighting: good.weighting(),
                temperature: f64::NAN,
                evidence_exponent: good.evidence_exponent(),
                catch_all: good.catch_all().map(str::to_string),
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("current.model");
        std::fs::write(&path, "the old model").unwrap();
        let e = bad.save(&path).unwrap_err().to_string();
        assert!(
            e.contains("current.model") && e.contains("would not load back"),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old model");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        good.save(&path).unwrap();
        assert!(TopicModel::load(&path).is_ok());
    }

    #[test]
    fn the_check_before_saving_refuses_what_loading_refuses() {
        let bytes = crate::classify::builtin_model().unwrap().to_bytes();
        assert!(check_bytes(&bytes, "m.json").is_ok());
        let broken: [(&str, serde_json::Value); 5] = [
            ("/temperature", serde_json::Value::Null),
            ("/evidence_exponent", 9.into()),
            ("/labels/1", "diplomacy".into()),
            ("/vectorizer/terms/7", "aa".into()),
            ("/catch_all", "sport".into()),
        ];
        for (at, value) in broken {
            let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            *doc.pointer_mut(at).unwrap() = value;
            let b = serde_json::to_vec(&doc).unwrap();
            let loaded = TopicModel::from_bytes(&b, "m.json")
                .unwrap_err()
                .to_string();
            let checked = check_bytes(&b, "m.json").unwrap_err().to_string();
            assert_eq!(checked, loaded, "{at}");
        }
    }

    #[test]
    fn duplicate_labels_or_terms_are_refused() {
        let bytes = crate::classify::builtin_model().unwrap().to_bytes();
        let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let first_label = doc["labels"][0].clone();
        doc["labels"][1] = first_label;
        let e = TopicModel::from_bytes(&serde_json::to_vec(&doc).unwrap(), "m.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.json") && e.contains("listed twice"), "{e}");
        let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let first_term = doc["vectorizer"]["terms"][0].clone();
        doc["vectorizer"]["terms"][5] = first_term.clone();
        let e = TopicModel::from_bytes(&serde_json::to_vec(&doc).unwrap(), "m.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("twice") && e.contains(first_term.as_str().unwrap()),
            "{e}"
        );
    }

    #[test]
    fn labels_training_refuses_are_refused_at_load() {
        let bytes = crate::classify::builtin_model().unwrap().to_bytes();
        for bad in [
            "sec\turity",
            "",
            "security\u{200B}",
            "a\u{202E}b",
            "x\u{2029}y",
            "\u{FEFF}z",
        ] {
            let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            doc["labels"][1] = serde_json::json!(bad);
            let e = TopicModel::from_bytes(&serde_json::to_vec(&doc).unwrap(), "m.json")
                .unwrap_err()
                .to_string();
            assert!(e.contains("m.json") && e.contains("label"), "{bad:?}: {e}");
            assert!(
                e.contains("empty") || e.contains("control") || e.contains("invisible"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn saved_models_keep_every_bit_and_version_1_files_still_load() {
        let model = crate::classify::builtin_model().unwrap();
        let bytes = model.to_bytes();
        let back = TopicModel::from_bytes(&bytes, "m.json").unwrap();
        assert_eq!(back.format_version(), FORMAT_VERSION);
        let bits = |rows: &[Vec<f64>]| -> Vec<u64> {
            rows.iter().flatten().map(|x| x.to_bits()).collect()
        };
        assert_eq!(
            bits(back.feature_log_prob()),
            bits(model.feature_log_prob())
        );
        assert_eq!(
            bits(&[back.vectorizer().idf().to_vec()]),
            bits(&[model.vectorizer().idf().to_vec()])
        );
        // The same model as a version 1 file: numbers written out as JSON numbers.
        let mut v1: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v1["format_version"] = 1.into();
        v1["vectorizer"]
            .as_object_mut()
            .unwrap()
            .remove("stop_words_fingerprint");
        v1["vectorizer"]["idf"] = serde_json::json!(model.vectorizer().idf());
        v1["feature_log_prob"] = serde_json::json!(model.feature_log_prob());
        let old = TopicModel::from_bytes(&serde_json::to_vec(&v1).unwrap(), "old.json").unwrap();
        assert_eq!(old.format_version(), 1);
        for (a, b) in old
            .feature_log_prob()
            .iter()
            .flatten()
            .zip(model.feature_log_prob().iter().flatten())
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

    #[test]
    fn a_model_read_with_plain_serde_scores_exactly_like_the_original() {
        let model = crate::classify::builtin_model().unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let back: TopicModel = serde_json::from_str(&json).unwrap();
        let (mut a, mut b) = (model.classifier(), back.classifier());
        for text in [
            "The central bank raised interest rates as inflation climbed for a third month.",
            "Troops shelled border villages overnight; four soldiers died.",
            "Envoys met in Geneva to resume ceasefire talks.",
            "zzz qqq",
            "",
        ] {
            let (sa, ta) = a.score_explained(text, 5);
            let (sb, tb) = b.score_explained(text, 5);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(
                bits(&sa.joint_log_likelihood),
                bits(&sb.joint_log_likelihood),
                "{text:?}"
            );
            assert_eq!(bits(&sa.probabilities), bits(&sb.probabilities), "{text:?}");
            assert_eq!(ta, tb, "{text:?}");
        }
        // A known text has known terms: the vectorizer index was built.
        assert!(
            !back
                .vectorizer()
                .transform("central bank rates")
                .indices
                .is_empty()
        );
    }

    #[test]
    fn edited_parameters_are_what_a_read_model_scores_with() {
        let model = crate::classify::builtin_model().unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&model.to_bytes()).unwrap();
        // Swap the economics and security weights: the derived tables must follow.
        let (e, s) = (1, 3);
        assert_eq!(
            (model.labels()[e].as_str(), model.labels()[s].as_str()),
            ("economics", "security")
        );
        let rows = v["feature_log_prob"].as_array_mut().unwrap();
        rows.swap(e, s);
        let swapped: TopicModel = serde_json::from_value(v).unwrap();
        let text = "The central bank raised interest rates to curb inflation.";
        assert_eq!(
            model.classifier().classify_text(text, 0.5).label,
            "economics"
        );
        assert_eq!(
            swapped.classifier().classify_text(text, 0.5).label,
            "security"
        );
    }

    #[test]
    fn plain_serde_refuses_what_loading_refuses() {
        let model = crate::classify::builtin_model().unwrap();
        let good: serde_json::Value = serde_json::from_slice(&model.to_bytes()).unwrap();
        let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            edit(&mut v);
            let e = serde_json::from_value::<TopicModel>(v.clone())
                .unwrap_err()
                .to_string();
            let f = TopicModel::from_bytes(&serde_json::to_vec(&v).unwrap(), "m.json")
                .unwrap_err()
                .to_string();
            (e, f)
        };
        let (e, f) = refused(&|v| v["labels"] = serde_json::json!(["only"]));
        assert!(
            e.contains("two labels") && f.contains("two labels"),
            "{e} / {f}"
        );
        let (e, f) = refused(&|v| v["temperature"] = serde_json::json!(-1.0));
        assert!(
            e.contains("\"temperature\" is out of range") && f.contains("\"temperature\""),
            "{e} / {f}"
        );
        let (e, _) = refused(&|v| v["evidence_exponent"] = serde_json::json!(1e300));
        assert!(
            e.contains("\"evidence_exponent\" is out of range (from 0 to 4)"),
            "{e}"
        );
        let (e, _) = refused(&|v| v["format_version"] = serde_json::json!(99));
        assert!(e.contains("upgrade"), "{e}");
    }

    #[test]
    fn a_changed_stop_word_list_is_refused_and_old_files_need_no_fingerprint() {
        let model = crate::classify::builtin_model().unwrap();
        let good: serde_json::Value = serde_json::from_slice(&model.to_bytes()).unwrap();
        assert_eq!(good["format_version"], FORMAT_VERSION);
        let saved = good["vectorizer"]["stop_words_fingerprint"]
            .as_str()
            .unwrap();
        assert!(saved.starts_with("fnv1a64:"), "{saved}");
        let load = |v: &serde_json::Value| {
            TopicModel::from_bytes(&serde_json::to_vec(v).unwrap(), "m.json")
        };
        // A model trained with another list (as if stop_words_en.txt had been edited since).
        let mut other = good.clone();
        other["vectorizer"]["stop_words_fingerprint"] = "fnv1a64:0123456789abcdef".into();
        let e = load(&other).unwrap_err().to_string();
        assert!(e.contains("m.json") && e.contains("stop-word list"), "{e}");
        // A version 3 file must carry it.
        let mut missing = good.clone();
        missing["vectorizer"]
            .as_object_mut()
            .unwrap()
            .remove("stop_words_fingerprint");
        let e = load(&missing).unwrap_err().to_string();
        assert!(e.contains("stop_words_fingerprint"), "{e}");
        // A version 2 file has none, and loads; saved again, it carries this build's.
        missing["format_version"] = 2.into();
        let old = load(&missing).unwrap();
        assert_eq!(old.format_version(), 2);
        let resaved: serde_json::Value = serde_json::from_slice(&old.to_bytes()).unwrap();
        assert_eq!(resaved["vectorizer"]["stop_words_fingerprint"], saved);
        // A custom list is saved word for word and carries no fingerprint.
        let mut custom = good.clone();
        custom["vectorizer"]["analyzer"]["stop_words"] = serde_json::json!({"custom": ["the"]});
        custom["vectorizer"]
            .as_object_mut()
            .unwrap()
            .remove("stop_words_fingerprint");
        let custom = load(&custom).unwrap();
        let resaved: serde_json::Value = serde_json::from_slice(&custom.to_bytes()).unwrap();
        assert!(
            resaved["vectorizer"]
                .get("stop_words_fingerprint")
                .is_none()
        );
    }
}
