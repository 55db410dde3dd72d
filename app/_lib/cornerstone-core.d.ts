// The subset of cornerstone-core 2.x the viewer uses (the package ships no types).
declare module 'cornerstone-core' {
  export interface CsImage {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => ArrayLike<number>;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    columnPixelSpacing: number;
    rowPixelSpacing: number;
    invert: boolean;
    sizeInBytes: number;
  }
  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: { windowWidth: number; windowCenter: number };
    hflip: boolean;
    vflip: boolean;
    rotation: number;
    pixelReplication: boolean;
  }
  export function enable(el: HTMLElement): void;
  export function disable(el: HTMLElement): void;
  export function registerImageLoader(scheme: string, loader: (imageId: string) => { promise: Promise<CsImage> }): void;
  export function loadImage(imageId: string): Promise<CsImage>;
  export function displayImage(el: HTMLElement, image: CsImage, viewport?: Partial<Viewport>): void;
  export function getViewport(el: HTMLElement): Viewport | undefined;
  export function setViewport(el: HTMLElement, vp: Partial<Viewport>): void;
  export function getDefaultViewportForImage(el: HTMLElement, image: CsImage): Viewport;
  export function pixelToCanvas(el: HTMLElement, pt: { x: number; y: number }): { x: number; y: number };
  export function resize(el: HTMLElement, fitToWindow?: boolean): void;
  export function reset(el: HTMLElement): void;
  export function updateImage(el: HTMLElement): void;
  export function getEnabledElement(el: HTMLElement): { canvas: HTMLCanvasElement; image?: CsImage };
  export const EVENTS: { IMAGE_RENDERED: string };
  const cornerstone: {
    enable: typeof enable; disable: typeof disable; registerImageLoader: typeof registerImageLoader; loadImage: typeof loadImage;
    displayImage: typeof displayImage; getViewport: typeof getViewport; setViewport: typeof setViewport;
    getDefaultViewportForImage: typeof getDefaultViewportForImage; pixelToCanvas: typeof pixelToCanvas; resize: typeof resize;
    reset: typeof reset; updateImage: typeof updateImage; getEnabledElement: typeof getEnabledElement; EVENTS: typeof EVENTS;
  };
  export default cornerstone;
}
