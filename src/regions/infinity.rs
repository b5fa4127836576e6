//! The whole space R^d seen through the cube that stands in for it: which points and faces lie
//! at infinity, and how an unbounded region recedes.

use super::source::Source;
use crate::exact::{
    approximate, coprime_direction, nullspace, primitive_direction, reduced_row_echelon, HomPoint,
    Integer, Rational,
};
use crate::polytope::{FaceLattice, IndexSet, Polytope};
use malachite::base::num::arithmetic::traits::UnsignedAbs;
use malachite::base::num::logic::traits::SignificantBits;
use std::sync::OnceLock;

/// The cube `[-h, h]^d` standing in for R^d.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    half_width: Integer,
    /// `half_width` correctly rounded to f64 (`None` beyond the float filter's range), as bits
    /// (so that truncations compare as their half-widths do).
    half_width_approx: Option<u64>,
}

/// How an unbounded region goes to infinity: its lineality space, and its rays (computed on
/// first use by [`Region::rays`](super::Region::rays): a run that shows only its summary never
/// needs them). The rays are read from vertices of the region's truncated polytope
/// ([`Region::polytope`](super::Region::polytope)), by index: a recession belongs to the
/// region it was computed for, with that polytope.
#[derive(Debug, Clone)]
pub struct Recession {
    /// For each ray (with repeats), a vertex `outer` of a face swept along it and a vertex
    /// `inner` of the face's foot, as indices into the truncated polytope's vertices: the ray
    /// is the direction of `outer - inner` modulo the lineality space.
    sweeps: Vec<(usize, usize)>,
    rays: OnceLock<Vec<Vec<Integer>>>,
    /// A basis of the region's lineality space (the directions of the lines it contains), as
    /// coprime integer vectors; empty when the region contains no line.
    pub lineality: Vec<Vec<Integer>>,
}

impl Recession {
    /// The directions of the region's unbounded edges modulo its lineality space (its extreme
    /// rays), as coprime integer vectors, sorted and without repeats; `polytope` is the
    /// truncated polytope this recession was read from.
    pub(super) fn rays(&self, polytope: &Polytope<Source>) -> &[Vec<Integer>] {
        self.rays.get_or_init(|| {
            let point = |v: usize| &polytope.vertices()[v].point;
            let mut rays: Vec<Vec<Integer>> = self
                .sweeps
                .iter()
                .map(|&(outer, inner)| {
                    // A positive multiple of outer - inner, on integers.
                    let sweep = point(outer).scaled_difference(point(inner));
                    if self.lineality.is_empty() {
                        coprime_direction(sweep)
                    } else {
                        let sweep: Vec<Rational> = sweep.into_iter().map(Rational::from).collect();
                        primitive_direction(&project_out(&sweep, &self.lineality))
                    }
                })
                .collect();
            rays.sort();
            rays.dedup();
            rays
        })
    }
}

impl Truncation {
    /// The truncation by the cube of half-width `half_width`.
    ///
    /// # Panics
    /// When `half_width` is not positive: no cube.
    pub fn new(half_width: Integer) -> Truncation {
        assert!(half_width > 0u32, "a cube's half-width must be positive");
        let half_width_approx = approximate(&half_width).map(f64::to_bits);
        Truncation {
            half_width,
            half_width_approx,
        }
    }

    /// The sides of the cube that `point` lies on, increasing and numbered as [`Source::Bound`]
    /// numbers them: `2 i` for `x_i = -h`, `2 i + 1` for `x_i = h`. No point of a region of R^d
    /// lies on a side, so a point with a side is where the region was cut off. `known` must be
    /// sides the point lies on (those of the facets in the sides containing it, by incidence):
    /// they are taken without arithmetic, and only the other coordinates are compared with `h`,
    /// by the float filter first.
    pub fn sides(&self, point: &HomPoint, known: Vec<usize>) -> Vec<usize> {
        let h = point.homogeneous();
        // |x_i| = D h needs as many bits as D h has, one of two lengths: coordinates of
        // another length are off the sides, and a point with none is not multiplied out.
        let bits = h[0].significant_bits() + self.half_width.significant_bits();
        let half_width = self.half_width_approx.map(f64::from_bits);
        let may_be_on = |i: usize| {
            !known.iter().any(|&s| s / 2 == i)
                && (bits - 1..=bits).contains(&h[i + 1].significant_bits())
                && !half_width.is_some_and(|c| point.magnitude_is_not(i, c))
        };
        let candidates: Vec<usize> = (0..point.dim()).filter(|&i| may_be_on(i)).collect();
        let mut sides = known;
        if !candidates.is_empty() {
            let edge = (&h[0] * &self.half_width).unsigned_abs();
            sides.extend(
                candidates
                    .into_iter()
                    .filter(|&i| *h[i + 1].unsigned_abs_ref() == edge)
                    .map(|i| 2 * i + usize::from(h[i + 1] > 0u32)),
            );
        }
        sides.sort_unstable();
        sides.dedup();
        debug_assert!(
            sides.iter().all(|&s| {
                let x = &h[s / 2 + 1];
                *x.unsigned_abs_ref() == (&h[0] * &self.half_width).unsigned_abs()
                    && (*x > 0u32) == (s % 2 == 1)
            }),
            "a side given as known that the point is not on"
        );
        sides
    }

