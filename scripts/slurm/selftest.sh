#!/usr/bin/env bash
# Does the private one-node cluster (local-cluster.sh) do what `corrsim slurm` scripts rely on?
#   1. an array job (--array=0-2) whose tasks each write a file named after SLURM_ARRAY_TASK_ID,
#      and a job that depends on it (--dependency=afterok:ID) and concatenates the files;
#   2. two 1-CPU tasks at once on a 2-CPU node (and no more than the CPUs);
#   3. --mem: a request above RealMemory is refused, memory is a consumable resource (two jobs that
#      each ask for 60% of the node do not run together), and a job that uses more than it asked
#      for is killed.
# It measures the time from sbatch to the first task starting. Exit 0 when all holds; otherwise a
# line saying what did not, and the work folder is kept. Starts the cluster if it is not up, and
# then stops it again at the end (CORRSIM_SLURM_KEEP=1 leaves it running).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CLUSTER="$HERE/local-cluster.sh"
WAIT="${CORRSIM_SLURM_JOB_TIMEOUT:-120}"   # seconds any one check may wait for its jobs
export PATH="$PATH:/usr/sbin:/sbin"

fail() { printf 'selftest: FAILED: %s\n' "$1" >&2; [ -n "${WORK:-}" ] && echo "selftest: work folder kept: $WORK" >&2; exit 1; }
note() { printf 'selftest: %s\n' "$*"; }

command -v sbatch >/dev/null || { echo "selftest: Slurm is not installed (no sbatch); run: $CLUSTER install" >&2; exit 3; }

started=0
if ! "$CLUSTER" status >/dev/null 2>&1; then
  "$CLUSTER" start || { echo "selftest: the local cluster did not start (see above)" >&2; exit 3; }
  started=1
