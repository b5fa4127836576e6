//! Statistics over the regions of one enumeration.

use super::complex::Complex;
use super::region::Region;
use crate::exact::Rational;
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::Serialize;
use std::collections::BTreeMap;

/// The exact mean and the histogram of a per-region count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountStats {
    /// The exact mean over regions.
    pub mean: Rational,
    /// How many regions have each count.
    pub histogram: BTreeMap<usize, usize>,
}

impl CountStats {
    /// The statistics of `counts` (one per region; the mean of no counts is 0).
    pub fn of(counts: impl Iterator<Item = usize>) -> CountStats {
        let mut histogram = BTreeMap::new();
        let mut total = 0usize;
        let mut regions = 0usize;
        for c in counts {
            *histogram.entry(c).or_insert(0) += 1;
            total += c;
            regions += 1;
        }
        let mean = if regions == 0 {
            Rational::from(0u32)
        } else {
            Rational::from(total) / Rational::from(regions)
        };
        CountStats { mean, histogram }
    }

    /// The mean rounded to the nearest f64, for display and plotting only.
    pub fn mean_f64(&self) -> f64 {
        f64::rounding_from(&self.mean, RoundingMode::Nearest).0
    }
}

/// What `relupoly regions` reports about one enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The number of activation regions.
    pub regions: usize,
    /// The number of bounded regions (all of them on a polytope domain).
    pub bounded_regions: usize,
    /// The exact sum of the bounded regions' volumes (on a polytope domain, its volume).
    pub volume_total: Rational,
    /// Facets per region.
    pub facets: CountStats,
    /// Vertices per region.
    pub vertices: CountStats,
    /// Simplices of the pulling triangulation per bounded region.
    pub simplices: CountStats,
    /// The sum over regions of their f-vectors, dimensions 0 to d-1.
    pub f_vector_sum: Vec<usize>,
    /// The complex's f-vector (dimensions 0..=d), Euler characteristic and number of adjacent
    /// pairs.
    pub complex: (Vec<usize>, i64, usize),
    /// With an output layer, the number of linear pieces of the network's function.
    pub linear_pieces: Option<usize>,
}

impl Summary {
    /// The summary of `regions`, whose complex is `complex`.
    pub fn of(regions: &[Region], complex: &Complex) -> Summary {
        Summary {
            regions: regions.len(),
            bounded_regions: regions.iter().filter(|r| r.is_bounded()).count(),
            volume_total: regions.iter().filter_map(|r| r.volume.clone()).sum(),
            facets: CountStats::of(regions.iter().map(|r| r.facet_indices().len())),
            vertices: CountStats::of(regions.iter().map(|r| r.vertex_indices().len())),
            simplices: CountStats::of(
                regions
                    .iter()
                    .filter_map(|r| r.simplices.as_ref().map(Vec::len)),
            ),
            f_vector_sum: regions.iter().fold(Vec::new(), |mut sum, r| {
                sum.resize(r.f_vector.len(), 0);
                for (s, f) in sum.iter_mut().zip(&r.f_vector) {
                    *s += f;
                }
                sum
            }),
            complex: (
                complex.f_vector.clone(),
                complex.euler_characteristic,
                complex.adjacencies.len(),
            ),
            linear_pieces: complex.linear_pieces(regions).map(|p| p.len()),
        }
    }

    /// The summary as the JSON object printed by `relupoly regions --summary-json`: exact values
    /// as strings, means also as f64 (`mean_approx`), histograms keyed by count; keys sorted.
    pub fn to_json(&self) -> serde_json::Value {
        #[derive(Serialize)]
        struct Stats<'a> {
            mean: String,
            mean_approx: f64,
            histogram: &'a BTreeMap<usize, usize>,
        }
        #[derive(Serialize)]
        struct ComplexJson<'a> {
            f_vector: &'a [usize],
            euler_characteristic: i64,
            adjacencies: usize,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            regions: usize,
            activation_regions: usize,
            bounded_regions: usize,
            unbounded_regions: usize,
            volume_total: String,
            facets: Stats<'a>,
            vertices: Stats<'a>,
            simplices: Stats<'a>,
            f_vector_sum: &'a [usize],
            complex: ComplexJson<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            linear_pieces: Option<usize>,
        }
        fn stats(s: &CountStats) -> Stats<'_> {
            Stats {
                mean: s.mean.to_string(),
                mean_approx: s.mean_f64(),
                histogram: &s.histogram,
            }
        }
        serde_json::to_value(Json {
            regions: self.regions,
            activation_regions: self.regions,
            bounded_regions: self.bounded_regions,
            unbounded_regions: self.regions - self.bounded_regions,
            volume_total: self.volume_total.to_string(),
            facets: stats(&self.facets),
            vertices: stats(&self.vertices),
            simplices: stats(&self.simplices),
            f_vector_sum: &self.f_vector_sum,
            complex: ComplexJson {
                f_vector: &self.complex.0,
                euler_characteristic: self.complex.1,
                adjacencies: self.complex.2,
            },
            linear_pieces: self.linear_pieces,
        })
        .expect("the summary serialises")
    }
}
