#!/bin/bash
# Every fine-tuning of the encoder on one lent GPU, 8 at a time (stop 39: 30 runs in about 4 minutes on an H200).
# Here, first:  python scripts/encoder_base.py BGE.jar DIR && python -m nlp.training.encoder_training export DIR
#               (export-posts DIR too for the posts' sentiment), then
#               python -m nlp.training.encoder_training for-device DIR .gpu      (.gpu/ in .git/info/exclude)
#   (the working tree that travels is at most 64 MiB: move models/ipwatch-zh-risk/model.safetensors and
#   encoder/model.safetensors out of the tree for the run and back after it)
# There:        bash scripts/encoder_gpu.sh .gpu      (device run, carry [".gpu"]; results in $OUT, files of at most 16 MiB)
# JOBS lists task:seed[:epochs:lr] (task matters|posts|both); each runs folds 0-4 and everything (-1); the first
# job of each task:epochs:lr saves its weights from the run on everything. Default recipe: posts 3 epochs at 5e-5
# (stop 40), else 4 at 8e-5.
# A smoke test on a CPU: JOBS="posts:0" PAR=2 EXTRA="--device cpu --limit 32" bash scripts/encoder_gpu.sh DIR
# Back here:    nlp.training.encoder_training.package(...) with the full run's weights and the fold runs' readings.
set -u
dir=${1:-.gpu}; jobs_=${JOBS:-"matters:0 matters:1"}; par=${PAR:-8}; out=${OUT:-$dir/out}
mkdir -p "$dir/res" "$out"; export OMP_NUM_THREADS=2 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
deadline=$(( $(date +%s) + ${DEADLINE:-420} ))
saved=" "
for spec in $jobs_; do
  IFS=: read -r task s ep lr <<< "$spec"
  recipe=""; [ "$task" = posts ] && recipe="--epochs 3 --lr 5e-5"
  [ -n "${ep:-}" ] && recipe="--epochs $ep --lr $lr"
  name="$task${ep:+_e${ep}_lr${lr}}"
  for f in -1 0 1 2 3 4; do
    while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do sleep 1; done
    [ "$(date +%s)" -ge $((deadline - 90)) ] && break 2
    save=""
    if [ "$f" = -1 ]; then
      case "$saved" in *" $name "*) ;; *) save="--save $out/${name}_s$s"; saved="$saved$name ";; esac
    fi
    timeout $(( deadline - $(date +%s) )) python3 -m nlp.training.encoder_training fine-tune "$dir" --task "$task" \
      --fold "$f" --seed "$s" --out "$dir/res/${name}_s${s}_f${f}.npz" $recipe $save ${EXTRA:-} >> "$dir/res/log.txt" 2>&1 &
  done
done
wait
python3 - "$dir" "$out" <<'PY'
import glob, os, sys
import numpy as np
res = {}
for f in glob.glob(os.path.join(sys.argv[1], "res", "*.npz")):
    k, d = os.path.basename(f)[:-4], np.load(f)
    res.update({f"{k}_{name}": d[name] for name in d.files})
np.savez_compressed(os.path.join(sys.argv[2], "readings.npz"), **res)
print(len(glob.glob(os.path.join(sys.argv[1], "res", "*.npz"))), "runs packed")
PY
grep -v Warning "$dir/res/log.txt" | tail -5
