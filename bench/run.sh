#!/usr/bin/env bash
# Build-speed benchmark: Broadsheet against Hugo on the same generated corpus.
#
#   bash bench/run.sh            (or: npm run bench)
#
# Environment:
#   BENCH_SIZES="4000 40000"   corpus sizes to measure
#   BENCH_NAIVE=1              also time the naive Node pipeline (bench/naive.mjs); 0 skips it
#   BROADSHEET_DIST=dist       compiled Broadsheet to measure (compiled here when stale)
#
# Needs Debian's hugo, hyperfine and time (/usr/bin/time). Corpora are cached in
# bench/.work/ (gitignored); results go to bench/.work/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/.work
RESULTS=$WORK/results
DIST=${BROADSHEET_DIST:-dist}
SIZES=${BENCH_SIZES:-"4000 40000"}
NAIVE=${BENCH_NAIVE:-1}

missing=""
command -v hugo >/dev/null || missing+=" hugo"
command -v hyperfine >/dev/null || missing+=" hyperfine"
[ -x /usr/bin/time ] || missing+=" time"
if [ -n "$missing" ]; then
  echo "bench: missing tools:$missing" >&2
  echo "Install them with: sudo apt-get install -y$missing" >&2
  exit 1
fi

# Compile Broadsheet when the compiled CLI is missing or older than any source file.
BIN=$ROOT/$DIST/src/cli/bin.js
if [ ! -f "$BIN" ] || [ -n "$(find src -name '*.ts' -newer "$BIN" -print -quit)" ]; then
  echo "Compiling Broadsheet into $DIST/ ..."
  # tsc still emits when it reports type errors; only a missing CLI stops the benchmark.
  npx tsc -p tsconfig.json --outDir "$DIST" || echo "bench: tsc reported errors; measuring what it emitted" >&2
  [ -f "$BIN" ] || { echo "bench: $BIN was not built" >&2; exit 1; }
fi

