//! A 2-D convolution (ONNX `Conv`, PyTorch `Conv2d`) over a `[C, H, W]` value, as the rows of
//! its exact matrix.
//!
//! Output `(m, y, x)` of a kernel `[M, C / G, kH, kW]` in `G` groups reads the input channels of
//! its group, `g = m / (M / G)`: `Y[m, y, x] = B[m] + sum over c < C / G, i < kH, j < kW of
//! K[m, c, i, j] X[g C / G + c, y sH + i dH - top, x sW + j dW - left]` (zero in the padding).
//! The kernel is held once; a row is produced on demand, each tap borrowing its kernel entry.

use super::window::{Sliding, Window};
use crate::exact::Rational;

/// A convolution placed over an input of known shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conv {
    input: [usize; 3],
    out_channels: usize,
    groups: usize,
    kernel: Vec<Rational>,
    kernel_shape: [usize; 4],
    bias: Option<Vec<Rational>>,
    window: Window,
}

impl Conv {
    /// The convolution of `kernel` (values row-major, of shape `kernel_shape` = `[M, C / G, kH,
    /// kW]`) with optional `bias` (`[M]`) in `groups` groups, moving by `sliding` over an input
    /// of shape `input` = `[C, H, W]`; or why they do not fit together.
    pub fn new(
        input: [usize; 3],
        kernel_shape: &[usize],
        kernel: Vec<Rational>,
        bias: Option<Vec<Rational>>,
        groups: usize,
        sliding: &Sliding,
    ) -> Result<Conv, String> {
        let &[out_channels, per_group, kh, kw] = kernel_shape else {
            return Err(format!(
                "the weight has shape {kernel_shape:?}: a 2-D convolution's [M, C/group, kH, kW] \
                 is expected (only 2-D convolutions are read)"
            ));
        };
        let [channels, height, width] = input;
        if groups == 0 || channels % groups != 0 || out_channels % groups != 0 {
            return Err(format!(
                "group = {groups} does not divide the {channels} input channels and the \
                 {out_channels} output channels"
            ));
        }
        if per_group * groups != channels {
            return Err(format!(
                "channel mismatch: the weight {kernel_shape:?} reads {per_group} channels per \
                 group, {} in all with group = {groups}, but the input [C, H, W] = {input:?} has \
                 {channels}",
                per_group * groups
            ));
        }
        if kernel.len() != kernel_shape.iter().product::<usize>() || out_channels == 0 {
            return Err(format!(
                "the weight has shape {kernel_shape:?} but {} values",
                kernel.len()
            ));
        }
        if let Some(b) = bias.as_ref().filter(|b| b.len() != out_channels) {
            return Err(format!(
                "the bias has {} entries, expected {out_channels} (one per output channel)",
                b.len()
            ));
        }
        let window = Window::place([height, width], [kh, kw], sliding, false)?;
        Ok(Conv {
            input,
            out_channels,
            groups,
            kernel,
            kernel_shape: [out_channels, per_group, kh, kw],
            bias,
            window,
        })
    }

    /// The output's shape `[M, H', W']`.
    pub fn output_shape(&self) -> [usize; 3] {
        [
            self.out_channels,
            self.window.height.output(),
            self.window.width.output(),
        ]
    }

    /// The number of inputs, `C H W`.
    pub fn inputs(&self) -> usize {
        self.input.iter().product()
    }

    /// The number of outputs, `M H' W'`.
    pub fn outputs(&self) -> usize {
        self.output_shape().iter().product()
    }

    /// Calls `visit(k, w)` for every input `k` that output `j` reads with weight `w` (zero
    /// weights included; taps in the padding left out).
    pub fn row(&self, j: usize, mut visit: impl FnMut(usize, &Rational)) {
        let positions = self.window.positions();
        let (m, position) = (j / positions, j % positions);
        let [_, per_group, kh, kw] = self.kernel_shape;
        let group = m / (self.out_channels / self.groups);
        let plane = self.input[1] * self.input[2];
        for c in 0..per_group {
            let channel = (group * per_group + c) * plane;
            for ((i, jj), k) in self.window.taps(position) {
                visit(
                    channel + k,
                    &self.kernel[((m * per_group + c) * kh + i) * kw + jj],
                );
            }
        }
    }

    /// The bias of output `j`, if the convolution has one.
    pub fn bias(&self, j: usize) -> Option<&Rational> {
        let b = self.bias.as_ref()?;
        b.get(j / self.window.positions())
    }
}

#[cfg(test)]
mod tests {
    use super::super::window::Padding;
    use super::*;

    fn rows(conv: &Conv) -> Vec<Vec<(usize, i64)>> {
        (0..conv.outputs())
            .map(|j| {
                let mut row = vec![];
                conv.row(j, |k, w| row.push((k, i64::try_from(w).unwrap())));
                row
            })
            .collect()
    }

    #[test]
    fn a_padded_strided_convolution_reads_the_right_inputs() {
        // 1 channel 3x3, kernel 2x2 [[1, 2], [3, 4]], stride 2, pad 1 on every side: 2x2 out.
        let kernel = (1..=4).map(Rational::from).collect();
        let pad = Padding::Explicit {
            begin: [1, 1],
            end: [1, 1],
        };
        let sliding = Sliding {
            strides: [2, 2],
            dilations: [1, 1],
            padding: pad,
        };
        let conv = Conv::new([1, 3, 3], &[1, 1, 2, 2], kernel, None, 1, &sliding).unwrap();
        assert_eq!(conv.output_shape(), [1, 2, 2]);
        // Output (0, 0) covers inputs (-1..1, -1..1): only (0, 0), under tap (1, 1) = 4.
        assert_eq!(
            rows(&conv),
            [
                vec![(0, 4)],
                vec![(1, 3), (2, 4)],
                vec![(3, 2), (6, 4)],
                vec![(4, 1), (5, 2), (7, 3), (8, 4)]
            ]
        );
    }

    #[test]
    fn groups_read_their_own_channels() {
        // 2 channels 1x1, 2 groups, kernel [2, 1, 1, 1] = [5, 7]: output m reads channel m.
        let kernel = vec![Rational::from(5), Rational::from(7)];
        let bias = Some(vec![Rational::from(1), Rational::from(2)]);
        let conv = Conv::new(
            [2, 1, 1],
            &[2, 1, 1, 1],
            kernel,
            bias,
            2,
            &Sliding::default(),
        );
        let conv = conv.unwrap();
        assert_eq!(rows(&conv), [vec![(0, 5)], vec![(1, 7)]]);
        assert_eq!(conv.bias(1), Some(&Rational::from(2)));
        let e = Conv::new(
            [3, 1, 1],
            &[2, 1, 1, 1],
            vec![],
            None,
            2,
            &Sliding::default(),
        );
        assert!(e.unwrap_err().contains("does not divide"));
        let e = Conv::new(
            [4, 1, 1],
            &[2, 1, 1, 1],
            vec![],
            None,
            2,
            &Sliding::default(),
        );
        assert!(e.unwrap_err().contains("channel mismatch"));
    }
}
