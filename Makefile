# The two commands of the README. Each does all set-up itself (virtualenv, dependencies,
# a local Elasticsearch on 127.0.0.1:9200) and is safe to run again.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test demo bootstrap es-start es-stop

run: bootstrap            ## the daemon's main job
	$(BIN)/ipwatch setup
	$(BIN)/ipwatch run

test: bootstrap           ## the test suite against the real Elasticsearch
	$(BIN)/python -m pytest $(PYTEST_ARGS)

demo: bootstrap           ## the offline demo scenario
	$(BIN)/ipwatch demo

bootstrap:
	@scripts/bootstrap.sh

es-start:
	@scripts/elasticsearch.sh start

es-stop:
	@scripts/elasticsearch.sh stop
