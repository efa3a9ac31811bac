#!/usr/bin/env bash
# Static native-image analysis of the application, without a GraalVM distribution.
#
# Runs GraalVM's image builder (org.graalvm.nativeimage:svm from Maven Central) on the Temurin 25 JDK
# (JVMCI) over target/native-sources/ with -H:+ReturnAfterAnalysis: the whole-program (points-to)
# analysis, where unsupported code paths, classes wrongly initialised at build time and missing
# registrations show up, without the link step (no JDK static libraries or GraalVM C libraries here).
#
# usage: .ci/native-analysis/run.sh [--package] [extra builder options, e.g. -H:+PrintAnalysisCallTree]
#   --package  first runs ./mvnw -B package -DskipTests -Dnative -Dquarkus.native.sources-only=true
# environment (all optional):
#   NA_WORK     work folder (default target/native-analysis): resolved jars, the JDK copy, logs
#   NA_JDK      the JDK 25 with JVMCI that runs the builder (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   NA_GRAALVM  builder version on Maven Central (default 25.0.2)
#   NA_SOURCES  Quarkus native sources (default target/native-sources)
#   NA_XMX      builder heap (default 6g; the analysis of this application peaks at about 3 GB)
# Re-running reuses the resolved jars and the JDK copy. Exit status: 0 when the analysis ends cleanly,
# 1 when it fails, 3 when the set-up fails. The last line is the verdict.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

NA_WORK=${NA_WORK:-target/native-analysis}
NA_JDK=${NA_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
NA_GRAALVM=${NA_GRAALVM:-25.0.2}
NA_SOURCES=${NA_SOURCES:-target/native-sources}
NA_XMX=${NA_XMX:-6g}
mkdir -p "$NA_WORK"
NA_WORK=$(cd "$NA_WORK" && pwd)
NA_SOURCES=$(cd "$(dirname "$NA_SOURCES")" && pwd)/$(basename "$NA_SOURCES")

say() { echo "[native-analysis] $*"; }
setup_failed() { echo "NATIVE ANALYSIS: SET-UP FAILED: $*"; exit 3; }

PACKAGE=false
if [ "${1:-}" = "--package" ]; then PACKAGE=true; shift; fi

# --- 0. the Quarkus native sources -------------------------------------------------------------
if $PACKAGE; then
  say "packaging the native sources"
  ./mvnw -B -q package -DskipTests -Dnative -Dquarkus.native.sources-only=true || setup_failed "./mvnw package -Dnative -Dquarkus.native.sources-only=true failed"
fi
[ -f "$NA_SOURCES/native-image.args" ] || setup_failed "no $NA_SOURCES/native-image.args: run ./mvnw -B package -DskipTests -Dnative -Dquarkus.native.sources-only=true first (or pass --package)"

# --- 1. the JDK that runs the builder ----------------------------------------------------------
[ -x "$NA_JDK/bin/java" ] || setup_failed "no JDK at $NA_JDK (set NA_JDK to a JDK 25 with JVMCI)"
"$NA_JDK/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@' || setup_failed "$NA_JDK has no jdk.internal.vm.ci module (JVMCI)"

# --- 2. gcc (the builder's C-interface queries, and the helper library below) ------------------
if ! command -v gcc >/dev/null; then
  [ "$(id -u)" = 0 ] || setup_failed "gcc is missing (apt-get install gcc as root)"
  say "installing gcc"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc libc6-dev; } >"$NA_WORK/apt.log" 2>&1 \
    || setup_failed "apt-get install gcc failed, see $NA_WORK/apt.log"
fi

# --- 3. the builder jars from Maven Central ----------------------------------------------------
JARS=$NA_WORK/jars-$NA_GRAALVM
if [ ! -f "$JARS/.complete" ]; then
  say "resolving org.graalvm.nativeimage:svm:$NA_GRAALVM and its dependencies into $JARS"
  rm -rf "$JARS"
  ./mvnw -B -q -f "$HERE/resolve-pom.xml" dependency:copy-dependencies -Dgv="$NA_GRAALVM" -DoutputDirectory="$JARS" \
    >"$NA_WORK/resolve.log" 2>&1 || { tail -20 "$NA_WORK/resolve.log"; setup_failed "could not resolve the builder jars, see $NA_WORK/resolve.log"; }
  [ -f "$JARS/svm-$NA_GRAALVM.jar" ] && [ -f "$JARS/compiler-$NA_GRAALVM.jar" ] || setup_failed "svm or compiler jar missing in $JARS"
  touch "$JARS/.complete"
else
  say "reusing the builder jars in $JARS"
fi

