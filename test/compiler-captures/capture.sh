#!/bin/sh
# Re-captures the real compiler output used by test/unit/compilerParse.test.ts.
# Run from anywhere: sh test/compiler-captures/capture.sh  (needs go on PATH)
# Each NAME.m2.txt is the go command's stderr; NAME.meta.json records how it was made.
# Every build writes a new -o file: when the -o target is already up to date, the go command does
# nothing and prints nothing (the product always uses a fresh temporary directory).
set -u
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../testdata/compiler/fixture"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gov=$(go version)

meta() { # name cwd exit command overlay-json
  printf '{"go":"%s","cwd":"%s","exitCode":%s,"command":"%s","overlayFiles":%s}\n' "$gov" "$2" "$3" "$4" "$5" > "$here/$1.meta.json"
}

cd "$fx/esc" && go build -o "$tmp/out1" "-gcflags=-e -m=2" . 2> "$here/esc.m2.txt"; meta esc test/testdata/compiler/fixture/esc $? "go build -o TMP/out '-gcflags=-e -m=2' ." '{}'
cd "$fx/esc" && go test -c -o "$tmp/pkg.test" "-gcflags=-e -m=2" . 2> "$here/esc.test.m2.txt"; meta esc.test test/testdata/compiler/fixture/esc $? "go test -c -o TMP/pkg.test '-gcflags=-e -m=2' ." '{}'
cd "$fx/esc/inner" && go build -o "$tmp/out2" "-gcflags=-e -m=2" . 2> "$here/inner.m2.txt"; meta inner test/testdata/compiler/fixture/esc/inner $? "go build -o TMP/out '-gcflags=-e -m=2' ." '{}'
cd "$fx/collide" && go build -o "$tmp/out3" "-gcflags=-e -m=2" . 2> "$here/collide.m2.txt"; meta collide test/testdata/compiler/fixture/collide $? "go build -o TMP/out '-gcflags=-e -m=2' ." '{}'
cd "$fx/gen" && go build -o "$tmp/out4" "-gcflags=-e -m=2" . 2> "$here/gen.m2.txt"; meta gen test/testdata/compiler/fixture/gen $? "go build -o TMP/out '-gcflags=-e -m=2' ." '{}'

# The -json=0,DIR basename collision: collide/type.go and GOROOT's sync/atomic/type.go share type.json.
mkdir -p "$tmp/json" && cd "$fx/collide" && go build -o "$tmp/out5" "-gcflags=-json=0,$tmp/json" . \
  && cp "$tmp/json/example.com%2Ffixture%2Fcollide/type.json" "$here/collide.json-type.json" \
  && ls "$tmp/json/example.com%2Ffixture%2Fcollide/" > "$here/collide.json-files.txt"

# A failed build through an overlay: the go command names the replacement file in the errors.
mkdir -p "$tmp/ovl"
cat > "$tmp/ovl/ov0-esc.go" <<'GO'
package esc

// Ünïcode before the error column: größe is undefined.
func Broken() int { s := "héllo"; return len(s) + größe }

func Unused() { x := 1 }
GO
printf '{"Replace":{"%s":"%s"}}' "$fx/esc/esc.go" "$tmp/ovl/ov0-esc.go" > "$tmp/ovl/overlay.json"
cd "$fx/esc" && PWD="$fx/esc" go build -o "$tmp/out6" -overlay="$tmp/ovl/overlay.json" "-gcflags=-e -m=2" . 2> "$here/failure.m2.txt"
meta failure test/testdata/compiler/fixture/esc $? "go build -o TMP/out -overlay=TMP/ovl/overlay.json '-gcflags=-e -m=2' ." "{\"$tmp/ovl/ov0-esc.go\":\"test/testdata/compiler/fixture/esc/esc.go\"}"
cp "$tmp/ovl/ov0-esc.go" "$here/failure.overlay.go.txt"

# A standard-library package compiled in its own directory (./ paths, ../ paths of other std packages).
cd "$(go env GOROOT)/src/bufio" && go build -o "$tmp/out7" "-gcflags=-e -m=2" . 2> "$here/bufio.m2.txt"; meta bufio GOROOT/src/bufio $? "go build -o TMP/out '-gcflags=-e -m=2' ." '{}'
# The same package named from another directory.
cd "$fx" && go build -o "$tmp/out8" "-gcflags=-e -m=2" bufio 2> "$here/bufio-elsewhere.m2.txt"; meta bufio-elsewhere test/testdata/compiler/fixture $? "go build -o TMP/out '-gcflags=-e -m=2' bufio" '{}'

# The build-cache replay trap: the go command caches the compiler output *after* shortening paths
# against the cwd of the build that filled the cache, and replays it verbatim. Built first from the
# module root, then (same flags, same content, cache hit) from the package directory:
cd "$fx" && go build -o "$tmp/out9" -gcflags=-m=2 ./esc 2> /dev/null
cd "$fx/esc" && go build -o "$tmp/out10" -gcflags=-m=2 . 2> "$here/esc.replayed.m2.txt"; meta esc.replayed test/testdata/compiler/fixture/esc $? "(after a build from the module root) go build -o TMP/out -gcflags=-m=2 ." '{}'

# What text mode loses: the json log's `copy` entries (CopyBig moves 256 bytes). Kept for the record.
mkdir -p "$tmp/json2" && cd "$fx/esc" && go build -o "$tmp/out11" "-gcflags=-json=0,$tmp/json2" . \
  && cp "$tmp/json2/example.com%2Ffixture%2Fesc/esc.json" "$here/esc.json-esc.json"
