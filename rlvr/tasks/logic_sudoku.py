"""Mini sudoku (4x4 with 2x2 boxes, 6x6 with 2x3 boxes): fill the grid so every row, column and box
holds each digit once.

Cells are blanked only while the puzzle stays solvable by naked and hidden singles alone. That is
stronger than uniqueness (singles never guess, so the solution they reach is the only one), needs no
solver, and yields a worked solution made of steps a reader can check. The verifier accepts any grid
meeting all the constraints and keeping the givens.

>>> import random
>>> p = make_sudoku(random.Random(0), 1)
>>> len(p.answer), all(len(row) == 4 for row in p.answer)
(4, True)
"""

from __future__ import annotations

import random

from rlvr.tasks.base import Problem

__all__ = ["make_sudoku", "solve_by_singles", "units"]

# difficulty -> (box rows, box cols, blanks wanted)
SHAPES = {1: (2, 2, 6), 2: (2, 2, 10), 3: (2, 3, 14), 4: (2, 3, 20), 5: (2, 3, 26)}


def units(br: int, bc: int) -> list[list[tuple[int, int]]]:
    """Rows, columns and boxes as lists of cells."""
    n = br * bc
    rows = [[(r, c) for c in range(n)] for r in range(n)]
    cols = [[(r, c) for r in range(n)] for c in range(n)]
    boxes = [[(r0 + r, c0 + c) for r in range(br) for c in range(bc)] for r0 in range(0, n, br) for c0 in range(0, n, bc)]
    return rows + cols + boxes


def _full_grid(rng: random.Random, br: int, bc: int) -> list[list[int]]:
    n = br * bc
    base = [[(bc * (r % br) + r // br + c) % n + 1 for c in range(n)] for r in range(n)]
    digits = list(range(1, n + 1))
    rng.shuffle(digits)
    bands = rng.sample(range(n // br), n // br)
    rows = [b * br + r for b in bands for r in rng.sample(range(br), br)]
    stacks = rng.sample(range(n // bc), n // bc)
    cols = [s * bc + c for s in stacks for c in rng.sample(range(bc), bc)]
    return [[digits[base[r][c] - 1] for c in cols] for r in rows]


def solve_by_singles(grid: list[list[int]], br: int, bc: int) -> tuple[list[list[int]], list[str]]:
    """Fill cells by naked singles (one candidate left) and hidden singles (one place left in a unit).

    Returns the grid as far as singles get and the steps taken; 0 marks a cell still blank.
    """
    n = br * bc
    g = [row[:] for row in grid]
    us = units(br, bc)
    steps: list[str] = []

    def cands(r: int, c: int) -> set[int]:
        seen = {g[rr][cc] for u in us if (r, c) in u for rr, cc in u}
        return set(range(1, n + 1)) - seen

    progress = True
    while progress:
        progress = False
        for r in range(n):
            for c in range(n):
                if g[r][c] == 0 and len(cs := cands(r, c)) == 1:
                    g[r][c] = cs.pop()
                    steps.append(f"row {r + 1}, column {c + 1}: only {g[r][c]} fits (row, column and box hold the rest).")
                    progress = True
        for ui, u in enumerate(us):
            for d in range(1, n + 1):
                if any(g[r][c] == d for r, c in u):
                    continue
                spots = [(r, c) for r, c in u if g[r][c] == 0 and d in cands(r, c)]
                if len(spots) == 1:
                    r, c = spots[0]
                    g[r][c] = d
                    kind = ("row", "column", "box")[ui // n]
                    steps.append(f"row {r + 1}, column {c + 1}: the only place for {d} in its {kind}.")
                    progress = True
    return g, steps


def make_sudoku(rng: random.Random, difficulty: int) -> Problem:
    """A mini sudoku whose blanks singles can fill; the answer is its (unique) solution."""
    br, bc, want = SHAPES[difficulty]
    n = br * bc
    solution = _full_grid(rng, br, bc)
    puzzle = [row[:] for row in solution]
    cells = [(r, c) for r in range(n) for c in range(n)]
    rng.shuffle(cells)
    blanks = 0
    for r, c in cells:
        if blanks == want:
            break
        keep, puzzle[r][c] = puzzle[r][c], 0
        if solve_by_singles(puzzle, br, bc)[0] == solution:
            blanks += 1
        else:
            puzzle[r][c] = keep
    _, steps = solve_by_singles(puzzle, br, bc)
    shown = "\n".join(" ".join(str(v) if v else "." for v in row) for row in puzzle)
    rows = ["".join(map(str, row)) for row in solution]
    prompt = (
        f"Fill in this {n}x{n} sudoku: every row, every column and every {br}x{bc} box (boxes are {br} rows tall and {bc}"
        f" columns wide, starting at the top-left) must contain each digit 1-{n} exactly once. '.' marks an empty cell.\n"
        f"{shown}\n"
        f"Answer format: 'Final answer:' followed by the {n} rows of the completed grid from top to bottom, each as {n}"
        f" digits, separated by '/', e.g. 'Final answer: {'/'.join(['1' * n] * 2)}/...'."
    )
    text = "Fill the empty cells one at a time:\n" + "\n".join(f"- {s}" for s in steps)
    text += "\nThe completed grid:\n" + "\n".join(rows) + f"\nFinal answer: {'/'.join(rows)}"
    return Problem(canonical="/".join("".join(map(str, row)) for row in puzzle), prompt=prompt, answer=rows, solution=text,
                   meta={"box": [br, bc], "givens": ["".join(map(str, row)) for row in puzzle]})
