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
/// The algorithm works on vertex sets: the facets of a face F are the inclusion-maximal proper
/// non-empty intersections of F with the polytope's facets (every face of a face is a face of the
/// polytope, hence an intersection of facets). It needs no genericity: non-simple polytopes are
/// handled exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceLattice {
    faces: Vec<Face>,
}

impl FaceLattice {
    /// The face lattice of `polytope`.
    pub fn of<S, K: Kernel>(polytope: &Polytope<S, K>) -> FaceLattice {
        let dim = polytope.dim();
        let facet_sets = polytope.facet_vertex_sets();
        let mut everything = IndexSet::new(polytope.vertices().len());
        for v in 0..polytope.vertices().len() {
            everything.insert(v);
        }
        let mut faces = vec![Face {
            dim,
            vertices: everything,
            covers: Vec::new(),
        }];
        let mut level = vec![0];
        for k in (0..dim).rev() {
            let mut index: FxHashMap<IndexSet, usize> = FxHashMap::default();
            let mut next = Vec::new();
            for &parent in &level {
                let children = if k + 1 == dim {
                    facet_sets.clone()
                } else {
                    facets_of_face(&faces[parent].vertices, k + 1, &facet_sets)
                };
                for child in children {
                    let id = *index.entry(child.clone()).or_insert_with(|| {
                        faces.push(Face {
                            dim: k,
                            vertices: child,
                            covers: Vec::new(),
                        });
                        next.push(faces.len() - 1);
                        faces.len() - 1
                    });
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

/// The facets of the face with vertex set `face`, of dimension `dim`: the inclusion-maximal
/// proper non-empty intersections of `face` with the polytope's facet vertex sets, in the order
/// first met. Intersections with fewer than `dim` vertices are never looked at: a facet of the
/// face has dimension `dim - 1`, hence at least `dim` vertices, and dropping smaller sets
/// changes no larger set's maximality.
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
