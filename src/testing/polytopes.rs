//! Random polytopes, as inequality systems or point sets, with their exact answers.

use crate::exact::{AffineForm, HomPoint, Rational};
use crate::polytope::{to_f64, volume_of, FaceLattice, Polytope, PolytopeData, Pulling};
use proptest::prelude::*;
use proptest::sample::Index;
use std::fmt;
use std::ops::RangeInclusive;

/// How the random numbers of a polytope case are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolytopeFamily {
    /// Binary64 values `k / 2^20` in [-1, 1]: simple polytopes, one row per facet.
    Generic,
    /// Small integers: repeated and scaled rows, repeated points, constraints through vertices,
    /// many coplanar points, rows with a zero normal.
    Degenerate,
    /// The degenerate numbers, each moved by a multiple of `2^-20` in [-2^-19, 2^-19]: almost
    /// coinciding vertices and almost parallel facets, still exact binary64 values.
    NearDegenerate,
}

/// What a polytope case gives the engine under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// Inequalities `b + a . x >= 0`: the box `[-R, R]^d` (rows 0 to 2d-1, as for a box domain)
    /// and random rows with `b > 0`, so the origin is interior.
    Inequalities,
    /// Points: the corners `-R(1, ..., 1)` and `-R(1, ..., 1) + 2R e_i` of a simplex (first
    /// d + 1 points), then random points; the polytope is their convex hull.
    Points,
}

/// The input of a polytope case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolytopeInput {
    /// The rows `(b, a_1, ..., a_d)` of `b + a . x >= 0`; facet sources are row indices.
    Inequalities(Vec<Vec<Rational>>),
    /// The points whose convex hull is the polytope; facets have no sources.
    Points(Vec<Vec<Rational>>),
}

impl PolytopeInput {
    /// The rows or points, exactly.
    pub fn rows(&self) -> &[Vec<Rational>] {
        match self {
            PolytopeInput::Inequalities(rows) | PolytopeInput::Points(rows) => rows,
        }
    }

    /// The rows or points in f64 (exact: every number drawn is a binary64 value).
    pub fn rows_f64(&self) -> Vec<Vec<f64>> {
        self.rows()
            .iter()
            .map(|r| r.iter().map(to_f64).collect())
            .collect()
    }
}

/// The sizes of the polytope cases drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolytopeSizes {
    /// The dimension d (each between 1 and [`MAX_DIM`](crate::polytope::MAX_DIM)). Default
    /// `2..=4`.
    pub dims: RangeInclusive<usize>,
    /// How many random rows or points come after the box or the simplex. Default `1..=8`.
    pub extra: RangeInclusive<usize>,
}

impl Default for PolytopeSizes {
    /// d = 2..4, 1 to 8 random rows or points.
    fn default() -> PolytopeSizes {
        PolytopeSizes {
            dims: 2..=4,
            extra: 1..=8,
        }
    }
}

/// A random polytope with its exact answer.
#[derive(Clone)]
pub struct PolytopeCase {
    /// How its numbers were drawn.
    pub family: PolytopeFamily,
    /// Its inequalities or points.
    pub input: PolytopeInput,
    /// The exact answer: vertices in lexicographic order, facets (labelled with the input rows
    /// that support them), f-vector, pulling triangulation, volume.
    pub answer: PolytopeData<usize>,
    /// The crate's polytope, vertices in lexicographic order as in the answer.
    pub polytope: Polytope<usize>,
}

impl PolytopeCase {
    /// The case of `input`, which must describe a bounded full-dimensional polytope in R^d
    /// (d = `dim`); panics otherwise.
    pub fn new(family: PolytopeFamily, dim: usize, input: PolytopeInput) -> PolytopeCase {
        let mut polytope = match &input {
            PolytopeInput::Inequalities(rows) => Polytope::from_inequalities(
                dim,
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| (AffineForm::from_rationals(row), i))
                    .collect(),
            )
            .expect("the inequalities describe a bounded full-dimensional polytope"),
            PolytopeInput::Points(points) => Polytope::convex_hull(
                dim,
                &points
                    .iter()
                    .map(|p| HomPoint::from_rationals(p))
                    .collect::<Vec<_>>(),
            )
            .expect("the points span R^d"),
        };
        polytope.sort_vertices_lex();
        let lattice = FaceLattice::of(&polytope);
        let simplices = Pulling::new(&polytope, &lattice).simplices();
        let volume = volume_of(&polytope, &simplices);
        let first: Vec<&HomPoint> = simplices[0]
            .iter()
            .map(|&v| &polytope.vertices()[v].point)
            .collect();
        let interior_point = HomPoint::centroid(&first);
        let mut answer = PolytopeData::of(&polytope).with_interior_point(&interior_point);
        answer.f_vector = Some(lattice.f_vector());
        answer.simplex_count = Some(simplices.len());
        answer.simplices = Some(simplices);
        answer.volume = Some(volume);
        PolytopeCase {
            family,
            input,
            answer,
            polytope,
        }
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.polytope.dim()
    }
}

impl fmt::Debug for PolytopeCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: Vec<Vec<String>> = self
            .input
            .rows()
            .iter()
            .map(|r| r.iter().map(Rational::to_string).collect())
            .collect();
        let kind = match self.input {
            PolytopeInput::Inequalities(_) => "inequalities",
            PolytopeInput::Points(_) => "points",
        };
        write!(
            f,
            "PolytopeCase {{ {:?}, {kind}: {rows:?}, f-vector {:?}, volume {} }}",
            self.family,
            self.answer.f_vector,
            self.answer.volume.as_ref().expect("a polytope is bounded"),
        )
    }
}

