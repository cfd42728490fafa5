//! Stub: replaced by the Fluent renderer.
