#!/usr/bin/env bash
# Fresh indexes built by TREE's code, then `yjs-qa eval` on every question set:
#   eval/tools/eval_all.sh TREE OUT [heldout]    (heldout: also the realdev held-out half)
# YJS_QA (default .venv/bin/yjs-qa), REALDEV and REALDEV2 (default ../shared/realdev, realdev2) can be set.
# Then the rating questions' answers (eval/tools/rating_answers.py) on the realdev sets, totals only.
TREE=$(realpath "$1"); OUT=$(realpath -m "$2"); mkdir -p "$OUT"
Y=$(realpath "${YJS_QA:-.venv/bin/yjs-qa}"); RD=$(realpath "${REALDEV:-../shared/realdev}")
RD2=$(realpath "${REALDEV2:-../shared/realdev2}"); PY=$(dirname "$Y")/python
export PYTHONPATH=$TREE; cd "$TREE" || exit 1
[ -d "$OUT/idx" ] || $Y index build --corpus corpus --index "$OUT/idx" > "$OUT/build.log" 2>&1
[ -d "$OUT/idx-added" ] || { cp -r "$OUT/idx" "$OUT/idx-added"; $Y add eval/added --index "$OUT/idx-added" > "$OUT/add-added.log" 2>&1; }
[ -d "$OUT/idx-rd" ] || { cp -r "$OUT/idx" "$OUT/idx-rd"; $Y add "$RD" --index "$OUT/idx-rd" > "$OUT/add-rd.log" 2>&1; }
[ -d "$OUT/idx-rd2" ] || { cp -r "$OUT/idx" "$OUT/idx-rd2"; $Y add "$RD2" --index "$OUT/idx-rd2" > "$OUT/add-rd2.log" 2>&1; }
run() { $Y eval --index "$2" --questions "$3" --json > "$OUT/$1.json" 2> "$OUT/$1.err"; }
run gold "$OUT/idx" eval/questions.jsonl & run heldout "$OUT/idx" eval/heldout.jsonl; wait
run added "$OUT/idx-added" eval/added.jsonl & run rd-dev "$OUT/idx-rd" eval/realdev-dev.jsonl; wait
run rd2-dev "$OUT/idx-rd2" eval/realdev2-dev.jsonl
[ "$3" = heldout ] && { run rd-heldout "$OUT/idx-rd" eval/realdev-heldout.jsonl & run rd2-heldout "$OUT/idx-rd2" eval/realdev2-heldout.jsonl; wait; }
python3 - "$OUT" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(f)); a = d["by_mode"]["ask"]; nf = d["not_found"]
    print(f"{os.path.basename(f)[:-5]:11} ask {a['hit_at_5']:.3f}/{a['recall_at_10']:.3f}/{a['mrr_at_10']:.3f}"
          f"  no-answer {nf['no_answer_accuracy']:.3f} of {nf['no_answer_questions']}"
          f"  wrongly not found {nf['false_not_found']:.3f} of {nf['answerable_questions']}  wrong={nf['wrong']}")
PY
answers() { [ -f "$TREE/eval/$2" ] && echo "$1 $($PY "$TREE/eval/tools/rating_answers.py" "$3" "$TREE/eval/$2" --counts-only 2>/dev/null | tail -1)"; }
answers rd-dev realdev-dev.jsonl "$OUT/idx-rd"; answers rd2-dev realdev2-dev.jsonl "$OUT/idx-rd2"
if [ "$3" = heldout ]; then
  answers rd-heldout realdev-heldout.jsonl "$OUT/idx-rd"; answers rd2-heldout realdev2-heldout.jsonl "$OUT/idx-rd2"
fi
