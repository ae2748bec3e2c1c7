# SPDX-License-Identifier: GPL-2.0
#
# Shared by the hwmem scripts: paths, logging, Debian packages and kernels.
# Source it; it defines functions and variables only.

# The checkout: the parent of the running script's directory, unless a
# script deeper down (scripts/tests/) has set it before sourcing this.
HWMEM_ROOT=${HWMEM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
HWMEM_CACHE=${HWMEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hwmem}
HWMEM_JOBS=${HWMEM_JOBS:-$(nproc)}

log() { printf '%s\n' "$*" >&2; }

# What in a kernel's output means it reported a problem (grep -E): a
# WARN, a BUG or sanitizer report, an oops, a panic.  One file says it for
# the host's scripts, the guest's lib.sh and the fuzzer alike.
HWMEM_KERNEL_PROBLEMS=$(cat "$HWMEM_ROOT/scripts/guest/kernel-problems")
die() { log "hwmem: $*"; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Install the Debian packages given that are not installed yet.
need_pkgs() {
	missing=
	for p in "$@"; do
		pkg_installed "$p" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	log "hwmem: installing$missing"
	# shellcheck disable=SC2086
	if ! as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >&2; then
		as_root apt-get update -q -o DPkg::Lock::Timeout=600 >&2
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >&2 ||
			die "cannot install$missing"
	fi
}

# The two Debian kernel series hwmem is built and tested against, as
# kernel release strings (the suffix of linux-image-* and linux-headers-*).
# 6.1: what linux-image-amd64 points at.  6.12: the newest
# linux-image-6.12.*+deb12-amd64 that has headers too.  Set HWMEM_KREL_61
# or HWMEM_KREL_612 to pin one.
krel_61() {
	if [ -n "${HWMEM_KREL_61:-}" ]; then
		echo "$HWMEM_KREL_61"
		return
	fi
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[^ ]*\)$/\1/p' | sort -V | tail -n 1
}

krel_612() {
	if [ -n "${HWMEM_KREL_612:-}" ]; then
		echo "$HWMEM_KREL_612"
		return
	fi
	for k in $(apt-cache search --names-only '^linux-image-6\.12\..*\+deb12-amd64$' |
		   sed -n 's/^linux-image-\([^ ]*\) .*/\1/p' | sort -rV); do
		if apt-cache show "linux-headers-$k" >/dev/null 2>&1; then
			echo "$k"
			return
		fi
	done
}

# "6.1" or "6.12" to a kernel release string.
krel() {
	case "$1" in
	6.1) krel_61 ;;
	6.12) krel_612 ;;
	*) echo "$1" ;;
	esac
}

# Headers for a kernel release, installed on demand; prints the build dir.
kernel_headers() {
	need_pkgs "linux-headers-$1"
	echo "/usr/src/linux-headers-$1"
}

# A kernel image, downloaded and unpacked into the cache (not installed:
# the host's /boot is left alone); prints the path of its vmlinuz.
kernel_image() {
	dir="$HWMEM_CACHE/kernels/$1"
	if [ ! -f "$dir/boot/vmlinuz-$1" ]; then
		mkdir -p "$HWMEM_CACHE/debs" "$HWMEM_CACHE/kernels"
		# As root, apt would drop to its _apt user, who cannot write here.
		sandbox=
		[ "$(id -u)" -eq 0 ] && sandbox="-o APT::Sandbox::User=root"
		# shellcheck disable=SC2086
		(cd "$HWMEM_CACHE/debs" &&
			apt-get download -q $sandbox "linux-image-$1" >&2) ||
			die "cannot download linux-image-$1"
		rm -rf "$dir.tmp"
		dpkg-deb -x "$HWMEM_CACHE/debs/linux-image-$1"_*.deb "$dir.tmp" ||
			die "cannot unpack linux-image-$1"
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir/boot/vmlinuz-$1"
}

# Debian's linux-source-6.12, unpacked once into the cache; prints the tree.
source_tree() {
	need_pkgs linux-source-6.12 bc flex bison libelf-dev libssl-dev python3 \
		make gcc libc6-dev xz-utils
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	tree="$HWMEM_CACHE/linux-source-$ver"
	if [ ! -f "$tree/.hwmem-unpacked" ]; then
		log "hwmem: unpacking linux-source-6.12 $ver into $tree"
		rm -rf "$tree" "$tree.tmp"
		mkdir -p "$tree.tmp"
		tar -xf /usr/src/linux-source-6.12.tar.xz -C "$tree.tmp" \
			--strip-components=1 || die "cannot unpack linux-source-6.12"
		touch "$tree.tmp/.hwmem-unpacked"
		mv "$tree.tmp" "$tree"
	fi
	# Hook this checkout in: a symlink, one Makefile and one Kconfig line.
	# Each step is idempotent; the link follows whichever checkout runs.
	ln -sfn "$HWMEM_ROOT" "$tree/drivers/misc/hwmem"
	grep -q '^obj-$(CONFIG_HWMEM_KUNIT_TEST)' "$tree/drivers/misc/Makefile" ||
		printf 'obj-$(CONFIG_HWMEM_KUNIT_TEST)\t+= hwmem/\n' >> "$tree/drivers/misc/Makefile"
	grep -q '^source "drivers/misc/hwmem/kunit/Kconfig"' "$tree/drivers/misc/Kconfig" ||
		printf 'source "drivers/misc/hwmem/kunit/Kconfig"\n' >> "$tree/drivers/misc/Kconfig"
	echo "$tree"
}
