# The two commands: `make run` (install, then run the bot) and `make test` (install, then test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format clock install locales

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python app.py

clock: $(STAMP)
	$(BIN)/python -m bot.scheduler

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The catalogues (docs/translating.md): collect every message into bot/locales/messages.pot,
# bring each language's .po up to date with it, and compile the .mo files the bot reads.
LOCALES := bot/locales
locales: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-location --sort-output --no-wrap \
		--project mentor-bot -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(LOCALES)/messages.pot -d $(LOCALES) \
		--no-fuzzy-matching --ignore-obsolete --no-wrap --ignore-pot-creation-date
	$(BIN)/pybabel compile -d $(LOCALES) --statistics