mkdir -p "$RESULTS"
# Outputs of cold runs are moved here, not deleted, and deleted after the last timed run
# (see bench/aside.sh). Same file system as the corpora, so a move is a rename.
TRASH=$WORK/trash
# Every result file of the previous run goes: a case this run fails to measure must not
# show an old figure (rss.jsonl and phases.jsonl are appended to below).
rm -f "$RESULTS"/*.json "$RESULTS"/*.jsonl
stamp=$(cat bench/generate-corpus.mjs bench/corpus-words.mjs bench/site-configs.mjs | sha256sum | cut -c1-16)

# median of numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# peak_rss SIZE NAME PREPARE COMMAND...: median of 3 runs' max RSS (KiB), appended as JSON.
peak_rss() {
  local size=$1 name=$2 prepare=$3
  shift 3
  local runs=()
  for _ in 1 2 3; do
    bash -c "$prepare"
    /usr/bin/time -f %M -o "$RESULTS/.rss" "$@" >/dev/null 2>&1
    runs+=("$(tail -n1 "$RESULTS/.rss")")
  done
  local med
  med=$(printf '%s\n' "${runs[@]}" | median)
  echo "{\"size\":$size,\"name\":\"$name\",\"kib\":$med,\"runs\":[$(IFS=,; echo "${runs[*]}")]}" >>"$RESULTS/rss.jsonl"
}

for N in $SIZES; do
  C=$WORK/c$N
  if [ "$(cat "$C/.stamp" 2>/dev/null)" != "$stamp" ]; then
    node bench/generate-corpus.mjs "$N" "$C"
    echo "$stamp" >"$C/.stamp"
  fi
  node bench/touch-article.mjs "$C" --restore
  BS=$C/broadsheet
  HUGO_OUT=$C/hugo-public
  HUGO_ALL_OUT=$C/hugo-public-all
  # Two like-for-like pairs: all three formats (RSS, Atom, JSON Feed) from both tools,
  # and RSS only from both (the issue's Hugo anchor). Same feeds, items and content.
  bs_build="node $BIN build --config $BS/broadsheet.yaml"
  bs_rss_build="node $BIN build --config $BS/broadsheet-rss.yaml"
  bs_clean="bash $ROOT/bench/aside.sh $TRASH $BS/.broadsheet-cache $BS/public $BS/public-rss"
  hugo_build="hugo --quiet -s $C/hugo -d $HUGO_OUT"
  hugo_all_build="hugo --quiet -s $C/hugo --config $C/hugo/hugo.toml,$C/hugo/hugo-all.toml -d $HUGO_ALL_OUT"
  hugo_clean="bash $ROOT/bench/aside.sh $TRASH $HUGO_OUT $HUGO_ALL_OUT $C/hugo/resources"
  touch_one="node $ROOT/bench/touch-article.mjs $C"

  # One checked build each, so a broken build fails loudly instead of being timed.
  bash -c "$bs_clean"
  for b in "$bs_build" "$bs_rss_build"; do
    if ! $b >"$RESULTS/.bs.log" 2>&1; then
      echo "bench: Broadsheet build failed on the $N-article corpus:" >&2
      cat "$RESULTS/.bs.log" >&2
      exit 1
    fi
  done
  bash -c "$hugo_clean"
  $hugo_build
  $hugo_all_build
  echo "$N articles, files written: Broadsheet $(find "$BS/public" -type f | wc -l) (all formats), $(find "$BS/public-rss" -type f | wc -l) (RSS only);" \
    "Hugo $(find "$HUGO_ALL_OUT" -type f | wc -l) (all formats), $(find "$HUGO_OUT" -type f | wc -l) (RSS only)"

  if [ "$N" -ge 20000 ]; then runs=3; else runs=5; fi
  names=(-n "broadsheet-cold" -n "hugo-all" -n "broadsheet-rss-cold" -n "hugo" -n "broadsheet-no-change" -n "broadsheet-one-change")
  cmds=("$bs_build" "$hugo_all_build" "$bs_rss_build" "$hugo_build" "$bs_build" "$bs_build")
  # Every run starts with nothing left to write back from earlier ones (see bench/aside.sh).
  preps=(--prepare "$bs_clean" --prepare "$hugo_clean" --prepare "$bs_clean" --prepare "$hugo_clean" --prepare "sync" --prepare "bash -c '$touch_one && sync'")
  if [ "$NAIVE" = 1 ]; then
    names+=(-n "naive")
    cmds+=("node $ROOT/bench/naive.mjs $BS")
    preps+=(--prepare "sync")
  fi
  # hyperfine pairs the i-th name and prepare with the i-th command. Both Broadsheet
  # configs share the folder's cache; the no-change case's warm-up run rebuilds it.
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$RESULTS/time-$N.json" \
    "${names[@]}" "${preps[@]}" "${cmds[@]}"

  echo "Peak memory (3 runs each) ..."
  peak_rss "$N" broadsheet-cold "$bs_clean" $bs_build
  peak_rss "$N" hugo-all "$hugo_clean" $hugo_all_build
  peak_rss "$N" broadsheet-rss-cold "$bs_clean" $bs_rss_build
  peak_rss "$N" hugo "$hugo_clean" $hugo_build
  $bs_build >/dev/null 2>&1
  peak_rss "$N" broadsheet-no-change "sync" $bs_build
  peak_rss "$N" broadsheet-one-change "$touch_one && sync" $bs_build
  [ "$NAIVE" = 1 ] && peak_rss "$N" naive "true" node "$ROOT/bench/naive.mjs" "$BS"
  echo "Phases of 3 cold builds (build --timings) ..."
  for _ in 1 2 3; do
    bash -c "$bs_clean"
    $bs_build --timings 2>&1 >/dev/null |
      awk -v n="$N" '/^(startup|scan|load|plan|render|write|cache) /{printf "{\"size\":%s,\"phase\":\"%s\",\"ms\":%s}\n", n, $1, $2}' >>"$RESULTS/phases.jsonl"
  done
  node bench/touch-article.mjs "$C" --restore
done

echo "Deleting the outputs moved aside ..."
rm -rf "$TRASH"
node bench/report.mjs "$RESULTS"
