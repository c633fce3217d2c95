#!/usr/bin/env bash
# Builds the image p2p-conformance/reference-bpp:local (the reference BPP, `p2p-conformance mock bpp`)
# from this checkout, for `run --sut-image`. No image registry can be reached, so there is no base
# image: this assembles a root filesystem (the host's node binary and the shared libraries it links,
# the built dist/, the guide's messages, the node_modules the BPP needs at run time, a BPP key set)
# and `docker import`s it as one layer (one layer matters with the vfs storage driver, which copies
# every layer in full).
#
#   docker/build-reference-bpp.sh [image]      (default p2p-conformance/reference-bpp:local)
#
# Runs `npm run build` first (unless P2PC_SKIP_BUILD=1), and needs node_modules and a docker
# daemon (DOCKER_HOST; .ci/start-dockerd starts one). The BPP's key set is generated here and baked
# into the image (it is the reference BPP's own test key, no one's secret); its subscriber id and
# public key are image labels, which is what `run --sut-id --sut-key` needs:
#   docker image inspect -f '{{ index .Config.Labels "p2pc.signing-public-key" }}' <image>
# In the container the BPP listens on 127.0.0.1 at P2PC_SUT_PORT (the port of `run --target`, 7303
# without it) and looks keys up at P2PC_REGISTRY_URL; `run --sut-image` sets both (host network).
set -euo pipefail
cd "$(dirname "$0")/.."

image="${1:-p2p-conformance/reference-bpp:local}"
subscriber_id="bpp.reference.p2p-conformance.local"
node_bin="$(command -v node)"
# What the BPP imports from node_modules (mocks/, protocol/, schemas/, fixtures/).
runtime_packages=(fastify ajv ajv-formats decimal.js @faker-js/faker secure-json-parse)

# A fresh build, so the image never holds a stale dist/ (P2PC_SKIP_BUILD=1 when the caller just built it).
if [ "${P2PC_SKIP_BUILD:-}" != 1 ] || [ ! -f dist/cli/main.js ]; then
  npm run build >&2
fi

root="$(mktemp -d "${TMPDIR:-/tmp}/reference-bpp.XXXXXX")"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/local/bin" "$root/app/fixtures/guide" "$root/tmp"
chmod 0755 "$root"
chmod 1777 "$root/tmp"

# node and every shared library it links (ldd prints "name => /path (addr)" or "/path (addr)").
cp -L "$node_bin" "$root/usr/local/bin/node"
ldd "$node_bin" | grep -oE '/[^ ]+' | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

# The built command, the guide's messages it reads at run time, and the runtime packages.
cp -R dist package.json "$root/app/"
find "$root/app/dist" \( -name '*.test.*' -o -name '*.d.ts' \) -delete
cp fixtures/guide/*.json "$root/app/fixtures/guide/"
node docker/reference-bpp/runtime-packages.mjs "${runtime_packages[@]}" | while read -r pkg; do
  # sorted, so a package comes before the ones nested in it, which its copy already holds
  mkdir -p "$root/app/$(dirname "$pkg")"
  [ -e "$root/app/$pkg" ] || cp -R "$pkg" "$root/app/$pkg"
done

# The BPP's key set: it signs with it, so its public key is known before it starts.
"$node_bin" dist/cli/main.js keys generate --out "$root/app/bpp.keys.json" >/dev/null
chmod 0644 "$root/app/bpp.keys.json"
public_key="$("$node_bin" -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).signing_public_key)' "$root/app/bpp.keys.json")"

previous="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
tar -C "$root" -c . | docker import \
  --change 'WORKDIR /app' \
  --change 'ENV NODE_ENV=production P2PC_BPP_KEY_FILE=/app/bpp.keys.json' \
  --change "LABEL p2pc.subscriber-id=$subscriber_id p2pc.signing-public-key=$public_key" \
  --change 'ENTRYPOINT ["/usr/local/bin/node", "/app/dist/cli/main.js"]' \
  --change 'CMD ["mock", "bpp", "--host", "127.0.0.1"]' \
  - "$image" >/dev/null
# The image this one replaces, untagged now: removed, since vfs keeps every image in full.
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $image: $subscriber_id $public_key"
