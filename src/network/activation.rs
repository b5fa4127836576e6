//! The activation of a hidden block's neurons.

use crate::exact::{Integer, Rational};
use malachite::base::num::basic::traits::Zero;

/// How a hidden block's neurons turn a pre-activation `z` into an activation: `z` where
/// `z > 0`, and on the other side either 0 or an exact multiple of `z`. Either way the
/// activation is linear on each side of `z = 0`, so each neuron splits a region by one
/// hyperplane and the regions stay polytopes.
///
/// Invariant: the slope of [`Activation::LeakyRelu`] is never 0 (a zero slope is
/// [`Activation::Relu`]); build from a slope with [`Activation::leaky`], which keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activation {
    /// ReLU, `max(z, 0)`: slope 0 on negative pre-activations.
    Relu,
    /// Leaky ReLU: `z` where `z > 0` and `slope * z` elsewhere, with this exact non-zero slope.
    /// Every non-zero slope is allowed: negative ones (slope -1 gives `|z|`), slopes above 1, and
    /// 1 itself (the identity: the block is affine, though its neurons still split regions).
    LeakyRelu(Rational),
}

/// The slope of [`Activation::Relu`].
static ZERO_SLOPE: Rational = Rational::ZERO;

impl Activation {
    /// The activation with `slope` on negative pre-activations: [`Activation::Relu`] for 0,
    /// [`Activation::LeakyRelu`] otherwise.
    pub fn leaky(slope: Rational) -> Activation {
        if slope == 0u32 {
            Activation::Relu
        } else {
            Activation::LeakyRelu(slope)
        }
    }

    /// The exact slope on negative pre-activations (0 for ReLU).
    pub fn negative_slope(&self) -> &Rational {
        match self {
            Activation::Relu => &ZERO_SLOPE,
            Activation::LeakyRelu(slope) => slope,
        }
    }

    /// Whether this is ReLU.
    pub fn is_relu(&self) -> bool {
        matches!(self, Activation::Relu)
    }

    /// The activation of the pre-activation `z`, exactly.
    pub fn apply(&self, z: &Rational) -> Rational {
        match self {
            _ if *z > 0u32 => z.clone(),
            Activation::Relu => Rational::ZERO,
            Activation::LeakyRelu(slope) => slope * z,
        }
    }

    /// The negative slope in lowest terms as integers `(p, q)` with `q > 0` (`(0, 1)` for ReLU):
    /// the activation of `z` is `z` where positive and `p z / q` elsewhere.
    pub fn slope_fraction(&self) -> (Integer, Integer) {
        let slope = self.negative_slope();
        (
            Integer::from_sign_and_abs_ref(*slope >= 0u32, slope.numerator_ref()),
            Integer::from(slope.denominator_ref()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Activation;
    use crate::exact::{Integer, Rational};

    #[test]
    fn a_zero_slope_is_relu() {
        assert_eq!(Activation::leaky(Rational::from(0u32)), Activation::Relu);
        assert_eq!(*Activation::Relu.negative_slope(), 0u32);
        let leaky = Activation::leaky(Rational::from_signeds(-3, 6));
        assert!(!leaky.is_relu());
        assert_eq!(
            leaky.slope_fraction(),
            (Integer::from(-1), Integer::from(2))
        );
        assert_eq!(leaky.apply(&Rational::from(-4)), Rational::from(2));
        assert_eq!(Activation::Relu.apply(&Rational::from(-4)), 0u32);
        assert_eq!(Activation::Relu.apply(&Rational::from(5)), 5u32);
    }
}
