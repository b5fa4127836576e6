//! The catalogue of bounds and identities the checker evaluates: one file per entry, each with
//! its statement, source, proof file, hypotheses decided exactly on the case at hand, and what it
//! compares.
//!
//! An entry never answers "violated" unless its hypotheses hold; when they do not, it answers
//! "not applicable" and says which hypothesis fails. Every entry has a [`Kind`]: a theorem
//! (proved in `proofs/`), a published claim (cited, possibly false: its violation is a
//! refutation), or a consistency check of relupoly itself. To add a bound, add a file with an
//! [`Entry`] and list it in [`catalogue`].

mod arrangement;
mod cell_faces;
mod cells;
mod euler;
mod euler_bent;
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

pub use cells::{Cell, CellStructure};
pub use euler_bent::{bent_hyperplanes, BentHyperplane, BentHyperplanes};
pub use hypotheses::{
    first_layer_full_rank, first_layer_in_general_position, generic, generic_network,
};
pub use last_layer::before_last_neuron;
pub use zaslavsky::zaslavsky_count;

use crate::exact::AffineForm;
use crate::network::Network;
use crate::regions::{Complex, Domain, Region, Source};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Everything an entry may look at: one network enumerated on one domain, and what is derived
/// from it once for all entries (the cells with their vanishing constraints).
pub struct Case<'a> {
    /// The network.
    pub network: &'a Network,
    /// The domain (a polytope, or R^d).
    pub domain: &'a Domain,
    /// Every activation region.
    pub regions: &'a [Region],
    /// The region complex.
    pub complex: &'a Complex,
    cells: OnceLock<CellStructure>,
}

impl<'a> Case<'a> {
    /// The case of `network` enumerated on `domain` into `regions` forming `complex`.
    pub fn new(
        network: &'a Network,
        domain: &'a Domain,
        regions: &'a [Region],
        complex: &'a Complex,
    ) -> Case<'a> {
        Case {
            network,
            domain,
            regions,
            complex,
            cells: OnceLock::new(),
        }
    }

    /// The cells of the complex with their vanishing constraints, computed on first use.
    pub fn cells(&self) -> &CellStructure {
        self.cells.get_or_init(|| CellStructure::of(self))
    }

    /// Whether the domain is the whole of R^d.
    pub fn whole_space(&self) -> bool {
        self.domain.truncation().is_some()
    }

    /// The domain's sides, each with its first source (`Source::Domain`) and its inequality
    /// (non-negative on the domain); none over R^d.
    pub fn domain_sides(&self) -> Vec<(Source, &AffineForm)> {
        if self.whole_space() {
            return Vec::new();
        }
        self.domain
            .polytope()
            .facets()
            .iter()
            .filter_map(|f| Some((f.sources.iter().min().copied()?, &f.inequality)))
            .collect()
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

    /// The verdict's kind, its value, its bound and its note (a violation's detail or why it
    /// does not apply); empty strings where there is none.
    pub fn parts(&self) -> (VerdictKind, &str, &str, &str) {
        match self {
            Verdict::Holds { value, expected } => (VerdictKind::Holds, value, expected, ""),
            Verdict::Violated {
                value,
                expected,
                detail,
            } => (VerdictKind::Violated, value, expected, detail),
            Verdict::NotApplicable { reason } => (VerdictKind::NotApplicable, "", "", reason),
        }
    }

    /// `NotApplicable` with `reason`.
    pub fn not_applicable(reason: impl Into<String>) -> Verdict {
        Verdict::NotApplicable {
            reason: reason.into(),
        }
    }
}

/// A verdict without its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerdictKind {
    /// The entry holds.
    Holds,
    /// The entry is violated (its hypotheses hold).
    Violated,
    /// A hypothesis fails.
    NotApplicable,
}

impl VerdictKind {
    /// `holds`, `violated` or `not-applicable` (the spelling of `relupoly theory --json`); the
    /// `Display` form spells the last `not applicable`, as stored results and reports do.
    pub fn name(self) -> &'static str {
        match self {
            VerdictKind::Holds => "holds",
            VerdictKind::Violated => "violated",
            VerdictKind::NotApplicable => "not-applicable",
        }
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerdictKind::NotApplicable => f.write_str("not applicable"),
            other => f.write_str(other.name()),
        }
    }
}

impl FromStr for VerdictKind {
    type Err = String;
    /// Either spelling.
    fn from_str(text: &str) -> Result<VerdictKind, String> {
        match text {
            "holds" => Ok(VerdictKind::Holds),
            "violated" => Ok(VerdictKind::Violated),
            "not applicable" | "not-applicable" => Ok(VerdictKind::NotApplicable),
            _ => Err(format!("unknown verdict \"{text}\"")),
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

/// What a violation of an entry would mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Proved in `proofs/`: a violation means a bug in relupoly or in the proof.
    Theorem,
    /// A published statement cited as written: a violation is a refutation (exact numbers and
    /// the network are kept).
    PublishedClaim,
    /// A check of relupoly's own computation (e.g. Euler-Poincare): a violation is a bug.
    Consistency,
}

impl Kind {
    /// `theorem`, `published-claim` or `consistency`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Theorem => "theorem",
            Kind::PublishedClaim => "published-claim",
            Kind::Consistency => "consistency",
        }
    }

    /// The kind named `name` (as [`Kind::name`] spells it).
    pub fn from_name(name: &str) -> Option<Kind> {
        [Kind::Theorem, Kind::PublishedClaim, Kind::Consistency]
            .into_iter()
            .find(|k| k.name() == name)
    }

