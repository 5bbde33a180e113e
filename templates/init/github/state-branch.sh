#!/usr/bin/env bash
# Keeps Broadsheet's store (state/broadsheet.db) on a dedicated git branch between
# workflow runs, so a run that fails half-way still records what it sent.
#
#   state-branch.sh restore [DIR]   check the branch out into DIR (default: state),
#                                   or start an empty orphan branch there
#   state-branch.sh save [DIR]      commit DIR's files and push them to the branch
#
# Environment: STATE_BRANCH (default broadsheet-state), STATE_REMOTE (default origin).
# Run `save` in a step with `if: always()`. The workflow's concurrency group makes
# this the only writer, so a plain (non-force) push never races another run.
set -euo pipefail

action="${1:?usage: state-branch.sh restore|save [DIR]}"
dir="${2:-state}"
branch="${STATE_BRANCH:-broadsheet-state}"
remote="${STATE_REMOTE:-origin}"

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
      echo "state-branch: restored $branch into $dir ($(git -C "$dir" rev-parse --short HEAD))"
    else
      git worktree add --quiet --detach "$dir"
      git -C "$dir" checkout --quiet --orphan "broadsheet-state-new"
      git -C "$dir" rm -rf --quiet --cached . >/dev/null 2>&1 || true
      find "$dir" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
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
    if git -C "$dir" diff --cached --quiet && git -C "$dir" rev-parse --verify --quiet HEAD >/dev/null; then
      echo "state-branch: no change to save"
      exit 0
    fi
    git -C "$dir" \
      -c user.name="${GIT_AUTHOR_NAME:-broadsheet[bot]}" \
      -c user.email="${GIT_AUTHOR_EMAIL:-broadsheet@users.noreply.github.com}" \
      commit --quiet -m "Broadsheet state after run ${GITHUB_RUN_ID:-local} (${GITHUB_JOB:-manual}, $(date -u +%Y-%m-%dT%H:%M:%SZ))"
    git -C "$dir" push --quiet "$remote" "HEAD:refs/heads/$branch"
    echo "state-branch: saved $dir to $branch ($(git -C "$dir" rev-parse --short HEAD))"
    ;;
  *)
    echo "usage: state-branch.sh restore|save [DIR]" >&2
    exit 2
    ;;
esac
