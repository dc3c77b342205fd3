#!/usr/bin/env python3
"""Reads a site's exports back as an auditor's tools do (openpyxl for the workbook, the csv module
for the CSV files) and prints what it found as JSON, for ExportsTests."""
import csv, io, json, sys
import openpyxl

site = sys.argv[1]
book = openpyxl.load_workbook(f"{site}/api/qmark.xlsx")
sheets = {}
for sheet in book.worksheets:
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    sheets[sheet.title] = {
        "rows": rows,
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "bold_header": all(cell.font.b for cell in sheet[1]),
        "fills": {str(sheet.cell(row=r, column=3).value): sheet.cell(row=r, column=3).fill.fgColor.rgb for r in range(2, sheet.max_row + 1)},
        # cells the workbook stores as formulas: none may be, whatever the manual's text
        "formulas": [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"],
    }
def read_csv(name):
    with open(f"{site}/api/{name}", newline="", encoding="utf-8") as f:
        raw = f.read()
    bom = raw.startswith("\ufeff")
    raw = raw.removeprefix("\ufeff")
    return {"bom": bom, "crlf": "\r\n" in raw and "\n" not in raw.replace("\r\n", ""), "rows": list(csv.reader(io.StringIO(raw)))}
print(json.dumps({"sheets": sheets, "coverage": read_csv("coverage.csv"), "register": read_csv("register.csv")}, ensure_ascii=False, default=str))
