# SPDX-License-Identifier: GPL-2.0
#
# make                 build hwmem.ko for the running kernel (KDIR=... for another)
# make demo            boot a Debian kernel in QEMU, load hwmem, show it, unload
# make test            every test: checks, KUnit under UML (plain and KASAN/UBSAN),
#                      VM checks on Debian 6.1 and 6.12 and on a sanitized kernel
# make check           checkpatch --strict, sparse and W=1 builds, all clean
# make kunit           KUnit suites only
# make vmtest          VM checks only (KERNELS="6.1 6.12")
# make vm              an interactive VM shell with hwmem loaded (KERNEL=6.12)
# make bench           hwmem against the kernel's allocators, in UML (OUT=dir)
# make fuzz            a long fuzzer run in a VM (N=200000 SEED=1 KERNEL=6.12)
# make kernels         build hwmem.ko against both Debian kernels into build/
#
# Everything installs what it needs from Debian's packages and caches
# downloads and unpacked trees in ~/.cache/hwmem (HWMEM_CACHE).

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNEL ?= 6.12
KERNELS ?= 6.1 6.12

all: modules

modules:
	@test -d "$(KDIR)" || { \
		echo "No kernel build tree at $(KDIR)."; \
		echo "Install the headers for your kernel, set KDIR=..., or run 'make kernels'."; \
		exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

kernels:
	@for k in $(KERNELS); do scripts/build.sh $$k || exit 1; done

demo:
	scripts/vm.sh --kernel $(KERNEL) demo

vm:
	scripts/vm.sh --kernel $(KERNEL) shell

test:
	scripts/test.sh

kunit:
	scripts/kunit.sh

vmtest:
	@for k in $(KERNELS); do scripts/vm.sh --kernel $$k test || exit 1; done

check:
	scripts/check.sh

bench:
	scripts/bench.sh $(OUT)

N ?= 200000
SEED ?= 1
fuzz:
	HWMEM_VM_TIMEOUT=$$((900 + $(N) / 500)) \
	scripts/vm.sh --kernel $(KERNEL) --nodes 2 --tests reliability \
		--fuzz $(N),$(SEED) --name fuzz.$(KERNEL) test

clean:
	rm -rf build
	find hwmem -name '*.o' -o -name '.*.cmd' -o -name '*.mod*' | xargs rm -f
	rm -f *.o *.ko *.mod *.mod.c .*.cmd Module.symvers modules.order

.PHONY: all modules kernels demo vm test kunit vmtest check bench fuzz clean
