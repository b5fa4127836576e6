//! The convex hull of a finite point set, exactly, through the polar polytope.

use super::{Facet, IndexSet, Polytope, Vertex};
use crate::exact::{rank, AffineForm, HomPoint, Integer, Rational};
use std::fmt;

/// Why a point set has no full-dimensional convex hull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HullError {
    /// No points were given.
    Empty,
    /// The dimension is above [`MAX_DIM`](super::MAX_DIM).
    TooManyDimensions {
        /// The dimension asked for.
        dim: usize,
    },
    /// The points span an affine subspace of this dimension, below the ambient dimension.
    LowerDimensional {
        /// The dimension of the points' affine hull.
        dim: usize,
        /// The ambient dimension.
        ambient: usize,
    },
}

impl fmt::Display for HullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HullError::Empty => f.write_str("no points were given"),
            HullError::TooManyDimensions { dim } => write!(
                f,
                "dimension {dim} is above the supported maximum of {}",
                super::MAX_DIM
            ),
            HullError::LowerDimensional { dim, ambient } => write!(
                f,
                "the points span an affine subspace of dimension {dim}, not the whole of R^{ambient}: their hull is not full-dimensional"
            ),
        }
    }
}

impl std::error::Error for HullError {}

impl Polytope<usize> {
    /// The convex hull of `points` in R^`dim`, which must be full-dimensional. Repeated and
    /// interior points are allowed. Facets carry no sources.
    ///
    /// Method: with c the centroid of the points (interior to their hull), the polar
    /// `{y : 1 - (p - c) . y >= 0 for every point p}` is a bounded polytope built exactly by
    /// [`Polytope::from_inequalities`]. Polarity reverses inclusion: its vertices y are the hull's
    /// facets `1 - y . (x - c) >= 0`, its facets (the rows that are not redundant) are the hull's
    /// vertices, and a vertex of the polar lies on a facet of the polar exactly when the hull's
    /// vertex lies on the hull's facet. So the hull is read off the polar with no second
    /// construction.
    pub fn convex_hull(dim: usize, points: &[HomPoint]) -> Result<Polytope<usize>, HullError> {
        if dim > super::MAX_DIM {
            return Err(HullError::TooManyDimensions { dim });
        }
        let mut distinct: Vec<&HomPoint> = Vec::new();
        for p in points {
            if !distinct.contains(&p) {
                distinct.push(p);
            }
        }
        let Some(&origin) = distinct.first() else {
            return Err(HullError::Empty);
        };
        let differences: Vec<Vec<Integer>> = distinct[1..]
            .iter()
            .map(|p| {
                (1..=dim)
                    .map(|i| {
                        &p.homogeneous()[i] * origin.denominator()
                            - &origin.homogeneous()[i] * p.denominator()
                    })
                    .collect()
            })
            .collect();
        let span = rank(&differences);
        if span < dim {
            return Err(HullError::LowerDimensional {
                dim: span,
                ambient: dim,
            });
        }
        let centre = HomPoint::centroid(&distinct).to_rationals();
        let polar_rows = distinct
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let row: Vec<Rational> = std::iter::once(Rational::from(1u32))
                    .chain(p.to_rationals().iter().zip(&centre).map(|(x, c)| c - x))
                    .collect();
                (AffineForm::from_rationals(&row), i)
            })
            .collect();
        let polar = Polytope::from_inequalities(dim, polar_rows).expect(POLAR_STEP);
        let facets = polar
            .vertices()
            .iter()
            .map(|vertex| {
                let y = vertex.point.to_rationals();
                let offset: Rational = y.iter().zip(&centre).map(|(a, c)| a * c).sum();
                let row: Vec<Rational> = std::iter::once(Rational::from(1u32) + offset)
                    .chain(y.iter().map(|a| -a))
                    .collect();
                Facet {
                    inequality: AffineForm::from_rationals(&row),
                    sources: Vec::new(),
                }
            })
            .collect();
        let mut incidences = vec![IndexSet::new(polar.vertices().len()); polar.facets().len()];
        for (j, vertex) in polar.vertices().iter().enumerate() {
            for f in vertex.facets.iter() {
                incidences[f].insert(j);
            }
        }
        let vertices = polar
            .facets()
            .iter()
            .zip(incidences)
            .map(|(facet, on)| Vertex {
                point: distinct[facet.sources[0]].clone(),
                facets: on,
            })
            .collect();
        Ok(Polytope {
            dim,
            facets,
            vertices,
        })
    }
}

/// Why the polar step cannot fail: the polar of a full-dimensional point set around an interior
/// point is a bounded full-dimensional polytope.
const POLAR_STEP: &str = "the polar of a full-dimensional point set is a full-dimensional polytope";
