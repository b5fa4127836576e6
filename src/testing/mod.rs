//! Property-test cases with exact answers, for testing other engines against relupoly (cargo
//! feature `testing`).
//!
//! The [proptest] strategies here draw small random cases and carry relupoly's exact answer for
//! each, so that an engine working in f64 (or any other way) can check itself case by case:
//!
//! - networks, as [`NetworkCase`]s: [`generic_network`] (binary64 weights from the usual
//!   initialisations), [`degenerate_network`] (small integers: concurrent, parallel and
//!   duplicated hyperplanes, dead neurons) and [`zero_bias_network`]; each with its [`Answer`] on
//!   the box `[-1, 1]^d`, and on R^d through [`NetworkCase::whole_space`];
//! - polytopes, as [`PolytopeCase`]s: [`polytope_case`] and [`polytope_case_of`], inequality
//!   systems or point sets, generic, degenerate (repeated rows, integer coordinates with many
//!   coincidences) or near-degenerate, each with its [`PolytopeData`].
//!
//! Sizes are parameters ([`NetworkSizes`], [`PolytopeSizes`]); the defaults (d = 2..4, a few
//! neurons or rows) keep a case to milliseconds. Every number drawn is a binary64 value, so the
//! f64 views of the inputs (`layers_f64`, `rows_f64`) are exact; the f64 views of the answers
//! (`vertices_f64`, `volume_f64`, ...) are the exact values rounded to nearest. Each case's
//! `Debug` output is short and names how to rebuild it.
//!
//! # What the answers guarantee
//!
//! Everything in an answer is exact (rational arithmetic, no tolerance) and holds for degenerate
//! inputs too:
//!
//! - [`PolytopeData`]: every vertex once, lexicographically sorted; every facet once (no
//!   redundant inequality), its inequality the primitive integer form that is `>= 0` on the
//!   polyhedron and `0` on exactly the facet's vertices; `sources` lists every input constraint
//!   whose hyperplane contains the facet (repeated rows, coinciding neurons and domain sides all
//!   appear); the f-vector is that of the face lattice (Euler-Poincare holds); `simplices`
//!   triangulates the polytope with its own vertices, and `volume` is its exact volume.
//! - [`RegionAnswer`]: an activation region (the closure of a maximal full-dimensional set of
//!   points with one activation pattern), its [`PolytopeData`] (over R^d: its own vertices and
//!   facets, nothing at infinity; `volume` only when bounded, `rays` and `lineality` when not)
//!   and its interior point, where the exact forward pass gives the pattern.
//! - [`Answer`]: every region exactly once, sorted by pattern; the regions' volumes sum to the
//!   domain's volume and their interiors are disjoint; [`Answer::vertices`] are the distinct
//!   vertices of the complex; [`Answer::complex`] has the complex's f-vector, its Euler
//!   characteristic (1 on a box, `(-1)^d` on R^d) and every pair of regions sharing a facet;
//!   [`Answer::summary`] has the counts `relupoly regions` reports.
//!
//! # Example: a toy engine checked against the kit
//!
//! A downstream engine counts the regions of a one-hidden-layer network on `[-1, 1]^2` in f64,
//! by Euler's relation for lines in general position in a convex domain: one region, plus one
//! per line crossing the box, plus one per crossing point inside it. The kit supplies generic
//! networks and the exact count.
//!
//! ```
//! use proptest::prelude::*;
//! use relupoly::testing::{generic_network, NetworkSizes};
//!
//! fn toy_count(weights: &[Vec<f64>], biases: &[f64]) -> usize {
//!     let corners = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]];
//!     let value = |i: usize, x: [f64; 2]| biases[i] + weights[i][0] * x[0] + weights[i][1] * x[1];
//!     let crossing = (0..biases.len())
//!         .filter(|&i| {
//!             corners.iter().any(|&c| value(i, c) > 0.0) && corners.iter().any(|&c| value(i, c) < 0.0)
//!         })
//!         .count();
//!     let mut points = 0;
//!     for i in 0..biases.len() {
//!         for j in i + 1..biases.len() {
//!             let (a, b) = (&weights[i], &weights[j]);
//!             let det = a[0] * b[1] - a[1] * b[0];
//!             let x = (biases[j] * a[1] - biases[i] * b[1]) / det;
//!             let y = (biases[i] * b[0] - biases[j] * a[0]) / det;
//!             if x.abs() < 1.0 && y.abs() < 1.0 {
//!                 points += 1;
//!             }
//!         }
//!     }
//!     1 + crossing + points
//! }
//!
//! let planar = NetworkSizes { dims: 2..=2, widths: 1..=6, depth: 1..=1 };
//! proptest!(ProptestConfig::with_cases(32), |(case in generic_network(planar.clone()))| {
//!     let (weights, biases) = &case.layers_f64()[0];
//!     prop_assert_eq!(toy_count(weights, biases), case.answer.regions.len());
//! });
//! ```
//!
//! # Example: checking the answers themselves
//!
//! The volumes of the regions of a degenerate network partition the box exactly, and in f64 up
//! to rounding; every vertex of a region lies on at least d of its facets.
//!
//! ```
//! use proptest::prelude::*;
//! use relupoly::exact::Rational;
//! use relupoly::testing::{degenerate_network, NetworkSizes};
//!
//! proptest!(ProptestConfig::with_cases(16), |(case in degenerate_network(NetworkSizes::default()))| {
//!     let answer = &case.answer;
//!     let exact: Rational = answer.regions.iter().filter_map(|r| r.volume.clone()).sum();
//!     prop_assert_eq!(Some(&exact), answer.domain_volume());
//!     let approx: f64 = answer.regions.iter().filter_map(|r| r.volume_f64()).sum();
//!     prop_assert!((approx - f64::from(1u32 << case.dim())).abs() < 1e-9);
//!     for region in &answer.regions {
//!         for v in 0..region.vertices.len() {
//!             prop_assert!(region.vertex_facets(v).len() >= case.dim());
//!         }
//!     }
//! });
//! ```

mod answer;
mod networks;
mod polytopes;
pub mod readers;

pub use crate::polytope::{to_f64, FacetData, PolytopeData};
pub use answer::{Answer, RegionAnswer};
pub use networks::{
    degenerate_network, generic_network, zero_bias_network, NetworkCase, NetworkSizes,
};
pub use polytopes::{
    polytope_case, polytope_case_of, PolytopeCase, PolytopeFamily, PolytopeInput, PolytopeSizes,
    Representation,
};
