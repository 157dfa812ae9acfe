// Text reports of the weight transforms (prune, cluster) and of the other recipe steps, shared by
// `scaledown prune`, `scaledown cluster` and `scaledown optimize`: a compact per-layer table and totals.
import type {
  CleanupReport,
  ClusterLayerReport,
  ClusterReport,
  PruneLayerReport,
  PruneReport,
  QuantizeReport,
} from '../../core/index';
import { formatBytes, formatCount, formatMacs, formatShapeText, table } from '../text-format';

const percent = (v: number): string => `${(100 * v).toFixed(1)} %`;
const dB = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} dB` : 'exact');
const times = (v: number): string => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}×`;
const layerName = (l: { name: string; nodeId: string }): string => l.name || l.nodeId;

const METHOD_NAMES: Readonly<Record<PruneReport['method'], string>> = {
  magnitude: 'magnitude',
  'n-m': 'N:M',
  channels: 'structured (channels)',
};

function pruneRow(l: PruneLayerReport): string[] {
  const row = [layerName(l), l.op, l.tensor, formatShapeText(l.shape)];
  if (l.skipped !== undefined) return [...row, 'skipped', formatBytes(l.denseBytes), '-', '-'];
  return [...row, percent(l.sparsity), formatBytes(l.denseBytes), formatBytes(l.bitmaskBytes), formatBytes(l.csrBytes)];
}

// Structured pruning removes channels: the shape after, the channel counts and the bytes are what changed.
function channelRow(l: PruneLayerReport): string[] {
  const removed =
    l.channelsBefore !== undefined && l.channelsAfter !== undefined ? l.channelsBefore - l.channelsAfter : 0;
  return [
    layerName(l),
    l.op,
    l.tensor,
    formatShapeText(l.shape),
    l.skipped !== undefined ? 'skipped' : `${l.channelsBefore ?? '?'} → ${l.channelsAfter ?? '?'}`,
    l.skipped !== undefined ? '-' : String(removed),
    formatBytes(l.denseBytes),
  ];
}

/** Reasons layers were left alone that the report's own notes do not already give. */
function skipNotes(
  layers: readonly { name: string; nodeId: string; skipped?: string }[],
  notes: readonly string[],
): string[] {
  return layers
    .filter((l) => l.skipped !== undefined && !notes.some((n) => n.includes(l.skipped!)))
    .map((l) => `${layerName(l)} left alone: ${l.skipped}`);
}

/** Totals, the per-layer table and notes of a pruning. */
export function pruneText(report: PruneReport): string[] {
  const t = report.totals;
  const channels = report.method === 'channels';
  const lines: string[] = [];
  if (channels) {
    const pruned = report.layers.filter((l) => l.skipped === undefined);
    const before = pruned.reduce((n, l) => n + (l.channelsBefore ?? 0), 0);
    const after = pruned.reduce((n, l) => n + (l.channelsAfter ?? 0), 0);
    lines.push(
      `structured pruning: ${formatCount(before - after)} of ${formatCount(before)} output channels removed in ${pruned.length} layer(s)`,
    );
  } else
    lines.push(
      `${METHOD_NAMES[report.method]} pruning: ${formatCount(t.zeros)} of ${formatCount(t.elements)} weights zero ` +
        `(${percent(t.sparsity)}); stored dense ${formatBytes(t.denseBytes)}, as bitmask + values ` +
        `${formatBytes(t.bitmaskBytes)}, as CSR ${formatBytes(t.csrBytes)}`,
    );
  if (report.macsBefore !== undefined && report.macsAfter !== undefined) {
    const cut = report.macsBefore > 0 ? 1 - report.macsAfter / report.macsBefore : 0;
    lines.push(
      `MACs ${formatMacs(report.macsBefore)} → ${formatMacs(report.macsAfter)} (−${percent(cut)})` +
        (report.weightBytesBefore !== undefined && report.weightBytesAfter !== undefined
          ? `; weights ${formatBytes(report.weightBytesBefore)} → ${formatBytes(report.weightBytesAfter)}`
          : ''),
    );
  }
  if (report.peakActivationBytesBefore !== undefined && report.peakActivationBytesAfter !== undefined)
    lines.push(
      `peak activations ${formatBytes(report.peakActivationBytesBefore)} → ${formatBytes(report.peakActivationBytesAfter)}` +
        (report.arenaBytesBefore !== undefined && report.arenaBytesAfter !== undefined
          ? `; arena ${formatBytes(report.arenaBytesBefore)} → ${formatBytes(report.arenaBytesAfter)}`
          : ''),
    );
  if (report.layers.length)
    lines.push(
      '',
      channels
        ? table(
            [['layer', 'op', 'weight', 'shape', 'channels', 'removed', 'bytes'], ...report.layers.map(channelRow)],
            'lllllrr',
          )
        : table(
            [['layer', 'op', 'weight', 'shape', 'sparsity', 'dense', 'bitmask', 'CSR'], ...report.layers.map(pruneRow)],
            'llllrrrr',
          ),
    );
  const notes = [...skipNotes(report.layers, report.notes), ...report.notes];
  if (notes.length) lines.push('', ...notes.map((n) => `note: ${n}`));
  return lines;
}

