/** Below this zoom, edge labels and node names are hidden: unreadable there, and costly to draw. */
export const DETAIL_ZOOM = 0.45;
/** Below this zoom, big graphs are drawn on a canvas instead of as DOM nodes. */
export const OVERVIEW_ZOOM = 0.2;
/** Graphs with more nodes than this get the canvas overview when zoomed far out. */
export const OVERVIEW_MIN_NODES = 300;