    /// The word for a violation of an entry of this kind: `refuted` for a published claim,
    /// `VIOLATED` otherwise.
    pub fn violation_word(self) -> &'static str {
        match self {
            Kind::PublishedClaim => "refuted",
            Kind::Theorem | Kind::Consistency => "VIOLATED",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(text: &str) -> Result<Kind, String> {
        Kind::from_name(text).ok_or_else(|| format!("unknown kind \"{text}\""))
    }
}

/// How an entry's kind depends on the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindRule {
    /// The same kind on every case.
    Always(Kind),
    /// A theorem for d <= 2 or one hidden layer (where `proofs/` proves it), a published claim
    /// otherwise.
    TheoremInThePlaneOrOneLayer,
    /// A theorem for one hidden layer, a published claim otherwise.
    TheoremForOneLayer,
}

impl KindRule {
    /// The kind on `case`.
    pub fn of(self, case: &Case) -> Kind {
        let one_layer = case.network.blocks().len() == 1;
        match self {
            KindRule::Always(kind) => kind,
            KindRule::TheoremInThePlaneOrOneLayer if case.dim() <= 2 || one_layer => Kind::Theorem,
            KindRule::TheoremForOneLayer if one_layer => Kind::Theorem,
            KindRule::TheoremInThePlaneOrOneLayer | KindRule::TheoremForOneLayer => {
                Kind::PublishedClaim
            }
        }
    }

    /// The rule in words, e.g. `theorem for d <= 2 or one hidden layer; published claim
    /// otherwise`.
    pub fn describe(self) -> &'static str {
        match self {
            KindRule::Always(kind) => kind.name(),
            KindRule::TheoremInThePlaneOrOneLayer => {
                "theorem for d <= 2 or one hidden layer; published-claim otherwise"
            }
            KindRule::TheoremForOneLayer => {
                "theorem for one hidden layer; published-claim otherwise"
            }
        }
    }
}

/// One entry's kind and verdict on one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The entry's id.
    pub id: &'static str,
    /// What a violation means on this case.
    pub kind: Kind,
    /// The verdict.
    pub verdict: Verdict,
}

/// Every catalogue entry evaluated on `case`, in catalogue order.
pub fn evaluate_all(case: &Case) -> Vec<Outcome> {
    catalogue()
        .iter()
        .map(|entry| Outcome {
            id: entry.id,
            kind: entry.kind.of(case),
            verdict: (entry.evaluate)(case),
        })
        .collect()
}

/// One bound or identity of the catalogue.
#[derive(Clone, Copy)]
pub struct Entry {
    /// A short stable identifier, e.g. `mean-facets-2d`.
    pub id: &'static str,
    /// What the entry is on a case: most entries have one kind everywhere; a published theorem
    /// proved here in some settings (e.g. one hidden layer) is a theorem there and a published
    /// claim elsewhere.
    pub kind: KindRule,
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
        euler_bent::ENTRY,
        max_regions::ENTRY,
    ]
}

/// A published claim of the catalogue that relupoly has refuted: an exact counterexample kept
/// in `data/reference/refutations/` (`tests/refutations.rs` checks that each one violates its
/// entry, a published claim there, over R^d).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refutation {
    /// The refuted entry's id.
    pub entry: &'static str,
    /// The input dimension of the counterexample.
    pub dim: usize,
    /// Its file in `data/reference/refutations/`.
    pub network: &'static str,
}

/// Every refutation kept in `data/reference/refutations/`, by entry.
pub const REFUTATIONS: [Refutation; 4] = [
    Refutation {
        entry: "mean-facets-2d",
        dim: 3,
        network: "genus-grid-k6.json",
    },
    Refutation {
        entry: "cell-faces-2k",
        dim: 3,
        network: "genus-grid-k6.json",
    },
    Refutation {
        entry: "last-layer-monotone",
        dim: 2,
        network: "last-layer-3-3.json",
    },
    Refutation {
        entry: "last-layer-monotone",
        dim: 2,
        network: "new-layer-5-1.json",
    },
];

/// The whole catalogue on one case, with the case's genericity and, over R^d, its bent
/// hyperplanes: what `relupoly theory` reports.
#[derive(Debug, Clone)]
pub struct CaseVerdicts {
    /// `complex` (every proper cell generic) and `first_layer` (in general position): `Ok` or
    /// why not.
    pub genericity: Vec<(&'static str, Result<(), String>)>,
    /// Every entry's outcome, in catalogue order.
    pub outcomes: Vec<Outcome>,
    /// Over R^d, the bent hyperplanes' Euler characteristics and genera.
    pub bent: Option<BentHyperplanes>,
}

impl CaseVerdicts {
    /// Evaluates everything on `case`.
    pub fn of(case: &Case) -> CaseVerdicts {
        CaseVerdicts {
            genericity: vec![
                ("complex", generic(case)),
                ("first_layer", first_layer_in_general_position(case.network)),
            ],
            outcomes: evaluate_all(case),
            bent: case.whole_space().then(|| bent_hyperplanes(case)),
        }
    }

    /// Whether the case is generic in every sense checked.
    pub fn generic(&self) -> bool {
        self.genericity.iter().all(|(_, r)| r.is_ok())
    }

    /// The entries violated although they are theorems or consistency checks (bugs).
    pub fn bugs(&self) -> Vec<&'static str> {
        self.outcomes
            .iter()
            .filter(|o| {
                o.kind != Kind::PublishedClaim && matches!(o.verdict, Verdict::Violated { .. })
            })
            .map(|o| o.id)
            .collect()
    }
}
