# Thin wrapper over Meson.  The two commands the README names:
#   make demo   build, then run the guided tour on a default machine
#   make test   build, then run every test
BUILD   ?= build
ASAN    ?= build-asan
MESON   ?= meson

.PHONY: all deps demo test test-asan bench install clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) --buildtype=debugoptimized -Dwerror=true

$(ASAN)/build.ninja: | deps
	$(MESON) setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined \
		-Db_lundef=false -Dwerror=true

demo: all
	./$(BUILD)/tools/mmlab/mmlab demo

test: all
	$(MESON) test -C $(BUILD) --print-errorlogs

test-asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON) test -C $(ASAN) --print-errorlogs

bench: all
	./$(BUILD)/bench/mmlab-bench

install: all
	$(MESON) install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)
