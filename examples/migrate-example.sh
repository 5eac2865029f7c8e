#!/usr/bin/env bash
# Migrates the example scripts with the command line, then shows info. The database is created when missing
# (environment development). Override the target with INTELLIPOST_DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
export INTELLIPOST_DATABASE_URL="${INTELLIPOST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/intellipost_example}"

classpath_file=migrator-core/target/example.classpath
./mvnw -q -pl migrator-core dependency:build-classpath -Dmdep.outputFile=target/example.classpath -Dmdep.includeScope=test
classpath="migrator-core/target/classes:$(cat "$classpath_file")"

run() {
  java -Dorg.slf4j.simpleLogger.showThreadName=false -Dorg.slf4j.simpleLogger.showLogName=false \
       -cp "$classpath" com.intellipost.migrator.cli.MigratorCommandLine "$@" --locations=filesystem:examples/db/migrations
}
run migrate
run info
