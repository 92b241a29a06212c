//! Problems and how they are reported: the errors that stop a stage (`Error`, each naming
//! its file and line), the diagnostics `check` prints and a build fails on, and the "did
//! you mean" of both.

pub mod diagnostic;
pub mod error;
pub mod suggest;
