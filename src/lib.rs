#![warn(missing_docs)]
//! relupoly: the exact geometry of ReLU networks.
//!
//! Layers, each depending only on the ones above it (`ARCHITECTURE.md`, checked by
//! `tests/layers.rs`):
//! - [`exact`]: integers, rationals, affine forms, homogeneous points, Bareiss elimination;
//! - [`polytope`]: one polytope, cut by hyperplanes, triangulated, measured; [`polytope::PolytopeData`];
//! - [`network`]: the network model, random initialisers, constructions, the exact forward pass;
//! - [`regions`]: domains ([`regions::DomainSpec`]), the enumerator, and [`regions::Run`], which
//!   folds a network's regions on a domain into the consumers the caller chooses;
//! - [`theory`]: the catalogue of bounds and identities, with exactly decided hypotheses;
//! - [`experiment`]: sweeps ([`experiment::Sweep`]), reports as data, training, the search;
//! - [`compare`]: another engine's regions against the exact enumeration (a regression oracle);
//! - [`io`]: every file format (networks, trained-network importers, domains, polytopes,
//!   records, summaries, reports, pictures): the layers above know no file and no JSON;
//! - [`groundtruth`]: the ground-truth dataset, its polytope corpus, lrs as an external oracle;
//! - `testing` (cargo feature `testing`): proptest strategies drawing networks and polytopes with
//!   their exact answers, for testing other engines against relupoly;
//! - `cli` (cargo feature `cli`, on by default): the command-line interface.
//!
//! A library user who needs neither the command line nor pictures depends on relupoly with
//! `default-features = false` (and `features = ["testing"]` for the kit).
//!
//! ```
//! use relupoly::io::parse_network;
//! use relupoly::regions::{DomainSpec, Limits, RegionConsumer, RegionList, Run};
//!
//! // Three neurons on [-1, 1]^2: x, y and x + y - 1/2.
//! let network = parse_network(
//!     r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1], [1, 1]],
//!                                    "biases": [0, 0, "-1/2"]}]}"#,
//!     "three lines",
//! )?;
//! let run = Run::on(&network, &DomainSpec::unit_box())?.with_limits(Limits {
//!     max_regions: Some(1000),
//!     ..Limits::default()
//! });
//! let mut regions = RegionList::default();
//! let outcome = run.fold(&mut |_progress| {}, &mut [&mut regions as &mut dyn RegionConsumer])?;
//! assert_eq!(outcome.summary.regions, 7);
//! assert_eq!(outcome.summary.volume_total, Some(4u32.into()));
//! assert_eq!(regions.0.len(), 7);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
