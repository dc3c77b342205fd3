#!/usr/bin/env bash
# Run by screenshots.sh: the Chinese Word procedure of the import tests beside its imported page: LibreOffice prints the
# original to PDF, Chromium shows the imported page; both in one picture.
set -euo pipefail
root=$1; out=$2; qmark=$3
work=$(mktemp -d)
python3 "$root/Tests/Fixtures/word/make_word.py" "$work/words" >/dev/null
mkdir -p "$work/manual" && printf 'title: 质量管理体系文件\nlanguage: zh-CN\n' > "$work/manual/site.yml"
"$qmark" import --into "$work/manual/procedures" "$work/words/文件控制程序.docx" >/dev/null
"$qmark" build --source "$work/manual" --output "$work/site" --templates "$root/templates" --no-history >/dev/null 2>&1
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work/pdf" "$work/words/文件控制程序.docx" >/dev/null 2>&1
pdftoppm -r 80 -png "$work/pdf/文件控制程序.pdf" "$work/pdf/page"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --window-size=900,2300 \
  --screenshot="$work/imported.png" "file://$work/site/docs/XZTC-CX-08-2022.html" 2>/dev/null
pages=$(ls "$work"/pdf/page-*.png | sort | sed 's|.*|<img src="file://&">|' | tr -d '\n')
cat > "$work/side.html" <<HTML
<!doctype html><meta charset="utf-8"><style>body{margin:0;display:flex;gap:16px;background:#888;align-items:flex-start;font:14px sans-serif}
.col{display:flex;flex-direction:column;gap:8px}.col img{width:660px;box-shadow:0 0 6px #0006;background:#fff}
h2{color:#fff;margin:8px}</style>
<div class="col"><h2>Word (LibreOffice print)</h2>$pages</div>
<div class="col"><h2>qmark import → site</h2><img src="file://$work/imported.png" style="width:900px"></div>
HTML
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --window-size=1600,2600 \
  --allow-file-access-from-files --screenshot="$out" "file://$work/side.html" 2>/dev/null
rm -rf "$work"
echo "$out"
