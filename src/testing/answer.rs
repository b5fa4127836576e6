//! The exact answers a case carries: one polytope, one region, one enumeration.

use crate::exact::{HomPoint, Rational};
use crate::network::{Network, Pattern};
use crate::polytope::Polytope;
use crate::regions::{enumerate, Complex, Domain, EnumerateError, Limits, Recession, Region};
use crate::regions::{Source, Summary};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use std::collections::BTreeSet;
use std::ops::Deref;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetAnswer<S> {
    /// `(b, a_1, ..., a_d)`: the primitive integer form (as rationals) that is `>= 0` on the
    /// polytope and `0` exactly on the facet's hyperplane.
    pub inequality: Vec<Rational>,
    /// Every labelled constraint whose hyperplane contains the facet (a domain row, a neuron, an
    /// input row); more than one for repeated or coinciding constraints. Empty for the facets of
    /// a convex hull of points.
    pub sources: Vec<S>,
    /// The facet's vertices, as indices into [`PolytopeAnswer::vertices`], increasing.
    pub vertices: Vec<usize>,
}

impl<S> FacetAnswer<S> {
    /// [`FacetAnswer::inequality`] rounded to f64.
    pub fn inequality_f64(&self) -> Vec<f64> {
        self.inequality.iter().map(to_f64).collect()
    }
}

/// The exact combinatorics and measure of one convex polyhedron (a polytope, or a region of R^d
/// that may be unbounded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolytopeAnswer<S> {
    /// The dimension d.
    pub dim: usize,
    /// Every vertex once, as exact coordinates, in lexicographic order.
    pub vertices: Vec<Vec<Rational>>,
    /// Every facet once (no redundant inequality), with its sources and vertices.
    pub facets: Vec<FacetAnswer<S>>,
    /// `(f_0, ..., f_{d-1})`: the number of faces of each dimension (unbounded faces included).
    pub f_vector: Vec<usize>,
    /// For a bounded polyhedron, a triangulation without new vertices (the pulling one), each
    /// simplex as `d + 1` indices into [`PolytopeAnswer::vertices`].
    pub simplices: Option<Vec<Vec<usize>>>,
    /// For a bounded polyhedron, its exact volume.
    pub volume: Option<Rational>,
    /// An exact point of the interior.
    pub interior_point: Vec<Rational>,
}

impl<S: Clone> PolytopeAnswer<S> {
    /// The answer about `polytope` (vertices already in lexicographic order), keeping only the
    /// vertices `own_vertices` and the facets `own_facets` (all of them except over R^d, where
    /// the cube standing in for infinity is left out).
    pub(super) fn of(
        polytope: &Polytope<S>,
        own_vertices: &[usize],
        own_facets: &[usize],
        f_vector: Vec<usize>,
        bounded: Option<(Vec<Vec<usize>>, Rational)>,
        interior_point: &HomPoint,
    ) -> PolytopeAnswer<S> {
        let mut position = vec![None; polytope.vertices().len()];
        for (i, &v) in own_vertices.iter().enumerate() {
            position[v] = Some(i);
        }
        let sets = polytope.facet_vertex_sets();
        let facets = own_facets
            .iter()
            .map(|&f| FacetAnswer {
                inequality: polytope.facets()[f].inequality.to_rationals(),
                sources: polytope.facets()[f].sources.clone(),
                vertices: sets[f].iter().filter_map(|v| position[v]).collect(),
            })
            .collect();
        let (simplices, volume) = match bounded {
            Some((simplices, volume)) => {
                let relabel = |s: Vec<usize>| -> Vec<usize> {
                    s.iter()
                        .map(|&v| position[v].expect("a bounded polytope keeps every vertex"))
                        .collect()
                };
                (
                    Some(simplices.into_iter().map(relabel).collect()),
                    Some(volume),
                )
            }
            None => (None, None),
        };
        PolytopeAnswer {
            dim: polytope.dim(),
            vertices: own_vertices
                .iter()
                .map(|&v| polytope.vertices()[v].point.to_rationals())
                .collect(),
            facets,
            f_vector,
            simplices,
            volume,
            interior_point: interior_point.to_rationals(),
        }
    }
}

impl<S> PolytopeAnswer<S> {
    /// The vertices rounded to f64.
    pub fn vertices_f64(&self) -> Vec<Vec<f64>> {
        all_to_f64(&self.vertices)
    }

    /// The volume rounded to f64 (`None` when unbounded).
    pub fn volume_f64(&self) -> Option<f64> {
        self.volume.as_ref().map(to_f64)
    }

