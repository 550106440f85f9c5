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
if [ -f dist/tests/fio/index.js ]; then
  TEST='fio:{"test-types":"read,randwrite","block-sizes":"4,64","runtime":2,"ramptime":0,"samples":3,"file-size":64,"targets":"'"$PWD/$OUT/fio-target"'"}'
else
  # The fio workload is not in this build yet: measure the same disk with fio through the command workload.
  say "the fio workload is not built yet; running fio through the command workload"
  FIO_ARGV='["fio","--name=quickstart","--directory='"$PWD/$OUT/fio-target"'","--rw=randwrite","--bs=4k","--size=64m","--runtime=2","--time_based","--output-format=json"]'
  TEST='command:{"command":'"$FIO_ARGV"',"samples":3,"estimate":2,"name":"randwrite-4KiB","primary":"iops_sec","metrics":{"iops_sec":"jobs.0.write.iops","clat_ns":"jobs.0.write.clat_ns.mean"}}'
fi

say "baseline run"
node dist/cli/run-perf.js --output "$OUT/baseline" --metadata build=baseline -- "$TEST"
say "candidate run"
node dist/cli/run-perf.js --output "$OUT/candidate" --metadata build=candidate -- "$TEST"
rm -rf "$OUT/fio-target"

if [ -f dist/cli/compare-perf.js ]; then
  say "comparing candidate with baseline"
  set +e
  node dist/cli/compare-perf.js --html "$OUT/report.html" --xunit "$OUT/result.xml" -- "$OUT/baseline" "$OUT/candidate"
  rc=$?
  set -e
  say "compare-perf exit code $rc (0 no regression, 2 regression beyond tolerance, 3 nothing compared)"
  say "report: $OUT/report.html"
else
  say "compare-perf is not built in this checkout yet; results are in $OUT/baseline and $OUT/candidate"
fi
