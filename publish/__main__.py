import sys

from publish import interrupt

interrupt.install()  # before the heavy imports, so an early SIGTERM is handled too

try:
    from publish.cli import main
except KeyboardInterrupt:  # stopped while the toolchain was still loading: nothing was started yet
    print("publish: interrupted; earlier outputs are unchanged", file=sys.stderr)
    raise SystemExit(130)

raise SystemExit(main())
