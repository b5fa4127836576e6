//! One activation region as plain data (see [`crate::polytope::PolytopeData`]): what the region
//! records, `relupoly::testing` and the corpus read.

use super::region::Region;
use super::source::Source;
use crate::exact::{HomPoint, Integer, Rational};
use crate::network::Pattern;
use crate::polytope::PolytopeData;
use serde::{Deserialize, Serialize};

/// One activation region: its pattern, its own geometry (over R^d nothing at infinity), its
/// recession (unbounded regions) and, with an output layer, the network's affine map on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionData {
    /// One bit per hidden neuron, layer by layer: `true` where the pre-activation is positive on
    /// the interior, `false` where it is negative or identically zero there.
    pub pattern: Pattern,
    /// Whether the region is bounded.
    pub bounded: bool,
    /// The region's own vertices (lexicographic) and facets (sources other than the cube
    /// standing in for R^d), f-vector, simplex count, triangulation when listed, volume (bounded
    /// regions) and interior point.
    pub geometry: PolytopeData<Source>,
    /// For an unbounded region, the directions of its unbounded edges modulo the lineality
    /// space, as coprime integer vectors.
    #[serde(with = "crate::exact::text")]
    pub rays: Option<Vec<Vec<Integer>>>,
    /// For an unbounded region, a basis of its lineality space.
    #[serde(with = "crate::exact::text")]
    pub lineality: Option<Vec<Vec<Integer>>>,
    /// With an output layer, the network's affine map on the region: one row
    /// `[c, w_1, ..., w_d]` per output, `c + w . x`.
    #[serde(with = "crate::exact::text")]
    pub output_map: Option<Vec<Vec<Rational>>>,
}

impl RegionData {
    /// The plain data of `region`; with `with_simplices`, its pulling triangulation listed.
    pub fn of(region: &Region, with_simplices: bool) -> RegionData {
        RegionData::of_with(region, with_simplices, &mut HomPoint::to_rationals)
    }

    /// [`RegionData::of`] with each vertex's coordinates from `coordinates`, which must give
    /// [`HomPoint::to_rationals`] (see [`PolytopeData::geometry_with`]).
    pub fn of_with(
        region: &Region,
        with_simplices: bool,
        coordinates: &mut dyn FnMut(&HomPoint) -> Vec<Rational>,
    ) -> RegionData {
        let polytope = &region.polytope;
        let mut geometry = PolytopeData::geometry_with(
            polytope,
            region.vertex_indices(),
            region.facet_indices(),
            coordinates,
        )
        .with_interior_point(region.interior_point());
        for facet in &mut geometry.facets {
            facet.sources.retain(|s| !matches!(s, Source::Bound(_)));
        }
        geometry.f_vector = region.f_vector.clone();
        geometry.simplex_count = region.simplex_count;
        geometry.volume = region.volume.clone();
        if with_simplices {
            let mut position = vec![usize::MAX; polytope.vertices().len()];
            for (new, &old) in region.vertex_indices().iter().enumerate() {
                position[old] = new;
            }
            geometry.simplices = region.simplices().map(|simplices| {
                simplices
                    .iter()
                    .map(|s| s.iter().map(|&v| position[v]).collect())
                    .collect()
            });
        }
        RegionData {
            pattern: region.pattern.clone(),
            bounded: region.is_bounded(),
            geometry,
            rays: region.rays().map(<[_]>::to_vec),
            lineality: region.recession.as_ref().map(|r| r.lineality.clone()),
            output_map: region.output_map.clone(),
        }
    }
}
