//! Exact numbers: rational parsing and printing, integer affine forms and homogeneous points,
//! and fraction-free linear algebra.
//!
//! Every sign, incidence and rank decision of the crate is made by the functions of this module,
//! exactly. Rationals appear only at the edges (parsing, output, volumes). Signs of forms at
//! points and lexicographic comparisons of points go through a float filter with a proven error
//! bound first ([`FilteredForm`], `proofs/filtered-predicates.md`) and are computed on integers
//! whenever the filter cannot decide.

mod affine;
mod filter;
mod linalg;
mod number;
mod point;
pub mod text;

pub use affine::AffineForm;
pub use filter::{filter_statistics, FilteredForm};
pub use linalg::{
    coprime_direction, cross_product, determinant, nullspace, primitive_direction, rank,
    reduced_row_echelon, EchelonBasis, RowMinors,
};
pub use number::{parse_rational, rational_to_f64, NumberError};
pub use point::HomPoint;

pub use malachite::rational::Rational;
pub use malachite::Integer;
pub use malachite::Natural;
