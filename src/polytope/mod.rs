//! One convex polytope: its vertices, facets and vertex-facet incidences, cut by hyperplanes
//! without linear programming; its face lattice, pulling triangulation and exact volume.

mod bitset;
mod construct;
mod cut;
mod data;
mod hull;
mod kernel;
mod lattice;
mod memo;
mod polygons;
mod triangulation;

pub use bitset::IndexSet;
pub use construct::{HalfspaceError, MAX_DIM};
pub use cut::{CutResult, Side};
pub use data::{to_f64, FacetData, PolytopeData};
pub use hull::HullError;
pub use kernel::{CrossingAid, EdgeFacts, Exact, Float64, Kernel, FLOAT_TOLERANCE};
pub use lattice::{Face, FaceLattice};
pub(crate) use memo::{CrossingMemo, SharedCrossings};
pub use triangulation::{
    first_pulling_simplex, pulling_triangulation, simplex_volume, volume, volume_of, Pulling,
    WALKED_VOLUME_LIMIT,
};

use crate::exact::{AffineForm, HomPoint};

/// A facet of a polytope: its inequality and the labelled constraints that support it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet<S, F = AffineForm> {
    /// The form that is non-negative on the polytope and zero on the facet (exactly: the
    /// primitive integer form).
    pub inequality: F,
    /// Every constraint whose hyperplane contains the facet, in the order they were met.
    pub sources: Vec<S>,
}

/// A vertex of a polytope with the set of facets it lies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vertex<P = HomPoint> {
    /// The position (exactly: a [`HomPoint`]).
    pub point: P,
    /// Indices (into the polytope's facet list) of the facets containing the vertex.
    pub facets: IndexSet,
}

/// A bounded, full-dimensional convex polytope in R^d in both representations at once.
///
/// Invariants: `facets` lists every facet exactly once (no redundant inequality); `vertices`
/// lists every vertex exactly once; each vertex's `facets` are exactly the facets containing it.
/// `S` labels where a constraint came from (a domain side, a neuron, an input row); `K` is the
/// arithmetic ([`Exact`] everywhere but in the float twin).
#[derive(Debug, Clone, PartialEq)]
pub struct Polytope<S, K: Kernel = Exact> {
    dim: usize,
    facets: Vec<Facet<S, K::Form>>,
    vertices: Vec<Vertex<K::Point>>,
}

impl<S, K: Kernel> Polytope<S, K> {
    /// The ambient (and own) dimension d.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The facets.
    pub fn facets(&self) -> &[Facet<S, K::Form>] {
        &self.facets
    }

    /// The vertices.
    pub fn vertices(&self) -> &[Vertex<K::Point>] {
        &self.vertices
    }

    /// Whether vertex `v` is simple: it lies on exactly d facets (whose normals are then
    /// linearly independent, since their hyperplanes meet in the vertex alone).
    pub fn is_simple_vertex(&self, v: usize) -> bool {
        self.vertices[v].facets.len() == self.dim
    }

    /// Whether the polytope is simple: every vertex is ([`Polytope::is_simple_vertex`]).
    pub fn is_simple(&self) -> bool {
        (0..self.vertices.len()).all(|v| self.is_simple_vertex(v))
    }

    /// For each facet, the set of indices of its vertices.
    pub fn facet_vertex_sets(&self) -> Vec<IndexSet> {
        let mut sets = vec![IndexSet::new(self.vertices.len()); self.facets.len()];
        for (v, vertex) in self.vertices.iter().enumerate() {
            for f in vertex.facets.iter() {
                sets[f].insert(v);
            }
        }
        sets
    }

    /// Reorders the vertices lexicographically by their coordinates.
    pub fn sort_vertices_lex(&mut self) {
        self.vertices
            .sort_by(|a, b| K::cmp_points(&a.point, &b.point));
    }

    /// Reorders the vertices: vertex `k` becomes the old vertex `order[k]`.
    ///
    /// # Panics
    /// When `order` is not a permutation of the vertices' indices.
    pub fn reorder_vertices(&mut self, order: &[usize]) {
        assert_eq!(order.len(), self.vertices.len(), "one index per vertex");
        let mut old: Vec<Option<Vertex<K::Point>>> = std::mem::take(&mut self.vertices)
            .into_iter()
            .map(Some)
            .collect();
        self.vertices = order
            .iter()
            .map(|&v| old[v].take().expect("each vertex once"))
            .collect();
    }

    /// The same polytope with every facet's sources relabelled by `relabel` (a source mapped to
    /// `None` is dropped).
    pub fn map_sources<T>(self, mut relabel: impl FnMut(S) -> Option<T>) -> Polytope<T, K> {
        Polytope {
            dim: self.dim,
            facets: self
                .facets
                .into_iter()
                .map(|f| Facet {
                    inequality: f.inequality,
                    sources: f.sources.into_iter().filter_map(&mut relabel).collect(),
                })
                .collect(),
            vertices: self.vertices,
        }
    }
}
