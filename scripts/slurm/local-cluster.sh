#!/usr/bin/env bash
# A throw-away one-node Slurm cluster on this machine, so that the batch scripts that
# `corrsim slurm` writes can be tested against the real scheduler rather than a mock.
#
#   local-cluster.sh install   install Debian's slurmctld, slurmd, slurm-client and munge if missing
#   local-cluster.sh installed exit 0 when they are installed, 3 (naming what is missing) when not
#   local-cluster.sh start     configure and start munged, slurmctld and slurmd; wait for the node
#   local-cluster.sh status    say what runs (exit 0 when the node is up, 3 when not)
#   local-cluster.sh stop      cancel our jobs, stop our daemons; the install stays
#   local-cluster.sh env       print the exports a client needs (eval "$(local-cluster.sh env)")
#
# Everything it writes lives under $CORRSIM_SLURM_DIR (default /var/tmp/corrsim-slurm): its own
# slurm.conf, munge key and socket, state, spool, logs and pid files. It never writes /etc/slurm or
# uses the system's munge socket, and it refuses to start beside a real cluster. See README.md here
# for every setting and why.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"   # the daemons and munge's tools live in sbin

BASE="${CORRSIM_SLURM_DIR:-/var/tmp/corrsim-slurm}"
TIMEOUT="${CORRSIM_SLURM_TIMEOUT:-60}"          # seconds to wait for each daemon to come up
CTLD_PORT="${CORRSIM_SLURM_CTLD_PORT:-16817}"   # not 6817/6818, so a real cluster's ports are never taken
SLURMD_PORT="${CORRSIM_SLURM_SLURMD_PORT:-16818}"
PARTITION=local

CONF="$BASE/etc/slurm.conf"
MUNGE_DIR="$BASE/munge"
MUNGE_SOCKET="$MUNGE_DIR/munge.socket.2"
MUNGE_KEY="$MUNGE_DIR/munge.key"
RUN="$BASE/run"
LOG="$BASE/log"
PACKAGES=(slurmctld slurmd slurm-client munge)
# The binaries those packages bring; all must be present for the cluster to start.
BINARIES=(slurmctld slurmd sbatch squeue sinfo scontrol scancel munged munge unmunge)

say() { printf 'local-cluster: %s\n' "$*"; }
die() { printf 'local-cluster: %s\n' "$1" >&2; exit "${2:-1}"; }

missing_binaries() {
  local b out=()
  for b in "${BINARIES[@]}"; do
    command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || out+=("$b")
  done
  echo "${out[*]}"
}

