#!/usr/bin/env bash
# Builds the Debian package of the appliance: deploy/package/target/deltad_<version>-1_amd64.deb
#
#   /opt/deltad/bin/deltad, /opt/deltad/bin/deltactl   jpackage launchers (the JVM flags of bin/lib.sh built in)
#   /opt/deltad/lib/runtime/                           a jlink runtime of JDK 25: only the modules the jars need
#   /opt/deltad/lib/app/                               the engine and tools jars and their libraries
#   /usr/bin/deltactl -> /opt/deltad/bin/deltactl
#   /lib/systemd/system/deltad.service                 from deploy/systemd/
#   /etc/deltad/deltad.toml, /etc/deltad/schemas/*     conffiles (from deploy/package/deltad.toml, deploy/schemas/)
#   /etc/default/deltad                                conffile: JDK_JAVA_OPTIONS for the service
#
# Depends: what jpackage finds for the runtime (libc6) plus libusrsctp2, which the SCTP transport loads through FFM at
# run time (jpackage cannot see a dlopen, so it is named here).
#
# Usage: deploy/package/build-deb.sh      (builds the jars first when they are missing or stale; Debian only)
# Steps: jars -> jdeps (modules) -> jlink (runtime) -> jpackage --type deb (launchers, maintainer scripts from
# resources/) -> add the files outside /opt and DEBIAN/conffiles, which jpackage cannot place, and rebuild the deb.
set -euo pipefail
source "$(dirname "$0")/../../bin/lib.sh"
here="$DELTAD_HOME/deploy/package"
out="$here/target"

command -v dpkg >/dev/null 2>&1 || die "build-deb.sh builds a Debian package: it needs dpkg (Debian or Ubuntu)"
find_jdk
[ -x "$JAVA_HOME/bin/jpackage" ] && [ -x "$JAVA_HOME/bin/jlink" ] || die "$JAVA_HOME has no jpackage/jlink"
ensure_debs fakeroot dpkg-dev binutils
ensure_built

t0=$(date +%s)
step() { echo "build-deb: $* ($(( $(date +%s) - t0 ))s)" >&2; }

