#!/usr/bin/env bash
# Makes a Nmap 7.95 oracle reproducible on Debian 12 (bookworm), whose own nmap is 7.93.
# The 7.95 files come from Debian 13 (trixie): its nmap-common package (the data files:
# nmap-os-db, nmap-service-probes, NSE scripts...) and its nmap source package, fetched
# with a private apt state (own sources list, lists, cache and empty dpkg status, all in a
# temporary directory) so the system's apt configuration, package lists and installed
# packages are never changed by a trixie line. Nothing is installed from trixie.
#
# It never touches the system's Nmap (/usr/bin/nmap, /usr/share/nmap): the oracle lives in
#   $ORACLE_DIR/nmap-7.95/share/nmap/   nmap-common 7.95's usr/share/nmap, unpacked
#   $ORACLE_DIR/nmap-7.95/bin/nmap      7.95 built from trixie's source (Debian's patches
#                                       applied) against bookworm's system libraries
#   $ORACLE_DIR/nmap-7.95/src/tree/     that build's tree, kept for its objects (54 MB)
#   $ORACLE_DIR/nmap-7.95/bin/nmap-os-match   whorl's harness tools/nmap-oracle/
#                                       os_match_harness.cc linked with Nmap's own objects
#                                       (all of them but main.o): Nmap's OS-db parser,
#                                       matcher and expr_match, without a scan
#   $ORACLE_DIR/nmap-7.95/{nmap-common,nmap,nmap-os-match}.version, build.log   where each
#                                       came from
# ORACLE_DIR is $WHORL_ORACLE_DIR, default /var/cache/whorl-oracles. It must be outside the
# repository: nothing downloaded here may ever be committed.
#
# Usage: tools/nmap-oracle.sh db|build|matcher|all|path
#   db     download and unpack nmap-common 7.95+dfsg-*; prints the data directory
#   build  build the nmap 7.95 binary (installs the bookworm -dev packages it needs with
#          the system's apt, so root then); prints the binary's path
#   matcher  build nmap-os-match from the kept build tree (building the tree first when it
#          is not there, as build does; about 6 minutes then, 3 s otherwise); prints its
#          path. It is rebuilt when os_match_harness.cc or matcher.mk (beside it) changes.
#          Interface: see the head of os_match_harness.cc;
#          e.g. nmap-os-match "$(tools/nmap-oracle.sh db)/nmap-os-db" <fingerprints
#          and nmap-os-match --expr <lines of observed TAB expression TAB 0|1
#   all    db then build; prints both
#   path   prints the data directory and the binary that are present (one a line);
#          exit status 1 if either is missing
# Only the resulting paths go to stdout; progress goes to stderr. db and build return at
# once when their result is already there, so callers can run them before every test run.
# The binary reads its data from --datadir (e.g. --datadir "$ORACLE_DIR/nmap-7.95/share/nmap");
# it is configured with that directory as its default too, so it never reads the 7.93 files.
#
# Other settings (defaults in brackets), for when the default way fails:
#   WHORL_NMAP_SUITE     [trixie] Debian suite that has nmap 7.95+dfsg-*
#   WHORL_DEBIAN_MIRROR  [http://deb.debian.org/debian]
#   WHORL_DEBIAN_KEYRING [/usr/share/keyrings/debian-archive-keyring.gpg] keyring of the suite
set -euo pipefail

