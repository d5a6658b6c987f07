import type { ContentType } from "../schemas/application.ts";

// Magic numbers of the accepted types: the content must be what its declared type says.
const SIGNATURES: Record<ContentType, number[]> = {
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "image/jpeg": [0xff, 0xd8, 0xff],
};

export function matchesDeclaredType(head: Uint8Array, contentType: ContentType): boolean {
  const signature = SIGNATURES[contentType];
  return head.length >= signature.length && signature.every((byte, i) => head[i] === byte);
}

export function sniffType(head: Uint8Array): ContentType | undefined {
  return (Object.keys(SIGNATURES) as ContentType[]).find((t) => matchesDeclaredType(head, t));
}
