#!/bin/bash
# Reruns the comparison of docs/training.md ("What is optimised, and how it compares with the authors'
# code"): N = 100, d = 10, 10,000 steps, seeds 0, 1, 2, both loss forms and both row modes; one line per
# run with the final t, b_rel, the exact verified margin m* and the mean loss.
# Usage: bash scripts/training_issue_table.sh [path/to/constel]   (default build/constel; needs python3)
set -e
B=${1:-build/constel}
T=$(mktemp -d)
run() { # label, args
  for s in 0 1 2; do
    $B train --seed $s -o $T/o.npz --json $2 > $T/j.json 2>/dev/null
    python3 -c "
import json; j=json.load(open('$T/j.json'))
print('%-40s seed %d  t %.2f  b_rel %.4f  m* %.4f  loss %.3g  constellation %s' % ('$1', $s, j['t'], j['b_rel'], float(j['margin_decimal']), j['loss'], j['constellation']))"
  done
}
for form in softplus bce-eps; do
  for rows in normalized-in-loss projected; do
    run "rb from (10,0) $form $rows" "--loss $form --rows $rows"
    run "bias from (10,0) $form $rows" "--param bias --loss $form --rows $rows"
    run "b_rel=0.8 fixed $form $rows" "--b-rel 0.8 --fix-b-rel --loss $form --rows $rows"
    run "b_rel=1.0 fixed $form $rows" "--b-rel 1 --fix-b-rel --loss $form --rows $rows"
    run "t=200,b=0 fixed $form $rows" "--t 200 --fix-t --b 0 --fix-b --loss $form --rows $rows"
  done
done
rm -rf $T
