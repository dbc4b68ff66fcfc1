#!/usr/bin/env bash
# Installs the system packages the real-editor tests need (idempotent; `apt-get update` at most once per call):
#   chromium                 drives code-server's workbench (playwright-core, test/e2e)
#   libkrb5-dev pkg-config   code-server's kerberos native module compiles from source
#   neovim                   test/editors (0.7 API)
#   emacs-nox elpa-eglot     test/editors (Emacs 28 + eglot, batch mode)
# The code-server install itself is done (and cached outside the clone) by test/e2e/run.js.
set -euo pipefail

wanted=(chromium libkrb5-dev pkg-config neovim emacs-nox elpa-eglot)
missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-e2e: all present (${wanted[*]})"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

echo "install-e2e: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-e2e: done"
