# SPDX-License-Identifier: GPL-2.0
#
# hwmem, an out-of-tree module for memory-management experiments.
# "make help" lists the targets.  The module itself is built by kbuild from
# the file Kbuild; this Makefile drives kbuild and the project's scripts,
# which install what they need from Debian's packages and cache downloads
# and unpacked trees in ~/.cache/hwmem (HWMEM_CACHE).

VERSION := $(shell cat $(CURDIR)/VERSION)

# Which kernel: KDIR (its build tree), or KERNELRELEASE, or the running one.
ifeq ($(origin KDIR),undefined)
KREL := $(or $(KERNELRELEASE),$(shell uname -r))
KDIR := /lib/modules/$(KREL)/build
else
KREL := $(or $(KERNELRELEASE),$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null))
endif

# Where "make install" puts things; INSTALL_MOD_PATH is kbuild's.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_MOD_PATH ?=
INSTALL_MOD_DIR ?= updates
BINDIR := $(DESTDIR)$(PREFIX)/bin
LIBDIR := $(DESTDIR)$(PREFIX)/lib/hwmem
MANDIR := $(DESTDIR)$(PREFIX)/share/man/man1
MODDIR := $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/$(INSTALL_MOD_DIR)
# Where modules_install puts each module, under MODDIR (kbuild keeps the
# directory a module was built in).
MODULES := hwmem samples/hwmem/hwmem_client samples/hwmem/hwmem_meminfo

# Where "make dkms-install" puts things (scratch trees for the tests).
DKMS_TREE ?= /var/lib/dkms
DKMS_SOURCE_TREE ?= /usr/src
DKMS_INSTALL_ROOT ?=
DKMS := dkms --dkmstree $(DKMS_TREE) --sourcetree $(DKMS_SOURCE_TREE) \
	$(if $(DKMS_INSTALL_ROOT),--installtree $(DKMS_INSTALL_ROOT)/lib/modules --no-depmod)
DKMS_SRC := $(DKMS_SOURCE_TREE)/hwmem-$(VERSION)

# What the module's sources are, for DKMS.
MODULE_SOURCES := Kbuild VERSION hwmem kunit samples

KERNEL ?= 6.12
KERNELS ?= 6.1 6.12
CC ?= cc
TOOLS := build/tools/hwmem-trace build/tools/hwmem-plot

all: modules tools

help:
	@echo 'hwmem $(VERSION): make [TARGET] [VARIABLE=value...]'
	@echo
	@echo 'Building and installing'
	@echo '  all (default)   modules and tools'
	@echo '  modules         hwmem.ko and the samples for KDIR, or KERNELRELEASE,'
	@echo '                  or the running kernel (KDIR=$(KDIR))'
	@echo '  tools           build/tools/: hwmem-trace (trace converter), hwmem-plot'
	@echo '  man             build/man/hwmemctl.1 from Documentation/hwmemctl.rst'
	@echo '  install         the modules through kbuild (INSTALL_MOD_PATH,'
	@echo '                  INSTALL_MOD_DIR=$(INSTALL_MOD_DIR), then depmod); hwmemctl'
	@echo '                  in PREFIX/bin, its helpers in PREFIX/lib/hwmem, the man'
	@echo '                  page in PREFIX/share/man/man1 (PREFIX=$(PREFIX), DESTDIR)'
	@echo '  uninstall       remove exactly what install put there, then depmod'
	@echo '  dkms-install    register hwmem with DKMS, which then rebuilds it for every'
	@echo '                  kernel installed; builds and installs it for KERNELRELEASE'
	@echo '  dkms-remove     unregister it and remove its sources from DKMS_SOURCE_TREE'
	@echo '  clean           kbuild'"'"'s clean, and build/ removed'
	@echo
	@echo 'Running and testing (in QEMU and UML; nothing on this machine is loaded)'
	@echo '  demo            boot Debian'"'"'s KERNEL=$(KERNEL) in QEMU, load hwmem, show it'
	@echo '  vm              an interactive VM shell with hwmem loaded (KERNEL)'
	@echo '  test            every test; ends with "N passed, N failed"'
	@echo '  test-full       test, then what does not fit in it: the KCSAN kernel, long fuzzer runs, coverage'
	@echo '  check           W=1 builds, sparse and checkpatch --strict, all clean'
	@echo '  kunit           the KUnit suites under UML'
	@echo '  vmtest          the VM checks (KERNELS="$(KERNELS)")'
	@echo '  fuzz            a long fuzzer run in a VM (N=$(N) SEED=$(SEED) KERNEL)'
	@echo '  bench           hwmem against the kernel'"'"'s allocators, in UML (OUT=dir)'
	@echo '  coverage        line coverage of hwmem/ in a GCOV kernel (OUT=dir)'
	@echo '  traces          record the shipped kmem traces again, in a 6.12 VM'
	@echo '  experiments     replay the shipped traces under every policy, in a VM'
	@echo '  kernels         build hwmem.ko against both Debian kernels into build/'
	@echo '  help            this list'

