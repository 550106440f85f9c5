#!/usr/bin/env bash
# Quickstart (the README's main job): install fio if missing, build perfgate, run two nights of nightly-perf on localhost fio: a baseline, then a candidate compared with it (HTML report).
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
if [ -e "$OUT" ]; then
  say "$OUT/ holds an earlier quickstart; moving it to $OUT.$(date +%Y%m%d_%H%M%S) (results are never overwritten)"
  mv "$OUT" "$OUT.$(date +%Y%m%d_%H%M%S)"
fi
mkdir -p "$OUT/fio-target"

# Short real fio runs: 2 s per sample, 3 samples, reads and random writes of 4 KiB and 64 KiB blocks on a 64 MiB file.
# O_DIRECT (pbench's default direct=1) is used when the folder's filesystem supports it (tmpfs and some overlays do not).
if dd if=/dev/zero of="$OUT/fio-target/.direct-probe" bs=4096 count=1 oflag=direct status=none 2>/dev/null; then DIRECT=1; else DIRECT=0; fi
rm -f "$OUT/fio-target/.direct-probe"
TEST=$(node -e 'const [dir, direct] = process.argv.slice(1); console.log("fio:" + JSON.stringify({ "test-types": "read,randwrite", "block-sizes": "4,64", runtime: 2, ramptime: 0, samples: 3, "file-size": 64, iodepth: 8, direct: Number(direct), targets: dir }))' "$PWD/$OUT/fio-target" "$DIRECT")

# The nightly job (docs/nightly.md): the first night of a history is its baseline; every later night is compared with
# the baseline and the good nights since, and a regression or a suspect check is re-run once and decided on the pooled
# evidence before the job goes red.
say "night 1: the baseline run"
node dist/bin/nightly-perf.js --history "$OUT/history" -- --metadata build=baseline -- "$TEST"
say "night 2: the candidate run, compared with the baseline"
set +e
node dist/bin/nightly-perf.js --history "$OUT/history" ${QUICKSTART_TOLERANCE:+-t "$QUICKSTART_TOLERANCE"} \
  --html "$OUT/report.html" --xunit "$OUT/result.xml" --json "$OUT/report.json" -- --metadata build=candidate -- "$TEST"
rc=$?
set -e
rm -rf "$OUT/fio-target"
node dist/bin/nightly-perf.js --history "$OUT/history" --list
say "nightly-perf exit code $rc (0 no regression, 2 regression, 3 nothing compared)"
say "runs: $OUT/history/runs/; report: $OUT/report.html"
