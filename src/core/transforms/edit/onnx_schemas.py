# Prints, as JSON, what onnx.defs says about operators at given opsets: arity, attribute types, defaults
# and required flags. The edit catalogue test compares its ONNX catalogue with this independent source.
# Input (stdin): JSON list of [op, opset]. Output: {"op@opset": {...} or null}.
import json
import sys

import onnx
from onnx import defs

KIND = {v: k for k, v in onnx.AttributeProto.AttributeType.items()}


def describe(op, opset):
    try:
        s = defs.get_schema(op, opset)
    except Exception:
        return None
    attrs = {}
    for name, a in s.attributes.items():
        if name == "consumed_inputs":
            continue
        default = None
        if a.default_value.name:
            default = onnx.helper.get_attribute_value(a.default_value)
            if isinstance(default, bytes):
                default = default.decode()
            elif isinstance(default, list):
                default = [x.decode() if isinstance(x, bytes) else x for x in default]
        attrs[name] = {"type": KIND[a.type], "required": bool(a.required), "default": default}
    return {
        "since": s.since_version,
        "minInputs": s.min_input,
        "maxInputs": s.max_input,
        "minOutputs": s.min_output,
        "maxOutputs": s.max_output,
        "attributes": attrs,
    }


wanted = json.load(sys.stdin)
print(json.dumps({f"{op}@{opset}": describe(op, opset) for op, opset in wanted}))
