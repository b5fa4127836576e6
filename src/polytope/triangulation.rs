//! The pulling triangulation in lexicographic vertex order, and exact volumes.

use super::lattice::Incidences;
use super::{Face, FaceLattice, IndexSet, Kernel, Polytope, Vertex};
use crate::exact::{
    determinant, fixed_rows, EchelonBasis, FactoredFraction, HomPoint, Integer, MinorEntry,
    Natural, PairwiseSum, Rational, RowMinors,
};
use malachite::base::num::arithmetic::traits::{Abs, Factorial};
use std::cell::OnceCell;

/// The pulling triangulation of `polytope` in lexicographic vertex order, listed (see
/// [`Pulling`]; a d-cube has d! simplices, which [`Pulling::simplex_count`] and
/// [`Pulling::volume_on_lattice`] never list).
pub fn pulling_triangulation<S>(polytope: &Polytope<S>) -> Vec<Vec<usize>> {
    let lattice = FaceLattice::of(polytope);
    Pulling::new(polytope, &lattice).simplices()
}

/// The number of simplices up to which [`Pulling::volume`] walks the triangulation of a polytope
/// of dimension at most 4 and sums simplex determinants. There one small determinant on integers
/// per simplex (its first rows' minors shared with the simplices walked before it) is cheaper
/// than the lattice recursion's bases and rational steps (`benches/phases.rs` measures the
/// listed sum against the recursion; the walk costs less than the listed sum, BENCHMARKS.md);
/// from dimension 5 on the recursion is the faster. The walk's cost grows with the simplices,
/// the recursion's with the faces: past this many simplices (a 4-cube has 24) the recursion is
/// taken whatever the dimension.
pub const WALKED_VOLUME_LIMIT: usize = 100_000;

/// The largest matrix width for which simplex determinants are expanded along the walk
/// ([`RowMinors`], `2^width` minors per row); wider ones are computed one by one (Bareiss).
const EXPANDED_WIDTH_LIMIT: usize = 6;

/// The first simplex of the pulling triangulation of `polytope` in lexicographic vertex order
/// (the first of [`Pulling::simplices`]), found without the face lattice: from the polytope,
/// take the apex and go down to the first facet (in the lattice's order) not containing it,
/// d times. Costs d facet computations on vertex sets, where the lattice of a region of
/// [-1, 1]^16 would have up to 3^16 faces.
pub fn first_pulling_simplex<S, K: Kernel>(polytope: &Polytope<S, K>) -> Vec<usize> {
    let vertices = polytope.vertices();
    let first = |face: &IndexSet| {
        face.iter()
            .min_by(|&a, &b| K::cmp_points(&vertices[a].point, &vertices[b].point))
            .expect("a face has a vertex")
    };
    let incidences = Incidences::of(polytope);
    let mut face = IndexSet::new(vertices.len());
    for v in 0..vertices.len() {
        face.insert(v);
    }
    let mut simplex = vec![first(&face)];
    for dim in (1..=polytope.dim()).rev() {
        let apex = simplex[simplex.len() - 1];
        face = incidences
            .facets_of_face(&face, dim)
            .into_iter()
            .find(|child| !child.contains(apex))
            .expect("a face of positive dimension has a facet missing its apex");
        simplex.push(first(&face));
    }
    simplex
}

/// The pulling triangulation of a polytope in lexicographic vertex order, on its face lattice:
/// for a face P of dimension k > 0 whose lexicographically first vertex (its apex) is v, T(P) is
/// the set of cones from v over T(F) for every facet F of P not containing v (the pulled
/// facets); a vertex triangulates itself. ([`Pulling::in_vertex_order`] takes the vertices'
/// numbering for that order, the same triangulation when they are numbered lexicographically.)
///
/// Faces are found from vertex-facet incidences alone, so the triangulation is exact and well
/// defined for non-simple polytopes too; every simplex is full-dimensional and their interiors
/// are disjoint. Only the faces reached from the polytope through pulled facets take part.
pub struct Pulling<'a> {
    lattice: &'a FaceLattice,
    apex: Vec<usize>,
    reached: Vec<bool>,
    count: OnceCell<usize>,
}

