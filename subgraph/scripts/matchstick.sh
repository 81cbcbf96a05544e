#!/usr/bin/env bash
# Runs the Matchstick unit tests (tests/**/*.test.ts). With the Node runner installed
# (node_modules/.bin/matchstick-node) they run; without it each file is only compiled, with
# Matchstick's own compiler flags, and a compile error fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd .. && pwd)

runner=""
for candidate in node_modules/.bin/matchstick-node "$root/node_modules/.bin/matchstick-node"; do
  if [ -x "$candidate" ]; then runner=$candidate; break; fi
done
if [ -n "$runner" ]; then
  echo "matchstick: running tests with $runner"
  exec "$runner" "$@"
fi

echo "matchstick: matchstick-node is not installed; compiling the tests only (they do not run)"
mkdir -p tests/.bin
status=0
count=0
while IFS= read -r -d '' file; do
  name=$(basename "$file" .test.ts)
  count=$((count + 1))
  if "$root/node_modules/.bin/asc" "$file" "$root/node_modules/@graphprotocol/graph-ts/global/global.ts" \
      --lib "$root/node_modules" --explicitStart --exportTable --runtime stub --optimize --debug \
      --outFile "tests/.bin/$name.wasm"; then
    echo "matchstick: compiled $file"
  else
    echo "matchstick: FAILED to compile $file"
    status=1
  fi
done < <(find tests -name '*.test.ts' -not -path 'tests/.bin/*' -print0 | sort -z)
if [ "$count" -eq 0 ]; then echo "matchstick: no tests/**/*.test.ts found"; exit 1; fi
exit $status
