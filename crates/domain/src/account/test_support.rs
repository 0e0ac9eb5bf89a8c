//! Fixtures for the account use case tests.
