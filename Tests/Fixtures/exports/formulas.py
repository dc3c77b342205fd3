#!/usr/bin/env python3
"""Opens each workbook given (LibreOffice's conversion of a CSV file, or QMark's own) as a
spreadsheet program sees it and prints, as JSON, every cell stored as a formula and the text of
every cell, for ExportsTests: a CSV cell a spreadsheet would evaluate shows up here as a formula."""
import json, sys
import openpyxl

found = {}
for path in sys.argv[1:]:
    book = openpyxl.load_workbook(path)
    formulas, texts = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                elif cell.value is not None:
                    texts.append(str(cell.value))
    found[path] = {"formulas": formulas, "texts": texts}
print(json.dumps(found, ensure_ascii=False))
