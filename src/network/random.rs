//! Seeded random networks that are the same on every machine.
//!
//! Numbers are drawn by xoshiro256** seeded through SplitMix64, turned into f64 with only
//! correctly rounded operations and the portable `libm` functions, so that the same arguments give
//! the same bits everywhere; each f64 is then stored exactly.

use super::activation::Activation;
use super::model::{Block, Layer, Network, Shortcut};
use crate::exact::{parse_rational, Rational};
use std::fmt;
use std::str::FromStr;

/// How weights are drawn (fan_in = inputs of the layer, fan_out = its width).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightInit {
    /// U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
    XavierUniform,
    /// N(0, 2 / (fan_in + fan_out)).
    XavierNormal,
    /// U(-a, a), a = sqrt(6 / fan_in).
    HeUniform,
    /// N(0, 2 / fan_in).
    HeNormal,
    /// PyTorch's `nn.Linear` default: U(-a, a), a = 1 / sqrt(fan_in).
    Pytorch,
    /// A matrix with orthonormal rows (or columns, whichever are fewer), from the QR
    /// factorisation of a Gaussian matrix with the signs of R's diagonal fixed, as PyTorch does.
    Orthogonal,
    /// Integers drawn uniformly from [-K, K]: the degenerate family.
    Integers(u32),
}

/// How biases are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BiasInit {
    /// No bias at all: every bias is zero and stays zero (the trainer freezes them).
    None,
    /// All biases zero at initialisation; training may change them.
    Zero,
    /// PyTorch's `nn.Linear` default: U(-a, a), a = 1 / sqrt(fan_in).
    Pytorch,
    /// U(-a, a).
    Uniform(f64),
    /// Integers drawn uniformly from [-K, K].
    Integers(u32),
}

fn parse_count(text: &str, what: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|&k| k >= 1)
        .ok_or_else(|| format!("{what}: K must be a whole number of at least 1, found \"{text}\""))
}

impl FromStr for WeightInit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "xavier-uniform" => WeightInit::XavierUniform,
            "xavier-normal" => WeightInit::XavierNormal,
            "he-uniform" => WeightInit::HeUniform,
            "he-normal" => WeightInit::HeNormal,
            "pytorch" => WeightInit::Pytorch,
            "orthogonal" => WeightInit::Orthogonal,
            _ => match s.strip_prefix("integers:") {
                Some(k) => WeightInit::Integers(parse_count(k, "integers:K")?),
                None => return Err(format!(
                    "unknown initialisation \"{s}\" (expected xavier-uniform, xavier-normal, he-uniform, he-normal, pytorch, orthogonal or integers:K)"
                )),
            },
        })
    }
}

impl fmt::Display for WeightInit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightInit::XavierUniform => f.write_str("xavier-uniform"),
            WeightInit::XavierNormal => f.write_str("xavier-normal"),
            WeightInit::HeUniform => f.write_str("he-uniform"),
            WeightInit::HeNormal => f.write_str("he-normal"),
            WeightInit::Pytorch => f.write_str("pytorch"),
            WeightInit::Orthogonal => f.write_str("orthogonal"),
            WeightInit::Integers(k) => write!(f, "integers:{k}"),
        }
    }
}

impl FromStr for BiasInit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(k) = s.strip_prefix("integers:") {
            return Ok(BiasInit::Integers(parse_count(k, "integers:K")?));
        }
        if let Some(a) = s.strip_prefix("uniform:") {
            return match a.parse::<f64>() {
                Ok(a) if a.is_finite() && a > 0.0 => Ok(BiasInit::Uniform(a)),
                _ => Err(format!(
                    "uniform:A needs a positive finite A, found \"{a}\""
                )),
            };
        }
        match s {
            "none" => Ok(BiasInit::None),
            "zero" => Ok(BiasInit::Zero),
            "pytorch" => Ok(BiasInit::Pytorch),
            _ => Err(format!(
                "unknown bias mode \"{s}\" (expected none, zero, pytorch, uniform:A or integers:K)"
            )),
        }
    }
}

