#!/usr/bin/env bash
# Fresh indexes built by TREE's code, then `yjs-qa eval` on every question set:
#   eval/tools/eval_all.sh TREE OUT [heldout]    (heldout: also the realdev held-out half)
# YJS_QA (default .venv/bin/yjs-qa) and REALDEV (default ../shared/realdev) can be set.
TREE=$(realpath "$1"); OUT=$(realpath -m "$2"); mkdir -p "$OUT"
Y=$(realpath "${YJS_QA:-.venv/bin/yjs-qa}"); RD=$(realpath "${REALDEV:-../shared/realdev}")
export PYTHONPATH=$TREE; cd "$TREE" || exit 1
[ -d "$OUT/idx" ] || $Y index build --corpus corpus --index "$OUT/idx" > "$OUT/build.log" 2>&1
[ -d "$OUT/idx-added" ] || { cp -r "$OUT/idx" "$OUT/idx-added"; $Y add eval/added --index "$OUT/idx-added" > "$OUT/add-added.log" 2>&1; }
[ -d "$OUT/idx-rd" ] || { cp -r "$OUT/idx" "$OUT/idx-rd"; $Y add "$RD" --index "$OUT/idx-rd" > "$OUT/add-rd.log" 2>&1; }
run() { $Y eval --index "$2" --questions "$3" --json > "$OUT/$1.json" 2> "$OUT/$1.err"; }
run gold "$OUT/idx" eval/questions.jsonl & run heldout "$OUT/idx" eval/heldout.jsonl; wait
run added "$OUT/idx-added" eval/added.jsonl & run rd-dev "$OUT/idx-rd" eval/realdev-dev.jsonl; wait
[ "$3" = heldout ] && run rd-heldout "$OUT/idx-rd" eval/realdev-heldout.jsonl
python3 - "$OUT" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(f)); a = d["by_mode"]["ask"]; nf = d["not_found"]
    print(f"{os.path.basename(f)[:-5]:11} ask {a['hit_at_5']:.3f}/{a['recall_at_10']:.3f}/{a['mrr_at_10']:.3f}"
          f"  no-answer {nf['no_answer_accuracy']:.3f} of {nf['no_answer_questions']}"
          f"  wrongly not found {nf['false_not_found']:.3f} of {nf['answerable_questions']}  wrong={nf['wrong']}")
PY
