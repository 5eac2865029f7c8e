#!/usr/bin/env bash
# Builds the migrator and runs the benchmark against the local PostgreSQL; arguments go to BenchMain
# (e.g. --cases=apply,noop --sizes=1000). Results: bench/target/bench-work/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl bench,migrator-maven-plugin -am install -DskipTests
./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cd bench
exec java -Xmx2g -cp "target/classes:$(cat target/bench.classpath)" com.intellipost.bench.BenchMain "$@"
