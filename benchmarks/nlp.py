"""Throughput of the shipped NLP model vs a BERT-base-Chinese-sized model on this machine.

    .venv/bin/python benchmarks/nlp.py [--threads 2] [--docs 512] [--base-docs 64]

Both read the same 128-character Chinese inputs (tokenizer + forward, batch 32, CPU); the shipped
model's forward includes its lexical head (hashing the raw texts) when the checkpoint has one. The
BERT-base-sized model (12 layers, hidden 768, vocab 21128, ~102M parameters) has random weights:
throughput does not depend on them. Each model runs in its own process so the peak resident
memory (ru_maxrss) printed is that model's alone. The whole analyzer is also timed on real short posts
(FinFE's development posts, where ../shared has them) with and without the posts encoder, which the
model asks for every text its register gate reads as a post.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _texts(n: int, length: int = 128) -> list[str]:
    from nlp.training.synth import generate

    items = [it["text"] for it in generate(4, seed=99)]
    out, i = [], 0
    while len(out) < n:
        t = ""
        while len(t) < length:
            t += items[i % len(items)]
            i += 1
        out.append(t[:length])
    return out


def _posts(n: int) -> list[dict[str, str]]:
    """Real investor-forum posts (FinFE development split), or none where ../shared is missing."""
    from nlp.training import corpora

    try:
        return [{"id": f"post-{i}", "title": "", "text": d.text} for i, d in enumerate(corpora.finfe("dev")[:n])]
    except OSError:
        return []


def _run(kind: str, model_dir: str, n_docs: int, threads: int, batch: int, q: mp.Queue) -> None:
    import torch

    torch.set_num_threads(threads)
    if kind == "shipped":
        from nlp.analyzer import load_model

        tok, model = load_model(Path(model_dir))
    else:
        from transformers import BertConfig, BertModel

        tok, _ = load_tokenizer_only(model_dir)
        cfg = BertConfig(vocab_size=21128, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                         intermediate_size=3072, max_position_embeddings=512)
        torch.manual_seed(0)
        model = BertModel(cfg).eval()
    params = sum(p.numel() for p in model.parameters())
    texts = _texts(n_docs)
    with torch.no_grad():
        enc = tok(texts[:batch], truncation=True, max_length=130, padding=True, return_tensors="pt")
        ids = enc["input_ids"].clamp(max=(21127 if kind != "shipped" else 10**9))
        # the shipped model also reads the raw texts (its late-fused lexical head, when it has one)
        extra = (lambda ts: {"texts": ts}) if kind == "shipped" else (lambda ts: {})
        model(input_ids=ids, attention_mask=enc["attention_mask"], **extra(texts[:batch]))  # warm-up
        t0 = time.perf_counter()
        tokens = 0
        for i in range(0, n_docs, batch):
            enc = tok(texts[i:i + batch], truncation=True, max_length=130, padding=True, return_tensors="pt")
            ids = enc["input_ids"].clamp(max=(21127 if kind != "shipped" else 10**9))
            tokens = ids.shape[1]
            model(input_ids=ids, attention_mask=enc["attention_mask"], **extra(texts[i:i + batch]))
        dt = time.perf_counter() - t0
    e2e, posts_rates = None, {}
    if kind == "shipped":  # the whole analyzer: entity matching, per-entity passes, dates, severity
        from ipwatch.watchlist import load_watchlist
        from nlp.analyzer import Analyzer

        an = Analyzer(Path(model_dir), load_watchlist(ROOT / "config" / "watchlist.yaml"), batch_size=batch)
        names = ["北京华信知识产权代理有限公司", "华兴银行股份有限公司"]
        arts = [{"id": str(i), "title": "", "text": names[i % 2] + t[:128 - 15]} for i, t in enumerate(texts)]
        an.analyze(arts[:batch])
        t1 = time.perf_counter()
        an.analyze(arts)
        e2e = n_docs / (time.perf_counter() - t1)
        posts = _posts(n_docs)
        if posts:
            reader = an.post_reader
            for name, r in (("posts_docs_per_s", reader), ("posts_docs_per_s_without_encoder", None)):
                an.post_reader = r
                an.analyze(posts[:batch])
                t1 = time.perf_counter()
                an.analyze(posts)
                posts_rates[name] = len(posts) / (time.perf_counter() - t1)
    q.put({"analyzer_docs_per_s": e2e, **posts_rates, "kind": kind, "docs": n_docs, "seconds": dt, "docs_per_s": n_docs / dt, "params": params,
           "seq_len": tokens, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def load_tokenizer_only(model_dir: str):
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()

    return AutoTokenizer.from_pretrained(model_dir), None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models" / "ipwatch-zh-risk"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--docs", type=int, default=512)
    ap.add_argument("--base-docs", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    results = {}
    for kind, n in (("shipped", args.docs), ("bert-base", args.base_docs)):
        q = ctx.Queue()
        p = ctx.Process(target=_run, args=(kind, args.model, n, args.threads, args.batch, q))
        p.start()
        results[kind] = q.get()
        p.join()
        r = results[kind]
        print(f"{kind:10s} {r['params'] / 1e6:7.1f}M params  {r['docs_per_s']:8.1f} docs/s  "
              f"({r['docs']} docs of 128 chars, {r['seq_len']} tokens, batch {args.batch}, {args.threads} threads)  "
              f"peak RSS {r['peak_rss_mb']:.0f} MB")
        if r.get("analyzer_docs_per_s"):
            print(f"{'':10s} whole analyzer (one watched entity per text): {r['analyzer_docs_per_s']:.1f} docs/s")
        if r.get("posts_docs_per_s"):
            print(f"{'':10s} whole analyzer on real posts: {r['posts_docs_per_s']:.1f} docs/s with the posts encoder, "
                  f"{r['posts_docs_per_s_without_encoder']:.1f} without "
                  f"({r['posts_docs_per_s'] / r['posts_docs_per_s_without_encoder']:.2f}x)")
    ratio = results["shipped"]["docs_per_s"] / results["bert-base"]["docs_per_s"]
    print(f"ratio shipped / BERT-base: {ratio:.1f}x (goal >= 10x)")
    print(json.dumps({"ratio": ratio, **results}))


if __name__ == "__main__":
    main()
