import { LIMITS } from '@pneumatic/contracts';
import type { Readable } from 'node:stream';
import sharp from 'sharp';

/** Decoding bombs stop here: about 40 megapixels (e.g. 8000 × 5000). */
const MAX_INPUT_PIXELS = 40_000_000;

export interface ImageFacts {
  /** As displayed, after the EXIF orientation. */
  readonly width: number;
  readonly height: number;
}

export interface ImageRendering {
  readonly facts: ImageFacts;
  /** The WebP rendering, as a stream. */
  readonly output: Readable;
}

/** The image could not be decoded (its magic number promised an image, the rest did not keep the promise). */
export class UnreadableImageError extends Error {}

/**
 * Reads an image from a stream once, and renders it as WebP: a thumbnail fits inside `box` × `box` and is never
 * enlarged; an avatar covers `box` × `box`, cropped to fill. GIFs give their first frame.
 */
export async function renderWebp(input: Readable, mode: 'thumbnail' | 'avatar'): Promise<ImageRendering> {
  const image = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  input.on('error', (error) => image.destroy(error));
  input.pipe(image);
  let facts: ImageFacts;
  try {
    const metadata = await image.metadata();
    const oriented = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
    if (!oriented.width || !oriented.height) throw new Error('no dimensions');
    facts = { width: oriented.width, height: oriented.height };
  } catch (error) {
    throw new UnreadableImageError(error instanceof Error ? error.message : String(error));
  }
  const box = mode === 'thumbnail' ? LIMITS.thumbnailPixels : LIMITS.avatarPixels;
  const output = image
    .clone()
    .autoOrient()
    .resize(box, box, mode === 'thumbnail' ? { fit: 'inside', withoutEnlargement: true } : { fit: 'cover', position: 'attention' })
    .webp({ quality: mode === 'thumbnail' ? 78 : 82 });
  return { facts, output };
}