impl fmt::Display for BiasInit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BiasInit::None => f.write_str("none"),
            BiasInit::Zero => f.write_str("zero"),
            BiasInit::Pytorch => f.write_str("pytorch"),
            BiasInit::Uniform(a) => write!(f, "uniform:{a}"),
            BiasInit::Integers(k) => write!(f, "integers:{k}"),
        }
    }
}

/// The kind of hidden block a random network is built of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockKind {
    /// Residual blocks `x + W2 act(W1 x + b1) + b2` on a stream of width d (no projection),
    /// `W1` having the block's width; otherwise plain layers.
    pub residual: bool,
    /// The neurons' activation.
    pub activation: Activation,
}

impl BlockKind {
    /// Plain ReLU layers.
    pub fn plain() -> BlockKind {
        BlockKind {
            residual: false,
            activation: Activation::Relu,
        }
    }
}

impl FromStr for BlockKind {
    type Err = String;
    /// `plain`, `residual`, `leaky:S` or `residual-leaky:S` (S an exact number, e.g. `1/100`).
    fn from_str(s: &str) -> Result<Self, String> {
        let (residual, rest) = match s {
            "plain" => return Ok(BlockKind::plain()),
            "residual" => {
                return Ok(BlockKind {
                    residual: true,
                    ..BlockKind::plain()
                })
            }
            _ => match s.strip_prefix("residual-") {
                Some(rest) => (true, rest),
                None => (false, s),
            },
        };
        let slope = rest.strip_prefix("leaky:").ok_or_else(|| {
            format!("unknown block kind \"{s}\" (expected plain, residual, leaky:S or residual-leaky:S)")
        })?;
        let slope =
            parse_rational(slope).map_err(|e| format!("block kind \"{s}\": the slope {e}"))?;
        Ok(BlockKind {
            residual,
            activation: Activation::leaky(slope),
        })
    }
}

impl fmt::Display for BlockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.residual, &self.activation) {
            (false, Activation::Relu) => f.write_str("plain"),
            (true, Activation::Relu) => f.write_str("residual"),
            (false, Activation::LeakyRelu(slope)) => write!(f, "leaky:{slope}"),
            (true, Activation::LeakyRelu(slope)) => write!(f, "residual-leaky:{slope}"),
        }
    }
}

/// Everything that determines a random network.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomSpec {
    /// Input dimension d (at least 1).
    pub input_dim: usize,
    /// Widths of the hidden layers (each at least 1, at least one layer).
    pub widths: Vec<usize>,
    /// Width of the affine output layer, if any.
    pub output: Option<usize>,
    /// How weights are drawn.
    pub init: WeightInit,
    /// How biases are drawn.
    pub bias: BiasInit,
    /// The seed.
    pub seed: u64,
    /// If set, every drawn value is rounded to this many significant bits (1..=53).
    pub bits: Option<u32>,
    /// The kind of hidden block.
    pub blocks: BlockKind,
    /// If set to r, the first layer's weight matrix is the exact product `A B` of an
    /// `n_1 x r` matrix `A` and an `r x d` matrix `B`, both drawn with `init`: its rank is at
    /// most r (and exactly r for almost every draw). Needs `r < min(d, n_1)`.
    pub first_layer_rank: Option<usize>,
}

/// The factors of a low-rank first layer, exactly as drawn: `W_1 = left * right`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowRank {
    /// `A`: one row per first-layer neuron, r entries each.
    pub left: Vec<Vec<Rational>>,
    /// `B`: r rows of d entries.
    pub right: Vec<Vec<Rational>>,
}

impl LowRank {
    /// The exact product `left * right`.
    pub fn product(&self) -> Vec<Vec<Rational>> {
        self.left
            .iter()
            .map(|row| {
                (0..self.right[0].len())
                    .map(|j| {
                        row.iter()
                            .zip(&self.right)
                            .map(|(a, b)| a * &b[j])
                            .sum::<Rational>()
                    })
                    .collect()
            })
            .collect()
    }
}

