#!/bin/sh
# SPDX-License-Identifier: MIT
# Dependency check for the build, run and test targets.
#
# Usage: tools/deps.sh NEED...        (each NEED is something the caller uses)
#        NO_INSTALL=1 tools/deps.sh NEED...
#
# Each NEED is a command (arm-none-eabi-gcc, qemu-system-arm, ...) or one
# of the names below for what is not a command:
#
#   newlib        newlib's C library for arm-none-eabi
#   host-libc     the host's C headers and start files (stdio.h, crt1.o),
#                 which the host tests compile and link against
#   libasan       the sanitizer runtimes the host tests link with
#   python3-*     a Python module from Debian, e.g. python3-matplotlib
#
# Every missing NEED is mapped to its Debian package and installed with
# apt-get (through sudo when not root), saying what is installed.  With
# NO_INSTALL=1 nothing is installed: the script prints the command that
# would install what is missing and fails.  Where apt-get cannot be used,
# it stops with the packages to install.  It is quiet when everything is
# present, so it costs nothing on a set-up machine.
set -eu

package_for() {
	case "$1" in
	arm-none-eabi-gcc | arm-none-eabi-objcopy | arm-none-eabi-size) echo gcc-arm-none-eabi ;;
	arm-none-eabi-addr2line | arm-none-eabi-nm | arm-none-eabi-ld) echo binutils-arm-none-eabi ;;
	newlib) echo libnewlib-arm-none-eabi ;;
	python3) echo python3 ;;
	gcc | cc) echo gcc ;;
	host-libc) echo libc6-dev ;;
	libasan) echo libasan8 libubsan1 ;;
	*) echo "$1" ;;
	esac
}

# A C program for the host that needs the C library's headers and start
# files; $1 adds compiler flags.
host_program_links() {
	printf '#include <limits.h>\n#include <stdio.h>\nint main(void){return INT_MAX == 0;}\n' |
		gcc -x c $1 -o /dev/null - 2>/dev/null
}

have() {
	case "$1" in
	newlib) [ -f /usr/lib/arm-none-eabi/newlib/libc.a ] || [ -f /usr/lib/arm-none-eabi/lib/libc.a ] ;;
	python3) [ -x /usr/bin/python3 ] ;;
	host-libc) command -v gcc >/dev/null 2>&1 && host_program_links "" ;;
	libasan) command -v gcc >/dev/null 2>&1 && host_program_links "-fsanitize=address,undefined" ;;
	python3-*) /usr/bin/python3 -c "import ${1#python3-}" 2>/dev/null ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

missing=""
for need in "$@"; do
	if ! have "$need"; then
		for pkg in $(package_for "$need"); do
			case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
		done
	fi
done
[ -z "$missing" ] && exit 0

missing=${missing# }
echo "deps: missing Debian packages: $missing"

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
else
	sudo="sudo "
fi
command="${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends $missing"

if [ "${NO_INSTALL:-0}" = 1 ]; then
	echo "deps: NO_INSTALL=1, so nothing is installed. To install them:" >&2
	echo "    $command" >&2
	exit 1
fi
if [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; then
	echo "deps: not root and no sudo. Run as root:" >&2
	echo "    apt-get update && apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: apt-get is not available on this machine. Install these packages" >&2
	echo "deps: (Debian/Ubuntu names) with your system's package manager:" >&2
	echo "    $missing" >&2
	exit 1
fi

echo "deps: installing: $command"
export DEBIAN_FRONTEND=noninteractive
if ! { ${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq --no-install-recommends $missing; }; then
	echo "deps: installation failed. Run it yourself:" >&2
	echo "    $command" >&2
	exit 1
fi
echo "deps: installed $missing"
