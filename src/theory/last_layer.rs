//! Gaines & Bi 2026, Theorem 3.6: adding neurons to the last layer does not lower the mean
//! number of facets over R^d.

use super::hypotheses::{generic, plain_relu};
use super::{Case, Entry, Scope, Verdict};
use crate::network::{Layer, Network};
use crate::regions::{enumerate, Complex, Domain, Limits, Summary};

/// The network without the last neuron of its last hidden layer (`None` if that layer has one
/// neuron or there is an output layer reading it).
fn without_last_neuron(network: &Network) -> Option<Network> {
    let mut hidden: Vec<Layer> = network.plain_layers()?.into_iter().cloned().collect();
    let last = hidden.last_mut()?;
    if last.width() < 2 || network.output().is_some() {
        return None;
    }
    last.weights.pop();
    last.biases.pop();
    Network::new(network.input_dim(), hidden, None).ok()
}

fn evaluate(case: &Case) -> Verdict {
    if !case.whole_space() {
        return Verdict::not_applicable(
            "the domain is not R^d: the statement is about the whole space",
        );
    }
    if let Err(reason) = plain_relu(case.network) {
        return Verdict::not_applicable(reason);
    }
    if case.network.blocks().len() != 1 {
        return Verdict::not_applicable(
            "the network has more than one hidden layer: the statement as transcribed fails there on exact counterexamples (proofs/last-layer-monotone.md), so it is checked for one hidden layer only",
        );
    }
    if let Err(reason) = generic(case) {
        return Verdict::not_applicable(reason);
    }
    let Some(smaller) = without_last_neuron(case.network) else {
        return Verdict::not_applicable(
            "the last hidden layer has a single neuron (or feeds an output layer)",
        );
    };
    let domain = match Domain::whole_space(&smaller) {
        Ok(domain) => domain,
        Err(e) => {
            return Verdict::not_applicable(format!(
                "the smaller network cannot be enumerated: {e}"
            ))
        }
    };
    let regions = match enumerate(&smaller, &domain, Limits::default(), &mut |_| {}) {
        Ok(regions) => regions,
        Err(e) => {
            return Verdict::not_applicable(format!(
                "the smaller network cannot be enumerated: {e}"
            ))
        }
    };
    let complex = Complex::of(&regions);
    let smaller_case = Case {
        network: &smaller,
        domain: &domain,
        regions: &regions,
        complex: &complex,
    };
    if let Err(reason) = generic(&smaller_case) {
        return Verdict::not_applicable(format!("without the last neuron: {reason}"));
    }
    let before = Summary::of(&regions, &complex).facets.mean;
    let after = Summary::of(case.regions, case.complex).facets.mean;
    Verdict::compare(
        after >= before,
        after.to_string(),
        format!(">= {before} (without the last neuron of the last layer)"),
        "adding the last neuron lowered the mean number of facets".into(),
    )
}

/// The catalogue entry.
pub const ENTRY: Entry = Entry {
    id: "last-layer-monotone",
    statement: "over R^d, for a generic network with one hidden layer, adding a neuron to it does not lower the mean number of facets per region",
    source: "Gaines & Bi, ICLR 2026, Thm 3.6 as transcribed in theory.md (for any depth); exact counterexamples for depth 2 restrict it here to one hidden layer",
    proof: "proofs/last-layer-monotone.md",
    scope: Scope::PerNetwork,
    evaluate,
};
