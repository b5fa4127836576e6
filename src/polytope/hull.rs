//! The convex hull of a finite point set, exactly, through the polar polytope.

use super::{CutResult, Facet, IndexSet, Polytope, Side, Vertex};
use crate::exact::{reduced_row_echelon, AffineForm, EchelonBasis, HomPoint, Rational};
use std::collections::HashSet;
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
    /// Method: take d + 1 affinely independent points (the first ones that raise the span) and
    /// c their centroid, interior to the hull. The polar `{y : 1 - (p - c) . y >= 0 for every
    /// point p}` is a bounded polytope: it starts as the polar of those d + 1 points (a simplex,
    /// solved directly) and is cut by every other point's row, as an incremental hull adds
    /// points. Polarity reverses inclusion: the polar's vertices y are the hull's facets
    /// `1 - y . (x - c) >= 0`, its facets (the rows that are not redundant) are the hull's
    /// vertices, and a vertex of the polar lies on a facet of the polar exactly when the hull's
    /// vertex lies on the hull's facet. So the hull is read off the polar, exactly.
    pub fn convex_hull(dim: usize, points: &[HomPoint]) -> Result<Polytope<usize>, HullError> {
        if dim > super::MAX_DIM {
            return Err(HullError::TooManyDimensions { dim });
        }
        let mut seen = HashSet::new();
        let distinct: Vec<&HomPoint> = points.iter().filter(|p| seen.insert(*p)).collect();
        let Some(&origin) = distinct.first() else {
            return Err(HullError::Empty);
        };
        let mut span = EchelonBasis::of(std::iter::empty(), dim);
        let mut simplex = vec![0];
        for (i, p) in distinct.iter().enumerate().skip(1) {
            if simplex.len() <= dim && span.insert(p.scaled_difference(origin)) {
                simplex.push(i);
            }
        }
        if simplex.len() <= dim {
            return Err(HullError::LowerDimensional {
                dim: simplex.len() - 1,
                ambient: dim,
            });
        }
        let corners: Vec<&HomPoint> = simplex.iter().map(|&i| distinct[i]).collect();
        let centre = HomPoint::centroid(&corners).to_rationals();
        let polar_row = |p: &HomPoint| {
            let row: Vec<Rational> = std::iter::once(Rational::from(1u32))
                .chain(p.to_rationals().iter().zip(&centre).map(|(x, c)| c - x))
                .collect();
            AffineForm::from_rationals(&row)
        };
        let mut polar = polar_simplex(dim, &simplex, &distinct, &centre, &polar_row);
        for (i, p) in distinct.iter().enumerate() {
            if simplex.contains(&i) {
                continue;
            }
            polar = match polar.cut(&polar_row(p), i) {
                CutResult::Split { positive, .. } | CutResult::Whole(positive, Side::Positive) => {
                    positive
                }
                CutResult::Whole(..) => unreachable!("{POLAR_STEP}"),
            };
        }
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

/// Why a row of the polar never leaves it on its negative side: every row is 1 at the origin,
/// which is interior to the polar (the centre is interior to the hull).
const POLAR_STEP: &str = "every polar row is positive at the origin, inside the polar";

/// The polar of the simplex on the points `distinct[simplex]` (d + 1 affinely independent
/// points) around their centroid `centre`: the simplex whose facets are their polar rows, facet
/// `k` labelled `simplex[k]`, and whose vertex `k` lies on every facet but the `k`-th: the
/// solution of `1 - (p_j - c) . y = 0` for the other d points.
fn polar_simplex(
    dim: usize,
    simplex: &[usize],
    distinct: &[&HomPoint],
    centre: &[Rational],
    polar_row: &dyn Fn(&HomPoint) -> AffineForm,
) -> Polytope<usize> {
    let facets: Vec<Facet<usize>> = simplex
        .iter()
        .map(|&i| Facet {
            inequality: polar_row(distinct[i]),
            sources: vec![i],
        })
        .collect();
    let vertices = (0..=dim)
        .map(|k| {
            let mut system: Vec<Vec<Rational>> = simplex
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, &i)| {
                    let mut row: Vec<Rational> = distinct[i]
                        .to_rationals()
                        .iter()
                        .zip(centre)
                        .map(|(x, c)| x - c)
                        .collect();
                    row.push(Rational::from(1u32));
                    row
                })
                .collect();
            reduced_row_echelon(&mut system, dim);
            let solution: Vec<Rational> = system.iter().map(|row| row[dim].clone()).collect();
            let mut on = IndexSet::new(dim + 1);
            for j in (0..=dim).filter(|&j| j != k) {
                on.insert(j);
            }
            Vertex {
                point: HomPoint::from_rationals(&solution),
                facets: on,
            }
        })
        .collect();
    Polytope {
        dim,
        facets,
        vertices,
    }
}
