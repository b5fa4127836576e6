//! The pulling triangulation in lexicographic vertex order, and exact volumes.

use super::{FaceLattice, Kernel, Polytope};
use crate::exact::{determinant, EchelonBasis, HomPoint, Integer, Rational};
use malachite::base::num::arithmetic::traits::{Abs, DivExact, Factorial};

/// The pulling triangulation of `polytope` in lexicographic vertex order: for a face P of
/// dimension k > 0 whose lexicographically first vertex is v, T(P) is the set of cones from v
/// over T(F) for every facet F of P not containing v; a vertex triangulates itself.
///
/// Returns each simplex as `d + 1` indices into `polytope.vertices()`, the apex order of the
/// recursion (first vertex pulled first). Faces are found from vertex-facet incidences alone, so
/// the result is exact and well defined for non-simple polytopes too. Every simplex is
/// full-dimensional and their interiors are disjoint. A d-cube has d! simplices: when only
/// their number and the volume are wanted, use [`PullingSummary`], which lists none.
pub fn pulling_triangulation<S>(polytope: &Polytope<S>) -> Vec<Vec<usize>> {
    pulling_triangulation_in(polytope, &FaceLattice::of(polytope))
}

/// [`pulling_triangulation`] of `polytope` given its face lattice. Each face is triangulated once,
/// from the vertices up, and the triangulations of its facets are reused by every face above.
pub fn pulling_triangulation_in<S, K: Kernel>(
    polytope: &Polytope<S, K>,
    lattice: &FaceLattice,
) -> Vec<Vec<usize>> {
    let apices = Apices::of(polytope, lattice);
    let faces = lattice.faces();
    let mut triangulations: Vec<Vec<Vec<usize>>> = vec![Vec::new(); faces.len()];
    // Faces are listed by decreasing dimension, so walking backwards meets every facet of a face
    // before the face itself.
    for id in (0..faces.len()).rev() {
        let apex = apices.apex[id];
        triangulations[id] = if faces[id].dim == 0 {
            vec![vec![apex]]
        } else {
            apices
                .pulled_facets(lattice, id)
                .flat_map(|facet| triangulations[facet].iter())
                .map(|simplex| {
                    std::iter::once(apex)
                        .chain(simplex.iter().copied())
                        .collect()
                })
                .collect()
        };
    }
    std::mem::take(&mut triangulations[0])
}

/// The first simplex of the pulling triangulation (in the order [`pulling_triangulation`] lists
/// them), found by following the first pulled facet down from the polytope, without the others.
pub fn first_pulling_simplex<S, K: Kernel>(
    polytope: &Polytope<S, K>,
    lattice: &FaceLattice,
) -> Vec<usize> {
    let apices = Apices::of(polytope, lattice);
    let mut simplex = Vec::with_capacity(polytope.dim() + 1);
    let mut face = 0;
    loop {
        simplex.push(apices.apex[face]);
        match apices.pulled_facets(lattice, face).next() {
            Some(facet) => face = facet,
            None => return simplex,
        }
    }
}

/// Each face's apex (its lexicographically first vertex), and which faces the recursion reaches
/// from the polytope through pulled facets (the others take no part in the triangulation).
struct Apices {
    apex: Vec<usize>,
    reached: Vec<bool>,
}

impl Apices {
    fn of<S, K: Kernel>(polytope: &Polytope<S, K>, lattice: &FaceLattice) -> Apices {
        let vertices = polytope.vertices();
        let mut rank = vec![0; vertices.len()];
        let mut by_lex: Vec<usize> = (0..vertices.len()).collect();
        by_lex.sort_by(|&a, &b| K::cmp_points(&vertices[a].point, &vertices[b].point));
        for (position, &v) in by_lex.iter().enumerate() {
            rank[v] = position;
        }
        let apex = lattice
            .faces()
            .iter()
            .map(|face| {
                face.vertices
                    .iter()
                    .min_by_key(|&v| rank[v])
                    .expect("a face has a vertex")
            })
            .collect();
        let mut apices = Apices {
            apex,
            reached: vec![false; lattice.faces().len()],
        };
        apices.reached[0] = true;
        // Faces come by decreasing dimension, so a face's parents are all decided before it.
        for id in 0..lattice.faces().len() {
            if apices.reached[id] {
                let pulled: Vec<usize> = apices.pulled_facets(lattice, id).collect();
                for facet in pulled {
                    apices.reached[facet] = true;
                }
            }
        }
        apices
    }

    /// The facets of face `id` not containing its apex, the ones it is coned over.
    fn pulled_facets<'a>(
        &'a self,
        lattice: &'a FaceLattice,
        id: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let faces = lattice.faces();
        let apex = self.apex[id];
        faces[id]
            .covers
            .iter()
            .copied()
            .filter(move |&facet| !faces[facet].vertices.contains(apex))
    }
}

