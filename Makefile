# QMark — `make site` builds qmark and renders manual/ into site/; `make test` runs every test.
SWIFT    ?= swift
QMARK    := .build/release/qmark
# axe-core, the accessibility checker the browser tests run on every kind of page
AXE         := .build/axe/axe.min.js
AXE_VERSION := 4.12.1
AXE_WHEEL   := 0.1.8
SUDO     := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: all site test deps test-deps bench-deps qmark check coverage bench bench-search bench-transition bench-markdown bench-hostile bench-preview bench-word fuzz screenshots clean

all: site

## deps: install libcmark-dev when pkg-config cannot find libcmark
deps:
	@pkg-config --exists libcmark 2>/dev/null || { \
	  echo "libcmark not found: installing libcmark-dev"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; }

## test-deps: cmark-gfm, the reference the GFM tests compare QMark's rendering with; Chromium, which
## runs the site's own scripts in the search and accessibility tests and prints the print edition to
## PDF; poppler-utils, which reads that PDF back; axe-core; openpyxl and LibreOffice, which read
## the exported workbook back; pandoc, LibreOffice Writer and Draw and python-docx for qmark import (tests only)
test-deps: deps
	@command -v cmark-gfm >/dev/null 2>&1 || { \
	  echo "cmark-gfm not found: installing it for the GFM conformance tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq cmark-gfm; }
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "chromium or poppler-utils not found: installing them for the browser and print tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium poppler-utils; }
	@[ -n "$$(fc-list :lang=zh 2>/dev/null)" ] || { \
	  echo "no CJK font found: installing fonts-noto-cjk, without which Chromium prints every Chinese character as a box"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk fontconfig; }
	@python3 -c "import openpyxl" 2>/dev/null || { \
	  echo "openpyxl not found: installing it to read the exported workbook back"; \
	  python3 -m pip install -q openpyxl==3.1.5; }
	@dpkg -s libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-draw-nogui >/dev/null 2>&1 || { \
	  echo "LibreOffice (Calc, Writer, Draw) not found: installing it to open the exported workbook, and for qmark import (.doc files, EMF pictures)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-draw-nogui; }
	@command -v pandoc >/dev/null 2>&1 || { \
	  echo "pandoc not found: installing it for qmark import's tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq pandoc; }
	@python3 -c "import docx" 2>/dev/null || { \
	  echo "python-docx not found: installing it to write the Word files qmark import's tests read"; \
	  python3 -m pip install -q python-docx==1.2.0; }
	@test -s $(AXE) || { \
	  echo "axe-core not found: taking axe.min.js $(AXE_VERSION) from the axe-playwright-python wheel on PyPI"; \
	  mkdir -p $(dir $(AXE)) && python3 -m pip download --no-deps -q -d $(dir $(AXE)) axe-playwright-python==$(AXE_WHEEL) && \
	  python3 -c "import zipfile,glob,sys; z=zipfile.ZipFile(glob.glob('$(dir $(AXE))axe_playwright_python-*.whl')[0]); open('$(AXE)','wb').write(z.read('axe_playwright_python/axe.min.js'))" && \
	  grep -q "axe v$(AXE_VERSION)" $(AXE) || { echo "axe.min.js is not axe-core $(AXE_VERSION)"; rm -f $(AXE); exit 1; }; }

## qmark: build the release binary
qmark: deps
	$(SWIFT) build -c release --product qmark

## site: render manual/ into site/ (nothing is replaced when the manual has errors)
site: qmark
	$(QMARK) build --source manual --output site --templates templates

## check: validate manual/ only
check: qmark
	$(QMARK) check --source manual

## coverage: print the clause-coverage matrix of manual/
coverage: qmark
	$(QMARK) coverage --source manual

## test: unit, end-to-end and CommonMark conformance tests
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench-deps: Hugo, the reference `make bench` builds the same documents with; websocket-client,
## through which bench/preview.py drives Chromium (DevTools protocol)
bench-deps:
	@command -v hugo >/dev/null 2>&1 || { \
	  echo "hugo not found: installing it for the benchmark"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq hugo; }
	@python3 -c "import websocket" 2>/dev/null || { \
	  echo "websocket-client not found: installing it to drive Chromium in bench/preview.py"; \
	  python3 -m pip install -q websocket-client==1.8.0; }

## bench: build time and peak memory on generated 1,000- and 10,000-document manuals, beside Hugo;
## the search index at 10,000 documents; an edition transition at 10,000 documents; a saved edit in the preview
bench: qmark bench-deps test-deps
	python3 bench/markdown.py --qmark $(QMARK)
	python3 bench/bench.py --qmark $(QMARK) --templates templates
	python3 bench/search.py --qmark $(QMARK) --templates templates
	python3 bench/transition.py --qmark $(QMARK) --templates templates
	python3 bench/preview.py --qmark $(QMARK) --templates templates
	python3 bench/preview.py --qmark $(QMARK) --templates templates --documents 10000
	python3 bench/word.py --qmark $(QMARK) --templates templates

## bench-word: qmark import on 85 Word files nobody here wrote (the test documents of PyDocX and
## python-docx, from PyPI): each imported or refused with a reason, the manual builds, merged cells and pictures kept
bench-word: qmark test-deps
	python3 bench/word.py --qmark $(QMARK) --templates templates

## bench-preview: a saved edit until the served page holds it and a page open in Chromium shows it (example manual, 10,000 documents)
bench-preview: qmark bench-deps test-deps
	python3 bench/preview.py --qmark $(QMARK) --templates templates
	python3 bench/preview.py --qmark $(QMARK) --templates templates --documents 10000

## bench-transition: a build of 10,000 documents without and with a new edition of a catalogue, and the transition report
bench-transition: qmark
	python3 bench/transition.py --qmark $(QMARK) --templates templates

## bench-search: the search index of 10,000 procedures of 5–20 KB: its size, the bytes a first query loads
bench-search: qmark test-deps
	python3 bench/search.py --qmark $(QMARK) --templates templates

## bench-markdown: render time of one large document (long pipe table, thousands of mentions)
bench-markdown: qmark
	python3 bench/markdown.py --qmark $(QMARK)

## bench-hostile: time and peak memory of a build holding one hostile file of at most 1 MB, input by input
bench-hostile: qmark
	python3 bench/hostile.py --qmark $(QMARK) --templates templates

## fuzz: coverage-guided fuzzing of the parsers (libFuzzer + AddressSanitizer), FUZZ_SECONDS per target; not part of test
fuzz: deps
	bash fuzz/run.sh

## screenshots: render pages of the example site with headless Chromium into docs/
screenshots: site
	bash scripts/screenshots.sh

clean:
	rm -rf .build site/*[!R]* .site.qmark-cache bench/out
