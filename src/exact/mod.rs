//! Exact numbers: rational parsing and printing, integer affine forms and homogeneous points,
//! and fraction-free linear algebra.
//!
//! Every sign, incidence and rank decision of the crate is made by the functions of this module,
//! on integers. Rationals appear only at the edges (parsing, output, volumes). A float filter with
//! a proven error bound can later be placed in front of [`AffineForm::side`] and
//! [`AffineForm::edge_crossing`] without touching the algorithms that call them.

mod affine;
mod linalg;
mod number;
mod point;

pub use affine::AffineForm;
pub use linalg::{determinant, nullspace, rank};
pub use number::{parse_rational, rational_to_f64, NumberError};
pub use point::HomPoint;

pub use malachite::rational::Rational;
pub use malachite::Integer;
pub use malachite::Natural;
