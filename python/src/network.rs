//! `Network`: the exact network model, built from exact text, read from files or bytes, drawn
//! at random, written, and evaluated.

use crate::convert::{matrix, texts, vector};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use relupoly::io::import::{
    import_bytes, import_file, import_file_with_architecture, Architecture, ImportFormat,
    ImportOptions,
};
use relupoly::io::{parse_network, read_network, write_network, NumberMode};
use relupoly::network::{Activation, Block, Layer, Network, RandomSpec};
use std::path::Path;
use std::sync::Arc;

/// A hidden layer from Python: weights and biases as exact text, and the leaky slope (`None`
/// for ReLU).
type HiddenLayer = (Vec<Vec<String>>, Vec<String>, Option<String>);

/// A ReLU network with exact rational weights.
#[pyclass(module = "relupoly._relupoly", name = "Network", frozen)]
pub struct PyNetwork {
    /// The network, shared with the threads that enumerate it.
    pub inner: Arc<Network>,
}

fn value_error(e: impl ToString) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn import_format(name: &str) -> PyResult<ImportFormat> {
    match name {
        "safetensors" => Ok(ImportFormat::Safetensors),
        "npz" => Ok(ImportFormat::Npz),
        "onnx" => Ok(ImportFormat::Onnx),
        other => Err(PyValueError::new_err(format!(
            "unknown format \"{other}\" (json, safetensors, npz or onnx)"
        ))),
    }
}

fn import_options(relu_after_last: bool, bn_eps: Option<&str>) -> PyResult<ImportOptions> {
    let mut options = ImportOptions {
        relu_after_last,
        ..ImportOptions::default()
    };
    if let Some(eps) = bn_eps {
        options.bn_eps = crate::convert::rational(eps, "bn_eps")?;
    }
    Ok(options)
}

impl PyNetwork {
    fn wrap(network: Network) -> PyNetwork {
        PyNetwork {
            inner: Arc::new(network),
        }
    }
}

#[pymethods]
impl PyNetwork {
    /// The network of the relupoly JSON document `text` (errors name `origin`).
    #[staticmethod]
    fn from_json(text: &str, origin: &str) -> PyResult<PyNetwork> {
        parse_network(text, origin)
            .map(PyNetwork::wrap)
            .map_err(value_error)
    }

    /// The network of the file at `path`: relupoly JSON, or with `format` (or by extension)
    /// safetensors, npz or ONNX, every stored float taken exactly; `architecture` is the path of
    /// a state_dict's architecture spec (convolutional networks, docs/formats.md).
    #[staticmethod]
    #[pyo3(signature = (path, format=None, relu_after_last=false, bn_eps=None, architecture=None))]
    fn load(
        path: &str,
        format: Option<&str>,
        relu_after_last: bool,
        bn_eps: Option<&str>,
        architecture: Option<&str>,
    ) -> PyResult<PyNetwork> {
        let path = Path::new(path);
        let json = format == Some("json")
            || (format.is_none() && path.extension().is_some_and(|e| e == "json"));
        if json {
            return read_network(path).map(PyNetwork::wrap).map_err(value_error);
        }
        let format = format.map(import_format).transpose()?;
        let options = import_options(relu_after_last, bn_eps)?;
        let imported = match architecture {
            Some(spec) => {
                let spec = Architecture::read(Path::new(spec)).map_err(value_error)?;
                import_file_with_architecture(path, format, &spec, &options)
            }
            None => import_file(path, format, &options),
        };
        imported
            .map(|imported| PyNetwork::wrap(imported.network))
            .map_err(value_error)
    }

    /// The network stored in `data` in `format` (safetensors, npz or onnx); errors name `origin`.
    #[staticmethod]
    #[pyo3(signature = (data, format, origin, relu_after_last=false, bn_eps=None))]
    fn from_bytes(
        data: &[u8],
        format: &str,
        origin: &str,
        relu_after_last: bool,
        bn_eps: Option<&str>,
    ) -> PyResult<PyNetwork> {
        let options = import_options(relu_after_last, bn_eps)?;
        import_bytes(data, origin, import_format(format)?, &options)
            .map(|imported| PyNetwork::wrap(imported.network))
            .map_err(value_error)
    }

