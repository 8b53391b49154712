"""Mutants of the contract: six operators applied where Vyper's own parser finds their targets.

| operator | edit |
|---|---|
| rounding | `self.mulUp(` <-> `self.mulDown(`; `self.divUp(a, d)` -> `(a // d)`; `a // d` -> `self.divUp(a, d)`; `self.sqrtUp(x)` -> `isqrt(x)` |
| boundary | `<` <-> `<=`, `>` <-> `>=` |
| constant | an integer literal or constant expression N -> N + 1 and N - 1 (N > 0) |
| min-max | `min(` <-> `max(` |
| dropped-check | `if COND:` whose body only reverts -> `if False:`; a `self.require...(...)` statement -> `pass` |
| sign | `+` <-> `-` (binary); unary `-x` -> `x` |

Mutants are listed deterministically, by source position, and numbered
M0001.. in that order. A sample (`sample`) takes the operators in turn, so
every operator gets an equal share.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

OPERATORS = ("rounding", "boundary", "constant", "min-max", "dropped-check", "sign")


@dataclass(frozen=True)
class Mutant:
    id: str  # M0001..: position in the full, ordered list
    operator: str
    function: str  # enclosing function, or "constant NAME"
    line: int  # 1-based
    column: int  # 0-based, of the replaced span
    start: int  # absolute offsets of the replaced span
    end: int
    original: str
    replacement: str
    line_text: str  # the original line, stripped: with the column, the stable key

    def key(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "function": self.function,
            "line_text": self.line_text,
            "column": self.column,
            "original": self.original,
            "replacement": self.replacement,
        }

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]

    def describe(self) -> str:
        return (
            f"{self.id} line {self.line} ({self.function}) {self.operator}: `{self.original}` -> `{self.replacement}`"
        )


class SourceMap:
    """Absolute offsets of (line, column) positions in the contract's text."""

    def __init__(self, source: str):
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column

    def span(self, node: Any) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def text(self, node: Any) -> str:
        start, end = self.span(node)
        return self.source[start:end]

    def line_of(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo]


def _is_self_call(node: Any, names: set[str] | None = None, prefix: str | None = None) -> bool:
    import vyper.ast as vy_ast

    if not isinstance(node, vy_ast.Call) or not isinstance(node.func, vy_ast.Attribute):
        return False
    if not isinstance(node.func.value, vy_ast.Name) or node.func.value.id != "self":
        return False
    attr = node.func.attr
    return (names is not None and attr in names) or (prefix is not None and attr.startswith(prefix))


def _reverts(statement: Any) -> bool:
    """A statement that only reverts: raw_revert(...) or self.raiseX(...)."""
    import vyper.ast as vy_ast

    if not isinstance(statement, vy_ast.Expr) or not isinstance(statement.value, vy_ast.Call):
        return False
    call = statement.value
    if isinstance(call.func, vy_ast.Name) and call.func.id == "raw_revert":
        return True
    return _is_self_call(call, prefix="raise")


def _inside_annotation(node: Any) -> bool:
    """Whether node is part of a type (an annotation, a return type): changing it is not a mutation of behaviour."""
    import vyper.ast as vy_ast

    child, parent = node, node.get_ancestor()
    while parent is not None:
        if (
            isinstance(parent, (vy_ast.AnnAssign, vy_ast.VariableDecl, vy_ast.arg))
            and getattr(parent, "annotation", None) is child
        ):
            return True
        if isinstance(parent, vy_ast.FunctionDef) and getattr(parent, "returns", None) is child:
            return True
        if (
            isinstance(parent, vy_ast.Call)
            and isinstance(parent.func, vy_ast.Name)
            and parent.func.id in ("empty", "convert")
            and child is not parent.args[0]
        ):
            return True
        child, parent = parent, parent.get_ancestor()
    return False


