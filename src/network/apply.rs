//! One layer applied to whatever flows through a network: exact values, affine forms (rational,
//! integer or f64), bounds on the forms' norms. The forward pass, the forms per region, the
//! enumerator's integer stages, the float twin and the bound on the vertices of R^d all apply
//! their layers through [`apply_layer`].

use crate::exact::{AffineForm, Integer, Rational};
use malachite::base::num::basic::traits::Zero;
use std::borrow::Borrow;
use std::ops::{AddAssign, Mul};

/// What a layer `x -> W x + b` can be applied to: elements of a module over the layer's
/// entries, with a constant part the biases are added to.
pub trait LayerInput: Sized {
    /// The layer's entries: weights and biases.
    type Coefficient;
    /// The zero of the same shape as `self` (for a form: on the same space).
    fn zero_like(&self) -> Self;
    /// `self += coefficient * input`.
    fn add_multiple(&mut self, coefficient: &Self::Coefficient, input: &Self);
    /// Adds `constant` to the constant part (a form's constant term, a value itself).
    fn add_constant(&mut self, constant: &Self::Coefficient);
}

/// The layer with rows `weights` and biases `biases` applied to `inputs`: for every row i,
/// `b_i + sum_j W_ij inputs_j`, summed in that order (the bias, then the inputs in order).
/// `biases` may be scaled on the way (the enumerator's integer stages add `S b'_i`). `inputs`
/// must not be empty (every layer of a network reads at least one value).
pub fn apply_layer<T: LayerInput, B: Borrow<T::Coefficient>>(
    weights: &[Vec<T::Coefficient>],
    biases: impl IntoIterator<Item = B>,
    inputs: &[T],
) -> Vec<T> {
    weights
        .iter()
        .zip(biases)
        .map(|(row, bias)| {
            let mut sum = inputs[0].zero_like();
            sum.add_constant(bias.borrow());
            for (w, input) in row.iter().zip(inputs) {
                sum.add_multiple(w, input);
            }
            sum
        })
        .collect()
}

/// Exact values.
impl LayerInput for Rational {
    type Coefficient = Rational;
    fn zero_like(&self) -> Rational {
        Rational::ZERO
    }
    fn add_multiple(&mut self, coefficient: &Rational, input: &Rational) {
        *self += coefficient * input;
    }
    fn add_constant(&mut self, constant: &Rational) {
        *self += constant;
    }
}

/// Affine forms `(c_0, c_1, ..., c_d)` as coefficient vectors: exact rational ones
/// ([`crate::network::Network::affine_forms`]) and the float twin's f64 ones.
impl<C> LayerInput for Vec<C>
where
    C: Zero + Clone + AddAssign,
    for<'a> &'a C: Mul<&'a C, Output = C>,
{
    type Coefficient = C;
    fn zero_like(&self) -> Vec<C> {
        vec![C::ZERO; self.len()]
    }
    fn add_multiple(&mut self, coefficient: &C, input: &Vec<C>) {
        for (c, x) in self.iter_mut().zip(input) {
            *c += coefficient * x;
        }
    }
    fn add_constant(&mut self, constant: &C) {
        self[0] += constant.clone();
    }
}

/// Integer affine forms, as the exact enumerator keeps every value; a zero weight is skipped
/// (integer and sparse networks have many).
impl LayerInput for AffineForm {
    type Coefficient = Integer;
    fn zero_like(&self) -> AffineForm {
        AffineForm::zero(self.dim())
    }
    fn add_multiple(&mut self, coefficient: &Integer, input: &AffineForm) {
        if *coefficient != 0u32 {
            self.add_scaled(coefficient, input);
        }
    }
    fn add_constant(&mut self, constant: &Integer) {
        AffineForm::add_constant(self, constant);
    }
}
