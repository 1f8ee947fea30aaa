#!/usr/bin/env bash
# Generated files under src/gen/ must not be edited by hand: change proto/ and run `npm run gen`.
#
# Regenerates the TypeScript types for every .proto file under proto/ with proto-loader-gen-types
# (from @grpc/proto-loader). Usage: scripts/gen-proto.sh [OUT_DIR]   (default: src/gen)
# The options must match src/proto/load.ts.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out="${1:-src/gen}"
if [[ -z "$out" || "$out" == "/" || "$out" == "." ]]; then
  echo "gen-proto: refusing to use output directory '$out'" >&2
  exit 1
fi

gen="$root/node_modules/.bin/proto-loader-gen-types"
if [[ ! -x "$gen" ]]; then
  echo "gen-proto: $gen not found; run npm ci first" >&2
  exit 1
fi

# Proto files relative to proto/ (so imports and the generated "Original file" headers are stable),
# in a fixed order.
mapfile -t protos < <(cd proto && find . -name '*.proto' -type f | sed 's|^\./||' | LC_ALL=C sort)
if [[ ${#protos[@]} -eq 0 ]]; then
  echo "gen-proto: no .proto files under proto/" >&2
  exit 1
fi

# Start from an empty directory so types of deleted messages do not linger.
rm -rf "$out"
mkdir -p "$out"

"$gen" \
  --grpcLib=@grpc/grpc-js \
  --longs=Number \
  --enums=String \
  --defaults \
  --oneofs \
  --keepCase=false \
  --includeDirs=proto \
  --outDir="$out" \
  "${protos[@]}"
