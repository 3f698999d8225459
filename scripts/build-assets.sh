#!/usr/bin/env bash
# Build the toolkit's GOV.UK Frontend into app/static/assets (served at /assets).
#
# The service is run by councils, not on GOV.UK, so GOV.UK Frontend is compiled from its
# Sass with the settings for services elsewhere (app/static/scss/application.scss): the
# system font stack instead of GDS Transport, no GOV.UK images. The precompiled
# govuk-frontend.min.css, its fonts, its crown icons and its manifest are not shipped; the
# toolkit's own icons and manifest are committed in app/static (images/, manifest.json).
#
#   app/static/assets/application.css          compiled from app/static/scss/application.scss
#   app/static/assets/govuk-frontend.min.js    (+ .map)  -- an ES module, copied
#   app/static/assets/VERSION                  govuk-frontend and sass versions (make's stamp)
#
# The folder is generated (gitignored): rebuilt from node_modules every run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/node_modules/govuk-frontend/dist/govuk"
sass="$root/node_modules/.bin/sass"
dest="$root/app/static/assets"

for need in "$src/index.scss" "$src/govuk-frontend.min.js" "$sass"; do
    if [ ! -e "$need" ]; then
        echo "build-assets: $need not found; run 'npm ci' first" >&2
        exit 1
    fi
done

tmp="$(mktemp -d "$root/app/static/.assets.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$sass" --no-source-map --style=compressed --load-path="$root/node_modules" \
    "$root/app/static/scss/application.scss" "$tmp/application.css"
cp "$src"/govuk-frontend.min.js "$src"/govuk-frontend.min.js.map "$tmp"/

# Nothing of GOV.UK's own: no GDS Transport, no font file, no image the CSS would fetch.
if grep -q 'GDS Transport' "$tmp/application.css"; then
    echo "build-assets: application.css names GDS Transport" >&2
    exit 1
fi
if grep -o 'url([^)]*)' "$tmp/application.css" | grep -v '^url(data:' | grep -q .; then
    echo "build-assets: application.css fetches files:" >&2
    grep -o 'url([^)]*)' "$tmp/application.css" | grep -v '^url(data:' | sort -u >&2
    exit 1
fi

version() { sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/node_modules/$1/package.json" | head -n1; }
govuk_version="$(version govuk-frontend)"
printf 'govuk-frontend %s\nsass %s\n' "$govuk_version" "$(version sass)" > "$tmp/VERSION"

rm -rf "$dest"
mv "$tmp" "$dest"
chmod 755 "$dest"
trap - EXIT
echo "build-assets: govuk-frontend $govuk_version (compiled, system fonts) -> app/static/assets"
