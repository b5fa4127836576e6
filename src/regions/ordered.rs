//! Parallel work handed on in order: items run on the rayon pool as threads come free, and each
//! item's output is handed on as soon as it and every item before it are done, with no barrier
//! between batches of items.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Runs `work` on every item of `items` on the current rayon pool and hands the outputs to
/// `hand_on` (with the item's index) in item order, one at a time. At most `window` items are
/// started and not yet handed on, so memory holds at most `window` outputs however many items
/// there are. Items start in order (first in, first out), and a thread that finishes an item
/// starts the next one, so no thread waits for a slow item unless the window is full.
///
/// Stops at the first error of `work` or `hand_on` (items already running finish, no new one
/// starts, nothing more is handed on) and returns it.
pub(super) fn ordered_window<I, O, E>(
    items: impl Iterator<Item = I> + Send,
    window: usize,
    work: &(dyn Fn(I) -> Result<O, E> + Sync),
    hand_on: &mut (dyn FnMut(usize, O) -> Result<(), E> + Send),
) -> Result<(), E>
where
    I: Send,
    O: Send,
    E: Send,
{
    let pipeline = Pipeline {
        state: Mutex::new(State {
            remaining: Box::new(items),
            started: 0,
            next: 0,
            ready: BTreeMap::new(),
            handing_on: false,
            failed: None,
        }),
        work,
        hand_on: Mutex::new(hand_on),
    };
    rayon::scope_fifo(|scope| {
        let mut state = pipeline.lock();
        for _ in 0..window.max(1) {
            pipeline.start_next(scope, &mut state);
        }
    });
    let state = pipeline.state.into_inner().expect("no item panicked");
    state.failed.map_or(Ok(()), Err)
}

/// Where the work stands.
struct State<'a, I, O, E> {
    /// The items not started yet.
    remaining: Box<dyn Iterator<Item = I> + Send + 'a>,
    /// How many items were started.
    started: usize,
    /// The index of the next item to hand on.
    next: usize,
    /// Outputs finished but waiting for an item before them.
    ready: BTreeMap<usize, O>,
    /// Whether a thread is handing outputs on (it hands on every ready one before it stops).
    handing_on: bool,
    /// The first error.
    failed: Option<E>,
}

struct Pipeline<'a, I, O, E> {
    state: Mutex<State<'a, I, O, E>>,
    work: &'a (dyn Fn(I) -> Result<O, E> + Sync),
    hand_on: Mutex<&'a mut (dyn FnMut(usize, O) -> Result<(), E> + Send)>,
}

impl<'a, I: Send, O: Send, E: Send> Pipeline<'a, I, O, E> {
    fn lock(&self) -> std::sync::MutexGuard<'_, State<'a, I, O, E>> {
        self.state.lock().expect("no item panicked")
    }

    /// Starts the next item, if any is left and nothing failed.
    fn start_next<'s>(&'s self, scope: &rayon::ScopeFifo<'s>, state: &mut State<'a, I, O, E>) {
        if state.failed.is_some() {
            return;
        }
        if let Some(item) = state.remaining.next() {
            let index = state.started;
            state.started += 1;
            scope.spawn_fifo(move |scope| self.run(scope, index, item));
        }
    }

    /// Works item `index`, then hands on every output that is next in order, starting one new
    /// item for each handed on (unless another thread is handing on already: it will).
    fn run<'s>(&'s self, scope: &rayon::ScopeFifo<'s>, index: usize, item: I) {
        if self.lock().failed.is_some() {
            return;
        }
        let result = (self.work)(item);
        let mut state = self.lock();
        match result {
            Ok(out) => {
                state.ready.insert(index, out);
            }
            Err(e) => {
                state.failed.get_or_insert(e);
                return;
            }
        }
        if state.handing_on {
            return;
        }
        state.handing_on = true;
        while state.failed.is_none() {
            let next = state.next;
            let Some(out) = state.ready.remove(&next) else {
                break;
            };
            state.next += 1;
            self.start_next(scope, &mut state);
            drop(state);
            let handed = (self.hand_on.lock().expect("no item panicked"))(next, out);
            state = self.lock();
            if let Err(e) = handed {
                state.failed.get_or_insert(e);
            }
        }
        state.handing_on = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Outputs come in item order, each once, with at most `window` items started and not
    /// handed on, whatever the threads and however uneven the items.
    #[test]
    fn outputs_come_in_order_within_the_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool");
        for window in [1, 3, 16] {
            let in_flight = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let result: Result<(), ()> = pool.install(|| {
                ordered_window(
                    0..200u64,
                    window,
                    &|i| {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        // Uneven work: every seventh item is much longer.
                        let spins = if i % 7 == 0 { 200_000 } else { 1_000 };
                        std::hint::black_box(
                            (0..spins).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)),
                        );
                        Ok(i)
                    },
                    &mut |index, out| {
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                        assert_eq!(index as u64, out);
                        seen.push(out);
                        Ok(())
                    },
                )
            });
            assert_eq!(result, Ok(()));
            assert_eq!(seen, (0..200).collect::<Vec<_>>());
            assert!(
                most.load(Ordering::SeqCst) <= window,
                "window {window} exceeded"
            );
        }
    }

    /// The first error stops the work: nothing after it is handed on.
    #[test]
    fn an_error_stops_the_handing_on() {
        let mut seen = Vec::new();
        let result = ordered_window(
            0..100usize,
            8,
            &|i| if i == 40 { Err(i) } else { Ok(i) },
            &mut |_, out| {
                seen.push(out);
                Ok(())
            },
        );
        assert_eq!(result, Err(40));
        assert!(seen.len() <= 40 && seen.iter().enumerate().all(|(k, &v)| k == v));
        let mut seen = Vec::new();
        let result = ordered_window(0..100usize, 8, &Ok, &mut |_, out| {
            seen.push(out);
            if out == 10 {
                Err(out)
            } else {
                Ok(())
            }
        });
        assert_eq!(result, Err(10));
        assert_eq!(seen, (0..=10).collect::<Vec<_>>());
    }
}
