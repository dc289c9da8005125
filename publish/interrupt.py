"""SIGTERM behaves like Ctrl-C: the build unwinds, staged files are removed, earlier outputs stay."""
import signal


def _raise_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def install() -> None:
    signal.signal(signal.SIGTERM, _raise_interrupt)
