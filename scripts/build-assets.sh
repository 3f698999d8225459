#!/usr/bin/env bash
# Copy GOV.UK Frontend's built dist into app/static/assets (served at /assets).
#
# govuk-frontend.min.css refers to its fonts and images by absolute URL
# (url(/assets/fonts/...), url(/assets/images/...)), so the layout here is
# the one the CSS expects once app/static/assets is served under /assets:
#
#   app/static/assets/govuk-frontend.min.css   (+ .map)
#   app/static/assets/govuk-frontend.min.js    (+ .map)  -- an ES module
#   app/static/assets/fonts/*.woff2, *.woff
#   app/static/assets/images/*                 (favicon, crest, icons)
#   app/static/assets/manifest.json            (icon paths relative: images/...)
#
# The folder is generated (gitignored): rebuilt from node_modules every run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/node_modules/govuk-frontend/dist/govuk"
dest="$root/app/static/assets"

if [ ! -f "$src/govuk-frontend.min.css" ]; then
    echo "build-assets: $src/govuk-frontend.min.css not found; run 'npm ci' first" >&2
    exit 1
fi

tmp="$(mktemp -d "$root/app/static/.assets.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cp "$src"/govuk-frontend.min.css "$src"/govuk-frontend.min.css.map "$tmp"/
cp "$src"/govuk-frontend.min.js "$src"/govuk-frontend.min.js.map "$tmp"/
cp -R "$src"/assets/fonts "$tmp"/fonts
cp -R "$src"/assets/images "$tmp"/images
cp "$src"/assets/manifest.json "$tmp"/manifest.json

# Every url(/assets/...) in the CSS must resolve to a file we ship.
missing=0
while IFS= read -r url; do
    rel="${url#/assets/}"
    if [ ! -f "$tmp/$rel" ]; then
        echo "build-assets: CSS refers to $url but $rel is not in the build" >&2
        missing=1
    fi
done < <(grep -o 'url([^)]*)' "$tmp/govuk-frontend.min.css" \
            | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']\$//" \
            | grep '^/assets/' | sort -u)
[ "$missing" -eq 0 ]

version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/node_modules/govuk-frontend/package.json" | head -n1)"
printf '%s\n' "$version" > "$tmp/VERSION"

rm -rf "$dest"
mv "$tmp" "$dest"
chmod 755 "$dest"
trap - EXIT
echo "build-assets: govuk-frontend $version -> app/static/assets"
