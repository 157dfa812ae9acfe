// The per-layer charts of the charts dock as files for the bundle: each recharts <svg> serialized with the
// styles it is drawn with (so it looks the same outside the page), and rasterized to a PNG.
import type { InputFile } from '../../../workers/protocol';

/** A chart found in the page, as files. */
export interface CapturedChart {
  /** The chart's caption ("Activation memory"). */
  readonly title: string;
  /** `memory.svg`, `memory.png`, … */
  readonly files: readonly InputFile[];
}

// What a chart's look depends on: presentation properties copied from the computed style onto each element.
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
// PNGs are drawn at twice the on-screen size, for slides and reports.
const PNG_SCALE = 2;

// The band above the chart naming it (the chart's title, then the model's file) and the least width a file
// gets so both lines fit, in px.
const TITLE_BAND = 36;
const MIN_WIDTH = 240;

/**
 * Copies the computed presentation properties of `source` and its descendants onto `target` (a clone), each
 * only where it differs from what the element inherits: the file looks as drawn, without the page's CSS.
 */
function inlineStyles(source: Element, target: Element, inherited: ReadonlyMap<string, string>): void {
  const style = getComputedStyle(source);
  const own = new Map<string, string>();
  const parts: string[] = [];
  for (const property of STYLE_PROPERTIES) {
    const value = style.getPropertyValue(property);
    own.set(property, value);
    if (value !== '' && inherited.get(property) !== value) parts.push(`${property}:${value}`);
  }
  if (parts.length) target.setAttribute('style', parts.join(';'));
  const sources = source.children;
  const targets = target.children;
  for (let i = 0; i < sources.length && i < targets.length; i++) inlineStyles(sources[i]!, targets[i]!, own);
}

/**
 * A chart's <svg> as a standalone SVG file: on a white background, its title in a band above it, the
 * chart's styles inlined.
 */
export function serializeChart(
  svg: SVGSVGElement,
  title: string,
  subject: string,
): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const chartWidth = Math.max(1, Math.round(box.width || Number(svg.getAttribute('width')) || 1));
  const width = Math.max(chartWidth, MIN_WIDTH);
  const chartHeight = Math.max(1, Math.round(box.height || Number(svg.getAttribute('height')) || 1));
  const height = chartHeight + TITLE_BAND;
  const chart = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, chart, new Map());
  // Page-only attributes (focus, ARIA, classes) mean nothing in a file.
  for (const name of ['role', 'tabindex', 'class']) chart.removeAttribute(name);
  chart.setAttribute('x', '0');
  chart.setAttribute('y', String(TITLE_BAND));
  chart.setAttribute('width', String(chartWidth));
  chart.setAttribute('height', String(chartHeight));
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const titleElement = document.createElementNS(SVG_NS, 'title');
  titleElement.textContent = `${title} · ${subject}`;
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  const font = getComputedStyle(svg).fontFamily;
  const line = (text: string, y: number, style: string) => {
    const element = document.createElementNS(SVG_NS, 'text');
    element.setAttribute('x', '4');
    element.setAttribute('y', String(y));
    element.setAttribute('style', `font-family:${font};${style}`);
    element.textContent = text;
    return element;
  };
  root.append(
    titleElement,
    background,
    line(title, 14, 'font-size:12px;font-weight:600;fill:#0f172a'),
    line(subject, 28, 'font-size:10px;fill:#475569'),
    chart,
  );
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  return { text, width, height };
}

/** Draws SVG text into a PNG; undefined where the page cannot (no canvas). */
export async function rasterize(svgText: string, width: number, height: number): Promise<ArrayBuffer | undefined> {
  if (typeof Image === 'undefined' || typeof URL.createObjectURL !== 'function') return undefined;
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const w = Math.round(width * PNG_SCALE);
    const h = Math.round(height * PNG_SCALE);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d');
      if (!context) return undefined;
      context.drawImage(image, 0, 0, w, h);
      return await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
    }
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.drawImage(image, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    return blob ? await blob.arrayBuffer() : undefined;
  } catch {
    // A chart that cannot be drawn is left out as PNG; its SVG still goes in.
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const encoder = new TextEncoder();

/**
 * The charts the dock draws now (each `figure.sd-chart` with a chart test id and an <svg> inside), as SVG
 * and PNG files named after the chart (`chart-memory` → memory.svg, memory.png), titled with the chart's
 * caption and `subject` (the model's file name).
 */
export async function captureCharts(subject: string, root: ParentNode = document): Promise<CapturedChart[]> {
  const figures = [...root.querySelectorAll<HTMLElement>('.sd-dock figure.sd-chart[data-testid^="chart-"]')];
  const charts: CapturedChart[] = [];
  for (const figure of figures) {
    const svg = figure.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) continue;
    const id = figure.dataset.testid!.replace(/^chart-/, '');
    const caption = figure.querySelector('figcaption');
    // The caption's first text is the chart's name ("Activation memory"), before its buttons.
    const title = (caption?.firstChild?.textContent ?? caption?.textContent ?? id).trim() || id;
    const { text, width, height } = serializeChart(svg, title, subject);
    const files: InputFile[] = [{ name: `${id}.svg`, bytes: encoder.encode(text).buffer as ArrayBuffer }];
    const png = await rasterize(text, width, height);
    if (png) files.push({ name: `${id}.png`, bytes: png });
    charts.push({ title, files });
  }
  return charts;
}
