//! The affine layer being read: a chain of affine maps with no activation between them, composed
//! exactly into one dense layer when it closes.
//!
//! The chain keeps its maps as they are (a convolution as its kernel, a pool as its window) and
//! its constant term as one vector, updated as maps are added (`b <- A b + c`). When the layer
//! closes, each row of the product `A_n ... A_1` is found by pulling the unit vector `e_i` back
//! through the maps, last first: a sparse vector times a map, skipping zero entries, summed in
//! one scratch row per thread, is the sparse vector one map earlier. So nothing larger than the
//! dense result is ever held: neither a map's own dense matrix nor an intermediate product.
//! Rows are computed in parallel and collected in order.

use super::map::Map;
use crate::exact::Rational;
use crate::network::Layer;
use malachite::base::num::basic::traits::{One, Zero};
use rayon::prelude::*;

/// The most entries a dense layer may have (2^27, at least 7.5 GB of rationals): a larger
/// result is refused rather than exhausting memory.
pub const MAX_ENTRIES: usize = 1 << 27;

/// A chain of affine maps from `inputs` entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    inputs: usize,
    maps: Vec<Map>,
    /// The chain's value at 0 (`None`: zero).
    offset: Option<Vec<Rational>>,
}

impl Chain {
    /// The identity on `inputs` entries (no map yet).
    pub fn new(inputs: usize) -> Chain {
        Chain {
            inputs,
            maps: vec![],
            offset: None,
        }
    }

    /// The number of outputs.
    pub fn outputs(&self) -> usize {
        self.maps.last().map_or(self.inputs, Map::outputs)
    }

    /// Whether the chain is the identity (no map and no constant term added).
    pub fn is_identity(&self) -> bool {
        self.maps.is_empty() && self.offset.is_none()
    }

    /// Appends `map`, which must read as many entries as the chain gives.
    pub fn push(&mut self, map: Map) -> Result<(), String> {
        if map.inputs() != self.outputs() {
            return Err(format!(
                "reads {} entries, but the value before has {}",
                map.inputs(),
                self.outputs()
            ));
        }
        let biased = (0..map.outputs()).any(|j| map.bias(j).is_some());
        self.offset = match (self.offset.take(), biased) {
            (None, false) => None,
            (offset, _) => Some(
                (0..map.outputs())
                    .map(|j| {
                        let mut sum = map.bias(j).cloned().unwrap_or(Rational::ZERO);
                        if let Some(x) = &offset {
                            map.row(j, |k, a| {
                                if *a != 0u32 && x[k] != 0u32 {
                                    sum += a * &x[k];
                                }
                            });
                        }
                        sum
                    })
                    .collect(),
            ),
        };
        self.maps.push(map);
        Ok(())
    }

    /// Adds `terms` (one per output) to the chain's value.
    pub fn add(&mut self, terms: Vec<Rational>) -> Result<(), String> {
        if terms.len() != self.outputs() {
            return Err(format!(
                "{} terms added to a value of {} entries",
                terms.len(),
                self.outputs()
            ));
        }
        self.offset = Some(match self.offset.take() {
            None => terms,
            Some(offset) => offset.into_iter().zip(terms).map(|(a, b)| a + b).collect(),
        });
        Ok(())
    }

    /// The chain as one dense layer, exactly (one row per output, one column per input); an
    /// error if it would have more than [`MAX_ENTRIES`] entries.
    pub fn into_layer(self) -> Result<Layer, String> {
        let (outputs, inputs) = (self.outputs(), self.inputs);
        match outputs.checked_mul(inputs) {
            Some(n) if n <= MAX_ENTRIES => {}
            _ => {
                return Err(format!(
                    "the layer would be a dense {outputs} x {inputs} matrix: more than the \
                     {MAX_ENTRIES} entries read"
                ))
            }
        }
        let biases = self.offset.unwrap_or_else(|| vec![Rational::ZERO; outputs]);
        let mut maps = self.maps;
        if let [Map::Dense(_)] = &maps[..] {
            if let Some(Map::Dense(layer)) = maps.pop() {
                return Ok(Layer {
                    weights: layer.weights,
                    biases,
                });
            }
        }
        let widest = maps.iter().map(Map::inputs).max().unwrap_or(0);
        let weights = (0..outputs)
            .into_par_iter()
            .map_init(
                || Scratch::new(widest),
                |scratch, i| {
                    let mut vector = vec![(i, Rational::ONE)];
                    for map in maps.iter().rev() {
                        vector = scratch.pull_back(map, &vector);
                    }
                    let mut row = vec![Rational::ZERO; inputs];
                    for (k, v) in vector {
                        row[k] = v;
                    }
                    row
                },
            )
            .collect();
        Ok(Layer { weights, biases })
    }
}

