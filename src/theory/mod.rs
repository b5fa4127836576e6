//! The catalogue of bounds and identities the checker evaluates: one file per entry, each with
//! its statement, source, proof file, hypotheses decided exactly on the case at hand, and what it
//! compares.
//!
//! An entry never answers "violated" unless its hypotheses hold; when they do not, it answers
//! "not applicable" and says which hypothesis fails. To add a bound, add a file with an
//! [`Entry`] and list it in [`catalogue`].

mod arrangement;
mod cell_faces;
mod euler;
mod hypotheses;
mod last_layer;
mod max_regions;
mod mean_facets;
mod min_facets;
mod one_layer_mean;
mod planar_edges;
mod simple_three;
mod zaslavsky;
mod zero_bias_plane;
mod zero_bias_space;

pub use hypotheses::{first_layer_in_general_position, generic};
pub use zaslavsky::zaslavsky_count;

use crate::network::Network;
use crate::regions::{Complex, Domain, Region};

/// Everything an entry may look at: one network enumerated on one domain.
#[derive(Clone, Copy)]
pub struct Case<'a> {
    /// The network.
    pub network: &'a Network,
    /// The domain (a polytope, or R^d).
    pub domain: &'a Domain,
    /// Every activation region.
    pub regions: &'a [Region],
    /// The region complex.
    pub complex: &'a Complex,
}

impl Case<'_> {
    /// Whether the domain is the whole of R^d.
    pub fn whole_space(&self) -> bool {
        self.domain.truncation().is_some()
    }

    /// The input dimension d.
    pub fn dim(&self) -> usize {
        self.network.input_dim()
    }
}

/// The outcome of one entry on one case. Values are exact numbers written as strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The hypotheses hold and so does the statement.
    Holds {
        /// The measured value.
        value: String,
        /// The bound or the predicted value it was compared with.
        expected: String,
    },
    /// The hypotheses hold but the statement does not.
    Violated {
        /// The measured value.
        value: String,
        /// The bound or the predicted value it was compared with.
        expected: String,
        /// Where the statement fails (e.g. which region).
        detail: String,
    },
    /// A hypothesis does not hold; the reason names it.
    NotApplicable {
        /// Which hypothesis fails, and how.
        reason: String,
    },
}

impl Verdict {
    /// `Holds` when `ok`, else `Violated` with `detail`.
    pub fn compare(ok: bool, value: String, expected: String, detail: String) -> Verdict {
        if ok {
            Verdict::Holds { value, expected }
        } else {
            Verdict::Violated {
                value,
                expected,
                detail,
            }
        }
    }

    /// `NotApplicable` with `reason`.
    pub fn not_applicable(reason: impl Into<String>) -> Verdict {
        Verdict::NotApplicable {
            reason: reason.into(),
        }
    }
}

/// Whether an entry speaks of each region or of the network as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Checked on every region; violated if any region fails.
    PerRegion,
    /// Checked once per network.
    PerNetwork,
}

/// One bound or identity of the catalogue.
#[derive(Clone, Copy)]
pub struct Entry {
    /// A short stable identifier, e.g. `mean-facets-2d`.
    pub id: &'static str,
    /// The statement, in one sentence.
    pub statement: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    /// Its file in `proofs/`.
    pub proof: &'static str,
    /// What it compares.
    pub scope: Scope,
    /// Decides the hypotheses, then compares.
    pub evaluate: fn(&Case) -> Verdict,
}

/// Every entry, in the order of `../shared/reference/theory.md`.
pub fn catalogue() -> Vec<Entry> {
    vec![
        arrangement::ENTRY,
        zaslavsky::ENTRY,
        one_layer_mean::ENTRY,
        mean_facets::ENTRY,
        cell_faces::ENTRY,
        min_facets::ENTRY,
        last_layer::ENTRY,
        planar_edges::ENTRY,
        zero_bias_plane::ENTRY,
        zero_bias_space::ENTRY,
        simple_three::ENTRY,
        euler::ENTRY,
        max_regions::ENTRY,
    ]
}
