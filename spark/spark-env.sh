# Sourced by spark-run and ci-standalone.sh (bash, from the repository root): Spark without a distribution.
#   spark_home DIR   makes DIR a SPARK_HOME as a distribution lays it out (jars/ holds Spark's runtime jars, symlinks
#                    into ~/.m2, of the spark.version the job is built against; resolved by Maven once) and exports
#                    SPARK_HOME, SPARK_SCALA_VERSION (the Worker's executor launcher needs it) and SPARK_LOCAL_IP
#   spark_flags      the array of JVM flags Spark needs on 17+, read from the one place they are written (the
#                    spark module's pom, whose tests use them too)

spark_home() {
  local dir="$1" version
  if [ ! -d "$dir/jars" ] || [ spark/pom.xml -nt "$dir/jars" ]; then
    version=$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' spark/pom.xml | head -n1)
    mkdir -p "$dir"
    mvn -B -q -f spark/distribution/pom.xml -Dspark.version="$version" dependency:build-classpath -Dmdep.outputFile="$dir/classpath.txt" >&2
    rm -rf "$dir/jars" && mkdir -p "$dir/jars"
    tr ':' '\n' <"$dir/classpath.txt" | while read -r j; do ln -s "$j" "$dir/jars/"; done
  fi
  export SPARK_HOME="$dir" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
}

read -r -a spark_flags <<<"$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark/pom.xml | head -n1)"
