//! The exact answers a case carries: one polytope, one region, one enumeration.

use crate::exact::Rational;
use crate::network::Network;
use crate::polytope::{to_f64, PolytopeData};
use crate::regions::{Complex, Domain, EnumerateError, Region, RegionData, Run};
use crate::regions::{Source, Summary};
use std::collections::BTreeSet;
use std::ops::Deref;

fn all_to_f64(values: &[Vec<Rational>]) -> Vec<Vec<f64>> {
    values
        .iter()
        .map(|v| v.iter().map(to_f64).collect())
        .collect()
}

/// One activation region: its plain data, whose geometry is reached through `Deref` (e.g.
/// `region.vertices_f64()`, `region.facets`, `region.volume_f64()`), and the enumerator's
/// record.
#[derive(Debug, Clone)]
pub struct RegionAnswer {
    /// The region as plain data: pattern, own geometry with the triangulation listed (bounded
    /// regions), rays and lineality (unbounded ones), output map.
    pub data: RegionData,
    /// The enumerator's record, with the (over R^d, truncated) polytope.
    pub region: Region,
}

impl Deref for RegionAnswer {
    type Target = PolytopeData<Source>;
    fn deref(&self) -> &PolytopeData<Source> {
        &self.data.geometry
    }
}

impl RegionAnswer {
    fn of(region: Region) -> RegionAnswer {
        RegionAnswer {
            data: RegionData::of(&region, true),
            region,
        }
    }

    /// The pattern as one bit string per hidden layer (`'1'` active), e.g. `["0110", "10"]`.
    pub fn pattern_strings(&self) -> Vec<String> {
        self.region.pattern_strings()
    }

    /// Whether the region is bounded.
    pub fn is_bounded(&self) -> bool {
        self.data.bounded
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
    /// The exact answer for `network` on `domain`, by a [`Run`] (without limits).
    pub fn new(network: &Network, domain: Domain) -> Result<Answer, EnumerateError> {
        let run = Run::new(network, domain);
        let (regions, outcome) = run.collect(&mut |_| {})?;
        let (summary, complex) = (
            outcome.summary,
            outcome.complex.expect("a complex is built"),
        );
        let domain = run.domain().clone();
        let regions: Vec<RegionAnswer> = regions.into_iter().map(RegionAnswer::of).collect();
        let vertices: BTreeSet<&Vec<Rational>> = regions.iter().flat_map(|r| &r.vertices).collect();
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
