#!/bin/sh
# Every built-in policy against the Norway baseline in one paired run (common random numbers), and
# the table of docs/policies.md made from its comparison.json (issue 15 part 5).
#
#   scripts/policies.sh                 # -n 4, seed 1, one worker (what docs/policies.md shows)
#   N=20 SEED=1 J=2 scripts/policies.sh # more replications, both cores
#   scripts/policies.sh --table-only    # only remake docs/policies.md from the last run's comparison.json
#
# Writes outputs/policies/ (comparison.json, comparison.csv, report.html, one folder per scenario)
# and docs/policies.md. The policies are every scenario in scenarios/ but the baseline and the
# projection (admission bands, not a policy).
set -eu
cd "$(dirname "$0")/.."
N="${N:-4}"
SEED="${SEED:-1}"
J="${J:-1}"
OUT="${OUT:-outputs/policies}"
DOC="${DOC:-docs/policies.md}"
POLICIES="early-parole-2027 education-expansion em-expansion housing-guarantee more-open-places staff-cuts us-style-sentencing"

if [ "${1:-}" != "--table-only" ]; then
  npm run --silent build
  started=$(date +%s)
  # shellcheck disable=SC2086
  nice -n 10 node dist/src/cli/main.js compare norway-baseline $POLICIES -n "$N" -s "$SEED" -j "$J" -o "$OUT"
  echo "compare took $(( $(date +%s) - started )) s wall"
fi
node scripts/policies-table.mjs "$OUT/comparison.json" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src scenarios || echo '+changes')" > "$DOC.tmp"
mv "$DOC.tmp" "$DOC"
echo "wrote $DOC"
