//! The commands that change a site's sources: `release`, `init` and `new`.

pub mod freeze;
pub mod release;
pub mod scaffold;
