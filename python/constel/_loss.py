"""constel.loss: the certified sigmoid loss of given embeddings at given parameters (docs/loss.md)."""
from __future__ import annotations

from typing import Any, Optional

from . import _constel
from ._common import _Number, _as_matrix, _labels, _threads
from ._result import Result


def loss(U: Any, V: Any, *, t: _Number = None, b: _Number = None, b_rel: _Number = None,
         hf_logit_scale: _Number = None, hf_logit_bias: _Number = None, labels: Any = None,
         norm: str = "mean", form: str = "softplus", normalize: bool = False, optimal_b: bool = True,
         threads: Optional[int] = None, uint16_as: Optional[str] = None) -> Result:
    """The sigmoid loss of U, V at (t, b), certified: ``constel loss``.

    Arguments (the CLI's options, docs/loss.md):
      U, V:        the embedding matrices (N_u x d, N_v x d), anything ``verify`` takes.
      t with b or b_rel: the paper's parameters, exact numbers (logit = t <U,V> - b, b = t b_rel); or
      hf_logit_scale, hf_logit_bias: a Hugging Face checkpoint's (t = exp(S), b = -B).
      labels:      one integer per U row, the index of its V row (the pair is positive when it matches).
      norm:        "mean" (over the N_u N_v pairs; default) or "sum".
      form:        "softplus" (default) or "bce-eps" (the authors' -log(sigmoid + 1e-8), real-valued).
      normalize:   the loss of the cosines of the rows.
      optimal_b:   also the optimal b at t and an enclosure of inf_b L (one more pass).
      threads:     worker threads (None: all cores).

    Returns a Result with the keys of ``constel loss --json``: ``loss`` ({lo, hi, value,
    relative_accuracy}; lo <= exact loss <= hi), ``margin``, ``sandwich``, ``optimal_b``, ...
    """
    x, sx = _as_matrix(U, "U", uint16_as)
    y, sy = _as_matrix(V, "V", uint16_as)
    return Result(_constel.loss_arrays(x, sx, y, sy, _labels(labels), t, b, b_rel, hf_logit_scale, hf_logit_bias,
                                       str(norm), str(form), bool(normalize), bool(optimal_b), _threads(threads)))
