# Two doors for people (demo, test) and one for speed (bench). Each installs
# what is missing, builds, then acts.
PYTHON ?= python3
JOBS ?= $(shell nproc)
APT_PACKAGES := libboost-graph-dev libeigen3-dev nlohmann-json3-dev catch2 chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
WERROR := $(if $(CI),ON,OFF)
# One Release tree serves the C++ tests, the benchmarks and the wheel, so that
# the engine is compiled once in it: scikit-build-core builds the wheel there
# (-Cbuild-dir), with Ninja, its generator; a tree another generator made is
# made afresh.
CPP_BUILD := build/cpp
PIP_INSTALL := CMAKE_GENERATOR=Ninja FIELDSIM_WERROR=$(WERROR) $(PYTHON) -m pip install \
  --no-build-isolation --disable-pip-version-check -q -Cbuild-dir=$(CPP_BUILD)
NINJA_TREE = @grep -qsx 'CMAKE_GENERATOR:INTERNAL=Ninja' $(CPP_BUILD)/CMakeCache.txt || \
  rm -rf $(CPP_BUILD)/CMakeCache.txt $(CPP_BUILD)/CMakeFiles
export PIP_ROOT_USER_ACTION := ignore

.PHONY: all deps python-package cpp demo test test-cpp test-python test-sanitize \
  test-sanitize-quick sanitize fuzz fuzz-python bench clean

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
	$(NINJA_TREE)
	$(PIP_INSTALL) ".[test]"

cpp: deps
	$(NINJA_TREE)
	cmake -S . -B $(CPP_BUILD) -G Ninja -DFIELDSIM_BUILD_TESTS=ON -DFIELDSIM_BUILD_BENCHMARKS=ON \
	  -DFIELDSIM_WARNINGS_AS_ERRORS=$(WERROR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(CPP_BUILD) -j $(JOBS)

demo: python-package
	fieldsim run scenarios/refcity/month.json --replications 10 --seed 1

test-cpp: cpp
	ctest --test-dir $(CPP_BUILD) --output-on-failure -j $(JOBS)

test-python: python-package
	$(PYTHON) -m pytest -q tests/python tests/validation

test: test-cpp test-python test-sanitize-quick

# The C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer, in
# their own build tree (a debug-info optimised build; not part of `make test`:
# it takes a few minutes more).
SANITIZE_BUILD := build/sanitize
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DFIELDSIM_BUILD_TESTS=ON -DFIELDSIM_BUILD_BENCHMARKS=OFF \
	  -DFIELDSIM_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SANITIZE_BUILD) --output-on-failure -j $(JOBS)

sanitize: test-sanitize

# The part of it that `make test` (and so CI) runs: the model tests, which
# drive the kernel too, built at -O1 with line tables (-g1) in their own tree.
# From scratch about 12 CPU-minutes (694 s, measured beside another build);
# the tests run in a few seconds.
SANITIZE_QUICK_BUILD := build/sanitize-quick
test-sanitize-quick: deps
	cmake -S . -B $(SANITIZE_QUICK_BUILD) -DFIELDSIM_BUILD_TESTS=ON -DFIELDSIM_BUILD_BENCHMARKS=OFF \
	  -DFIELDSIM_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O1
	cmake --build $(SANITIZE_QUICK_BUILD) -j $(JOBS) --target fieldsim_model_tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(SANITIZE_QUICK_BUILD)/tests/fieldsim_model_tests

# The loader's libFuzzer target under ASan and UBSan, for FUZZ_SECONDS
# (default 180), seeded from tests/fuzz/corpus, the scenarios and the bad
# scenarios; new inputs go to build/fuzz/corpus, crashes to build/fuzz/.
# A finding becomes a file in tests/scenarios/bad with its message in
# tests/cpp/model_scenario_io.cpp.
FUZZ_BUILD := build/fuzz
FUZZ_SECONDS ?= 180
fuzz: deps
	@command -v clang++ >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq clang; }
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DFIELDSIM_BUILD_FUZZERS=ON \
	  -DFIELDSIM_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_loader
	mkdir -p $(FUZZ_BUILD)/corpus
	cd $(FUZZ_BUILD) && ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/fuzz_loader -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=10 -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1 \
	  corpus $(CURDIR)/tests/fuzz/corpus $(CURDIR)/tests/scenarios/bad $(CURDIR)/scenarios/refcity

# The loader through the Python API (hypothesis): mutated scenario, bad-scenario
# and CSV order files must load or raise ScenarioError, FUZZ_EXAMPLES each of
# three kinds of mutation (`make test` runs 150 of each).
FUZZ_EXAMPLES ?= 20000
fuzz-python: python-package
	FIELDSIM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTHON) -m pytest -q -p no:cacheprovider \
	  tests/python/test_fuzz_loader.py --hypothesis-show-statistics

bench: cpp python-package
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq valgrind; }
	$(CPP_BUILD)/benchmarks/kernel_hold --json benchmarks/results/kernel.json
	$(PYTHON) benchmarks/instructions.py $(CPP_BUILD)/benchmarks/run_scenario \
	  scenarios/refcity/month.json scenarios/refcity/metro-year.json \
	  scenarios/examples/city-month.json --json benchmarks/results/instructions.json
	$(PYTHON) benchmarks/refcity_ladder.py --json benchmarks/results/refcity.json
	$(PYTHON) benchmarks/streams.py --binary $(CPP_BUILD)/benchmarks/run_scenario \
	  --json benchmarks/results/streams.json
	$(PYTHON) benchmarks/calibration_holdout.py --json benchmarks/results/calibration.json
	$(PYTHON) benchmarks/dispatch_comparison.py --instructions $(CPP_BUILD)/benchmarks/run_scenario \
	  --json benchmarks/results/dispatch.json
	$(PYTHON) benchmarks/rule_costs.py $(CPP_BUILD)/benchmarks/run_scenario \
	  --json benchmarks/results/rule_costs.json

clean:
	rm -rf build
