//! Exact numbers: rational parsing and printing, integer affine forms and homogeneous points,
//! and fraction-free linear algebra.
//!
//! Every sign, incidence and rank decision of the crate is made by the functions of this module,
//! exactly. Rationals appear only at the edges (parsing, output, volumes). Signs of forms at
//! points and lexicographic comparisons of points go through a float filter with a proven error
//! bound first ([`FormApproximation`], [`FilteredForm`], `proofs/filtered-predicates.md`) and
//! are computed on integers whenever the filter cannot decide.

mod affine;
mod filter;
mod fixed;
mod fraction;
mod linalg;
mod number;
mod point;
mod sum;
pub mod text;

pub use affine::AffineForm;
pub(crate) use filter::approximate;
pub use filter::{filter_statistics, FilteredForm, FormApproximation, SignTally};
pub use fixed::{fixed_rows, FixedInt};
pub use fraction::FactoredFraction;
pub use linalg::{
    coprime_direction, cross_product, determinant, nullspace, primitive_direction, rank,
    reduced_row_echelon, EchelonBasis, MinorEntry, RowMinors,
};
pub use number::{parse_rational, rational_to_f64, NumberError};
pub use point::HomPoint;
pub use sum::PairwiseSum;

pub use malachite::rational::Rational;
pub use malachite::Integer;
pub use malachite::Natural;

/// A small integer in `-bound..=bound` for unit tests' fixed cases: entry `(i, j)` of case `case`,
/// drawn by a multiplicative hash of the three (the same numbers on every machine, spread well
/// enough that random-looking systems are mostly of full rank).
#[cfg(test)]
pub(crate) fn test_entry(case: u64, i: usize, j: usize, bound: i64) -> i64 {
    let key = (case << 16) ^ ((i as u64) << 8) ^ j as u64;
    let mixed = key.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((mixed >> 33) % (2 * bound as u64 + 1)) as i64 - bound
}