/// The most parameters (weights and biases) a random network may have: a larger one is refused
/// before anything is allocated.
pub const MAX_RANDOM_PARAMETERS: u64 = 100_000_000;

impl RandomSpec {
    /// Refuses, before anything is drawn, a network with more than [`MAX_RANDOM_PARAMETERS`]
    /// parameters (counted with overflow checks: a residual block has two layers and its
    /// stream has width d) or with no input.
    fn check_size(&self) -> Result<(), String> {
        if self.input_dim == 0 {
            return Err("--input-dim must be at least 1".into());
        }
        let residual = self.blocks.residual;
        let mut total: Option<u64> = Some(0);
        let mut fan_in = self.input_dim as u64;
        let layer = |inputs: u64, outputs: u64| inputs.checked_add(1)?.checked_mul(outputs);
        for &width in &self.widths {
            let width = width as u64;
            let block = if residual {
                layer(fan_in, width)
                    .zip(layer(width, fan_in))
                    .and_then(|(a, b)| a.checked_add(b))
            } else {
                layer(fan_in, width)
            };
            total = total.zip(block).and_then(|(t, b)| t.checked_add(b));
            if !residual {
                fan_in = width;
            }
        }
        if let Some(outputs) = self.output {
            total = total
                .zip(layer(fan_in, outputs as u64))
                .and_then(|(t, b)| t.checked_add(b));
        }
        match total {
            Some(count) if count <= MAX_RANDOM_PARAMETERS => Ok(()),
            Some(count) => Err(format!(
                "the network would have {count} parameters; at most {MAX_RANDOM_PARAMETERS} are drawn (--input-dim, --widths, --output)"
            )),
            None => Err(format!(
                "the network would have more than 2^64 parameters; at most {MAX_RANDOM_PARAMETERS} are drawn (--input-dim, --widths, --output)"
            )),
        }
    }

    /// The network this specification determines: layers in order, each layer's weights row by
    /// row and then its biases, all from one generator stream (a residual block draws its inner
    /// layer, d -> width, then its outer layer, width -> d). The same specification gives the
    /// same network on every machine. A low-rank first layer draws `A` then `B` (row by row)
    /// in place of `W_1`.
    pub fn generate(&self) -> Result<Network, String> {
        self.generate_factored().map(|(network, _)| network)
    }

    /// [`RandomSpec::generate`], also returning the factors of a low-rank first layer (so a
    /// trainer can keep its rank).
    pub fn generate_factored(&self) -> Result<(Network, Option<LowRank>), String> {
        if let Some(bits) = self.bits {
            if !(1..=53).contains(&bits) {
                return Err(format!("--bits must be between 1 and 53, found {bits}"));
            }
        }
        if self.widths.is_empty() || self.widths.contains(&0) || self.output == Some(0) {
            return Err("every layer needs at least one neuron".into());
        }
        self.check_size()?;
        if let Some(rank) = self.first_layer_rank {
            let limit = self.input_dim.min(self.widths[0]);
            if rank == 0 || rank >= limit {
                return Err(format!(
                    "a first-layer rank of {rank} does not lower the rank: it must be between 1 and {} (less than min(d, n_1) = {limit})",
                    limit.saturating_sub(1)
                ));
            }
        }
        let mut generator = Xoshiro256::seeded(self.seed);
        let mut inputs = self.input_dim;
        let mut blocks = Vec::new();
        let mut factors = None;
        for (l, &width) in self.widths.iter().enumerate() {
            let layer = match self.first_layer_rank.filter(|_| l == 0) {
                Some(rank) => {
                    let low_rank = LowRank {
                        left: self.matrix(&mut generator, rank, width)?,
                        right: self.matrix(&mut generator, inputs, rank)?,
                    };
                    let layer = Layer {
                        weights: low_rank.product(),
                        biases: self.biases(&mut generator, inputs, width)?,
                    };
                    factors = Some(low_rank);
                    layer
                }
                None => self.layer(&mut generator, inputs, width)?,
            };
            let shortcut = if self.blocks.residual {
                let outer = self.layer(&mut generator, width, inputs)?;
                Some(Shortcut {
                    outer,
                    projection: None,
                })
            } else {
                inputs = width;
                None
            };
            blocks.push(Block {
                layer,
                activation: self.blocks.activation.clone(),
                shortcut,
            });
        }
        let output = self
            .output
            .map(|width| self.layer(&mut generator, inputs, width))
            .transpose()?;
        Ok((
            Network::from_blocks(self.input_dim, blocks, output)?,
            factors,
        ))
    }

