#!/bin/sh
# comment
set -eu
name="world $USER"
for f in $(ls /tmp) a b; do
	rm -rf $f "$f"
done
cat <<EOF2 > /tmp/x
hello $name ${x:-y}
EOF2
greet() {
	case "$1" in
	a|b) echo one ;;
	*) echo `date` ;;
	esac
}
x=$((1 + $y)) echo '${no}' $'a\'b'
