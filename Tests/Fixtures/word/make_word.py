#!/usr/bin/env python3
"""Word files made the way companies make them, for `qmark import`'s tests: written with
python-docx (and raw WordprocessingML where python-docx has no call for it), a .doc saved by
LibreOffice, and files that must be refused.

    make_word.py OUT_DIR

writes into OUT_DIR:
  文件控制程序.docx   Chinese procedure: control table in the page header, control line repeated
                      after each page break, company line, table of contents, bold numbered
                      headings (1 目的, 4.工作程序, 4.1 …), automatic list numbering, a table with
                      cells merged across and down, a simple table with two-paragraph cells, a PNG
                      and an EMF picture, a paragraph split by a page break, a text box, an
                      equation, a tracked change, a comment, page numbers in the body
  calibration.docx    English work instruction: control block in a table at the top of the body,
                      the title in Word's Title style, headings with automatic multi-level numbering
                      (Heading 1/2), a merged-cell table
  记录控制程序.doc      a Word 97–2003 file (LibreOffice), control line in the body
  not-word.docx       a ZIP that is not a Word document
  damaged.docx        bytes that are no archive
  bomb.docx           a ZIP whose document part unpacks to 300 MiB
"""
import base64, copy, os, shutil, struct, subprocess, sys, tempfile, zipfile, zlib