    /// The network with hidden layers `(weights, biases, negative_slope)` (exact text; slope
    /// `None` for ReLU) on `input_dim` inputs, and an optional affine output layer.
    #[staticmethod]
    #[pyo3(signature = (input_dim, hidden, output=None))]
    fn from_layers(
        input_dim: usize,
        hidden: Vec<HiddenLayer>,
        output: Option<(Vec<Vec<String>>, Vec<String>)>,
    ) -> PyResult<PyNetwork> {
        let mut blocks = Vec::new();
        for (l, (weights, biases, slope)) in hidden.iter().enumerate() {
            let layer = Layer {
                weights: matrix(weights, &format!("layer {l} weights"))?,
                biases: vector(biases, &format!("layer {l} biases"))?,
            };
            let activation = match slope {
                Some(s) => {
                    Activation::leaky(crate::convert::rational(s, &format!("layer {l} slope"))?)
                }
                None => Activation::Relu,
            };
            blocks.push(Block {
                layer,
                activation,
                shortcut: None,
            });
        }
        let output = output
            .map(|(weights, biases)| -> PyResult<Layer> {
                Ok(Layer {
                    weights: matrix(&weights, "output weights")?,
                    biases: vector(&biases, "output biases")?,
                })
            })
            .transpose()?;
        Network::from_blocks(input_dim, blocks, output)
            .map(PyNetwork::wrap)
            .map_err(value_error)
    }

    /// The network `relupoly random RECIPE` draws (the same bits), `recipe` being its
    /// arguments, e.g. `--input-dim 2 --widths 8,8 --init he-normal --bias pytorch --seed 1`.
    #[staticmethod]
    fn random(recipe: &str) -> PyResult<PyNetwork> {
        let spec: RandomSpec = recipe.parse().map_err(value_error)?;
        spec.generate().map(PyNetwork::wrap).map_err(value_error)
    }

    /// The network as a relupoly JSON document, numbers `decimal` (exact decimals and
    /// fractions) or `binary64` (shortest round-trip decimals where exact).
    #[pyo3(signature = (numbers="decimal"))]
    fn to_json(&self, numbers: &str) -> PyResult<String> {
        let mode = match numbers {
            "decimal" => NumberMode::Decimal,
            "binary64" => NumberMode::Binary64,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown number mode \"{other}\" (decimal or binary64)"
                )))
            }
        };
        Ok(write_network(&self.inner, mode, None))
    }

    /// The network's exact value at `x` (its output layer's, or the last block's outputs).
    fn forward(&self, x: Vec<String>) -> PyResult<Vec<String>> {
        let x = self.point(&x)?;
        Ok(texts(&self.inner.evaluate(&x)))
    }

    /// The exact pre-activations of every hidden neuron at `x`, block by block.
    fn pre_activations(&self, x: Vec<String>) -> PyResult<Vec<Vec<String>>> {
        let x = self.point(&x)?;
        Ok(self
            .inner
            .pre_activations(&x)
            .iter()
            .map(|layer| texts(layer))
            .collect())
    }

    /// The input dimension.
    #[getter]
    fn input_dim(&self) -> usize {
        self.inner.input_dim()
    }

    /// The widths of the hidden blocks.
    #[getter]
    fn widths(&self) -> Vec<usize> {
        self.inner.widths()
    }

    /// The width of the affine output layer, or `None`.
    #[getter]
    fn output_dim(&self) -> Option<usize> {
        self.inner.output().map(Layer::width)
    }
}

impl PyNetwork {
    fn point(&self, x: &[String]) -> PyResult<Vec<relupoly::exact::Rational>> {
        if x.len() != self.inner.input_dim() {
            return Err(PyValueError::new_err(format!(
                "x has {} entries, the network's input dimension is {}",
                x.len(),
                self.inner.input_dim()
            )));
        }
        vector(x, "x")
    }
}
