# mockhog: `make run` serves the mock with its default data, `make test` runs the suite.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The contract check validates responses against PostHog's OpenAPI file when it sits beside the project.
MOCKHOG_UPSTREAM_SCHEMA ?= $(abspath $(wildcard ../shared/upstream/posthog-openapi.yaml))
export MOCKHOG_UPSTREAM_SCHEMA

.PHONY: install install-test browser sdk-node run test test-slow lint screenshots bench soak fuzz clean

# serving needs the runtime only; the suite's tools (pytest, schemathesis, Playwright, mypy, the SDKs) are
# the `test` extra, installed by the targets that use them. The runtime goes in with uv (fetched into the
# venv by pip), which installs it in a couple of seconds where pip takes fifteen; pip installs it when uv
# cannot be had. The runtime's bytecode is compiled as it is installed (two seconds more, once), and
# mockhog's own whenever `make run` finds a module changed: where PYTHONDONTWRITEBYTECODE is set, Python
# never writes it, and each start would compile every module again (half a second).
UV := $(VENV)/bin/uv
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	{ $(PY) -m pip install --quiet --disable-pip-version-check --no-compile uv \
		&& $(UV) pip install --quiet --compile-bytecode --python $(PY) -e . ; } \
		|| $(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(UV) pip install --quiet --python $(PY) -e '.[test]' \
		|| $(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# tests/browser/ drive Debian's Chromium, installed here when missing (as root, with apt); set
# MOCKHOG_CHROMIUM to use another build, or run `pytest -m "not browser"` to leave those tests out
MOCKHOG_CHROMIUM ?= /usr/bin/chromium
APT_CHROMIUM := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
browser:
	@test -x $(MOCKHOG_CHROMIUM) || { $(APT_CHROMIUM) || { apt-get update -q && $(APT_CHROMIUM); }; } \
		|| { echo "make browser: no Chromium at $(MOCKHOG_CHROMIUM) and apt could not install it" >&2; exit 1; }

# tests/sdk/ drive PostHog's JavaScript clients (posthog-node, posthog-js, @posthog/agent-toolkit) with
# the machine's Node.js: `npm ci` installs what tests/sdk/node/package-lock.json pins, again only when
# package.json or the lock changes (the stamp is written once npm ci has finished)
SDK_NODE := tests/sdk/node
$(SDK_NODE)/node_modules/.mockhog-installed: $(SDK_NODE)/package.json $(SDK_NODE)/package-lock.json
	@command -v npm >/dev/null || { echo "make sdk-node: no npm on PATH (Node.js 20.20+ with npm)" >&2; exit 1; }
	@cd $(SDK_NODE) && npm ci --loglevel=error >/dev/null \
		|| { echo "make sdk-node: npm ci in $(SDK_NODE) failed (see npm's error above)" >&2; exit 1; }
	@touch $@

sdk-node: $(SDK_NODE)/node_modules/.mockhog-installed

# `make run STATE_FILE=mockhog-state.sqlite` keeps what was created across restarts
run: install
	@$(PY) -m compileall -q mockhog >/dev/null 2>&1 || true  # (only a speed-up: a read-only tree starts anyway)
	$(VENV)/bin/mockhog serve $(if $(STATE_FILE),--state-file $(STATE_FILE))

# the suite without the tests marked slow; `make test-slow` runs those (the fuzzing, concurrency and
# SDK-oracle runs, the rest of the auth matrix, the files whose tests start processes). CI runs both.
test: install-test browser sdk-node
	$(PY) -m pytest -n 2 -q -m "not slow"

test-slow: install-test browser sdk-node
	$(PY) -m pytest -n 2 -q -m slow

lint: install-test
	$(VENV)/bin/ruff check mockhog tests
	$(VENV)/bin/ruff format --check mockhog tests
	$(VENV)/bin/mypy

# PNGs of the pages a person opens (shared dashboard, password form, ...) into docs/screenshots/
screenshots: install-test browser
	$(PY) -m tests.browser.screenshots docs/screenshots

# the benchmarks also need the `bench` extra (FastAPI, the /batch/ reference), installed once beside `.[test]`
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(PY) tests/bench/run.py

# a 10-minute mixed load on one server, its memory sampled: exits 1 if it grows (SOAK_SECONDS to change)
SOAK_SECONDS ?= 600
soak: install-test
	$(PY) tests/soak/run.py --seconds $(SOAK_SECONDS)

# schemathesis against mockhog in-process (5,000 requests from its own schema and 5,000 from PostHog's) and
# over HTTP against a live server (5,000 from its own schema, its stateful phase from both schemas, and
# every method on every route FUZZ_ROUNDS times); each run stops after FUZZ_SECONDS at the latest; figures
# in .fuzz/
FUZZ_REQUESTS ?= 5000
FUZZ_SECONDS ?= 600
FUZZ_ROUNDS ?= 5
fuzz: install-test
	MOCKHOG_FUZZ_REQUESTS=$(FUZZ_REQUESTS) MOCKHOG_FUZZ_SECONDS=$(FUZZ_SECONDS) MOCKHOG_FUZZ_ROUNDS=$(FUZZ_ROUNDS) \
		$(PY) -m pytest tests/fuzz/test_fuzz.py tests/fuzz/test_fuzz_http.py -n 2 -q -rP -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .bench .soak $(SDK_NODE)/node_modules
