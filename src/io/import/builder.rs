//! The network being read, whatever the file format: ONNX nodes (`onnx.rs`) and the layers of
//! an architecture spec (`architecture.rs`) are both turned into calls here.
//!
//! The builder follows the shape of the value flowing through the network (batch 1, so `[d]` or
//! `[C, H, W]` per sample) and keeps the affine layer being read as a [`Chain`]: every affine
//! operation (dense, convolution, average pool, batch norm, added constant) is appended to it,
//! and reshapes relabel the value without touching it (a reshape of a contiguous row-major
//! tensor keeps the order of its entries). An activation closes the chain into one exact dense
//! layer and a hidden block. Errors are the problem only, as text; the caller says where.

use super::linear::{AvgPool, Chain, Channels, Conv, Map, Sliding};
use super::stack::{Norm, Stack};
use super::tensor::Dtype;
use crate::exact::Rational;
use crate::network::{Activation, Block, Layer};

/// The most entries a value between two layers may have (2^24).
pub const MAX_VALUE: usize = 1 << 24;

/// What is known of the shape of the value: its rank (with the batch dimension) and, when every
/// one is known, its dimensions after the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueShape {
    /// The rank, batch included (2 for `[N, d]`, 4 for `[N, C, H, W]`), if known.
    pub rank: Option<usize>,
    /// The dimensions after the batch, if all are known.
    pub dims: Option<Vec<usize>>,
}

impl ValueShape {
    /// The shape of a declared input (`None`: undeclared; a `None` entry: a symbolic
    /// dimension). The first dimension is the batch, whatever its size.
    pub fn declared(shape: Option<&[Option<usize>]>) -> ValueShape {
        match shape {
            None => ValueShape {
                rank: None,
                dims: None,
            },
            Some(shape) => ValueShape {
                rank: Some(shape.len()),
                dims: shape
                    .get(1..)
                    .and_then(|rest| rest.iter().copied().collect()),
            },
        }
    }

    /// A value of shape `[N, dims...]`.
    pub fn known(dims: Vec<usize>) -> ValueShape {
        ValueShape {
            rank: Some(dims.len() + 1),
            dims: Some(dims),
        }
    }

    /// The number of entries per sample, if known.
    pub fn size(&self) -> Option<usize> {
        self.dims
            .as_ref()
            .and_then(|d| d.iter().try_fold(1usize, |n, &x| n.checked_mul(x)))
    }

    /// The shape as text: `[N, 1, 28, 28]`, `[N, ?]`, or `unknown`.
    pub fn text(&self) -> String {
        match (&self.dims, self.rank) {
            (Some(dims), _) => {
                let dims: Vec<String> = dims.iter().map(usize::to_string).collect();
                format!("[N, {}]", dims.join(", "))
            }
            (None, Some(rank)) => format!("[N{}]", ", ?".repeat(rank.saturating_sub(1))),
            (None, None) => "undeclared".into(),
        }
    }

    /// The `[C, H, W]` of a rank-4 value of known shape, or why not.
    pub fn image(&self) -> Result<[usize; 3], String> {
        match (self.dims.as_deref(), self.rank) {
            (Some(&[c, h, w]), _) => Ok([c, h, w]),
            (_, Some(rank)) if rank != 4 => Err(format!(
                "its input has shape {} (rank {rank}): an [N, C, H, W] value is expected",
                self.text()
            )),
            _ => Err(unknown(self)),
        }
    }
}

/// The error for a value whose shape is needed but unknown.
fn unknown(shape: &ValueShape) -> String {
    format!(
        "the shape of its input is unknown ({}): the network's input must declare its shape \
         ([N, C, H, W] or [N, d], N symbolic or 1)",
        shape.text()
    )
}

/// An error if a value of `n` entries is too large to read.
fn check_size(n: Option<usize>) -> Result<usize, String> {
    n.filter(|&n| n <= MAX_VALUE).ok_or_else(|| {
        format!("the value would have more than the {MAX_VALUE} entries read per sample")
    })
}

/// The affine layer being read.
struct Open {
    chain: Chain,
    norms: Vec<Norm>,
    /// The dense operation (`Gemm`, `MatMul`, `Linear`) in it, named, if any.
    dense: Option<String>,
}

