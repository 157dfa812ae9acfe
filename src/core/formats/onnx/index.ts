// Placeholder until the ONNX reader/writer lands (owned by the ONNX format work).
import { ModelFormatError } from '../../errors';
import type { ModelFormat } from '../format';

export const onnxFormat: ModelFormat = {
  id: 'onnx',
  name: 'ONNX',
  extensions: ['.onnx'],
  match: () => false,
  read: () => {
    throw new ModelFormatError('unsupported', 'ONNX reading is not implemented yet');
  },
  write: () => {
    throw new ModelFormatError('unsupported', 'ONNX writing is not implemented yet');
  },
};
