#!/bin/sh
# Remakes the golden .spk files of the format version the encoder writes (engine/src/test/resources/golden: inputs,
# files, manifest; golden/v1 and golden/v2 keep the version-1 and version-2 files, which are no longer written but
# must still decode)
# with org.spikecodec.engine.golden.GoldenFiles. Only for a deliberate change of the bytes or of the decoded
# images (GoldenFilesTest fails otherwise); say why in the commit. Run from anywhere; needs Maven (offline is fine).
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl engine -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/golden-cp.txt -Dmdep.includeScope=test
exec "${JAVA:-java}" -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/golden-cp.txt)" \
  org.spikecodec.engine.golden.GoldenFiles engine/src/test/resources/golden
