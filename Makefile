# Two commands matter: `make run` and `make test` (see README.md).
.PHONY: run test setup site server e2e lint

run: setup site
	cargo build --release -p server
	./target/release/server

test:
	./scripts/test.sh

setup:
	./scripts/setup.sh

site:
	./scripts/build-site.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings
