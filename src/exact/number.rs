//! Parsing exact rationals from text, and converting them to the nearest binary64.

use malachite::base::num::arithmetic::traits::{Pow, PowerOf2};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use malachite::rational::Rational;
use malachite::{Integer, Natural};
use std::fmt;
use std::str::FromStr;

/// The largest magnitude of a written decimal exponent (`e4096`); larger ones are refused rather
/// than expanded into huge integers. Plain digits are not limited: their length is the text's.
const MAX_EXPONENT: i64 = 4096;

/// Why a piece of text is not an exact number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// The text spells NaN or an infinity.
    NotFinite,
    /// A fraction `p/q` with `q = 0`.
    ZeroDenominator,
    /// A decimal exponent whose magnitude exceeds the supported range.
    ExponentOutOfRange,
    /// The text is not an integer, a fraction or a decimal.
    Malformed,
    /// The value lies outside the finite binary64 range (only when rounding to binary64).
    OutOfBinary64Range,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberError::NotFinite => "NaN or infinity is not allowed",
            NumberError::ZeroDenominator => "zero denominator",
            NumberError::ExponentOutOfRange => "exponent out of range (at most 4096 in magnitude)",
            NumberError::Malformed => {
                "malformed number (expected an integer, \"p/q\", or a decimal such as \"-0.125\" or \"1e-3\")"
            }
            NumberError::OutOfBinary64Range => "value outside the finite binary64 range",
        })
    }
}

/// Parses an exact rational from `text`: an integer (`"-12"`), a fraction (`"3/4"`, `"-3/-4"`) or
/// a decimal with optional exponent (`"-0.125"`, `".5"`, `"1e-3"`). The value is exactly the one
/// spelled: `"0.1"` is 1/10. Surrounding white space is ignored.
pub fn parse_rational(text: &str) -> Result<Rational, NumberError> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if ["nan", "inf", "infinity"].contains(&unsigned) {
        return Err(NumberError::NotFinite);
    }
    if let Some((p, q)) = text.split_once('/') {
        let p = parse_integer(p)?;
        let q = parse_integer(q)?;
        if q == 0 {
            return Err(NumberError::ZeroDenominator);
        }
        return Ok(Rational::from_integers(p, q));
    }
    parse_decimal(text)
}

fn parse_integer(text: &str) -> Result<Integer, NumberError> {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::Malformed);
    }
    let magnitude = Natural::from_str(digits).map_err(|_| NumberError::Malformed)?;
    Ok(Integer::from_sign_and_abs(
        !text.starts_with('-'),
        magnitude,
    ))
}

fn parse_decimal(text: &str) -> Result<Rational, NumberError> {
    let negative = text.starts_with('-');
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return Err(NumberError::Malformed);
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return Err(NumberError::Malformed);
            }
            let significant = digits.trim_start_matches('0');
            if significant.len() > 6 {
                return Err(NumberError::ExponentOutOfRange);
            }
            let magnitude: i64 = significant.parse().unwrap_or(0);
            if magnitude > MAX_EXPONENT {
                return Err(NumberError::ExponentOutOfRange);
            }
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let shift = exponent - fraction.len() as i64;
    let digits = format!("{whole}{fraction}");
    let magnitude = Natural::from_str(&digits).map_err(|_| NumberError::Malformed)?;
    let ten_power = Natural::from(10u32).pow(shift.unsigned_abs());
    let magnitude = if shift >= 0 {
        Rational::from(magnitude * ten_power)
    } else {
        Rational::from_naturals(magnitude, ten_power)
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// The binary64 nearest to `value` (ties to even). Values that round beyond the largest finite
/// binary64, i.e. of magnitude at least `2^1024 - 2^970` (the midpoint between `f64::MAX` and
/// `2^1024`, which rounds to even, upwards), are refused.
pub fn rational_to_f64(value: &Rational) -> Result<f64, NumberError> {
    let overflow = Rational::from(Integer::power_of_2(1024) - Integer::power_of_2(970));
    let magnitude = if *value < 0u32 { -value } else { value.clone() };
    if magnitude >= overflow {
        return Err(NumberError::OutOfBinary64Range);
    }
    Ok(f64::rounding_from(value, RoundingMode::Nearest).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Rational {
        Rational::from_integers(Integer::from(n), Integer::from(d))
    }

    #[test]
    fn spelled_values_are_exact() {
        assert_eq!(parse_rational("0.1").unwrap(), q(1, 10));
        assert_eq!(parse_rational("-0.125").unwrap(), q(-1, 8));
        assert_eq!(parse_rational("1e-3").unwrap(), q(1, 1000));
        assert_eq!(parse_rational("2.5E2").unwrap(), q(250, 1));
        assert_eq!(parse_rational(".5").unwrap(), q(1, 2));
        assert_eq!(parse_rational("-3/-4").unwrap(), q(3, 4));
        assert_eq!(parse_rational(" 7 ").unwrap(), q(7, 1));
    }

    #[test]
    fn bad_text_is_refused_with_its_reason() {
        assert_eq!(parse_rational("NaN"), Err(NumberError::NotFinite));
        assert_eq!(parse_rational("-Infinity"), Err(NumberError::NotFinite));
        assert_eq!(parse_rational("1/0"), Err(NumberError::ZeroDenominator));
        assert_eq!(
            parse_rational("1e99999"),
            Err(NumberError::ExponentOutOfRange)
        );
        for bad in ["", "1.2.3", "e5", "1/2/3", "0x10", "--1", "1e", "."] {
            assert_eq!(parse_rational(bad), Err(NumberError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn binary64_rounding_is_nearest() {
        let tenth = rational_to_f64(&q(1, 10)).unwrap();
        assert_eq!(tenth, 0.1);
        assert_eq!(
            Rational::try_from(tenth).unwrap(),
            q(3602879701896397, 36028797018963968)
        );
        let huge = parse_rational("1e400").unwrap();
        assert_eq!(rational_to_f64(&huge), Err(NumberError::OutOfBinary64Range));
        // Just below the midpoint between f64::MAX and 2^1024 still rounds to f64::MAX.
        let near_max = parse_rational("1.7976931348623158e308").unwrap();
        assert_eq!(rational_to_f64(&near_max), Ok(f64::MAX));
        let midpoint = Rational::from(Integer::power_of_2(1024) - Integer::power_of_2(970));
        assert_eq!(
            rational_to_f64(&-midpoint),
            Err(NumberError::OutOfBinary64Range)
        );
    }
}