modules:
	@test -d "$(KDIR)" || { \
		echo "No kernel build tree at $(KDIR)."; \
		echo "Install the headers for your kernel, set KDIR=..., or run 'make kernels'."; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools: $(TOOLS)

build/tools/hwmem-trace: scripts/hwmem-trace.c hwmem/include/uapi/hwmem/replay.h
	@mkdir -p build/tools
	$(CC) -O2 -Wall -Wextra -I hwmem/include/uapi -o $@ $<

build/tools/hwmem-plot: scripts/hwmem-plot
	@mkdir -p build/tools
	cp $< $@

man: build/man/hwmemctl.1

build/man/hwmemctl.1: Documentation/hwmemctl.rst scripts/hwmemctl
	scripts/man.sh $@

install: modules tools man
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)
	install -d $(BINDIR) $(LIBDIR) $(MANDIR)
	sed 's/@VERSION@/$(VERSION)/' scripts/hwmemctl > $(BINDIR)/hwmemctl
	chmod 755 $(BINDIR)/hwmemctl
	install -m 755 $(TOOLS) $(LIBDIR)/
	install -m 644 build/man/hwmemctl.1 $(MANDIR)/hwmemctl.1

uninstall:
	rm -f $(foreach m,$(MODULES),$(MODDIR)/$(m).ko $(MODDIR)/$(m).ko.xz \
		$(MODDIR)/$(m).ko.gz $(MODDIR)/$(m).ko.zst)
	-rmdir $(MODDIR)/samples/hwmem $(MODDIR)/samples $(MODDIR) 2>/dev/null
	if [ -d "$(INSTALL_MOD_PATH)/lib/modules/$(KREL)" ]; then \
		depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL); fi
	rm -f $(BINDIR)/hwmemctl $(MANDIR)/hwmemctl.1
	rm -f $(foreach t,$(notdir $(TOOLS)),$(LIBDIR)/$(t))
	-rmdir $(LIBDIR) 2>/dev/null

dkms-install:
	scripts/dkms.sh install $(VERSION)
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC) $(DKMS_TREE) \
		$(if $(DKMS_INSTALL_ROOT),$(DKMS_INSTALL_ROOT)/lib/modules/$(KREL))
	cp -r $(MODULE_SOURCES) $(DKMS_SRC)/
	sed 's/@VERSION@/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf
	$(DKMS) add -m hwmem -v $(VERSION)
	$(DKMS) build -m hwmem -v $(VERSION) -k $(KREL)
	$(DKMS) install -m hwmem -v $(VERSION) -k $(KREL)
	$(if $(DKMS_INSTALL_ROOT),depmod -b $(DKMS_INSTALL_ROOT) $(KREL))

dkms-remove:
	$(DKMS) remove -m hwmem -v $(VERSION) --all
	rm -rf $(DKMS_SRC)
	$(if $(DKMS_INSTALL_ROOT),depmod -b $(DKMS_INSTALL_ROOT) $(KREL))

clean:
	@if [ -d "$(KDIR)" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; \
	else \
		echo "No kernel build tree at $(KDIR): removing kbuild's files by name"; \
		find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' \
			-o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' \
			-o -name modules.order -o -name Module.symvers \) -print | xargs rm -f; \
	fi
	rm -rf build

kernels:
	@for k in $(KERNELS); do scripts/build.sh $$k || exit 1; done

demo:
	scripts/vm.sh --kernel $(KERNEL) demo

vm:
	scripts/vm.sh --kernel $(KERNEL) shell

test:
	scripts/test.sh

test-full:
	scripts/test.sh --full

kunit:
	scripts/kunit.sh

vmtest:
	@for k in $(KERNELS); do scripts/vm.sh --kernel $$k test || exit 1; done

check:
	scripts/check.sh

bench:
	scripts/bench.sh $(OUT)

coverage:
	scripts/coverage.sh $(OUT)

traces:
	scripts/traces.sh

experiments:
	scripts/experiments.sh $(OUT)

N ?= 200000
SEED ?= 1
fuzz:
	HWMEM_VM_TIMEOUT=$$((900 + $(N) / 500)) \
	scripts/vm.sh --kernel $(KERNEL) --nodes 2 --tests reliability \
		--fuzz $(N),$(SEED) --name fuzz.$(KERNEL) test

.PHONY: all help modules tools man install uninstall dkms-install dkms-remove \
	clean kernels demo vm test test-full kunit vmtest check bench coverage \
	traces experiments fuzz
