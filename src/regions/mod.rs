//! Domains, the enumerator of activation regions, and what is reported about them.

mod complex;
mod domain;
mod enumerate;
mod float_twin;
mod infinity;
mod records;
mod region;
mod splitting;
mod summary;

pub use complex::{Adjacency, Complex, ComplexBuilder};
pub use domain::{Domain, DomainError};
pub use enumerate::{enumerate, enumerate_cells, enumerate_streaming};
pub use float_twin::{float_twin, twin_cube, FloatRegion};
pub use infinity::{Recession, Truncation};
pub use records::{graph_record, region_record};
pub use region::{BareRegion, Region, RegionFace, Source};
pub use splitting::{EnumerateError, Limits, Progress};
pub use summary::{CountStats, Summary, SummaryBuilder};