    /// The indices of `points` (distinct points of the cube) in lexicographic order
    /// ([`HomPoint::cmp_lex`]), given the sides each lies on ([`Truncation::sides`]): a
    /// coordinate on a side is `-h` or `h`, and every other coordinate of a point of the cube
    /// lies strictly between, so a coordinate on a side is ordered without arithmetic (over
    /// R^d, vertices cut off by the same side share that coordinate, which the float filter
    /// cannot order; [`HomPoint::lex_order`]).
    pub fn lex_order(points: &[&HomPoint], sides: &[Vec<usize>]) -> Vec<usize> {
        HomPoint::lex_order(points, |p, i| {
            sides[p].iter().find(|&&s| s / 2 == i).map(|&s| s % 2 == 1)
        })
    }

    /// Which faces of a truncated polytope (by index into `lattice`) are faces of the region of
    /// R^d it stands for: those not lying in a side of the cube, that is whose vertices have no
    /// side in common (`sides[v]` is [`Truncation::sides`] of vertex v).
    pub fn real_faces(lattice: &FaceLattice, sides: &[Vec<usize>]) -> Vec<bool> {
        let side_count = sides.iter().flatten().max().map_or(0, |&s| s + 1);
        let side_sets: Vec<IndexSet> = sides
            .iter()
            .map(|on| {
                let mut set = IndexSet::new(side_count);
                on.iter().for_each(|&s| set.insert(s));
                set
            })
            .collect();
        let words = side_count.div_ceil(64);
        lattice
            .faces()
            .iter()
            .map(|face| {
                (0..words).all(|w| {
                    face.vertices
                        .iter()
                        .fold(!0u64, |common, v| common & side_sets[v].word(w))
                        == 0
                })
            })
            .collect()
    }

    /// The recession of the region that the truncated `polytope` stands for: its lineality
    /// space L from the null space of its real facets' normals, and which vertices of
    /// `polytope` its rays modulo L are read from (on first use, by
    /// [`Region::rays`](super::Region::rays)).
    ///
    /// Every real face contains a translate of L, so the minimal faces are the real faces of
    /// dimension l = dim L, and a real face of dimension l + 1 with exactly one real facet is a
    /// minimal face G swept along one extreme ray r of the region modulo L (with two real
    /// facets it is bounded modulo L). Its points off G are `g + l' + t r` with g in G, l' in L
    /// and `t > 0`, so a vertex of it not in G minus a vertex of G has, projected orthogonally
    /// onto L's complement and scaled to coprime integers, the direction of the ray. For a
    /// pointed region (l = 0) these are the directions of the unbounded edges, as lrs and cdd
    /// give them; for a region containing a line, the rays lrs and cdd give beside the lineality
    /// space (up to the complement of L they choose).
    pub fn recession(
        &self,
        polytope: &Polytope<Source>,
        lattice: &FaceLattice,
        real: &[bool],
    ) -> Recession {
        let faces = lattice.faces();
        // A polyhedron with a vertex contains no line: then L = 0 without any elimination.
        let pointed = faces.iter().zip(real).any(|(face, &r)| r && face.dim == 0);
        let lineality = if pointed {
            Vec::new()
        } else {
            let normals: Vec<Vec<Integer>> = polytope
                .facets()
                .iter()
                .filter(|f| !Source::in_cube_side(&f.sources))
                .map(|f| f.inequality.coeffs()[1..].to_vec())
                .collect();
            nullspace(&normals, polytope.dim())
        };
        let mut sweeps = Vec::new();
        for (id, face) in faces.iter().enumerate() {
            if !real[id] || face.dim != lineality.len() + 1 {
                continue;
            }
            let mut real_facets = face.covers.iter().filter(|&&c| real[c]);
            let (Some(&foot), None) = (real_facets.next(), real_facets.next()) else {
                continue;
            };
            let base = &faces[foot].vertices;
            let (Some(outer), Some(inner)) = (
                face.vertices.iter().find(|&v| !base.contains(v)),
                base.iter().next(),
            ) else {
                continue;
            };
            sweeps.push((outer, inner));
        }
        Recession {
            sweeps,
            rays: OnceLock::new(),
            lineality,
        }
    }
}

