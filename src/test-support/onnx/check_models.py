#!/usr/bin/python3
"""Runs onnx.checker.check_model over many ONNX files in one process (Python startup and `import onnx`
cost more than the checks themselves).

Usage: check_models.py LIST_FILE   (one model path per line)
Prints one JSON object on stdout: {"onnx_version": "...", "results": {path: null | "error message"}}.
"""
import json
import sys


def main() -> int:
    try:
        import onnx
        import onnx.checker
    except ImportError as error:  # python3-onnx absent: the caller skips with this reason
        print(json.dumps({"unavailable": str(error)}))
        return 0
    with open(sys.argv[1], encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    results = {}
    for path in paths:
        try:
            # By path, so the checker also resolves external data files next to the model.
            onnx.checker.check_model(path)
            results[path] = None
        except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
            results[path] = f"{type(error).__name__}: {error}"
    print(json.dumps({"onnx_version": onnx.__version__, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
