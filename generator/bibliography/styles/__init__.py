"""Reference styles as pybtex formatting plugins: ``ama`` (default) and ``short``."""
