//! The commons the network can search and build on: the shared vocabulary (a SKOS scheme
//! shipped as data), the search index over every garden's retours, the reading of
//! `!communs` searches, and the resources retours name.
//!
//! Nothing here knows the engine: the engine feeds the index what its batches change and
//! decides which garden may see what (`src/engine/commons.rs`).

pub mod index;
pub mod query;
pub mod resource;
pub mod vocab;
