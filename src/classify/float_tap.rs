//! The floats of a value's serde form, each with where it is, read without building a tree.
//!
//! linfa-bayes 0.7.1 shows a fitted model's parameters only through `Serialize` (see
//! `linfa_nb`). Serialising into a `serde_json::Value` to read them back built one tree node
//! per number, about 10 MB for a model of 30,000 features and five labels, and was 3% of a
//! training run's CPU time (perf, BBC news, 2,225 articles). This serializer hands each `f64`
//! to a closure with its path instead, and keeps nothing.

use serde::Serialize;
use serde::ser::{self, Impossible, Serializer};

/// One step of a path into a serialised value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// A struct field.
    Field(&'static str),
    /// The entry of a map whose key is an unsigned integer.
    Key(u64),
    /// An element of a sequence, tuple or array (elements are not numbered).
    Element,
}

/// Calls `visit(path, x)` for each `f64` in `value`'s serde form, in serialisation order.
/// Fails on a map key that is not an unsigned integer (the only keys this reader expects).
pub(super) fn for_each_float(
    value: &impl Serialize,
    visit: &mut dyn FnMut(&[Step], f64),
) -> Result<(), serde_json::Error> {
    let mut tap = Tap {
        path: Vec::new(),
        visit,
    };
    value.serialize(&mut tap)
}

struct Tap<'v> {
    path: Vec<Step>,
    visit: &'v mut dyn FnMut(&[Step], f64),
}

impl Tap<'_> {
    fn nested<T: Serialize + ?Sized>(&mut self, step: Step, value: &T) -> Result<(), Error> {
        self.path.push(step);
        let done = value.serialize(&mut *self);
        self.path.pop();
        done
    }
}

type Error = serde_json::Error;

/// Values other than floats are walked through and dropped.
macro_rules! skip {
    ($($method:ident($($ty:ty)?)),* $(,)?) => {
        $(fn $method(self $(, _: $ty)?) -> Result<(), Error> { Ok(()) })*
    };
}

impl<'a, 'v> Serializer for &'a mut Tap<'v> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Keyed<'a, 'v>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    skip!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_f64(self, x: f64) -> Result<(), Error> {
        (self.visit)(&self.path, x);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.nested(Step::Field(variant), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Keyed<'a, 'v>, Error> {
        Ok(Keyed {
            tap: self,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        Ok(self)
    }
}

/// Sequence-like values: each element one [`Step::Element`] deeper.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Tap<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.nested(Step::Element, value)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Struct-like values: each field one [`Step::Field`] deeper.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Tap<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.nested(Step::Field(name), value)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

/// A map being walked: the key of the entry whose value comes next.
pub(super) struct Keyed<'a, 'v> {
    tap: &'a mut Tap<'v>,
    key: Option<u64>,
}

impl ser::SerializeMap for Keyed<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyReader)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without a key"))?;
        self.tap.nested(Step::Key(key), value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// Reads a map key that is an unsigned integer; anything else is an error.
struct KeyReader;

/// The key serializer's refusal of every other kind of key.
macro_rules! not_a_key {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $method(self $(, _: $ty)*) -> Result<u64, Error> {
            Err(<Error as ser::Error>::custom("a map key that is not an unsigned integer"))
        })*
    };
}

impl Serializer for KeyReader {
    type Ok = u64;
    type Error = Error;
    type SerializeSeq = Impossible<u64, Error>;
    type SerializeTuple = Impossible<u64, Error>;
    type SerializeTupleStruct = Impossible<u64, Error>;
    type SerializeTupleVariant = Impossible<u64, Error>;
    type SerializeMap = Impossible<u64, Error>;
    type SerializeStruct = Impossible<u64, Error>;
    type SerializeStructVariant = Impossible<u64, Error>;

    fn serialize_u8(self, k: u8) -> Result<u64, Error> {
        Ok(k.into())
    }
    fn serialize_u16(self, k: u16) -> Result<u64, Error> {
        Ok(k.into())
    }
    fn serialize_u32(self, k: u32) -> Result<u64, Error> {
        Ok(k.into())
    }
    fn serialize_u64(self, k: u64) -> Result<u64, Error> {
        Ok(k)
    }
    not_a_key!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<u64, Error> {
        self.serialize_unit()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        key: &T,
    ) -> Result<u64, Error> {
        key.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<u64, Error> {
        self.serialize_unit()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(<Error as ser::Error>::custom("a sequence as a map key"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(<Error as ser::Error>::custom("a tuple as a map key"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(<Error as ser::Error>::custom("a tuple as a map key"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(<Error as ser::Error>::custom("a tuple as a map key"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(<Error as ser::Error>::custom("a map as a map key"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(<Error as ser::Error>::custom("a struct as a map key"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(<Error as ser::Error>::custom("a struct as a map key"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Info {
        count: usize,
        prior: f64,
        data: Vec<f64>,
    }

    #[test]
    fn every_float_comes_with_its_path() {
        let mut map = BTreeMap::new();
        map.insert(
            3usize,
            Info {
                count: 2,
                prior: 0.25,
                data: vec![-1.5, f64::MIN_POSITIVE],
            },
        );
        let mut seen = Vec::new();
        for_each_float(&map, &mut |path, x| seen.push((path.to_vec(), x))).unwrap();
        let at = |field| vec![Step::Key(3), Step::Field(field)];
        let element = |x| (vec![Step::Key(3), Step::Field("data"), Step::Element], x);
        assert_eq!(
            seen,
            [
                (at("prior"), 0.25),
                element(-1.5),
                element(f64::MIN_POSITIVE)
            ]
        );
    }

    #[test]
    fn a_key_that_is_not_a_number_is_refused() {
        let mut map = BTreeMap::new();
        map.insert("a", 1.0);
        assert!(for_each_float(&map, &mut |_, _| {}).is_err());
    }
}
