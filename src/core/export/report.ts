// report.md and report.json for one variant: summary, recipe, accuracy, memory plan, I/O, per-layer
// table. The figures are the analysis's own, so they equal what the studio and `scaledown inspect` show.
import type { Quantization } from '../ir/types';
import { crc32Hex } from './crc32';
import {
  accuracyLine,
  aFormat,
  arenaReserve,
  describeQuant,
  flashBytes,
  formatName,
  grouped,
  lineageLines,
  modelIo,
  shapeText,
  type IoTensor,
} from './describe';
import { tfliteOps, tflmResolver } from './tflm-ops';
import type { CArrayOptions, ExportSubject, TextFile } from './types';

/** Version of the report.json layout; raised when a field changes meaning or goes away. */
export const REPORT_VERSION = 1;

function quantJson(q: Quantization | undefined) {
  if (!q || q.scale.length === 0) return null;
  return { scale: q.scale, zeroPoint: q.zeroPoint, ...(q.axis !== undefined ? { axis: q.axis } : {}) };
}

function ioJson(t: IoTensor) {
  return { name: t.name, dtype: t.dtype, shape: t.shape ?? null, quantization: quantJson(t.quant) };
}

/** The report as data (what report.json holds). */
export function reportJson(subject: ExportSubject, options: CArrayOptions = {}) {
  const a = subject.analysis;
  const io = modelIo(subject);
  const isTflite = subject.model.format === 'tflite';
  return {
    reportVersion: REPORT_VERSION,
    generator: subject.generator ?? 'ScaleDown Studio',
    model: {
      file: subject.fileName,
      format: a.format,
      bytes: subject.bytes.length,
      crc32: crc32Hex(subject.bytes),
    },
    recipe: (subject.lineage ?? []).map((s) => ({ kind: s.kind, summary: s.summary })),
    summary: {
      format: a.format,
      inputs: io.inputs.map(ioJson),
      outputs: io.outputs.map(ioJson),
      nodeCount: a.nodeCount,
      ops: a.opsHistogram,
      params: a.params,
      weightBytes: a.weightBytes,
      macs: a.macs,
      peakActivationBytes: a.peakActivationBytes,
      arenaBytes: a.arenaBytes,
    },
    accuracy: subject.accuracy ?? null,
    memory: {
      activationDType: a.activationDType,
      peakActivationBytes: a.peakActivationBytes,
      peakStep: a.peakStep,
      arenaBytes: a.arenaBytes,
      unknownSizeTensors: a.unknownSizeTensors,
      arenaReserve: arenaReserve(subject, options),
      flashBytes: flashBytes(subject, options),
      timeline: a.timeline,
    },
    tflm: isTflite
      ? {
          resolver: tflmResolver(subject.model),
          unsupportedOps: tfliteOps(subject.model)
            .filter((o) => o.method === undefined)
            .map((o) => o.op),
        }
      : null,
    layers: a.layers.map((l) => ({
      name: l.name || l.nodeId,
      op: l.op,
      params: l.params,
      weightBytes: l.weightBytes,
      macs: l.macs,
      macsKnown: l.macsKnown,
      outputBytes: l.outputBytes,
      outputShapes: l.outputShapes.map((s) => s ?? null),
    })),
  };
}

/** The report.json layout. */
export type ReportJson = ReturnType<typeof reportJson>;

/** Text for a Markdown table cell: pipes escaped, HTML kept as text, one line. */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

function mdTable(head: readonly string[], rows: readonly (readonly string[])[], align: string): string[] {
  const rule = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, rule, ...rows].map((r) => `| ${r.join(' | ')} |`);
}

