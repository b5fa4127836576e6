//! `relupoly._relupoly`: the Python bindings, a thin layer over the library's `Run`, `io` and
//! plain data. Exact numbers cross the boundary as text (`"-3/4"`), which the Python package
//! turns into `int` and `fractions.Fraction`; documents cross as the JSON the CLI writes, so the
//! two always agree. Long work runs on its own thread with the GIL released, and stops within a
//! tenth of a second of Ctrl-C.

mod convert;
mod enumerate;
mod network;
mod shard;
mod stream;

use pyo3::prelude::*;

/// The allocator of the extension's own (Rust) allocations, as in the `relupoly` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extension module.
#[pymodule]
fn _relupoly(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<network::PyNetwork>()?;
    m.add_class::<stream::RegionStream>()?;
    m.add_function(wrap_pyfunction!(enumerate::regions, m)?)?;
    m.add_function(wrap_pyfunction!(enumerate::iter_regions, m)?)?;
    m.add_function(wrap_pyfunction!(enumerate::theory, m)?)?;
    m.add_function(wrap_pyfunction!(enumerate::compare, m)?)?;
    m.add_function(wrap_pyfunction!(enumerate::decision, m)?)?;
    m.add_function(wrap_pyfunction!(convert::slice_through, m)?)?;
    m.add_function(wrap_pyfunction!(enumerate::polytope, m)?)?;
    m.add_function(wrap_pyfunction!(shard::shard, m)?)?;
    m.add_function(wrap_pyfunction!(shard::merge, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
