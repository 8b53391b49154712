"""The MarginEngine contract (Vyper 0.4.3) on py-evm through titanoboa, and on revm (pyrevm).

Modules, one concern each:

| module | concern |
|---|---|
| `paths` | where the repository keeps the contract, the Spec, the vectors, the model |
| `json_input` | strict JSON reading and validation; `BadInput` names the JSON path |
| `abi` | the selector, topic and error tables of Spec/abi.md, parsed once |
| `contract` | compiling the contract to init code |
| `chain` | the gas model and executing transactions on py-evm, each committed the same way |
| `revm_chain` | executing the same transactions on revm, the second referee |
| `evm` | choosing the EVM by name (`--evm`) |
| `trace` | trace lines (Spec/trace-format.md) and writing them |
| `trace_compare` | two EVMs' traces of one scenario, compared outside gas |
| `scenario` | reading a scenario (Spec/scenario-format.md) and running it |
| `vectors` | reading a vector case (Spec/vector-format.md) |
| `replay` | checking vector cases on the contract |
| `junit` | the JUnit XML report of a replay |
| `builder` | building scenarios by hand from function signatures (tests, probes) |
| `cli` | `run.py` |
| `mutation` | mutation testing of the contract (`mutate.py`) |
"""
