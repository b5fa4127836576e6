//! The geometry of a window sliding over the two spatial axes (height, width) of a `[C, H, W]`
//! value, shared by convolutions and pools: kernel size, stride, dilation and padding per axis.
//!
//! Along one axis of `n` inputs, with kernel `k`, stride `s`, dilation `d` and pads `p0`
//! (before) and `p1` (after), the window spans `e = d (k - 1) + 1` inputs, there are
//! `floor((n + p0 + p1 - e) / s) + 1` outputs, and tap `t` of output `o` reads input
//! `o s + t d - p0` (a zero when that lies in the padding). The `SAME` paddings give
//! `ceil(n / s)` outputs with `max(0, (ceil(n / s) - 1) s + e - n)` pads in all.

/// How a window is padded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Padding {
    /// Explicit zero pads: `begin` = `[top, left]`, `end` = `[bottom, right]` (ONNX `pads`
    /// `[top, left, bottom, right]`; `VALID` is all zeros).
    Explicit {
        /// The pads before the first row and column.
        begin: [usize; 2],
        /// The pads after the last row and column.
        end: [usize; 2],
    },
    /// ONNX `SAME_UPPER` (PyTorch `padding="same"`): `ceil(n / s)` outputs, an odd total of pads
    /// puts the extra one at the end.
    SameUpper,
    /// ONNX `SAME_LOWER`: as `SameUpper`, the extra pad at the beginning.
    SameLower,
}

impl Padding {
    /// No padding.
    pub const NONE: Padding = Padding::Explicit {
        begin: [0, 0],
        end: [0, 0],
    };
}

/// How a window moves: strides, dilations and padding over (height, width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sliding {
    /// The steps between outputs, `[height, width]`.
    pub strides: [usize; 2],
    /// The steps between taps, `[height, width]` (1: adjacent inputs).
    pub dilations: [usize; 2],
    /// The padding.
    pub padding: Padding,
}

impl Default for Sliding {
    /// Stride 1, dilation 1, no padding.
    fn default() -> Sliding {
        Sliding {
            strides: [1, 1],
            dilations: [1, 1],
            padding: Padding::NONE,
        }
    }
}

/// One axis of a window placed over an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    input: usize,
    kernel: usize,
    stride: usize,
    dilation: usize,
    pad_begin: usize,
    pad_end: usize,
    output: usize,
}

impl Axis {
    /// The number of outputs.
    pub fn output(&self) -> usize {
        self.output
    }

    /// The number of taps.
    pub fn kernel(&self) -> usize {
        self.kernel
    }

    /// The input read by tap `tap` of output `out`, or `None` when it lies in the padding.
    pub fn input_at(&self, out: usize, tap: usize) -> Option<usize> {
        (out * self.stride + tap * self.dilation)
            .checked_sub(self.pad_begin)
            .filter(|&i| i < self.input)
    }

    /// The taps of output `out` that read an input (not the padding): at most as many as there
    /// are inputs, however large the kernel and the pads.
    pub fn taps(&self, out: usize) -> std::ops::Range<usize> {
        // Tap t reads position start + t d of the padded input, which is an input when it lies
        // in [pad_begin, pad_begin + input); start + (kernel - 1) d < padded cannot overflow.
        let start = out * self.stride;
        let first = self.pad_begin.saturating_sub(start).div_ceil(self.dilation);
        let end = (self.pad_begin + self.input).saturating_sub(start);
        first..end.div_ceil(self.dilation).min(self.kernel)
    }
}

/// A window placed over the height and width of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The height axis.
    pub height: Axis,
    /// The width axis.
    pub width: Axis,
}

impl Window {
    /// The window of `kernel` taps moving by `sliding` over an input of `input` = `[height,
    /// width]`, or why it does not fit. With `ceil_mode` (pools) the output count is rounded up
    /// as ONNX and PyTorch do; that is accepted only where it changes nothing (the last window
    /// ends exactly at the padded input), and refused otherwise.
    pub fn place(
        input: [usize; 2],
        kernel: [usize; 2],
        sliding: &Sliding,
        ceil_mode: bool,
    ) -> Result<Window, String> {
        let axis = |a: usize| -> Result<Axis, String> {
            let name = ["height", "width"][a];
            let (n, k) = (input[a], kernel[a]);
            let (s, d) = (sliding.strides[a], sliding.dilations[a]);
            if k == 0 || s == 0 || d == 0 {
                return Err(format!(
                    "{name}: kernel {k}, stride {s}, dilation {d}: each must be at least 1"
                ));
            }
            let too_large = || format!("{name}: the sizes are too large");
            let extent = (k - 1)
                .checked_mul(d)
                .and_then(|e| e.checked_add(1))
                .ok_or_else(too_large)?;
            let (pad_begin, pad_end) = match &sliding.padding {
                Padding::Explicit { begin, end } => (begin[a], end[a]),
                same => {
                    let out = n.div_ceil(s);
                    let total = (out.saturating_sub(1))
                        .checked_mul(s)
                        .and_then(|x| x.checked_add(extent))
                        .ok_or_else(too_large)?
                        .saturating_sub(n);
                    let small = total / 2;
                    match same {
                        Padding::SameUpper => (small, total - small),
                        _ => (total - small, small),
                    }
                }
            };
            let padded = n
                .checked_add(pad_begin)
                .and_then(|x| x.checked_add(pad_end))
                .ok_or_else(too_large)?;
            if padded < extent {
                return Err(format!(
                    "{name}: the window spans {extent} inputs (kernel {k}, dilation {d}), more \
                     than the {padded} of the padded input ({n} + pads {pad_begin} and {pad_end})"
                ));
            }
            if ceil_mode && (padded - extent) % s != 0 {
                return Err(format!(
                    "{name}: ceil_mode = 1 adds a last window that overhangs the padded input \
                     ({n} + pads {pad_begin} and {pad_end}, window of {extent}, stride {s}: \
                     {} outputs instead of {}); only ceil_mode = 0 is read (or sizes where both \
                     agree)",
                    (padded - extent).div_ceil(s) + 1,
                    (padded - extent) / s + 1
                ));
            }
            Ok(Axis {
                input: n,
                kernel: k,
                stride: s,
                dilation: d,
                pad_begin,
                pad_end,
                output: (padded - extent) / s + 1,
            })
        };
        Ok(Window {
            height: axis(0)?,
            width: axis(1)?,
        })
    }