/// The scale `R` of the box or simplex and a strategy for one random number of `family`.
fn numbers(family: PolytopeFamily, small: i64) -> (i64, BoxedStrategy<Rational>) {
    const ONE: i64 = 1 << 20;
    let fine = |k: i64| Rational::from_signeds(k, ONE);
    match family {
        PolytopeFamily::Generic => (1, (-ONE..=ONE).prop_map(fine).boxed()),
        PolytopeFamily::Degenerate => (small, (-small..=small).prop_map(Rational::from).boxed()),
        PolytopeFamily::NearDegenerate => (
            small,
            (-small..=small, -2i64..=2)
                .prop_map(move |(k, p)| Rational::from(k) + fine(p))
                .boxed(),
        ),
    }
}

/// Copies of some drawn rows or points (for the degenerate families): each `(which, scaled)`
/// repeats one, an inequality multiplied by 2 when `scaled`.
fn repeats(family: PolytopeFamily) -> impl Strategy<Value = Vec<(Index, bool)>> {
    let count = match family {
        PolytopeFamily::Generic => 0..=0,
        _ => 0..=2,
    };
    proptest::collection::vec((any::<Index>(), any::<bool>()), count)
}

/// The input of a case of `family` and `representation` in dimension `dim` with `extra` random
/// rows or points.
fn input(
    family: PolytopeFamily,
    representation: Representation,
    dim: usize,
    extra: RangeInclusive<usize>,
) -> impl Strategy<Value = PolytopeInput> {
    let small = match representation {
        Representation::Inequalities => 1,
        Representation::Points => 2,
    };
    let (scale, number) = numbers(family, small);
    let width = match representation {
        Representation::Inequalities => dim + 1,
        Representation::Points => dim,
    };
    (
        proptest::collection::vec(proptest::collection::vec(number, width), extra),
        repeats(family),
    )
        .prop_map(move |(mut drawn, copies)| {
            let r = Rational::from(scale);
            if representation == Representation::Inequalities {
                // b := R + |b| > 0 keeps the origin strictly inside.
                for row in &mut drawn {
                    row[0] = &r
                        + (if row[0] < 0u32 {
                            -&row[0]
                        } else {
                            row[0].clone()
                        });
                }
            }
            for (which, scaled) in copies {
                if drawn.is_empty() {
                    break;
                }
                // A scaled row is the same inequality; a scaled point would be a new point.
                let factor = match representation {
                    Representation::Inequalities if scaled => Rational::from(2),
                    _ => Rational::from(1),
                };
                let copy = drawn[which.index(drawn.len())]
                    .iter()
                    .map(|x| x * &factor)
                    .collect();
                drawn.push(copy);
            }
            match representation {
                Representation::Inequalities => {
                    PolytopeInput::Inequalities(box_rows(dim, &r).chain(drawn).collect())
                }
                Representation::Points => {
                    PolytopeInput::Points(simplex_corners(dim, &r).chain(drawn).collect())
                }
            }
        })
}

/// The rows of `[-r, r]^dim`: `r + x_i >= 0` (row 2i) and `r - x_i >= 0` (row 2i + 1).
fn box_rows(dim: usize, r: &Rational) -> impl Iterator<Item = Vec<Rational>> + '_ {
    (0..2 * dim).map(move |k| {
        let mut row = vec![Rational::from(0u32); dim + 1];
        row[0] = r.clone();
        row[k / 2 + 1] = Rational::from(if k % 2 == 0 { 1 } else { -1 });
        row
    })
}

/// `-r(1, ..., 1)` and `-r(1, ..., 1) + 2r e_i`: a full-dimensional simplex.
fn simplex_corners(dim: usize, r: &Rational) -> impl Iterator<Item = Vec<Rational>> + '_ {
    (0..=dim).map(move |corner| {
        (0..dim)
            .map(|i| if corner == i + 1 { r.clone() } else { -r })
            .collect()
    })
}

/// Polytope cases of every family and representation, sizes from `sizes`.
pub fn polytope_case(sizes: PolytopeSizes) -> impl Strategy<Value = PolytopeCase> {
    polytope_case_of(
        vec![
            PolytopeFamily::Generic,
            PolytopeFamily::Degenerate,
            PolytopeFamily::NearDegenerate,
        ],
        vec![Representation::Inequalities, Representation::Points],
        sizes,
    )
}

/// Polytope cases of one of `families` and one of `representations` (neither empty), sizes
/// from `sizes`. Shrinking goes to fewer rows or points, smaller numbers, lower dimensions and
/// the first family and representation listed.
pub fn polytope_case_of(
    families: Vec<PolytopeFamily>,
    representations: Vec<Representation>,
    sizes: PolytopeSizes,
) -> impl Strategy<Value = PolytopeCase> {
    (
        proptest::sample::select(families),
        proptest::sample::select(representations),
        sizes.dims,
    )
        .prop_flat_map(move |(family, representation, dim)| {
            input(family, representation, dim, sizes.extra.clone())
                .prop_map(move |input| PolytopeCase::new(family, dim, input))
        })
}