/// The blocks read so far, the open layer and the shape of the value.
pub struct Builder {
    blocks: Vec<(Block, Vec<Norm>)>,
    open: Option<Open>,
    shape: ValueShape,
}

impl Builder {
    /// A builder for an input of `shape`.
    pub fn new(shape: ValueShape) -> Builder {
        Builder {
            blocks: vec![],
            open: None,
            shape,
        }
    }

    /// The open layer, opened on the value if there is none.
    fn open(&mut self) -> Result<&mut Open, String> {
        if self.open.is_none() {
            let n = self.shape.size().ok_or_else(|| unknown(&self.shape))?;
            self.open = Some(Open {
                chain: Chain::new(check_size(Some(n))?),
                norms: vec![],
                dense: None,
            });
        }
        self.open.as_mut().ok_or_else(|| "no open layer".into())
    }

    /// Appends the dense layer of the node `name` (`x -> W x + b` on a `[N, d]` value). Two
    /// dense layers with no activation between them are refused.
    pub fn dense(&mut self, layer: Layer, name: &str) -> Result<(), String> {
        if let Some(rank) = self.shape.rank.filter(|&r| r != 2) {
            return Err(format!(
                "its input has shape {} (rank {rank}): only [N, d] values (rank 2) are read \
                 (flatten it first)",
                self.shape.text()
            ));
        }
        let columns = layer.weights.first().map_or(0, Vec::len);
        if let Some(features) = self.shape.size().filter(|&f| f != columns) {
            return Err(format!(
                "shape mismatch: the weight reads {columns} features, the value before has \
                 {features}"
            ));
        }
        if let Some(before) = self.open.as_ref().and_then(|o| o.dense.as_ref()) {
            return Err(format!(
                "follows the affine {before} with no activation between (only a Relu or \
                 LeakyRelu separates two dense layers)"
            ));
        }
        if self.open.is_none() && self.shape.size().is_none() {
            self.shape = ValueShape::known(vec![columns]);
        }
        let width = layer.width();
        let open = self.open()?;
        open.chain.push(Map::Dense(layer))?;
        open.dense = Some(name.to_string());
        self.shape = ValueShape::known(vec![width]);
        Ok(())
    }

    /// Appends a 2-D convolution (see [`Conv::new`]).
    pub fn conv(
        &mut self,
        kernel_shape: &[usize],
        kernel: Vec<Rational>,
        bias: Option<Vec<Rational>>,
        groups: usize,
        sliding: &Sliding,
    ) -> Result<(), String> {
        let conv = Conv::new(
            self.shape.image()?,
            kernel_shape,
            kernel,
            bias,
            groups,
            sliding,
        )?;
        self.spatial(Map::Conv(conv))
    }

    /// Appends an average pool (see [`AvgPool::new`]).
    pub fn avg_pool(
        &mut self,
        kernel: [usize; 2],
        sliding: &Sliding,
        count_include_pad: bool,
        ceil_mode: bool,
    ) -> Result<(), String> {
        let pool = AvgPool::new(
            self.shape.image()?,
            kernel,
            sliding,
            count_include_pad,
            ceil_mode,
        )?;
        self.spatial(Map::AvgPool(pool))
    }

    /// Appends the mean of each channel over all its positions.
    pub fn global_avg_pool(&mut self) -> Result<(), String> {
        let pool = AvgPool::global(self.shape.image()?)?;
        self.spatial(Map::AvgPool(pool))
    }

    /// Appends a convolution or pool, whose output is `[C', H', W']`.
    fn spatial(&mut self, map: Map) -> Result<(), String> {
        let out = match &map {
            Map::Conv(c) => c.output_shape(),
            Map::AvgPool(p) => p.output_shape(),
            _ => return Err("not a spatial map".into()),
        };
        check_size(out.iter().try_fold(1usize, |n, &x| n.checked_mul(x)))?;
        self.open()?.chain.push(map)?;
        self.shape = ValueShape::known(out.to_vec());
        Ok(())
    }

