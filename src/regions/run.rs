//! A run: one network enumerated on one domain, its regions handed in pattern order to the
//! consumers the caller chose (summary, complex, records, patterns, a collection), with progress,
//! a region limit and cancellation. The CLI, the sweep and the bindings all enumerate through
//! it; none of them holds the regions unless it asks to.

use super::complex::{Complex, ComplexBuilder};
use super::domain::{Domain, DomainError, DomainSpec};
use super::enumerate::stream_regions;
use super::region::Region;
use super::shard::{PieceRegions, ShardOutcome};
use super::splitting::{EnumerateError, Limits, Progress, Share};
use super::summary::{Summary, SummaryBuilder, VolumeSum};
use crate::network::Network;
use std::sync::atomic::AtomicBool;

/// Something that takes the regions of a run one at a time, in pattern order.
pub trait RegionConsumer: Send {
    /// Takes region number `index` (0-based, pattern order). An `Err` stops the run with
    /// [`EnumerateError::Stopped`] and that message.
    fn consume(&mut self, index: usize, region: &Region) -> Result<(), String>;
}

impl RegionConsumer for SummaryBuilder {
    fn consume(&mut self, _: usize, region: &Region) -> Result<(), String> {
        self.add(region);
        Ok(())
    }
}

impl RegionConsumer for ComplexBuilder {
    fn consume(&mut self, _: usize, region: &Region) -> Result<(), String> {
        self.add(region);
        Ok(())
    }
}

/// The regions' patterns as bit strings, one list per region (for the adjacency graph).
#[derive(Debug, Clone, Default)]
pub struct PatternList(pub Vec<Vec<String>>);

impl RegionConsumer for PatternList {
    fn consume(&mut self, _: usize, region: &Region) -> Result<(), String> {
        self.0.push(region.pattern_strings());
        Ok(())
    }
}

/// Every region, kept (memory grows with the number of regions).
#[derive(Debug, Clone, Default)]
pub struct RegionList(pub Vec<Region>);

impl RegionConsumer for RegionList {
    fn consume(&mut self, _: usize, region: &Region) -> Result<(), String> {
        self.0.push(region.clone());
        Ok(())
    }
}

/// What a run produced besides what its consumers kept: the number of regions, the summary and
/// (when asked for) the region complex.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The summary (counts, histograms, exact volume sum; complex counts if built).
    pub summary: Summary,
    /// The region complex, if [`Run::with_complex`] asked for it.
    pub complex: Option<Complex>,
}

/// One network on one domain, with its limits, cancellation flag and whether to build the
/// complex. Deterministic: the regions reach the consumers in pattern order, the same on any
/// number of threads.
pub struct Run<'a> {
    network: &'a Network,
    domain: Domain,
    limits: Limits,
    cancel: Option<&'a AtomicBool>,
    complex: bool,
}

impl<'a> Run<'a> {
    /// A run of `network` on `domain`, without limits, building the complex.
    pub fn new(network: &'a Network, domain: Domain) -> Run<'a> {
        Run {
            network,
            domain,
            limits: Limits::default(),
            cancel: None,
            complex: true,
        }
    }

    /// A run of `network` on the domain `spec` describes.
    pub fn on(network: &'a Network, spec: &DomainSpec) -> Result<Run<'a>, DomainError> {
        Ok(Run::new(network, spec.build(network)?))
    }

    /// The same run under `limits` (region limit, skipped volumes or lattices, work items).
    /// Skipping the lattice also skips the complex, which is built from it.
    pub fn with_limits(mut self, limits: Limits) -> Run<'a> {
        self.limits = limits;
        self
    }

    /// The same run, building the region complex (distinct cells, adjacency, linear pieces) or
    /// not; without it memory holds only the work in flight (see [`Run::stream`]).
    pub fn with_complex(mut self, complex: bool) -> Run<'a> {
        self.complex = complex;
        self
    }

