//! The 2-skeleton of a 3-dimensional region complex as plain data: every 2-cell once, as a
//! polygon with its vertices in cyclic order, and each region's facets among them. What a mesh
//! or an interactive view of the complex draws (`io` writes them).

use super::complex::VertexIds;
use super::region::Region;
use super::run::RegionConsumer;
use super::source::Source;
use crate::exact::{HomPoint, Rational};
use std::collections::HashMap;

/// One 2-cell of a 3-dimensional complex: a facet of one region (in the domain's boundary) or
/// of two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polygon {
    /// Its vertices (indices into [`Skeleton::vertices`]) in cyclic order, from its
    /// lexicographically lowest vertex, counterclockwise seen from outside `regions[0]` (so
    /// clockwise seen from outside `regions[1]`).
    pub cycle: Vec<u32>,
    /// The regions having it as a facet, increasing (pattern order): one for a polygon in the
    /// domain's boundary, two for the others.
    pub regions: Vec<usize>,
    /// Every source supporting it, seen from either side, sorted, each once.
    pub sources: Vec<Source>,
}

/// One region of a [`Skeleton`]: what a view shows of it, and its facets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkeletonRegion {
    /// Its pattern, one bit string per hidden layer (as [`Region::pattern_strings`]).
    pub pattern: Vec<String>,
    /// Its f-vector (`None` without the face lattice).
    pub f_vector: Option<Vec<usize>>,
    /// Its exact volume (`None` when volumes were skipped).
    pub volume: Option<Rational>,
    /// Its facets, as indices into [`Skeleton::polygons`], in the order of its polytope's facets.
    pub facets: Vec<usize>,
}

/// The 2-skeleton of the complex of a 3-dimensional network's regions on a bounded domain, as
/// plain data: every vertex and 2-cell once (identified exactly, by vertex sets), numbered in the
/// order they are met in pattern order, so the same run gives the same skeleton on any number
/// of threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    /// The vertices of the complex, exactly.
    pub vertices: Vec<HomPoint>,
    /// The 2-cells; those of a region with a lower index come first, so `regions[0]` never
    /// decreases along the list.
    pub polygons: Vec<Polygon>,
    /// The regions, in pattern order.
    pub regions: Vec<SkeletonRegion>,
}

/// Builds a [`Skeleton`] one region at a time (a [`RegionConsumer`]): regions must be bounded
/// and 3-dimensional.
#[derive(Debug, Default)]
pub struct SkeletonBuilder {
    vertex_ids: VertexIds,
    polygon_ids: HashMap<Box<[u32]>, usize>,
    polygons: Vec<Polygon>,
    regions: Vec<SkeletonRegion>,
}

impl SkeletonBuilder {
    /// Adds the next region; an error for an unbounded or not 3-dimensional one.
    pub fn add(&mut self, region: &Region) -> Result<(), String> {
        let dim = region.polytope.dim();
        let Some(cycles) = region.polytope.facet_polygons() else {
            return Err(format!(
                "the 2-skeleton is drawn for 3 input dimensions, not {dim}"
            ));
        };
        if !region.is_bounded() {
            return Err("the 2-skeleton is drawn for bounded regions only".into());
        }
        let r = self.regions.len();
        let points = region.polytope.vertices();
        let ids: Vec<u32> = points
            .iter()
            .map(|v| self.vertex_ids.id(&v.point))
            .collect();
        let mut facets = Vec::with_capacity(cycles.len());
        for (facet, cycle) in region.polytope.facets().iter().zip(cycles) {
            let cycle: Vec<u32> = cycle.into_iter().map(|v| ids[v]).collect();
            let mut key: Box<[u32]> = cycle.clone().into_boxed_slice();
            key.sort_unstable();
            let next = self.polygons.len();
            let p = *self.polygon_ids.entry(key).or_insert(next);
            if p == next {
                let mut sources = facet.sources.clone();
                sources.sort_unstable();
                sources.dedup();
                self.polygons.push(Polygon {
                    cycle,
                    regions: vec![r],
                    sources,
                });
            } else {
                let polygon = &mut self.polygons[p];
                polygon.regions.push(r);
                polygon.sources.extend(facet.sources.iter().copied());
                polygon.sources.sort_unstable();
                polygon.sources.dedup();
            }
            facets.push(p);
        }
        self.regions.push(SkeletonRegion {
            pattern: region.pattern_strings(),
            f_vector: region.f_vector.clone(),
            volume: region.volume.clone(),
            facets,
        });
        Ok(())
    }

    /// The skeleton of the regions added.
    pub fn finish(self) -> Skeleton {
        Skeleton {
            vertices: self.vertex_ids.into_points(),
            polygons: self.polygons,
            regions: self.regions,
        }
    }
}

impl RegionConsumer for SkeletonBuilder {
    fn consume(&mut self, _: usize, region: &Region) -> Result<(), String> {
        self.add(region)
    }
}
