import ArgumentParser

/// Options of the commands that serve HTTP (`serve`, `run`).
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Listen on this port instead of server.listen's (0 picks a free one).")
    var port: Int?
}
