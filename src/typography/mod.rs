//! Japanese typography that needs no dictionary: what kind of character a character is
//! (`kind.rs`), when a source line break inside a paragraph renders as nothing
//! (`soft_breaks.rs`), and where a line may break between two phrases (文節) of Japanese
//! text (`phrases.rs`). Plain functions over characters and strings: below `markdown`,
//! which applies them to the event stream, and the theme's `phrases` filter. Not for
//! search, which reads text as it is.

mod kind;
pub mod phrases;
mod soft_breaks;

pub use kind::{is_japanese, is_wide_punctuation};
pub use soft_breaks::soft_break_is_dropped;
