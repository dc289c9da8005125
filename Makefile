# Build a series into an EPUB, a print PDF and an HTML site, check them, test the toolchain.
#
#   make                      build all three formats of $(SERIES) into build/$(NAME)/
#   make SERIES=series/other  the same for another series
#   make help                 list the targets

SERIES ?= series/classical-marxism
NAME = $(notdir $(abspath $(SERIES)))
VENV = .venv
PY = $(VENV)/bin/python
STAMP = $(VENV)/.stamp
PYTEST_ARGS ?= -q --durations=5
INSTALL_DEPS = bash tools/install-deps.sh
BUILD ?= build

.DEFAULT_GOAL := all
.PHONY: all site html epub pdf check lint import test golden deps tools venv clean help serve same-outputs

# A format is rebuilt only when the manuscript, a style, the toolchain or an output it is made from changed
# since it was last built: a second `make` with nothing changed does nothing. Deleting build/ (BUILD) forces
# a clean build.
OUT = $(BUILD)/$(NAME)
INPUTS = $(shell find $(SERIES) styles publish -type f ! -path '*/__pycache__/*' ! -name '*.pyc' 2>/dev/null) pyproject.toml

all: $(OUT)/.made-all ## build the EPUB, the PDF and the site of the series

site: $(OUT)/.made-site ## build only the site

html: site

epub: $(OUT)/.made-epub ## build only the EPUB

pdf: $(OUT)/.made-pdf ## build only the PDF

$(OUT)/.made-all: $(STAMP) $(INPUTS)
	$(PY) -m publish build --out $(BUILD) $(SERIES)
	@touch $(OUT)/.made-pdf $(OUT)/.made-epub $(OUT)/.made-site $@

$(OUT)/.made-%: $(STAMP) $(INPUTS)
	$(PY) -m publish build --out $(BUILD) --format $* $(SERIES)
	@touch $@

# What a format is made from besides the manuscript: the EPUB lists the pages of the last print book (its
# page map), the site offers the EPUBs and PDFs for download.
$(OUT)/.made-epub: $(wildcard $(OUT)/.pagemap.json)
$(OUT)/.made-site: $(wildcard $(OUT)/*.epub $(OUT)/*.pdf $(OUT)/articles/*.epub)

serve: $(STAMP) ## serve the site on 127.0.0.1 (PORT=8000), rebuilt when the manuscript or a style changes
	$(PY) -m publish.serve --out $(BUILD) $(SERIES)

check: $(STAMP) tools ## run the validators on what was built for the series (installs them first if any is missing)
	$(PY) -m publish check --out $(BUILD) $(SERIES)

lint: $(STAMP) ## check the manuscript: typography, repeated sentences, structure, notes
	$(PY) -m publish lint $(SERIES)

import: $(STAMP) ## add FILE=essay.docx (.odt, .html, pasted .txt) to the series as a new article
	@test -n "$(FILE)" || { echo "usage: make import FILE=path/to/manuscript [SERIES=path/to/series]" >&2; exit 2; }
	$(PY) -m publish import "$(FILE)" --series $(SERIES)

test: $(STAMP) tools ## run the tests (installs the validators first if any is missing)
	$(PY) -m pytest $(PYTEST_ARGS)

same-outputs: $(STAMP) ## build with the code at REF (default HEAD) and the working tree; compare every output
	$(PY) tools/same-outputs.py --ref $(or $(REF),HEAD)

golden: $(STAMP) ## refresh the golden files of the note markup (review the diff before committing)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py
	git diff --stat -- tests/golden

deps: ## install the system packages and the validators (tools/install-deps.sh all)
	$(INSTALL_DEPS) all

tools: ## install the validators and the browser only when one is missing (what check and test need)
	@$(INSTALL_DEPS) check > /dev/null 2>&1 || $(INSTALL_DEPS) all

venv: $(STAMP) ## create the Python environment in $(VENV)

$(STAMP): pyproject.toml tools/install-deps.sh
	$(INSTALL_DEPS) runtime
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[test,cluster]'
	touch $@

clean: ## remove everything built
	rm -rf $(BUILD)

help: ## list the targets
	@echo "make [target] [SERIES=path/to/series]   (SERIES now: $(SERIES), output: build/$(NAME)/)"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-13s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
