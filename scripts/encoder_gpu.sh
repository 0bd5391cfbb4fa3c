#!/bin/bash
# Every fine-tuning of the matter encoder on one lent GPU, 8 at a time (stop 39: 30 runs in about 4 minutes on an H200).
# Here, first:  python scripts/encoder_base.py BGE.jar .gpu && .venv/bin/python -m nlp.training.encoder_training export .gpu
#   (.gpu/ listed in .git/info/exclude; the working tree that travels is at most 64 MiB, so move
#   models/ipwatch-zh-risk/model.safetensors out of the tree for the run and back after it)
# There:        bash scripts/encoder_gpu.sh .gpu      (device run, carry [".gpu"]; results in $OUT, files of at most 16 MiB)
# A smoke test on a CPU: SEEDS=0 PAR=2 EXTRA="--device cpu --limit 32" bash scripts/encoder_gpu.sh DIR
# Back here:    nlp.training.encoder_training.package(...) with the full run's weights and the fold runs' readings.
set -u
dir=${1:-.gpu}; seeds=${SEEDS:-"0 1"}; par=${PAR:-8}; out=${OUT:-$dir/out}
mkdir -p "$dir/res" "$out"; export OMP_NUM_THREADS=2 PYTHONUNBUFFERED=1
deadline=$(( $(date +%s) + ${DEADLINE:-420} ))
for s in $seeds; do
  for f in 0 1 2 3 4 -1; do
    while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do sleep 1; done
    [ "$(date +%s)" -ge $((deadline - 90)) ] && break 2
    save=""; [ "$s" = "${seeds%% *}" ] && [ "$f" = -1 ] && save="--save $out/encoder_s$s"
    timeout $(( deadline - $(date +%s) )) python3 -m nlp.training.encoder_training fine-tune "$dir" --fold "$f" --seed "$s" \
      --out "$dir/res/s${s}_f${f}.npz" $save ${EXTRA:-} >> "$dir/res/log.txt" 2>&1 &
  done
done
wait
python3 - "$dir" "$out" <<'PY'
import glob, os, sys
import numpy as np
res = {}
for f in glob.glob(os.path.join(sys.argv[1], "res", "*.npz")):
    k, d = os.path.basename(f)[:-4], np.load(f)
    res.update({f"{k}_rows": d["rows"], f"{k}_uid": d["uid"], f"{k}_probs": d["probs"]})
np.savez_compressed(os.path.join(sys.argv[2], "readings.npz"), **res)
print(len(res) // 3, "runs packed")
PY
grep -v Warning "$dir/res/log.txt" | tail -5
