//! TF-IDF weighting: the one definition of a term's weight, used by the vectorizer and by the
//! summariser (which weighs an article's sentences against the article's own terms).
//!
//! Weight = tf' · idf, where tf' is the term's count, or `1 + ln(tf)` when sublinear, and
//! idf is the smoothed inverse document frequency `ln((1 + n) / (1 + df)) + 1` (n units, df of
//! them containing the term), as scikit-learn's `TfidfVectorizer(smooth_idf=True)`.

/// The smoothed inverse document frequency of a term found in `df` of `n` units.
#[inline]
pub(crate) fn smoothed_idf(n: f64, df: f64) -> f64 {
    ((1.0 + n) / (1.0 + df)).ln() + 1.0
}

/// A term's weight before normalisation: its count `tf` (or `1 + ln(tf)` when `sublinear`)
/// times its `idf`.
#[inline]
pub(crate) fn tfidf_weight(tf: f64, idf: f64, sublinear: bool) -> f64 {
    let tf = if sublinear { sublinear_tf(tf) } else { tf };
    tf * idf
}

/// `1 + ln(tf)`, from a table for the small whole counts that make up most terms.
#[inline]
pub(crate) fn sublinear_tf(tf: f64) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_equals_the_formula_bit_for_bit() {
        for tf in (1..40).map(f64::from).chain([0.5, 2.5, 1e6]) {
            assert_eq!(
                sublinear_tf(tf).to_bits(),
                (1.0 + tf.ln()).to_bits(),
                "{tf}"
            );
        }
    }

    #[test]
    fn weights_follow_the_smoothed_formula() {
        // A term in 1 of 4 units: ln(5 / 2) + 1.
        assert!((smoothed_idf(4.0, 1.0) - (2.5f64.ln() + 1.0)).abs() < 1e-15);
        // A term in every unit still weighs 1.
        assert_eq!(smoothed_idf(4.0, 4.0), 1.0);
        assert_eq!(tfidf_weight(3.0, 2.0, false), 6.0);
        assert!((tfidf_weight(3.0, 2.0, true) - 2.0 * (1.0 + 3f64.ln())).abs() < 1e-15);
    }
}
