//! NumPy `.npz` archives (`np.savez`, stored, and `np.savez_compressed`, deflated): a zip file of
//! `.npy` arrays whose entry names, without `.npy`, are the tensor names.

use super::npy;
use super::sequential::ignored;
use super::tensor::{error, Tensor};
use crate::io::InputError;
use std::io::{Cursor, Read};

/// The largest `.npy` entry read (256 MiB): far more than any network the exact tools can
/// enumerate, and refused before it is read.
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;

/// The arrays of the `.npz` file `bytes` called `origin`, in archive order, without the ignored
/// ones.
pub fn read(origin: &str, bytes: &[u8]) -> Result<Vec<(String, Tensor)>, InputError> {
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
        // The declared size is checked before anything is read, and no more than it is read (a
        // deflate stream may expand far beyond its archive).
        let declared = entry.size();
        if declared > MAX_ENTRY_BYTES {
            return Err(error(
                origin,
                name,
                format!("the entry declares {declared} bytes, more than the {MAX_ENTRY_BYTES} an imported tensor may have"),
            ));
        }
        let mut data = Vec::with_capacity(declared as usize);
        entry
            .by_ref()
            .take(declared + 1)
            .read_to_end(&mut data)
            .map_err(|e| error(origin, name, format!("cannot read the entry: {e}")))?;
        if data.len() as u64 != declared {
            return Err(error(
                origin,
                name,
                format!(
                    "the entry holds {} bytes, not the {declared} it declares",
                    data.len()
                ),
            ));
        }
        tensors.push((name.to_string(), npy::read(origin, name, &data)?));
    }
    Ok(tensors)
}
