//! Domains, the enumerator of activation regions, and what is reported about them.

mod complex;
mod data;
mod decision;
mod domain;
mod enumerate;
#[cfg(feature = "float-twin")]
mod float_twin;
mod homology;
mod infinity;
mod ordered;
mod region;
mod run;
mod shard;
mod skeleton;
mod source;
mod splitting;
mod summary;

pub use complex::{
    Adjacency, BoundaryCell, BoundaryFacet, BoundaryMap, Complex, ComplexBuilder, ComplexPart,
    MergeError,
};
pub use data::RegionData;
pub use decision::{
    decision_regions, ClassTopology, DecisionBoundary, DecisionCell, DecisionRegions,
    DecisionSource,
};
pub use domain::{check_dimension, Domain, DomainError, DomainSpec};
pub use enumerate::{enumerate, enumerate_cells};
#[cfg(feature = "float-twin")]
pub use float_twin::{float_twin, twin_cube, FloatRegion};
pub use homology::{rank_gf2, CellComplex};
pub use infinity::{Recession, Truncation};
pub use region::{BareRegion, Region, RegionFace};
pub use run::{PatternList, RegionConsumer, RegionList, Run, RunOutcome};
pub use shard::{merge_shards, MergedRun, PieceRegions, ShardOutcome};
pub use skeleton::{Polygon, Skeleton, SkeletonBuilder, SkeletonRegion};
pub use source::Source;
pub use splitting::{EnumerateError, Limits, Progress, Share};
pub use summary::{CountStats, Summary, SummaryBuilder, SummaryPart};