readonly nmap_upstream=7.95
oracle_dir=${WHORL_ORACLE_DIR:-/var/cache/whorl-oracles}
suite=${WHORL_NMAP_SUITE:-trixie}
mirror=${WHORL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=${WHORL_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

root="$oracle_dir/nmap-$nmap_upstream"
datadir="$root/share/nmap"
bin="$root/bin/nmap"
tree="$root/src/tree"
matcher="$root/bin/nmap-os-match"
here=$(cd "$(dirname "$0")" && pwd -P)
harness_src="$here/nmap-oracle/os_match_harness.cc"
harness_mk="$here/nmap-oracle/matcher.mk"

say() { printf 'nmap-oracle: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

have_db() { [[ -s $datadir/nmap-os-db ]]; }
have_bin() {
    [[ -x $bin ]] || return 1
    local v
    v=$("$bin" --version 2>/dev/null) || return 1
    [[ $v == *"Nmap version $nmap_upstream "* ]]
}

# --- shared state, made on first need -----------------------------------------------------

work=""     # temporary directory under $oracle_dir, removed on exit
apt_types="" # which of deb / deb-src the private apt state has lists for
cleanup() { [[ -z $work ]] || rm -rf -- "$work"; }
trap cleanup EXIT

prepare() {
    [[ -n $work ]] && return 0
    local repo real
    repo=$(cd "$(dirname "$0")/.." && pwd -P)
    real=$(realpath -m -- "$oracle_dir")
    case "$real/" in "$repo"/*) die "WHORL_ORACLE_DIR ($real) is inside the repository; choose a directory outside it" ;; esac
    mkdir -p -- "$oracle_dir"
    # One builder at a time; whoever waited re-checks what is already there.
    exec 9>"$oracle_dir/.lock"
    flock 9
    work=$(mktemp -d "$oracle_dir/.work.XXXXXX")
    chmod 755 "$work" # apt downloads as _apt: it must reach the partial/ directories
}

# Private apt state for $suite: lists for the given source types ("deb", "deb-src" or both).
apt_private() {
    local want="$1" t
    local need=0
    for t in $want; do [[ " $apt_types " == *" $t "* ]] || need=1; done
    ((need)) || return 0
    apt_types="${apt_types:+$apt_types }$want"

    # Signed-By must hold the suite's archive key: bookworm's debian-archive-keyring
    # (2023.3+) ships trixie's, also as a file of its own.
    [[ -r $keyring ]] || die "keyring $keyring is missing (apt-get install debian-archive-keyring)"
    if [[ $suite == trixie && $keyring == /usr/share/keyrings/debian-archive-keyring.gpg &&
          ! -e /usr/share/keyrings/debian-archive-trixie-automatic.gpg ]]; then
        die "debian-archive-keyring has no trixie key; upgrade it (bookworm's 2023.3+deb12u1 has it) or set WHORL_DEBIAN_KEYRING"
    fi

    local a="$work/apt"
    mkdir -p "$a"/etc/apt.conf.d "$a"/etc/sources.list.d "$a"/etc/preferences.d \
             "$a"/state/lists/partial "$a"/cache/archives/partial
    : >"$a/state/status"
    : >"$a/etc/sources.list"
    for t in $apt_types; do
        printf '%s [signed-by=%s] %s %s main\n' "$t" "$keyring" "$mirror" "$suite" >>"$a/etc/sources.list"
    done
    # APT_CONFIG is read before apt.conf.d, so pointing Dir::Etc::Parts at an empty
    # directory here keeps the system's apt.conf.d (hooks, pins, docker-clean...) out.
    cat >"$a/apt.conf" <<EOF
Dir::Etc::main "/dev/null";
Dir::Etc::Parts "$a/etc/apt.conf.d";
Dir::Etc::SourceList "$a/etc/sources.list";
Dir::Etc::SourceParts "$a/etc/sources.list.d";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$a/etc/preferences.d";
Dir::State "$a/state";
Dir::State::lists "$a/state/lists";
Dir::State::status "$a/state/status";
Dir::Cache "$a/cache";
Dir::Cache::archives "$a/cache/archives";
Debug::NoLocking "1";
Acquire::Languages "none";
EOF
    say "apt-get update ($suite: $apt_types) in a private apt state"
    papt apt-get update -q >&2 ||
        die "apt-get update of $mirror $suite failed (is $mirror reachable? try WHORL_DEBIAN_MIRROR / WHORL_NMAP_SUITE)"
}

papt() { APT_CONFIG="$work/apt/apt.conf" "$@"; }

# A directory apt downloads into: as root apt fetches as _apt, which must write there.
dl_dir() {
    mkdir -p "$1"
    if ((EUID == 0)) && id _apt >/dev/null 2>&1; then chown _apt "$1"; fi
}

check_version() { # $1 what, $2 version
    [[ $2 == "$nmap_upstream"+dfsg-* ]] ||
        die "$suite has $1 '${2:-none}', not $nmap_upstream+dfsg-* (set WHORL_NMAP_SUITE / WHORL_DEBIAN_MIRROR)"
}

# --- db -----------------------------------------------------------------------------------

do_db() {
    if have_db; then echo "$datadir"; return 0; fi
    prepare
    if have_db; then echo "$datadir"; return 0; fi
    apt_private deb

    local ver
    ver=$(papt apt-cache policy nmap-common | awk '/Candidate:/ {print $2}')
    check_version nmap-common "$ver"
    dl_dir "$work/deb"
    say "downloading nmap-common $ver"
    (cd "$work/deb" && papt apt-get download -q "nmap-common=$ver" >&2)
    local deb
    deb=$(echo "$work"/deb/nmap-common_*_all.deb)
    [[ -f $deb ]] || die "apt-get download left no nmap-common .deb"
    check_version "nmap-common (in the .deb)" "$(dpkg-deb -f "$deb" Version)"

    dpkg-deb -x "$deb" "$work/x"
    [[ -s $work/x/usr/share/nmap/nmap-os-db ]] || die "$deb has no usr/share/nmap/nmap-os-db"
    mkdir -p "$root/share"
    rm -rf -- "$datadir" # a partial one from an interrupted run
    mv "$work/x/usr/share/nmap" "$datadir"
    printf 'nmap-common %s from %s %s\nsha256 %s\n' "$ver" "$mirror" "$suite" \
        "$(sha256sum "$deb" | cut -d' ' -f1)" >"$root/nmap-common.version"
    say "nmap-common $ver unpacked"
    echo "$datadir"
}

# --- build --------------------------------------------------------------------------------

# What trixie's debian/control asks for (minus GUI/Python/Java parts), from bookworm;
# not libssh2-1-dev: see --without-libssh2 below.
build_deps=(build-essential dpkg-dev xz-utils liblinear-dev liblua5.4-dev libpcre2-dev
            libpcap-dev libssl-dev zlib1g-dev)

install_build_deps() {
    local p missing=()
    for p in "${build_deps[@]}"; do
        [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    ((EUID == 0)) || die "missing build packages (${missing[*]}); run as root or install them"
    say "installing from the system's sources: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
        { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; } ||
        die "could not install ${missing[*]}"
}

# The tree is built where it stays ($tree), so nmap-os-match can link its objects later;
# .whorl-built marks a tree whose build finished (one without it is a leftover: redone).
have_tree() { [[ -f $tree/.whorl-built && -x $tree/nmap && -f $tree/osscan.o ]]; }

build_tree() {
    have_tree && return 0
    install_build_deps
    apt_private deb-src

    local ver
    ver=$(papt apt-cache showsrc --only-source nmap | awk '/^Version:/ {print $2; exit}')
    check_version "source nmap" "$ver"
    dl_dir "$work/src"
    say "downloading source nmap $ver"
    (cd "$work/src" && papt apt-get source -q --download-only "nmap=$ver" >&2)
    # Unpacks orig + debian tarballs and applies debian/patches (checksums from the .dsc,
    # whose own hashes apt checked against the signed Sources index).
    rm -rf -- "$tree"
    mkdir -p "$root/src"
    (cd "$work/src" && dpkg-source --no-copy -x "nmap_${ver#*:}.dsc" "$tree" >&2)

    local log="$root/build.log"
    say "configuring and building (make -j$(nproc) nmap) in $tree; log: $log"
    (
        cd "$tree"
        # Debian's flags (hardening=+all as debian/rules), without debug info.
        eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CFLAGS_MAINT_STRIP=-g \
                DEB_CXXFLAGS_MAINT_STRIP=-g dpkg-buildflags --export=sh)"
        # debian/rules' options, minus the tools we do not need. The dfsg tarball has no
        # bundled liblinear/liblua/libpcap/libpcre/libssh2/libz: bookworm's are linked.
        # Except libssh2: 7.95 wants libssh2_userauth_banner (libssh2 1.11), bookworm has
        # 1.10, so NSE's ssh scripts go without it (OS and version detection do not use it).
        ./configure --prefix="$root" --with-liblua=/usr --with-liblinear \
            --without-libssh2 \
            --without-zenmap --without-ndiff --without-ncat --without-nping
        make -j"$(nproc)" nmap
    ) >"$log" 2>&1 || {
        cp -f "$tree/config.log" "$root/config.log" 2>/dev/null || true
        tail -40 "$log" >&2
        die "build failed; see $log (and $root/config.log)"
    }
    printf 'nmap %s built from %s %s source\n' "$ver" "$mirror" "$suite" >"$tree/.whorl-built"
}

do_build() {
    if have_bin; then echo "$bin"; return 0; fi
    prepare
    if have_bin; then echo "$bin"; return 0; fi
    build_tree

    mkdir -p "$root/bin"
    install -m 755 "$tree/nmap" "$bin.new"
    mv "$bin.new" "$bin"
    have_bin || die "$bin does not report Nmap version $nmap_upstream"
    cp -f "$tree/.whorl-built" "$root/nmap.version"
    say "built $("$bin" --version | head -1)"
    echo "$bin"
}

# --- matcher ------------------------------------------------------------------------------

# nmap-os-match.version holds the sha256 of the harness and of matcher.mk it was built
# from: a changed harness is rebuilt.
harness_sum() { cat -- "$harness_src" "$harness_mk" | sha256sum | cut -d' ' -f1; }
have_matcher() {
    [[ -x $matcher && -f $root/nmap-os-match.version ]] || return 1
    [[ $(sed -n 's/^harness sha256 //p' "$root/nmap-os-match.version") == "$(harness_sum)" ]] || return 1
    [[ $("$matcher" --version 2>/dev/null) == *"Nmap $nmap_upstream"* ]]
}

do_matcher() {
    [[ -r $harness_src && -r $harness_mk ]] || die "$harness_src or $harness_mk is missing"
    if have_matcher; then echo "$matcher"; return 0; fi
    prepare
    if have_matcher; then echo "$matcher"; return 0; fi
    build_tree

    local log="$root/nmap-os-match.log" sum
    sum=$(harness_sum)
    mkdir -p "$root/bin"
    say "building $matcher from $harness_src and Nmap's objects; log: $log"
    # matcher.mk is read after Nmap's own Makefile: the harness is compiled with the
    # flags Nmap's objects were and linked with its $(OBJS) (every object but main.o)
    # and $(LIBS). Its object goes to the work directory, not into the tree.
    make -C "$tree" -f Makefile -f "$harness_mk" \
        WHORL_HARNESS="$harness_src" WHORL_HARNESS_OBJ="$work/os_match_harness.o" \
        WHORL_MATCHER="$matcher.new" "$matcher.new" >"$log" 2>&1 || {
        tail -40 "$log" >&2
        die "building nmap-os-match failed; see $log"
    }
    mv "$matcher.new" "$matcher"
    {
        printf 'nmap-os-match: %s (with %s) linked with the objects of\n' "$harness_src" "$harness_mk"
        cat "$tree/.whorl-built"
        printf 'harness sha256 %s\n' "$sum"
    } >"$root/nmap-os-match.version"
    have_matcher || die "$matcher does not answer --version with Nmap $nmap_upstream"
    say "built $("$matcher" --version)"
    echo "$matcher"
}

do_path() {
    local rc=0
    if have_db; then echo "$datadir"; else say "no data directory (run: $0 db)"; rc=1; fi
    if have_bin; then echo "$bin"; else say "no binary (run: $0 build)"; rc=1; fi
    return "$rc"
}

case "${1:-}" in
db) do_db ;;
build) do_build ;;
matcher) do_matcher ;;
all) do_db; do_build ;;
path) do_path ;;
*) sed -n '/^# Usage:/,/^# Other settings/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
