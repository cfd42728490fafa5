//! stub
/// Sled store.
#[derive(Debug)]
pub struct SledStore;
