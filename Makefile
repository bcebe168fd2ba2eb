# Two doors for people (demo, test) and one for speed (bench). Each installs
# what is missing, builds, then acts.
PYTHON ?= python3
JOBS ?= $(shell nproc)
APT_PACKAGES := libboost-graph-dev libeigen3-dev nlohmann-json3-dev catch2 chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
WERROR := $(if $(CI),ON,OFF)
CPP_BUILD := build/cpp
PIP_INSTALL := FIELDSIM_WERROR=$(WERROR) $(PYTHON) -m pip install --no-build-isolation --disable-pip-version-check -q
export PIP_ROOT_USER_ACTION := ignore

.PHONY: all deps python-package cpp demo test test-cpp test-python bench clean

all: python-package

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -m pip install --disable-pip-version-check -q "scikit-build-core>=0.10" "pybind11>=2.12" \
	  $$(command -v cmake >/dev/null || echo cmake) $$(command -v ninja >/dev/null || echo ninja)

python-package: deps
	$(PIP_INSTALL) ".[test]"

cpp: deps
	cmake -S . -B $(CPP_BUILD) -DFIELDSIM_BUILD_TESTS=ON -DFIELDSIM_BUILD_BENCHMARKS=ON \
	  -DFIELDSIM_WARNINGS_AS_ERRORS=$(WERROR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(CPP_BUILD) -j $(JOBS)

demo: python-package
	fieldsim run scenarios/refcity/month.json --replications 10 --seed 1

test-cpp: cpp
	ctest --test-dir $(CPP_BUILD) --output-on-failure -j $(JOBS)

test-python: python-package
	$(PYTHON) -m pytest -q tests/python tests/validation

test: test-cpp test-python

bench: cpp python-package
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq valgrind; }
	$(CPP_BUILD)/benchmarks/kernel_hold --json benchmarks/results/kernel.json
	$(PYTHON) benchmarks/instructions.py $(CPP_BUILD)/benchmarks/run_scenario \
	  scenarios/refcity/month.json scenarios/examples/city-month.json \
	  --json benchmarks/results/instructions.json
	$(PYTHON) benchmarks/refcity_ladder.py --json benchmarks/results/refcity.json
	$(PYTHON) benchmarks/streams.py --binary $(CPP_BUILD)/benchmarks/run_scenario \
	  --json benchmarks/results/streams.json
	$(PYTHON) benchmarks/calibration_holdout.py --json benchmarks/results/calibration.json

clean:
	rm -rf build
