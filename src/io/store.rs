//! The sweep's store in a folder: each finished configuration in `configs/KEY.json` with the
//! settings it was computed under and a checksum, and the networks it keeps in `violations/`
//! and `refutations/`.

use super::{write_network, NumberMode};
use crate::experiment::{ConfigResult, Configuration, KeptNetwork, SweepConfig, SweepStore};
use crate::theory::catalogue;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The FNV-1a 64-bit hash of `bytes`, as 16 hex digits: a checksum that notices edits and
/// truncation (not a defence against forgery); of stored sweep results, dataset files and shard
/// parts.
pub fn fnv1a64(bytes: &[u8]) -> String {
    let mut hash = Fnv1a64::default();
    hash.add(bytes);
    hash.hex()
}

/// [`fnv1a64`] fed piece by piece, for a document checked as it is streamed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fnv1a64(u64);

impl Default for Fnv1a64 {
    fn default() -> Fnv1a64 {
        Fnv1a64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a64 {
    /// Hashes `bytes` after what came before.
    pub(super) fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash so far, as 16 hex digits.
    pub(super) fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// A sweep's folder (`relupoly check --out`). A stored configuration is reused only if it was
/// computed with the same seeds, bits, region limit, training, catalogue and relupoly version,
/// and its checksum matches (an edited or truncated file is computed again).
#[derive(Debug, Clone)]
pub struct SweepDirectory {
    out: PathBuf,
    configs: PathBuf,
    settings: Value,
}

impl SweepDirectory {
    /// The store in `out` for the sweep `config`; creates `out/configs`.
    pub fn new(out: &Path, config: &SweepConfig) -> Result<SweepDirectory, String> {
        let configs = out.join("configs");
        std::fs::create_dir_all(&configs)
            .map_err(|e| format!("{}: cannot create: {e}", configs.display()))?;
        let entries: Vec<&str> = catalogue().iter().map(|e| e.id).collect();
        let training = config.training.as_ref().map(|(t, steps)| {
            format!(
                "{:?} {:?} {} {} {steps:?}",
                t.task, t.optimizer, t.rate, t.points
            )
        });
        let settings = json!({
            "seeds": config.seeds, "bits": config.bits, "max_regions": config.max_regions,
            "training": training, "catalogue": entries, "version": env!("CARGO_PKG_VERSION"),
        });
        Ok(SweepDirectory {
            out: out.to_path_buf(),
            configs,
            settings,
        })
    }

    fn path(&self, configuration: &Configuration) -> PathBuf {
        self.configs.join(format!("{}.json", configuration.key()))
    }
}

impl SweepStore for SweepDirectory {
    fn load(&self, configuration: &Configuration) -> Option<ConfigResult> {
        let text = std::fs::read_to_string(self.path(configuration)).ok()?;
        let stored: Value = serde_json::from_str(&text).ok()?;
        if stored.get("settings")? != &self.settings {
            return None;
        }
        let result = stored.get("result")?;
        if stored.get("checksum")?.as_str()? != checksum(result) {
            return None;
        }
        serde_json::from_value(result.clone()).ok()
    }

    fn save(&self, result: &ConfigResult, kept: &[KeptNetwork]) -> Result<(), String> {
        for network in kept {
            let dir = self.out.join(network.folder);
            std::fs::create_dir_all(&dir)
                .and_then(|()| {
                    std::fs::write(
                        dir.join(format!("{}.json", network.name)),
                        write_network(&network.network, NumberMode::Binary64, None),
                    )
                })
                .map_err(|e| format!("{}: cannot save the network: {e}", dir.display()))?;
        }
        let path = self.path(&result.configuration);
        let value = json!(result);
        let saved = json!({
            "settings": self.settings,
            "result": value,
            "checksum": checksum(&value),
        });
        std::fs::write(&path, saved.to_string())
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))
    }
}

/// The checksum of a stored result: FNV-1a 64 of its compact JSON.
fn checksum(result: &Value) -> String {
    fnv1a64(result.to_string().as_bytes())
}