def _context(node: Any) -> str:
    import vyper.ast as vy_ast

    function = node.get_ancestor(vy_ast.FunctionDef)
    if function is not None:
        return function.name
    declaration = node.get_ancestor(vy_ast.VariableDecl)
    if declaration is not None:
        return f"constant {declaration.target.id}"
    return "<module>"


def enumerate_mutants(source: str) -> list[Mutant]:
    """Every mutant of the operators, in source order; raises on a parse error."""
    import vyper.ast as vy_ast

    module = vy_ast.parse_to_ast(source)
    smap = SourceMap(source)
    edits: list[tuple[int, int, str, str, Any]] = []  # (start, end, operator, replacement, node)

    def add(start: int, end: int, operator: str, replacement: str, node: Any) -> None:
        edits.append((start, end, operator, replacement, node))

    def in_scope(node: Any) -> bool:
        if node.get_ancestor(vy_ast.FunctionDef) is not None:
            return True
        declaration = node.get_ancestor(vy_ast.VariableDecl)
        return declaration is not None and declaration.is_constant

    def operator_token(left: Any, right: Any, tokens: tuple[str, ...]) -> tuple[int, int, str] | None:
        """The operator between two operands: its span and text (ignores parentheses around them)."""
        gap_start, gap_end = smap.span(left)[1], smap.span(right)[0]
        gap = source[gap_start:gap_end]
        if "#" in gap:
            return None
        for token in tokens:  # longest first
            index = gap.find(token)
            if index >= 0:
                return gap_start + index, gap_start + index + len(token), token
        return None

    # rounding
    for call in module.get_descendants(vy_ast.Call):
        if not in_scope(call):
            continue
        if _is_self_call(call, {"mulUp", "mulDown"}):
            start, end = smap.span(call.func)
            swapped = "self.mulDown" if call.func.attr == "mulUp" else "self.mulUp"
            add(start, end, "rounding", swapped, call)
        elif _is_self_call(call, {"divUp"}) and len(call.args) == 2:
            start, end = smap.span(call)
            add(start, end, "rounding", f"({smap.text(call.args[0])} // {smap.text(call.args[1])})", call)
        elif _is_self_call(call, {"sqrtUp"}) and len(call.args) == 1:
            start, end = smap.span(call)
            add(start, end, "rounding", f"isqrt({smap.text(call.args[0])})", call)
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and isinstance(binop.op, vy_ast.FloorDiv):
            function = binop.get_ancestor(vy_ast.FunctionDef)
            if function is not None and function.name in ("mulDown", "mulUp", "divUp"):
                continue  # divUp is built from //: it cannot call itself
            start, end = smap.span(binop)
            add(start, end, "rounding", f"self.divUp({smap.text(binop.left)}, {smap.text(binop.right)})", binop)

    # boundary
    flips = {vy_ast.Lt: "<=", vy_ast.LtE: "<", vy_ast.Gt: ">=", vy_ast.GtE: ">"}
    for compare in module.get_descendants(vy_ast.Compare):
        if not in_scope(compare) or type(compare.op) not in flips:
            continue
        token = operator_token(compare.left, compare.right, ("<=", ">=", "<", ">"))
        if token:
            add(token[0], token[1], "boundary", flips[type(compare.op)], compare)

    # constant: whole constant expressions, else integer literals
    covered: list[tuple[int, int]] = []

    def numeric_expression(node: Any) -> bool:
        if isinstance(node, vy_ast.Int):
            return True
        return (
            isinstance(node, vy_ast.BinOp)
            and isinstance(node.op, (vy_ast.Pow, vy_ast.Mult))
            and numeric_expression(node.left)
            and numeric_expression(node.right)
        )

    def off_by_one(node: Any) -> None:
        start, end = smap.span(node)
        covered.append((start, end))
        text = smap.text(node)
        if isinstance(node, vy_ast.Int):
            value = node.value
            add(start, end, "constant", str(value + 1), node)
            if value > 0:
                add(start, end, "constant", str(value - 1), node)
        else:
            add(start, end, "constant", f"{text} + 1", node)
            add(start, end, "constant", f"{text} - 1", node)

    for declaration in module.get_descendants(vy_ast.VariableDecl):
        if not declaration.is_constant:
            continue
        value = declaration.value
        elements = value.elements if isinstance(value, vy_ast.List) else [value]
        for element in elements:
            if numeric_expression(element):
                off_by_one(element)
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and not _inside_annotation(binop) and numeric_expression(binop):
            start, end = smap.span(binop)
            if not any(s <= start and end <= e for s, e in covered):
                off_by_one(binop)
    for literal in module.get_descendants(vy_ast.Int):
        if not in_scope(literal) or _inside_annotation(literal):
            continue
        start, end = smap.span(literal)
        if not any(s <= start and end <= e for s, e in covered):
            off_by_one(literal)

    # min-max
    for call in module.get_descendants(vy_ast.Call):
        if in_scope(call) and isinstance(call.func, vy_ast.Name) and call.func.id in ("min", "max"):
            start, end = smap.span(call.func)
            add(start, end, "min-max", "max" if call.func.id == "min" else "min", call)

    # dropped-check
    for statement in module.get_descendants(vy_ast.If):
        if in_scope(statement) and not statement.orelse and statement.body and all(_reverts(s) for s in statement.body):
            start, end = smap.span(statement.test)
            add(start, end, "dropped-check", "False", statement)
    for statement in module.get_descendants(vy_ast.Expr):
        if in_scope(statement) and _is_self_call(statement.value, prefix="require"):
            start, end = smap.span(statement)
            add(start, end, "dropped-check", "pass", statement)

    # sign
    for binop in module.get_descendants(vy_ast.BinOp):
        if in_scope(binop) and isinstance(binop.op, (vy_ast.Add, vy_ast.Sub)) and not numeric_expression(binop):
            token = operator_token(binop.left, binop.right, ("+", "-"))
            if token:
                add(token[0], token[1], "sign", "-" if token[2] == "+" else "+", binop)
    for unary in module.get_descendants(vy_ast.UnaryOp):
        if in_scope(unary) and isinstance(unary.op, vy_ast.USub):
            start, end = smap.span(unary)
            operand_start = smap.span(unary.operand)[0]
            add(start, end, "sign", source[operand_start:end], unary)

    mutants: list[Mutant] = []
    seen: set[tuple[int, int, str]] = set()
    for start, end, operator, replacement, node in sorted(
        edits, key=lambda e: (e[0], e[1], OPERATORS.index(e[2]), e[3])
    ):
        original = source[start:end]
        if original == replacement or (start, end, replacement) in seen:
            continue
        seen.add((start, end, replacement))
        line, column = smap.line_of(start)
        mutants.append(
            Mutant(
                id="",
                operator=operator,
                function=_context(node),
                line=line,
                column=column,
                start=start,
                end=end,
                original=original,
                replacement=replacement,
                line_text=source[smap.line_starts[line - 1] :].split("\n", 1)[0].strip(),
            )
        )
    return [Mutant(**{**asdict(m), "id": f"M{i + 1:04d}"}) for i, m in enumerate(mutants)]


def sample(mutants: list[Mutant], limit: int, seed: int) -> list[Mutant]:
    """Up to limit mutants: operators in turn, each operator's mutants in a seeded random order."""
    if limit <= 0 or limit >= len(mutants):
        return list(mutants)
    rng = random.Random(seed)
    queues: dict[str, list[Mutant]] = {}
    for operator in OPERATORS:
        queue = [m for m in mutants if m.operator == operator]
        rng.shuffle(queue)
        queues[operator] = queue
    chosen: list[Mutant] = []
    while len(chosen) < limit:
        for operator in OPERATORS:
            if queues[operator] and len(chosen) < limit:
                chosen.append(queues[operator].pop())
    return sorted(chosen, key=lambda m: m.id)
