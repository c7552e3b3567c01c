"""`python -m generator` is the same as the `pearls` command."""

from generator.cli import main

raise SystemExit(main())
