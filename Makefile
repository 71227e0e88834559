# Thin wrapper over CMake: the targets the README names.
BUILD ?= build
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Debian packages the build, the tests and the benchmarks need.
DEPS := build-essential cmake pkg-config libabsl-dev zlib1g-dev libgtest-dev \
        libgmock-dev libbenchmark-dev libopenblas-dev libopenblas0-pthread python3 python3-gensim \
        gzip

.PHONY: all deps deps-if-missing build test demo bench-vocab bench-peers bench-kernels clean format

all: build

deps:
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEPS)

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
	clang-format -i src/*/*.h src/*/*.cc tools/*.cc tools/*.h tests/*.cc tests/*.h

clean:
	rm -rf $(BUILD)
