# pkgward - Makefile wrapper around CMake.
#   make            build build/pkgward and build/libpkgward.{a,so}
#   make demo       install deps, build, scan the bundled example
#   make test       install deps, build, run the suite, then again under ASan+UBSan
#   make fuzz       build the libFuzzer harnesses (clang) and run each FUZZ_TIME seconds
#   make install    install to PREFIX (default /usr/local)
#   make bench      throughput benchmark on the benign corpus (if fetched)

PREFIX ?= /usr/local
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE ?= cmake

.PHONY: all build deps demo test test-normal test-asan fuzz install clean bench

all: build

build:
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	$(CMAKE) --build $(BUILD) -j $(JOBS)

deps:
	scripts/deps.sh

demo: deps build
	scripts/demo.sh $(BUILD)/pkgward

test: deps test-normal test-asan

test-normal: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	$(CMAKE) -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPW_SANITIZE=ON >/dev/null
	$(CMAKE) --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz: deps
	CC=clang $(CMAKE) -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPW_FUZZ=ON -DPW_TESTS=OFF >/dev/null
	$(CMAKE) --build $(FUZZ_BUILD) -j $(JOBS)
	scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_TIME)

install: build
	$(CMAKE) --install $(BUILD) --prefix $(PREFIX)

bench: build
	bench/throughput.sh $(BUILD)/pkgward

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