function clusterRow(l: ClusterLayerReport): string[] {
  const s = l.size;
  const row = [layerName(l), l.op, formatShapeText(l.shape)];
  if (l.skipped !== undefined)
    return [...row, '-', '-', formatBytes(s.float32Bytes), '-', '-', '-', formatBytes(s.totalBytes), '-'];
  return [
    ...row,
    String(l.clusters),
    dB(l.sqnrDb),
    formatBytes(s.float32Bytes),
    `${formatBytes(s.indexBytes)} / ${formatBytes(s.huffmanIndexBytes)}`,
    s.positionBytes ? `${formatBytes(s.positionBytes)} / ${formatBytes(s.huffmanPositionBytes)}` : '-',
    formatBytes(s.codebookBytes),
    formatBytes(s.totalBytes),
    s.totalBytes > 0 ? times(s.float32Bytes / s.totalBytes) : '-',
  ];
}

/** Totals (the Deep Compression storage), the per-layer table and notes of a clustering. */
export function clusterText(report: ClusterReport): string[] {
  const t = report.totals;
  const lines = [
    `weight storage as Deep Compression counts it: ${formatBytes(t.float32Bytes)} as float32 → ` +
      `${formatBytes(t.totalBytes)} (${times(t.compressionRatio)}): Huffman-coded indices ` +
      `${formatBytes(t.huffmanIndexBytes)} (${formatBytes(t.indexBytes)} fixed-width), positions ` +
      `${formatBytes(t.huffmanPositionBytes)} (${formatBytes(t.positionBytes)}), codebooks ${formatBytes(t.codebookBytes)}` +
      `, other constants as stored`,
  ];
  if (report.layers.length) {
    const header = [
      'layer',
      'op',
      'shape',
      'k',
      'SQNR',
      'float32',
      'indices / Huffman',
      'positions / Huffman',
      'codebook',
      'total',
      'ratio',
    ];
    lines.push('', table([header, ...report.layers.map(clusterRow)], 'lllrrrrrrrr', 48));
  }
  const notes = [...skipNotes(report.layers, report.notes), ...report.notes];
  if (notes.length) lines.push('', ...notes.map((n) => `note: ${n}`));
  return lines;
}

/** One line per clean-up pass that changed something, and the node counts. */
export function cleanupText(report: CleanupReport): string[] {
  const changed = report.passes.filter((p) => p.changed > 0);
  return [
    `clean-up: ${report.nodesBefore} → ${report.nodesAfter} nodes` +
      (changed.length ? `; ${changed.map((p) => `${p.pass} ${p.changed}`).join(', ')}` : '; nothing to change'),
    ...changed.flatMap((p) => p.details.slice(0, 8).map((d) => `  ${d}`)),
  ];
}

/** The totals of a quantization (its per-layer table is `scaledown quantize`'s). */
export function quantizeText(report: QuantizeReport): string[] {
  const t = report.totals;
  return [
    `${report.mode}: constants ${formatBytes(t.bytesBefore)} → ${formatBytes(t.bytesAfter)} (${percent(t.ratio)}); ` +
      `weight SQNR ${dB(t.weightSqnrDb)} (worst layer ${dB(t.minWeightSqnrDb)}); ${t.quantizedTensors} tensor(s) ` +
      `quantized, ${t.keptFloatTensors} kept in float` +
      (report.activations.length ? `; ${report.activations.length} activation(s) ${report.activations[0]!.dtype}` : ''),
    ...report.warnings.map((w) => `note: ${w}`),
  ];
}
