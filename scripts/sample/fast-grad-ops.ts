// Training-time conv and max-pool for TF.js's pure-JS 'cpu' backend, as custom-gradient ops over plain
// loops.
//
// Why: that backend computes Conv2DBackpropFilter/Input and MaxPoolGrad with per-element buffer lookups,
// which made one epoch of the sample take ~400 s on 2 cores; rewriting the gradients with tfjs's own ops
// still spent most of the time in transposes and reductions (~50 s per epoch). These loops do the same
// maths (the generator checks this forward pass against the Keras model's own `predict`) and skip the
// zeros ReLU and max-pool leave behind. TF.js still owns the model, the autodiff tape and the optimizer.
import * as tf from '@tensorflow/tfjs';

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/**
 * 'valid', stride-1 convolution plus bias: NHWC input, HWIO kernel (Keras' Conv2D layout).
 * `needInputGrad` false skips the input gradient (the first layer reads the data, which needs none).
 */
export function convValid(x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D, needInputGrad = true): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [kh, kw, kc, o] = kernel.shape;
  if (kc !== c) throw new Error(`convolution kernel reads ${kc} channels but the input has ${c}`);
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  const op = tf.customGrad((...args) => {
    const [xt, wt, bt, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    save([xt, wt]);
    const X = values(xt);
    const W = values(wt);
    const B = values(bt);
    const out = new Float32Array(n * oh * ow * o);
    for (let p = 0; p < n * oh * ow; p++) {
      const xo = p % ow;
      const y = Math.floor(p / ow) % oh;
      const b = Math.floor(p / (ow * oh));
      const ob = p * o;
      out.set(B, ob);
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const xb = ((b * h + y + i) * w + xo + j) * c;
          const wb = (i * kw + j) * c * o;
          for (let ch = 0; ch < c; ch++) {
            const xv = X[xb + ch]!;
            if (xv === 0) continue;
            const wc = wb + ch * o;
            for (let f = 0; f < o; f++) out[ob + f] = out[ob + f]! + xv * W[wc + f]!;
          }
        }
    }
    const gradFunc = (dyT: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const Xs = values(xs);
      const Ws = values(ws);
      const dY = values(dyT);
      const dX = new Float32Array(needInputGrad ? Xs.length : 0);
      const dW = new Float32Array(Ws.length);
      const dB = new Float32Array(o);
      for (let p = 0; p < n * oh * ow; p++) {
        const xo = p % ow;
        const y = Math.floor(p / ow) % oh;
        const b = Math.floor(p / (ow * oh));
        const db = p * o;
        let any = false;
        for (let f = 0; f < o; f++) {
          const g = dY[db + f]!;
          if (g !== 0) any = true;
          dB[f] = dB[f]! + g;
        }
        if (!any) continue; // ReLU and pooling zero most gradient rows.
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const xb = ((b * h + y + i) * w + xo + j) * c;
            const wb = (i * kw + j) * c * o;
            for (let ch = 0; ch < c; ch++) {
              const wc = wb + ch * o;
              const xv = Xs[xb + ch]!;
              // dW[i,j,ch,f] += X[b,y+i,x+j,ch]·dY[b,y,x,f]
              if (xv !== 0) for (let f = 0; f < o; f++) dW[wc + f] = dW[wc + f]! + xv * dY[db + f]!;
              if (!needInputGrad) continue;
              // dX[b,y+i,x+j,ch] += Σ_f dY[b,y,x,f]·W[i,j,ch,f]
              let s = 0;
              for (let f = 0; f < o; f++) s += dY[db + f]! * Ws[wc + f]!;
              dX[xb + ch] = dX[xb + ch]! + s;
            }
          }
      }
      const dx = needInputGrad ? tf.tensor4d(dX, xs.shape) : tf.zerosLike(xs);
      return [dx, tf.tensor4d(dW, ws.shape), tf.tensor1d(dB)];
    };
    return { value: tf.tensor4d(out, [n, oh, ow, o]), gradFunc };
  });
  return op(x, kernel, bias) as tf.Tensor4D;
}

/** size×size max pooling with stride size, 'valid' (trailing rows/columns dropped), NHWC. */
export function maxPool(x: tf.Tensor4D, size: number): tf.Tensor4D {
  const op = tf.customGrad((...args) => {
    const [xt] = args as [tf.Tensor4D];
    const [n, h, w, c] = xt.shape;
    const oh = Math.floor(h / size);
    const ow = Math.floor(w / size);
    const src = values(xt);
    const out = new Float32Array(n * oh * ow * c);
    // Flat input index of each output's maximum (the first one on ties, as tf.maxPool's gradient does).
    const from = new Int32Array(out.length);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++)
          for (let ch = 0; ch < c; ch++) {
            let bestAt = ((b * h + y * size) * w + xo * size) * c + ch;
            for (let dy = 0; dy < size; dy++)
              for (let dx = 0; dx < size; dx++) {
                const at = ((b * h + y * size + dy) * w + xo * size + dx) * c + ch;
                if (src[at]! > src[bestAt]!) bestAt = at;
              }
            const o = ((b * oh + y) * ow + xo) * c + ch;
            out[o] = src[bestAt]!;
            from[o] = bestAt;
          }
    const gradFunc = (dyT: tf.Tensor4D) => {
      const dy = values(dyT);
      const dx = new Float32Array(n * h * w * c);
      for (let o = 0; o < from.length; o++) {
        const at = from[o]!;
        dx[at] = dx[at]! + dy[o]!;
      }
      return tf.tensor4d(dx, [n, h, w, c]);
    };
    return { value: tf.tensor4d(out, [n, oh, ow, c]), gradFunc };
  });
  return op(x) as tf.Tensor4D;
}