/// One thread's dense accumulator for sparse vector-matrix products.
struct Scratch {
    values: Vec<Rational>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Scratch {
    fn new(width: usize) -> Scratch {
        Scratch {
            values: vec![Rational::ZERO; width],
            seen: vec![false; width],
            touched: vec![],
        }
    }

    /// `v^T A` for the sparse `vector` `v` over the map's outputs: the sparse vector over its
    /// inputs, in increasing index, without zeros.
    fn pull_back(&mut self, map: &Map, vector: &[(usize, Rational)]) -> Vec<(usize, Rational)> {
        for (j, v) in vector {
            map.row(*j, |k, a| {
                if *a == 0u32 {
                    return;
                }
                let term = v * a;
                if self.seen[k] {
                    self.values[k] += term;
                } else {
                    self.seen[k] = true;
                    self.touched.push(k);
                    self.values[k] = term;
                }
            });
        }
        self.touched.sort_unstable();
        let mut out = Vec::with_capacity(self.touched.len());
        for &k in &self.touched {
            self.seen[k] = false;
            let v = std::mem::replace(&mut self.values[k], Rational::ZERO);
            if v != 0u32 {
                out.push((k, v));
            }
        }
        self.touched.clear();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::map::Channels;
    use super::*;

    fn q(n: i64) -> Rational {
        Rational::from(n)
    }

    fn dense(rows: &[&[i64]], biases: &[i64]) -> Map {
        Map::Dense(Layer {
            weights: rows
                .iter()
                .map(|r| r.iter().copied().map(q).collect())
                .collect(),
            biases: biases.iter().copied().map(q).collect(),
        })
    }

    #[test]
    fn maps_compose_exactly() {
        // x -> [[1, 2], [0, 3]] x + (1, -1), then scale 2, shift 5 on both, then [[1, -1]] + 4.
        let mut chain = Chain::new(2);
        chain.push(dense(&[&[1, 2], &[0, 3]], &[1, -1])).unwrap();
        chain
            .push(Map::Channels(Channels {
                scale: vec![q(2)],
                shift: vec![q(5)],
                spatial: 2,
            }))
            .unwrap();
        chain.add(vec![q(1), q(0)]).unwrap();
        chain.push(dense(&[&[1, -1]], &[4])).unwrap();
        let layer = chain.into_layer().unwrap();
        // Rows: 2 [1, 2] - 2 [0, 3] = [2, -2]; bias: (2 + 5 + 1) - (-2 + 5) + 4 = 9.
        assert_eq!(layer.weights, [vec![q(2), q(-2)]]);
        assert_eq!(layer.biases, [q(9)]);
    }

    #[test]
    fn one_dense_map_is_moved_and_a_mismatch_is_refused() {
        let mut chain = Chain::new(2);
        chain.push(dense(&[&[1, 2]], &[3])).unwrap();
        assert!(chain.push(dense(&[&[1, 2]], &[3])).is_err());
        let layer = chain.into_layer().unwrap();
        assert_eq!(layer.weights, [vec![q(1), q(2)]]);
        let identity = Chain::new(2).into_layer().unwrap();
        assert_eq!(identity.weights, [vec![q(1), q(0)], vec![q(0), q(1)]]);
        assert!(Chain::new(1 << 14).into_layer().is_err());
    }
}
