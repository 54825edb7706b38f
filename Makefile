# sspi-shim: build, test, install and benchmark entry points (GNU make).
# `make demo` runs the example client and server, `make test` runs every test.

.DEFAULT_GOAL := all
# cargo parallelises itself; keep the targets in the order they are listed.
.NOTPARALLEL:

PREFIX  ?= /usr/local
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
DESTDIR ?=
CARGO   ?= cargo

VERSION    := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
SO_MAJOR   := 1
SO_VERSION := 1.0.0
BUILD      := $(CURDIR)/build
LIB_DIR    := $(BUILD)/lib
INCLUDE    := $(CURDIR)/include
LIB_REAL   := libsspi.so.$(SO_VERSION)
LIBDIR_INST := $(DESTDIR)$(PREFIX)/lib

.PHONY: all build deps test demo install bench fuzz

all: build

deps:
	scripts/deps.sh

# The one rule that produces the shared object. scripts/link-lib.sh builds
# the Rust staticlib and links it with our version script (the
# gssapi_krb5_2_MIT node MIT-linked programs bind to), SONAME libsspi.so.1.
build:
	OUT=$(LIB_DIR) scripts/link-lib.sh release
	readelf -d $(LIB_DIR)/$(LIB_REAL) | grep -q 'SONAME.*\[libsspi\.so\.$(SO_MAJOR)\]' \
	  || { echo "error: $(LIB_REAL) lacks SONAME libsspi.so.$(SO_MAJOR)" >&2; exit 1; }

# The last line of output is the ffi-tests summary: "N passed, N failed".
test: deps build
	$(CARGO) test --release
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) fmt --check
	ffi-tests/run-all.sh

demo: deps build
	@test -f c-examples/Makefile || { echo "error: c-examples/Makefile is missing" >&2; exit 1; }
	$(MAKE) -C c-examples demo LIB_DIR=$(LIB_DIR) INCLUDE_DIR=$(INCLUDE)

install: build
	install -d $(LIBDIR_INST)/pkgconfig $(LIBDIR_INST)/sspi-shim $(DESTDIR)$(PREFIX)/include/gssapi
	install -m 755 $(LIB_DIR)/$(LIB_REAL) $(LIBDIR_INST)/$(LIB_REAL)
	ln -sfn $(LIB_REAL) $(LIBDIR_INST)/libsspi.so.$(SO_MAJOR)
	ln -sfn libsspi.so.$(SO_MAJOR) $(LIBDIR_INST)/libsspi.so
	install -m 644 $(LIB_DIR)/libsspi.a $(LIBDIR_INST)/libsspi.a
	install -m 644 include/sspi.h include/gssapi.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/gssapi/*.h $(DESTDIR)$(PREFIX)/include/gssapi/
	# Our library under MIT's name, for LD_LIBRARY_PATH=$(PREFIX)/lib/sspi-shim.
	install -m 755 $(LIB_DIR)/$(LIB_REAL) $(LIBDIR_INST)/sspi-shim/libgssapi_krb5.so.2
	ln -sfn libgssapi_krb5.so.2 $(LIBDIR_INST)/sspi-shim/libgssapi_krb5.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	  pkgconfig/sspi.pc.in > $(LIBDIR_INST)/pkgconfig/sspi.pc
	for pc in gssapi krb5-gssapi mit-krb5-gssapi; do \
	  sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    pkgconfig/$$pc.pc.in > $(LIBDIR_INST)/pkgconfig/$$pc.pc; done

# Not a test: prints numbers and ratios against sspi-rs, never asserts timing.
bench: deps build
	bench/run.sh

# Every fuzz target (fuzz/, cargo-fuzz with AddressSanitizer) for
# FUZZ_SECONDS each; new corpus entries and crashes go to build/fuzz-work.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) fuzz/run.sh
