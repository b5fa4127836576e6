//! What another engine reports for one network on one domain (read from its file by
//! `crate::io`; schema in `docs/compare.md`).

/// One region as another engine reports it. Optional fields are given on every region or on
/// none (checked when the file is read).
#[derive(Debug, Clone, PartialEq)]
pub struct EngineRegion {
    /// The activation pattern, one string per hidden layer, as in relupoly's region record.
    pub pattern: Vec<String>,
    /// The region's finite vertices (none for an unbounded region without vertices).
    pub vertices: Option<Vec<Vec<f64>>>,
    /// The number of facets ((d-1)-faces) of the region.
    pub facets: Option<usize>,
    /// Whether the region is bounded.
    pub bounded: Option<bool>,
    /// Indices (into the engine's region list) of the regions sharing a facet with this one.
    pub neighbors: Option<Vec<usize>>,
}

/// Totals another engine reports, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineCounts {
    /// The number of activation regions.
    pub regions: Option<usize>,
    /// The number of bounded regions.
    pub bounded_regions: Option<usize>,
    /// The number of unbounded regions.
    pub unbounded_regions: Option<usize>,
    /// The number of pairs of regions sharing a facet.
    pub adjacencies: Option<usize>,
    /// The complex's f-vector `(f_0, ..., f_d)`: distinct cells of each dimension.
    pub f_vector: Option<Vec<usize>>,
}

/// Everything another engine reports for one network on one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineOutput {
    /// The engine's name, for messages.
    pub engine: String,
    /// The regions, if the engine lists them.
    pub regions: Option<Vec<EngineRegion>>,
    /// The totals, if the engine gives them.
    pub counts: EngineCounts,
}