    /// The value's channels (its first dimension after the batch) and the entries of each.
    pub fn channels(&self) -> Result<(usize, usize), String> {
        match self.shape.dims.as_deref() {
            Some([channels, rest @ ..]) => Ok((*channels, rest.iter().product())),
            Some([]) => Err("its input has no channel dimension".into()),
            None => Err(unknown(&self.shape)),
        }
    }

    /// Appends a folded batch norm: `scale` and `shift` per channel (see [`Builder::channels`]).
    pub fn batch_norm(
        &mut self,
        scale: Vec<Rational>,
        shift: Vec<Rational>,
        norm: Norm,
    ) -> Result<(), String> {
        let (channels, spatial) = self.channels()?;
        if scale.len() != channels || shift.len() != channels {
            return Err(format!(
                "expected one scale and shift per channel ({channels})"
            ));
        }
        let open = self.open()?;
        open.chain.push(Map::Channels(Channels {
            scale,
            shift,
            spatial,
        }))?;
        open.norms.push(norm);
        Ok(())
    }

    /// Adds a constant of `shape` (`values` row-major), broadcast to the value's shape as NumPy
    /// does: aligned at the last dimension, each of its dimensions 1 or the value's.
    pub fn add(&mut self, shape: &[usize], values: &[Rational]) -> Result<(), String> {
        let dims = self
            .shape
            .dims
            .clone()
            .ok_or_else(|| unknown(&self.shape))?;
        let full: Vec<usize> = std::iter::once(1).chain(dims.iter().copied()).collect();
        let fits = shape.len() <= full.len()
            && (shape.iter().rev().zip(full.iter().rev())).all(|(&s, &f)| s == 1 || s == f);
        if !fits {
            return Err(format!(
                "shape {shape:?} does not broadcast to the value's {} (batch 1)",
                self.shape.text()
            ));
        }
        // The stride of each of the value's dimensions in `values` (0 where broadcast).
        let skip = full.len() - shape.len();
        let mut strides = vec![0; full.len()];
        let mut stride = 1;
        for (d, &s) in shape.iter().enumerate().rev() {
            if s != 1 {
                strides[skip + d] = stride;
            }
            stride *= s;
        }
        let n = check_size(self.shape.size())?;
        let terms = (0..n)
            .map(|flat| {
                let (mut rest, mut at) = (flat, 0);
                for (d, &size) in full.iter().enumerate().rev() {
                    at += (rest % size) * strides[d];
                    rest /= size;
                }
                values[at].clone()
            })
            .collect();
        self.open()?.chain.add(terms)
    }

    /// Flattens the value from dimension `axis` (negative: from the end) on; only axis 1 (keep
    /// the batch, flatten the rest) is read.
    pub fn flatten(&mut self, axis: i64) -> Result<(), String> {
        let Some(rank) = self.shape.rank.filter(|&r| r >= 2) else {
            return Err(format!(
                "needs the rank of its input, at least 2 ({})",
                self.shape.text()
            ));
        };
        let normal = if axis < 0 { axis + rank as i64 } else { axis };
        if normal != 1 {
            return Err(format!(
                "axis {axis} on a rank-{rank} value: only axis 1 (keep the batch, flatten the \
                 rest) is read"
            ));
        }
        self.shape = match self.shape.size() {
            Some(n) => ValueShape::known(vec![n]),
            None => ValueShape {
                rank: Some(2),
                dims: None,
            },
        };
        Ok(())
    }

