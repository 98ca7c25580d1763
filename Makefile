# mod_agentos_rbac - build, test, run.
#
#   make              the core (build/plain/libaor.a) and the module
#                     (build/plain/.libs/mod_agentos_rbac.so)
#   make test         Debian packages, build, C unit tests (prove), then the
#                     Apache::Test suite under the event and prefork MPMs
#   make test-asan    the same with AddressSanitizer + UBSan
#   make test-valgrind  unit tests and the event suite under valgrind
#   make run          a demo httpd on 127.0.0.1:7777 (Ctrl-C stops it)
#   make check        layer rule, exported symbols, log tags, README
#   make bench        wrk against real httpd instances (not part of test)
#   make bench-insns  instruction counts of the decision path (callgrind)
#   make bench-phases where a first-seen token's time goes inside httpd
#   make install      apxs -i plus the Debian a2enmod files
#   make clean
#
# The core (src/aor_*.c) is compiled without any httpd or APR include path,
# so an httpd header cannot creep into it.  The adapter is compiled by apxs
# in build/<flavour>/, from a copy of its sources, so the plain and the
# sanitizer builds never share objects.

, := ,
APXS      ?= $(shell command -v apxs || command -v apxs2 || echo apxs)
CC        ?= gcc
TOP       := $(CURDIR)
FLAVOUR   ?= plain
B         := build/$(FLAVOUR)

CORE_SRC    := $(wildcard src/aor_*.c)
CORE_HDR    := $(wildcard src/aor_*.h)
ADAPTER_SRC := mod_agentos_rbac.c $(wildcard src/httpd_*.c)
ADAPTER_HDR := $(wildcard src/httpd_*.h)
UNIT_SRC    := $(wildcard t/unit/test_*.c)
LIBS        := -lssl -lcrypto -ljansson -lsodium
MOD_LIBS    := $(LIBS) -lcurl

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2
CORE_CFLAGS := -std=c99 -D_POSIX_C_SOURCE=200809L -O2 -g -fPIC \
               -fvisibility=hidden $(WARN)

ifeq ($(FLAVOUR),asan)
SAN_CFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined
SAN_LDFLAGS := -fsanitize=address,undefined
else
SAN_CFLAGS  :=
SAN_LDFLAGS :=
endif

VALGRIND  := valgrind -q --leak-check=full \
             --errors-for-leak-kinds=definite,indirect --error-exitcode=1

MODULE    := $(B)/.libs/mod_agentos_rbac.so
CORE_LIB  := $(B)/libaor.a
CORE_OBJ  := $(patsubst src/%.c,$(B)/core/%.o,$(CORE_SRC)) \
             $(B)/core/aor_default_routes.o
UNIT_BIN  := $(patsubst t/unit/%.c,$(B)/unit/%.t,$(UNIT_SRC))
MOD_COPY  := $(addprefix $(B)/mod/,$(ADAPTER_SRC) $(ADAPTER_HDR))

APXS_FLAGS := $(addprefix -Wc$(,),$(WARN) -fvisibility=hidden $(SAN_CFLAGS)) \
              $(addprefix -Wl$(,),$(SAN_LDFLAGS)) -I$(TOP)/src

.PHONY: all module core unit deps test test-unit test-e2e test-asan \
        test-valgrind run check install clean bench bench-insns \
        bench-phases
.DELETE_ON_ERROR:

all: module unit

core: $(CORE_LIB)
module: $(MODULE)
unit: $(UNIT_BIN)

$(B)/core/%.o: src/%.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CORE_CFLAGS) $(SAN_CFLAGS) -c $< -o $@

# the built-in route map, generated from the data file
$(B)/gen/aor_default_routes.c: src/aor_default_routes.tsv tools/gen-routes.sh
	@mkdir -p $(dir $@)
	tools/gen-routes.sh $< > $@

$(B)/core/aor_default_routes.o: $(B)/gen/aor_default_routes.c src/aor_routes.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $(SAN_CFLAGS) -Isrc -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/mod/%: %
	@mkdir -p $(dir $@)
	cp -p $< $@

$(MODULE): $(MOD_COPY) $(CORE_LIB)
	@echo "  APXS    mod_agentos_rbac.so ($(FLAVOUR))"
	@cd $(B)/mod && $(APXS) -c -o mod_agentos_rbac.la $(APXS_FLAGS) \
	    $(ADAPTER_SRC) $(TOP)/$(CORE_LIB) $(MOD_LIBS) > build.log 2>&1 \
	    || { cat build.log; exit 1; }
	@mkdir -p $(dir $@)
	cp -p $(B)/mod/.libs/mod_agentos_rbac.so $@

$(B)/unit/%.t: t/unit/%.c $(wildcard t/unit/*.h) $(CORE_LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CORE_CFLAGS) $(SAN_CFLAGS) -Isrc -It/unit $< $(CORE_LIB) \
	    $(SAN_LDFLAGS) $(LIBS) -lpthread -o $@

deps:
	@tools/deps.sh test

test: deps
	$(MAKE) check test-unit test-e2e

test-unit: unit
	prove --exec '' $(UNIT_BIN)

test-e2e: module
	tools/e2e.sh $(FLAVOUR) event
	tools/e2e.sh $(FLAVOUR) prefork

test-asan: deps
	$(MAKE) FLAVOUR=asan test-unit test-e2e

test-valgrind: deps
	$(MAKE) unit module
	prove --exec '$(VALGRIND)' $(UNIT_BIN)
	AOR_VALGRIND=1 tools/e2e.sh plain event

run:
	@tools/deps.sh run
	$(MAKE) module
	tools/run.sh

check: module
	tools/check.sh $(MODULE)

bench:
	@tools/deps.sh bench
	$(MAKE) module core
	tools/bench/bench.sh

bench-insns:
	@tools/deps.sh bench
	$(MAKE) core
	tools/bench/insns.sh

bench-phases:
	@tools/deps.sh bench
	tools/bench/phases.sh

install: module
	$(APXS) -i -n agentos_rbac $(MODULE)
	install -d $(DESTDIR)/etc/apache2/mods-available
	install -m 0644 conf/agentos_rbac.load conf/agentos_rbac.conf \
	    $(DESTDIR)/etc/apache2/mods-available/

clean:
	rm -rf build t/logs t/conf/httpd.conf t/conf/apache_test_config.pm \
	    t/conf/extra.conf t/htdocs/index.html t/keys
