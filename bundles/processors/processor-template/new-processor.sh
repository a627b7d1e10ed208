#!/usr/bin/env bash
# Makes a new processor module from this one, renamed:
#
#   bundles/processors/processor-template/new-processor.sh NAME
#
# creates bundles/processors/processor-NAME: artifactId processor-NAME, package
# org.snoplus.snoop.processor.NAME.internal, classes <Name>Processor and <Name>Config, component
# (processor) name NAME, configured by conf/NAME.cfg. Then:
#
#   cd bundles/processors/processor-NAME && mvn -B package     # target/processor-NAME-1.0.0.jar
set -euo pipefail

die() {
  echo "new-processor.sh: $*" >&2
  exit 1
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundles="$(dirname "$here")"
name="${1:-}"

[ $# -eq 1 ] && [ -n "$name" ] || die "usage: $0 NAME   (lower-case letters and digits, e.g. meannhit)"
# NAME is the component name, a Java package and the configuration PID (conf/NAME.cfg, where a '-'
# would make it a factory configuration): lower-case letters and digits only
[[ "$name" =~ ^[a-z][a-z0-9]*$ ]] \
  || die "'$name' is not a processor name: use lower-case letters and digits, starting with a letter"
keywords="abstract assert boolean break byte case catch char class const continue default do double else enum
  extends false final finally float for goto if implements import instanceof int interface long native new null
  package permits private protected public record return sealed short static strictfp super switch synchronized
  this throw throws transient true try var void volatile while yield"
for word in $keywords template; do
  [ "$name" != "$word" ] || die "'$name' cannot be used: it is a Java keyword or this module's own name"
done

target="$bundles/processors/processor-$name"
[ ! -e "$target" ] || die "$target already exists"

Name="$(printf '%s' "${name:0:1}" | tr '[:lower:]' '[:upper:]')${name:1}"

# the sources and the pom; not target/, this script or the README, which are about copying
mkdir -p "$target"
cp "$here/pom.xml" "$target/pom.xml"
cp -R "$here/src" "$target/src"
for java in "$target/src/main/java" "$target/src/test/java"; do
  mv "$java/org/snoplus/snoop/processor/template" "$java/org/snoplus/snoop/processor/$name"
done
find "$target/src" -name 'Template*.java' | while read -r f; do
  mv "$f" "$(dirname "$f")/$Name$(basename "$f" | sed 's/^Template//')"
done
# every 'template' in the copy is a name to change (sed without -i: the same on Linux and macOS)
find "$target" -type f \( -name '*.java' -o -name 'pom.xml' \) | while read -r f; do
  sed -e "s/template/$name/g" -e "s/Template/$Name/g" "$f" > "$f.tmp"
  mv "$f.tmp" "$f"
done

cat > "$target/README.md" <<EOF
# processor-$name

Processor \`$name\`, made from \`bundles/processors/processor-template\` (its README says how to build,
deploy, check, configure and upgrade it). Configured by \`conf/$name.cfg\`.

What it does and what its documents hold: see the Javadoc of \`${Name}Processor\`.
EOF

if grep -rqi template "$target/src" "$target/pom.xml"; then
  echo "new-processor.sh: check these lines, 'template' was left in:" >&2
  grep -rni template "$target/src" "$target/pom.xml" >&2
fi

echo "made ${target#"$(dirname "$bundles")"/}: processor '$name' (${Name}Processor, conf/$name.cfg)"
echo "next: cd ${target#"$(dirname "$bundles")"/} && mvn -B package"
