#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/setup, run on a copy of itself in a scratch tree with stand-ins for dpkg-query,
# apt-get, sudo, id and make on a PATH holding nothing else: root installs without sudo,
# others through sudo, apt-get update comes first, nothing is installed or rebuilt twice,
# and without root or sudo it stops naming what is missing.
. "$AURELIS_SRCDIR/tests/lib.sh"

tree="$TMPROOT/tree"
bin="$TMPROOT/bin"
CALLS="$TMPROOT/calls"
export CALLS
mkdir -p "$tree/scripts" "$bin"
cp "$AURELIS_SRCDIR/scripts/setup" "$tree/scripts/setup"
touch "$tree/configure.ac"
# autogen.sh makes a configure that writes a Makefile; both note that they ran.
cat >"$tree/autogen.sh" <<'EOF'
#!/bin/sh
echo "autogen" >>"$CALLS"
printf '#!/bin/sh\necho "configure $*" >>"$CALLS"\necho "all:" >Makefile\n' >configure
chmod +x configure
mkdir -p build-aux && touch build-aux/tap-driver.sh
EOF
chmod +x "$tree/autogen.sh"

# Stand-ins.  STUB_UID is what `id -u` says; a package counts as installed when
# STUB_INSTALLED is "all"; STUB_APT_FAIL makes apt-get fail.
cat >"$bin/dpkg-query" <<'EOF'
#!/bin/sh
[ "${STUB_INSTALLED:-}" = all ] || exit 1
echo "install ok installed"
EOF
cat >"$bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} uid=$STUB_UID" >>"$CALLS"
[ -z "${STUB_APT_FAIL:-}" ]
EOF
cat >"$bin/sudo.stub" <<'EOF'
#!/bin/sh
echo "sudo $1" >>"$CALLS"
STUB_UID=0 exec "$@"
EOF
cat >"$bin/id" <<'EOF'
#!/bin/sh
[ "$1" = -u ] && echo "$STUB_UID"
EOF
cat >"$bin/make" <<'EOF'
#!/bin/sh
echo "make $*" >>"$CALLS"
EOF
chmod +x "$bin"/*
for tool in sh dirname grep mkdir nproc env cat chmod touch; do
	ln -s "$(command -v "$tool")" "$bin/$tool"
done

# setup_as UID [sudo]: run the copy; $OUT/$ERR/$RC as run() sets them, $CALLED the calls.
setup_as() {
	uid=$1
	rm -f "$bin/sudo" "$CALLS"
	touch "$CALLS"
	[ "${2:-}" = sudo ] && ln -s "$bin/sudo.stub" "$bin/sudo"
	run env -i PATH="$bin" STUB_UID="$uid" CALLS="$CALLS" STUB_INSTALLED="${STUB_INSTALLED:-}" \
		STUB_APT_FAIL="${STUB_APT_FAIL:-}" sh "$tree/scripts/setup"
	CALLED=$(cat "$CALLS")
}
called_has() { # text description
	case "$CALLED" in *"$1"*) ok "$2" ;; *) not_ok "$2" "calls lack: $1" "$CALLED" ;; esac
}
called_lacks() {
	case "$CALLED" in *"$1"*) not_ok "$2" "calls have: $1" "$CALLED" ;; *) ok "$2" ;; esac
}
first_line_with() { printf '%s\n' "$CALLED" | grep -n -- "$1" | head -1 | cut -d: -f1; }

# ---- root on a bare machine ----------------------------------------------------------------
setup_as 0 sudo
check_rc 0 "as root on a bare machine"
called_has "apt-get update" "apt-get update runs"
called_has "apt-get install -y" "apt-get install runs"
check "apt-get update comes before apt-get install" test "$(first_line_with 'apt-get update')" -lt "$(first_line_with 'apt-get install')"
called_lacks "sudo" "root does not use sudo"
called_has "DEBIAN_FRONTEND=noninteractive" "apt-get never stops to ask"
for p in build-essential autoconf automake pkg-config libglib2.0-dev libsecret-1-dev \
	libcurl4-openssl-dev libcjson-dev libyaml-dev libcmark-gfm-dev libncurses-dev \
	libreadline-dev libcmocka-dev python3 tmux man-db groff-base zsh fish; do
	printf '%s\n' "$CALLED" | grep 'apt-get install' | grep -qw -- "$p" || missing_pkg="${missing_pkg:-} $p"
done
check "the install names every package build, tests and the binary need" test -z "${missing_pkg:-}"
called_has "autogen" "then autogen"
called_has "configure --enable-werror" "then configure"
called_has "make -j" "then make"
check "and the build is in build/" test -f "$tree/build/Makefile"
check_out_has "setup: built $tree/build/aurelis" "it says where the binary is"

# ---- run again: nothing installed or regenerated twice --------------------------------------
STUB_INSTALLED=all setup_as 0
check_rc 0 "a second run"
called_lacks "apt-get" "installed packages are not installed again (no apt-get at all)"
called_lacks "autogen" "autogen does not run again"
called_lacks "configure" "configure does not run again"
called_has "make -j" "make brings the build up to date"
STUB_INSTALLED=all setup_as 1000
check_rc 0 "a user without sudo, everything installed, is fine"
called_lacks "apt-get" "and needs no apt-get"

# ---- not root ------------------------------------------------------------------------------
setup_as 1000 sudo
check_rc 0 "as a user with sudo on a bare machine"
called_has "sudo env" "apt-get runs through sudo"
called_has "apt-get update -q DEBIAN_FRONTEND=noninteractive uid=0" "apt-get update runs as root through sudo"
called_has "apt-get install -y" "apt-get install runs through sudo"
check "update comes before install" test "$(first_line_with 'apt-get update')" -lt "$(first_line_with 'apt-get install')"
setup_as 1000
check "as a user without sudo on a bare machine it fails" test "$RC" -ne 0
called_lacks "apt-get" "and runs no apt-get"
check_err_has "libcmocka-dev" "it names the missing packages"
check_err_has "not root" "and says why"

# ---- a failing apt-get stops it --------------------------------------------------------------
STUB_APT_FAIL=1 setup_as 0
check "a failing apt-get update fails setup" test "$RC" -ne 0
called_lacks "apt-get install" "nothing is installed after a failed update"
called_lacks "make" "nothing is built"

done_testing
