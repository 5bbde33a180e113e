#!/usr/bin/env bash
# Usage: bash bench/aside.sh TRASH_DIR PATH...
#
# Moves each PATH that exists into TRASH_DIR under a fresh name, instead of deleting it.
# A cold build is timed as if its output folder never existed: on ext4 without a
# journal (this benchmark machine's disk), creating files within a minute or more of
# deleting others in the same place makes the kernel skip each recently deleted inode
# in turn, which made creating a 4,000-article build's 666 files cost 0.3-0.5 s
# instead of ~25 ms. Both tools' outputs are moved aside; run.sh deletes TRASH_DIR
# when every timed run is done.
#
# Deleted files' unwritten pages are dropped; moved ones are still written back to the
# disk, which would then happen during the next timed runs: `sync` flushes them first.
set -euo pipefail
trash=$1
shift
mkdir -p "$trash"
for p in "$@"; do
  if [ -e "$p" ]; then mv "$p" "$trash/$(date +%s%N)-$RANDOM-$(basename "$p")"; fi
done
sync