    /// The interior point rounded to f64.
    pub fn interior_point_f64(&self) -> Vec<f64> {
        self.interior_point.iter().map(to_f64).collect()
    }

    /// Whether the polyhedron is bounded.
    pub fn is_bounded(&self) -> bool {
        self.volume.is_some()
    }

    /// The facets through vertex `v` (indices into [`PolytopeAnswer::facets`]). More than d of
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

/// One activation region: its pattern, its geometry (through `Deref`, e.g.
/// `region.vertices_f64()`, `region.facets`, `region.volume_f64()`) and the full record.
#[derive(Debug, Clone)]
pub struct RegionAnswer {
    /// One bit per hidden neuron, layer by layer: `true` where the pre-activation is positive on
    /// the interior, `false` where it is negative or identically zero there.
    pub pattern: Pattern,
    /// The region's own vertices and facets (over R^d, nothing at infinity), f-vector, volume
    /// (bounded regions) and an interior point.
    pub geometry: PolytopeAnswer<Source>,
    /// For an unbounded region of R^d, its rays and lineality space.
    pub recession: Option<Recession>,
    /// The enumerator's record, with the (over R^d, truncated) polytope and output map.
    pub region: Region,
}

impl Deref for RegionAnswer {
    type Target = PolytopeAnswer<Source>;
    fn deref(&self) -> &PolytopeAnswer<Source> {
        &self.geometry
    }
}

impl RegionAnswer {
    fn of(region: Region) -> RegionAnswer {
        let bounded = region.simplices().zip(region.volume.clone());
        RegionAnswer {
            pattern: region.pattern.clone(),
            geometry: PolytopeAnswer::of(
                &region.polytope,
                region.vertex_indices(),
                region.facet_indices(),
                region.f_vector.clone().unwrap_or_default(),
                bounded,
                &region.interior_point,
            ),
            recession: region.recession.clone(),
            region,
        }
    }

    /// The pattern as one bit string per hidden layer (`'1'` active), e.g. `["0110", "10"]`.
    pub fn pattern_strings(&self) -> Vec<String> {
        self.region.pattern_strings()
    }
}

/// The exact activation regions of a network on a domain, and what is known about them.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The domain: a box, or R^d.
    pub domain: Domain,
    /// Every region once, sorted by pattern (layer by layer, `false` before `true`).
    pub regions: Vec<RegionAnswer>,
    /// Every vertex of the region complex once (nothing at infinity), in lexicographic order.
    pub vertices: Vec<Vec<Rational>>,
    /// The complex: its f-vector, Euler characteristic, adjacent pairs (indices into
    /// [`Answer::regions`]) with the sources of the shared facet.
    pub complex: Complex,
    /// The counts and statistics `relupoly regions --summary-json` prints.
    pub summary: Summary,
}

impl Answer {
    /// The exact answer for `network` on `domain`, by [`enumerate`] (without limits).
    pub fn new(network: &Network, domain: Domain) -> Result<Answer, EnumerateError> {
        let regions = enumerate(network, &domain, Limits::default(), &mut |_| {})?;
        let complex = Complex::of(&regions);
        let summary = Summary::of(&regions, &complex);
        let regions: Vec<RegionAnswer> = regions.into_iter().map(RegionAnswer::of).collect();
        let vertices: BTreeSet<&Vec<Rational>> =
            regions.iter().flat_map(|r| &r.geometry.vertices).collect();
        Ok(Answer {
            domain,
            vertices: vertices.into_iter().cloned().collect(),
            regions,
            complex,
            summary,
        })
    }

    /// The vertices of the complex rounded to f64.
    pub fn vertices_f64(&self) -> Vec<Vec<f64>> {
        all_to_f64(&self.vertices)
    }

    /// The pairs of regions sharing a facet, smaller index first, sorted.
    pub fn adjacent_pairs(&self) -> Vec<(usize, usize)> {
        self.complex.adjacencies.iter().map(|a| a.regions).collect()
    }

    /// The domain's exact volume (`None` for R^d).
    pub fn domain_volume(&self) -> Option<&Rational> {
        self.domain.volume()
    }

    /// Whether every region is simple (each vertex on exactly d facets) and every facet has a
    /// single source: no concurrent, parallel-coinciding or duplicated hyperplanes were met.
    pub fn is_generic(&self) -> bool {
        self.regions.iter().all(|r| r.is_generic())
    }
}
