import ArgumentParser
import Foundation

// Usage errors exit 2 (CONTRACT §2); ArgumentParser's own default would be 64.
do {
    var command = try QMarkCommand.parseAsRoot()
    if let qmarkCommand = command as? QMarkSubcommand {
        try await qmarkCommand.execute()
    } else {
        try command.run()
    }
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = QMarkCommand.exitCode(for: error)
    if code == .success {
        QMarkCommand.exit(withError: error)
    }
    let message = QMarkCommand.fullMessage(for: error)
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Foundation.exit(code == .validationFailure ? 2 : 1)
}