    /// The same run, stopping with [`EnumerateError::Cancelled`] soon after `flag` is raised
    /// (it is read after every cut, on every thread).
    pub fn cancel_on(mut self, flag: &'a AtomicBool) -> Run<'a> {
        self.cancel = Some(flag);
        self
    }

    /// The domain.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// The network.
    pub fn network(&self) -> &Network {
        self.network
    }

    /// Whether the run builds the complex.
    pub fn builds_complex(&self) -> bool {
        self.complex && !self.limits.skip_lattice
    }

    /// Hands every region to `sink`, in pattern order, as soon as it and every region before it
    /// are finished: memory holds the work in flight (the frontier and the regions of at most 8
    /// work items per thread, a fixed fraction of all: 1/256 on two cores, 1/16 for a network
    /// with at most 2^18 regions by the bound of `sum_{i <= d} C(n, i)` per layer), not every
    /// region.
    /// `progress` hears from time to time how far the work has come. An `Err` from `sink` stops
    /// the work.
    pub fn stream(
        &self,
        progress: &mut (dyn FnMut(Progress) + Send),
        sink: &mut (dyn FnMut(Region) -> Result<(), String> + Send),
    ) -> Result<(), EnumerateError> {
        stream_regions(
            self.network,
            &self.domain,
            self.limits,
            self.cancel,
            None,
            progress,
            &mut |placed| sink(placed.region),
        )
        .map(|_| ())
    }

    /// Shard `share` of the run: only the regions below this shard's frontier pieces, folded in
    /// pattern order (numbered from 0 within the shard) into the summary's share, the complex's
    /// part (if built) and each of `consumers`. Every shard of a run computes the same frontier;
    /// [`merge_shards`](super::merge_shards) puts the outcomes of all `share.count` shards
    /// together into what the unsharded run reports.
    pub fn fold_shard(
        &self,
        share: Share,
        progress: &mut (dyn FnMut(Progress) + Send),
        consumers: &mut [&mut dyn RegionConsumer],
    ) -> Result<ShardOutcome, EnumerateError> {
        if !share.is_valid() {
            return Err(EnumerateError::InvalidShare(share));
        }
        let mut summary = SummaryBuilder::default();
        let mut complex = self.builds_complex().then(ComplexBuilder::default);
        let mut pieces: Vec<PieceRegions> = Vec::new();
        let mut volume = VolumeSum::default();
        let with_volumes = !self.limits.skip_volumes && !self.limits.skip_lattice;
        let close_piece = |pieces: &mut Vec<PieceRegions>, volume: &mut VolumeSum| {
            if let Some(last) = pieces.last_mut() {
                let sum = std::mem::take(volume).total();
                last.volume = with_volumes.then_some(sum);
            }
        };
        let mut index = 0;
        let frontier = stream_regions(
            self.network,
            &self.domain,
            self.limits,
            self.cancel,
            Some(share),
            progress,
            &mut |placed| {
                summary.add_counts(&placed.region);
                if let Some(complex) = &mut complex {
                    complex.add_in_piece(&placed.region, &placed.on_piece_boundary);
                }
                for consumer in consumers.iter_mut() {
                    consumer.consume(index, &placed.region)?;
                }
                index += 1;
                if pieces.last().is_none_or(|last| last.piece != placed.piece) {
                    close_piece(&mut pieces, &mut volume);
                    pieces.push(PieceRegions {
                        piece: placed.piece,
                        regions: 0,
                        volume: None,
                    });
                }
                let last = pieces.last_mut().expect("just pushed");
                last.regions += 1;
                volume.add_region(&placed.region);
                Ok(())
            },
        )?;
        close_piece(&mut pieces, &mut volume);
        Ok(ShardOutcome {
            share,
            frontier,
            pieces,
            summary: summary.into_part(),
            complex: complex.map(|c| c.into_part(self.domain.dim())),
        })
    }

    /// Every region, in pattern order, with the summary and the complex (if built): for
    /// callers that need all regions at once (the theory catalogue, drawings).
    pub fn collect(
        &self,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<(Vec<Region>, RunOutcome), EnumerateError> {
        let mut regions = Vec::new();
        let outcome = self.fold_with(progress, &mut [], &mut |region| regions.push(region))?;
        Ok((regions, outcome))
    }

    /// Folds every region, in pattern order, into the summary, the complex (if built) and each
    /// of `consumers`; returns the summary and the complex.
    pub fn fold(
        &self,
        progress: &mut (dyn FnMut(Progress) + Send),
        consumers: &mut [&mut dyn RegionConsumer],
    ) -> Result<RunOutcome, EnumerateError> {
        self.fold_with(progress, consumers, &mut |_| {})
    }

    /// [`Run::fold`], handing each region on to `keep` once the consumers have seen it.
    fn fold_with(
        &self,
        progress: &mut (dyn FnMut(Progress) + Send),
        consumers: &mut [&mut dyn RegionConsumer],
        keep: &mut (dyn FnMut(Region) + Send),
    ) -> Result<RunOutcome, EnumerateError> {
        let mut summary = SummaryBuilder::default();
        let mut complex = self.builds_complex().then(ComplexBuilder::default);
        let mut index = 0;
        self.stream(progress, &mut |region| {
            summary.add(&region);
            if let Some(complex) = &mut complex {
                complex.add(&region);
            }
            for consumer in consumers.iter_mut() {
                consumer.consume(index, &region)?;
            }
            index += 1;
            keep(region);
            Ok(())
        })?;
        // The volume sum's one reduction and the complex's last steps (and the freeing of its
        // maps) run side by side.
        let (complex, summary) = rayon::join(
            || complex.map(ComplexBuilder::finish),
            || summary.finish_without_complex(),
        );
        Ok(RunOutcome {
            summary: summary.with_complex(complex.as_ref()),
            complex,
        })
    }
}