    /// The number of output positions, height times width.
    pub fn positions(&self) -> usize {
        self.height.output * self.width.output
    }

    /// The taps of output position `position` (row-major over the outputs) that read an
    /// input, as `((th, tw), k)`: the tap and the index `row * width + column` of its input in
    /// one channel.
    pub fn taps(&self, position: usize) -> impl Iterator<Item = ((usize, usize), usize)> + '_ {
        let (oh, ow) = (position / self.width.output, position % self.width.output);
        let width = self.width.input;
        self.height.taps(oh).flat_map(move |th| {
            let row = self.height.input_at(oh, th);
            self.width.taps(ow).filter_map(move |tw| {
                let column = self.width.input_at(ow, tw)?;
                Some(((th, tw), row? * width + column))
            })
        })
    }

    /// The pads actually used, `[top, left, bottom, right]`.
    #[cfg(test)]
    fn pads(&self) -> [usize; 4] {
        [
            self.height.pad_begin,
            self.width.pad_begin,
            self.height.pad_end,
            self.width.pad_end,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sliding(stride: usize, dilation: usize, padding: Padding) -> Sliding {
        Sliding {
            strides: [stride; 2],
            dilations: [dilation; 2],
            padding,
        }
    }

    #[test]
    fn output_sizes_follow_the_onnx_formulas() {
        let pad1 = Padding::Explicit {
            begin: [1, 1],
            end: [1, 1],
        };
        let w = Window::place([28, 28], [3, 3], &sliding(2, 1, pad1), false).unwrap();
        assert_eq!(w.height.output(), 14);
        let w = Window::place([7, 5], [3, 3], &sliding(1, 2, Padding::NONE), false).unwrap();
        assert_eq!((w.height.output(), w.width.output()), (3, 1));
        // SAME_UPPER on 5 with kernel 2, stride 2: 3 outputs, 1 pad, at the end.
        let w = Window::place([5, 5], [2, 2], &sliding(2, 1, Padding::SameUpper), false).unwrap();
        assert_eq!((w.height.output(), w.pads()), (3, [0, 0, 1, 1]));
        let w = Window::place([5, 5], [2, 2], &sliding(2, 1, Padding::SameLower), false).unwrap();
        assert_eq!(w.pads(), [1, 1, 0, 0]);
        assert_eq!(w.height.input_at(0, 0), None);
        assert_eq!(w.height.input_at(0, 1), Some(0));
    }

    #[test]
    fn only_the_taps_inside_the_input_are_listed() {
        let huge = Padding::Explicit {
            begin: [1 << 40, 0],
            end: [1 << 40, 0],
        };
        // A kernel of 2^41 rows over 3 rows and 2^40 pads on both sides: three taps read.
        let w = Window::place([3, 1], [1 << 41, 1], &sliding(1, 1, huge), false).unwrap();
        assert_eq!(w.height.output(), 4);
        assert_eq!(w.height.taps(0), (1 << 40)..(1 << 40) + 3);
        assert_eq!(w.height.taps(1), (1 << 40) - 1..(1 << 40) + 2);
        // Dilation 2 over 5 inputs, pad 1 before: taps 1 and 2 read inputs 1 and 3.
        let pad = Padding::Explicit {
            begin: [1, 0],
            end: [0, 0],
        };
        let w = Window::place([5, 1], [3, 1], &sliding(1, 2, pad), false).unwrap();
        assert_eq!(w.height.taps(0), 1..3);
        assert_eq!(w.height.input_at(0, 1), Some(1));
        let all: Vec<_> = w.taps(1).collect();
        assert_eq!(all, [((0, 0), 0), ((1, 0), 2), ((2, 0), 4)]);
    }

    #[test]
    fn misfits_and_overhanging_ceil_mode_are_refused() {
        let e = Window::place([2, 9], [3, 3], &sliding(1, 1, Padding::NONE), false).unwrap_err();
        assert!(e.contains("height") && e.contains("spans 3"), "{e}");
        let e = Window::place([5, 5], [2, 2], &sliding(2, 1, Padding::NONE), true).unwrap_err();
        assert!(e.contains("ceil_mode = 1") && e.contains("3 outputs instead of 2"));
        assert!(Window::place([4, 4], [2, 2], &sliding(2, 1, Padding::NONE), true).is_ok());
        assert!(Window::place([4, 4], [0, 2], &sliding(2, 1, Padding::NONE), false).is_err());
        assert!(Window::place(
            [4, 4],
            [2, 2],
            &sliding(2, usize::MAX, Padding::NONE),
            false
        )
        .is_err());
    }
}
