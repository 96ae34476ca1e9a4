# Message Center — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: run test deps devdb certs web chromium migrate seed test-csp bench typecheck lint clean

run: deps devdb certs web
	@bash scripts/run-dev.sh

test: deps devdb certs web chromium typecheck lint
	@NODE_ENV=test npx tsx scripts/run-tests.ts

deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	@touch $@

devdb:
	@bash tools/devdb/build.sh

certs:
	@bash scripts/dev-certs.sh

web: deps
	@bash scripts/build-web.sh

chromium:
	@bash scripts/ensure-chromium.sh

typecheck: deps
	npx tsc -p tsconfig.json --noEmit

# ESLint: TypeScript rules, import boundaries (docs/architecture.md), max-len 160. Cached: a re-run checks changed files only.
lint: deps
	npx eslint --cache --cache-location node_modules/.cache/eslint/ src test bench scripts sim

migrate: deps devdb
	@bash scripts/with-devdb.sh npx tsx src/cli/main.ts migrate

seed: deps devdb
	@bash scripts/with-devdb.sh npx tsx src/cli/main.ts seed

test-csp: deps devdb web
	@NODE_ENV=test npx tsx scripts/run-tests.ts test/integration/security-headers.test.ts

bench: deps devdb certs
	@NODE_ENV=test npx tsx bench/run.ts

clean:
	rm -rf dist .build test-results
