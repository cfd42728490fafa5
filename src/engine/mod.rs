//! The sans-I/O engine: `Incoming` in, `Outgoing` out.

pub mod io;

pub use io::*;