fi
cleanup() {
  local rc=$?
  if [ "$started" = 1 ] && [ "${CORRSIM_SLURM_KEEP:-0}" != 1 ]; then "$CLUSTER" stop >/dev/null || true; fi
  [ "$rc" = 0 ] && [ -n "${WORK:-}" ] && rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
eval "$("$CLUSTER" env)"

WORK="$(mktemp -d /tmp/corrsim-slurm-selftest.XXXXXX)"
chmod 0755 "$WORK"
node_field() { scontrol show node "$(sinfo -h -N -o %N | head -n1)" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n1; }
CPUS="$(node_field CPUTot)"
MEM="$(node_field RealMemory)"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# wait_gone SECONDS JOBID...: until none of the jobs is pending, running or completing.
wait_gone() {
  local secs="$1" end
  shift
  end=$(( $(date +%s) + secs ))
  while [ -n "$(squeue -h -j "$(IFS=,; echo "$*")" -t PD,R,CG,CF,S 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.2
  done
}
# The states of a job (one line per array task), from slurmctld's memory of finished jobs (kept
# MinJobAge seconds): there is no slurmdbd, so sacct cannot answer.
states() { scontrol show job "$1" | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort | uniq -c | xargs; }

# --- 1 and 2: array job and dependent merge --------------------------------------------------
cat >"$WORK/task.sh" <<'EOF'
#!/bin/bash
date +%s.%N >"start-$SLURM_ARRAY_TASK_ID"
sleep 2
echo "part $SLURM_ARRAY_TASK_ID of array job $SLURM_ARRAY_JOB_ID, mem $SLURM_MEM_PER_NODE MB" >"part-$SLURM_ARRAY_TASK_ID.txt.tmp"
mv "part-$SLURM_ARRAY_TASK_ID.txt.tmp" "part-$SLURM_ARRAY_TASK_ID.txt"
date +%s.%N >"end-$SLURM_ARRAY_TASK_ID"
EOF
cat >"$WORK/merge.sh" <<'EOF'
#!/bin/bash
date +%s.%N >start-merge
cat part-0.txt part-1.txt part-2.txt >merged.txt.tmp && mv merged.txt.tmp merged.txt
EOF
t_submit="$(now)"
A="$(sbatch --parsable --chdir="$WORK" --job-name=selftest-array --array=0-2 --cpus-per-task=1 \
      --mem=512M --time=5 --output="$WORK/array-%A_%a.out" "$WORK/task.sh")" || fail "sbatch of the array job was refused"
M="$(sbatch --parsable --chdir="$WORK" --job-name=selftest-merge --dependency="afterok:$A" \
      --kill-on-invalid-dep=yes --cpus-per-task=1 --mem=256M --time=5 --output="$WORK/merge-%j.out" \
      "$WORK/merge.sh")" || fail "sbatch of the dependent merge job was refused"
wait_gone "$WAIT" "$A" "$M" || fail "array job $A and merge job $M not done after ${WAIT}s: $(squeue -h -o '%i %T %r' 2>&1 | xargs)"
t_done="$(now)"
[ "$(states "$A")" = "3 COMPLETED" ] || fail "array job $A tasks: $(states "$A") (expected 3 COMPLETED)"
[ "$(states "$M")" = "1 COMPLETED" ] || fail "merge job $M: $(states "$M") (expected COMPLETED)"
expected="$(for i in 0 1 2; do echo "part $i of array job $A, mem 512 MB"; done)"
[ "$(cat "$WORK/merged.txt" 2>/dev/null)" = "$expected" ] || fail "merged.txt is not the three parts in order: $(cat "$WORK/merged.txt" 2>&1)"

# From the tasks' own clocks: first start after sbatch, how many ran at once, merge after the last.
read -r latency overlap last_end < <(
  for i in 0 1 2; do echo "$(cat "$WORK/start-$i") $(cat "$WORK/end-$i")"; done | awk -v t0="$t_submit" '
    { s[NR] = $1; e[NR] = $2; if (NR == 1 || $1 < first) first = $1; if ($2 > last) last = $2 }
    END {
      max = 0
      for (i = 1; i <= NR; i++) { n = 0; for (j = 1; j <= NR; j++) if (s[j] <= s[i] && s[i] < e[j]) n++; if (n > max) max = n }
      printf "%.2f %d %s\n", first - t0, max, last
    }')
want=$(( CPUS < 3 ? CPUS : 3 ))
[ "$overlap" = "$want" ] || fail "$overlap array tasks ran at once on $CPUS CPUs with --cpus-per-task=1 (expected $want)"
merge_gap="$(secs "$last_end" "$(cat "$WORK/start-merge")")"
awk -v g="$merge_gap" 'BEGIN { exit !(g >= 0) }' || fail "merge job started ${merge_gap}s before the last array task ended"
note "array 0-2 + afterok merge: ok in $(secs "$t_submit" "$t_done")s; first task started $(printf '%s' "$latency")s after sbatch; $overlap tasks at once on $CPUS CPUs; merge started ${merge_gap}s after the last task"

# --- 3: memory ---------------------------------------------------------------------------------
if out="$(sbatch --parsable --mem=$(( MEM + 1024 ))M --wrap true 2>&1)"; then
  fail "a job asking for $(( MEM + 1024 )) MB on a node of $MEM MB was accepted (job $out)"
fi
big=$(( MEM * 6 / 10 ))
B1="$(sbatch --parsable --chdir="$WORK" --mem=${big}M --time=5 --output=/dev/null --wrap 'sleep 3')"
B2="$(sbatch --parsable --chdir="$WORK" --mem=${big}M --time=5 --output=/dev/null --wrap 'sleep 3')"
seen_wait=0; end=$(( $(date +%s) + WAIT ))
while [ "$(squeue -h -j "$B1" -o %T 2>/dev/null)" != RUNNING ]; do
  [ "$(date +%s)" -lt "$end" ] || fail "job $B1 (--mem=${big}M) did not start within ${WAIT}s"
  sleep 0.2
done
[ "$(squeue -h -j "$B2" -o '%T %r')" = "PENDING Resources" ] && seen_wait=1
wait_gone "$WAIT" "$B1" "$B2" || fail "jobs $B1 $B2 not done after ${WAIT}s"
[ "$seen_wait" = 1 ] || fail "a second job asking for ${big} of $MEM MB was not held back while the first ran (memory not consumable)"
[ "$(states "$B1") $(states "$B2")" = "1 COMPLETED 1 COMPLETED" ] || fail "memory jobs: $(states "$B1") / $(states "$B2")"

# A job that asks for 100 MB and takes 400 MB: killed at the next accounting poll (every 5 s).
if command -v node >/dev/null; then
  hog="node -e 'const k=[]; for (let i = 0; i < 4; i++) k.push(Buffer.alloc(100 << 20, 1)); setTimeout(() => console.log(\"survived\"), 20000)'"
else
  hog="python3 -c 'import time; k = bytearray(400 << 20); time.sleep(20); print(\"survived\")'"
fi
t0="$(now)"
H="$(sbatch --parsable --chdir="$WORK" --mem=100M --time=5 --output="$WORK/hog.out" --wrap "$hog")"
wait_gone "$WAIT" "$H" || fail "memory hog job $H not done after ${WAIT}s"
killed_after="$(secs "$t0" "$(now)")"
if grep -q survived "$WORK/hog.out" || [ "$(states "$H")" = "1 COMPLETED" ]; then
  fail "job $H used 400 MB with --mem=100M and was not stopped ($(states "$H"))"
fi
# jobacct_gather's poll says "exceeded memory limit"; a cgroup-enforcing cluster says "oom-kill".
grep -qiE 'memory limit|oom-kill' "$WORK/hog.out" || [ "$(states "$H")" = "1 OUT_OF_MEMORY" ] || fail "job $H ended ($(states "$H")) but not for its memory: $(tail -n 3 "$WORK/hog.out")"
note "--mem: above RealMemory ($MEM MB) refused; 2 × ${big} MB run one after the other; 400 MB in --mem=100M killed ($(states "$H" | cut -d' ' -f2)) after ${killed_after}s"
note "ok"