cmd_install() {
  [ -z "$(missing_binaries)" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "installing Slurm needs root (apt-get); missing: $(missing_binaries)" 3
  command -v apt-get >/dev/null || die "no apt-get here: install ${PACKAGES[*]} by hand" 3
  local log
  log="$(mktemp)"
  # --no-install-recommends: the recommends are 30-odd plugin packages (HDF5, InfluxDB, IPMI,
  # ROCm, ...) that a one-node test never loads. The package lists may be missing or stale on a
  # fresh machine, so an install that fails is retried once after apt-get update.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${PACKAGES[@]}" >"$log" 2>&1; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${PACKAGES[@]}"; } >>"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"
      die "apt-get could not install ${PACKAGES[*]}" 3
    fi
  fi
  rm -f "$log"
  [ -z "$(missing_binaries)" ] || die "after installing, still missing: $(missing_binaries)" 3
}

client_env() { export SLURM_CONF="$CONF"; }

# Alive and not a zombie: an exited daemon stays in /proc until PID 1 reaps it, which in a container
# whose PID 1 is no init can take seconds.
alive() { [ -d "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

pid_of() {   # pid from our pid file, if that process is alive and is the named program
  local f="$RUN/$1.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null)" || return 1
  [ -n "$pid" ] && alive "$pid" || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
  echo "$pid"
}

# Processes of this name that are not ours: a real cluster's daemons on this machine.
foreign_pids() {
  local name="$1" ours pid
  ours="$(pid_of "$name" || true)"
  for pid in $(pgrep -x "$name" 2>/dev/null || true); do
    alive "$pid" || continue
    [ "$pid" = "$ours" ] || echo "$pid"
  done
  return 0
}

refuse_beside_real_cluster() {
  [ "${CORRSIM_SLURM_FORCE:-0}" = 1 ] && return 0
  local f p
  for f in /etc/slurm/slurm.conf /etc/slurm-llnl/slurm.conf; do
    [ -e "$f" ] && die "$f exists: this machine belongs to a real Slurm cluster; submit there instead of starting a private one (CORRSIM_SLURM_FORCE=1 overrides)" 4
  done
  for p in slurmctld slurmd; do
    [ -n "$(foreign_pids "$p")" ] && die "a $p that this script did not start runs here (pid $(foreign_pids "$p" | paste -sd' ')): refusing to start a second cluster beside it" 4
  done
  return 0
}

node_state() {   # the node's state as sinfo prints it (idle, mix, alloc, down*, ...), or nothing
  client_env
  timeout 5 sinfo -h -N -o '%T' 2>/dev/null | head -n1 || true
}

write_conf() {
  local host="$1" node_line cpus mem
  # What slurmd itself detects (CPUs, sockets, cores, threads, RealMemory): a node configured
  # with more than slurmd finds is set DRAIN ("Low RealMemory", "Low socket*core*thread count").
  node_line="$(slurmd -C 2>/dev/null | sed -n 's/^NodeName=[^ ]* //p' | head -n1)"
  if [ -z "$node_line" ]; then
    mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
    node_line="CPUs=$(nproc) RealMemory=$mem"
  fi
  cpus="$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$node_line")"
  mem="$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$node_line")"
  mkdir -p "$BASE/etc"
  cat >"$CONF.tmp" <<EOF
# Written by scripts/slurm/local-cluster.sh for a private one-node test cluster; do not copy to a
# real cluster. Every setting that differs from Slurm's default is explained in scripts/slurm/README.md.
ClusterName=corrsim-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups: a container without systemd or cgroup delegation cannot give slurmd its own.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=5
JobAcctGatherParams=OverMemoryKill
# No slurmdbd: finished jobs are read from scontrol (kept MinJobAge seconds) and the jobcomp file.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG/jobcomp.txt
MinJobAge=600
SchedulerType=sched/backfill
# Schedule a batch job as soon as it is submitted or a CPU frees, not up to 3 s later.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$(( mem / cpus ))
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 $node_line State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

wait_for() {   # wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds
  local secs="$1" end
  shift
  end=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.2
  done
}

# Like wait_for, but gives up at once when the daemon has exited (a fatal error in its log), rather
# than waiting out the timeout for something that will never answer.
wait_daemon() {   # wait_daemon NAME SECONDS COMMAND...
  local name="$1" secs="$2" start end
  shift 2
  start=$(date +%s); end=$(( start + secs ))
  until "$@" >/dev/null 2>&1; do
    if ! pid_of "$name" >/dev/null && [ "$(date +%s)" -ge $(( start + 3 )) ]; then
      echo "local-cluster: $name exited" >&2; return 1
    fi
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.2
  done
}

show_logs() {
  local f
  for f in "$LOG/munged.log" "$LOG/slurmctld.log" "$LOG/slurmd.log"; do
    [ -s "$f" ] && { echo "--- last lines of $f"; tail -n 8 "$f"; } >&2
  done
  return 0
}

munge_works() { munge -n -S "$MUNGE_SOCKET" | unmunge -S "$MUNGE_SOCKET"; }
ctld_up() { client_env; timeout 5 scontrol ping | grep 'is UP' >/dev/null; }
node_ready() { case "$(node_state)" in idle|mix|mixed|alloc|allocated) return 0;; *) return 1;; esac; }

