"""Sample and synthetic data for docs, tests, benchmarks and the course."""
