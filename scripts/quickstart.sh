#!/usr/bin/env bash
# Quickstart (the README's main job): install fio if missing, build perfgate, run a real localhost fio baseline and candidate, compare them with an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'quickstart: %s\n' "$*"; }

if ! command -v fio >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing fio with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fio >/dev/null
  else
    say "fio is not installed. Install it first, e.g.: sudo apt-get install fio (Debian/Ubuntu) or sudo dnf install fio (Fedora/RHEL)" >&2
    exit 69
  fi
fi
command -v node >/dev/null 2>&1 || { say "Node.js 20 is required (https://nodejs.org or: apt-get install nodejs npm)" >&2; exit 69; }

say "installing npm dependencies and building"
npm ci --no-audit --no-fund
npm run build

OUT=quickstart
if [ -e "$OUT/baseline" ] || [ -e "$OUT/candidate" ]; then
  say "$OUT/ holds an earlier quickstart; moving it to $OUT.$(date +%Y%m%d_%H%M%S) (results are never overwritten)"
  mv "$OUT" "$OUT.$(date +%Y%m%d_%H%M%S)"
fi
mkdir -p "$OUT/fio-target"

# Short real fio runs: 2 s per sample, 3 samples, reads and random writes of 4 KiB and 64 KiB blocks on a 64 MiB file.
# O_DIRECT (pbench's default direct=1) is used when the folder's filesystem supports it (tmpfs and some overlays do not).
if dd if=/dev/zero of="$OUT/fio-target/.direct-probe" bs=4096 count=1 oflag=direct status=none 2>/dev/null; then DIRECT=1; else DIRECT=0; fi
rm -f "$OUT/fio-target/.direct-probe"
TEST=$(node -e 'const [dir, direct] = process.argv.slice(1); console.log("fio:" + JSON.stringify({ "test-types": "read,randwrite", "block-sizes": "4,64", runtime: 2, ramptime: 0, samples: 3, "file-size": 64, iodepth: 8, direct: Number(direct), targets: dir }))' "$PWD/$OUT/fio-target" "$DIRECT")

say "baseline run"
node dist/bin/run-perf.js --output "$OUT/baseline" --metadata build=baseline -- "$TEST"
say "candidate run"
node dist/bin/run-perf.js --output "$OUT/candidate" --metadata build=candidate -- "$TEST"
rm -rf "$OUT/fio-target"

if [ -f dist/bin/compare-perf.js ]; then
  say "comparing candidate with baseline"
  set +e
  node dist/bin/compare-perf.js ${QUICKSTART_TOLERANCE:+-t "$QUICKSTART_TOLERANCE"} --json "$OUT/report.json" --html "$OUT/report.html" --xunit "$OUT/result.xml" -- "$OUT/baseline" "$OUT/candidate"
  rc=$?
  set -e
  if [ "$rc" = 2 ]; then
    # One candidate run cannot tell a regression from a one-off bad run (docs/compare.md, "Confirmation runs"):
    # re-run only the failed tests and decide on the pooled evidence, as a nightly job would.
    say "regression found: re-running only the failed tests to confirm (run-perf --rerun-failed, compare-perf --confirm)"
    mkdir -p "$OUT/fio-target"
    node dist/bin/run-perf.js --output "$OUT/candidate-confirm" --metadata build=candidate-confirm --rerun-failed "$OUT/report.json" -- "$TEST"
    rm -rf "$OUT/fio-target"
    set +e
    node dist/bin/compare-perf.js ${QUICKSTART_TOLERANCE:+-t "$QUICKSTART_TOLERANCE"} --confirm "$OUT/candidate-confirm" --html "$OUT/report.html" --xunit "$OUT/result.xml" -- "$OUT/baseline" "$OUT/candidate"
    rc=$?
    set -e
  fi
  say "compare-perf exit code $rc (0 no regression, 2 regression beyond tolerance, 3 nothing compared)"
  say "report: $OUT/report.html"
else
  say "compare-perf is not built in this checkout yet; results are in $OUT/baseline and $OUT/candidate"
fi
