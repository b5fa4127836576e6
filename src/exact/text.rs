//! Exact values in plain-data types: `#[serde(with = "crate::exact::text")]` writes a rational
//! (or a vector, matrix or option of them) as its exact text, `"-3/4"`, and reads it back
//! exactly; `#[serde(with = "crate::exact::text::shown")]` does the same for any type written by
//! `Display` and read by `FromStr`. Two forms are hexadecimal, being long and read in bulk by
//! `relupoly merge`: points (`HomPoint`, homogeneous coordinates) and the rationals of
//! `text::hex` (sums of many volumes). No float is ever formed.

use super::{parse_rational, HomPoint, Integer, Natural, Rational};
use malachite::base::num::conversion::traits::{FromStringBase, ToStringBase};
use malachite::base::num::logic::traits::SignificantBits;
use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::Write;

/// A value with an exact textual form.
pub trait AsText: Sized {
    /// The form written: a string, or a vector or option of them.
    type Text: Serialize + DeserializeOwned;
    /// The exact text.
    fn to_text(&self) -> Self::Text;
    /// The value the text spells, or why it spells none.
    fn from_text(text: Self::Text) -> Result<Self, String>;
}

/// Exact decimal text, byte for byte what `Display` writes (`"-3/4"`, `"7"`), faster for
/// values whose numerator and denominator fit in 128 bits: those are written from machine
/// words, about three times faster than by the big-integer conversion (the coordinates of
/// vertices in low-precision networks are such values).
pub trait DecimalText {
    /// Appends the decimal text to `out`.
    fn push_decimal(&self, out: &mut String);

    /// The decimal text.
    fn decimal(&self) -> String {
        let mut out = String::new();
        self.push_decimal(&mut out);
        out
    }
}

/// `-numerator/denominator` (or `numerator/denominator`), without `/1`, appended to `out`; when
/// both are longer than [`PARALLEL_TEXT_BITS`], each is converted on its own thread of the pool
/// (a run's volume sum over R^d has hundreds of thousands of digits, converted after the
/// enumeration).
fn push_signed_ratio(out: &mut String, negative: bool, numerator: &Natural, denominator: &Natural) {
    if negative {
        out.push('-');
    }
    let long = |n: &Natural| n.significant_bits() > PARALLEL_TEXT_BITS;
    if long(numerator) && long(denominator) {
        let (numerator, denominator) =
            rayon::join(|| natural_text(numerator), || natural_text(denominator));
        out.push_str(&numerator);
        out.push('/');
        out.push_str(&denominator);
        return;
    }
    push_natural(out, numerator);
    if *denominator != 1u32 {
        out.push('/');
        push_natural(out, denominator);
    }
}

/// Numerators and denominators longer than this are converted side by side.
const PARALLEL_TEXT_BITS: u64 = 1 << 16;

/// `magnitude` in decimal.
fn natural_text(magnitude: &Natural) -> String {
    let mut out = String::new();
    push_natural(&mut out, magnitude);
    out
}

/// `magnitude` in decimal appended to `out`, from a machine word when it fits in one.
fn push_natural(out: &mut String, magnitude: &Natural) {
    match u128::try_from(magnitude) {
        Ok(word) => out.push_str(itoa::Buffer::new().format(word)),
        Err(_) => write!(out, "{magnitude}").expect("writing to a String cannot fail"),
    }
}

impl DecimalText for Rational {
    fn push_decimal(&self, out: &mut String) {
        push_signed_ratio(
            out,
            *self < 0u32,
            self.numerator_ref(),
            self.denominator_ref(),
        );
    }
}

impl DecimalText for Integer {
    fn push_decimal(&self, out: &mut String) {
        if *self < 0u32 {
            out.push('-');
        }
        push_natural(out, self.unsigned_abs_ref());
    }
}

impl<T: DecimalText> DecimalText for &T {
    fn push_decimal(&self, out: &mut String) {
        T::push_decimal(self, out);
    }
}

impl AsText for Rational {
    type Text = String;
    fn to_text(&self) -> String {
        self.decimal()
    }
    fn from_text(text: String) -> Result<Rational, String> {
        parse_rational(&text).map_err(|e| format!("{e}: \"{text}\""))
    }
}

impl AsText for Integer {
    type Text = String;
    fn to_text(&self) -> String {
        self.decimal()
    }
    fn from_text(text: String) -> Result<Integer, String> {
        text.parse()
            .map_err(|_| format!("not an integer: \"{text}\""))
    }
}

/// A point as its homogeneous coordinates `(D, X_1, ..., X_d)` in hexadecimal (`"-1f"`): read
/// and written in linear time, where decimal text of the long integers of exact vertices costs
/// multiplications.
impl AsText for HomPoint {
    type Text = Vec<String>;
    fn to_text(&self) -> Vec<String> {
        self.homogeneous()
            .iter()
            .map(|c| c.to_string_base(16))
            .collect()
    }
    fn from_text(text: Vec<String>) -> Result<HomPoint, String> {
        let coords = text
            .iter()
            .map(|t| {
                Integer::from_string_base(16, t)
                    .ok_or_else(|| format!("not a hexadecimal integer: \"{t}\""))
            })
            .collect::<Result<Vec<Integer>, String>>()?;
        match coords.first() {
            Some(d) if *d > 0u32 => Ok(HomPoint::from_homogeneous(coords)),
            _ => Err("a point's homogeneous coordinates start with a positive integer".into()),
        }
    }
}