# Version from the root pom, without -SNAPSHOT (0.1.0-SNAPSHOT -> 0.1.0).
version=$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' "$DELTAD_HOME/pom.xml" | head -n1)
version="${version%-SNAPSHOT}"
[[ "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]] || die "cannot read the version from pom.xml (got '$version')"
release=1
arch=$(dpkg --print-architecture)

rm -rf "$out"
mkdir -p "$out/input/lib"
# One input directory: both jars, and the union of both lib/ directories without the benchmark-only libraries
# (deltabench is not packaged) and without the tools' copy of the engine jar (deltad-engine.jar is there already).
cp "$DELTAD_HOME/engine/target/deltad-engine.jar" "$DELTAD_HOME/tools/target/deltad-tools.jar" "$out/input/"
for jar in "$DELTAD_HOME"/engine/target/lib/*.jar "$DELTAD_HOME"/tools/target/lib/*.jar; do
  case "$(basename "$jar")" in
    deltad-engine-*|jmh-*|jopt-simple-*|commons-math3-*|HdrHistogram-*) continue ;;
  esac
  cp -n "$jar" "$out/input/lib/"
done
# The DPDK shim (io.mode = "dpdk") beside the bindings jar, where DpdkLibrary looks for it.
[ -f "$DELTAD_HOME/engine/target/lib/libdeltad_dpdk.so" ] || die "engine/target/lib/libdeltad_dpdk.so missing: the build did not run native/"
cp "$DELTAD_HOME/engine/target/lib/libdeltad_dpdk.so" "$out/input/lib/"

# Modules: what jdeps finds in the jars, plus what is loaded reflectively or is coming (jdk.httpserver: /metrics),
# plus the diagnostics an operator reaches for (jcmd, JFR).
found=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
  "$out/input/deltad-engine.jar" "$out/input/deltad-tools.jar" "$out"/input/lib/*.jar | tail -n1)
[[ "$found" =~ ^java\.base ]] || die "jdeps gave no module list: $found"
# Minus java.desktop: only JNA's AWT helpers (never called here) use it, and its native libraries would make the
# package depend on X11 and ALSA. java.sql stays: small, and Jackson's date handling refers to it.
found=$(tr ',' '\n' <<<"$found" | grep -vx java.desktop | paste -sd, -)
modules="$found,jdk.unsupported,jdk.net,jdk.management,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.jcmd,jdk.zipfs"
modules=$(tr ',' '\n' <<<"$modules" | sort -u | paste -sd, -)
step "modules $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$out/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 2>&1 | grep -v '^Warning: The --compress' || true
[ -x "$out/runtime/bin/java" ] || die "jlink made no runtime"
step "runtime $(du -sh "$out/runtime" | cut -f1)"

# JVM flags, one --java-options each; "--add-opens X" becomes "--add-opens=X" so each flag is one word.
java_opts=()
read -r -a words <<<"$DELTAD_JVM_FLAGS"
for ((i = 0; i < ${#words[@]}; i++)); do
  w="${words[i]}"
  case "$w" in
    --add-opens|--add-exports|--add-reads|--add-modules|--enable-native-access) w="$w=${words[i + 1]}"; i=$((i + 1)) ;;
  esac
  java_opts+=(--java-options "$w")
done

# deltactl: its own main class; the same flags, and the installed config as its default --config.
{
  echo "main-jar=deltad-tools.jar"
  echo "main-class=io.deltad.tools.ctl.DeltaCtl"
  printf 'java-options=%s -Ddeltad.config=/etc/deltad/deltad.toml\n' \
    "$(for ((i = 1; i < ${#java_opts[@]}; i += 2)); do printf '%s ' "${java_opts[i]}"; done | sed 's/ $//')"
  echo "description=deltad operator CLI"
} >"$out/deltactl.properties"

step "jpackage"
"$JAVA_HOME/bin/jpackage" --type deb --dest "$out/jpackage" \
  --name deltad --app-version "$version" --linux-app-release "$release" \
  --vendor "deltad project" --description "deltad: kernel-bypass appliance for real-time document sync" \
  --linux-package-name deltad --linux-deb-maintainer "deltad@localhost" \
  --linux-app-category net \
  --linux-package-deps libusrsctp2 \
  --install-dir /opt \
  --input "$out/input" --main-jar deltad-engine.jar --main-class io.deltad.app.DeltadMain \
  "${java_opts[@]}" \
  --add-launcher "deltactl=$out/deltactl.properties" \
  --runtime-image "$out/runtime" \
  --resource-dir "$here/resources"
deb=$(ls "$out"/jpackage/*.deb)

# jpackage places files under --install-dir only: unpack, add the unit, /etc and /usr/bin, declare the conffiles.
step "adding the unit, config, schemas, conffiles"
root="$out/root"
dpkg-deb -R "$deb" "$root"
install -D -m 644 "$DELTAD_HOME/deploy/systemd/deltad.service" "$root/lib/systemd/system/deltad.service"
install -D -m 644 "$here/deltad.toml" "$root/etc/deltad/deltad.toml"
install -D -m 644 "$here/deltad.default" "$root/etc/default/deltad"
install -d -m 755 "$root/etc/deltad/schemas" "$root/usr/bin" "$root/opt/deltad/share/doc"
install -m 644 "$DELTAD_HOME"/deploy/schemas/* "$root/etc/deltad/schemas/"
install -m 644 "$DELTAD_HOME/docs/DEPLOY.md" "$DELTAD_HOME/docs/OPERATIONS.md" "$DELTAD_HOME/docs/SIGNALING.md" "$DELTAD_HOME/docs/DPDK.md" "$root/opt/deltad/share/doc/"
ln -s /opt/deltad/bin/deltactl "$root/usr/bin/deltactl"
(cd "$root" && find etc -type f | sort | sed 's:^:/:') >"$root/DEBIAN/conffiles"
chmod 644 "$root/DEBIAN/conffiles"
# jpackage derived Depends from the shim's librte_* libraries; the poll-mode drivers (net_af_packet, NIC drivers) and
# dpdk-devbind.py come with the dpdk package, which only io.mode = "dpdk" needs.
sed -i '/^Depends:/a Recommends: dpdk (>= 22.11)' "$root/DEBIAN/control"
installed_kib=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size:.*/Installed-Size: $installed_kib/" "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/md5sums"
final="$out/deltad_${version}-${release}_${arch}.deb"
# xz level 1: 3 s instead of 26 s at the default level 6, for a 32 MB instead of 31 MB package.
dpkg-deb --root-owner-group -Zxz -z1 --build "$root" "$final" >/dev/null
rm -rf "$root" "$out/jpackage" "$out/input"
step "done: $final ($(du -h "$final" | cut -f1))"
echo "$final"
