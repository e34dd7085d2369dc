# Thin wrapper over Meson.  The two commands the README names:
#   make demo   build, then run the guided tour on a default machine
#   make test   build, then run every test
# and "make fuzz": the libFuzzer harnesses, FUZZ_TIME seconds each
# (clang; build dir build-fuzz/; see docs/fuzzing.md); "make fuzz-rel" the
# same without ASan/UBSan (build-fuzzrel/), to measure the fuzzers' rates.
BUILD   ?= build
ASAN    ?= build-asan
FUZZ    ?= build-fuzz
FUZZREL ?= build-fuzzrel
FUZZ_TIME ?= 60
MESON   ?= meson

.PHONY: all deps demo test test-asan fuzz fuzz-rel bench install clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) --buildtype=debugoptimized -Dwerror=true

$(ASAN)/build.ninja: | deps
	$(MESON) setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined \
		-Db_lundef=false -Dwerror=true

$(FUZZ)/build.ninja: | deps
	CC=clang $(MESON) setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false

demo: all
	./$(BUILD)/tools/mmlab/mmlab demo

test: all
	$(MESON) test -C $(BUILD) --print-errorlogs

test-asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON) test -C $(ASAN) --print-errorlogs

fuzz: $(FUZZ)/build.ninja
	ninja -C $(FUZZ) tests/fuzz/fuzz_api tests/fuzz/fuzz_shell
	sh tests/fuzz/run.sh $(FUZZ) $(FUZZ_TIME)

$(FUZZREL)/build.ninja: | deps
	CC=clang $(MESON) setup $(FUZZREL) --buildtype=debugoptimized -Dfuzz=true

fuzz-rel: $(FUZZREL)/build.ninja
	ninja -C $(FUZZREL) tests/fuzz/fuzz_api tests/fuzz/fuzz_shell
	sh tests/fuzz/run.sh $(FUZZREL) $(FUZZ_TIME)

bench: all
	./$(BUILD)/bench/mmlab-bench

install: all
	$(MESON) install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(FUZZREL)