# --- 4. a writable copy of the JDK with lib/svm/builder/lib/libreporterchelper.so --------------
JDK_VERSION=$("$NA_JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
T=$NA_WORK/jdk-$JDK_VERSION
if [ ! -f "$T/.complete" ] || [ "$HERE/clib/reporterchelper.c" -nt "$T/.complete" ]; then
  say "copying $NA_JDK to $T and building libreporterchelper.so"
  rm -rf "$T"
  cp -a "$NA_JDK" "$T" || setup_failed "could not copy $NA_JDK"
  mkdir -p "$T/lib/svm/builder/lib"
  gcc -O2 -shared -fPIC -I"$T/include" -I"$T/include/linux" -o "$T/lib/svm/builder/lib/libreporterchelper.so" \
    "$HERE/clib/reporterchelper.c" || setup_failed "gcc could not build libreporterchelper.so"
  touch "$T/.complete"
else
  say "reusing the JDK copy $T"
fi

# --- 5. module access for the builder, and the translated driver options -----------------------
RUN=$NA_WORK/run
rm -rf "$RUN"; mkdir -p "$RUN"
"$T/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --add-modules=ALL-SYSTEM "$HERE/Exports.java" \
  >"$RUN/exports.args" 2>"$RUN/exports.err" || { cat "$RUN/exports.err"; setup_failed "Exports.java failed"; }
python3 "$HERE/translate.py" "$NA_SOURCES" "$RUN" || setup_failed "translate.py could not translate $NA_SOURCES/native-image.args"
mapfile -t APP_JVM < "$RUN/jvm.args"
mapfile -t APP_BUILDER < "$RUN/builder.args"
IMAGECP=$(paste -sd: "$RUN/imagecp")
MAIN=$(cat "$RUN/main")
NAME=$(cat "$RUN/name")

# --- 6. the builder, stopping after the analysis -----------------------------------------------
B=org.graalvm.nativeimage.builder
MP=$(ls "$JARS"/*.jar | grep -v "/compiler-$NA_GRAALVM.jar" | paste -sd:)
ADDMODS=java.base,java.logging,java.management,jdk.management,jdk.jfr,jdk.internal.vm.ci,jdk.graal.compiler,org.graalvm.nativeimage,org.graalvm.word,org.graalvm.collections,org.graalvm.truffle.compiler,jdk.unsupported,java.desktop,java.xml,java.naming,java.sql,jdk.zipfs
JVM=(
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler
  -Xss10m -XX:+UseParallelGC "-Xmx$NA_XMX" -XX:+ExitOnOutOfMemoryError -Xshare:off
  -Djava.awt.headless=true
  -Dtruffle.TrustAllTruffleRuntimeProviders=true -Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime
  -Dgraalvm.ForcePolyglotInvalid=true -Dgraalvm.locatorDisabled=true -Dsubstratevm.HostLibC=glibc
  "-Dorg.graalvm.version=$NA_GRAALVM" "-Dorg.graalvm.vendorversion=${NA_VENDOR_VERSION:-GraalVM CE $NA_GRAALVM+10.1}"
  -Dcom.oracle.graalvm.isaot=true -Dorg.graalvm.nativeimage.imagecode=buildtime
  -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader
  -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false
  -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false
  -Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1 -Djava.lang.invoke.MethodHandle.PROFILE_GWT=false
  --add-modules=ALL-DEFAULT
  --enable-native-access=org.graalvm.nativeimage.objectfile,$B,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base
  --upgrade-module-path "$JARS/compiler-$NA_GRAALVM.jar" --module-path "$MP"
  "-Dorg.graalvm.nativeimage.module.addmods=$ADDMODS" "--add-modules=$ADDMODS"
  "@$RUN/exports.args"
  "${APP_JVM[@]}"
)
BUILDER=(
  -imagecp "$IMAGECP"
  "-H:CLibraryPath=$HERE/clib"
  "-H:Path=$RUN/out" "-H:Name=$NAME" "-H:Class=$MAIN"
  "-H:ImageBuildID=$(cat /proc/sys/kernel/random/uuid)"
  "${APP_BUILDER[@]}"
  -H:+UnlockExperimentalVMOptions -H:+ReturnAfterAnalysis
  "$@"
)
LOG=$NA_WORK/analysis.log
say "analysing $NAME ($MAIN, $(wc -l < "$RUN/imagecp") class-path entries) with GraalVM $NA_GRAALVM on $JDK_VERSION, heap $NA_XMX; log: $LOG"
START=$(date +%s)
(cd "$RUN" && "$T/bin/java" "${JVM[@]}" --module "$B/com.oracle.svm.hosted.NativeImageGeneratorRunner" "${BUILDER[@]}") 2>&1 | tee "$LOG"
STATUS=${PIPESTATUS[0]}
SECONDS_TAKEN=$(( $(date +%s) - START ))

# --- 7. verdict -----------------------------------------------------------------------------------
REACHABLE=$(grep -m1 'found reachable' "$LOG" | sed -E 's/ +/ /g; s/^ //; s/ found reachable//')
ERRORS=$(grep -cE '^(Error|Fatal error)|encountered an unexpected error' "$LOG")
WARNINGS=$(grep -cE '^Warning' "$LOG")
if [ "$STATUS" = 0 ] && [ "$ERRORS" = 0 ] && grep -q 'Performing analysis' "$LOG"; then
  echo "NATIVE ANALYSIS: PASSED in ${SECONDS_TAKEN}s (reachable: ${REACHABLE:-?}; $WARNINGS warning lines)"
  exit 0
fi
echo "NATIVE ANALYSIS: FAILED in ${SECONDS_TAKEN}s (builder exit $STATUS, $ERRORS error lines, $WARNINGS warning lines; see $LOG)"
exit 1
