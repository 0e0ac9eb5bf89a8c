//! End-to-end tests of the `portal` binary live in `tests/`.
