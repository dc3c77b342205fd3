#!/usr/bin/env bash
# Screenshots of the example site with headless Chromium, for the README and for looking at
# pages as a reader does. Run after `make site`. Installs chromium with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { ${SUDO:-} apt-get update -qq && ${SUDO:-} apt-get install -y -qq chromium fonts-noto-cjk; }
# Chinese pages need a CJK font, else every character is a box.
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || { ${SUDO:-} apt-get update -qq && ${SUDO:-} apt-get install -y -qq fonts-noto-cjk; }
out=docs/screenshots
mkdir -p "$out"
shoot() { # name page width height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$3,$4" --screenshot="$out/$1.png" "file://$PWD/site/$2" 2>/dev/null
  echo "$out/$1.png"
}
shoot document        docs/QP-19.html                         1280 1400
shoot coverage-matrix standards/iso9001-2015/index.html       1280 1500
shoot home            index.html                              1280 1000
shoot register        register.html                           1280 1000
shoot obsolete        docs/QP-30.html                         1280 800
shoot document-phone  docs/QP-11.html                         390  1600
shoot matrix-phone    standards/iso9001-2015/index.html       390  1200
shoot process-map     processes.html                          1400 900
shoot turtle          docs/PR-03.html                         1280 1500
shoot turtle-phone    docs/PR-03.html                         390  1700
shoot records         records.html                            1280 800
shoot redline         revisions/QP-19.html                    1280 1300
shoot gfm-form        docs/FM-03.html                         1280 1100
shoot gfm-form-phone  docs/FM-03.html                         390  1500
shoot register-phone  "register.html?type=procedure"          390  900
shoot standards       standards.html                          1280 1300
shoot audit-programme audit/index.html                        1280 1200
shoot checklist       audit/iso9001-2015-8.5.html             1280 1500
shoot clause          standards/iso9001-2015/8.5.2.html       1280 1300
shoot transition      standards/csr-kelong-2027/transition.html 1280 1500
shoot transition-phone standards/csr-kelong-2027/transition.html 390 1700
shoot home-phone      index.html                              390  1700
shoot audit-programme-phone audit/index.html                  390  1500
shoot checklist-phone audit/iso9001-2015-8.5.html             390  1500
shoot redline-phone   revisions/QP-19.html                    390  1500
shoot clause-phone    standards/iso9001-2015/8.5.2.html       390  1500
# A document whose next revision is in review: the revision in force with the notice, and the pending one with its redline.
shoot pending-in-force        docs/WI-04.html                  1280 1100
shoot pending-in-force-phone  docs/WI-04.html                  390  1300
shoot pending-revision        pending/WI-04.html               1280 1500
shoot pending-revision-phone  pending/WI-04.html               390  1900
shoot approved-later          pending/QP-07.html               1280 1300
# Search: the query in the address; a moment of virtual time for the index scripts to load.
shoot_search() { # name query width height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --virtual-time-budget=5000 \
    --window-size="$3,$4" --screenshot="$out/$1.png" "file://$PWD/site/search.html?q=$2" 2>/dev/null
  echo "$out/$1.png"
}
shoot_search search        "%E9%A6%96%E4%BB%B6"                          1280 1100   # 首件
shoot_search search-typo   "%E7%AE%A1%E7%90%86%E5%9D%AA%E5%AE%A1"        1280 900    # 管理坪审
shoot_search search-phone  "8.5.2"                                       390  1100
# The print edition, printed to PDF; pages 1 and 4 as pictures (pdftoppm, from poppler-utils).
if command -v pdftoppm >/dev/null; then
  pdf=$(mktemp --suffix=.pdf)
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$pdf" "file://$PWD/site/print.html" 2>/dev/null
  pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$pdf" "$out/print-cover" && echo "$out/print-cover.png"
  pdftoppm -r 70 -png -f 4 -l 4 -singlefile "$pdf" "$out/print-document" && echo "$out/print-document.png"
  rm -f "$pdf"
fi
# The reader's system set to dark.
DARK="--force-dark-mode --blink-settings=preferredColorScheme=0"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 $DARK \
  --window-size=1400,900 --screenshot="$out/document-dark.png" "file://$PWD/site/docs/QP-13.html" 2>/dev/null
echo "$out/document-dark.png"
# The live preview showing an error over the page (a copy of the manual with a broken link).
preview=$(mktemp -d)
cp -r manual "$preview/manual"
port=$((20000 + RANDOM % 20000))
.build/release/qmark serve --source "$preview/manual" --templates templates --port "$port" --no-history >"$preview/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
printf '\n见 [[QP-999]]。\n' >> "$preview/manual/procedures/QP-01.md"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/__qmark/state" | grep -q '"errors":\[{' && break; sleep 0.2; done
shoot_preview() { # name page width height
  # Real time, not virtual: the page keeps its connection to the preview open, and virtual time would wait for it for ever.
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --timeout=2000 \
    --window-size="$3,$4" --screenshot="$out/$1.png" "http://127.0.0.1:$port/$2" 2>/dev/null
  echo "$out/$1.png"
}
shoot_preview serve-error       docs/QP-01.html 1200 800
shoot_preview serve-error-phone docs/QP-01.html 390  800
kill "$server"; wait "$server" 2>/dev/null || true
rm -rf "$preview"
# A Word procedure beside the page `qmark import` made of it (needs pandoc, LibreOffice and python-docx: `make test-deps`).
if command -v pandoc >/dev/null && command -v soffice >/dev/null && python3 -c "import docx" 2>/dev/null; then
  scripts/import-side-by-side.sh "$PWD" "$out/import-side-by-side.png" .build/release/qmark
fi
# Document control: the register of external documents, the read-and-understood matrix, a sign-off sheet printed to PDF.
shoot external-register       external.html                 1280 900
shoot external-register-phone external.html                 390  1400
shoot distribution-matrix     distribution.html             1280 1100
if command -v pdftoppm >/dev/null; then
  pdf=$(mktemp --suffix=.pdf)
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$pdf" "file://$PWD/site/signoff/QP-18.html" 2>/dev/null
  pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$pdf" "$out/signoff-sheet" && echo "$out/signoff-sheet.png"
  rm -f "$pdf"
fi
