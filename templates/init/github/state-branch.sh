#!/usr/bin/env bash
# Keeps Broadsheet's store (state/broadsheet.db) on a dedicated git branch between
# workflow runs, so a run that fails half-way still records what it sent.
#
#   state-branch.sh restore [DIR]   check the branch out into DIR (default: state),
#                                   or start an empty orphan branch there
#   state-branch.sh save [DIR]      replace the branch with one commit of DIR's files
#
# Environment: STATE_BRANCH (default broadsheet-state), STATE_REMOTE (default origin).
# Run `save` in a step with `if: always()`.
#
# The branch is always exactly one commit: each save replaces it instead of adding to
# its history, so the repository does not grow by a copy of the store every run (a
# 20 MB store sent weekly would add about a gigabyte a year). The replaced commits
# become unreachable and the host's garbage collection drops them. The push is forced,
# but only over the commit this job restored (--force-with-lease): the workflow's
# concurrency group makes this job the only writer, and should anything else have
# moved the branch meanwhile, the push is refused rather than losing that state.
set -euo pipefail

action="${1:?usage: state-branch.sh restore|save [DIR]}"
dir="${2:-state}"
branch="${STATE_BRANCH:-broadsheet-state}"
remote="${STATE_REMOTE:-origin}"

# The commit restore found (empty: the branch did not exist), kept in the state
# checkout's own git folder: what save's lease expects the branch still to be.
restored_file() { echo "$(git -C "$dir" rev-parse --absolute-git-dir)/broadsheet-restored"; }

case "$action" in
  restore)
    if [ -e "$dir/.git" ]; then
      echo "state-branch: $dir is already a checkout" >&2
      exit 0
    fi
    # A worktree shares the main checkout's remote and credentials.
    if git ls-remote --exit-code --heads "$remote" "$branch" >/dev/null 2>&1; then
      git fetch --quiet --no-tags --depth=1 "$remote" "refs/heads/$branch"
      git worktree add --quiet --detach "$dir" FETCH_HEAD
      git -C "$dir" rev-parse HEAD > "$(restored_file)"
      echo "state-branch: restored $branch into $dir ($(git -C "$dir" rev-parse --short HEAD))"
    else
      git worktree add --quiet --detach "$dir"
      git -C "$dir" checkout --quiet --orphan "broadsheet-state-new"
      git -C "$dir" rm -rf --quiet --cached . >/dev/null 2>&1 || true
      find "$dir" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
      : > "$(restored_file)"
      echo "state-branch: no branch $branch on $remote yet; starting an empty one in $dir"
    fi
    ;;
  save)
    if [ ! -e "$dir/.git" ]; then
      echo "state-branch: $dir is not a checkout (did restore run?); nothing saved" >&2
      exit 1
    fi
    # The database and, after a crash, its WAL journal: SQLite replays it on open.
    # The -shm index is rebuilt from them on open, so it is never kept; nor is a
    # send lock left by a killed run (its pid means nothing on the next runner).
    git -C "$dir" add -A -- . ':(exclude)*-shm' ':(exclude)*.lock'
    restored="$(cat "$(restored_file)" 2>/dev/null || true)"
    tree="$(git -C "$dir" write-tree)"
    if [ -n "$restored" ] && [ "$(git -C "$dir" rev-parse "$restored^{tree}")" = "$tree" ]; then
      echo "state-branch: no change to save"
      exit 0
    fi
    # A new root commit: no parent, so the branch never holds an older store.
    commit="$(git -C "$dir" \
      -c user.name="${GIT_AUTHOR_NAME:-broadsheet[bot]}" \
      -c user.email="${GIT_AUTHOR_EMAIL:-broadsheet@users.noreply.github.com}" \
      commit-tree "$tree" -m "Broadsheet state after run ${GITHUB_RUN_ID:-local} (${GITHUB_JOB:-manual}, $(date -u +%Y-%m-%dT%H:%M:%SZ))")"
    git -C "$dir" push --quiet --force-with-lease="refs/heads/$branch:$restored" "$remote" "$commit:refs/heads/$branch"
    git -C "$dir" update-ref HEAD "$commit"
    echo "$commit" > "$(restored_file)"
    if [ -n "$restored" ]; then replaced="replacing ${restored:0:7}"; else replaced="a new branch"; fi
    echo "state-branch: saved $dir to $branch ($(git -C "$dir" rev-parse --short HEAD), $replaced)"
    ;;
  *)
    echo "usage: state-branch.sh restore|save [DIR]" >&2
    exit 2
    ;;
esac