cmd_start() {
  [ -z "$(missing_binaries)" ] || die "Slurm is not installed (missing: $(missing_binaries)); run: $0 install" 3
  [ "$(id -u)" -eq 0 ] || die "starting the private cluster needs root (slurmd runs jobs as their user)" 3
  if pid_of slurmctld >/dev/null && pid_of slurmd >/dev/null && pid_of munged >/dev/null && node_ready; then
    say "already running: node $(hostname -s) is $(node_state) (SLURM_CONF=$CONF)"
    return 0
  fi
  # Half-running (a daemon died, or a start was interrupted): begin again from nothing.
  cmd_stop --quiet
  refuse_beside_real_cluster

  local host t0 f
  host="$(hostname -s)"
  t0="$(date +%s.%N)"
  # Logs of this start only, so that a failure shows its own cause (and job ids, which begin at 1
  # again, are not mixed up with a previous start's); the previous start's are kept as *.prev.
  mkdir -p "$BASE" "$RUN" "$LOG" "$BASE/spool"
  for f in "$LOG"/*.log "$LOG/jobcomp.txt"; do [ -e "$f" ] && mv -f "$f" "$f.prev"; done
  chmod 0755 "$BASE"
  # A fresh state directory on every start: no jobs or node states from an earlier run.
  rm -rf "$BASE/state"; mkdir -p "$BASE/state"
  write_conf "$host"

  # munged: our own key, socket and pid file, so a system munged (if any) is left alone. It checks
  # that no directory on these paths is writable by others without the sticky bit.
  mkdir -p "$MUNGE_DIR"; chmod 0755 "$MUNGE_DIR"
  if [ ! -s "$MUNGE_KEY" ]; then
    mungekey --create --keyfile="$MUNGE_KEY.tmp" --force 2>/dev/null \
      || dd if=/dev/urandom of="$MUNGE_KEY.tmp" bs=1024 count=1 status=none
    chmod 0600 "$MUNGE_KEY.tmp"; mv "$MUNGE_KEY.tmp" "$MUNGE_KEY"
  fi
  munged --socket="$MUNGE_SOCKET" --key-file="$MUNGE_KEY" --pid-file="$RUN/munged.pid" \
    --log-file="$LOG/munged.log" --seed-file="$MUNGE_DIR/munged.seed" 2>>"$LOG/munged.log" 9>&- \
    || { show_logs; die "munged did not start" 1; }
  wait_for 10 munge_works || { show_logs; cmd_stop --quiet; die "munged runs but does not answer on $MUNGE_SOCKET" 1; }

  # slurmctld and slurmd daemonise themselves and write their pid files. No daemon keeps fd 9 (the
  # lock), or the lock would outlive this script. SLURM_CONF and
  # CORRSIM_SLURM_DIR stay in their environment, which every slurmstepd inherits: stop uses that
  # to find a step left over from a killed slurmd, and jobs see which cluster they are on.
  export CORRSIM_SLURM_DIR="$BASE"
  client_env
  slurmctld -f "$CONF" 2>>"$LOG/slurmctld.log" 9>&- || { show_logs; cmd_stop --quiet; die "slurmctld did not start" 1; }
  wait_daemon slurmctld "$TIMEOUT" ctld_up || { show_logs; cmd_stop --quiet; die "slurmctld did not come up (waited at most ${TIMEOUT}s; port $CTLD_PORT taken? set CORRSIM_SLURM_CTLD_PORT); see the logs above" 1; }
  slurmd -f "$CONF" -N "$host" 2>>"$LOG/slurmd.log" 9>&- || { show_logs; cmd_stop --quiet; die "slurmd did not start" 1; }
  if ! wait_daemon slurmd "$TIMEOUT" node_ready; then
    local st; st="$(node_state)"
    show_logs
    client_env; timeout 5 scontrol show node "$host" 2>/dev/null | grep -E 'State=|Reason=' >&2 || true
    cmd_stop --quiet
    die "node $host did not become idle within ${TIMEOUT}s (state: ${st:-unknown}); see the logs above" 1
  fi
  say "up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: node $host $(node_state), partition $PARTITION; export SLURM_CONF=$CONF"
}

# slurmstepd processes (the per-job supervisors) started by our slurmd, which outlive a slurmd that
# was killed. slurmstepd overwrites its environment with its title, so it is known as ours by its
# working folder or open files, which lie under $BASE (slurmd's log and spool folders). No grep -q
# in these pipelines: under pipefail its early exit fails the writer with SIGPIPE.
our_stepds() {
  local pid
  for pid in $(pgrep -x slurmstepd 2>/dev/null || true); do
    alive "$pid" || continue
    { readlink "/proc/$pid/cwd"; find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 -exec readlink {} +; } 2>/dev/null \
      | grep "^$BASE/" >/dev/null && echo "$pid"
  done
  return 0
}

descendants() {   # descendants PID: its children, their children, ... (deepest last)
  local kid
  for kid in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$kid"
    descendants "$kid"
  done
}

stop_pid() {   # stop_pid PID: TERM, up to 10 s, then KILL
  local pid="$1" _
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
  local quiet="${1:-}" pid any=0 d kid _
  if pid_of slurmctld >/dev/null; then
    # Cancel our jobs first, so their steps end through Slurm rather than being orphaned.
    client_env
    timeout 10 scancel --quiet --partition="$PARTITION" 2>/dev/null || true
    for _ in $(seq 50); do
      [ -z "$(timeout 5 squeue -h -t R,CG,PD 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  for d in slurmd slurmctld; do
    if pid="$(pid_of "$d")"; then stop_pid "$pid"; any=1; fi
  done
  # A step left without its slurmd: end the job's processes (its descendants), then the step
  # (which ignores SIGTERM).
  for pid in $(our_stepds); do
    for kid in $(descendants "$pid"); do kill -KILL "$kid" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true; any=1
  done
  if pid="$(pid_of munged)"; then stop_pid "$pid"; any=1; fi
  rm -f "$RUN"/*.pid
  [ -n "$quiet" ] && return 0
  if [ "$any" = 1 ]; then say "stopped"; else say "not running"; fi
}

cmd_status() {
  local d pid rc=0
  if [ -n "$(missing_binaries)" ]; then say "not installed (missing: $(missing_binaries))"; return 3; fi
  for d in munged slurmctld slurmd; do
    if pid="$(pid_of "$d")"; then say "$d running (pid $pid)"; else say "$d not running"; rc=3; fi
  done
  if [ "$rc" = 0 ]; then
    client_env
    say "SLURM_CONF=$CONF"
    timeout 5 sinfo -N -o '%N %T %c %m %P' || rc=3
    node_ready || rc=3
  fi
  return "$rc"
}

cmd_env() {
  echo "export SLURM_CONF=$CONF"
}

# start and stop hold a lock, so that two tests (or a test and a person) starting the cluster at the
# same moment do not both write the config and launch daemons.
locked() {
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock -w "$(( TIMEOUT + 30 ))" 9 || die "another local-cluster.sh holds $BASE/.lock" 1
  "$@"
}

case "${1:-}" in
  install) cmd_install ;;
  installed) [ -z "$(missing_binaries)" ] || die "Slurm is not installed (missing: $(missing_binaries))" 3 ;;
  start) locked cmd_start ;;
  stop) locked cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 install|installed|start|status|stop|env" >&2; exit 2 ;;
esac
