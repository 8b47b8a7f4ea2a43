#!/usr/bin/env bash
# Runs the ANN library comparison of docs/ann-comparison.md on this machine.
# Usage: mic-retrieval/ann-comparison.sh [n] [dim] [queries] [clusters] [buildThreads] [all|jvector|lucene|hnswlib]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl mic-retrieval -am -DskipTests install
./mvnw -B -q -pl mic-retrieval dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="mic-retrieval/target/test-classes:mic-retrieval/target/classes:$(cat mic-retrieval/target/test-classpath.txt)"
exec "${JAVA:-java}" -Xmx${HEAP:-12g} -XX:+UseParallelGC -cp "$cp" io.mic.retrieval.index.AnnComparison "$@"
