# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
REPLAY_VENV := .venv-replay
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
OUTPUT ?= output/demo

.PHONY: setup system-deps replay-tools demo test test-long fuzz lint format bench clean

setup: system-deps $(VENV)/.installed

# Debian packages the crawler runs with: Chromium for JavaScript portals (Playwright cannot fetch
# its own browser here), antiword for Word 97-2003 and WPS reports, CJK fonts for the HTML report.
SYSTEM_PACKAGES := chromium antiword fonts-noto-cjk
system-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	command -v antiword >/dev/null || missing="$$missing antiword"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)); \
	  else echo "warning: missing Debian packages:$$missing (apt-get install$$missing)"; fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# pywb and wacz pin old libraries (redis 2.x, gevent), so they live in their own venv.
replay-tools: $(REPLAY_VENV)/.installed

$(REPLAY_VENV)/.installed: Makefile
	test -x $(REPLAY_VENV)/bin/python || $(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/python -m pip install -q --upgrade pip
	$(REPLAY_VENV)/bin/python -m pip install -q pywb==2.10.0 wacz==0.6.0
	touch $@

demo: setup
	$(BIN)/python -m demo.run --output $(OUTPUT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Test files run on TEST_WORKERS processes (pytest-xdist), each file's tests in one of them: most
# of the suite waits on Crawl-delays, so two workers take half the time on two cores.
# TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2

test: setup replay-tools lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# The long crash tests (a crawl killed with SIGKILL two dozen times), left out of `make test`.
test-long: setup
	$(BIN)/python -m pytest -q -m long

# The long fuzz run (over 10,000 mutated pages, answers, documents, WARC files; about a quarter
# of an hour), left out of `make test`, which runs a bounded one; rewrites docs/fuzz.md.
fuzz: setup
	$(BIN)/python -m bench.fuzz

# The acceptance run of docs/performance.md is bigger (a few minutes more):
#   $(BIN)/python -m bench.wide_world --portals 50 --reports 20 --delay 1
bench: setup
	$(BIN)/python -m bench.encoding
	$(BIN)/python -m bench.warc_write
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.pipeline
	$(BIN)/python -m bench.wide_world --portals 20 --reports 10 --delay 1

clean:
	rm -rf output .pytest_cache