import docx
from docx.enum.text import WD_BREAK
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.shared import Pt

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def png(width, height, rgb):
    """A small PNG of one colour, written by hand (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def emf(folder):
    """An EMF drawing (a flow chart box), made by LibreOffice from SVG."""
    svg = os.path.join(folder, "flow.svg")
    with open(svg, "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect x="5" y="5" width="230" height="70" '
                'fill="#dde8f5" stroke="#1f4e79" stroke-width="3"/><text x="30" y="48" font-size="22">Review</text></svg>')
    profile = "file://" + os.path.join(folder, "profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "emf",
                    "--outdir", folder, svg], check=True, capture_output=True, timeout=180)
    with open(os.path.join(folder, "flow.emf"), "rb") as f:
        return f.read()


def bold(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def raw(document, xml):
    """A paragraph written as WordprocessingML, appended to the body."""
    element = parse_xml(xml)
    document.element.body.append(element)
    # Keep the section properties last.
    sect = document.element.body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
    if sect is not None:
        document.element.body.remove(sect)
        document.element.body.append(sect)


def page_break(document, control_line, page, pages):
    document.add_paragraph(f"第 {page - 1} 页 共 {pages} 页")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph(control_line)


def replace_with_emf(document, picture_paragraph, emf_bytes):
    """python-docx cannot add EMF: a PNG is added and its part made an EMF (as Word stores a pasted Visio drawing)."""
    blip = picture_paragraph._p.xpath(".//a:blip")[0]
    rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    part = document.part.related_parts[rid]
    part._blob = emf_bytes
    part.partname = PackURI("/word/media/flow-chart.emf")
    part._content_type = "image/x-emf"


def chinese(out, scratch):
    d = docx.Document()
    section = d.sections[0]
    header = section.header
    table = header.add_table(2, 4, width=section.page_width - section.left_margin - section.right_margin)
    cells = [["文件编号", "XZTC/CX-08-2022", "版本", "第3版 第0次修订"], ["生效日期", "2022年3月1日", "批准", "张伟"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    header.add_paragraph("苏州启明电器有限公司 程序文件")

    control = "程序文件 编号：XZTC/CX-08-2022 版本：第3版 第0次修订 （{}/3）"
    d.add_paragraph("苏州启明电器有限公司")
    title = bold(d, "文件控制程序")
    title.alignment = 1
    d.add_paragraph("目录")
    for number, (text, page) in enumerate([("1 目的", 1), ("2 适用范围", 1), ("3 职责", 1), ("4 工作程序", 2)], start=1):
        raw(d, f'<w:p {W}><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="_Toc10{number}"><w:r><w:t>{text}</w:t></w:r>'
               f'<w:r><w:tab/></w:r><w:r><w:t>{page}</w:t></w:r></w:hyperlink></w:p>')
    bold(d, "1 目的")
    d.add_paragraph("为对质量管理体系所要求的文件进行有效控制，确保各场所使用的文件为有效版本，特制定本程序。")
    bold(d, "2、适用范围")
    d.add_paragraph("本程序适用于本公司质量、环境和职业健康安全管理体系文件的控制，包括外来文件。")
    bold(d, "3.职责")
    for text in ["质量部负责文件的统一编号、发放、回收和归档；", "各部门负责本部门文件的编制、评审和使用；", "管理者代表负责程序文件的批准。"]:
        d.add_paragraph(text, style="List Number")
    # A tracked change and a comment.
    raw(d, f'<w:p {W}><w:r><w:t xml:space="preserve">文件发放前须经</w:t></w:r>'
           f'<w:del w:id="901" w:author="李敏" w:date="2022-02-01T00:00:00Z"><w:r><w:delText>部门经理</w:delText></w:r></w:del>'
           f'<w:ins w:id="902" w:author="李敏" w:date="2022-02-01T00:00:00Z"><w:r><w:t>质量部</w:t></w:r></w:ins>'
           f'<w:r><w:t>审核，加盖受控章后发放。</w:t></w:r></w:p>')
    paragraph = d.add_paragraph()
    run = paragraph.add_run("文件的借阅须登记。")
    d.add_comment(runs=[run], text="是否包括电子文件？", author="王建华", initials="WJH")
    d.add_paragraph("所有受控文件包括技术图纸、软")
    page_break(d, control.format(2), 2, 3)
    d.add_paragraph("件、作业指导书和记录表格均按本程序管理，外来文件由质量部登记后发放。")
    bold(d, "4.工作程序")
    bold(d, "4.1 文件的编制与审批")
    d.add_paragraph("文件由使用部门编制，按下表审批：")
    merged = d.add_table(rows=4, cols=4)
    merged.style = "Table Grid"
    rows = [["文件类别", "编制", "审核", "批准"], ["质量手册", "质量部", "管理者代表", "总经理"],
            ["程序文件", "责任部门", "质量部", "管理者代表"], ["作业指导书", "责任部门", "部门经理", "部门经理"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            merged.cell(r, c).text = text
    # 作业指导书: reviewed and approved by the same person (merged across); 编制 of 程序文件 and 作业指导书 (merged down).
    merged.cell(3, 2).merge(merged.cell(3, 3)).text = "部门经理"
    merged.cell(2, 1).merge(merged.cell(3, 1)).text = "责任部门"
    bold(d, "4.2 文件的发放与回收")
    simple = d.add_table(rows=3, cols=3)
    simple.style = "Table Grid"
    for r, row in enumerate([["记录", "保存部门", "保存期"], ["文件发放回收记录", "质量部", "3 年"], ["外来文件清单", "质量部", "长期"]]):
        for c, text in enumerate(row):
            simple.cell(r, c).text = text
    simple.cell(1, 0).add_paragraph("（含电子文件）")
    d.add_paragraph("文件发放流程见下图：")
    picture = d.add_paragraph()
    picture.add_run().add_picture(os.path.join(scratch, "stamp.png"), width=Pt(120))
    emf_paragraph = d.add_paragraph()
    emf_paragraph.add_run().add_picture(os.path.join(scratch, "chart.png"), width=Pt(160))
    replace_with_emf(d, emf_paragraph, emf(scratch))
    page_break(d, control.format(3), 3, 3)
    bold(d, "4.3 文件的评审与更改")
    raw(d, f'<w:p {W}><w:r><w:t xml:space="preserve">文件有效率 = </w:t></w:r>'
           '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:f><m:num><m:r><m:t>有效文件数</m:t></m:r></m:num>'
           '<m:den><m:r><m:t>抽查文件数</m:t></m:r></m:den></m:f></m:oMath></w:p>')
    raw(d, f'<w:p {W}><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="box1" type="#_x0000_t202" '
           'style="width:220pt;height:40pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>总经理 → 管理者代表 → 质量部</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')
    d.add_paragraph("文件每年评审一次，评审结果记入《文件评审记录》。")
    d.add_paragraph("第 3 页 共 3 页")
    d.save(os.path.join(out, "文件控制程序.docx"))


def english(out):
    d = docx.Document()
    # Headings 1 and 2 numbered automatically (1, 1.1 …), as a company template does it.
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        '</w:abstractNum>')
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, name in enumerate(["Heading 1", "Heading 2"]):
        ppr = d.styles[name].element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    control = d.add_table(rows=3, cols=4)
    control.style = "Table Grid"
    for r, row in enumerate([["Document No.", "WI-QA-007", "Revision", "B"], ["Effective date", "2023-05-10", "Approved by", "J. Smith"],
                             ["Owner", "Quality", "Page", "1 of 2"]]):
        for c, text in enumerate(row):
            control.cell(r, c).text = text
    d.add_paragraph("Calibration of gauges", style="Title")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("This instruction describes how gauges are calibrated in house\nso that measurements stay traceable.")
    d.add_heading("Procedure", level=1)
    d.add_heading("Preparation", level=2)
    d.add_paragraph("Clean the gauge and let it reach the room temperature of 20 °C.")
    d.add_heading("Calibration points", level=2)
    table = d.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([["Gauge", "Points", "Tolerance"], ["Caliper 0–150 mm", "10, 50, 100, 150 mm", "± 0.03 mm"],
                             ["Micrometer 0–25 mm", "5, 10, 15, 20, 25 mm", "± 0.004 mm"], ["Pull gauge 0–500 N", "100, 250, 500 N", "± 1%"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 2).merge(table.cell(3, 2)).text = "see the gauge's certificate"
    # A heading row across both columns over a cell merged down.
    d.add_paragraph("Responsibilities:")
    roles = d.add_table(rows=3, cols=2)
    roles.style = "Table Grid"
    roles.cell(0, 0).merge(roles.cell(0, 1)).text = "Who does what"
    roles.cell(1, 0).text = "Quality"
    roles.cell(1, 1).text = "Plans the calibrations"
    roles.cell(2, 1).text = "Keeps the certificates"
    roles.cell(1, 0).merge(roles.cell(2, 0)).text = "Quality"
    d.add_heading("Records", level=1)
    d.add_paragraph("Results are recorded on the calibration record form and kept for 3 years.")
    d.save(os.path.join(out, "calibration.docx"))


def old_word(out, scratch):
    d = docx.Document()
    d.add_paragraph("记录控制程序 编号：QP-04 版本：B 生效日期：2021-06-15 批准：李敏")
    bold(d, "1 目的")
    d.add_paragraph("对质量记录进行控制，以提供符合要求和体系有效运行的证据。")
    bold(d, "2 保存")
    d.add_paragraph("记录的保存期限按记录清单规定执行，至少保存 3 年。")
    source = os.path.join(scratch, "记录控制程序.docx")
    d.save(source)
    profile = "file://" + os.path.join(scratch, "profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "doc:MS Word 97",
                    "--outdir", out, source], check=True, capture_output=True, timeout=180)


def refused(out):
    with zipfile.ZipFile(os.path.join(out, "not-word.docx"), "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with open(os.path.join(out, "damaged.docx"), "wb") as f:
        f.write(b"PK\x03\x04" + os.urandom(512))
    with zipfile.ZipFile(os.path.join(out, "bomb.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(block)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="qmark-word-")
    try:
        with open(os.path.join(scratch, "stamp.png"), "wb") as f:
            f.write(png(120, 60, (31, 78, 121)))
        with open(os.path.join(scratch, "chart.png"), "wb") as f:
            f.write(png(80, 40, (200, 120, 30)))
        chinese(out, scratch)
        english(out)
        old_word(out, scratch)
        refused(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
