//! The pulling triangulation in lexicographic vertex order, and exact volumes.

use super::{FaceLattice, Kernel, Polytope};
use crate::exact::{determinant, HomPoint, Integer, Rational};
use malachite::base::num::arithmetic::traits::{Abs, DivExact, Factorial};

/// The pulling triangulation of `polytope` in lexicographic vertex order: for a face P of
/// dimension k > 0 whose lexicographically first vertex is v, T(P) is the set of cones from v
/// over T(F) for every facet F of P not containing v; a vertex triangulates itself.
///
/// Returns each simplex as `d + 1` indices into `polytope.vertices()`, the apex order of the
/// recursion (first vertex pulled first). Faces are found from vertex-facet incidences alone, so
/// the result is exact and well defined for non-simple polytopes too. Every simplex is
/// full-dimensional and their interiors are disjoint.
pub fn pulling_triangulation<S>(polytope: &Polytope<S>) -> Vec<Vec<usize>> {
    pulling_triangulation_in(polytope, &FaceLattice::of(polytope))
}

/// [`pulling_triangulation`] of `polytope` given its face lattice. Each face is triangulated once,
/// from the vertices up, and the triangulations of its facets are reused by every face above.
pub fn pulling_triangulation_in<S, K: Kernel>(
    polytope: &Polytope<S, K>,
    lattice: &FaceLattice,
) -> Vec<Vec<usize>> {
    let vertices = polytope.vertices();
    let mut rank = vec![0; vertices.len()];
    let mut by_lex: Vec<usize> = (0..vertices.len()).collect();
    by_lex.sort_by(|&a, &b| K::cmp_points(&vertices[a].point, &vertices[b].point));
    for (position, &v) in by_lex.iter().enumerate() {
        rank[v] = position;
    }
    let faces = lattice.faces();
    let mut triangulations: Vec<Vec<Vec<usize>>> = vec![Vec::new(); faces.len()];
    // Faces are listed by decreasing dimension, so walking backwards meets every facet of a face
    // before the face itself.
    for id in (0..faces.len()).rev() {
        let face = &faces[id];
        let first = face
            .vertices
            .iter()
            .min_by_key(|&v| rank[v])
            .expect("a face has a vertex");
        triangulations[id] = if face.dim == 0 {
            vec![vec![first]]
        } else {
            face.covers
                .iter()
                .filter(|&&facet| !faces[facet].vertices.contains(first))
                .flat_map(|&facet| triangulations[facet].iter())
                .map(|simplex| {
                    std::iter::once(first)
                        .chain(simplex.iter().copied())
                        .collect()
                })
                .collect()
        };
    }
    std::mem::take(&mut triangulations[0])
}

/// The exact volume of the simplex with the given `d + 1` vertices in R^d:
/// `|det[(D_i, X_i)]| / (d! * prod D_i)`.
pub fn simplex_volume(points: &[&HomPoint]) -> Rational {
    let dim = points.len() - 1;
    let factorial = Integer::from(malachite::Natural::factorial(dim as u64));
    scaled_simplex_volume(points, &factorial)
}

fn scaled_simplex_volume(points: &[&HomPoint], factorial: &Integer) -> Rational {
    let rows: Vec<Vec<Integer>> = points.iter().map(|p| p.homogeneous().to_vec()).collect();
    let denominators: Integer = points.iter().map(|p| p.denominator().clone()).product();
    Rational::from_integers(determinant(&rows).abs(), denominators * factorial)
}

/// The exact volume of `polytope`, summed over its pulling triangulation.
pub fn volume<S>(polytope: &Polytope<S>) -> Rational {
    volume_of(polytope, &pulling_triangulation(polytope))
}

/// The exact volume of `polytope` given a triangulation of it (simplices as vertex indices, as
/// returned by [`pulling_triangulation`]).
///
/// Each simplex contributes `|det[(D_i, X_i)]| / (d! prod_{i in simplex} D_i)`. The terms are
/// brought to the common denominator `d! prod_v D_v` over all vertices by one exact division each
/// and summed as integers, so only the final sum is reduced.
pub fn volume_of<S>(polytope: &Polytope<S>, simplices: &[Vec<usize>]) -> Rational {
    let vertices = polytope.vertices();
    let all: Integer = vertices
        .iter()
        .map(|v| v.point.denominator().clone())
        .product();
    let mut numerator = Integer::from(0u32);
    for simplex in simplices {
        let rows: Vec<Vec<Integer>> = simplex
            .iter()
            .map(|&v| vertices[v].point.homogeneous().to_vec())
            .collect();
        let own: Integer = simplex
            .iter()
            .map(|&v| vertices[v].point.denominator().clone())
            .product();
        numerator += determinant(&rows).abs() * (&all).div_exact(&own);
    }
    let factorial = Integer::from(malachite::Natural::factorial(polytope.dim() as u64));
    Rational::from_integers(numerator, all * factorial)
}
