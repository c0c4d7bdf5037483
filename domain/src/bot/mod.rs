//! The FAQ bot (P3). So far its pure core: [`text`] turns questions into
//! search terms (Chinese segmented, English stemmed, width and script
//! normalised) and [`matcher`] ranks knowledge-base entries with BM25 and
//! decides between answering, suggesting and handing over.

pub mod matcher;
pub mod text;
