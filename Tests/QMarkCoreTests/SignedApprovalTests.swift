import Foundation
import Testing
@testable import QMarkCore

/// Approvals signed in git with SSH keys and verified against the allowed-signers file named in
/// `site.yml`: signed, unsigned (trailer), declared, and each way a signature fails.
@Suite struct SignedApprovalTests {
    static func doc(_ id: String, approver: String = "总经理") -> String {
        "---\nid: \(id)\ntitle: \(id) procedure\ntype: procedure\nrevision: A\nstatus: approved\neffective: 2026-01-05\nowner: 质量部\napprover: \(approver)\nchange: 首次发布\nclauses: [7.5]\n---\nText of \(id).\n"
    }

    /// A key pair for signing; its public line for the allowed-signers file.
    static func key(_ name: String, in folder: URL) throws -> (private: String, public: String) {
        let path = folder.appendingPathComponent(name).path
        let made = try QMarkBinary.runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        return (path, line)
    }

    static func manual() throws -> GitFixture {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: zh-CN\nallowed_signers: signers/allowed_signers\n"])
        let keys = repo.root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let gm = try key("gm", in: keys), stranger = try key("stranger", in: keys), qa = try key("qa", in: keys)
        try repo.fixture.write("signers/allowed_signers", "gm@example.com \(gm.public)\nqa@example.com \(qa.public)\n")
        try repo.commit("Allowed signers")
        func signed(_ message: String, _ files: [String: String], key: String) throws {
            for (path, text) in files { try repo.fixture.write(path, text) }
            try repo.git(["add", "-A"])
            try repo.git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "commit", "-q", "-S", "-m", message],
                         environment: ["GIT_AUTHOR_DATE": "2026-01-10T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-01-10T10:00:00+08:00"])
        }
        try signed("QP-01 A\n\nApproved-by: 总经理 <gm@example.com>", ["QP-01.md": doc("QP-01")], key: gm.private)
        try repo.commit("QP-02 A\n\nApproved-by: 总经理 <gm@example.com>", ["QP-02.md": doc("QP-02")])
        try signed("QP-03 A\n\nApproved-by: 总经理 <gm@example.com>", ["QP-03.md": doc("QP-03")], key: stranger.private)
        try signed("QP-04 A\n\nApproved-by: 总经理 <gm@example.com>", ["QP-04.md": doc("QP-04")], key: qa.private)
        try repo.commit("QP-05 A", ["QP-05.md": doc("QP-05")])
        // A signed approval whose message was changed afterwards (the signature no longer matches).
        try signed("QP-06 A\n\nApproved-by: 总经理 <gm@example.com>", ["QP-06.md": doc("QP-06")], key: gm.private)
        let object = String(decoding: try repo.git("cat-file", "commit", "HEAD"), as: UTF8.self).replacingOccurrences(of: "QP-06 A", with: "QP-06 A (amended)")
        let temporary = repo.root.appendingPathComponent("forged")
        try object.write(to: temporary, atomically: true, encoding: .utf8)
        let forged = String(decoding: try repo.git("hash-object", "-t", "commit", "-w", temporary.path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-ref", "HEAD", forged)
        try FileManager.default.removeItem(at: temporary)
        return repo
    }

    @Test func eachApprovalSaysWhatEvidencesIt() async throws {
        let repo = try Self.manual()
        let manual = try await repo.resolve()
        let evidence = { (id: String) in manual[id: id]?.facts.revisions.last?.evidence }
        #expect(evidence("QP-01") == .signed(signer: "gm@example.com"))
        #expect(evidence("QP-02") == .trailer)
        #expect(evidence("QP-03") == .keyNotAllowed)
        #expect(evidence("QP-04") == .signerMismatch(signer: "qa@example.com"))
        #expect(evidence("QP-05") == .declared)
        #expect(evidence("QP-06") == .badSignature)
        // Each failure is a warning on the document, at its revision line.
        let warnings = manual.diagnostics.filter { $0.code == "approval-signature" }.map(\.file).sorted()
        #expect(warnings == ["QP-03.md", "QP-04.md", "QP-06.md"], "\(manual.diagnostics)")

        let result = try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try repo.fixture.json("api/manual.json") as? [String: Any]
        var approvals: [String: String] = [:]
        for document in json?["documents"] as? [[String: Any]] ?? [] {
            approvals[document["id"] as? String ?? ""] = ((document["history"] as? [[String: Any]])?.last?["approval"] as? String) ?? "null"
        }
        #expect(approvals == ["QP-01": "signed", "QP-02": "trailer", "QP-03": "key-not-allowed", "QP-04": "signer-mismatch",
                              "QP-05": "declared", "QP-06": "bad-signature"])
        // The revision record says which, plainly.
        #expect(try repo.fixture.page("docs/QP-01.html").contains("✓ 已签名并验证"))
        #expect(try repo.fixture.page("docs/QP-03.html").contains("签名密钥不在授权签名人文件中：不能作为批准证据"))
        #expect(try repo.fixture.page("docs/QP-06.html").contains("签名验证失败：不能作为批准证据"))
        #expect(try repo.fixture.page("docs/QP-02.html").contains("✓ Approved-by"))

        // With --require-signed-approvals, every revision in force but QP-01's is an error.
        let check = try repo.run("check", "--require-signed-approvals", "--today", "2026-06-01")
        #expect(check.status == 1)
        let errors = check.stderr.split(separator: "\n").filter { $0.contains("error:") }
        #expect(errors.count == 5, "\(check.stderr)")
        #expect(!check.stderr.contains("QP-01.md:5: error"))
        #expect(check.stderr.contains("QP-02.md:5: error: revision A is in force without a verified signature: its approving commit"))
    }

    @Test func aMissingAllowedSignersFileIsAnErrorOfSiteYML() async throws {
        let repo = try GitFixture(["site.yml": "title: T\nallowed_signers: signers/missing\n"])
        try repo.commit("QP-01", ["QP-01.md": Self.doc("QP-01")])
        let manual = try await repo.resolve()
        #expect(manual.diagnostics.contains { $0.file == "site.yml" && $0.line == 2 && $0.severity == .error && $0.message.contains("names no file") })
    }
}