impl<T: AsText> AsText for Vec<T> {
    type Text = Vec<T::Text>;
    fn to_text(&self) -> Self::Text {
        self.iter().map(T::to_text).collect()
    }
    fn from_text(text: Self::Text) -> Result<Vec<T>, String> {
        text.into_iter().map(T::from_text).collect()
    }
}

impl<T: AsText> AsText for Option<T> {
    type Text = Option<T::Text>;
    fn to_text(&self) -> Self::Text {
        self.as_ref().map(T::to_text)
    }
    fn from_text(text: Self::Text) -> Result<Option<T>, String> {
        text.map(T::from_text).transpose()
    }
}

/// Writes `value` as its exact text.
pub fn serialize<T: AsText, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.to_text().serialize(serializer)
}

/// Reads a value from its exact text.
pub fn deserialize<'de, T: AsText, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::from_text(T::Text::deserialize(deserializer)?).map_err(D::Error::custom)
}

/// Any `Display` + `FromStr` value as its text (names such as `he-normal` or `leaky:1/10`).
pub mod shown {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    /// Writes `value` by `Display`.
    pub fn serialize<T: Display, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    /// Reads a value by `FromStr`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        String::deserialize(deserializer)?
            .parse()
            .map_err(D::Error::custom)
    }
}

/// An optional `Display` + `FromStr` value as its text, or `null`.
pub mod shown_option {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    /// Writes `Some(value)` by `Display`, `None` as `null`.
    pub fn serialize<T: Display, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` or a value by `FromStr`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        Option::<String>::deserialize(deserializer)?
            .map(|text| text.parse().map_err(D::Error::custom))
            .transpose()
    }
}

/// An optional rational as `"p/q"` with `p` and `q` in hexadecimal (`"-1f/3"`), for the exact
/// partial sums of sharded runs: a sum of many regions' volumes has a denominator of hundreds of
/// thousands of digits, and hexadecimal text is read and written in linear time.
pub mod hex {
    use super::{Integer, Rational};
    use malachite::base::num::conversion::traits::{FromStringBase, ToStringBase};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `value` as hexadecimal `p/q`.
    pub fn serialize<S: Serializer>(
        value: &Option<Rational>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value
            .as_ref()
            .map(|v| {
                let numerator = Integer::from_sign_and_abs_ref(*v >= 0u32, v.numerator_ref());
                format!(
                    "{}/{}",
                    numerator.to_string_base(16),
                    v.denominator_ref().to_string_base(16)
                )
            })
            .serialize(serializer)
    }

    /// Reads a hexadecimal `p/q` (q > 0).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Rational>, D::Error> {
        let Some(text) = Option::<String>::deserialize(deserializer)? else {
            return Ok(None);
        };
        let bad = || D::Error::custom(format!("not a hexadecimal fraction p/q: \"{text}\""));
        let (p, q) = text.split_once('/').ok_or_else(bad)?;
        let p = Integer::from_string_base(16, p).ok_or_else(bad)?;
        let q = Integer::from_string_base(16, q)
            .filter(|q| *q > 0u32)
            .ok_or_else(bad)?;
        Ok(Some(Rational::from_integers(p, q)))
    }
}

#[cfg(test)]
mod tests {
    use super::{DecimalText, Integer, Natural, Rational};

    /// The decimal text is `Display`'s on both sides of the 128-bit fast path, for every sign,
    /// integers and fractions, and a denominator of 1 written as none.
    #[test]
    fn decimal_text_is_the_display_text() {
        let word = Natural::from(u128::MAX);
        let magnitudes = [
            Natural::from(0u32),
            Natural::from(1u32),
            Natural::from(u64::MAX),
            &word - Natural::from(1u32),
            word.clone(),
            &word + Natural::from(1u32),
            &word * &word,
        ];
        let mut checked = 0;
        for n in &magnitudes {
            for d in magnitudes.iter().filter(|d| **d != 0u32) {
                for negative in [false, true] {
                    let value = Rational::from_sign_and_naturals_ref(!negative, n, d);
                    assert_eq!(value.decimal(), value.to_string(), "{n} / {d}");
                    let integer = Integer::from_sign_and_abs_ref(!negative, n);
                    assert_eq!(integer.decimal(), integer.to_string());
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 7 * 6 * 2);
        assert_eq!(Rational::from_signeds(-6i32, 4).decimal(), "-3/2");
        assert_eq!(Rational::from(7u32).decimal(), "7");
    }

    /// Numerators and denominators both beyond `PARALLEL_TEXT_BITS`, converted side by side, and
    /// one of them below it: `Display`'s text, for both signs.
    #[test]
    fn long_fractions_have_the_display_text() {
        use malachite::base::num::arithmetic::traits::Pow;
        use malachite::base::num::logic::traits::SignificantBits;
        let three = Natural::from(3u32).pow(50_000);
        let seven = Natural::from(7u32).pow(30_000);
        assert!(three.significant_bits() > super::PARALLEL_TEXT_BITS);
        assert!(seven.significant_bits() > super::PARALLEL_TEXT_BITS);
        for (n, d) in [
            (&three, &seven),
            (&seven, &three),
            (&three, &Natural::from(10u32)),
        ] {
            for negative in [false, true] {
                let value = Rational::from_sign_and_naturals_ref(!negative, n, d);
                assert_eq!(value.decimal(), value.to_string());
            }
        }
    }
}
