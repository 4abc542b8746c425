# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= tonghop.duckdb
OUT    ?= out
DEB_PKGS := tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui fonts-liberation2 chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test system-deps samples lint fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Debian packages: OCR (Tesseract vie), .doc conversion (LibreOffice), PDF rendering, fonts, and
# Chromium for the HTML check. Installed only when something is missing.
system-deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

# The bundled inbox is committed; this regenerates it from examples/reports/*.json.
samples: $(STAMP) system-deps
	$(BIN)/python examples/make_samples.py

demo: $(STAMP) system-deps
	$(BIN)/tonghop ingest examples/inbox --db $(DB)
	$(BIN)/tonghop synthesize --db $(DB) --out $(OUT)
	$(BIN)/tonghop sql --db $(DB) "select category, count(*) as sentences from sentences group by 1 order by 2 desc"
	@echo "Synthesis: $(OUT)/ ; warehouse: $(DB) ; analysts' snapshot: see above"

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# Fuzz the format sniffer and the DOCX/PDF extractors with mutated sample files for a set time;
# crashes are saved under tests/fuzz/crashes/ and replayed by tests/fuzz/test_regressions.py.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(OUT) $(DB) $(DB).wal tonghop-snapshot*
