# ctDNA Monitor. On a fresh Debian machine with Swift: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= release
BIN := .build/$(CONFIG)/ctdna
DEMO_STORE := demo-out/ctdna.sqlite
# Debian packages the build, the tests and the demo need.
APT_PACKAGES := pkg-config libxml2-dev libxml2-utils libsqlite3-dev libcairo2-dev libpango1.0-dev libhts-dev \
	fonts-dejavu-core fonts-noto-cjk fonts-noto-core poppler-utils qpdf python3-venv postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release binaries carry the Swift runtime and Foundation (static): a command starts in
# about half the time (dynamic linking and relocation dominated `ctdna trend`).
RELEASE_FLAGS := --static-swift-stdlib
BUILD_FLAGS := $(if $(filter release,$(CONFIG)),$(RELEASE_FLAGS),)

PREFIX ?= /usr/local
DESTDIR ?=
ROOT := $(DESTDIR)$(PREFIX)
MAN_DIR := .build/man
# The compact (desubroutinised) copy of Noto Sans CJK SC the reports draw Chinese with,
# built once from the system's fonts-noto-cjk (scripts/build_cjk_font.py; docs/report.md, Fonts).
FONT_DIR := .build-fonts
FONT_FILES := $(FONT_DIR)/ctdna-NotoSansCJKsc-Regular.otf $(FONT_DIR)/ctdna-NotoSansCJKsc-Bold.otf
FONT_STAMP := $(FONT_DIR)/.built

.PHONY: all deps build fonts man install uninstall demo test clean sample-data fuzz bench bench-fonts

all: build fonts

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
	@# fhir.resources (FHIR R4B models) validates the FHIR export in the tests (scripts/validate_fhir.py),
	@# in a venv under .build-venv (PEP 668); never fatal: without it the test skips that check.
	@.build-venv/bin/python -c 'import fhir.resources' 2>/dev/null || \
	  { python3 -m venv .build-venv && .build-venv/bin/python -m pip install -q fhir.resources; } || \
	  echo "note: fhir.resources not installed (PyPI unreachable?): the FHIR export test skips its R4B validation"
	@# fontTools builds the compact CJK font; without recommends (they pull in numpy, scipy, boost).
	@python3 -c 'import fontTools' 2>/dev/null || \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3-fonttools || \
	  python3 -m pip install -q fonttools

build: deps
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS) --product ctdna

# Built once (about a minute a style); rebuilt only when the script changes or a file is missing.
fonts: $(FONT_STAMP)

$(FONT_STAMP): scripts/build_cjk_font.py | deps
	python3 scripts/build_cjk_font.py $(FONT_DIR)
	@touch $@

$(FONT_FILES): | $(FONT_STAMP)
	@test -f $@ || { rm -f $(FONT_STAMP); $(MAKE) --no-print-directory $(FONT_STAMP); }

# The man page, from the command's own help (swift-argument-parser's generate-manual).
man: build
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS) --product generate-manual
	@rm -rf $(MAN_DIR) && mkdir -p $(MAN_DIR)
	"$$($(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS) --show-bin-path)/generate-manual" "$(abspath $(BIN))" \
	  --output-directory $(MAN_DIR) --date 2026-01-01

