//! stub
/// Buffered writes.
#[derive(Debug)]
pub struct Tx;
