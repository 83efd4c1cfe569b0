/** Reads a Blob as base64 (without the data: prefix), as the contract's UploadSchema expects. */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : url);
    };
    reader.readAsDataURL(blob);
  });
}

export const ACCEPTED_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf'] as const;
export const ACCEPTED_MIME = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;

export function isAcceptedFile(file: { name: string; type: string }): boolean {
  const lower = file.name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext)) || (ACCEPTED_MIME as readonly string[]).includes(file.type);
}
