//! Average pooling (ONNX `AveragePool` and `GlobalAveragePool`, PyTorch `AvgPool2d` and
//! `AdaptiveAvgPool2d(1)`) over a `[C, H, W]` value, as the rows of its exact matrix.
//!
//! Output `(c, y, x)` is the mean of the inputs of channel `c` under its window: each tap inside
//! the input has the weight `1 / count`, an exact rational, where `count` is the window's size
//! `kH kW` when padding counts (`count_include_pad = 1`) and the number of its taps inside the
//! input otherwise.

use super::window::{Sliding, Window};
use crate::exact::Rational;

/// An average pool placed over an input of known shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvgPool {
    input: [usize; 3],
    window: Window,
    count_include_pad: bool,
}

impl AvgPool {
    /// The pool of `kernel` = `[kH, kW]` moving by `sliding` over `input` = `[C, H, W]`; or why
    /// it does not fit (`ceil_mode` as in [`Window::place`]).
    pub fn new(
        input: [usize; 3],
        kernel: [usize; 2],
        sliding: &Sliding,
        count_include_pad: bool,
        ceil_mode: bool,
    ) -> Result<AvgPool, String> {
        let window = Window::place([input[1], input[2]], kernel, sliding, ceil_mode)?;
        Ok(AvgPool {
            input,
            window,
            count_include_pad,
        })
    }

    /// The mean of each channel over all of its positions (a `[C, 1, 1]` output).
    pub fn global(input: [usize; 3]) -> Result<AvgPool, String> {
        AvgPool::new(
            input,
            [input[1], input[2]],
            &Sliding::default(),
            false,
            false,
        )
    }

    /// The output's shape `[C, H', W']`.
    pub fn output_shape(&self) -> [usize; 3] {
        [
            self.input[0],
            self.window.height.output(),
            self.window.width.output(),
        ]
    }

    /// The number of inputs, `C H W`.
    pub fn inputs(&self) -> usize {
        self.input.iter().product()
    }

    /// The number of outputs, `C H' W'`.
    pub fn outputs(&self) -> usize {
        self.output_shape().iter().product()
    }

    /// Calls `visit(k, 1 / count)` for every input `k` under the window of output `j`.
    pub fn row(&self, j: usize, mut visit: impl FnMut(usize, &Rational)) {
        let positions = self.window.positions();
        let (c, position) = (j / positions, j % positions);
        let count = if self.count_include_pad {
            Rational::from(self.window.height.kernel()) * Rational::from(self.window.width.kernel())
        } else {
            Rational::from(self.window.taps(position).count())
        };
        if count == 0u32 {
            return;
        }
        let weight = Rational::from(1u32) / count;
        let channel = c * self.input[1] * self.input[2];
        for (_, k) in self.window.taps(position) {
            visit(channel + k, &weight);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::window::Padding;
    use super::*;

    fn row(pool: &AvgPool, j: usize) -> Vec<(usize, Rational)> {
        let mut out = vec![];
        pool.row(j, |k, w| out.push((k, w.clone())));
        out
    }

    #[test]
    fn padding_counts_or_not() {
        let sliding = Sliding {
            strides: [2, 2],
            dilations: [1, 1],
            padding: Padding::Explicit {
                begin: [1, 1],
                end: [1, 1],
            },
        };
        let third = Rational::from(1u32) / Rational::from(3u32);
        // 1 channel 3x3, kernel 3x3, stride 2, pad 1: output (0, 0) sees inputs 0, 1, 3, 4.
        let counting = AvgPool::new([1, 3, 3], [3, 3], &sliding, true, false).unwrap();
        let ninth = Rational::from(1u32) / Rational::from(9u32);
        assert_eq!(row(&counting, 0), [0, 1, 3, 4].map(|k| (k, ninth.clone())));
        let not = AvgPool::new([1, 3, 3], [3, 3], &sliding, false, false).unwrap();
        let quarter = Rational::from(1u32) / Rational::from(4u32);
        assert_eq!(row(&not, 0), [0, 1, 3, 4].map(|k| (k, quarter.clone())));
        let global = AvgPool::global([2, 1, 3]).unwrap();
        assert_eq!(global.output_shape(), [2, 1, 1]);
        assert_eq!(row(&global, 1), [3, 4, 5].map(|k| (k, third.clone())));
    }
}
