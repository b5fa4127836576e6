//! The float filter in front of the exact sign predicate: f64 approximations of integer forms
//! and homogeneous points, an evaluation with a proven error bound, and counters of how often it
//! decides. The bound is derived in `proofs/filtered-predicates.md`.

use super::{AffineForm, HomPoint};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::num::logic::traits::SignificantBits;
use malachite::base::rounding_modes::RoundingMode;
use malachite::Integer;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

/// Form coefficients with more bits than this are not approximated (their f64 could overflow;
/// points are approximated at any length, see [`approximate_point`]).
const MAX_BITS: u64 = 1000;
/// The smallest magnitude an approximated coordinate may have (far above the subnormals, so no
/// product or quotient underflows).
const SMALLEST: f64 = 1e-290;
/// The unit roundoff of f64, 2^-53.
const UNIT_ROUNDOFF: f64 = 1.0 / 9_007_199_254_740_992.0;

/// `value` correctly rounded to f64, or `None` beyond [`MAX_BITS`].
pub(crate) fn approximate(value: &Integer) -> Option<f64> {
    (value.significant_bits() <= MAX_BITS)
        .then(|| f64::rounding_from(value, RoundingMode::Nearest).0)
}

/// The coordinates `X_i / D` of a homogeneous point, each within relative error `3u` (`X_i`
/// and `D` correctly rounded to 53-bit mantissas, whatever their length, and the mantissas'
/// quotient correctly rounded, then scaled by a power of two, exactly), or `None` when a
/// non-zero coordinate is too small or too large to approximate safely. Entries of any length
/// are approximated: points of high-dimensional regions and of the cube standing in for R^d
/// have entries of more than [`MAX_BITS`] bits and coordinates well inside the range.
pub(crate) fn approximate_point(coords: &[Integer]) -> Option<Box<[f64]>> {
    let (denominator, denominator_exponent) = mantissa_and_exponent(&coords[0]);
    coords[1..]
        .iter()
        .map(|x| {
            if *x == 0u32 {
                return Some(0.0);
            }
            let (mantissa, exponent) = mantissa_and_exponent(x);
            let exponent = exponent - denominator_exponent;
            if exponent.abs() > MAX_EXPONENT {
                return None;
            }
            // The quotient of two mantissas in [1, 2) lies in (1/2, 2): times 2^exponent it is
            // a normal f64, and the scaling is exact.
            let value = mantissa / denominator * power_of_two(exponent);
            (value.abs() >= SMALLEST).then_some(value)
        })
        .collect()
}

/// The largest power of two by which [`approximate_point`] scales a quotient of mantissas:
/// the result stays a normal f64 (below 2^1001, at least 2^-1001).
const MAX_EXPONENT: i64 = 1000;

/// `value` (non-zero) as `m 2^e`, `m` in `[1, 2)` (negative for a negative value): `|value|`
/// correctly rounded to 53 significant bits.
fn mantissa_and_exponent(value: &Integer) -> (f64, i64) {
    let (mantissa, exponent, _) = value
        .unsigned_abs_ref()
        .sci_mantissa_and_exponent_round::<f64>(RoundingMode::Nearest)
        .expect("rounding to nearest always succeeds");
    let exponent = i64::try_from(exponent).expect("an integer's bit length fits in i64");
    (if *value < 0u32 { -mantissa } else { mantissa }, exponent)
}

/// `2^exponent`, exactly, for `|exponent| <= MAX_EXPONENT`.
fn power_of_two(exponent: i64) -> f64 {
    debug_assert!(exponent.abs() <= MAX_EXPONENT);
    let biased = u64::try_from(exponent + 1023).expect("a normal exponent");
    f64::from_bits(biased << 52)
}

/// The sign of `c_0 + sum_i c_i x_i` from approximations `c` (each correctly rounded) and `x`
/// (each within relative error 3u), when the f64 evaluation is farther from zero than its error
/// bound `2 (d + 6) u sum |c_i x_i|`; `None` when the filter cannot decide.
pub(crate) fn filtered_sign(c: &[f64], x: &[f64]) -> Option<Ordering> {
    debug_assert!(
        x.len() <= 1 << 20,
        "the bound's factor assumes (d + 6) u is tiny"
    );
    let mut value = c[0];
    let mut magnitude = c[0].abs();
    for (ci, xi) in c[1..].iter().zip(x) {
        let term = ci * xi;
        value += term;
        magnitude += term.abs();
    }
    if !magnitude.is_finite() {
        return None;
    }
    if magnitude == 0.0 {
        return Some(Ordering::Equal);
    }
    let bound = 2.0 * (x.len() as f64 + 6.0) * UNIT_ROUNDOFF * magnitude;
    if value > bound {
        Some(Ordering::Greater)
    } else if value < -bound {
        Some(Ordering::Less)
    } else {
        None
    }
}

