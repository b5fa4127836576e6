//! The face lattice of a polytope, from its vertex-facet incidences alone.

use super::{IndexSet, Kernel, Polytope};
use rustc_hash::FxHashMap;

/// A non-empty face of a polytope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    /// Its dimension, from 0 (a vertex) to d (the polytope itself).
    pub dim: usize,
    /// Indices of its vertices (into the polytope's vertex list).
    pub vertices: IndexSet,
    /// Indices (into [`FaceLattice::faces`]) of its facets, the faces of dimension `dim - 1` it
    /// covers; empty for a vertex.
    pub covers: Vec<usize>,
}

/// Every non-empty face of a polytope with the cover relations between them. The empty face,
/// the lattice's bottom, is left implicit.
///
/// Faces are listed by decreasing dimension: the polytope itself first, then its facets in the
/// polytope's facet order, then each lower level in the order it is reached from the level above.
/// The algorithm works on vertex-facet incidences: the facets of a face F are the
/// inclusion-maximal proper non-empty intersections of F with the polytope's facets (every face
/// of a face is a face of the polytope, hence an intersection of facets), faces told apart by
/// their vertex sets, or on a simple polytope by the facets containing them
/// (`proofs/simple-lattice.md`). It needs no genericity: non-simple polytopes are handled
/// exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceLattice {
    faces: Vec<Face>,
}

impl FaceLattice {
    /// The face lattice of `polytope`.
    pub fn of<S, K: Kernel>(polytope: &Polytope<S, K>) -> FaceLattice {
        FaceLattice::outside(polytope, &IndexSet::new(0))
    }

    /// The faces of `polytope` lying in none of its facets `excluded` (indices into
    /// `polytope.facets()`), and every facet: [`FaceLattice::of`] less the faces of the
    /// facets `excluded`, the others in the same order, with their covers among the faces kept.
    /// A face kept has only cofaces kept (a face lying in a facet has every face of it lying
    /// there too), so each is reached from the same faces as in the whole lattice; the facets
    /// are the lattice's faces `1..=facets` in the polytope's order, as there. For a region of
    /// R^d held truncated by a cube, excluding the cube's sides leaves out faces it never uses.
    pub fn outside<S, K: Kernel>(polytope: &Polytope<S, K>, excluded: &IndexSet) -> FaceLattice {
        let incidences = Incidences::of(polytope);
        let mut everything = IndexSet::new(polytope.vertices().len());
        for v in 0..polytope.vertices().len() {
            everything.insert(v);
        }
        let top = Face {
            dim: polytope.dim(),
            vertices: everything,
            covers: Vec::new(),
        };
        match &incidences.vertex_facets {
            Some(vertex_facets) if incidences.facet_sets.len() <= FacetMask::BITS as usize => {
                simple_lattice(
                    top,
                    &incidences.facet_sets,
                    vertex_facets,
                    facet_mask(excluded),
                )
            }
            _ => FaceLattice::from_top(top, &incidences, excluded),
        }
    }

    /// The lattice below `top` (the polytope as a face) by the search on vertex sets, for any
    /// polytope: each face's facets from [`Incidences::facets_of_face`], told apart by their
    /// vertex sets. Faces lying in a facet `excluded` are left out below the facets' level.
    fn from_top(top: Face, incidences: &Incidences, excluded: &IndexSet) -> FaceLattice {
        let in_excluded = |child: &IndexSet| {
            excluded
                .iter()
                .any(|b| child.is_subset(&incidences.facet_sets[b]))
        };
        let dim = top.dim;
        let mut faces = vec![top];
        let mut level = vec![0];
        for k in (0..dim).rev() {
            let mut index: FxHashMap<IndexSet, usize> = FxHashMap::default();
            let mut next = Vec::new();
            for &parent in &level {
                let children = if k + 1 == dim {
                    incidences.facet_sets.clone()
                } else {
                    incidences.facets_of_face(&faces[parent].vertices, k + 1)
                };
                faces[parent].covers.reserve_exact(children.len());
                for child in children {
                    if k + 1 < dim && in_excluded(&child) {
                        continue;
                    }
                    let id = match index.get(&child) {
                        Some(&id) => id,
                        None => {
                            let id = faces.len();
                            index.insert(child.clone(), id);
                            faces.push(Face {
                                dim: k,
                                vertices: child,
                                covers: Vec::new(),
                            });
                            next.push(id);
                            id
                        }
                    };
                    faces[parent].covers.push(id);
                }
            }
            level = next;
        }
        FaceLattice { faces }
    }

