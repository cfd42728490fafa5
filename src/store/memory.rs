//! stub
/// In-memory store.
#[derive(Debug, Default)]
pub struct MemoryStore;