    /// A `fan_out x fan_in` weight matrix then `fan_out` biases.
    fn layer(
        &self,
        generator: &mut Xoshiro256,
        fan_in: usize,
        fan_out: usize,
    ) -> Result<Layer, String> {
        Ok(Layer {
            weights: self.matrix(generator, fan_in, fan_out)?,
            biases: self.biases(generator, fan_in, fan_out)?,
        })
    }

    /// A `fan_out x fan_in` weight matrix drawn with `init`, exact.
    fn matrix(
        &self,
        generator: &mut Xoshiro256,
        fan_in: usize,
        fan_out: usize,
    ) -> Result<Vec<Vec<Rational>>, String> {
        let weights = match self.init {
            WeightInit::Orthogonal => orthogonal(generator, fan_out, fan_in),
            init => (0..fan_out)
                .map(|_| {
                    (0..fan_in)
                        .map(|_| draw_weight(generator, init, fan_in, fan_out))
                        .collect()
                })
                .collect(),
        };
        weights
            .iter()
            .map(|row: &Vec<f64>| row.iter().map(|&w| self.exact(w)).collect())
            .collect()
    }

    /// `fan_out` biases drawn with `bias`, exact.
    fn biases(
        &self,
        generator: &mut Xoshiro256,
        fan_in: usize,
        fan_out: usize,
    ) -> Result<Vec<Rational>, String> {
        let bound = 1.0 / (fan_in as f64).sqrt();
        (0..fan_out)
            .map(|_| match self.bias {
                BiasInit::None | BiasInit::Zero => 0.0,
                BiasInit::Pytorch => generator.uniform_symmetric(bound),
                BiasInit::Uniform(a) => generator.uniform_symmetric(a),
                BiasInit::Integers(k) => generator.integer(k),
            })
            .map(|b| self.exact(b))
            .collect()
    }

    /// A drawn value, rounded to `bits` if set, as an exact rational.
    fn exact(&self, x: f64) -> Result<Rational, String> {
        let x = match self.bits {
            Some(bits) => round_to_bits(x, bits),
            None => x,
        };
        Rational::try_from(x).map_err(|_| {
            format!("a drawn value rounds to {x}, outside the finite binary64 range: use a smaller scale")
        })
    }
}

fn draw_weight(generator: &mut Xoshiro256, init: WeightInit, fan_in: usize, fan_out: usize) -> f64 {
    let (fan_in, fan_out) = (fan_in as f64, fan_out as f64);
    match init {
        WeightInit::XavierUniform => generator.uniform_symmetric((6.0 / (fan_in + fan_out)).sqrt()),
        WeightInit::XavierNormal => generator.normal() * (2.0 / (fan_in + fan_out)).sqrt(),
        WeightInit::HeUniform => generator.uniform_symmetric((6.0 / fan_in).sqrt()),
        WeightInit::HeNormal => generator.normal() * (2.0 / fan_in).sqrt(),
        WeightInit::Pytorch => generator.uniform_symmetric(1.0 / fan_in.sqrt()),
        WeightInit::Integers(k) => generator.integer(k),
        WeightInit::Orthogonal => unreachable!("orthogonal matrices are drawn whole"),
    }
}

