//! Folding an eval-mode batch norm (`BatchNorm1d`, `BatchNorm2d`, ONNX `BatchNormalization`)
//! into the affine layer before it.
//!
//! The batch norm computes `y = gamma (z - mean) / sqrt(var + eps) + beta` per neuron. With
//! `s = gamma / sqrt(var + eps)` the folded layer is `s W x + s (b - mean) + beta`. `s` is rational
//! exactly when `s^2 = gamma^2 / (var + eps)` is the square of a rational; then the fold is exact.
//! Otherwise `s` is irrational and is replaced by its correctly rounded binary64 (nearest; no ties
//! occur for an irrational); everything else stays exact.

use super::tensor::error;
use crate::exact::{Natural, Rational};
use crate::io::InputError;
use crate::network::Layer;
use malachite::base::num::arithmetic::traits::{CheckedSqrt, FloorSqrt, PowerOf2};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::num::logic::traits::SignificantBits;
use malachite::base::rounding_modes::RoundingMode;

/// The four per-neuron (or per-channel) vectors of a batch norm, all of one length, and the
/// variance tensor's name (e.g. `net.1.running_var`) for messages.
pub struct BatchNorm<'a> {
    /// `weight` (gamma).
    pub gamma: Vec<Rational>,
    /// `bias` (beta).
    pub beta: Vec<Rational>,
    /// `running_mean`.
    pub mean: &'a [Rational],
    /// `running_var`.
    pub var: &'a [Rational],
    /// The variance tensor's name, e.g. `net.1.running_var`.
    pub var_name: &'a str,
}

/// `layer` followed by `norm`, as one layer, and the neurons whose scale was rounded.
pub fn fold(
    origin: &str,
    layer: &Layer,
    norm: &BatchNorm,
    eps: &Rational,
) -> Result<(Layer, Vec<usize>), InputError> {
    let affine = scales(origin, norm, eps)?;
    let weights = (layer.weights.iter().zip(&affine.scale))
        .map(|(row, s)| row.iter().map(|w| s * w).collect())
        .collect();
    let biases = (layer.biases.iter().zip(&affine.scale).zip(affine.shift))
        .map(|((b, s), t)| s * b + t)
        .collect();
    Ok((Layer { weights, biases }, affine.rounded))
}

/// A batch norm as `y = s z + t` per neuron or channel.
pub struct NormAffine {
    /// The scales `s = gamma / sqrt(var + eps)`, exact or correctly rounded (see [`scale`]).
    pub scale: Vec<Rational>,
    /// The shifts `t = beta - s mean`.
    pub shift: Vec<Rational>,
    /// The indices whose scale was rounded.
    pub rounded: Vec<usize>,
}

/// The batch norm `norm` with `eps` as a per-neuron (or per-channel) affine map.
pub fn scales(origin: &str, norm: &BatchNorm, eps: &Rational) -> Result<NormAffine, InputError> {
    let mut rounded = Vec::new();
    let mut scales = Vec::with_capacity(norm.var.len());
    let mut shifts = Vec::with_capacity(norm.var.len());
    for (i, ((var, gamma), (beta, mean))) in (norm.var.iter().zip(&norm.gamma))
        .zip(norm.beta.iter().zip(norm.mean))
        .enumerate()
    {
        let variance = var + eps;
        let location = format!("{}, entry {i}", norm.var_name);
        if variance <= 0u32 {
            return Err(error(
                origin,
                &location,
                format!("running_var + eps = {variance} is not positive"),
            ));
        }
        let (s, exact) = scale(gamma, &variance).ok_or_else(|| {
            error(
                origin,
                &location,
                "the scale weight / sqrt(running_var + eps) exceeds the binary64 range",
            )
        })?;
        if !exact {
            rounded.push(i);
        }
        shifts.push(beta - &s * mean);
        scales.push(s);
    }
    Ok(NormAffine {
        scale: scales,
        shift: shifts,
        rounded,
    })
}

