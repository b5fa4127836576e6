//! Networks built on purpose: the genus-grid family whose bent hyperplane is a closed surface
//! of high genus (the exact counterexample to Gaines & Bi's Thm 3.1 and 3.4 in R^3).

use super::random::Xoshiro256;
use super::{Layer, Network};
use crate::exact::Rational;

fn q(numerator: i64, denominator: i64) -> Rational {
    Rational::from_signeds(numerator, denominator)
}

/// The genus-grid network of size `k >= 1` in R^3 (`../shared/reference/theory.md` item 2):
/// one hidden layer of `6k + 9` neurons and one last neuron
/// `g = s(x) + s(y) + s(z) - 3/2 - 10 (sum of the six penalties)`, where per axis t the zigzag
/// `s(t) = sum_j c_j relu(t - t_j)` has breakpoints `t_j = 1/2, 1, ..., k + 1/2` and
/// coefficients `2, -4, 4, ..., 4, -4, 2` (peaks 1 at t = 1..k), and the penalties are
/// `relu(2/5 - t)` and `relu(t - k - 3/5)`. `{g > 0}` is a thickened k x k x k grid graph, so
/// g's bent hyperplane is a closed surface of genus `2k^3 - 3k^2 + 1`. With `seed`, every weight
/// and bias then gets an independent perturbation `j / 10^6`, `j` uniform in [-1000, 1000]
/// (the project's seeded generator), which makes the network generic; without, the exact
/// (degenerate) construction.
pub fn genus_grid(k: usize, seed: Option<u64>) -> Result<Network, String> {
    if k == 0 || k > 1000 {
        return Err(format!(
            "the grid size k must be between 1 and 1000, found {k}"
        ));
    }
    let k = k as i64;
    let mut first = Layer {
        weights: Vec::new(),
        biases: Vec::new(),
    };
    let mut last_row = Vec::new();
    for axis in 0..3 {
        let unit = |sign: i64| -> Vec<Rational> {
            (0..3)
                .map(|a| Rational::from(if a == axis { sign } else { 0 }))
                .collect()
        };
        for j in 0..=2 * k {
            first.weights.push(unit(1));
            first.biases.push(-q(j + 1, 2));
            let coefficient = if j == 0 || j == 2 * k {
                2
            } else if j % 2 == 1 {
                -4
            } else {
                4
            };
            last_row.push(Rational::from(coefficient));
        }
        first.weights.push(unit(-1));
        first.biases.push(q(2, 5));
        first.weights.push(unit(1));
        first.biases.push(-q(5 * k + 3, 5));
        last_row.extend([Rational::from(-10), Rational::from(-10)]);
    }
    let mut last = Layer {
        weights: vec![last_row],
        biases: vec![-q(3, 2)],
    };
    if let Some(seed) = seed {
        let mut generator = Xoshiro256::seeded(seed);
        for layer in [&mut first, &mut last] {
            for (row, bias) in layer.weights.iter_mut().zip(layer.biases.iter_mut()) {
                for value in row.iter_mut().chain(std::iter::once(bias)) {
                    *value += q(generator.integer(1000) as i64, 1_000_000);
                }
            }
        }
    }
    Network::new(3, vec![first, last], None)
}
