//! Comparing another engine's regions with the exact enumeration: a regression oracle for
//! float engines (`relupoly compare`; input and output formats in `docs/compare.md`).

mod diff;
mod engine;
mod report;
mod vertices;

pub use diff::{
    compare, Comparison, CountDifference, RegionDifference, RegionVertices, Spurious,
    SpuriousRegion,
};
pub use engine::{EngineCounts, EngineOutput, EngineRegion};
pub use vertices::{match_vertices, VertexMatch};
