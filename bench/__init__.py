"""Benchmarks: the performance suite (python -m bench.run) and the engine/GUI measurement scripts."""
