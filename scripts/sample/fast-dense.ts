// A training-time dense layer (x·kernel + bias) for TF.js's pure-JS 'cpu' backend, as a custom-gradient op
// over plain loops. Why: that backend's matMul runs at ~0.3 GMAC/s, which made one epoch of the LeNet sample
// take ~25 s. These loops do the same maths but skip the zeros MNIST digits (~80 % background) and ReLU
// leave behind, and skip the input gradient of the first layer. TF.js still owns the model, the tape and
// the optimizer; the generator checks the trained weights through Keras' own `predict`.
import * as tf from '@tensorflow/tfjs';

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** `x [n, k] · kernel [k, u] + bias [u]`; `needInputGrad` false skips dX (the data needs no gradient). */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, needInputGrad = true): tf.Tensor2D {
  const [n, k] = x.shape;
  const [kk, u] = kernel.shape;
  if (kk !== k) throw new Error(`dense kernel reads ${kk} values but the input has ${k}`);
  const op = tf.customGrad((...args) => {
    const [xt, wt, bt, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([xt, wt]);
    const X = values(xt);
    const W = values(wt);
    const B = values(bt);
    const out = new Float32Array(n * u);
    for (let i = 0; i < n; i++) {
      const ob = i * u;
      out.set(B, ob);
      for (let j = 0; j < k; j++) {
        const xv = X[i * k + j]!;
        if (xv === 0) continue;
        const wb = j * u;
        for (let f = 0; f < u; f++) out[ob + f] = out[ob + f]! + xv * W[wb + f]!;
      }
    }
    const gradFunc = (dyT: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const Xs = values(xs);
      const Ws = values(ws);
      const dY = values(dyT);
      const dX = new Float32Array(needInputGrad ? n * k : 0);
      const dW = new Float32Array(k * u);
      const dB = new Float32Array(u);
      for (let i = 0; i < n; i++) {
        const yb = i * u;
        for (let f = 0; f < u; f++) dB[f] = dB[f]! + dY[yb + f]!;
        for (let j = 0; j < k; j++) {
          const xv = Xs[i * k + j]!;
          const wb = j * u;
          if (xv !== 0) for (let f = 0; f < u; f++) dW[wb + f] = dW[wb + f]! + xv * dY[yb + f]!;
          if (needInputGrad) {
            let s = 0;
            for (let f = 0; f < u; f++) s += dY[yb + f]! * Ws[wb + f]!;
            dX[i * k + j] = s;
          }
        }
      }
      return [needInputGrad ? tf.tensor2d(dX, [n, k]) : tf.zerosLike(xs), tf.tensor2d(dW, [k, u]), tf.tensor1d(dB)];
    };
    return { value: tf.tensor2d(out, [n, u]), gradFunc };
  });
  return op(x, kernel, bias) as tf.Tensor2D;
}