    /// The faces, as described on the type.
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The f-vector `(f_0, ..., f_{d-1})`: the number of faces of each dimension below d.
    pub fn f_vector(&self) -> Vec<usize> {
        let dim = self.faces[0].dim;
        let mut counts = vec![0; dim];
        for face in &self.faces[1..] {
            counts[face.dim] += 1;
        }
        counts
    }
}

/// A polytope's vertex-facet incidences as the search for the facets of its faces reads them:
/// each facet's vertex set and, when the polytope is simple ([`Polytope::is_simple`]), each
/// vertex's facet set.
pub(crate) struct Incidences<'p> {
    /// Each facet's vertex set, in the polytope's facet order.
    pub(crate) facet_sets: Vec<IndexSet>,
    /// Each vertex's facet set, for a simple polytope only.
    vertex_facets: Option<Vec<&'p IndexSet>>,
}

impl<'p> Incidences<'p> {
    /// The incidences of `polytope`.
    pub(crate) fn of<S, K: Kernel>(polytope: &'p Polytope<S, K>) -> Incidences<'p> {
        Incidences {
            facet_sets: polytope.facet_vertex_sets(),
            vertex_facets: polytope
                .is_simple()
                .then(|| polytope.vertices().iter().map(|v| &v.facets).collect()),
        }
    }

    /// The facets of the face with vertex set `face`, of dimension `dim`, as vertex sets in the
    /// order of the polytope's facets they lie in: [`simple_facets_of_face`] for a simple
    /// polytope, [`facets_of_face`] otherwise (the same list, `proofs/simple-lattice.md`).
    pub(crate) fn facets_of_face(&self, face: &IndexSet, dim: usize) -> Vec<IndexSet> {
        match &self.vertex_facets {
            Some(vertex_facets) => simple_facets_of_face(face, &self.facet_sets, vertex_facets),
            None => facets_of_face(face, dim, &self.facet_sets),
        }
    }
}

/// The facets of the face with vertex set `face` of a simple polytope whose facets' vertex
/// sets are `facet_sets` and vertices' facet sets `vertex_facets`: every proper non-empty
/// intersection of the face with a facet, in facet order (`proofs/simple-lattice.md`). A face
/// with fewer vertices than the polytope has facets finds the facets meeting it as those of its
/// vertices, and the facets containing it as those common to all its vertices, so only the
/// facets in the first set and not the second are intersected with it; a larger face tests
/// every facet.
fn simple_facets_of_face(
    face: &IndexSet,
    facet_sets: &[IndexSet],
    vertex_facets: &[&IndexSet],
) -> Vec<IndexSet> {
    let size = face.len();
    if size >= facet_sets.len() {
        return facet_sets
            .iter()
            .filter(|facet| {
                let common = face.intersection_len(facet);
                common != 0 && common != size
            })
            .map(|facet| face.intersection(facet))
            .collect();
    }
    let mut facets = Vec::new();
    for w in 0..facet_sets.len().div_ceil(64) {
        let (mut meeting, mut containing) = (0u64, !0u64);
        for v in face.iter() {
            let word = vertex_facets[v].word(w);
            meeting |= word;
            containing &= word;
        }
        let mut rest = meeting & !containing;
        facets.reserve_exact(rest.count_ones() as usize);
        while rest != 0 {
            let f = w * 64 + rest.trailing_zeros() as usize;
            facets.push(face.intersection(&facet_sets[f]));
            rest &= rest - 1;
        }
    }
    facets
}

/// A set of facets as the bits of one word: the key of a face of a simple polytope.
type FacetMask = u128;

/// The facets of `set` (all below [`FacetMask::BITS`]) as a [`FacetMask`].
fn facet_mask(set: &IndexSet) -> FacetMask {
    FacetMask::from(set.word(0)) | FacetMask::from(set.word(1)) << 64
}

/// The lattice below `top` (the polytope as a face) of a simple polytope with at most
/// [`FacetMask::BITS`] facets, whose facets' vertex sets are `facet_sets` and vertices' facet
/// sets `vertex_facets`: the same faces, covers and order as [`FaceLattice::from_top`]. Each
/// face is kept with the set of facets containing it, which on a simple polytope identifies it
/// (`proofs/simple-lattice.md`): a face's facets are its intersections with the facets its
/// vertices lie on and it does not, in facet order, and a facet of a face reached again from
/// another of its cofaces is found by its key without intersecting vertex sets again. A
/// vertex's key is the set of facets it lies on, so the vertices are found by their index
/// instead: an edge's facet `G` is its end on `G`. Below the facets, faces lying in a facet of
/// `excluded` (their keys meet it) are left out: a kept face's facets in an excluded facet `G`
/// are its intersections with `G`.
fn simple_lattice(
    top: Face,
    facet_sets: &[IndexSet],
    vertex_facets: &[&IndexSet],
    excluded: FacetMask,
) -> FaceLattice {
    let masks_of_vertices: Vec<FacetMask> = vertex_facets
        .iter()
        .map(|facets| facet_mask(facets))
        .collect();
    let dim = top.dim;
    // Each of the n vertices of a simple d-polytope lies in C(d, k) faces of dimension k, each
    // with at least k + 1 vertices: at most n (2^(d + 1) - 1) / (d + 1) non-empty faces (the
    // power capped at 2^20), room made once (up to MAX_FACES_RESERVED) instead of growing the
    // lists face by face.
    let bound = masks_of_vertices
        .len()
        .saturating_mul((1usize << (dim + 1).min(20)) - 1)
        / (dim + 1)
        + 1;
    let mut faces = Vec::with_capacity(bound.min(MAX_FACES_RESERVED));
    faces.push(top);
    let mut masks: Vec<FacetMask> = Vec::with_capacity(faces.capacity());
    masks.push(0);
    let mut level = vec![0];
    let mut index: FxHashMap<FacetMask, usize> = FxHashMap::default();
    let mut vertex_faces = vec![NO_FACE; masks_of_vertices.len()];
    for k in (0..dim).rev() {
        index.clear();
        let mut next = Vec::new();
        for &parent in &level {
            if masks[parent] & excluded != 0 {
                continue;
            }
            let meeting = faces[parent]
                .vertices
                .iter()
                .fold(0, |mask, v| mask | masks_of_vertices[v]);
            let mut rest = meeting & !masks[parent];
            if k + 1 < dim {
                rest &= !excluded;
            }
            faces[parent]
                .covers
                .reserve_exact(rest.count_ones() as usize);
            while rest != 0 {
                let f = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let bit = (1 as FacetMask) << f;
                let key = masks[parent] | bit;
                let id = if k == 0 {
                    let end = faces[parent]
                        .vertices
                        .iter()
                        .find(|&v| masks_of_vertices[v] & bit != 0)
                        .expect("a facet meeting an edge holds one of its ends");
                    &mut vertex_faces[end]
                } else {
                    index.entry(key).or_insert(NO_FACE)
                };
                if *id == NO_FACE {
                    *id = faces.len();
                    let vertices = faces[parent].vertices.intersection(&facet_sets[f]);
                    faces.push(Face {
                        dim: k,
                        vertices,
                        covers: Vec::new(),
                    });
                    masks.push(key);
                    next.push(*id);
                }
                faces[parent].covers.push(*id);
            }
        }
        level = next;
    }
    FaceLattice { faces }
}

/// A face id not given yet.
const NO_FACE: usize = usize::MAX;

/// The most faces a simple lattice makes room for before it is built.
const MAX_FACES_RESERVED: usize = 1 << 12;

/// The facets of the face with vertex set `face`, of dimension `dim`, of any polytope whose
/// facets' vertex sets are `facet_sets`: the inclusion-maximal proper non-empty intersections
/// of `face` with them, in the order first met. Intersections with fewer than `dim` vertices
/// are never looked at: a facet of the face has dimension `dim - 1`, hence at least `dim`
/// vertices, and dropping smaller sets changes no larger set's maximality.
pub(crate) fn facets_of_face(
    face: &IndexSet,
    dim: usize,
    facet_sets: &[IndexSet],
) -> Vec<IndexSet> {
    let size = face.len();
    let mut candidates: Vec<IndexSet> = Vec::new();
    for facet in facet_sets {
        let common = face.intersection_len(facet);
        if common == 0 || common < dim || common == size {
            continue;
        }
        let meet = face.intersection(facet);
        if !candidates.contains(&meet) {
            candidates.push(meet);
        }
    }
    let mut by_size: Vec<usize> = (0..candidates.len()).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(candidates[c].len()));
    let mut maximal = vec![false; candidates.len()];
    let mut kept: Vec<usize> = Vec::new();
    for c in by_size {
        let set = &candidates[c];
        if !kept
            .iter()
            .any(|&m| candidates[m].len() > set.len() && set.is_subset(&candidates[m]))
        {
            maximal[c] = true;
            kept.push(c);
        }
    }
    candidates
        .into_iter()
        .zip(maximal)
        .filter_map(|(c, keep)| keep.then_some(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{test_entry, AffineForm, HomPoint, Integer, Rational};
    use crate::polytope::CutResult;

    /// `[-1, 1]^dim` cut by each row `c_0 + c . x >= 0` that crosses what is left of it.
    fn cut_cube(dim: usize, rows: &[Vec<i64>]) -> Polytope<usize> {
        let mut polytope = Polytope::cube(dim, &Rational::from(-1), &Rational::from(1), |k| k);
        for (i, row) in rows.iter().enumerate() {
            let form = AffineForm::new(row[..=dim].iter().map(|&c| Integer::from(c)).collect());
            polytope = match polytope.cut(&form, 2 * dim + i) {
                CutResult::Split { positive, .. } => positive,
                CutResult::Whole(whole, _) => whole,
            };
        }
        polytope
    }

    /// The cube of dimension 2 to 5 cut by up to 5 rows of small integers (`test_entry`; many
    /// through vertices, so both simple and non-simple polytopes occur) of fixed case `case`.
    fn cut_cube_of_case(case: u64) -> Polytope<usize> {
        let dim = (case % 4) as usize + 2;
        let rows: Vec<Vec<i64>> = (0..(case / 4 % 6) as usize)
            .map(|i| (0..=dim).map(|j| test_entry(case, i, j, 6)).collect())
            .collect();
        cut_cube(dim, &rows)
    }

    #[test]
    fn a_cube_is_simple_and_a_cut_through_its_corners_is_not() {
        assert!(cut_cube(3, &[]).is_simple());
        // x + y + z <= 1 passes through the three corners with two coordinates 1, one -1.
        assert!(!cut_cube(3, &[vec![1, -1, -1, -1]]).is_simple());
    }

    /// On a simple polytope the shortcuts give what the general search gives: the same facets
    /// of every face in the same order, and the same lattice (faces, covers, order) from the
    /// faces keyed by their facet sets as from the search on vertex sets alone. Cubes of
    /// dimension 2 to 5 cut by up to 5 rows of small integers (`test_entry`; many through
    /// vertices, so both simple and non-simple polytopes occur; only the simple ones take the
    /// shortcuts).
    #[test]
    fn the_shortcut_for_simple_polytopes_finds_the_general_facets() {
        let mut simple_cases = 0;
        for case in 0..240u64 {
            let polytope = cut_cube_of_case(case);
            if !polytope.is_simple() {
                continue;
            }
            simple_cases += 1;
            assert_shortcuts_agree_with_the_general_search(&polytope, &format!("case {case}"));
        }
        assert!(simple_cases > 40, "{simple_cases} simple polytopes");
    }

    /// The lattice of the simple `polytope` equals the one built by the general search on vertex
    /// sets alone (faces, covers, order), and the shortcut lists every face's facets as the
    /// general search does.
    fn assert_shortcuts_agree_with_the_general_search(polytope: &Polytope<usize>, label: &str) {
        let sets = polytope.facet_vertex_sets();
        let vertex_facets: Vec<&IndexSet> = polytope.vertices().iter().map(|v| &v.facets).collect();
        let lattice = FaceLattice::of(polytope);
        let general = Incidences {
            facet_sets: sets.clone(),
            vertex_facets: None,
        };
        let top = Face {
            covers: Vec::new(),
            ..lattice.faces()[0].clone()
        };
        let none = IndexSet::new(sets.len());
        assert_eq!(
            lattice,
            FaceLattice::from_top(top.clone(), &general, &none),
            "{label}"
        );
        let mut odd = none.clone();
        (1..sets.len()).step_by(2).for_each(|f| odd.insert(f));
        assert_eq!(
            FaceLattice::outside(polytope, &odd),
            FaceLattice::from_top(top, &general, &odd),
            "{label}, odd facets excluded"
        );
        for face in lattice.faces().iter().filter(|f| f.dim > 0) {
            assert_eq!(
                simple_facets_of_face(&face.vertices, &sets, &vertex_facets),
                facets_of_face(&face.vertices, face.dim, &sets),
                "{label}"
            );
        }
    }

    /// [`FaceLattice::outside`] is [`FaceLattice::of`] less the faces below the facets that lie
    /// in an excluded facet, the others in the same order with their covers among them: on
    /// cubes of dimension 2 to 5 cut by up to 5 rows (simple polytopes and not), excluding
    /// the facets of a pattern drawn per case (about two in five).
    #[test]
    fn excluding_facets_leaves_out_exactly_their_faces() {
        for case in 0..240u64 {
            let polytope = cut_cube_of_case(case);
            let sets = polytope.facet_vertex_sets();
            let mut excluded = IndexSet::new(sets.len());
            for f in 0..sets.len() {
                if test_entry(case, 7, f, 2) > 0 {
                    excluded.insert(f);
                }
            }
            let whole = FaceLattice::of(&polytope);
            let kept: Vec<bool> = whole
                .faces()
                .iter()
                .map(|face| {
                    face.dim + 1 >= polytope.dim()
                        || !excluded.iter().any(|f| face.vertices.is_subset(&sets[f]))
                })
                .collect();
            let mut renumber = vec![usize::MAX; kept.len()];
            let mut expected = Vec::new();
            for (id, face) in whole.faces().iter().enumerate().filter(|&(id, _)| kept[id]) {
                renumber[id] = expected.len();
                expected.push(face.clone());
            }
            for face in &mut expected {
                face.covers = face
                    .covers
                    .iter()
                    .filter(|&&c| kept[c])
                    .map(|&c| renumber[c])
                    .collect();
            }
            let outside = FaceLattice::outside(&polytope, &excluded);
            assert_eq!(outside.faces(), &expected[..], "case {case}");
        }
    }

    /// Polygons with 60 to 140 edges (the points `(i, i^2)`, all vertices of their hull): the
    /// facets of faces across two words of facets, faces keyed by both halves of the 128-bit
    /// facet set, and the general search beyond 128 facets give the general search's lattice.
    #[test]
    fn lattices_of_polygons_with_many_edges_agree_with_the_general_search() {
        for n in [60, 64, 65, 100, 127, 128, 129, 140] {
            let points: Vec<HomPoint> = (0..n)
                .map(|i| HomPoint::from_rationals(&[Rational::from(i), Rational::from(i * i)]))
                .collect();
            let polygon = Polytope::convex_hull(2, &points).expect("a polygon");
            assert_eq!(polygon.facets().len(), n as usize);
            assert_shortcuts_agree_with_the_general_search(&polygon, &format!("{n} edges"));
            let lattice = FaceLattice::of(&polygon);
            assert_eq!(lattice.f_vector(), vec![n as usize, n as usize]);
        }
    }
}
