//! Random networks with their exact answers on [-1, 1]^d (and, on demand, on R^d).

use super::answer::Answer;
use crate::exact::Rational;
use crate::network::{BiasInit, BlockKind, Network, RandomSpec, WeightInit};
use crate::regions::Domain;
use proptest::prelude::*;
use std::fmt;
use std::ops::RangeInclusive;

/// The shapes of the networks drawn: input dimension, hidden widths and number of hidden layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSizes {
    /// The input dimension d (each at least 1). Default `2..=4`.
    pub dims: RangeInclusive<usize>,
    /// The width of each hidden layer (each at least 1), drawn per layer. Default `1..=4`.
    pub widths: RangeInclusive<usize>,
    /// The number of hidden layers (each at least 1). Default `1..=2`.
    pub depth: RangeInclusive<usize>,
}

impl Default for NetworkSizes {
    /// Small cases, enumerated in milliseconds: d = 2..4, 1 to 4 neurons per layer, 1 or 2
    /// hidden layers.
    fn default() -> NetworkSizes {
        NetworkSizes {
            dims: 2..=4,
            widths: 1..=4,
            depth: 1..=2,
        }
    }
}

/// A random network together with its exact activation regions on the box `[-1, 1]^d`.
///
/// Its `Debug` output is short (the specification and the counts), so that a failing property
/// test prints a case that can be rebuilt with [`NetworkCase::from_spec`] or
/// `relupoly random`.
#[derive(Clone)]
pub struct NetworkCase {
    /// How the network was drawn: reproduces it exactly on every machine.
    pub spec: RandomSpec,
    /// The network, its weights exact rationals (binary64 values, or small integers).
    pub network: Network,
    /// The exact answer on the box `[-1, 1]^d`.
    pub answer: Answer,
}

impl NetworkCase {
    /// The case of the network `spec` draws, with its answer on `[-1, 1]^d`.
    ///
    /// Panics if `spec` is invalid (see [`RandomSpec::generate`]).
    pub fn from_spec(spec: RandomSpec) -> NetworkCase {
        let network = spec.generate().expect("a valid random specification");
        let d = network.input_dim();
        let domain =
            Domain::cube(d, &Rational::from(-1), &Rational::from(1)).expect("[-1, 1]^d is a box");
        let answer = Answer::new(&network, domain).expect("the box has the network's dimension");
        NetworkCase {
            spec,
            network,
            answer,
        }
    }

    /// The input dimension d.
    pub fn dim(&self) -> usize {
        self.network.input_dim()
    }

    /// The hidden layers in f64 (exact: the weights are binary64 values), each as
    /// `(weights, biases)` with one weight row per neuron (PyTorch's layout).
    pub fn layers_f64(&self) -> Vec<(Vec<Vec<f64>>, Vec<f64>)> {
        self.network
            .blocks()
            .iter()
            .map(|b| b.layer.to_f64())
            .collect()
    }

    /// The exact answer on the whole space R^d, computed on demand (regions may be unbounded:
    /// their `volume` is `None` and their `recession` is set).
    pub fn whole_space(&self) -> Answer {
        let domain = Domain::whole_space(&self.network).expect("R^d is a domain for any network");
        Answer::new(&self.network, domain).expect("R^d has the network's dimension")
    }
}

impl fmt::Debug for NetworkCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.spec;
        write!(
            f,
            "NetworkCase {{ relupoly random --input-dim {} --widths {} --init {} --bias {} --seed {} \
             ({} regions on [-1, 1]^{}, complex f-vector {:?}) }}",
            s.input_dim,
            s.widths
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
            s.init,
            s.bias,
            s.seed,
            self.answer.regions.len(),
            s.input_dim,
            self.answer.complex.f_vector,
        )
    }
}

/// Cases drawn with one of `inits` (weights and biases), shapes from `sizes`, any seed. Shrinking
/// goes to fewer and narrower layers, lower dimensions, the first initialisation and seed 0.
fn networks(
    inits: Vec<(WeightInit, BiasInit)>,
    sizes: NetworkSizes,
) -> impl Strategy<Value = NetworkCase> {
    (
        sizes.dims,
        proptest::collection::vec(sizes.widths, sizes.depth),
        proptest::sample::select(inits),
        any::<u64>(),
    )
        .prop_map(|(input_dim, widths, (init, bias), seed)| {
            NetworkCase::from_spec(RandomSpec {
                input_dim,
                widths,
                output: None,
                init,
                bias,
                seed,
                bits: None,
                blocks: BlockKind::plain(),
                first_layer_rank: None,
            })
        })
}

/// The float initialisations, each with `bias`.
fn float_inits(bias: BiasInit) -> Vec<(WeightInit, BiasInit)> {
    [
        WeightInit::HeNormal,
        WeightInit::HeUniform,
        WeightInit::XavierNormal,
        WeightInit::XavierUniform,
        WeightInit::Pytorch,
        WeightInit::Orthogonal,
    ]
    .into_iter()
    .map(|init| (init, bias))
    .collect()
}

/// Generic networks: binary64 weights from the usual initialisations (He, Xavier, PyTorch,
/// orthogonal) and PyTorch-default biases. With probability one their regions are simple and
/// every facet has one source ([`Answer::is_generic`]).
pub fn generic_network(sizes: NetworkSizes) -> impl Strategy<Value = NetworkCase> {
    networks(float_inits(BiasInit::Pytorch), sizes)
}

/// Degenerate networks: integer weights and biases in [-K, K], K = 1 or 2 (`integers:K`). They
/// have parallel, concurrent and duplicated hyperplanes, hyperplanes through the box's vertices
/// and along its sides, and dead neurons (zero rows, neurons negative on a whole region).
pub fn degenerate_network(sizes: NetworkSizes) -> impl Strategy<Value = NetworkCase> {
    networks(
        (1..=2)
            .map(|k| (WeightInit::Integers(k), BiasInit::Integers(k)))
            .collect(),
        sizes,
    )
}

/// Networks without biases: binary64 weights from the usual initialisations, all biases zero.
/// The network is positively homogeneous, so every region is a cone from the origin (cut by the
/// box), and over R^d no region is bounded.
pub fn zero_bias_network(sizes: NetworkSizes) -> impl Strategy<Value = NetworkCase> {
    networks(float_inits(BiasInit::Zero), sizes)
}
