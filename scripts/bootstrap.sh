#!/usr/bin/env bash
# Kappa's bootstrap of native dependencies. Idempotent; silent when everything is present.
#
#  1. Debian packages: RocksDB (C API), librdkafka's build deps, and the tools tests use.
#     Checked with dpkg-query; apt-get runs only when something is missing.
#  2. librdkafka.redist 2.15.1 (the native library Confluent.Kafka 2.15.1 depends on).
#     If neither the NuGet global packages folder nor the configured sources have it,
#     it is built from the librdkafka sources shipped in the npm package
#     @confluentinc/kafka-javascript@1.10.1 and packed as a real nupkg into the
#     repo-local feed .build/feed (listed in nuget.config). The build is cached in
#     .build/native/, so it happens once per machine.
#
# Progress and errors go to stderr, one line each; build logs are shown only on failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$ROOT/.build"
FEED_DIR="$BUILD_DIR/feed"
NATIVE_DIR="$BUILD_DIR/native"

RDK_ID="librdkafka.redist"
RDK_VERSION="2.15.1"
RDK_HEX="0x020f01ff" # RD_KAFKA_VERSION of 2.15.1 in rdkafka.h
RDK_NPM="@confluentinc/kafka-javascript@1.10.1"

APT_PACKAGES=(
  librocksdb-dev                                        # RocksDB 7.8.3, used through its C API
  libssl-dev zlib1g-dev libzstd-dev liblz4-dev          # librdkafka build deps
  pkg-config python3 make gcc                           # used by librdkafka's ./configure and make
  kcat python3-avro python3-confluent-kafka             # tools the tests use
  chromium                                              # headless browser of the dashboard test (driven by Playwright)
  python3-requests                                      # confluent_kafka.schema_registry imports it
)

log() { echo "bootstrap: $*" >&2; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

# Run a command with its output in a log file; on failure show the log's tail and stop.
run_logged() {
  local logfile="$1" what="$2"; shift 2
  if ! "$@" >>"$logfile" 2>&1; then
    echo "---- last lines of $logfile ----" >&2
    tail -n 40 "$logfile" >&2
    die "$what failed (full log: $logfile)"
  fi
}

# ---------------------------------------------------------------- 1. Debian packages
ensure_apt_packages() {
  local missing=() p installed
  installed=" $(dpkg-query -W -f='${db:Status-Status}:${Package} ' "${APT_PACKAGES[@]}" 2>/dev/null || true)"
  for p in "${APT_PACKAGES[@]}"; do
    [[ "$installed" == *" installed:$p "* ]] || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0

  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "missing Debian packages; install them as root: apt-get install ${missing[*]}"
    fi
  fi

  log "installing Debian packages: ${missing[*]}"
  mkdir -p "$BUILD_DIR"
  local aptlog="$BUILD_DIR/apt.log"
  : >"$aptlog"
  export DEBIAN_FRONTEND=noninteractive
  run_logged "$aptlog" "apt-get update" "${sudo[@]}" apt-get update -q
  run_logged "$aptlog" "apt-get install ${missing[*]}" \
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

ensure_rocksdb() {
  local lib
  lib="$(dpkg-query -L librocksdb-dev 2>/dev/null | grep '/librocksdb\.so$' | head -n 1 || true)"
  if [[ -z "$lib" || ! -e "$lib" ]]; then
    die "RocksDB is missing: install the Debian package librocksdb-dev (apt-get install librocksdb-dev)"
  fi
}

# ---------------------------------------------------------------- 2. librdkafka.redist
rid() {
  case "$(uname -m)" in
    x86_64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *) die "unsupported CPU architecture for librdkafka: $(uname -m)" ;;
  esac
}

global_packages_dir() {
  if [[ -n "${NUGET_PACKAGES:-}" ]]; then echo "$NUGET_PACKAGES"; return; fi
  local gp
  gp="$(cd "$ROOT" && dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: //p')"
  echo "${gp:-$HOME/.nuget/packages}"
}

# True when the nupkg at $1 holds the native library for this machine's RID.
nupkg_has_native() {
  [[ -f "$1" ]] && python3 - "$1" "runtimes/$RID/native/librdkafka.so" <<'EOF'
import sys, zipfile
try:
    sys.exit(0 if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).namelist() else 1)
except Exception:
    sys.exit(1)
EOF
}

