#!/usr/bin/env bash
# Runs the ANN library comparison of docs/ann-comparison.md on this machine.
# Usage: mic-retrieval/ann-comparison.sh [n] [dim] [queries] [clusters] [buildThreads] [all|jvector|lucene|hnswlib]
# Env: JAVA (java binary), HEAP (default 12g), JAVA_OPTS (extra flags, e.g. --add-modules jdk.incubator.vector on JDK 20+)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl mic-retrieval -am -DskipTests install
./mvnw -B -q -pl mic-retrieval dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="mic-retrieval/target/test-classes:mic-retrieval/target/classes:$(cat mic-retrieval/target/test-classpath.txt)"
exec "${JAVA:-java}" -Xmx${HEAP:-12g} -XX:+UseParallelGC ${JAVA_OPTS:-} -cp "$cp" io.mic.retrieval.index.AnnComparison "$@"
