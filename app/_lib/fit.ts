/**
 * Zoom to fit, but never below the zoom at which node text stays readable: node titles are
 * 14 px and port labels 12 px, so at 0.92 they render at >= 12.9 px and >= 11 px. A pipeline
 * wider than the canvas at that zoom is panned, not shrunk into illegible text.
 */
export const READABLE_ZOOM = 0.92;
export const FIT_VIEW = { padding: 0.15, minZoom: READABLE_ZOOM, maxZoom: 1.1 } as const;
