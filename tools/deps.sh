#!/bin/sh
# Dependency check for the build, run and test targets.
#
# Usage: tools/deps.sh TOOL...   (each TOOL is a command the caller needs)
#
# Every missing command is mapped to its Debian package and installed with
# apt-get (through sudo when not root), saying what is installed.  Where
# apt-get cannot be used, the script stops with the exact command to run.
# It is quiet when everything is present, so it costs nothing on a set-up
# machine.
set -eu

package_for() {
	case "$1" in
	arm-none-eabi-gcc | arm-none-eabi-objcopy | arm-none-eabi-size) echo gcc-arm-none-eabi ;;
	newlib) echo libnewlib-arm-none-eabi ;;
	qemu-system-arm) echo qemu-system-arm ;;
	gdb-multiarch) echo gdb-multiarch ;;
	python3) echo python3 ;;
	gcc | cc) echo gcc ;;
	libasan) echo libasan8 ;;
	openocd) echo openocd ;;
	python3-matplotlib) echo python3-matplotlib ;;
	*) echo "$1" ;;
	esac
}

have() {
	case "$1" in
	newlib) [ -f /usr/lib/arm-none-eabi/newlib/libc.a ] || [ -f /usr/lib/arm-none-eabi/lib/libc.a ] ;;
	python3) [ -x /usr/bin/python3 ] ;;
	libasan) echo 'int main(void){return 0;}' | gcc -x c -fsanitize=address,undefined -o /dev/null - 2>/dev/null ;;
	python3-matplotlib) /usr/bin/python3 -c 'import matplotlib' 2>/dev/null ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

missing=""
for tool in "$@"; do
	if ! have "$tool"; then
		pkg=$(package_for "$tool")
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	fi
done
[ -z "$missing" ] && exit 0

missing=${missing# }
echo "deps: missing Debian packages: $missing"

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: not root and no sudo. Run as root:" >&2
	echo "    apt-get update && apt-get install -y $missing" >&2
	exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: apt-get is not available on this machine. Install these packages" >&2
	echo "deps: (Debian/Ubuntu names) with your system's package manager:" >&2
	echo "    $missing" >&2
	exit 1
fi

echo "deps: installing: $sudo apt-get install -y $missing"
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $missing; }; then
	echo "deps: installation failed. Run it yourself:" >&2
	echo "    ${sudo:+sudo }apt-get update && ${sudo:+sudo }apt-get install -y $missing" >&2
	exit 1
fi
echo "deps: installed $missing"
