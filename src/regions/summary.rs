//! Statistics over the regions of one enumeration.

use super::complex::Complex;
use super::region::Region;
use crate::exact::{FactoredFraction, PairwiseSum, Rational};
use malachite::base::num::conversion::traits::RoundingFrom;
use malachite::base::rounding_modes::RoundingMode;
use serde::{Deserialize, Serialize};
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
        for c in counts {
            *histogram.entry(c).or_insert(0) += 1;
        }
        CountStats::from_histogram(histogram)
    }

    /// The statistics of the counts whose histogram (count -> regions) is `histogram`.
    pub fn from_histogram(histogram: BTreeMap<usize, usize>) -> CountStats {
        let total: usize = histogram.iter().map(|(c, n)| c * n).sum();
        let regions: usize = histogram.values().sum();
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

/// The exact sum of regions' volumes, one region at a time: their own volumes (as rationals)
/// or, when only the sum was asked for, their shares of it ([`Region::volume_share`], added
/// over their denominators' factors; one greatest common divisor for the whole sum).
#[derive(Debug, Default)]
pub(super) struct VolumeSum {
    volumes: PairwiseSum<Rational>,
    shares: PairwiseSum<FactoredFraction>,
}

impl VolumeSum {
    /// Adds what `region` has of the sum: its volume, else its share unless 0.
    pub(super) fn add_region(&mut self, region: &Region) {
        if let Some(volume) = &region.volume {
            self.volumes.add(volume.clone());
        } else if let Some(share) = region.volume_share.as_ref().filter(|s| !s.is_zero()) {
            self.shares.add(share.clone());
        }
    }

    /// Adds a sum of volumes already totalled (a frontier piece's).
    pub(super) fn add(&mut self, volume: Rational) {
        self.volumes.add(volume);
    }

    /// The exact sum.
    pub(super) fn total(self) -> Rational {
        self.volumes.total() + self.shares.total().value()
    }
}

/// Builds a [`Summary`] one region at a time, keeping only counts, histograms and the volume.
#[derive(Debug, Default)]
pub struct SummaryBuilder {
    regions: usize,
    bounded_regions: usize,
    volume: VolumeSum,
    volumes_missing: bool,
    facets: BTreeMap<usize, usize>,
    vertices: BTreeMap<usize, usize>,
    simplices: BTreeMap<usize, usize>,
    f_vector_sum: Vec<usize>,
    lattices_missing: bool,
}

impl SummaryBuilder {
    /// Adds the next region.
    pub fn add(&mut self, region: &Region) {
        self.add_counts(region);
        self.volume.add_region(region);
    }

    /// Adds the next region's counts and histograms, not its volume (a sharded run sums the
    /// volumes piece by piece, see [`super::PieceRegions`]).
    pub(super) fn add_counts(&mut self, region: &Region) {
        self.regions += 1;
        if region.is_bounded() {
            self.bounded_regions += 1;
        }
        if region.volume.is_none() && region.volume_share.is_none() {
            self.volumes_missing |= region.is_bounded();
        }
        *self.facets.entry(region.facet_indices().len()).or_insert(0) += 1;
        *self
            .vertices
            .entry(region.vertex_indices().len())
            .or_insert(0) += 1;
        if let Some(simplices) = region.simplex_count {
            *self.simplices.entry(simplices).or_insert(0) += 1;
        }
        match &region.f_vector {
            Some(f_vector) => {
                self.f_vector_sum.resize(f_vector.len(), 0);
                for (s, f) in self.f_vector_sum.iter_mut().zip(f_vector) {
                    *s += f;
                }
            }
            None => self.lattices_missing = true,
        }
    }

    /// The summary of the regions added, whose complex is `complex` (`None` when it was not
    /// computed: the summary then says nothing of the complex or the linear pieces).
    pub fn finish(self, complex: Option<&Complex>) -> Summary {
        self.finish_without_complex().with_complex(complex)
    }

    /// [`SummaryBuilder::finish`] before the complex is known (its counts are added by
    /// [`Summary::with_complex`]), so that the exact volume sum, reduced here, and the complex
    /// can be finished at the same time.
    pub(super) fn finish_without_complex(self) -> Summary {
        Summary {
            regions: self.regions,
            bounded_regions: self.bounded_regions,
            volume_total: (!self.volumes_missing).then(|| self.volume.total()),
            facets: CountStats::from_histogram(self.facets),
            vertices: CountStats::from_histogram(self.vertices),
            simplices: CountStats::from_histogram(self.simplices),
            f_vector_sum: (!self.lattices_missing).then_some(self.f_vector_sum),
            complex: None,
            linear_pieces: None,
        }
    }
}

/// A shard's share of a [`Summary`] (plain data): the counts and histograms of its regions (their
/// volumes are summed piece by piece, [`super::PieceRegions`]). [`SummaryBuilder::absorb`] adds
/// shares up; the order does not matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPart {
    /// The number of regions.
    pub regions: usize,
    /// The number of bounded regions.
    pub bounded_regions: usize,
    /// Whether some bounded region has no volume (volumes skipped).
    pub volumes_missing: bool,
    /// Regions by number of facets.
    pub facets: BTreeMap<usize, usize>,
    /// Regions by number of vertices.
    pub vertices: BTreeMap<usize, usize>,
    /// Bounded regions by number of simplices of the pulling triangulation.
    pub simplices: BTreeMap<usize, usize>,
    /// The sum of the regions' f-vectors; `None` when some lattice was skipped.
    pub f_vector_sum: Option<Vec<usize>>,
}

