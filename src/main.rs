use std::process::ExitCode;

/// mimalloc: analysis allocates many small strings; measured faster than the system allocator
/// on `khabar extract` (see `benches/analysis.rs`, which uses the same allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    khabar::cli::main()
}
