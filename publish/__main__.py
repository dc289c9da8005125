from publish import interrupt

interrupt.install()  # before the heavy imports, so an early SIGTERM is handled too

from publish.cli import main  # noqa: E402

raise SystemExit(main())