/// The order of two coordinates from approximations within relative error 3u each, when they
/// are farther apart than `8u` times the larger; `None` otherwise.
pub(crate) fn filtered_cmp(a: f64, b: f64) -> Option<Ordering> {
    let bound = 8.0 * UNIT_ROUNDOFF * a.abs().max(b.abs());
    if a - b > bound {
        Some(Ordering::Greater)
    } else if b - a > bound {
        Some(Ordering::Less)
    } else if a == 0.0 && b == 0.0 {
        Some(Ordering::Equal)
    } else {
        None
    }
}

static DECIDED: AtomicU64 = AtomicU64::new(0);
static FALLBACKS: AtomicU64 = AtomicU64::new(0);

/// Signs decided by the filter and signs computed exactly because it could not decide, since
/// the program started (all threads; for benchmarks).
pub fn filter_statistics() -> (u64, u64) {
    (
        DECIDED.load(AtomicOrdering::Relaxed),
        FALLBACKS.load(AtomicOrdering::Relaxed),
    )
}

/// Adds a batch of outcomes to [`filter_statistics`] (one atomic update per batch).
pub(crate) fn record(decided: u64, fallbacks: u64) {
    if decided > 0 {
        DECIDED.fetch_add(decided, AtomicOrdering::Relaxed);
    }
    if fallbacks > 0 {
        FALLBACKS.fetch_add(fallbacks, AtomicOrdering::Relaxed);
    }
}

/// The f64 approximation of an integer form's coefficients, made once for all the sign queries
/// of the form (on any thread: it is plain data).
#[derive(Debug, Clone)]
pub struct FormApproximation(Option<Box<[f64]>>);

impl FormApproximation {
    /// The coefficients of `form` correctly rounded, when each is in the filter's safe range.
    pub fn new(form: &AffineForm) -> FormApproximation {
        FormApproximation(form.coeffs().iter().map(approximate).collect())
    }

    /// The sign of `form` at `point`, exactly: by the filter when it decides, on integers
    /// otherwise; the outcome is counted in `tally`. `form` must be the form this approximates
    /// (the filter's answer is about that form; only its length is checked, in debug builds).
    pub fn side(&self, form: &AffineForm, point: &HomPoint, tally: &mut SignTally) -> Ordering {
        match self.decided_sign(form, point) {
            Some(sign) => {
                tally.decided += 1;
                sign
            }
            None => {
                tally.fallbacks += 1;
                form.side(point)
            }
        }
    }

    /// Whether `form` (the form this approximates) vanishes at `point`, exactly: `false` at
    /// once when the filter finds a sign (the bound of [`FormApproximation::side`]), on
    /// integers otherwise. Counted in no tally: it answers another question than a sign.
    pub fn vanishes(&self, form: &AffineForm, point: &HomPoint) -> bool {
        match self.decided_sign(form, point) {
            Some(Ordering::Less | Ordering::Greater) => false,
            _ => form.side(point).is_eq(),
        }
    }

    /// The sign of `form` at `point` when the filter decides it (`form` being the form this
    /// approximates; only its length is checked, in debug builds).
    fn decided_sign(&self, form: &AffineForm, point: &HomPoint) -> Option<Ordering> {
        debug_assert!(
            self.0
                .as_ref()
                .is_none_or(|c| c.len() == form.coeffs().len()),
            "the approximation is of another form"
        );
        self.0
            .as_deref()
            .zip(point.approximation())
            .and_then(|(c, x)| filtered_sign(c, x))
    }
}

/// Signs decided by the filter and signs computed exactly because it could not decide, added to
/// [`filter_statistics`] when the tally is dropped (an atomic update per non-zero count).
#[derive(Debug, Default)]
pub struct SignTally {
    decided: u64,
    fallbacks: u64,
}

impl SignTally {
    /// The signs decided by the filter and computed exactly, so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.decided, self.fallbacks)
    }
}

impl Drop for SignTally {
    fn drop(&mut self) {
        record(self.decided, self.fallbacks);
    }
}

/// An integer form prepared for many sign queries on one thread: its f64 approximation is
/// computed once, each sign is tried on it first, and the outcomes are added to
/// [`filter_statistics`] when the form is dropped.
#[derive(Debug)]
pub struct FilteredForm {
    form: AffineForm,
    approx: FormApproximation,
    tally: RefCell<SignTally>,
}

impl FilteredForm {
    /// Prepares `form`.
    pub fn new(form: &AffineForm) -> FilteredForm {
        FilteredForm {
            approx: FormApproximation::new(form),
            form: form.clone(),
            tally: RefCell::default(),
        }
    }

    /// The sign of the form at `point`, exactly: by the filter when it decides, on integers
    /// otherwise.
    pub fn side(&self, point: &HomPoint) -> Ordering {
        self.approx
            .side(&self.form, point, &mut self.tally.borrow_mut())
    }

    /// The signs this form decided with the filter and computed exactly, so far.
    pub fn counts(&self) -> (u64, u64) {
        self.tally.borrow().counts()
    }
}
