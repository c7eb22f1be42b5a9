//! The global allocator of the `khabar` binary and of the benches that measure it: mimalloc.
//! Analysis allocates many short strings; mimalloc made `khabar extract` about 15% faster than
//! the system allocator (`benches/analysis.rs`).
//!
//! One setting matters: how long freed memory stays with mimalloc before it goes back to the
//! system (the purge delay). The reader keeps it short ([`tune`], 10 ms): with mimalloc v3's
//! default of 1 s the archive's peak memory while indexing grew from 1.9× to 2.2× the archive
//! (`benches/archive.rs`), and with 0 `khabar render` spent four times as long in the kernel
//! refaulting pages. Batch analysis ([`tune_for_batch`], 250 ms) keeps pages longer: with 10 ms
//! about a tenth of `extract`'s time went to fresh pages the kernel had to zero.

/// The allocator type, for `#[global_allocator]`.
pub type Allocator = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (`mimalloc.h`; the Rust bindings do not
/// name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Purge delay for interactive use, in ms.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Purge delay for batch analysis, in ms.
const BATCH_PURGE_DELAY_MS: std::ffi::c_long = 250;

fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: setting an option is a plain store into mimalloc's option table; it is valid at
    // any time, and any delay in milliseconds is a documented value of this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms) };
}

/// Set mimalloc's options for the program; call first thing in `main`.
pub fn tune() {
    set_purge_delay(PURGE_DELAY_MS);
}

/// Favour throughput over peak memory, for commands that analyse many articles in a batch.
pub fn tune_for_batch() {
    set_purge_delay(BATCH_PURGE_DELAY_MS);
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY_MS;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option is a plain load from mimalloc's option table.
        let get = || unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        // mimalloc v3's default purge delay is 1000 ms (`src/options.c`); no other option is.
        assert_eq!(get(), 1000);
        super::tune();
        assert_eq!(get(), PURGE_DELAY_MS);
        super::tune_for_batch();
        assert_eq!(get(), super::BATCH_PURGE_DELAY_MS);
    }
}
