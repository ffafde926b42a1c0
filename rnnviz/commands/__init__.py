"""The subcommands of `rnnviz`: each module has `run(argv) -> int`."""