function reportMarkdown(subject: ExportSubject, options: CArrayOptions): string {
  const a = subject.analysis;
  const io = modelIo(subject);
  const arena = arenaReserve(subject, options);
  const name = mdCell(subject.fileName);
  const lines: string[] = [
    `# ${name}`,
    '',
    `${mdCell(subject.generator ?? 'ScaleDown Studio')} report of ${aFormat(subject)} model ` +
      `(${grouped(subject.bytes.length)} bytes, CRC-32 ${crc32Hex(subject.bytes)}).`,
    '',
    '## Summary',
    '',
    ...mdTable(
      ['figure', 'value'],
      [
        ['format', formatName(subject)],
        ['nodes', grouped(a.nodeCount)],
        ['params', grouped(a.params)],
        ['weight bytes', grouped(a.weightBytes)],
        ['MACs', grouped(a.macs)],
        ['peak activations (bytes)', grouped(a.peakActivationBytes)],
        ['arena, planned (bytes)', grouped(a.arenaBytes)],
        ['arena to reserve (bytes)', grouped(arena.totalBytes)],
        ['flash for the array (bytes)', grouped(flashBytes(subject, options))],
      ],
      'lr',
    ),
    '',
    '## Recipe',
    '',
    ...lineageLines(subject).map((l) => (/^\d+\./.test(l) ? mdCell(l) : `- ${mdCell(l)}`)),
    '',
    '## Accuracy',
    '',
    mdCell(accuracyLine(subject) ?? 'not measured'),
    '',
    '## Inputs and outputs',
    '',
    ...mdTable(
      ['', '#', 'name', 'dtype', 'shape', 'quantization'],
      [...io.inputs.map((t) => ['input', t] as const), ...io.outputs.map((t) => ['output', t] as const)].map(
        ([kind, t]) => [
          kind,
          String(t.index),
          mdCell(t.name),
          t.dtype,
          shapeText(t.shape),
          mdCell(describeQuant(t.quant)),
        ],
      ),
      'lrllll',
    ),
    '',
    '## Memory plan',
    '',
    `- Peak of live activations: ${grouped(a.peakActivationBytes)} bytes at step ${a.peakStep}` +
      (a.activationDType === 'int8' ? ' (activations counted as int8).' : '.'),
    `- Arena: ${grouped(a.arenaBytes)} bytes for a TFLM-style greedy-by-size plan (16-byte aligned buffers).`,
    `- Reserve ${grouped(arena.totalBytes)} bytes: the plan + ${grouped(arena.marginBytes)} margin ` +
      `(${arena.marginPercent} %)` +
      (arena.overheadBytes ? ` + ${grouped(arena.overheadBytes)} estimated TFLM bookkeeping (32-bit MCU).` : '.'),
  ];
  if (a.unknownSizeTensors)
    lines.push(`- ${a.unknownSizeTensors} activations have unknown sizes: the figures above are lower bounds.`);
  if (subject.model.format === 'tflite') {
    const resolver = tflmResolver(subject.model);
    lines.push('', '## TensorFlow Lite Micro', '', '```cpp', ...resolver.lines, '```');
  }
  lines.push(
    '',
    '## Layers',
    '',
    ...mdTable(
      ['#', 'name', 'op', 'params', 'weight bytes', 'MACs', 'output bytes', 'output shape'],
      a.layers.map((l, i) => [
        String(i),
        mdCell(l.name || l.nodeId),
        mdCell(l.op),
        grouped(l.params),
        grouped(l.weightBytes),
        l.macsKnown ? grouped(l.macs) : '?',
        grouped(l.outputBytes),
        l.outputShapes.map(shapeText).join(' '),
      ]),
      'rllrrrrl',
    ),
    '',
  );
  return lines.join('\n');
}

/** report.md and report.json for one variant; the arena and flash figures follow `options`, as the header's do. */
export function reportFiles(subject: ExportSubject, options: CArrayOptions = {}): TextFile[] {
  return [
    { name: 'report.md', text: reportMarkdown(subject, options) },
    { name: 'report.json', text: `${JSON.stringify(reportJson(subject, options), null, 2)}\n` },
  ];
}
