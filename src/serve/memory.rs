//! jemalloc, the binary's allocator (feature `jemalloc`, on by default; its settings are
//! in `main.rs`), and what `serve` changes about it: no huge pages, and memory handed back
//! to the system once saves pause.

/// Hands back to the system the pages of memory that has been freed: jemalloc keeps them
/// for reuse and purges them only as it allocates more. `serve` calls it once saves pause
/// after a rebuild, so an idle preview holds what it uses, not the high-water mark of its
/// last rebuild.
pub fn return_free_memory() {
    #[cfg(feature = "jemalloc")]
    {
        // `arena.<MALLCTL_ARENAS_ALL>.purge`: a void control, no old or new value.
        let name = c"arena.4096.purge";
        // SAFETY: a NUL-terminated name and null pointers for the absent values, as
        // mallctl(3) documents for a control that reads and writes nothing.
        unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            );
        }
    }
}

/// Asks the system not to back this process's memory with transparent huge pages from now
/// on, whatever jemalloc asks for: `serve` keeps its memory for hours and rebuilds again and
/// again, where huge pages hold ≈ 15 % more than the memory in use.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) with PR_SET_THP_DISABLE takes plain integers and touches no memory
    // of ours; if the kernel refuses, pages stay as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
