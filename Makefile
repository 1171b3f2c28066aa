# hojo — make help lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
# The shared corpus mirror sits beside the repository when it is there.
MIRROR ?= $(if $(wildcard ../shared/corpus),$(abspath ../shared/corpus),)
SHARED ?= $(if $(wildcard ../shared),$(abspath ../shared),)
BUILD ?= build
DB ?= sqlite:///$(BUILD)/hojo.db
WORKERS ?= 2
# Debian packages: OCR for image-only pages; PostgreSQL, Chromium and a Japanese font for the tests.
DEB_RUNTIME := tesseract-ocr tesseract-ocr-jpn
DEB_TEST := $(DEB_RUNTIME) postgresql chromium fonts-ipafont-gothic

.PHONY: help install sysdeps sysdeps-test corpus test lint bench bench-text serve clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,postgres]'
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP) ## Create .venv and install hojo with its dependencies (once)

sysdeps: ## Install the Debian packages OCR needs, where this machine allows it
	@scripts/apt-ensure.sh $(DEB_RUNTIME)

sysdeps-test: ## Install the Debian packages the tests need (PostgreSQL, Chromium, Tesseract)
	@scripts/apt-ensure.sh $(DEB_TEST)

corpus: $(STAMP) sysdeps ## Build the corpus database (build/hojo.db), facts.jsonl and diff reports
	$(BIN)/hojo build $(if $(MIRROR),--mirror $(MIRROR)) --db $(DB) --workers $(WORKERS)
	$(BIN)/hojo export --what facts --db $(DB) --out $(BUILD)/facts.jsonl
	$(BIN)/hojo report --db $(DB) --out $(BUILD)/reports $(if $(MIRROR),--mirror $(MIRROR))

test: $(STAMP) sysdeps-test ## Run the test suite (corpus tests need ../shared; CI=true makes them mandatory)
	HOJO_SHARED=$(SHARED) $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP) ## ruff (and mypy on the packages)
	$(BIN)/ruff check .
	$(BIN)/mypy extract normalize schema corpus bench

bench: $(STAMP) ## Benchmark every stage against raw PyMuPDF (writes build/bench.json)
	$(BIN)/python -m bench $(if $(MIRROR),--mirror $(MIRROR)) --out $(BUILD)/bench.json --profile $(BUILD)/bench-profile.html

bench-text: $(STAMP) ## Seconds per MB and peak memory of hojo build on 1, 5, 20 MB synthetic text layers
	$(BIN)/python -m bench.textlayer --out $(BUILD)/bench-textlayer.json

serve: $(STAMP) ## Browse build/hojo.db in Datasette (tables, views, JSON API)
	@$(BIN)/python -c 'import datasette' 2>/dev/null || $(BIN)/python -m pip install -q -e '.[serve]'
	$(BIN)/hojo db serve --db $(DB)

clean: ## Remove everything generated (keeps .venv)
	rm -rf $(BUILD)
