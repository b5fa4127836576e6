//! One polyhedron as plain data: exact coordinates and inequalities, indices, counts and the
//! volume, with no reference into the crate's structures. The one shape in which a polytope or
//! a region's geometry leaves the library: `relupoly polytope --json`, the region records, the
//! polytope corpus and `relupoly::testing` all read it (`crate::io` writes each format's
//! documented keys from it). Serialised with exact values as strings.

use super::{FaceLattice, Polytope, Pulling};
use crate::exact::{HomPoint, Rational};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::{Deserialize, Serialize};

/// The binary64 nearest to `value` (ties to even), for engines working in f64.
pub fn to_f64(value: &Rational) -> f64 {
    f64::rounding_from(value, RoundingMode::Nearest).0
}

fn all_to_f64(values: &[Vec<Rational>]) -> Vec<Vec<f64>> {
    values
        .iter()
        .map(|v| v.iter().map(to_f64).collect())
        .collect()
}

/// One facet: its inequality, where it comes from, and its vertices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetData<S> {
    /// `(b, a_1, ..., a_d)`: the primitive integer form (as rationals) that is `>= 0` on the
    /// polytope and `0` exactly on the facet's hyperplane.
    #[serde(with = "crate::exact::text")]
    pub inequality: Vec<Rational>,
    /// Every labelled constraint whose hyperplane contains the facet (a domain row, a neuron, an
    /// input row); more than one for repeated or coinciding constraints. Empty for the facets of
    /// a convex hull of points.
    pub sources: Vec<S>,
    /// The facet's vertices, as indices into [`PolytopeData::vertices`], increasing.
    pub vertices: Vec<usize>,
}

impl<S> FacetData<S> {
    /// [`FacetData::inequality`] rounded to f64.
    pub fn inequality_f64(&self) -> Vec<f64> {
        self.inequality.iter().map(to_f64).collect()
    }
}

/// The exact combinatorics and measure of one convex polyhedron (a polytope, or a region of R^d
/// that may be unbounded). Fields that were not computed (no face lattice, no triangulation
/// listed, an unbounded region's volume) are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolytopeData<S> {
    /// The dimension d.
    pub dim: usize,
    /// Every vertex once, as exact coordinates, in lexicographic order.
    #[serde(with = "crate::exact::text")]
    pub vertices: Vec<Vec<Rational>>,
    /// Every facet once (no redundant inequality), with its sources and vertices.
    pub facets: Vec<FacetData<S>>,
    /// `(f_0, ..., f_{d-1})`: the number of faces of each dimension (unbounded faces included).
    pub f_vector: Option<Vec<usize>>,
    /// For a bounded polyhedron, the number of simplices of its pulling triangulation.
    pub simplex_count: Option<usize>,
    /// The pulling triangulation (no new vertices), each simplex as `d + 1` indices into
    /// [`PolytopeData::vertices`], when it was listed.
    pub simplices: Option<Vec<Vec<usize>>>,
    /// For a bounded polyhedron, its exact volume.
    #[serde(with = "crate::exact::text")]
    pub volume: Option<Rational>,
    /// An exact point of the interior.
    #[serde(with = "crate::exact::text")]
    pub interior_point: Option<Vec<Rational>>,
}

impl<S: Clone> PolytopeData<S> {
    /// The vertices `own_vertices` and facets `own_facets` of `polytope` (all of them except
    /// over R^d, where the cube standing in for infinity is left out), in the polytope's order;
    /// the counts, triangulation, volume and interior point are left for the caller to set.
    pub fn geometry(
        polytope: &Polytope<S>,
        own_vertices: &[usize],
        own_facets: &[usize],
    ) -> PolytopeData<S> {
        PolytopeData::geometry_with(
            polytope,
            own_vertices,
            own_facets,
            &mut HomPoint::to_rationals,
        )
    }