# Installs ctdna under PREFIX (default /usr/local): bin/ctdna, share/ctdna/Templates,
# share/ctdna/schemas, share/ctdna/fonts, shell completions and the man page. `make uninstall` removes them.
install: build man $(FONT_FILES)
	install -d "$(ROOT)/bin" "$(ROOT)/share/ctdna/schemas" "$(ROOT)/share/ctdna/fonts" "$(ROOT)/share/man/man1" \
	  "$(ROOT)/share/bash-completion/completions" "$(ROOT)/share/zsh/site-functions" \
	  "$(ROOT)/share/fish/vendor_completions.d"
	install -m 0755 "$(BIN)" "$(ROOT)/bin/ctdna"
	rm -rf "$(ROOT)/share/ctdna/Templates"
	cp -R Templates "$(ROOT)/share/ctdna/Templates"
	install -m 0644 Schemas/* "$(ROOT)/share/ctdna/schemas/"
	install -m 0644 $(FONT_FILES) "$(ROOT)/share/ctdna/fonts/"
	git rev-parse HEAD > "$(ROOT)/share/ctdna/BUILD_COMMIT" 2>/dev/null || echo unknown > "$(ROOT)/share/ctdna/BUILD_COMMIT"
	install -m 0644 $(MAN_DIR)/ctdna.1 "$(ROOT)/share/man/man1/ctdna.1"
	"$(BIN)" --generate-completion-script bash > "$(ROOT)/share/bash-completion/completions/ctdna"
	"$(BIN)" --generate-completion-script zsh > "$(ROOT)/share/zsh/site-functions/_ctdna"
	"$(BIN)" --generate-completion-script fish > "$(ROOT)/share/fish/vendor_completions.d/ctdna.fish"
	@echo "installed ctdna into $(ROOT) (templates: $(ROOT)/share/ctdna/Templates)"

uninstall:
	rm -f "$(ROOT)/bin/ctdna" "$(ROOT)/share/man/man1/ctdna.1" \
	  "$(ROOT)/share/bash-completion/completions/ctdna" "$(ROOT)/share/zsh/site-functions/_ctdna" \
	  "$(ROOT)/share/fish/vendor_completions.d/ctdna.fish"
	rm -rf "$(ROOT)/share/ctdna"

# Ingests SampleData/ into a fresh store, prints each patient's trend and writes the
# PDF reports (English and Simplified Chinese) to demo-out/reports/.
demo: build $(FONT_FILES)
	@rm -rf demo-out && mkdir -p demo-out
	$(BIN) ingest --store $(DEMO_STORE) SampleData
	@echo
	$(BIN) patients --store $(DEMO_STORE)
	@echo
	$(BIN) trend --store $(DEMO_STORE) --all
	@echo
	$(BIN) report --store $(DEMO_STORE) --all --lang en --lang zh-Hans --out demo-out/reports

# Unit, integration and end-to-end tests (the end-to-end tests run the built binary).
# The PostgreSQL conformance suite runs against CTDNA_TEST_POSTGRES_URL: taken from the
# environment when set, else a throw-away cluster (scripts/pg-test-cluster.sh: Unix socket only,
# removed afterwards whatever the tests' outcome); without one the suite is skipped.
test: deps $(FONT_FILES)
	$(SWIFT) build --build-tests
	@set -o pipefail; \
	if [ -n "$${CTDNA_TEST_POSTGRES_URL:-}" ]; then \
	  echo "$(SWIFT) test --skip-build   (PostgreSQL: CTDNA_TEST_POSTGRES_URL from the environment)"; \
	  $(SWIFT) test --skip-build; \
	elif url=$$(scripts/pg-test-cluster.sh start) && [ -n "$$url" ]; then \
	  trap 'scripts/pg-test-cluster.sh stop "$$url"' EXIT; \
	  echo "CTDNA_TEST_POSTGRES_URL=$$url $(SWIFT) test --skip-build"; \
	  CTDNA_TEST_POSTGRES_URL="$$url" $(SWIFT) test --skip-build; \
	else \
	  echo "note: PostgreSQL test cluster not started (scripts/pg-test-cluster.sh start failed; see above): the PostgreSQL conformance suite is skipped"; \
	  $(SWIFT) test --skip-build; \
	fi

sample-data:
	python3 scripts/make_sample_data.py

clean:
	rm -rf .build demo-out $(FONT_DIR)

# libFuzzer over each format reader (FUZZ_SECONDS per target, default 600).
fuzz: deps
	scripts/fuzz.sh

BIN_RELEASE := .build/release/ctdna

# Chinese PDF size and time against English, compact CJK font against the system's (MM-1002).
bench-fonts: deps $(FONT_FILES)
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product ctdna
	python3 scripts/bench_fonts.py $(BIN_RELEASE)

# Speed against xmllint and the Python peer (BENCH_PATIENTS=1000 by default; see scripts/bench.py).
bench: deps $(FONT_FILES)
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product ctdna
	@python3 -c 'import lxml, matplotlib' 2>/dev/null || python3 -m pip install -q lxml matplotlib
	@command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time
	python3 scripts/bench.py
	python3 scripts/bench_fonts.py $(BIN_RELEASE)
