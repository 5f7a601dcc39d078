#!/usr/bin/env bash
# Bootstraps the build: makes sure the Debian packages the native tier and the tests need
# are installed (installing them when run as root), restores the local Cake tool, and
# runs build.cake with the given arguments, e.g. ./build.sh --target Test
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: compilers and CMake, hiredis (Redis backend), GoogleTest, clang (the
# bindings generator reads headers through clang's AST), libclang-rt-14-dev (libFuzzer and
# the sanitizer runtimes for the Fuzz task), redis-server (tests, demos), binutils (the
# package checks), python3 (socket clients and servers in tests), iproute2, iperf,
# tcpdump, nftables and ethtool (the gateway tests through network namespaces), d-itg,
# redis-tools and iputils-ping (the evaluation).
packages=(cmake make g++ pkg-config libhiredis-dev libgtest-dev libgmock-dev clang libclang-rt-14-dev
          redis-server procps binutils python3 iproute2 iperf tcpdump nftables ethtool
          d-itg redis-tools iputils-ping)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "build.sh: installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "build.sh: missing Debian packages: ${missing[*]}" >&2
        echo "build.sh: install them with: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET SDK 10 is required (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
exec dotnet dotnet-cake build.cake "$@"
