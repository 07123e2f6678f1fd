/// The version `ctdna --version` and every subcommand's `--version` print.
let ctdnaVersion = "0.2.0"
