//! clap's view of the library's enums: the same values, with doc comments as `--help` text.
//! The library stays free of clap; each wrapper converts into the library's type.

use clap::ValueEnum;
use newsdesk::classify::{DataFormat, Unit, Weighting};
use newsdesk::html::InputKind;
use newsdesk::summarize::Order;
use newsdesk::text::Language;

/// Formats of labelled text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormatArg {
    /// Decide from the path: folder, `.jsonl`, `.csv`, `.tsv`, or a look at the first line.
    Auto,
    /// `DIR/<label>/*.txt`.
    Folder,
    /// One JSON object per line with "text" and "label".
    Jsonl,
    /// Comma-separated, with a header row.
    Csv,
    /// Tab-separated, with a header row.
    Tsv,
    /// `__label__<label> <text>` lines.
    Fasttext,
}

impl From<DataFormatArg> for DataFormat {
    fn from(f: DataFormatArg) -> DataFormat {
        match f {
            DataFormatArg::Auto => DataFormat::Auto,
            DataFormatArg::Folder => DataFormat::Folder,
            DataFormatArg::Jsonl => DataFormat::Jsonl,
            DataFormatArg::Csv => DataFormat::Csv,
            DataFormatArg::Tsv => DataFormat::Tsv,
            DataFormatArg::Fasttext => DataFormat::Fasttext,
        }
    }
}

/// What one training unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Each file or row is one unit.
    Document,
    /// Each file or row is split into paragraphs that all carry its label.
    Paragraph,
    /// Each blank-line-separated block is a unit, as written (one-line headlines included).
    Block,
}

impl From<UnitArg> for Unit {
    fn from(u: UnitArg) -> Unit {
        match u {
            UnitArg::Document => Unit::Document,
            UnitArg::Paragraph => Unit::Paragraph,
            UnitArg::Block => Unit::Block,
        }
    }
}

/// Naive Bayes weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WeightingArg {
    /// Multinomial naive Bayes: ln P(label) + Σ tf-idf × ln P(term | label).
    Multinomial,
    /// Complement naive Bayes (TWCNB, Rennie et al. 2003): weights from each label's complement.
    Complement,
}

impl From<WeightingArg> for Weighting {
    fn from(w: WeightingArg) -> Weighting {
        match w {
            WeightingArg::Multinomial => Weighting::Multinomial,
            WeightingArg::Complement => Weighting::Complement,
        }
    }
}

/// Order of the chosen sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    /// As they appear in the article.
    Document,
    /// Best first.
    Score,
}

impl From<OrderArg> for Order {
    fn from(o: OrderArg) -> Order {
        match o {
            OrderArg::Document => Order::Document,
            OrderArg::Score => Order::Score,
        }
    }
}

/// `--language`: a name the library knows.
pub fn parse_language(s: &str) -> Result<Language, newsdesk::error::UnknownName> {
    s.parse()
}

/// A finite number: "NaN", "inf" and the like are refused with the rest.
fn number(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("'{s}' is not a finite number")),
    }
}

/// A number between 0 and 1.
pub fn parse_probability(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("must be between 0 and 1, got {v}"))
    }
}

/// A number in (0, 1].
pub fn parse_ratio(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(format!("must be in (0, 1], got {v}"))
    }
}

/// How to read input files and rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Web pages by name (.html, .htm, .html.gz) or content (doctype, <html>, tags; in a .txt or
    /// .md file only a doctype or <html>); else text.
    Auto,
    /// Every input is a web page: extract its article.
    Html,
    /// Every input is plain text, markup and all.
    Text,
}

impl From<InputArg> for InputKind {
    fn from(k: InputArg) -> InputKind {
        match k {
            InputArg::Auto => InputKind::Auto,
            InputArg::Html => InputKind::Html,
            InputArg::Text => InputKind::Text,
        }
    }
}

/// `--alpha`: a smoothing count in (0, 1000].
pub fn parse_alpha(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if v > 0.0 && v <= 1000.0 {
        Ok(v)
    } else {
        Err(format!("must be in (0, 1000], got {v}"))
    }
}

/// `--title-boost`: an extra weight in [0, 100].
pub fn parse_boost(s: &str) -> Result<f64, String> {
    let v = number(s)?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("must be between 0 and 100, got {v}"))
    }
}

/// A size in bytes: a whole number, or with K, M or G for KiB, MiB or GiB (`64M`).
pub fn parse_bytes(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => {
            return Err(format!(
                "'{s}': use a number of bytes, or K, M or G after it"
            ));
        }
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a whole number of bytes"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("must be at least 1 byte".into()),
        Some(v) => Ok(v),
        None => Err(format!("'{s}' is too large")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_options_refuse_non_finite_and_out_of_range_values() {
        for bad in ["NaN", "nan", "inf", "-inf", "infinity", "1e400", "", "x"] {
            for parse in [parse_probability, parse_ratio, parse_alpha, parse_boost] {
                assert!(parse(bad).is_err(), "{bad:?} accepted");
            }
        }
        assert_eq!(parse_probability("0"), Ok(0.0));
        assert!(parse_ratio("0").is_err());
        assert_eq!(parse_ratio("1"), Ok(1.0));
        assert!(parse_alpha("0").is_err() && parse_alpha("-1").is_err());
        assert!(parse_alpha("1001").is_err());
        assert_eq!(parse_alpha("0.05"), Ok(0.05));
        assert_eq!(parse_boost("0"), Ok(0.0));
        assert!(parse_boost("-0.5").is_err() && parse_boost("100.5").is_err());
    }

    #[test]
    fn byte_sizes_take_binary_units() {
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("2k"), Ok(2048));
        assert_eq!(parse_bytes("1G"), Ok(1 << 30));
        for bad in ["0", "-1", "1.5M", "12X", "M", "", "99999999999999999999G"] {
            assert!(parse_bytes(bad).is_err(), "{bad:?}");
        }
    }
}
