#!/bin/sh
# Starts the jar with JVM flags that suit the command: the service runs for days and wants the JIT's top tier;
# a migrator command (migrate, info, ...) lives for seconds, where C2 compilation and a parallel GC only burn CPU
# next to the database server (measured: migrate of 1,000 revisions 4.3-4.6 s of CPU by default, 1.6-2.3 s with these).
# exec: java replaces this shell as PID 1 and receives SIGTERM itself.
set -e
case "${1:-serve}" in
  serve) exec java -XX:MaxRAMPercentage=75 -jar /app/backend-sample.jar "$@" ;;
  *)     exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /app/backend-sample.jar "$@" ;;
esac
