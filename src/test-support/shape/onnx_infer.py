"""Reference shapes from onnx.shape_inference for the shape-inference comparison tests.

Reads a JSON list of model paths on stdin and prints one JSON object on stdout:
{path: {"types": {tensor: [elem_type, dims or null]}, "expected": {output: dims}, "error": message}}
for every input, value_info and output of each main graph and of the graphs nested in it. dims entries
are ints (dim_value), strings (dim_param) or null. With --strip, the declared value_info and output types of the main graph are removed
before inference, so that what is compared is inferred on both sides. "expected" holds the dims of the
reference outputs stored beside node tests (test_data_set_0/output_*.pb), when there are any.
Run with /usr/bin/python3 (Debian python3-onnx).
"""
import json
import os
import sys

import onnx
from onnx import shape_inference


def dims_of(tensor_type):
    if not tensor_type.HasField("shape"):
        return None
    dims = []
    for d in tensor_type.shape.dim:
        if d.HasField("dim_value"):
            dims.append(d.dim_value)
        elif d.HasField("dim_param"):
            dims.append(d.dim_param)
        else:
            dims.append(None)
    return dims


def graphs_in(graph):
    """The graph and every graph nested in its nodes' attributes (If branches, Loop/Scan bodies)."""
    yield graph
    for node in graph.node:
        for a in node.attribute:
            if a.HasField("g"):
                yield from graphs_in(a.g)
            for g in a.graphs:
                yield from graphs_in(g)


def types_of(graph):
    """Tensor types of the main graph and its nested graphs; names declared in two graphs are left out."""
    out = {}
    ambiguous = set()
    for depth, g in enumerate(graphs_in(graph)):
        seen = {}
        for v in list(g.input) + list(g.value_info) + list(g.output):
            if v.type.HasField("tensor_type"):
                tt = v.type.tensor_type
                seen[v.name] = [tt.elem_type, dims_of(tt)]
        for name, entry in seen.items():
            if name in out and depth > 0:
                ambiguous.add(name)
            out[name] = entry
    for name in ambiguous:
        del out[name]
    return out


def strip(model):
    graph = model.graph
    del graph.value_info[:]
    for o in graph.output:
        if o.type.HasField("tensor_type"):
            o.type.tensor_type.elem_type = 0
            o.type.tensor_type.ClearField("shape")


def expected_outputs(path, graph):
    folder = os.path.join(os.path.dirname(path), "test_data_set_0")
    found = {}
    if not os.path.isdir(folder):
        return found
    for i, o in enumerate(graph.output):
        file = os.path.join(folder, "output_%d.pb" % i)
        if not os.path.exists(file) or not o.type.HasField("tensor_type"):
            continue
        t = onnx.TensorProto()
        with open(file, "rb") as f:
            t.ParseFromString(f.read())
        found[o.name] = list(t.dims)
    return found


def main():
    do_strip = "--strip" in sys.argv[1:]
    paths = json.load(sys.stdin)
    result = {}
    for path in paths:
        entry = {}
        try:
            model = onnx.load(path)
            entry["expected"] = expected_outputs(path, model.graph)
            if do_strip:
                strip(model)
            inferred = shape_inference.infer_shapes(model, strict_mode=False)
            entry["types"] = types_of(inferred.graph)
        except Exception as e:  # noqa: BLE001 - one bad model must not stop the run
            entry["error"] = str(e).splitlines()[0] if str(e) else type(e).__name__
        result[path] = entry
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
