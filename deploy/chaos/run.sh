#!/usr/bin/env bash
# The chaos runner (docs/chaos.md). One node process with tsx's loader (no npx in between), so that
# SIGINT/SIGTERM reach the runner itself, which stops its managers and removes its namespaces.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
loader="$(cd "$root" && node -p 'require("node:url").pathToFileURL(require.resolve("tsx")).href')"
exec node --import "$loader" "$root/deploy/chaos/runner.ts" "$@"
