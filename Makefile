# LinkedIn Auto: every entry point. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := app/src/linkedin_auto/api/static
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := redis-server chromium chromium-headless-shell fonts-dejavu-core fonts-noto-color-emoji sqlite3 nodejs npm

.PHONY: help
help: ## this list
	@grep -hE '^[a-z][a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: system-deps
system-deps: ## install Debian packages the app and tests need (apt)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  command -v node >/dev/null && missing=$$(echo $$missing | tr ' ' '\n' | grep -vx -e nodejs -e npm); \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BIN)/activate: app/requirements-dev.lock app/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r app/requirements-dev.lock
	$(BIN)/pip install -q --no-deps -e app
	touch $@

.PHONY: venv
venv: $(BIN)/activate ## Python venv with locked dependencies

.PHONY: lock
lock: ## re-lock Python dependencies (needs uv)
	cd app && uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock
	cd app && uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements-dev.lock
	cd ansible/roles/app/files && uv pip compile updater-requirements.in --universal --python-version 3.11 --generate-hashes -o updater-requirements.lock

.PHONY: dashboard
dashboard: ## build the Next.js dashboard into the Python package
	@if [ -f dashboard/package.json ]; then \
	  cd dashboard && npm ci --no-audit --no-fund --loglevel=error && npm run build && cd .. && \
	  rm -rf $(STATIC) && cp -r dashboard/out $(STATIC) && \
	  find $(STATIC) -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \
	    -o -name '*.txt' -o -name '*.json' \) -size +1k -exec gzip -9 -k -n -f {} +; \
	else mkdir -p $(STATIC); fi

.PHONY: demo
demo: system-deps venv dashboard ## run the whole stack locally against the LinkedIn sandbox
	$(BIN)/python scripts/demo.py

.PHONY: screenshots
screenshots: system-deps venv dashboard ## retake docs/screenshots/ (README) from a fresh demo with a real birthday run
	$(BIN)/python scripts/screenshots.py

.PHONY: lint
lint: system-deps venv ## ruff, mypy, import layers, yamllint, ansible-lint, the dashboard's API types up to date
	$(BIN)/ruff check app/src tests
	$(BIN)/mypy --config-file app/pyproject.toml app/src/linkedin_auto
	$(BIN)/lint-imports --config app/pyproject.toml
	PYTHON=$(BIN)/python scripts/api-types.sh --check
	@if [ -x scripts/lint-ansible.sh ]; then scripts/lint-ansible.sh; fi

.PHONY: api-types
api-types: venv ## regenerate dashboard/lib/api-types.ts from the API's OpenAPI schema
	PYTHON=$(BIN)/python scripts/api-types.sh

.PHONY: check-lock
check-lock: venv ## every locked dependency has a binary wheel for arm64 + x86_64, Python 3.11 + 3.13
	scripts/check-lock-platforms.sh

.PHONY: test-python
test-python: system-deps venv dashboard ## unit + integration + browser tests (real Redis, SQLite, Chromium)
	$(BIN)/pytest tests/unit tests/integration $(PYTEST_ARGS)

.PHONY: test-e2e
test-e2e: system-deps venv dashboard ## dashboard end-to-end tests in Chromium
	@if [ -d tests/e2e ] && ls tests/e2e/test_*.py >/dev/null 2>&1; then $(BIN)/pytest tests/e2e $(PYTEST_ARGS); fi

.PHONY: test-reliability
test-reliability: system-deps venv dashboard ## crash matrix, power-cut copies, API fuzzing, soak, Redis loss; prints its figures
	$(BIN)/pytest tests/reliability -p no:cacheprovider $(PYTEST_ARGS)

.PHONY: test-system
test-system: ## Molecule `default` + `image`: the roles on a real systemd (nspawn), and in image build mode
	scripts/molecule.sh default
	scripts/molecule.sh image

.PHONY: test-image
test-image: ## Molecule `image` scenario alone: the roles into a chroot, then its first boot
	scripts/molecule.sh image

.PHONY: test-bookworm
test-bookworm: ## Molecule default scenario on Debian 12 bookworm (Python 3.11)
	MOLECULE_DEBIAN_SUITE=bookworm scripts/molecule.sh default

.PHONY: test-fleet
test-fleet: ## Molecule `fleet` scenario: upgrade.yml over three appliances (upgraded, rolled back, untouched)
	scripts/molecule.sh fleet

.PHONY: test-vm
test-vm: ## Molecule `vm` scenario: zram, swap and sysctl under QEMU
	scripts/molecule.sh vm

.PHONY: image
image: dist ## the flashable SD image (Debian trixie arm64, Pi 4) in dist/: .img.xz, .sha256, .bmap, Imager manifest
	nice -n 10 image-build/debian/build.sh

.PHONY: image-test
image-test: ## boot the image from `make image` under QEMU (-M virt, 1 GiB) and check first boot, the app, a reboot
	nice -n 10 image-build/test/run.sh

.PHONY: test
test: lint check-lock test-python test-e2e test-system ## everything CI runs (and test-vm)

.PHONY: bench
bench: system-deps venv dashboard ## benchmarks; results in bench-results.json, compared with budgets
	$(BIN)/python tests/bench/run.py

# Signs the release when LINKEDIN_AUTO_SIGNING_KEY names the private key (docs/releases.md).
MIN_UPGRADE_FROM = $(shell sed -n 's/^min-upgrade-from = "\(.*\)"$$/\1/p' app/pyproject.toml)

.PHONY: dist
dist: venv dashboard ## release: wheel (dashboard inside), lock, app role, signed manifest, bundle in dist/
	rm -rf dist && mkdir -p dist/ansible/roles
	$(BIN)/pip wheel -q --no-deps -w dist ./app
	cp app/requirements.lock dist/requirements.lock
	cp -r ansible/roles/app dist/ansible/roles/app && cp ansible/update.yml dist/ansible/update.yml
	$(BIN)/linkedin-auto release build dist --min-upgrade-from "$(MIN_UPGRADE_FROM)" \
	  --notes app/RELEASE-NOTES.md $${LINKEDIN_AUTO_SIGNING_KEY:+--key "$$LINKEDIN_AUTO_SIGNING_KEY"}

.PHONY: clean
clean: ## remove build output and demo state
	rm -rf dist .demo dashboard/out dashboard/.next $(STATIC)
