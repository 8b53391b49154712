"""Mutation testing of Contracts/MarginEngine.vy: mutants, stages, report, and the probes that kill the gaps."""
