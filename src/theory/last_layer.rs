//! Gaines & Bi 2026, Theorem 3.6: adding neurons to the last layer, or a new layer after it,
//! does not lower the mean number of facets over R^d. Proved here for one hidden layer; false
//! beyond (refuted exactly, see `data/reference/refutations/`).

use super::hypotheses::{generic_network, plain_relu};
use super::{Case, Entry, KindRule, Scope, Verdict};
use crate::network::{Layer, Network};
use crate::regions::{Domain, Limits, Run, Summary};

/// The network before its last neuron was added: without the last neuron of its last hidden
/// layer, or without that layer when it has one neuron (the neuron that started a new layer).
/// The output layer is left out (it does not change the regions). `None` for a single hidden
/// layer of one neuron.
pub fn before_last_neuron(network: &Network) -> Option<Network> {
    let mut hidden: Vec<Layer> = network.plain_layers()?.into_iter().cloned().collect();
    let last = hidden.last_mut()?;
    if last.width() > 1 {
        last.weights.pop();
        last.biases.pop();
    } else {
        hidden.pop();
    }
    if hidden.is_empty() {
        return None;
    }
    Network::new(network.input_dim(), hidden, None).ok()
}

/// The exact mean number of facets of `network` over R^d, if it is generic (whole-space
/// genericity) and can be enumerated.
fn generic_mean(network: &Network) -> Result<crate::exact::Rational, String> {
    let domain = Domain::whole_space(network).map_err(|e| e.to_string())?;
    let limits = Limits {
        skip_volumes: true,
        ..Limits::default()
    };
    let run = Run::new(network, domain).with_limits(limits);
    let (regions, outcome) = run.collect(&mut |_| {}).map_err(|e| e.to_string())?;
    let complex = outcome.complex.expect("the run builds the complex");
    generic_network(&Case::new(network, run.domain(), &regions, &complex))?;
    Ok(outcome.summary.facets.mean)
}

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the statement is about the whole space",
        );
    }
    if let Err(reason) = plain_relu(case.network).and_then(|()| generic_network(case)) {
        return Verdict::not_applicable(reason);
    }
    let Some(smaller) = before_last_neuron(case.network) else {
        return Verdict::not_applicable("the network is a single hidden layer of one neuron");
    };
    let before = match generic_mean(&smaller) {
        Ok(mean) => mean,
        Err(reason) => {
            return Verdict::not_applicable(format!("without the last neuron: {reason}"));
        }
    };
    let after = Summary::of(case.regions, case.complex).facets.mean;
    let added = if case.network.widths().last() == Some(&1) && case.network.blocks().len() > 1 {
        "a new last layer of one neuron"
    } else {
        "the last neuron of the last layer"
    };
    Verdict::compare(
        after >= before,
        after.to_string(),
        format!(">= {before} (without {added})"),
        format!("adding {added} lowered the mean number of facets from {before} to {after}"),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "last-layer-monotone",
    kind: KindRule::TheoremForOneLayer,
    statement: "\"The average number of faces of d-cells in C_n increases monotonically in terms of n\", C_n the complex after n neurons have been added to the last layer or a new layer after it (over R^d, generic plain ReLU networks); checked against the network without its last neuron",
    source: "Gaines & Bi, ICLR 2026, Thm 3.6 (verbatim); proved here for one hidden layer, refuted for two (proofs/last-layer-monotone.md)",
    proof: "proofs/last-layer-monotone.md",
    scope: Scope::PerNetwork,
    evaluate,
};
