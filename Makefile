# mikiwame: the two commands (README.md) and a few helpers. Thin wrappers over scripts/ and
# CMakePresets.json; every target installs missing Debian packages first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
SAMPLE ?= tests/fixtures/messages/demo-kagoya-phish.eml
PREFIX ?= /usr/local

.PHONY: demo test deps release asan tsan tsan-test install bench fuzz clean milter-load model serve-load

deps:
	@scripts/install-deps.sh

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) >/dev/null

demo: release
	@build/release/apps/cli/mikiwame analyze $(SAMPLE)

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build/asan -j $(JOBS)

test: asan release
	@cd build/asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE load

# 5,000 corpus mails through a private Postfix with and without `mikiwame milter` (docs/milter.md).
milter-load: release
	@bash tests/milter/postfix_integration.sh load build/release/apps/cli/mikiwame

# The release CLI, data/, var/geoip (when installed) and the man page under $(PREFIX).
install: release
	@cmake --install build/release --prefix "$(PREFIX)"

# ThreadSanitizer build; runs the tests labelled tsan (none yet is not an error).
tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build build/tsan -j $(JOBS)

# GLib's slice allocator recycles memory between threads through locks TSan cannot see in the
# uninstrumented library (false races in GMime); G_SLICE=always-malloc routes it through malloc,
# and tests/tsan.supp mutes races whose top frame is inside GLib/GMime (futex-based locks).
tsan-test: tsan
	@cd build/tsan && G_SLICE=always-malloc TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp \
	  ctest -L tsan --no-tests=ignore --output-on-failure -j $(JOBS)

# 2,000 analyses from 16 clients against a private `mikiwame serve` on loopback (docs/serve.md).
serve-load: release
	@scripts/serve-load.sh build/release/apps/cli/mikiwame 2000 16

# Retrains the shipped content model data/model/content.model from ../shared/corpus (stripped of
# upstream verdicts) and training/ (docs/model.md).
model: release
	@scripts/train-model.sh

bench: release
	@scripts/bench.sh

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf build