/// The number of simplices of the pulling triangulation and the exact volume, computed on the
/// face lattice without listing a single simplex (memory and time linear in the lattice's size
/// and cover relations, where the list would hold d! simplices for a d-cube).
///
/// Method (`proofs/pulling-volume.md`): every face G of dimension k gets a basis B_G of its
/// direction space (an [`EchelonBasis`] of its vertices minus its apex a_G) and so a k-vector
/// e_G. A simplex s of T(G) spans the k-vector `w(s) e_G`; coning s' in T(F) from a_G gives
/// `(a_G - a_F) ^ w(s') e_F = c(G, F) w(s') e_G` with `c(G, F)` the ratio of two k x k minors
/// on the pivot columns of B_G. So `W(G) = sum_F |c(G, F)| W(F)` over the pulled facets, with
/// `W(vertex) = 1`, and the volume is `W(P) |det B_P| / d!`. Counts add the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullingSummary {
    /// The number of simplices, saturating at `usize::MAX` (far beyond any triangulation whose
    /// face lattice fits in memory).
    pub simplices: usize,
    /// The exact volume.
    pub volume: Rational,
}

impl PullingSummary {
    /// The summary of `polytope`'s pulling triangulation in lexicographic vertex order, given its
    /// face lattice.
    pub fn of<S>(polytope: &Polytope<S>, lattice: &FaceLattice) -> PullingSummary {
        let apices = Apices::of(polytope, lattice);
        let points: Vec<&HomPoint> = polytope.vertices().iter().map(|v| &v.point).collect();
        let faces = lattice.faces();
        let mut weights = vec![Rational::from(0u32); faces.len()];
        let bases: Vec<Option<EchelonBasis>> = faces
            .iter()
            .enumerate()
            .map(|(id, face)| {
                apices.reached[id].then(|| {
                    let apex = points[apices.apex[id]];
                    let differences = face.vertices.iter().map(|v| difference(points[v], apex));
                    EchelonBasis::of(differences, face.dim)
                })
            })
            .collect();
        let basis = |id: usize| bases[id].as_ref().expect("a reached face has a basis");
        for id in (0..faces.len()).rev().filter(|&id| apices.reached[id]) {
            if faces[id].dim == 0 {
                weights[id] = Rational::from(1u32);
                continue;
            }
            let apex = points[apices.apex[id]];
            let scale = Rational::from(basis(id).pivot_determinant());
            let mut weight = Rational::from(0u32);
            for facet in apices.pulled_facets(lattice, id) {
                let foot = points[apices.apex[facet]];
                let minor = basis(id).minor_with(&difference(apex, foot), basis(facet));
                let denominator = apex.denominator() * foot.denominator();
                let ratio = Rational::from_integers(minor.abs(), denominator) / &scale;
                weight += ratio.abs() * &weights[facet];
            }
            weights[id] = weight;
        }
        let factorial = Rational::from(malachite::Natural::factorial(polytope.dim() as u64));
        let top = Rational::from(basis(0).pivot_determinant()).abs();
        PullingSummary {
            simplices: pulling_simplex_count(polytope, lattice),
            volume: &weights[0] * top / factorial,
        }
    }
}

/// The number of simplices of the pulling triangulation in lexicographic vertex order, counted
/// on the face lattice (a face's count is the sum of its pulled facets' counts, a vertex's is 1)
/// and saturating at `usize::MAX`.
pub fn pulling_simplex_count<S, K: Kernel>(
    polytope: &Polytope<S, K>,
    lattice: &FaceLattice,
) -> usize {
    let apices = Apices::of(polytope, lattice);
    let faces = lattice.faces();
    let mut counts = vec![1usize; faces.len()];
    for id in (0..faces.len())
        .rev()
        .filter(|&id| apices.reached[id] && faces[id].dim > 0)
    {
        counts[id] = apices
            .pulled_facets(lattice, id)
            .fold(0usize, |sum, facet| sum.saturating_add(counts[facet]));
    }
    counts[0]
}

/// `a - b` for two points, scaled by the product of their denominators to integers.
fn difference(a: &HomPoint, b: &HomPoint) -> Vec<Integer> {
    let (x, y) = (a.homogeneous(), b.homogeneous());
    (1..x.len())
        .map(|i| &x[i] * &y[0] - &y[i] * &x[0])
        .collect()
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

/// The exact volume of `polytope`, from its pulling triangulation counted on the face lattice
/// ([`PullingSummary`]).
pub fn volume<S>(polytope: &Polytope<S>) -> Rational {
    PullingSummary::of(polytope, &FaceLattice::of(polytope)).volume
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
