"""The dtype rule, as the statements say it: float32 or better passes for any floating input
(with one note when the dtype differs); `dtype` fails only for a non-floating result or one
coarser than both float32 and the inputs. bfloat16 inputs reach the learner as bfloat16."""

from __future__ import annotations

import pytest

from conftest import write
from sftkl.graders.engine import grade

NP = "# sftkl: problem=sft-loss track=numpy\nimport numpy as np\n"
TORCH = "# sftkl: problem=sft-loss track=torch\nimport torch\nimport torch.nn.functional as F\n"
SOFTMAX_TORCH = "# sftkl: problem=softmax track=torch\nimport torch\n"

HF_IDIOM = TORCH + """
def sft_loss(logits, labels, ignore_index=-100):
    logits = logits.float()  # transformers' ForCausalLMLoss
    V = logits.size(-1)
    labels = F.pad(labels, (0, 1), value=ignore_index)[:, 1:]
    total = F.cross_entropy(logits.reshape(-1, V), labels.reshape(-1), ignore_index=ignore_index, reduction="sum")
    return total / (labels != ignore_index).sum().clamp(min=1)
"""


def _notes(report):
    return [n.render("en") for n in report.notes if n.key.startswith("note.dtype")]


def test_the_float_idiom_passes_with_one_note_per_dtype_pair(tmp_path):
    report = grade(write(tmp_path / "s.py", HF_IDIOM), seed=3)
    assert report.verdict == "pass", [(c.id, c.status) for c in report.cases if not c.passed]
    notes = _notes(report)
    assert sum("returned float32 for float64 inputs" in n for n in notes) == 1
    assert not any("bfloat16" in n for n in notes)  # a float32 loss from bfloat16 logits is the norm


def test_a_numpy_float32_scalar_for_float64_inputs_passes(tmp_path):
    src = NP + """
def sft_loss(logits, labels, ignore_index=-100):
    x, y = logits[:-1].astype(np.float32), labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return np.float32(0.0)
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return np.float32(-lp[keep, y[keep]].mean())
"""
    report = grade(write(tmp_path / "s.py", src), seed=5)
    assert report.verdict == "pass"
    assert any("returned float32 for float64 inputs" in n for n in _notes(report))


def test_a_python_float_gets_no_dtype_note(tmp_path):
    src = NP + """
def sft_loss(logits, labels, ignore_index=-100):
    x, y = logits[:-1].astype(np.float64), labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return float(-lp[keep, y[keep]].mean())
"""
    report = grade(write(tmp_path / "s.py", src), seed=5)
    assert report.verdict == "pass" and _notes(report) == []


@pytest.mark.parametrize("cast, status", [("torch.float16", "dtype"), ("torch.bfloat16", "dtype"), ("torch.int64", "dtype")])
def test_a_result_coarser_than_float32_and_the_inputs_fails_dtype_naming_it(tmp_path, cast, status):
    src = SOFTMAX_TORCH + f"""
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True)).to({cast})
"""
    report = grade(write(tmp_path / "s.py", src), seed=2)
    by_id = {c.id: c for c in report.cases}
    case = by_id["axis-0"]  # float32 inputs
    assert case.status == status
    assert cast.split(".")[1] in case.message.render("en")
    if cast == "torch.bfloat16":
        assert by_id["bfloat16"].status == "pass"  # bfloat16 for bfloat16 inputs keeps the inputs' precision


def test_bfloat16_inputs_arrive_as_bfloat16_and_a_bfloat16_result_passes(tmp_path):
    src = SOFTMAX_TORCH + """
def softmax(x, dim=-1):
    h = x.float() if x.dtype == torch.bfloat16 else x  # bfloat16: compute in float32
    e = torch.exp(h - h.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
"""
    report = grade(write(tmp_path / "s.py", src), seed=4)
    assert report.verdict == "pass", [(c.id, c.status, c.message.render("en")) for c in report.cases if not c.passed]
    seen = SOFTMAX_TORCH + """
def softmax(x, dim=-1):
    if x.dtype == torch.bfloat16:
        raise TypeError("saw bfloat16")
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
"""
    report = grade(write(tmp_path / "t.py", seen), seed=4)
    assert [c.id for c in report.cases if not c.passed] == ["bfloat16"]
    assert report.diagnoses == ()