/// A `rows x cols` matrix with orthonormal rows (if rows <= cols) or columns, by modified
/// Gram-Schmidt on a Gaussian matrix (equivalent to QR with R's diagonal made positive).
fn orthogonal(generator: &mut Xoshiro256, rows: usize, cols: usize) -> Vec<Vec<f64>> {
    let (long, short) = (rows.max(cols), rows.min(cols));
    let mut basis: Vec<Vec<f64>> = (0..short)
        .map(|_| (0..long).map(|_| generator.normal()).collect())
        .collect();
    for i in 0..short {
        for j in 0..i {
            let dot: f64 = basis[i].iter().zip(&basis[j]).map(|(a, b)| a * b).sum();
            let (done, rest) = basis.split_at_mut(i);
            for (x, q) in rest[0].iter_mut().zip(&done[j]) {
                *x -= dot * q;
            }
        }
        let norm = basis[i].iter().map(|x| x * x).sum::<f64>().sqrt();
        for x in &mut basis[i] {
            *x /= norm;
        }
    }
    if rows <= cols {
        basis
    } else {
        (0..rows)
            .map(|r| basis.iter().map(|b| b[r]).collect())
            .collect()
    }
}

/// `x` rounded to `bits` significant bits, ties to even (exact in f64: scaling by powers of two).
fn round_to_bits(x: f64, bits: u32) -> f64 {
    if x == 0.0 {
        return x;
    }
    let (mantissa, exponent) = libm::frexp(x);
    let scaled = libm::ldexp(mantissa, bits as i32).round_ties_even();
    libm::ldexp(scaled, exponent - bits as i32)
}

/// The next output of the SplitMix64 generator (Steele, Lea, Flood) with state `z`.
fn splitmix64(z: &mut u64) -> u64 {
    *z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut x = *z;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// xoshiro256** (Blackman and Vigna), seeded by SplitMix64.
/// The project's portable generator, shared with the constructions and the search.
pub(crate) struct Xoshiro256 {
    state: [u64; 4],
}

impl Xoshiro256 {
    pub(crate) fn seeded(seed: u64) -> Xoshiro256 {
        let mut z = seed;
        Xoshiro256 {
            state: [
                splitmix64(&mut z),
                splitmix64(&mut z),
                splitmix64(&mut z),
                splitmix64(&mut z),
            ],
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1) with 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on [-a, a).
    fn uniform_symmetric(&mut self, a: f64) -> f64 {
        a * (2.0 * self.uniform() - 1.0)
    }

    /// Standard normal, by the Box-Muller transform with portable `libm` functions.
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(2.0 * std::f64::consts::PI * u2)
    }

    /// Uniform integer in [-k, k], by rejection (no modulo bias).
    pub(crate) fn integer(&mut self, k: u32) -> f64 {
        let range = 2 * u64::from(k) + 1;
        let limit = u64::MAX - u64::MAX % range;
        loop {
            let x = self.next_u64();
            if x < limit {
                return (x % range) as f64 - f64::from(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_bits_keeps_that_many_significant_bits() {
        assert_eq!(round_to_bits(0.1, 4), 0.1015625); // 13/128
        assert_eq!(round_to_bits(-3.0, 1), -4.0); // ties to even: 3 = 1.1b -> 10b
        assert_eq!(round_to_bits(0.1, 53), 0.1);
    }

    #[test]
    fn splitmix_matches_its_published_first_output() {
        let mut z = 0;
        assert_eq!(splitmix64(&mut z), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn orthogonal_rows_are_orthonormal() {
        let mut g = Xoshiro256::seeded(7);
        let m = orthogonal(&mut g, 3, 5);
        for i in 0..3 {
            for j in 0..3 {
                let dot: f64 = m[i].iter().zip(&m[j]).map(|(a, b)| a * b).sum();
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((dot - expected).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn integers_stay_in_range_and_reach_both_ends() {
        let mut g = Xoshiro256::seeded(3);
        let draws: Vec<f64> = (0..500).map(|_| g.integer(2)).collect();
        assert!(draws
            .iter()
            .all(|x| (-2.0..=2.0).contains(x) && x.fract() == 0.0));
        assert!(draws.contains(&-2.0) && draws.contains(&2.0));
    }
}
