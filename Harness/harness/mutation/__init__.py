"""Mutation testing of Contracts/MarginEngine.vy (and, for the probes, of its governance extension
Contracts/MarginGovernance.vy): mutants, stages, report, and the probes that kill the gaps."""