# Restore librdkafka.redist from the sources configured for this user/machine (not the
# repo-local feed). Succeeds when the official package is reachable.
try_official_package() {
  local probe
  probe="$(mktemp -d "${TMPDIR:-/tmp}/kappa-rdk-probe.XXXXXX")"
  # Empty Directory.* files stop MSBuild from picking up anything above the probe dir.
  echo '<Project />' >"$probe/Directory.Build.props"
  echo '<Project />' >"$probe/Directory.Build.targets"
  echo '<Project />' >"$probe/Directory.Packages.props"
  cat >"$probe/probe.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="$RDK_ID" Version="[$RDK_VERSION]" /></ItemGroup>
</Project>
EOF
  local ok=1
  (cd "$probe" && dotnet restore --nologo -v q >"$probe/restore.log" 2>&1) && ok=0
  rm -rf "$probe"
  return $ok
}

build_native_library() {
  local so="$1" work="$NATIVE_DIR/src" buildlog="$NATIVE_DIR/build.log"
  log "building librdkafka $RDK_VERSION from source (npm $RDK_NPM); takes about a minute, once per machine"
  rm -rf "$work"
  mkdir -p "$work"
  : >"$buildlog"
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch the librdkafka sources: install Node.js/npm"
  run_logged "$buildlog" "npm pack $RDK_NPM" \
    npm pack "$RDK_NPM" --pack-destination "$work" --silent --ignore-scripts
  local tgz
  tgz="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
  [[ -n "$tgz" ]] || die "npm pack produced no tarball (log: $buildlog)"
  run_logged "$buildlog" "unpacking $tgz" tar -xzf "$tgz" -C "$work" package/deps/librdkafka
  local srcdir="$work/package/deps/librdkafka"
  grep -q "define RD_KAFKA_VERSION *$RDK_HEX" "$srcdir/src/rdkafka.h" \
    || die "the sources in $RDK_NPM are not librdkafka $RDK_VERSION"
  run_logged "$buildlog" "librdkafka ./configure" \
    bash -c "cd '$srcdir' && ./configure --disable-gssapi --disable-curl"
  run_logged "$buildlog" "librdkafka make" make -C "$srcdir/src" -j"$(nproc)"
  [[ -f "$srcdir/src/librdkafka.so.1" ]] || die "librdkafka build produced no src/librdkafka.so.1 (log: $buildlog)"
  cp "$srcdir/src/librdkafka.so.1" "$so.tmp"
  strip --strip-unneeded "$so.tmp" 2>/dev/null || true
  cp "$srcdir/LICENSES.txt" "$NATIVE_DIR/LICENSES.txt"
  mv -f "$so.tmp" "$so"
  rm -rf "$work"
}

pack_native_library() {
  local so="$1" nupkg="$2" pack="$NATIVE_DIR/pack" packlog="$NATIVE_DIR/pack.log"
  rm -rf "$pack"
  mkdir -p "$pack/runtimes/$RID/native" "$FEED_DIR"
  cp "$so" "$pack/runtimes/$RID/native/librdkafka.so"
  cp "$NATIVE_DIR/LICENSES.txt" "$pack/LICENSES.txt" 2>/dev/null || echo "librdkafka: BSD-2-Clause" >"$pack/LICENSES.txt"
  # Keep the repo's build policy (central versions, analyzers...) away from this throwaway project.
  echo '<Project />' >"$pack/Directory.Build.props"
  echo '<Project />' >"$pack/Directory.Build.targets"
  echo '<Project />' >"$pack/Directory.Packages.props"
  cat >"$pack/$RDK_ID.nuspec" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>$RDK_ID</id>
    <version>$RDK_VERSION</version>
    <authors>librdkafka authors; built locally by Kappa scripts/bootstrap.sh</authors>
    <license type="expression">BSD-2-Clause</license>
    <description>librdkafka $RDK_VERSION for $RID, built from source (configure --disable-gssapi --disable-curl) because the configured package source lacks the official package.</description>
  </metadata>
  <files>
    <file src="runtimes/$RID/native/librdkafka.so" target="runtimes/$RID/native/librdkafka.so" />
    <file src="LICENSES.txt" target="LICENSES.txt" />
  </files>
</package>
EOF
  cat >"$pack/pack.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NuspecFile>$RDK_ID.nuspec</NuspecFile>
    <NuspecBasePath>\$(MSBuildThisFileDirectory)</NuspecBasePath>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <EnableDefaultItems>false</EnableDefaultItems>
    <NoWarn>\$(NoWarn);NU5100;NU5128</NoWarn>
  </PropertyGroup>
</Project>
EOF
  : >"$packlog"
  rm -f "$nupkg"
  run_logged "$packlog" "dotnet pack $RDK_ID" \
    dotnet pack "$pack/pack.csproj" --nologo -v q -o "$FEED_DIR"
  nupkg_has_native "$nupkg" || die "packing $RDK_ID produced no usable $nupkg (log: $packlog)"
  rm -rf "$pack"
}

