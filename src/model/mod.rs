//! The model: what a trust portal is made of (languages, versions, dates, documents and
//! their pages, histories, URLs), as plain data with no I/O. Every layer above reads it.

pub mod content;
pub mod date;
pub mod front_matter;
pub mod history;
pub mod language;
pub mod served;
pub mod trust;
pub mod urls;
pub mod version;