    /// [`PolytopeData::geometry`] with each vertex's coordinates from `coordinates`, which must
    /// give [`HomPoint::to_rationals`] (a memo of it, say, for callers who meet the same points
    /// again and again).
    pub fn geometry_with(
        polytope: &Polytope<S>,
        own_vertices: &[usize],
        own_facets: &[usize],
        coordinates: &mut dyn FnMut(&HomPoint) -> Vec<Rational>,
    ) -> PolytopeData<S> {
        let mut position = vec![None; polytope.vertices().len()];
        for (i, &v) in own_vertices.iter().enumerate() {
            position[v] = Some(i);
        }
        let sets = polytope.facet_vertex_sets();
        PolytopeData {
            dim: polytope.dim(),
            vertices: own_vertices
                .iter()
                .map(|&v| coordinates(&polytope.vertices()[v].point))
                .collect(),
            facets: own_facets
                .iter()
                .map(|&f| FacetData {
                    inequality: polytope.facets()[f].inequality.to_rationals(),
                    sources: polytope.facets()[f].sources.clone(),
                    vertices: sets[f].iter().filter_map(|v| position[v]).collect(),
                })
                .collect(),
            f_vector: None,
            simplex_count: None,
            simplices: None,
            volume: None,
            interior_point: None,
        }
    }

    /// The whole of `polytope`, every vertex and facet.
    pub fn of(polytope: &Polytope<S>) -> PolytopeData<S> {
        let all_vertices: Vec<usize> = (0..polytope.vertices().len()).collect();
        let all_facets: Vec<usize> = (0..polytope.facets().len()).collect();
        PolytopeData::geometry(polytope, &all_vertices, &all_facets)
    }

    /// The whole of `polytope` with what its face `lattice` gives, when there is one: the
    /// f-vector, the size of the pulling triangulation and the exact volume, and with
    /// `with_simplices` the simplices.
    pub fn measured(
        polytope: &Polytope<S>,
        lattice: Option<&FaceLattice>,
        with_simplices: bool,
    ) -> PolytopeData<S> {
        let mut data = PolytopeData::of(polytope);
        if let Some(lattice) = lattice {
            let pulling = Pulling::new(polytope, lattice);
            data.f_vector = Some(lattice.f_vector());
            data.simplex_count = Some(pulling.simplex_count());
            data.volume = Some(pulling.volume(polytope));
            data.simplices = with_simplices.then(|| pulling.simplices());
        }
        data
    }
}

impl<S> PolytopeData<S> {
    /// Sets the interior point.
    pub fn with_interior_point(mut self, point: &HomPoint) -> PolytopeData<S> {
        self.interior_point = Some(point.to_rationals());
        self
    }

    /// The vertices rounded to f64.
    pub fn vertices_f64(&self) -> Vec<Vec<f64>> {
        all_to_f64(&self.vertices)
    }

    /// The volume rounded to f64 (`None` when unbounded or not computed).
    pub fn volume_f64(&self) -> Option<f64> {
        self.volume.as_ref().map(to_f64)
    }

    /// The interior point rounded to f64.
    pub fn interior_point_f64(&self) -> Option<Vec<f64>> {
        self.interior_point
            .as_ref()
            .map(|p| p.iter().map(to_f64).collect())
    }

    /// The facets through vertex `v` (indices into [`PolytopeData::facets`]). More than d of
    /// them make the vertex degenerate.
    pub fn vertex_facets(&self, v: usize) -> Vec<usize> {
        (0..self.facets.len())
            .filter(|&f| self.facets[f].vertices.contains(&v))
            .collect()
    }

    /// Whether the polyhedron is simple and every facet has a single source: each vertex lies on
    /// exactly d facets and no two constraints support the same facet (sources are not counted
    /// for a convex hull, whose facets have none).
    pub fn is_generic(&self) -> bool {
        (0..self.vertices.len()).all(|v| self.vertex_facets(v).len() == self.dim)
            && self.facets.iter().all(|f| f.sources.len() <= 1)
    }
}