impl<'a> Pulling<'a> {
    /// The pulling triangulation of `polytope`, whose face lattice is `lattice`: each face's apex
    /// and which faces are reached (nothing is listed yet).
    pub fn new<S, K: Kernel>(polytope: &Polytope<S, K>, lattice: &'a FaceLattice) -> Pulling<'a> {
        let vertices = polytope.vertices();
        let mut rank = vec![0; vertices.len()];
        let mut by_lex: Vec<usize> = (0..vertices.len()).collect();
        by_lex.sort_by(|&a, &b| K::cmp_points(&vertices[a].point, &vertices[b].point));
        for (position, &v) in by_lex.iter().enumerate() {
            rank[v] = position;
        }
        Pulling::with_apexes(lattice, |face| {
            face.vertices
                .iter()
                .min_by_key(|&v| rank[v])
                .expect("a face has a vertex")
        })
    }

    /// [`Pulling::new`] for a polytope whose vertices are numbered in lexicographic order (as a
    /// region's are): a face's apex is its lowest-numbered vertex, and no point is compared.
    /// The caller guarantees the order; another order gives a pulling triangulation in that
    /// order instead.
    pub fn in_vertex_order(lattice: &'a FaceLattice) -> Pulling<'a> {
        Pulling::with_apexes(lattice, |face| {
            face.vertices.iter().next().expect("a face has a vertex")
        })
    }

    /// The triangulation pulling each face from `apex(face)`: which faces are reached.
    fn with_apexes(lattice: &'a FaceLattice, apex: impl Fn(&Face) -> usize) -> Pulling<'a> {
        let mut pulling = Pulling {
            lattice,
            apex: lattice.faces().iter().map(apex).collect(),
            reached: vec![false; lattice.faces().len()],
            count: OnceCell::new(),
        };
        pulling.reached[0] = true;
        // Faces come by decreasing dimension, so a face's parents are all decided before it.
        for id in 0..lattice.faces().len() {
            if pulling.reached[id] {
                let pulled: Vec<usize> = pulling.pulled_facets(id).collect();
                for facet in pulled {
                    pulling.reached[facet] = true;
                }
            }
        }
        pulling
    }

    /// The face lattice the triangulation is on.
    pub fn lattice(&self) -> &'a FaceLattice {
        self.lattice
    }

    /// The facets of face `id` not containing its apex, the ones it is coned over.
    fn pulled_facets(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let faces = self.lattice.faces();
        let apex = self.apex[id];
        faces[id]
            .covers
            .iter()
            .copied()
            .filter(move |&facet| !faces[facet].vertices.contains(apex))
    }

    /// The reached faces from the vertices up: every pulled facet of a face before the face.
    fn reached_bottom_up(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.reached.len()).rev().filter(|&id| self.reached[id])
    }

    /// Every simplex as `d + 1` indices into the polytope's vertices, in the apex order of the
    /// recursion (first vertex pulled first). Each face is triangulated once and its list reused
    /// by every face above.
    pub fn simplices(&self) -> Vec<Vec<usize>> {
        let faces = self.lattice.faces();
        let mut triangulations: Vec<Vec<Vec<usize>>> = vec![Vec::new(); faces.len()];
        for id in self.reached_bottom_up() {
            let apex = self.apex[id];
            triangulations[id] = if faces[id].dim == 0 {
                vec![vec![apex]]
            } else {
                self.pulled_facets(id)
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

    /// The exact signed sum of the volumes of the cones from `apex` (the origin when `None`) over
    /// some facets of `polytope` (the one this triangulation was made for), each given as its
    /// index into `polytope.facets()` and whether its cone counts negatively. A cone is summed
    /// over the facet's pulling triangulation: a (d-1)-simplex q_1, ..., q_d of the facet gives
    /// `|det[q_1 - a, ..., q_d - a]| / d!`, the volume of the simplex it spans with the apex a.
    /// The sum is left unreduced, over `d!`, its vertices' denominators and the apex's (d times
    /// per simplex), for adding to other such sums; [`FactoredFraction::value`] is its value.
    pub fn signed_cone_volumes<S>(
        &self,
        polytope: &Polytope<S>,
        apex: Option<&HomPoint>,
        facets: &[(usize, bool)],
    ) -> FactoredFraction {
        if facets.is_empty() {
            return FactoredFraction::zero();
        }
        let roots: Vec<(usize, bool)> = facets.iter().map(|&(f, minus)| (f + 1, minus)).collect();
        let vertices = polytope.vertices();
        let Some(apex) = apex else {
            let rows = vertices
                .iter()
                .map(|v| &v.point.homogeneous()[1..])
                .collect();
            return self.walked_determinant_sum(polytope, &roots, rows, None);
        };
        // Row v is (q_v - a) D_v A_0 (A_0 the apex's denominator) for the vertices on the
        // facets, the only rows read.
        let mut on_facets = IndexSet::new(polytope.facets().len());
        for &(f, _) in facets {
            on_facets.insert(f);
        }
        let shifted: Vec<Vec<Integer>> = vertices
            .iter()
            .map(|v| match v.facets.intersection_len(&on_facets) {
                0 => Vec::new(),
                _ => v.point.scaled_difference(apex),
            })
            .collect();
        let rows = shifted.iter().map(Vec::as_slice).collect();
        let apex_denominator = apex.denominator().unsigned_abs_ref();
        self.walked_determinant_sum(polytope, &roots, rows, Some(apex_denominator))
    }

    /// `sum +-|det[rows of s]| / (d! prod_{v in s} D_v A)` over the simplices `s` of the
    /// pulling triangulations of the faces `roots` (lattice ids, each with whether its terms
    /// count negatively; all of one dimension k), `rows` one per vertex (those the roots'
    /// simplices read; the others may be empty), of `k + 1` entries, `A` the
    /// `apex_denominator` (1 when `None`). With the vertices' homogeneous coordinates and the
    /// polytope itself: its volume. With their coordinates and facets: the cones from the
    /// origin over them; with their scaled differences from an apex (`(q_v - a) D_v A`) and
    /// facets: the cones from the apex.
    ///
    /// The simplices are walked depth-first, never listed, and the minors of their first rows
    /// kept along the way ([`RowMinors`]). Each simplex's term is a [`FactoredFraction`]; the
    /// terms are added pairwise in the walk's order ([`PairwiseSum`]), where consecutive
    /// simplices share most of their vertices, so that a sum is only multiplied by the
    /// denominators its partner has and it lacks. The sum is left unreduced, over the union of
    /// its terms' factors.
    fn walked_determinant_sum<S>(
        &self,
        polytope: &Polytope<S>,
        roots: &[(usize, bool)],
        rows: Vec<&[Integer]>,
        apex_denominator: Option<&Natural>,
    ) -> FactoredFraction {
        let faces = self.lattice.faces();
        let root = roots.first().expect("a root to sum over").0;
        let width = faces[root].dim + 1;
        let scale = TermScale {
            factorial: Natural::factorial(polytope.dim() as u64),
            apex_denominator: apex_denominator.filter(|a| **a != 1u32).cloned(),
        };
        if width > EXPANDED_WIDTH_LIMIT {
            return self.walk_sum(polytope, roots, width, rows, false, &scale);
        }
        match fixed_rows(&rows, width, 0) {
            Some(fixed) => {
                let fixed_rows = fixed.iter().map(Vec::as_slice).collect();
                self.walk_sum(polytope, roots, width, fixed_rows, true, &scale)
            }
            None => self.walk_sum(polytope, roots, width, rows, true, &scale),
        }
    }

    /// The sum of [`Pulling::walked_determinant_sum`] over `rows` (one per vertex, of `width`
    /// entries where read), with the minors expanded along the walk if `expand` (else each
    /// determinant by Bareiss elimination), each term divided as `scale` says.
    fn walk_sum<S, T: MinorEntry>(
        &self,
        polytope: &Polytope<S>,
        roots: &[(usize, bool)],
        width: usize,
        rows: Vec<&[T]>,
        expand: bool,
        scale: &TermScale,
    ) -> FactoredFraction {
        let vertices = polytope.vertices();
        let faces = self.lattice.faces();
        let mut walk = SimplexWalk {
            pulling: self,
            rows,
            minors: expand.then(|| RowMinors::new(width)),
            path: Vec::new(),
        };
        let mut sum = PairwiseSum::default();
        for &(root, minus) in roots {
            assert_eq!(faces[root].dim + 1, width, "square simplex matrices");
            walk.visit(root, &mut |determinant: Integer, simplex: &[usize]| {
                // +-|det|: the sign of the determinant, flipped for a negative root.
                let term = if (determinant >= 0u32) != minus {
                    determinant
                } else {
                    -determinant
                };
                sum.add(scale.term(term, simplex, vertices));
            });
        }
        sum.total()
    }

    /// The first simplex of [`Pulling::simplices`], following the first pulled facet down from
    /// the polytope on the lattice (the same as [`first_pulling_simplex`], which needs no
    /// lattice).
    pub fn first_simplex(&self) -> Vec<usize> {
        let mut simplex = vec![self.apex[0]];
        let mut face = 0;
        while let Some(facet) = self.pulled_facets(face).next() {
            simplex.push(self.apex[facet]);
            face = facet;
        }
        simplex
    }

    /// The number of simplices, counted without listing them (a face's count is the sum of its
    /// pulled facets' counts, a vertex's is 1; `proofs/pulling-volume.md`), saturating at
    /// `usize::MAX`, far beyond any triangulation whose face lattice fits in memory.
    pub fn simplex_count(&self) -> usize {
        *self.count.get_or_init(|| self.count_simplices())
    }

    fn count_simplices(&self) -> usize {
        let faces = self.lattice.faces();
        let mut counts = vec![1usize; faces.len()];
        for id in self.reached_bottom_up().filter(|&id| faces[id].dim > 0) {
            counts[id] = self
                .pulled_facets(id)
                .fold(0usize, |sum, facet| sum.saturating_add(counts[facet]));
        }
        counts[0]
    }

    /// The exact volume of `polytope` (the one this triangulation was made for): in dimension
    /// at most 4 and with at most [`WALKED_VOLUME_LIMIT`] simplices, summed over the simplices
    /// walked one by one (the faster way there), otherwise on the face lattice without meeting
    /// any ([`Pulling::volume_on_lattice`]). Both are exact and agree.
    pub fn volume<S>(&self, polytope: &Polytope<S>) -> Rational {
        if polytope.dim() <= 4 && self.simplex_count() <= WALKED_VOLUME_LIMIT {
            let rows = polytope
                .vertices()
                .iter()
                .map(|v| v.point.homogeneous())
                .collect();
            self.walked_determinant_sum(polytope, &[(0, false)], rows, None)
                .value()
        } else {
            self.volume_on_lattice(polytope)
        }
    }

    /// The exact volume of `polytope` (the one this triangulation was made for), summed on the
    /// face lattice without listing a simplex: memory linear in the lattice, where the list of a
    /// d-cube's triangulation holds d! simplices.
    ///
    /// Method (`proofs/pulling-volume.md`): every reached face G of dimension k gets a basis B_G
    /// of its direction space (an [`EchelonBasis`] of its vertices minus its apex a_G) and so a
    /// k-vector e_G. A simplex s of T(G) spans `w(s) e_G`; coning s' in T(F) from a_G gives
    /// `(a_G - a_F) ^ w(s') e_F = c(G, F) w(s') e_G`, with `c(G, F)` a ratio of two k x k minors
    /// on the pivot columns of B_G. So `W(G) = sum_F |c(G, F)| W(F)` over the pulled facets, with
    /// `W(vertex) = 1`, and the volume is `W(P) |det B_P| / d!`.
    pub fn volume_on_lattice<S>(&self, polytope: &Polytope<S>) -> Rational {
        let points: Vec<&HomPoint> = polytope.vertices().iter().map(|v| &v.point).collect();
        let faces = self.lattice.faces();
        let bases: Vec<Option<EchelonBasis>> = faces
            .iter()
            .enumerate()
            .map(|(id, face)| {
                self.reached[id].then(|| {
                    let apex = points[self.apex[id]];
                    let differences = face
                        .vertices
                        .iter()
                        .map(|v| points[v].scaled_difference(apex));
                    EchelonBasis::of(differences, face.dim)
                })
            })
            .collect();
        let basis = |id: usize| bases[id].as_ref().expect("a reached face has a basis");
        let mut weights = vec![Rational::from(1u32); faces.len()];
        for id in self.reached_bottom_up().filter(|&id| faces[id].dim > 0) {
            let apex = points[self.apex[id]];
            let scale = Rational::from(basis(id).pivot_determinant());
            let mut weight = Rational::from(0u32);
            for facet in self.pulled_facets(id) {
                let foot = points[self.apex[facet]];
                let minor = basis(id).minor_with(&apex.scaled_difference(foot), basis(facet));
                let denominator = apex.denominator() * foot.denominator();
                let ratio = Rational::from_integers(minor, denominator) / &scale;
                weight += ratio.abs() * &weights[facet];
            }
            weights[id] = weight;
        }
        let factorial = Rational::from(malachite::Natural::factorial(polytope.dim() as u64));
        let top = Rational::from(basis(0).pivot_determinant()).abs();
        &weights[0] * top / factorial
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

/// The exact volume of `polytope`, by [`Pulling::volume`] on its face lattice.
pub fn volume<S>(polytope: &Polytope<S>) -> Rational {
    let lattice = FaceLattice::of(polytope);
    Pulling::new(polytope, &lattice).volume(polytope)
}

/// The exact volume of `polytope` given a triangulation of it (simplices as vertex indices, as
/// returned by [`Pulling::simplices`]), one Bareiss determinant per simplex.
///
/// Each simplex contributes `|det[(D_i, X_i)]| / (d! prod_{i in simplex} D_i)`; the terms are
/// added pairwise over their denominators' factors and reduced once, as in [`Pulling::volume`].
pub fn volume_of<S>(polytope: &Polytope<S>, simplices: &[Vec<usize>]) -> Rational {
    let vertices = polytope.vertices();
    let scale = TermScale {
        factorial: Natural::factorial(polytope.dim() as u64),
        apex_denominator: None,
    };
    let mut sum = PairwiseSum::default();
    for simplex in simplices {
        let rows: Vec<Vec<Integer>> = simplex
            .iter()
            .map(|&v| vertices[v].point.homogeneous().to_vec())
            .collect();
        let term = determinant(&rows).abs();
        sum.add(scale.term(term, simplex, vertices));
    }
    sum.total().value()
}

/// What a simplex's determinant is divided by: `d!` and, for each of its vertices, the
/// vertex's homogeneous denominator and the apex's denominator, if the rows are differences from
/// an apex.
struct TermScale {
    factorial: Natural,
    apex_denominator: Option<Natural>,
}

impl TermScale {
    /// `term / (d! prod_{v in simplex} D_v A)` over its factors (`D_v` the homogeneous
    /// denominator of `vertices[v]`, `A` the apex's denominator, 1 if there is none).
    fn term(&self, term: Integer, simplex: &[usize], vertices: &[Vertex]) -> FactoredFraction {
        let vertex_factors = simplex
            .iter()
            .map(|&v| vertices[v].point.denominator().unsigned_abs_ref().clone());
        let apex_factors = self
            .apex_denominator
            .iter()
            .flat_map(|a| std::iter::repeat_n(a, simplex.len()))
            .cloned();
        FactoredFraction::new(
            term,
            vertex_factors
                .chain(apex_factors)
                .chain([self.factorial.clone()]),
        )
    }
}

/// A depth-first walk over the simplices of pulling triangulations: the vertices of the current
/// path (apexes of the faces descended through) and their rows' minors.
struct SimplexWalk<'a, 'p, T> {
    pulling: &'a Pulling<'p>,
    rows: Vec<&'a [T]>,
    /// The minors of the path's rows, for widths up to [`EXPANDED_WIDTH_LIMIT`].
    minors: Option<RowMinors<T>>,
    path: Vec<usize>,
}

impl<T: MinorEntry> SimplexWalk<'_, '_, T> {
    /// Walks the simplices of the triangulation of face `id` below the current path, calling
    /// `leaf` with each whole simplex's determinant and its vertices.
    fn visit(&mut self, id: usize, leaf: &mut impl FnMut(Integer, &[usize])) {
        let pulling = self.pulling;
        let apex = pulling.apex[id];
        self.path.push(apex);
        if let Some(minors) = &mut self.minors {
            minors.push(self.rows[apex]);
        }
        if pulling.lattice.faces()[id].dim == 0 {
            match &self.minors {
                Some(minors) => leaf(minors.determinant().clone().into_integer(), &self.path),
                None => {
                    let rows: Vec<Vec<Integer>> = self
                        .path
                        .iter()
                        .map(|&v| self.rows[v].iter().cloned().map(T::into_integer).collect())
                        .collect();
                    leaf(determinant(&rows), &self.path);
                }
            }
        } else {
            for facet in pulling.pulled_facets(id) {
                self.visit(facet, leaf);
            }
        }
        if let Some(minors) = &mut self.minors {
            minors.pop();
        }
        self.path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{test_entry, AffineForm};
    use crate::polytope::CutResult;
    use malachite::base::num::arithmetic::traits::Sign;
    use std::cmp::Ordering;

    /// `[1, 3]^d` (the origin outside) cut by two rows through its centre, tilted.
    fn cut_cube(dim: usize) -> Polytope<usize> {
        let mut polytope: Polytope<usize> =
            Polytope::cube(dim, &Rational::from(1), &Rational::from(3), |k| k);
        for i in 0..2 {
            let mut row: Vec<Integer> = (0..=dim)
                .map(|j| Integer::from(test_entry(dim as u64, i, j, 5)))
                .collect();
            // Through the cube's centre (2, ..., 2), tilted by the random row's constant.
            let through_centre: Integer = row[1..].iter().map(|c| c * Integer::from(2)).sum();
            row[0] = -through_centre + Integer::from(test_entry(dim as u64, i, 99, 2));
            polytope = match polytope.cut(&AffineForm::new(row), 2 * dim + i) {
                CutResult::Split { positive, .. } => positive,
                CutResult::Whole(whole, _) => whole,
            };
        }
        polytope
    }

    /// The cones from an apex over all facets, signed `-` where the apex lies beyond the facet,
    /// add up to the volume (`proofs/volume-total.md`): walked determinants with the minors
    /// expanded (widths 2 to 6) and by Bareiss (width 7), against the volume summed on the
    /// lattice, on [`cut_cube`], d = 2 to 7; from the origin (outside), from a vertex (the
    /// facets through it give flat cones and are left out) and from a point with denominators
    /// 6 and 5 (its denominator taken out of every term).
    #[test]
    fn signed_cones_over_the_facets_add_up_to_the_volume() {
        for dim in 2..=7usize {
            let polytope = cut_cube(dim);
            let lattice = FaceLattice::of(&polytope);
            let pulling = Pulling::new(&polytope, &lattice);
            let vertex = polytope.vertices()[0].point.clone();
            let off_grid: Vec<Rational> = (0..dim)
                .map(|i| Rational::from_signeds(7 * i as i64 - 4, if i % 2 == 0 { 6 } else { 5 }))
                .collect();
            let off_grid = HomPoint::from_rationals(&off_grid);
            for apex in [None, Some(&vertex), Some(&off_grid)] {
                let cones: Vec<(usize, bool)> = polytope
                    .facets()
                    .iter()
                    .enumerate()
                    .filter_map(|(f, facet)| {
                        let side = match apex {
                            None => facet.inequality.coeffs()[0].sign(),
                            Some(apex) => facet.inequality.side(apex),
                        };
                        (side != Ordering::Equal).then_some((f, side == Ordering::Less))
                    })
                    .collect();
                if apex.is_none() {
                    assert!(cones.iter().any(|&(_, minus)| minus), "d = {dim}");
                }
                if apex == Some(&vertex) {
                    assert!(cones.len() + dim <= polytope.facets().len(), "d = {dim}");
                }
                assert_eq!(
                    pulling.signed_cone_volumes(&polytope, apex, &cones).value(),
                    pulling.volume_on_lattice(&polytope),
                    "d = {dim}, apex {apex:?}"
                );
            }
        }
    }

    /// On vertices in lexicographic order, pulling from each face's lowest-numbered vertex is
    /// the pulling triangulation (the same simplices, count and volume as [`Pulling::new`]);
    /// on the cut cubes' own vertex order, which is not lexicographic, it is another one.
    #[test]
    fn in_vertex_order_is_the_lexicographic_pulling_on_sorted_vertices() {
        for dim in 2..=5usize {
            let mut polytope = cut_cube(dim);
            let lattice = FaceLattice::of(&polytope);
            assert_ne!(
                Pulling::in_vertex_order(&lattice).simplices(),
                Pulling::new(&polytope, &lattice).simplices(),
                "d = {dim}: the cut's order is not lexicographic"
            );
            polytope.sort_vertices_lex();
            let lattice = FaceLattice::of(&polytope);
            let (ordered, sorted) = (
                Pulling::in_vertex_order(&lattice),
                Pulling::new(&polytope, &lattice),
            );
            assert_eq!(ordered.simplices(), sorted.simplices(), "d = {dim}");
            assert_eq!(ordered.simplex_count(), sorted.simplex_count());
            assert_eq!(ordered.volume(&polytope), sorted.volume(&polytope));
        }
    }
}
