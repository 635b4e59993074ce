#!/usr/bin/env bash
# A real standalone Spark cluster on this machine, from the Maven jars: a Master and a Worker on 127.0.0.1 (executors in
# JVMs of their own, fed the thin job jar), a fake GPU discovery script advertising two GPUs, then
#   1. the evaluation job submitted to it, its records.csv and critical.csv compared with the local runner's on the same
#      sample and seed, and the GPU ids the tasks were given checked ([0, 1]);
#   2. the batch compression job on a few photos and one corrupt file (a row with its error, not a failed job).
# Master and Worker are stopped by PID whatever happens (trap). Each phase prints its time; the whole took 2 to 5
# minutes on a loaded 2-core machine with the jars in ~/.m2.
# Environment: SPARK_CI_ARGS replaces the evaluation's arguments (for measurements); KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
phase() { echo "ci-standalone: $* (at $((SECONDS - start)) s)"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/spikecodec-spark-ci.XXXXXX")"
pids=()
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "ci-standalone: kept $work"; else rm -rf "$work"; fi
}
trap stop_all EXIT

phase "building the job jar and the CLI jar"
mvn -B -q -DskipTests -pl spark -am package
cli="$PWD/cli/target/spikecodec.jar"

phase "resolving Spark's jars"
source spark/spark-env.sh
spark_home "$PWD/spark/target/spark-home" # where spark-run, which submits the jobs below, finds it
flags=("${spark_flags[@]}")
sparkcp="$SPARK_HOME/jars/*"

# Waits up to $3 seconds for the pattern $2 in the log $1 of the process $4.
await() {
  local i
  for ((i = 0; i < $3; i++)); do
    grep -q "$2" "$1" && return 0
    kill -0 "$4" 2>/dev/null || { echo "ci-standalone: process $4 died; its log:" >&2; tail -n 40 "$1" >&2; return 1; }
    sleep 1
  done
  echo "ci-standalone: no '$2' in $1 after $3 s; its log:" >&2; tail -n 40 "$1" >&2; return 1
}

phase "starting the Master"
java "${flags[@]}" -Xmx512m -cp "$sparkcp" -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 0 --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
await "$work/master.log" "Starting Spark master at spark://" 120 "${pids[0]}"
master=$(grep -o "spark://127.0.0.1:[0-9]*" "$work/master.log" | head -n1)

phase "starting the Worker (2 cores, 2 fake GPUs) for $master"
printf '#!/usr/bin/env bash\necho '"'"'{"name": "gpu", "addresses": ["0", "1"]}'"'"'\n' >"$work/gpus.sh"
chmod +x "$work/gpus.sh"
java "${flags[@]}" -Xmx512m -cp "$sparkcp" -Dspark.worker.resource.gpu.amount=2 -Dspark.worker.resource.gpu.discoveryScript="$work/gpus.sh" \
  org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 --cores 2 --memory 3g --work-dir "$work/worker" \
  "$master" >"$work/worker.log" 2>&1 &
pids+=($!)
await "$work/worker.log" "Successfully registered with master" 120 "${pids[1]}"

# The driver as spark-submit would start it in client mode (spark-run): Spark's jars plus the job jar, which spark.jars
# ships to the executors (they have Spark's jars only). Each task takes one of its executor's GPUs.
submit() {
  SPARK_CONF="-Dspark.executor.cores=2 -Dspark.executor.memory=2g -Dspark.executor.resource.gpu.amount=2 -Dspark.task.resource.gpu.amount=1" \
    SPIKECODEC_JAVA_OPTS=-Xmx1g spark/spark-run "$master" "$@"
}

if [ -n "${SPARK_CI_ARGS:-}" ]; then read -r -a args <<<"$SPARK_CI_ARGS"; else
  args=(--suite fashion-mnist --codecs spike-dwt,jpeg --bpp 0.1,0.5,2 --limit 6 --seed 3 --bisection-steps 2 --threads 2 --backend cpu)
fi

phase "evaluation on the cluster: ${args[*]}"
t=$SECONDS
submit org.spikecodec.spark.SparkEvaluate "${args[@]}" --out "$work/standalone" >"$work/evaluate.out" 2>"$work/evaluate.err" \
  || { tail -n 60 "$work/evaluate.err" >&2; exit 1; }
cluster_s=$((SECONDS - t))
cat "$work/evaluate.out"

phase "the same evaluation with the local runner"
t=$SECONDS
java -Xmx1g -jar "$cli" evaluate "${args[@]}" --out "$work/local" >"$work/local.out" 2>"$work/local.err" || { tail -n 60 "$work/local.err" >&2; exit 1; }
local_s=$((SECONDS - t))

for f in records.csv critical.csv; do
  if ! diff <(sort "$work/local/$f") <(sort "$work/standalone/$f") >"$work/$f.diff"; then
    echo "ci-standalone: FAILED: $f of the cluster differs from the local runner's:" >&2; head -n 20 "$work/$f.diff" >&2; exit 1
  fi
done
records=$(($(wc -l <"$work/local/records.csv") - 1))
grep -q "^task GPUs: \[0, 1\]$" "$work/evaluate.out" || { echo "ci-standalone: FAILED: the tasks were not given GPUs 0 and 1" >&2; exit 1; }
for f in summary.json report.html records.parquet critical.parquet; do [ -e "$work/standalone/$f" ] || { echo "ci-standalone: FAILED: no $f" >&2; exit 1; }; done
echo "ci-standalone: $records records, identical to the local runner's; tasks on GPUs 0 and 1; cluster run ${cluster_s} s (with start-up), local run ${local_s} s"

phase "batch compression on the cluster"
mkdir -p "$work/photos"
cp data/photos/camera.png data/photos/coffee.png data/photos/chelsea.png "$work/photos/"
printf '\x89PNG\r\n\x1a\n broken' >"$work/photos/broken.png"
submit org.spikecodec.spark.SparkCompress "$work/photos" -o "$work/compressed" --bpp 0.5 --backend cpu >"$work/compress.out" 2>"$work/compress.err" \
  || { tail -n 60 "$work/compress.err" >&2; exit 1; }
cat "$work/compress.out"
grep -q "compressed 3 of 4 images" "$work/compress.out" || { echo "ci-standalone: FAILED: expected 3 of 4 images compressed" >&2; exit 1; }
for n in camera coffee chelsea; do [ -s "$work/compressed/$n.spk" ] || { echo "ci-standalone: FAILED: no $n.spk" >&2; exit 1; }; done

phase "passed; stopping the Worker and the Master"
