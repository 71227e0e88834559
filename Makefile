# Thin wrapper over CMake: the targets the README names.
BUILD ?= build
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Debian packages the build, the tests and the benchmarks need.
DEPS := build-essential cmake pkg-config libabsl-dev zlib1g-dev libgtest-dev \
        libgmock-dev libbenchmark-dev libopenblas-dev libopenblas0-pthread python3 python3-gensim \
        fasttext gzip help2man

# What CI adds for the sanitizer and fuzzer builds: Debian's clang with its
# libFuzzer runtime, and LLVM's OpenMP for clang; man-db for the package
# check's `man nce2vec`.
DEPS_CI := clang-14 libclang-rt-14-dev libomp-14-dev man-db

.PHONY: all deps deps-if-missing build test test-asan test-tsan fuzz demo bench-vocab bench-peers bench-kernels clean format

all: build

deps:
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEPS) $(DEPS_CI)

# Installs only when a package is missing, so that `make demo` on a machine
# already set up starts at once.
deps-if-missing:
	@n=$$(dpkg-query -W -f='$${Status}\n' $(DEPS) 2>/dev/null | grep -c '^install ok installed$$'); \
	if [ "$$n" -ne $(words $(DEPS)) ]; then $(MAKE) deps; fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The module tests that take seconds (CTest label `unit`, see CMakeLists.txt);
# `make test` also runs the `slow` module tests and the `cli` ones.
.PHONY: test-fast asan-configure
test-fast: build
	cd $(BUILD) && ctest -L unit --output-on-failure -j $(JOBS)

# One clang tree with AddressSanitizer and UBSan serves both the sanitized
# test suite and the fuzz targets (the modules the fuzzers read also carry
# the fuzzer's coverage instrumentation), so CI compiles the sources once for
# both. ccache is used when installed.
ASAN_BUILD := build-asan
CCACHE := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
asan-configure:
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DNCE2VEC_SANITIZE=address,undefined -DNCE2VEC_FUZZ=ON $(CCACHE)

# The whole suite under AddressSanitizer and UBSan; any report fails.
ASAN_OPTIONS := halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1
UBSAN_OPTIONS := halt_on_error=1:print_stacktrace=1
test-asan: asan-configure
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=$(ASAN_OPTIONS) UBSAN_OPTIONS=$(UBSAN_OPTIONS) \
	  ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer over the code that must not race: reading, counting
# (threaded), vector I/O, evaluation and queries. The trainer's and the CLI's
# tests are left out on purpose: Hogwild updates of the shared matrices race
# by design (the one intended race, documented at the top of
# src/trainer/trainer.cc), so TSan would report every training run.
# Built with clang and LLVM's OpenMP, whose Archer tool (loaded through
# OMP_TOOL_LIBRARIES) tells TSan about OpenMP's barriers; under GCC's libgomp
# TSan cannot see them and reports races on memory a parallel region used.
# tests/tsan.supp silences the OpenMP runtime's own internals.
TSAN_TESTS := corpus_test vocab_test model_vectors_io_test query_test util_atomic_file_test
test-tsan:
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Release \
	  -DNCE2VEC_SANITIZE=thread
	cmake --build build-tsan -j $(JOBS) --target $(TSAN_TESTS)
	for t in $(TSAN_TESTS); do \
	  TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp \
	  OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so \
	    build-tsan/$$t --gtest_brief=1 || exit 1; \
	done

# Each libFuzzer target of fuzz/ (CMakeLists.txt lists them) for
# FUZZ_SECONDS, two at a time, from its seeds in fuzz/seeds/<target>/; a
# crash or sanitizer report fails.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
fuzz: asan-configure
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target fuzzers
	bash fuzz/run.sh $(ASAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS) $$(cat $(ASAN_BUILD)/fuzz-targets.txt)

# The main job: build a corpus, train, show nearest words.
demo: deps-if-missing
	$(MAKE) build
	bash corpora/demo.sh

bench-vocab: build
	bash bench/vocab_vs_wc.sh

bench-kernels: $(BUILD)/Makefile
	cmake --build $(BUILD) --target kernels_bench -j $(JOBS)
	$(BUILD)/kernels_bench

bench-peers: build
	bash bench/peers.sh

format:
	clang-format -i src/*/*.h src/*/*.cc tools/*.cc tools/*.h tests/*.cc tests/*.h fuzz/*.cc fuzz/*.h

# `make install [PREFIX=/usr/local]`: bin/nce2vec, the evaluation sets in
# share/nce2vec/eval (where the installed binary looks for them) and the man
# page in share/man/man1, from $(BUILD); DESTDIR=... stages them.
PREFIX ?= /usr/local
DEB_BUILD ?= build-deb
.PHONY: install deb deb-test check-help2man
check-help2man:
	@command -v help2man >/dev/null || { echo "help2man is needed for the man page: make deps" >&2; exit 1; }

install: check-help2man build
	cmake --install $(BUILD) --prefix $(PREFIX)

# `make deb`: a Debian 12 package, $(DEB_BUILD)/nce2vec_VERSION_ARCH.deb,
# built for any x86-64 CPU (NCE2VEC_ARCH=portable): a package must run on
# machines other than the one that built it. Only the binary and its man
# page are built, not the tests.
deb: check-help2man
	cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=Release -DNCE2VEC_ARCH=portable -DNCE2VEC_TESTS=OFF \
	  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON
	cmake --build $(DEB_BUILD) -j $(JOBS) --target nce2vec nce2vec_man
	cd $(DEB_BUILD) && cpack -G DEB

# Installs that package with apt-get as a user would, runs the installed
# nce2vec (train, nn, eval with no flags, man page) and removes it again.
deb-test: deb
	bash .ci/package_test.sh "$$(ls -t $(DEB_BUILD)/nce2vec_*.deb | head -n 1)"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-tsan $(DEB_BUILD)