    /// Gives the value the shape `target` (ONNX `Reshape`: `-1` inferred once, `0` copies the
    /// input's dimension unless `allowzero`), batch included; the batch must stay first, 1.
    pub fn reshape(&mut self, target: &[i64], allowzero: bool) -> Result<(), String> {
        let dims = self
            .shape
            .dims
            .clone()
            .ok_or_else(|| unknown(&self.shape))?;
        let full: Vec<usize> = std::iter::once(1).chain(dims).collect();
        let total = self.shape.size().ok_or_else(|| unknown(&self.shape))?;
        let mut out = Vec::with_capacity(target.len());
        let mut inferred = None;
        for (i, &t) in target.iter().enumerate() {
            out.push(match t {
                -1 if inferred.is_none() => {
                    inferred = Some(i);
                    1
                }
                -1 => return Err(format!("the shape {target:?} has -1 twice")),
                0 if !allowzero => *full.get(i).ok_or_else(|| {
                    format!(
                        "the shape {target:?} copies dimension {i} (0), which the value {} lacks",
                        self.shape.text()
                    )
                })?,
                t => usize::try_from(t)
                    .map_err(|_| format!("the shape {target:?} has the entry {t}"))?,
            });
        }
        let known = out.iter().try_fold(1usize, |n, &x| n.checked_mul(x));
        if let (Some(i), Some(known)) = (inferred, known) {
            if known != 0 && total % known == 0 {
                out[i] = total / known;
            }
        }
        let count = out.iter().try_fold(1usize, |n, &x| n.checked_mul(x));
        if count != Some(total) {
            return Err(format!(
                "the shape {target:?} does not hold the {total} entries of the value {} \
                 (batch 1): a reshape must keep the element count",
                self.shape.text()
            ));
        }
        match out.split_first() {
            Some((1, rest)) if !rest.is_empty() => {
                self.shape = ValueShape::known(rest.to_vec());
                Ok(())
            }
            _ => Err(format!(
                "the shape {target:?} gives {out:?}: the batch dimension (1) must stay first, \
                 followed by at least one more"
            )),
        }
    }

    /// Closes the open layer as a hidden block with `activation`.
    pub fn activation(&mut self, activation: Activation) -> Result<(), String> {
        let Some(open) = self.open.take().filter(|o| !o.chain.is_identity()) else {
            return Err(
                "must follow a Gemm or MatMul, a Conv, a pool or another affine \
                        operation (it closes an affine layer)"
                    .into(),
            );
        };
        let layer = open.chain.into_layer()?;
        self.blocks.push((
            Block {
                layer,
                activation,
                shortcut: None,
            },
            open.norms,
        ));
        Ok(())
    }

    /// The blocks and the output layer (the layer still open, unless a ReLU is declared to
    /// follow it: `relu_after_last`), with the element types read.
    pub fn finish(mut self, relu_after_last: bool, dtypes: Vec<Dtype>) -> Result<Stack, String> {
        let output = match self.open.take() {
            Some(open) => {
                let layer = open.chain.into_layer()?;
                if relu_after_last {
                    self.blocks.push((Block::relu(layer), open.norms));
                    None
                } else {
                    Some((layer, open.norms))
                }
            }
            None => None,
        };
        if self.blocks.is_empty() {
            return Err(if output.is_some() {
                "one affine layer and no activation: no hidden layer (if a ReLU follows it, say \
                 so: --no-output)"
                    .into()
            } else {
                "no affine operation: no layer".into()
            });
        }
        Ok(Stack {
            blocks: self.blocks,
            output,
            dtypes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reshapes_keep_the_count_and_the_batch() {
        let mut b = Builder::new(ValueShape::known(vec![2, 3, 4]));
        b.reshape(&[1, -1], false).unwrap();
        assert_eq!(b.shape.dims, Some(vec![24]));
        b.reshape(&[0, 2, 12], false).unwrap();
        assert_eq!(b.shape.dims, Some(vec![2, 12]));
        assert!(b
            .reshape(&[1, 25], false)
            .unwrap_err()
            .contains("element count"));
        assert!(b
            .reshape(&[-1, -1], false)
            .unwrap_err()
            .contains("-1 twice"));
        assert!(b.reshape(&[24, 1], false).unwrap_err().contains("batch"));
        b.flatten(-1).unwrap_err();
        b.flatten(1).unwrap();
        assert_eq!(b.shape.rank, Some(2));
    }

    #[test]
    fn constants_broadcast_like_numpy() {
        let mut b = Builder::new(ValueShape::known(vec![2, 1, 3]));
        let values: Vec<Rational> = (1..=2).map(Rational::from).collect();
        b.add(&[2, 1, 1], &values).unwrap();
        assert!(b.add(&[3, 1], &values).is_err());
        b.global_avg_pool().unwrap();
        let stack = b.finish(true, vec![]).unwrap();
        let third = Rational::from(1u32) / Rational::from(3u32);
        let layer = &stack.blocks[0].0.layer;
        assert_eq!(layer.weights[1][3], third);
        assert_eq!(layer.biases, [Rational::from(1), Rational::from(2)]);
    }
}
