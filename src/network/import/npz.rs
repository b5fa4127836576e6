//! NumPy `.npz` archives (`np.savez`, stored, and `np.savez_compressed`, deflated): a zip file of
//! `.npy` arrays whose entry names, without `.npy`, are the tensor names.

use super::npy;
use super::sequential::ignored;
use super::tensor::{error, Tensor};
use crate::json::FormatError;
use std::io::{Cursor, Read};

/// The arrays of the `.npz` file `bytes` called `origin`, in archive order, without the ignored
/// ones.
pub fn read(origin: &str, bytes: &[u8]) -> Result<Vec<(String, Tensor)>, FormatError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| error(origin, "", format!("not a readable zip archive: {e}")))?;
    let mut tensors = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| error(origin, &format!("zip entry {i}"), e.to_string()))?;
        let entry_name = entry
            .name()
            .map_err(|e| error(origin, &format!("zip entry {i}"), format!("bad name: {e}")))?
            .to_string();
        let Some(name) = entry_name.strip_suffix(".npy") else {
            return Err(error(origin, &entry_name, "not a .npy entry"));
        };
        if ignored(name) {
            continue;
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| error(origin, name, format!("cannot read the entry: {e}")))?;
        tensors.push((name.to_string(), npy::read(origin, name, &data)?));
    }
    Ok(tensors)
}
