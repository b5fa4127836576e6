//! The `relupoly` command; all the work is done by the library (see `relupoly::cli`).

/// The exact arithmetic allocates and frees many small big integers; mimalloc serves them
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    relupoly::cli::main()
}
