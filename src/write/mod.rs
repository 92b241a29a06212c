//! The sinks, where a render's files go: a fresh folder on disk swapped into place when
//! the whole build succeeded (`build`), memory (`serve`, and the library's `build`), or
//! nowhere (`check`, for which only the errors of rendering count).

pub mod cleanup;
pub mod discard;
pub mod disk;
pub mod leftover;
pub mod memory;

pub use discard::Discard;
pub use disk::{Destination, MARKER, Staging};
pub use memory::{Artifact, Memory, Output};
