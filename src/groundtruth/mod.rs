//! Ground truth for other implementations: the dataset of `data/groundtruth/` (networks of
//! several families with their exact results, cross-checked with lrs when generated), the
//! polytope corpus taken from it, and lrs run as an external oracle.

mod corpus;
mod dataset;
pub mod lrs;
mod verify;

pub use corpus::corpus_records;
pub use dataset::{generate_entry, DatasetEntry, DomainRecord, EntryRecord, FileRecord, DATASET};
pub use verify::{verify_with_lrs, Verification};
