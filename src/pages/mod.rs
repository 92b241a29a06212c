//! Pages: the context of every page the site has, assembled from the model and the
//! rendered Markdown, for the theme's templates to turn into HTML.

pub mod builder;
pub mod compare;
pub mod context;
pub mod diff;
pub mod diff_page;
pub mod document;
pub mod feed;
pub mod sitemap;
pub mod trust;
