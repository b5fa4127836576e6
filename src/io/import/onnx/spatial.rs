//! The ONNX nodes on `[N, C, H, W]` values and their shapes: `Conv`, `AveragePool` and
//! `Reshape`, read into the builder's convolutions, pools and reshapes (the window attributes
//! `kernel_shape`, `strides`, `dilations`, `pads` and `auto_pad` as `Sliding`).

use super::{Step, Walk};
use crate::io::import::linear::{Padding, Sliding};
use crate::io::import::tensor::shape_text;
use crate::io::InputError;

/// The window attributes of `Conv` and `AveragePool`.
const WINDOW: [&str; 5] = ["auto_pad", "dilations", "kernel_shape", "pads", "strides"];

impl Step<'_> {
    /// The INTS attribute `name` as `length` sizes, if given; negative entries are errors.
    fn sizes(&self, name: &str, length: usize) -> Result<Option<Vec<usize>>, InputError> {
        let Some(values) = self.ints(name)? else {
            return Ok(None);
        };
        if values.len() != length {
            return Err(self.fail(format!(
                "attribute {name} has {} entries, expected {length} (only 2-D windows are read)",
                values.len()
            )));
        }
        let sizes = (values.iter())
            .map(|&v| usize::try_from(v))
            .collect::<Result<Vec<usize>, _>>()
            .map_err(|_| {
                self.fail(format!(
                    "attribute {name} = {values:?} has a negative entry"
                ))
            })?;
        Ok(Some(sizes))
    }

    /// The pair attribute `name` (`[height, width]`), each `default` if absent.
    fn pair(&self, name: &str, default: usize) -> Result<[usize; 2], InputError> {
        Ok(match self.sizes(name, 2)? {
            Some(v) => [v[0], v[1]],
            None => [default; 2],
        })
    }

    /// How the window moves: `strides`, `dilations`, and `pads` or `auto_pad` (`NOTSET`,
    /// `VALID`, `SAME_UPPER`, `SAME_LOWER`).
    fn sliding(&self) -> Result<Sliding, InputError> {
        let pads = self.sizes("pads", 4)?;
        let auto_pad = self.string("auto_pad")?;
        let padding = match (auto_pad.as_deref().unwrap_or("NOTSET"), pads) {
            ("NOTSET", pads) => {
                let p = pads.unwrap_or(vec![0; 4]);
                Padding::Explicit {
                    begin: [p[0], p[1]],
                    end: [p[2], p[3]],
                }
            }
            (mode, Some(pads)) if pads.iter().any(|&p| p != 0) => {
                return Err(self.fail(format!(
                    "pads {pads:?} and auto_pad {mode} together: pads are read only with \
                     auto_pad NOTSET"
                )))
            }
            ("VALID", _) => Padding::NONE,
            ("SAME_UPPER", _) => Padding::SameUpper,
            ("SAME_LOWER", _) => Padding::SameLower,
            (other, _) => {
                return Err(self.fail(format!(
                    "auto_pad {other}: expected NOTSET, VALID, SAME_UPPER or SAME_LOWER"
                )))
            }
        };
        Ok(Sliding {
            strides: self.pair("strides", 1)?,
            dilations: self.pair("dilations", 1)?,
            padding,
        })
    }

    /// The INT attribute `name` as a flag: 0 or 1.
    fn flag(&self, name: &str) -> Result<bool, InputError> {
        match self.int(name, 0)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.fail(format!("attribute {name} = {other}, expected 0 or 1"))),
        }
    }
}

impl Walk<'_> {
    /// `Conv`: input 1 the weight `[M, C / group, kH, kW]`, input 2 the optional bias `[M]`.
    pub(super) fn conv(&mut self, step: &Step) -> Result<(), InputError> {
        let mut attributes = WINDOW.to_vec();
        attributes.push("group");
        step.expect(2..=3, &[0], &attributes)?;
        let (name, kernel) = self.initializer(step, 1)?;
        let &[out_channels, _, kh, kw] = &kernel.shape[..] else {
            return Err(step.fail(format!(
                "weight {name} has shape {}: a 2-D convolution's [M, C/group, kH, kW] is \
                 expected (only 2-D convolutions are read)",
                shape_text(&kernel.shape)
            )));
        };
        if let Some(declared) = step.sizes("kernel_shape", 2)? {
            if declared != [kh, kw] {
                return Err(step.fail(format!(
                    "kernel_shape {declared:?} differs from the [kH, kW] = [{kh}, {kw}] of the \
                     weight {name}"
                )));
            }
        }
        let bias = match step.operand(2) {
            Some(_) => Some(self.vector(step, 2, out_channels, "output channel")?),
            None => None,
        };
        let group = step.int("group", 1)?;
        let group = usize::try_from(group)
            .ok()
            .filter(|&g| g > 0)
            .ok_or_else(|| step.fail(format!("group = {group}, expected a positive number")))?;
        let sliding = step.sliding()?;
        let built = (self.builder).conv(&kernel.shape, kernel.values, bias, group, &sliding);
        step.check(built)
    }

    /// `AveragePool`: `kernel_shape` required; `count_include_pad` 0 or 1; `ceil_mode` 1 only
    /// where it changes nothing.
    pub(super) fn average_pool(&mut self, step: &Step) -> Result<(), InputError> {
        let mut attributes = WINDOW.to_vec();
        attributes.extend(["ceil_mode", "count_include_pad"]);
        step.expect(1..=1, &[0], &attributes)?;
        let kernel = step
            .sizes("kernel_shape", 2)?
            .ok_or_else(|| step.fail("attribute kernel_shape is missing (it is required)"))?;
        let include = step.flag("count_include_pad")?;
        let ceil = step.flag("ceil_mode")?;
        let sliding = step.sliding()?;
        let built = (self.builder).avg_pool([kernel[0], kernel[1]], &sliding, include, ceil);
        step.check(built)
    }

    /// `Reshape`: input 1 the target shape, an `INT64` initializer or `Constant`.
    pub(super) fn reshape(&mut self, step: &Step) -> Result<(), InputError> {
        step.expect(2..=2, &[0], &["allowzero"])?;
        let name = step
            .operand(1)
            .ok_or_else(|| step.fail("input 1 (the shape) is missing"))?;
        let target = if let Some(values) = self.int_constants.get(name) {
            values.to_vec()
        } else if let Some(proto) = self.initializers.get(name) {
            let (shape, values) = proto.decode_ints(self.origin, name)?;
            if shape.len() != 1 {
                return Err(step.fail(format!(
                    "the shape {name} has shape {}: a list [n] is expected",
                    shape_text(&shape)
                )));
            }
            values
        } else {
            return Err(step.fail(format!(
                "input 1 ({name}) is not an initializer or a Constant: the target shape must be \
                 stored in the file"
            )));
        };
        let allowzero = step.flag("allowzero")?;
        step.check(self.builder.reshape(&target, allowzero))
    }
}
