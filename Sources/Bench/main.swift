// `swift run -c release bench [--json] [--compare]`: see BenchCommand.swift.
BenchCommand.main()
