//! Building a polytope from inequalities, exactly and without linear programming.

use super::{CutResult, Facet, IndexSet, Polytope, Side, Vertex};
use crate::exact::{AffineForm, HomPoint, Integer, Natural, Rational};
use malachite::base::num::arithmetic::traits::CeilingSqrt;
use std::fmt;

/// Why a list of inequalities does not describe a bounded full-dimensional polytope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HalfspaceError {
    /// No point satisfies every inequality; `row`, when known, is the first inequality that
    /// excludes every point allowed by the ones before it.
    Empty {
        /// Index of the offending inequality, if one alone is to blame.
        row: Option<usize>,
    },
    /// The points satisfying the inequalities (there are some) lie in a hyperplane; `row` is an
    /// inequality that forces it.
    NotFullDimensional {
        /// Index of the offending inequality.
        row: usize,
    },
    /// The inequalities leave the set unbounded.
    Unbounded,
    /// The dimension is above [`MAX_DIM`].
    TooManyDimensions {
        /// The dimension asked for.
        dim: usize,
    },
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
            HalfspaceError::Empty { row: Some(row) } => write!(
                f,
                "the inequalities have no common point (inequality {row} excludes every point the earlier ones allow)"
            ),
            HalfspaceError::Empty { row: None } => f.write_str("the inequalities have no common point"),
            HalfspaceError::TooManyDimensions { dim } => write!(
                f,
                "dimension {dim} is above the supported maximum of {MAX_DIM}"
            ),
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

/// The largest dimension in which polytopes are built: a box domain holds its 2^d vertices
/// explicitly.
pub const MAX_DIM: usize = 16;

