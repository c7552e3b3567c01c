# Shortcuts for the README's commands and the benchmark harness.
.PHONY: test site bench

test:
	bash scripts/test

site:
	bash scripts/build-site

bench:
	.venv/bin/python -m benchmarks $(BENCH_ARGS)
