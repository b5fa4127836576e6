//! Building a polytope from inequalities, exactly and without linear programming.

use super::{CutResult, Facet, IndexSet, Polytope, Side, Vertex};
use crate::exact::{AffineForm, HomPoint, Integer, Natural};
use malachite::base::num::arithmetic::traits::CeilingSqrt;
use std::fmt;

/// Why a list of inequalities does not describe a bounded full-dimensional polytope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HalfspaceError {
    /// No point satisfies every inequality; `row` is the first one found to exclude the rest.
    Empty {
        /// Index of the offending inequality.
        row: usize,
    },
    /// The points satisfying the inequalities lie in a hyperplane; `row` is an inequality that
    /// forces it.
    NotFullDimensional {
        /// Index of the offending inequality.
        row: usize,
    },
    /// The inequalities leave the set unbounded.
    Unbounded,
    /// An inequality has the wrong number of coefficients.
    WrongLength {
        /// Index of the offending inequality.
        row: usize,
        /// The number of coefficients it should have, 1 + d.
        expected: usize,
        /// The number it has.
        found: usize,
    },
}

impl fmt::Display for HalfspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HalfspaceError::Empty { row } => {
                write!(f, "the inequalities have no common point (inequality {row} excludes the others)")
            }
            HalfspaceError::NotFullDimensional { row } => write!(
                f,
                "the inequalities describe a set that is not full-dimensional (inequality {row} flattens it)"
            ),
            HalfspaceError::Unbounded => f.write_str("the inequalities describe an unbounded set"),
            HalfspaceError::WrongLength { row, expected, found } => write!(
                f,
                "inequality {row} has {found} coefficients, expected {expected} (b, a_1, ..., a_d)"
            ),
        }
    }
}

impl std::error::Error for HalfspaceError {}

impl<S: Clone> Polytope<S> {
    /// The polytope `{x : b + a . x >= 0 for every row}` in R^`dim`, each row's facet labelled
    /// with its source. Redundant and repeated rows are allowed; a facet supported by several rows
    /// lists them all.
    ///
    /// Method: every vertex of such a set has coordinates bounded by Hadamard's bound H on the
    /// rows, so the set is cut, row by row, out of the box `[-H-1, H+1]^dim`; it is bounded exactly
    /// when no side of that box survives as a facet.
    pub fn from_inequalities(
        dim: usize,
        rows: Vec<(AffineForm, S)>,
    ) -> Result<Polytope<S>, HalfspaceError> {
        for (row, (form, _)) in rows.iter().enumerate() {
            if form.dim() != dim {
                return Err(HalfspaceError::WrongLength {
                    row,
                    expected: dim + 1,
                    found: form.dim() + 1,
                });
            }
        }
        let half_width = Integer::from(hadamard_bound(dim, &rows)) + Integer::from(1u32);
        let mut polytope: Polytope<Option<S>> = Polytope::cube(dim, &half_width);
        for (row, (form, source)) in rows.into_iter().enumerate() {
            if form.is_constant() {
                if form.coeffs()[0] < 0u32 {
                    return Err(HalfspaceError::Empty { row });
                }
                continue;
            }
            polytope = match polytope.cut(&form, Some(source)) {
                CutResult::Split { positive, .. } => positive,
                CutResult::Whole(p, Side::Positive) => p,
                CutResult::Whole(p, _) => {
                    let touches = p.vertices.iter().any(|v| form.side(&v.point).is_eq());
                    return Err(if touches {
                        HalfspaceError::NotFullDimensional { row }
                    } else {
                        HalfspaceError::Empty { row }
                    });
                }
            };
        }
        if polytope
            .facets
            .iter()
            .any(|f| f.sources.iter().any(Option::is_none))
        {
            return Err(HalfspaceError::Unbounded);
        }
        Ok(polytope.map_sources(|s| s))
    }
}

impl<S> Polytope<Option<S>> {
    /// The cube `[-h, h]^dim`, its facets labelled `None`.
    fn cube(dim: usize, h: &Integer) -> Self {
        let facets: Vec<Facet<Option<S>>> = (0..2 * dim)
            .map(|k| {
                let mut form = AffineForm::coordinate(dim, k / 2);
                if k % 2 == 1 {
                    form = form.negated();
                }
                let mut coeffs = form.coeffs().to_vec();
                coeffs[0] = h.clone();
                Facet {
                    inequality: AffineForm::new(coeffs),
                    sources: vec![None],
                }
            })
            .collect();
        let vertices = (0..1usize << dim)
            .map(|corner| {
                let mut coords = vec![Integer::from(1u32)];
                let mut incident = IndexSet::new(2 * dim);
                for axis in 0..dim {
                    let upper = corner >> axis & 1 == 1;
                    coords.push(if upper { h.clone() } else { -h.clone() });
                    incident.insert(2 * axis + usize::from(upper));
                }
                Vertex {
                    point: HomPoint::from_homogeneous(coords),
                    facets: incident,
                }
            })
            .collect();
        Polytope {
            dim,
            facets,
            vertices,
        }
    }
}

/// An integer bounding every coordinate of every vertex of the rows' polyhedron: the product of
/// the `dim` largest Euclidean norms of the rows `(b, a)` (Cramer's rule and Hadamard's
/// inequality; each norm is at least 1).
fn hadamard_bound<S>(dim: usize, rows: &[(AffineForm, S)]) -> Natural {
    let mut norms: Vec<Natural> = rows
        .iter()
        .map(|(form, _)| {
            let squares: Integer = form.coeffs().iter().map(|c| c * c).sum();
            Natural::try_from(squares)
                .expect("a sum of squares is non-negative")
                .ceiling_sqrt()
        })
        .collect();
    norms.sort_unstable_by(|a, b| b.cmp(a));
    norms
        .into_iter()
        .take(dim)
        .fold(Natural::from(1u32), |product, n| {
            product * n.max(Natural::from(1u32))
        })
}
