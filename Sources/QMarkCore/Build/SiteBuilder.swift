import Foundation

/// Render and Write: a resolved manual becomes a site, swapped into place only when complete.
public enum SiteBuilder {
    public struct Report: Sendable {
        public var pages: Int
        public var seconds: Double
    }

    /// Builds the site of a manual that has no errors. On any failure the previous site is untouched.
    /// - Parameter cache: what the last build left beside the output (history pages' keys, versions read from git); nil: none read or written.
    public static func build(_ manual: Manual, source: URL, output: URL, templates: URL, lock: BuildLock? = nil, cache: BuildCache? = nil,
                             timings: StageTimings? = nil) async throws -> Report {
        let start = Date()
        let renderer = try await SiteRenderer(manual: manual, templates: templates)
        let writer = try AtomicSiteWriter(output: output, lock: lock)
        do {
            // The data files do not depend on the pages: they are encoded while the pages render,
            // and a failed render cancels them.
            async let data = dataFiles(manual)
            let (pages, manifest) = try await renderer.render(into: writer, previous: BuildManifest.read(from: cache), templates: templates)
            timings?.record("render+write pages", since: start)
            let rest = Date()
            let files = try await data
            for file in files { try writer.write(file.data, to: file.path) }
            timings?.record("json", since: rest)
            let swap = Date()
            defer { timings?.record("assets+swap", since: swap) }
            if let repository = manual.history.repository, !manual.assetBlobs.isEmpty {
                let blobs = manual.assetBlobs.filter { manual.publishedAssets.contains($0.key) }
                let contents = try await repository.blobs(Array(Set(blobs.values)))
                for (asset, blob) in blobs {
                    try writer.write(contents[blob] ?? Data(), to: "files/" + asset)
                }
            } else {
                for asset in manual.assets where manual.publishedAssets.contains(asset) {
                    try writer.copy(from: source.appendingPathComponent(asset), to: "files/" + asset)
                }
            }
            try copyStaticFiles(from: templates, into: writer)
            // What the cache says of the last build's pages is forgotten before its site is replaced, and
            // written anew after: killed in between, the next build finds no record rather than a wrong one.
            cache?.forgetBuild()
            cache?.remove(BuildManifest.fileName)
            try writer.commit()
            if let cache {
                cache.write(BuildManifest.fileName, manifest.text)
                if manual.history.repository != nil, manual.history.cacheIsStale {
                    cache.write(HistoryCache.fileName, HistoryCache.text(manual.history.scans))
                }
            }
            return Report(pages: pages, seconds: Date().timeIntervalSince(start))
        } catch {
            writer.discard()
            throw error
        }
    }

    /// `api/manual.json`, `api/coverage.json` and the exports (CSV, workbook); given up once the build is cancelled.
    static func dataFiles(_ manual: Manual) async throws -> [(path: String, data: Data)] {
        try Task.checkCancellation()
        return try APIDocuments.Values(manual).files()
    }

    /// The stylesheet, scripts and images beside the templates go to `assets/`.
    static func copyStaticFiles(from templates: URL, into sink: SiteSink) throws {
        for file in try staticFiles(in: templates) {
            try sink.copy(from: templates.appendingPathComponent(file), to: "assets/" + file)
        }
    }

    /// The files of the templates folder a site carries as they are: all but templates and notes.
    static func staticFiles(in templates: URL) throws -> [String] {
        try FileIO.disk.listFiles(templates).filter { !$0.hasSuffix(".mustache") && !$0.lowercased().hasSuffix(".md") }
    }
}
