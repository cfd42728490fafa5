//! The harvest leaves the garden: the weekly digest's content, and the commons — the
//! durable delivery queue, the Markdown / JSON-LD formats, the export folder and the
//! webhook deliverer.
//!
//! Everything here but [`webhook`] is synchronous; only [`webhook`] uses `reqwest` (and so
//! needs a tokio runtime), and the engine never calls it: the Matrix runtime does.

pub mod commons_queue;
pub mod digest;
pub mod export;
pub mod folder;
pub mod webhook;
