//! The pulling triangulation in lexicographic vertex order, and exact volumes.

use super::{IndexSet, Polytope};
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
    let vertex_count = polytope.vertices().len();
    let mut rank: Vec<usize> = (0..vertex_count).collect();
    let mut by_lex: Vec<usize> = (0..vertex_count).collect();
    by_lex.sort_by(|&a, &b| {
        polytope.vertices()[a]
            .point
            .cmp_lex(&polytope.vertices()[b].point)
    });
    for (position, &v) in by_lex.iter().enumerate() {
        rank[v] = position;
    }
    let faces = FaceFinder {
        facet_vertex_sets: polytope.facet_vertex_sets(),
        rank,
    };
    let mut all = IndexSet::new(vertex_count);
    for v in 0..vertex_count {
        all.insert(v);
    }
    let mut simplices = Vec::new();
    faces.pull(&all, polytope.dim(), &mut Vec::new(), &mut simplices);
    simplices
}

struct FaceFinder {
    facet_vertex_sets: Vec<IndexSet>,
    rank: Vec<usize>,
}

impl FaceFinder {
    fn pull(
        &self,
        face: &IndexSet,
        dim: usize,
        apexes: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        let first = face
            .iter()
            .min_by_key(|&v| self.rank[v])
            .expect("a face has a vertex");
        apexes.push(first);
        if dim == 0 {
            out.push(apexes.clone());
        } else {
            for facet in self.facets_of(face) {
                if !facet.contains(first) {
                    self.pull(&facet, dim - 1, apexes, out);
                }
            }
        }
        apexes.pop();
    }

    /// The facets of a face, as the inclusion-maximal proper non-empty intersections of the face
    /// with the polytope's facets.
    fn facets_of(&self, face: &IndexSet) -> Vec<IndexSet> {
        let mut candidates: Vec<IndexSet> = Vec::new();
        for facet in &self.facet_vertex_sets {
            let meet = face.intersection(facet);
            if meet.is_empty() || meet == *face || candidates.contains(&meet) {
                continue;
            }
            candidates.push(meet);
        }
        let maximal: Vec<bool> = candidates
            .iter()
            .map(|c| !candidates.iter().any(|o| o != c && c.is_subset(o)))
            .collect();
        candidates
            .into_iter()
            .zip(maximal)
            .filter_map(|(c, keep)| keep.then_some(c))
            .collect()
    }
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