impl<S: Clone> Polytope<S> {
    /// The polytope `{x : b + a . x >= 0 for every row}` in R^`dim`, each row's facet labelled
    /// with its source. Redundant and repeated rows are allowed; a facet supported by several rows
    /// lists them all.
    ///
    /// Method: every vertex of such a set has coordinates bounded by Hadamard's bound H on the
    /// rows, so the set is cut, row by row, out of a simplex containing the box `[-H-1, H+1]^dim`
    /// (d + 1 vertices to start from, not 2^d); it is bounded exactly when no side of that simplex
    /// survives as a facet. When a row leaves only a face of what the
    /// earlier rows allow, the whole system is restricted to that row's hyperplane (one variable
    /// eliminated, exactly) and solved one dimension lower, to tell an empty set from a flat one.
    pub fn from_inequalities(
        dim: usize,
        rows: Vec<(AffineForm, S)>,
    ) -> Result<Polytope<S>, HalfspaceError> {
        if dim > MAX_DIM {
            return Err(HalfspaceError::TooManyDimensions { dim });
        }
        for (row, (form, _)) in rows.iter().enumerate() {
            if form.dim() != dim {
                return Err(HalfspaceError::WrongLength {
                    row,
                    expected: dim + 1,
                    found: form.dim() + 1,
                });
            }
        }
        let forms: Vec<AffineForm> = rows.iter().map(|(form, _)| form.clone()).collect();
        let half_width = Integer::from(hadamard_bound(dim, &rows)) + Integer::from(1u32);
        let mut polytope: Polytope<Option<S>> = Polytope::bounding_simplex(dim, &half_width);
        for (row, (form, source)) in rows.into_iter().enumerate() {
            if form.is_constant() {
                if form.coeffs()[0] < 0u32 {
                    return Err(HalfspaceError::Empty { row: Some(row) });
                }
                continue;
            }
            polytope = match polytope.cut(&form, Some(source)) {
                CutResult::Split { positive, .. } => positive,
                CutResult::Whole(p, Side::Positive) => p,
                CutResult::Whole(p, _) => {
                    let touches = p.vertices.iter().any(|v| form.side(&v.point).is_eq());
                    return Err(if !touches {
                        HalfspaceError::Empty { row: Some(row) }
                    } else if meets_hyperplane(&forms, row) {
                        HalfspaceError::NotFullDimensional { row }
                    } else {
                        HalfspaceError::Empty { row: None }
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

impl<S> Polytope<S> {
    /// The box `[lo, hi]^dim` (`lo < hi`), built directly from its 2^dim vertices. Facet `2i` is
    /// `x_i >= lo` and facet `2i + 1` is `x_i <= hi`; facet `k` is labelled `label(k)`.
    pub fn cube(dim: usize, lo: &Rational, hi: &Rational, label: impl Fn(usize) -> S) -> Self {
        let facets = (0..2 * dim)
            .map(|k| {
                let mut row = vec![Rational::from(0u32); dim + 1];
                if k % 2 == 0 {
                    row[0] = -lo.clone();
                    row[k / 2 + 1] = Rational::from(1u32);
                } else {
                    row[0] = hi.clone();
                    row[k / 2 + 1] = Rational::from(-1);
                }
                Facet {
                    inequality: AffineForm::from_rationals(&row),
                    sources: vec![label(k)],
                }
            })
            .collect();
        let vertices = (0..1usize << dim)
            .map(|corner| {
                let mut coords = Vec::with_capacity(dim);
                let mut incident = IndexSet::new(2 * dim);
                for axis in 0..dim {
                    let upper = corner >> axis & 1 == 1;
                    coords.push(if upper { hi.clone() } else { lo.clone() });
                    incident.insert(2 * axis + usize::from(upper));
                }
                Vertex {
                    point: HomPoint::from_rationals(&coords),
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

impl<S> Polytope<Option<S>> {
    /// The simplex `{x : x_i >= -h for every i, sum_i x_i <= d h}`, its facets labelled `None`:
    /// it contains the cube `[-h, h]^dim` and meets its boundary only where the cube's corner
    /// `(-h, ..., -h)` is, so every point with coordinates in `(-h, h)` is interior to it.
    fn bounding_simplex(dim: usize, h: &Integer) -> Self {
        let mut facets: Vec<Facet<Option<S>>> = (0..dim)
            .map(|i| {
                let mut coeffs = AffineForm::coordinate(dim, i).coeffs().to_vec();
                coeffs[0] = h.clone();
                Facet {
                    inequality: AffineForm::new(coeffs),
                    sources: vec![None],
                }
            })
            .collect();
        let mut last = vec![Integer::from(-1); dim + 1];
        last[0] = h * Integer::from(dim);
        facets.push(Facet {
            inequality: AffineForm::new(last),
            sources: vec![None],
        });
        let far = h * Integer::from(2 * dim - 1);
        let vertices = (0..=dim)
            .map(|corner| {
                let mut coords = vec![Integer::from(1u32)];
                coords.extend((0..dim).map(|i| {
                    if corner == i + 1 {
                        far.clone()
                    } else {
                        -h.clone()
                    }
                }));
                let mut incident = IndexSet::new(dim + 1);
                for f in
                    (0..=dim).filter(|&f| corner == 0 && f < dim || corner != 0 && f + 1 != corner)
                {
                    incident.insert(f);
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

/// Whether some point satisfies every form (`>= 0`) and lies on the hyperplane `forms[r] = 0`.
/// Eliminating a variable x_j with `h_j != 0` (h = `forms[r]`), each other form g becomes
/// `|h_j| g - sign(h_j) g_j h`, which is free of x_j and equals `|h_j| g` on the hyperplane.
fn meets_hyperplane(forms: &[AffineForm], r: usize) -> bool {
    let h = forms[r].coeffs();
    let dim = forms[r].dim();
    let j = (1..=dim)
        .find(|&i| h[i] != 0u32)
        .expect("a row that flattens a polytope is not constant");
    let scale = Integer::from(h[j].unsigned_abs_ref().clone());
    let sign = if h[j] > 0u32 {
        Integer::from(1)
    } else {
        Integer::from(-1)
    };
    let restricted: Vec<(AffineForm, ())> = forms
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != r)
        .map(|(_, g)| {
            let g = g.coeffs();
            let factor = &g[j] * &sign;
            let coeffs = (0..=dim)
                .filter(|&i| i != j)
                .map(|i| &g[i] * &scale - &factor * &h[i])
                .collect();
            (AffineForm::new(coeffs), ())
        })
        .collect();
    if dim == 1 {
        return restricted.iter().all(|(g, _)| g.coeffs()[0] >= 0u32);
    }
    !matches!(
        Polytope::from_inequalities(dim - 1, restricted),
        Err(HalfspaceError::Empty { .. })
    )
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
