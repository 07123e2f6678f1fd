# ctDNA Monitor. On a fresh Debian machine with Swift: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= release
BIN := .build/$(CONFIG)/ctdna
DEMO_STORE := demo-out/ctdna.sqlite
# Debian packages the build, the tests and the demo need.
APT_PACKAGES := pkg-config libxml2-dev libxml2-utils libsqlite3-dev libcairo2-dev libpango1.0-dev \
	fonts-dejavu-core fonts-noto-cjk poppler-utils qpdf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release binaries carry the Swift runtime and Foundation (static): a command starts in
# about half the time (dynamic linking and relocation dominated `ctdna trend`).
RELEASE_FLAGS := --static-swift-stdlib
BUILD_FLAGS := $(if $(filter release,$(CONFIG)),$(RELEASE_FLAGS),)

.PHONY: all deps build demo test clean schema sample-data fuzz bench

all: build

# Installs the system packages that are missing (apt-get, with sudo when not root).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema || \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-jsonschema

schema:
	@scripts/embed-texts.sh

build: deps schema
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS) --product ctdna
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS) --product ctdna-report

# Ingests SampleData/ into a fresh store, prints each patient's trend and writes the
# PDF reports (English and Simplified Chinese) to demo-out/reports/.
demo: build
	@rm -rf demo-out && mkdir -p demo-out
	$(BIN) ingest --store $(DEMO_STORE) SampleData
	@echo
	$(BIN) patients --store $(DEMO_STORE)
	@echo
	$(BIN) trend --store $(DEMO_STORE) --all
	@echo
	$(BIN) report --store $(DEMO_STORE) --all --lang en --lang zh-Hans --out demo-out/reports

# Unit, integration and end-to-end tests (the end-to-end tests run the built binary).
test: deps schema
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

sample-data:
	python3 scripts/make_sample_data.py

clean:
	rm -rf .build demo-out

# libFuzzer over each format reader (FUZZ_SECONDS per target, default 600).
fuzz: deps schema
	scripts/fuzz.sh

# Speed against xmllint and the Python peer (BENCH_PATIENTS=1000 by default; see scripts/bench.py).
bench: deps schema
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product ctdna
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product ctdna-report
	@python3 -c 'import lxml, matplotlib' 2>/dev/null || python3 -m pip install -q lxml matplotlib
	@command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time
	python3 scripts/bench.py
