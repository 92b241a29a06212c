//! Kill points for the fault-injection tests (`tests/interrupted.rs`): the steps of a
//! release and of a build's output swap, numbered in the order a run reaches them. With
//! `TRUSTDOCS_KILL_AT_STEP=N` a debug build kills itself with SIGKILL at the N-th step, as
//! Ctrl-C, a cancelled CI job or the OOM killer would; the tests raise N until a run ends
//! on its own, so every step is tried. Release builds carry no hook: `step` is empty.
//!
//! Not for anything else: nothing here changes what trustdocs does when no test asks.

/// Marks one step. In a debug build, when it is the step `TRUSTDOCS_KILL_AT_STEP` names,
/// says which on stderr and dies at once (no destructor, no clean-up runs).
#[cfg(debug_assertions)]
pub fn step(name: &str) {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static TARGET: OnceLock<Option<usize>> = OnceLock::new();
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    let target = *TARGET.get_or_init(|| {
        std::env::var("TRUSTDOCS_KILL_AT_STEP")
            .ok()
            .and_then(|s| s.parse().ok())
    });
    let Some(target) = target else {
        return;
    };
    let n = REACHED.fetch_add(1, Ordering::SeqCst) + 1;
    if n == target {
        eprintln!("trustdocs: killed at step {n}: {name}");
        // SAFETY: kill(2) on our own process with a constant signal; SIGKILL cannot be
        // caught, so nothing after it runs.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        // SIGKILL is delivered before kill(2) returns to a single-threaded caller; other
        // threads may run a moment longer, this one goes no further.
        loop {
            std::thread::park();
        }
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn step(_name: &str) {}

/// Whether the output swap must do without `RENAME_EXCHANGE` (debug builds, when
/// `TRUSTDOCS_NO_RENAME_EXCHANGE` is set): how the tests reach the two-rename swap that
/// systems without it use.
pub fn no_rename_exchange() -> bool {
    cfg!(debug_assertions) && std::env::var_os("TRUSTDOCS_NO_RENAME_EXCHANGE").is_some()
}
