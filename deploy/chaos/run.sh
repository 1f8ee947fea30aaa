#!/usr/bin/env bash
# The chaos runner (see deploy/chaos/README.md).
exec npx tsx "$(dirname "$0")/runner.ts" "$@"
