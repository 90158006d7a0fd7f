#!/usr/bin/env bash
# Sizes of the four functions as Lambda arm64 deployment packages: release
# profile, aarch64-unknown-linux-gnu, each binary zipped alone as `bootstrap`,
# which is the package `sam build` makes through cargo-lambda.
#
#   bash functions/cli/benches/arm64-zip-sizes.sh
#
# cargo-lambda cross-links with zig; this script uses the GNU aarch64 cross
# linker instead (Debian/Ubuntu: apt-get install gcc-aarch64-linux-gnu) and
# rustup's aarch64 standard library. Same code, same profile, so the same size
# give or take the linker; but the binaries link against this machine's newer
# glibc, so deploy what `sam build` makes, not these.
set -euo pipefail
cd "$(dirname "$0")/../../.."

target=aarch64-unknown-linux-gnu
command -v aarch64-linux-gnu-gcc >/dev/null || {
  echo "needs the aarch64 cross linker: apt-get install gcc-aarch64-linux-gnu" >&2
  exit 2
}
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc

functions=(health guardduty ses-reputation env-file-access)
packages=()
for f in "${functions[@]}"; do packages+=(-p "respondby-$f"); done
cargo build --release --locked --target "$target" "${packages[@]}" --bins

out=target/lambda-arm64
rm -rf "$out"
printf '| function | arm64 binary, stripped (MiB) | bootstrap.zip (MiB) |\n|---|---|---|\n'
for f in "${functions[@]}"; do
  dir=$out/respondby-$f
  mkdir -p "$dir"
  cp "target/$target/release/respondby-$f" "$dir/bootstrap"
  (cd "$dir" && zip -q -9 bootstrap.zip bootstrap)
  bin=$(stat -c %s "$dir/bootstrap")
  zipped=$(stat -c %s "$dir/bootstrap.zip")
  awk -v f="respondby-$f" -v b="$bin" -v z="$zipped" \
    'BEGIN { printf "| %s | %.1f | %.1f |\n", f, b / 1048576, z / 1048576 }'
done
