# Representative Portal tasks. Plain cargo commands work as well (see README.md).

# Run the server on its embedded defaults (SQLite in data/, mail to data/outbox/).
run *ARGS:
    cargo run -p portal-server --bin portal -- {{ARGS}}

# The whole test suite (PostgreSQL and SMTP tests skip when those are absent).
test:
    cargo test --workspace

# Format check and lints.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# The test suite with the PostgreSQL tests required.
pg-test:
    PORTAL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test --workspace

# What CI runs.
ci:
    .ci/run

# The applications table at a million rows: seeds (unless --reuse), then measures HTTP and
# direct queries and a 64-connection load. Pass `--database postgres://...` for PostgreSQL,
# `--heavy 200000` for a heavier representative. The server and the benchmark are built in
# one cargo invocation, so that their shared dependencies are resolved with one set of
# features and a rerun with nothing changed compiles nothing.
bench *ARGS: build-bench
    target/release/portal-bench --binary target/release/portal {{ARGS}}

# Mixed traffic for 30 minutes at a steady rate on a fresh database: errors, p99 at the start
# and the end, resident memory every minute.
soak *ARGS: build-bench
    target/release/portal-bench --binary target/release/portal soak {{ARGS}}

# The release server and the benchmark, together.
build-bench:
    cargo build --release -p portal-server --bin portal -p portal-e2e --bin portal-bench
