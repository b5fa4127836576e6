#![warn(missing_docs)]
//! relupoly: the exact geometry of ReLU networks.
//!
//! Layers, each depending only on the ones above it:
//! - [`exact`]: integers, rationals, affine forms, homogeneous points, Bareiss elimination;
//! - [`json`]: reading JSON input files with located errors;
//! - [`polytope`]: one polytope, cut by hyperplanes, triangulated, measured;
//! - [`network`]: the network model, its file format, random initialisers, the exact forward pass;
//! - [`regions`]: domains and the enumerator of activation regions;
//! - [`compare`]: another engine's regions against the exact enumeration (a regression oracle);
//! - [`theory`]: the catalogue of bounds and identities, with exactly decided hypotheses;
//! - [`experiment`]: sweeps, reports, training and pictures;
//! - [`groundtruth`]: the ground-truth dataset, its polytope corpus, lrs as an external oracle;
//! - `testing` (cargo feature `testing`): proptest strategies drawing networks and polytopes with
//!   their exact answers, for testing other engines against relupoly;
//! - [`cli`]: the command-line interface.

#[cfg(feature = "cli")]
pub mod cli;
pub mod compare;
pub mod exact;
pub mod experiment;
pub mod groundtruth;
pub mod io;
pub mod network;
pub mod polytope;
pub mod regions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod theory;