ensure_librdkafka() {
  RID="$(rid)"
  local gp gpdir nupkg so
  mkdir -p "$FEED_DIR" # nuget.config lists it; restore fails if the folder is absent
  nupkg="$FEED_DIR/$RDK_ID.$RDK_VERSION.nupkg"
  gp="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  gpdir="$gp/$RDK_ID/$RDK_VERSION"

  # Fast path: already restored (official or ours) into the default global packages folder.
  [[ -f "$gpdir/runtimes/$RID/native/librdkafka.so" ]] && return 0

  # Slow path: ask NuGet where its global packages folder really is.
  gp="$(global_packages_dir)"
  gpdir="$gp/$RDK_ID/$RDK_VERSION"
  [[ -f "$gpdir/runtimes/$RID/native/librdkafka.so" ]] && return 0
  if [[ -d "$gpdir" ]]; then
    log "removing stale $gpdir (it has no runtimes/$RID/native/librdkafka.so)"
    rm -rf "$gpdir"
  fi

  # Our package already in the repo-local feed: restore will take it from there.
  nupkg_has_native "$nupkg" && return 0

  mkdir -p "$NATIVE_DIR"
  exec 9>"$NATIVE_DIR/.lock"
  flock 9 # another bootstrap of this tree may be building right now
  nupkg_has_native "$nupkg" && return 0

  # Official package reachable from the configured sources? Then there is nothing to build.
  if try_official_package && [[ -f "$gpdir/runtimes/$RID/native/librdkafka.so" ]]; then
    return 0
  fi
  # A probe that restored a package without our native lib must not leave it behind.
  [[ -d "$gpdir" && ! -f "$gpdir/runtimes/$RID/native/librdkafka.so" ]] && rm -rf "$gpdir"

  so="$NATIVE_DIR/librdkafka-$RDK_VERSION-$RID.so"
  [[ -f "$so" ]] || build_native_library "$so"
  pack_native_library "$so" "$nupkg"
  log "packed $RDK_ID $RDK_VERSION into .build/feed"
}

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK"

# Fastest path (every ./kappa call): nothing changed in dpkg since the last good run, and the
# native Kafka library is in the global packages folder, or in our feed with no stale entry there.
OK_STAMP="$BUILD_DIR/bootstrap.ok"
if [[ -f "$OK_STAMP" && "$OK_STAMP" -nt /var/lib/dpkg/status && -d "$FEED_DIR" ]]; then
  gpdir="${NUGET_PACKAGES:-$HOME/.nuget/packages}/$RDK_ID/$RDK_VERSION"
  if [[ -f "$gpdir/runtimes/$(rid)/native/librdkafka.so" ]] \
     || [[ ! -e "$gpdir" && -f "$FEED_DIR/$RDK_ID.$RDK_VERSION.nupkg" ]]; then
    exit 0
  fi
fi

ensure_apt_packages
ensure_rocksdb
ensure_librdkafka
touch "$OK_STAMP"