impl SummaryBuilder {
    /// Adds a sum of regions' volumes (a frontier piece's, in pattern order).
    pub fn add_volume(&mut self, volume: Rational) {
        self.volume.add(volume);
    }

    /// The share of the regions added so far (without their volumes).
    pub fn into_part(self) -> SummaryPart {
        SummaryPart {
            regions: self.regions,
            bounded_regions: self.bounded_regions,
            volumes_missing: self.volumes_missing,
            facets: self.facets,
            vertices: self.vertices,
            simplices: self.simplices,
            f_vector_sum: (!self.lattices_missing).then_some(self.f_vector_sum),
        }
    }

    /// Adds another share of the same run (its volumes come by [`SummaryBuilder::add_volume`]).
    pub fn absorb(&mut self, part: SummaryPart) {
        self.regions += part.regions;
        self.bounded_regions += part.bounded_regions;
        self.volumes_missing |= part.volumes_missing;
        for (mine, theirs) in [
            (&mut self.facets, part.facets),
            (&mut self.vertices, part.vertices),
            (&mut self.simplices, part.simplices),
        ] {
            for (count, regions) in theirs {
                *mine.entry(count).or_insert(0) += regions;
            }
        }
        match part.f_vector_sum {
            Some(sum) => {
                if self.f_vector_sum.len() < sum.len() {
                    self.f_vector_sum.resize(sum.len(), 0);
                }
                for (s, f) in self.f_vector_sum.iter_mut().zip(sum) {
                    *s += f;
                }
            }
            None => self.lattices_missing = true,
        }
    }
}

/// What `relupoly regions` reports about one enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The number of activation regions.
    pub regions: usize,
    /// The number of bounded regions (all of them on a polytope domain).
    pub bounded_regions: usize,
    /// The exact sum of the bounded regions' volumes (on a polytope domain, its volume); `None`
    /// when the volumes were skipped.
    pub volume_total: Option<Rational>,
    /// Facets per region.
    pub facets: CountStats,
    /// Vertices per region.
    pub vertices: CountStats,
    /// Simplices of the pulling triangulation per bounded region.
    pub simplices: CountStats,
    /// The sum over regions of their f-vectors, dimensions 0 to d-1 (`None` when the face
    /// lattices were skipped).
    pub f_vector_sum: Option<Vec<usize>>,
    /// The complex's f-vector (dimensions 0..=d), Euler characteristic and number of adjacent
    /// pairs.
    pub complex: Option<(Vec<usize>, i64, usize)>,
    /// With an output layer, the number of linear pieces of the network's function.
    pub linear_pieces: Option<usize>,
}

impl Summary {
    /// The same summary with the counts of the regions' complex, `complex`: its f-vector, Euler
    /// characteristic and adjacencies, and the linear pieces if it has them (`None`: the summary
    /// says nothing of the complex or the linear pieces).
    pub(super) fn with_complex(self, complex: Option<&Complex>) -> Summary {
        Summary {
            complex: complex.map(|c| {
                (
                    c.f_vector.clone(),
                    c.euler_characteristic,
                    c.adjacencies.len(),
                )
            }),
            linear_pieces: complex.and_then(|c| c.linear_pieces.as_ref().map(Vec::len)),
            ..self
        }
    }

    /// The summary of `regions`, whose complex is `complex`.
    pub fn of(regions: &[Region], complex: &Complex) -> Summary {
        let mut builder = SummaryBuilder::default();
        for region in regions {
            builder.add(region);
        }
        builder.finish(Some(complex))
    }
}
