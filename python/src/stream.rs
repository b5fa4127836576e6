//! `RegionStream`: regions handed to Python as they are finished. The enumeration runs on its
//! own thread and sends each region's record through a bounded channel, so memory holds the
//! work in flight and at most `BUFFER` records, however many regions there are; dropping the
//! stream stops the work.

use crate::enumerate::enumerate_error;
use pyo3::prelude::*;
use relupoly::io::{summary_json, RecordMaker};
use relupoly::network::{Network, Slice};
use relupoly::regions::{Domain, EnumerateError, Limits, Region, RegionConsumer, Run};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Records waiting for Python at most.
const BUFFER: usize = 256;

/// What the enumeration thread sends.
enum Message {
    /// The next region's record.
    Region(String),
    /// The end: the summary, or why the run stopped.
    End(Result<String, EnumerateError>),
}

/// An iterator over region records (the JSON lines of `relupoly regions --jsonl`), in pattern
/// order, produced while it is read; `summary()` gives the summary once it is exhausted.
#[pyclass(module = "relupoly._relupoly")]
pub struct RegionStream {
    receiver: Mutex<Receiver<Message>>,
    cancel: Arc<AtomicBool>,
    summary: Option<String>,
}

/// Sends each region's record down the channel.
struct Forward {
    sender: SyncSender<Message>,
    records: RecordMaker,
}

impl RegionConsumer for Forward {
    fn consume(&mut self, index: usize, region: &Region) -> Result<(), String> {
        self.sender
            .send(Message::Region(self.records.record(index, region)))
            .map_err(|_| "the stream was dropped".to_string())
    }
}

impl RegionStream {
    /// Starts enumerating `network` on `domain` under `limits` (no complex: memory stays
    /// bounded), each record with its triangulation if `simplices` and its input-space points
    /// if `network` is restricted to `slice`.
    pub fn start(
        network: Arc<Network>,
        domain: Domain,
        limits: Limits,
        simplices: bool,
        slice: Option<Slice>,
    ) -> RegionStream {
        let (sender, receiver) = sync_channel(BUFFER);
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::spawn(move || {
            let run = Run::new(&network, domain)
                .with_limits(limits)
                .with_complex(false)
                .cancel_on(&flag);
            let mut forward = Forward {
                sender,
                records: RecordMaker::new(simplices, slice),
            };
            let outcome = run
                .fold(&mut |_| {}, &mut [&mut forward])
                .map(|outcome| summary_json(&outcome.summary, false));
            let _ = forward.sender.send(Message::End(outcome));
        });
        RegionStream {
            receiver: Mutex::new(receiver),
            cancel,
            summary: None,
        }
    }
}

impl Drop for RegionStream {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[pymethods]
impl RegionStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next region's record; `StopIteration` at the end. Waits without the GIL, looking at
    /// signals every 50 ms (Ctrl-C stops the work and raises `KeyboardInterrupt`).
    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        if self.summary.is_some() {
            return Ok(None);
        }
        loop {
            let receiver = &self.receiver;
            let message = py.detach(|| {
                receiver
                    .lock()
                    .expect("unpoisoned")
                    .recv_timeout(Duration::from_millis(50))
            });
            match message {
                Ok(Message::Region(record)) => return Ok(Some(record)),
                Ok(Message::End(Ok(summary))) => {
                    self.summary = Some(summary);
                    return Ok(None);
                }
                Ok(Message::End(Err(e))) => {
                    self.summary = Some(String::new());
                    return Err(enumerate_error(e));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(e) = py.check_signals() {
                        self.cancel.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    /// The summary (the JSON of `--summary-json`), once every region has been read; `None`
    /// before.
    fn summary(&self) -> Option<String> {
        self.summary.clone().filter(|s| !s.is_empty())
    }
}
