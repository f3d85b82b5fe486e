//! Facts about how a model was made, saved with it.

use serde::{Deserialize, Serialize};

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
