"""One module per ``rlvr`` command group; each is mounted by ``rlvr.cli.COMMANDS``."""
