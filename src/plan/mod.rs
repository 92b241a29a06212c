//! Planning: what a build publishes of each document, and where every link goes.

pub mod links;
