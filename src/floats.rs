//! Float arrays in model files, written as base64 of their little-endian IEEE-754 bytes.
//!
//! A model's weights are most of its file. As text, each number takes about 19 bytes and
//! parsing them is most of the time a command spends loading a model; as base64 each takes
//! 10.7 bytes, reading is a string scan and a decode, and every bit is kept. Arrays of JSON
//! numbers (format version 1 files) are read too.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// The base64 text of `values`.
pub fn encode(values: &[f64]) -> String {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    STANDARD.encode(bytes)
}

/// The values encoded by [`encode`].
pub fn decode(text: &str) -> Result<Vec<f64>, String> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|e| format!("not base64-encoded numbers ({e})"))?;
    if bytes.len() % 8 != 0 {
        return Err(format!(
            "{} bytes of numbers, not a whole number of 8-byte floats",
            bytes.len()
        ));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect())
}

/// A float array: a base64 string or an array of numbers.
struct FloatsVisitor;

impl<'de> Visitor<'de> for FloatsVisitor {
    type Value = Vec<f64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("base64-encoded floats or an array of numbers")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<f64>, E> {
        decode(text).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f64>, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            values.push(v);
        }
        Ok(values)
    }
}

/// `#[serde(with = "crate::floats::array")]` for a `Vec<f64>`.
pub mod array {
    use super::*;

    /// Writes the base64 string.
    pub fn serialize<S: Serializer>(values: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&encode(values))
    }

    /// Reads a base64 string or an array of numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        d.deserialize_any(FloatsVisitor)
    }
}

/// `#[serde(with = "crate::floats::rows")]` for a `Vec<Vec<f64>>`: one array per row.
pub mod rows {
    use super::*;
    use serde::de::DeserializeSeed;
    use serde::ser::SerializeSeq;

    /// Writes one base64 string per row.
    pub fn serialize<S: Serializer>(rows: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for row in rows {
            seq.serialize_element(&encode(row))?;
        }
        seq.end()
    }

    struct Row;

    impl<'de> DeserializeSeed<'de> for Row {
        type Value = Vec<f64>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<f64>, D::Error> {
            d.deserialize_any(FloatsVisitor)
        }
    }

    struct RowsVisitor;

    impl<'de> Visitor<'de> for RowsVisitor {
        type Value = Vec<Vec<f64>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of float arrays")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Vec<f64>>, A::Error> {
            let mut rows = Vec::new();
            while let Some(row) = seq.next_element_seed(Row)? {
                rows.push(row);
            }
            Ok(rows)
        }
    }

    /// Reads an array whose items are base64 strings or arrays of numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        d.deserialize_seq(RowsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Weights {
        #[serde(with = "array")]
        idf: Vec<f64>,
        #[serde(with = "rows")]
        rows: Vec<Vec<f64>>,
    }

    #[test]
    fn every_bit_round_trips_through_base64() {
        let odd = [
            -10.12345244671443,
            0.1 + 0.2,
            f64::MIN_POSITIVE,
            -0.0,
            1e300,
            f64::from_bits(1),
        ];
        let w = Weights {
            idf: odd.to_vec(),
            rows: vec![odd.to_vec(), vec![], vec![2.5]],
        };
        let json = serde_json::to_string(&w).unwrap();
        assert!(
            !json.contains("-10.12"),
            "numbers are not written as text: {json}"
        );
        let back: Weights = serde_json::from_str(&json).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back.idf), bits(&w.idf));
        for (a, b) in back.rows.iter().zip(&w.rows) {
            assert_eq!(bits(a), bits(b));
        }
    }

    #[test]
    fn arrays_of_numbers_are_read_too() {
        let back: Weights =
            serde_json::from_str(r#"{"idf": [1.5, 2], "rows": [[-1.25], "AAAAAAAA+D8="]}"#)
                .unwrap();
        assert_eq!(back.idf, [1.5, 2.0]);
        assert_eq!(back.rows, [vec![-1.25], vec![1.5]]);
    }

    #[test]
    fn damaged_text_is_an_error_that_says_why() {
        let err = |json: &str| {
            serde_json::from_str::<Weights>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(err(r#"{"idf": "not*base64", "rows": []}"#).contains("not base64"));
        assert!(err(r#"{"idf": "AAAA", "rows": []}"#).contains("8-byte"));
        assert!(err(r#"{"idf": 7, "rows": []}"#).contains("base64-encoded floats"));
        assert!(err(r#"{"idf": [], "rows": ["AAAA"]}"#).contains("8-byte"));
    }
}