/// `gamma / sqrt(variance)` (`variance > 0`) and whether it is exact: the exact rational when
/// there is one, else the correctly rounded binary64; `None` when that overflows.
pub fn scale(gamma: &Rational, variance: &Rational) -> Option<(Rational, bool)> {
    let square = gamma * gamma / variance;
    if let Some(root) = (&square).checked_sqrt() {
        return Some((if *gamma < 0u32 { -root } else { root }, true));
    }
    let magnitude = rounded_sqrt(&square)?;
    Some((if *gamma < 0u32 { -magnitude } else { magnitude }, false))
}

/// The binary64 nearest to `sqrt(r)` for a positive rational `r` that is not a square, or `None`
/// if it overflows.
///
/// With `n = floor(2^k sqrt(r))` and `k` chosen so that `n >= 2^54`, `2^k sqrt(r)` lies strictly
/// inside `(n, n + 1)` (it is irrational). Every rounding boundary of binary64 at that magnitude
/// (a midpoint between neighbours, normal or subnormal) is an integer multiple of `2^-k`, i.e.
/// an integer after scaling, so no boundary separates `2^k sqrt(r)` from `n + 1/2`: both round to
/// the same binary64, and `(2n + 1) / 2^(k+1)` is rounded once, exactly, by malachite.
fn rounded_sqrt(r: &Rational) -> Option<Rational> {
    let (p, q) = r.to_numerator_and_denominator();
    let excess = q.significant_bits() as i64 - p.significant_bits() as i64;
    // 4^k p / q >= 2^108 (so n >= 2^54) holds once 2k >= 109 + excess.
    let k = ((excess + 110).div_euclid(2) + 1).max(0) as u64;
    let n = ((p << (2 * k)) / q).floor_sqrt();
    let midpoint = Rational::from((n << 1u64) + Natural::from(1u32)) >> (k + 1);
    let overflow = Rational::power_of_2(1024u64) - Rational::power_of_2(970u64);
    if midpoint >= overflow {
        return None;
    }
    let (x, _) = f64::rounding_from(&midpoint, RoundingMode::Nearest);
    Rational::try_from(x).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use malachite::base::num::arithmetic::traits::Abs;

    fn q(p: i64, d: i64) -> Rational {
        Rational::from(p) / Rational::from(d)
    }

    #[test]
    fn perfect_squares_are_exact() {
        assert_eq!(scale(&q(3, 1), &q(9, 4)), Some((q(2, 1), true)));
        assert_eq!(scale(&q(-1, 2), &q(1, 16)), Some((q(-2, 1), true)));
    }

    #[test]
    fn other_scales_are_the_nearest_binary64() {
        for (gamma, variance) in [(1, 2), (1, 3), (7, 10), (-5, 1000001), (1, 100000)] {
            let (s, exact) = scale(&q(gamma, 1), &q(variance, 1)).unwrap();
            assert!(!exact);
            let x = f64::rounding_from(&s, RoundingMode::Nearest).0;
            assert_eq!(Rational::try_from(x).unwrap(), s);
            // The neighbours' midpoints bracket the true value: s^2 is compared exactly.
            let target = q(gamma * gamma, variance);
            let up = Rational::try_from(x.abs().next_up()).unwrap();
            let down = Rational::try_from(x.abs().next_down()).unwrap();
            let hi: Rational = ((&s).abs() + up) / Rational::from(2u32);
            let lo: Rational = ((&s).abs() + down) / Rational::from(2u32);
            assert!(&lo * &lo < target && target < &hi * &hi);
        }
    }

    #[test]
    fn subnormal_and_huge_scales() {
        let tiny = Rational::power_of_2(-2100i64) * Rational::from(3u32);
        let (s, _) = scale(&Rational::from(1u32), &(Rational::from(1u32) / tiny)).unwrap();
        assert!(s > 0u32 && s < Rational::power_of_2(-1022i64));
        let huge = Rational::power_of_2(-2101i64);
        assert_eq!(scale(&Rational::from(1u32), &huge), None);
    }
}