/// `v` minus its orthogonal projection onto the span of `basis` (independent vectors): the
/// solution of the Gram system `(B B^T) c = B v` gives the projection `B^T c`.
fn project_out(v: &[Rational], basis: &[Vec<Integer>]) -> Vec<Rational> {
    if basis.is_empty() {
        return v.to_vec();
    }
    let rational = |x: &Integer| Rational::from(x.clone());
    let dot = |a: &[Integer], b: &[Rational]| -> Rational {
        a.iter().zip(b).map(|(x, y)| rational(x) * y).sum()
    };
    let l = basis.len();
    let mut system: Vec<Vec<Rational>> = basis
        .iter()
        .map(|a| {
            let mut row: Vec<Rational> = basis
                .iter()
                .map(|b| dot(a, &b.iter().map(rational).collect::<Vec<_>>()))
                .collect();
            row.push(dot(a, v));
            row
        })
        .collect();
    // The Gram matrix of independent vectors is invertible: its reduced form is the identity
    // and the last column the solution.
    reduced_row_echelon(&mut system, l);
    let mut rest = v.to_vec();
    for (b, row) in basis.iter().zip(&system) {
        for (x, y) in rest.iter_mut().zip(b) {
            *x -= rational(y) * &row[l];
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::test_entry;

    /// Points at `+-h`, and within `h 2^-k` of it (k = 1 to 1000, past the float filter's
    /// reach), for cubes of half-width 7 (exact in f64), 3^40 (64 bits: rounded, so a point on
    /// a side is approximated a few units in the last place from `h`) and 2^1100 + 1 (beyond
    /// f64): the sides found are exactly those of the coordinates equal to `+-h`, whether or
    /// not some or all of them are given as known (in any order).
    #[test]
    fn sides_are_exact_near_the_cube() {
        let three_to_40 = (0..40).fold(Integer::from(1), |p, _| p * Integer::from(3));
        for h in [
            Integer::from(7),
            three_to_40,
            (Integer::from(1) << 1100u32) + Integer::from(1),
        ] {
            let truncation = Truncation::new(h.clone());
            let h = Rational::from(h);
            let mut near = vec![h.clone()];
            for k in [1u32, 10, 30, 52, 53, 54, 60, 100, 1000] {
                near.push(&h - &h / Rational::from(Integer::from(1) << k));
            }
            for x in &near {
                for y in &near {
                    for (sx, sy) in [(1, 1), (1, -1), (-1, 1), (-1, -1)] {
                        let coords = [x * Rational::from(sx), y * Rational::from(sy)];
                        let expected: Vec<usize> = coords
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| *c == &h || *c == &-&h)
                            .map(|(i, c)| 2 * i + usize::from(*c > 0u32))
                            .collect();
                        let point = HomPoint::from_rationals(&coords);
                        assert_eq!(truncation.sides(&point, Vec::new()), expected, "{coords:?}");
                        for known in &expected {
                            assert_eq!(truncation.sides(&point, vec![*known]), expected);
                        }
                        let all_known_reversed = expected.iter().rev().copied().collect();
                        assert_eq!(truncation.sides(&point, all_known_reversed), expected);
                    }
                }
            }
        }
    }

    /// Points of the cube [-7, 7]^3 whose coordinates are -7, 7 or values strictly between
    /// (over odd denominators 1 to 13, some within 1/13 of a side): sorted with the order read
    /// from their sides, they come in the exact lexicographic order (pairs with equal sides,
    /// opposite sides, one side, none).
    #[test]
    fn the_order_from_sides_is_the_exact_order() {
        let truncation = Truncation::new(Integer::from(7));
        let coordinate = |case: u64, i: usize| -> Rational {
            match test_entry(case, i, 0, 3) {
                -3 => Rational::from(-7),
                3 => Rational::from(7),
                _ => {
                    let denominator = test_entry(case, i, 1, 6).unsigned_abs() * 2 + 1;
                    let numerator = test_entry(case, i, 2, 7 * denominator as i64 - 1);
                    Rational::from_signeds(numerator, denominator as i64)
                }
            }
        };
        let points: Vec<HomPoint> = (0..120u64)
            .map(|case| {
                let coords: Vec<Rational> = (0..3).map(|i| coordinate(case, i)).collect();
                HomPoint::from_rationals(&coords)
            })
            .collect();
        let sides: Vec<Vec<usize>> = points
            .iter()
            .map(|p| truncation.sides(p, Vec::new()))
            .collect();
        let on_sides = sides.iter().filter(|s| !s.is_empty()).count();
        assert!(
            on_sides > 40 && on_sides < 120,
            "{on_sides} points on sides"
        );
        let mut distinct: Vec<HomPoint> = Vec::new();
        let mut distinct_sides = Vec::new();
        for (point, on) in points.into_iter().zip(sides) {
            if !distinct.contains(&point) {
                distinct.push(point);
                distinct_sides.push(on);
            }
        }
        let refs: Vec<&HomPoint> = distinct.iter().collect();
        let sorted: Vec<&HomPoint> = Truncation::lex_order(&refs, &distinct_sides)
            .into_iter()
            .map(|p| refs[p])
            .collect();
        let mut expected = refs.clone();
        expected.sort_by(|a, b| a.cmp_lex(b));
        assert_eq!(sorted, expected);
    }
}
