# Message Center — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
# Node.js 24 LTS: scripts/ensure-node.sh installs it into .build/node24 when the machine's is older.
export PATH := $(CURDIR)/.build/node24/node_modules/.bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: run test node deps devdb certs web build chromium migrate seed test-csp bench typecheck lint clean

# With MONGODB_URI set, the dev database is neither built nor started (no Go, no PostgreSQL).
run: deps $(if $(MONGODB_URI),,devdb) certs web build
	@bash scripts/run-dev.sh

test: deps devdb certs web chromium typecheck lint
	@NODE_ENV=test npx tsx scripts/run-tests.ts

node:
	@bash scripts/ensure-node.sh

deps: node node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

devdb:
	@bash tools/devdb/build.sh

certs:
	@bash scripts/dev-certs.sh

web: deps
	@bash scripts/build-web.sh

# The server, CLI and simulator as JavaScript in dist/ (what bin/mc.js and the image run).
build: deps
	@bash scripts/build-js.sh

chromium:
	@bash scripts/ensure-chromium.sh

typecheck: deps
	npx tsc -p tsconfig.json --noEmit

# ESLint: TypeScript rules, import boundaries (docs/architecture.md), max-len 160. Cached: a re-run checks changed files only.
lint: deps
	npx eslint --cache --cache-location node_modules/.cache/eslint/ src test bench scripts sim

migrate: deps devdb build
	@bash scripts/with-devdb.sh node bin/mc.js migrate

seed: deps devdb build
	@bash scripts/with-devdb.sh node bin/mc.js seed

test-csp: deps devdb web
	@NODE_ENV=test npx tsx scripts/run-tests.ts test/integration/security-headers.test.ts

bench: deps devdb certs
	@NODE_ENV=test npx tsx bench/run.ts

clean:
	rm -rf dist .build test-results
