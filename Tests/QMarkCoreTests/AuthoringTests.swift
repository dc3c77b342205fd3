import Foundation
import Testing
@testable import QMarkCore

/// `qmark init`, `qmark new` and `qmark adopt`: starting a manual, and bringing the one you have.
@Suite struct AuthoringTests {
    @Test(arguments: ["zh-CN", "en"])
    func initThenBuildWorksWithoutAWarning(language: String) throws {
        let fixture = try FixtureManual([:])
        try FileManager.default.removeItem(at: fixture.manual)
        let created = try fixture.run("init", "manual", "--language", language)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("manual/procedures/QP-01.md"))
        #expect(created.stdout.contains("next:"))
        let check = try fixture.run("check")
        #expect(check.status == 0)
        #expect(!check.stderr.contains("warning:"), "\(check.stderr)")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let procedure = try fixture.page("docs/QP-01.html")
        #expect(procedure.contains("<table class=\"qm-table\">"))
        #expect(procedure.contains("href=\"../docs/QM-01.html\""))
        // A second init into the same folder writes nothing.
        let again = try fixture.run("init", "manual")
        #expect(again.status == 1)
        #expect(again.stderr.contains("is not empty"))
    }

    @Test func newDocumentLandsBesideItsKindAndRefusesAnIdInUse() throws {
        let fixture = try FixtureManual([
            "sop/QP-01.md": doc("QP-01"),
            "sop/QP-02.md": doc("QP-02"),
            "wi/WI-01.md": doc("WI-01", type: "instruction"),
        ])
        let made = try fixture.run("new", "procedure", "QP-03", "纠正措施程序")
        #expect(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOf: fixture.manual.appendingPathComponent("sop/QP-03.md"), encoding: .utf8)
        #expect(text.contains("id: QP-03\ntitle: 纠正措施程序\ntype: procedure\nrevision: A\nstatus: draft\n"))
        #expect(text.contains("\neffective:        # 本版本生效日期：批准时填写"), "a draft's effective date is left for its approval")
        #expect(!text.contains("effective: \(DayDate.today())"))
        #expect(text.contains("# 纠正措施程序"))
        #expect(text.contains("owner: QA\napprover: GM\n"))
        let check = try fixture.run("check")
        #expect(check.status == 0)
        #expect(check.stderr.contains("sop/QP-03.md:1: warning: procedure maps no clause"))
        let taken = try fixture.run("new", "form", "QP-01", "Another")
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("id QP-01 is already used by sop/QP-01.md"))
        #expect(try fixture.run("new", "memo", "X-1", "T").status == 2)
        #expect(try fixture.run("new", "form", "bad id", "T").status == 1)
        let form = try fixture.run("new", "form", "FM-01", "检查表: 年度")
        #expect(form.status == 0)
        #expect(try String(contentsOf: fixture.manual.appendingPathComponent("forms/FM-01.md"), encoding: .utf8).contains("title: \"检查表: 年度\""))
        #expect(try fixture.run("check").status == 0)
    }

    @Test func adoptAddsFrontMatterOnlyAndASecondRunChangesNothing() throws {
        let fixture = try FixtureManual([:])
        let vigilance = "# Vigilance\n\nAccording to SOP-CAPA, report incidents.\n\n| Step | Who |\n|---|---|\n| Report | QA<br>RA |\n"
        let capa = "\u{FEFF}# Corrective and Preventive Action\r\n\r\nSee SOP-Vigilance.\r\n"
        try fixture.write("sops/SOP Vigilance.md", vigilance)
        try fixture.write("sops/SOP-CAPA.md", capa)
        try fixture.write("forms/audit checklist.md", "- [ ] Scope\n- [x] Plan\n")
        try fixture.write("文件控制程序.md", "# 文件控制程序\n\n见《记录控制程序》。\n")
        try fixture.write("README.md", "Not a document.\n")
        try fixture.write("done.md", "---\nid: QP-09\ntitle: Done\n---\nBody.\n")

        let dry = try fixture.run("adopt", "manual", "--dry-run")
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would add id SOP-Vigilance, title “Vigilance” (from the first heading), type procedure"))
        #expect(try String(contentsOf: fixture.manual.appendingPathComponent("sops/SOP Vigilance.md"), encoding: .utf8) == vigilance)

        let adopted = try fixture.run("adopt", "manual")
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("type form (from the name (checklist))"))
        #expect(adopted.stdout.contains("id DOC-01, title “文件控制程序”"))
        #expect(adopted.stdout.contains("1 file already had front-matter"))
        let read = { (path: String) in try Data(contentsOf: fixture.manual.appendingPathComponent(path)) }
        #expect(String(decoding: try read("sops/SOP Vigilance.md"), as: UTF8.self)
                == "---\nid: SOP-Vigilance\ntitle: Vigilance\ntype: procedure\nstatus: draft\n---\n" + vigilance)
        // Byte-order mark first, then front-matter in the file's own line ends, then the original bytes.
        #expect(try read("sops/SOP-CAPA.md") == Data("\u{FEFF}---\r\nid: SOP-CAPA\r\ntitle: Corrective and Preventive Action\r\ntype: procedure\r\nstatus: draft\r\n---\r\n".utf8)
                + Data(capa.utf8).dropFirst(3))
        #expect(String(decoding: try read("README.md"), as: UTF8.self) == "Not a document.\n")

        let snapshot = try ["sops/SOP Vigilance.md", "sops/SOP-CAPA.md", "forms/audit checklist.md", "文件控制程序.md"].map(read)
        let second = try fixture.run("adopt", "manual")
        #expect(second.stdout.contains("nothing to adopt"))
        #expect(try ["sops/SOP Vigilance.md", "sops/SOP-CAPA.md", "forms/audit checklist.md", "文件控制程序.md"].map(read) == snapshot)

        let built = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(try fixture.page("docs/SOP-Vigilance.html").contains("According to <a class=\"qm-mention\" href=\"../docs/SOP-CAPA.html\">SOP-CAPA</a>"))
        #expect(try fixture.page("docs/SOP-Vigilance.html").contains("<td>QA<br />RA</td>"))
    }

    @Test func typesAreGuessedFromNamesInBothLanguages() {
        #expect(Adoption.guessType(path: "WI-04.md", stem: "WI-04").0 == .instruction)
        #expect(Adoption.guessType(path: "x/不合格品处理单.md", stem: "不合格品处理单").0 == .form)
        #expect(Adoption.guessType(path: "记录控制程序.md", stem: "记录控制程序").0 == .procedure)
        #expect(Adoption.guessType(path: "Quality Manual.md", stem: "Quality Manual").0 == .manual)
        #expect(Adoption.guessType(path: "policies/ethics.md", stem: "ethics").0 == .policy)
        #expect(Adoption.idFromName("SOP Vigilance (v2)") == "SOP-Vigilance-v2")
        #expect(Adoption.idFromName("文件控制") == "")
    }
}
