//! Every file format, and only here: networks (JSON and the trained-network importers),
//! domains, polytopes, sweep configurations, engine outputs, region records, summaries, reports,
//! the sweep's store of finished configurations, pictures, meshes and the interactive view. The
//! layers below know no file, no path and no JSON; this one turns their plain data into
//! documents and documents into it.

mod comparison;
mod corpus;
mod decision;
mod domain;
mod engine;
pub mod import;
mod json;
mod mesh;
mod network;
#[cfg(feature = "plots")]
mod plots;
mod polytope;
mod records;
#[cfg(feature = "plots")]
mod report;
mod shard;
mod slice;
mod store;
mod summary;
mod sweep_config;
mod theory;
mod view;

pub use comparison::comparison_json;
pub use corpus::{corpus_record, dataset_manifest};
pub use decision::{boundary_json, decision_cell_record, decision_json};
pub use domain::{domain_from_file, domain_from_text, parse_domain, read_domain, DomainFileError};
pub use engine::{parse_engine_output, read_engine_output};
pub use json::{JsonReader, NumberMode};
pub use mesh::{write_mesh, MeshColour, MeshFormat};
pub use network::{parse_network, read_network, write_network, Metadata};
#[cfg(feature = "plots")]
pub use plots::{draw_decision_regions, draw_planar_regions, plot_histograms, RegionColouring};
pub use polytope::{parse_polytope, polytope_json, read_polytope, Description, PolytopeFileError};
pub use records::{graph_record, partial_path, RecordFile, RecordMaker};
#[cfg(feature = "plots")]
pub use report::{render_report, write_report, RenderedReport};
pub use shard::{
    merge_parts, DomainDocument, MergeOutputs, Merged, PartBytes, PartSource, PartWriter,
    ShardOptions, ShardRun,
};
pub use slice::{parse_slice, read_slice};
pub use store::{fnv1a64, SweepDirectory};
pub use summary::summary_json;
pub use sweep_config::{parse_sweep_config, read_sweep_config, DEFAULT_SWEEP};
pub use theory::theory_json;
pub use view::write_view;

use std::fmt;

/// An input file that cannot be used, with the file, the place in it and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name (or another name for the input).
    pub origin: String,
    /// Where in the file, e.g. `layer 1 weights, row 3, column 2` (indices 0-based), or the line
    /// and column of a syntax error; empty when the whole file is meant.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}: {}: {}", self.origin, self.location, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// The text of the file at `path` and the name errors should use for it (its path as given).
pub fn read_text(path: &std::path::Path) -> Result<(String, String), InputError> {
    let origin = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((text, origin)),
        Err(e) => Err(InputError {
            origin,
            location: String::new(),
            message: format!("cannot read the file: {e}"),
        }),
    }
}
