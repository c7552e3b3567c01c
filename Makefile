# Shortcuts for the README's commands and the benchmark harness.
.PHONY: test site bench fuzz attacks

test:
	bash scripts/test

site:
	bash scripts/build-site

# The peers (mkdocs-bibtex) and the browser (Playwright, for the editor's loop) first.
bench:
	.venv/bin/pip install -q -e '.[test,bench]'
	.venv/bin/python -m benchmarks $(BENCH_ARGS)

# Property tests on new random inputs (the suite itself replays a fixed seed).
fuzz:
	PEARLS_HYPOTHESIS_RANDOM=1 PEARLS_HYPOTHESIS_EXAMPLES=$${EXAMPLES:-20000} .venv/bin/python -m pytest -q tests/test_properties.py tests/test_output_properties.py

# The attack catalogue with every payload the check reports built in a site of its own (slow).
attacks:
	PEARLS_ATTACKS_ALONE=1 .venv/bin/python -m pytest -q tests/test_attack_catalogue.py tests/browser/test_attacks_browser.py
